"""The three questions' results and the scorecard against the rounded snapshot in results/snapshot.json
(regenerate with `python scripts/snapshot_models.py` after a deliberate change, and say why in the commit)."""

import json
from pathlib import Path

import pytest

from coalitionlab.findings import scorecard

SNAPSHOT = json.loads((Path(__file__).parent / "results" / "snapshot.json").read_text())
TOL = 2e-3


def _close(a, b, what):
    if b is None:
        assert a != a or a is None, what
    else:
        assert a == pytest.approx(b, abs=TOL), what


@pytest.mark.parametrize("key", ["q1", "q2", "q3"])
def test_models_match_snapshot(fitted, key):
    snap = SNAPSHOT["models"][key]
    r = fitted[key]
    assert set(snap) - {"samples", "cv_auc"} == {"main", *r.variants}
    for name, s in snap.items():
        if name in ("samples", "cv_auc"):
            continue
        fit = r.model(name)
        assert fit.n == s["n"], name
        for term, v in s["coef"].items():
            _close(float(fit.params[term]), v, f"{key} {name} coef {term}")
            _close(float(fit.bse[term]), s["se"][term], f"{key} {name} se {term}")
        if s["ame"] is not None:
            ame = r.ames(name).set_index("term")
            for term, (est, low, high) in s["ame"].items():
                for col, v in zip(("ame", "ci_low", "ci_high"), (est, low, high), strict=True):
                    _close(float(ame.loc[term, col]), v, f"{key} {name} {col} {term}")
    assert json.loads(json.dumps(r.samples)) == snap["samples"]
    if "cv_auc" in snap:
        _close(r.cv.auc, snap["cv_auc"], "cv auc")


def test_scorecard_matches_snapshot(fitted, robust):
    card = scorecard(fitted, robust).table.set_index("id")
    for fid, s in SNAPSHOT["scorecard"].items():
        row = card.loc[fid]
        for part, sp in zip(row["parts"], s["parts"], strict=True):
            assert part["term"] == sp["term"]
            for col in ("estimate", "ci_low", "ci_high", "p_holm"):
                _close(part[col], sp[col], f"{fid} {sp['term']} {col}")
        assert (int(row["specs_held"]), int(row["specs_total"])) == (s["specs_held"], s["specs_total"]), fid
