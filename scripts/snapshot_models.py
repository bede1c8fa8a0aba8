"""Write the rounded snapshot of the three questions' results and the scorecard that tests/models/test_snapshot.py
compares against: `python scripts/snapshot_models.py` (run it after a deliberate change of data or models, and
say in the commit why the numbers moved)."""

from __future__ import annotations

import json
from pathlib import Path

from coalitionlab.findings import robustness, scorecard
from coalitionlab.interventions import build_dataset
from coalitionlab.models import fit_all

OUT = Path(__file__).resolve().parents[1] / "tests" / "models" / "results" / "snapshot.json"


def _r(v: float) -> float | None:
    return None if v != v else round(float(v), 4)


def snapshot() -> dict:
    reports = fit_all(build_dataset())
    rob = robustness(reports)
    card = scorecard(reports, rob).table
    out: dict = {"models": {}, "scorecard": {}}
    for key, r in reports.items():
        models = {"main": r.main, **r.variants}
        out["models"][key] = {
            name: {"n": int(fit.n), "coef": {t: _r(v) for t, v in fit.params.items()},
                   "se": {t: _r(v) for t, v in fit.bse.items()},
                   "ame": ({row.term: [_r(row.ame), _r(row.ci_low), _r(row.ci_high)]
                            for row in r.ames(name).itertuples()} if r.ames(name) is not None else None)}
            for name, fit in models.items()}
        out["models"][key]["samples"] = r.samples
        if r.cv is not None:
            out["models"][key]["cv_auc"] = _r(r.cv.auc)
    for row in card.itertuples():
        out["scorecard"][row.id] = {
            "verdict": row.verdict, "specs_held": int(row.specs_held), "specs_total": int(row.specs_total),
            "parts": [{"term": p["term"], "estimate": _r(p["estimate"]), "ci_low": _r(p["ci_low"]),
                       "ci_high": _r(p["ci_high"]), "p_holm": _r(p["p_holm"]), "verdict": p["verdict"]}
                      for p in row.parts]}
    return out


if __name__ == "__main__":
    OUT.write_text(json.dumps(snapshot(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")
