"""The main job (`coalitionlab demo` / `make demo`): build the data set, fit the models, score the findings,
and write everything into one folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from coalitionlab.catalog.countries import country_table
from coalitionlab.findings import robustness, scorecard
from coalitionlab.interventions.build import build_dataset, write_dataset
from coalitionlab.interventions.partners import force_partners
from coalitionlab.io import json_dumps, write_text
from coalitionlab.models import fit_all
from coalitionlab.report.summary import data_summary, summary_markdown, system_counts


def _md_table(df: pd.DataFrame, floats: int = 3) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        cells = [f"{v:.{floats}f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run_main_job(out: Path, progress: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Run everything on the bundled data; returns the paths written."""
    step = progress or (lambda _m: None)
    out = Path(out)
    summary, counts = data_summary(), system_counts()
    written = {"data_summary": write_text(out / "data_summary.md", summary_markdown(summary, counts))}
    step("building the coalition intervention data set")
    data = build_dataset()
    write_dataset(data, out / "dataset")
    written["dataset"] = out / "dataset"
    step("fitting the models")
    reports = fit_all(data)
    step("scoring the findings and their robustness")
    rob = robustness(reports)
    card = scorecard(reports, rob)
    written["models"] = write_text(out / "models.json", json_dumps({k: r.to_dict() for k, r in reports.items()}))
    written["findings"] = write_text(out / "findings.json", json_dumps(card.to_dict(orient="records")))
    written["robustness"] = write_text(out / "robustness.json", json_dumps(rob.to_dict(orient="records")))
    parts = pd.DataFrame([{"id": r.id, "verdict": r.verdict, "robust": f"{int(r.specs_held)}/{int(r.specs_total)}"
                           + (" fragile" if r.fragile else ""), **{k: p[k] for k in
                                                                   ("term", "direction", "estimate", "ci_low",
                                                                    "ci_high", "p", "p_holm")},
                           "part verdict": p["verdict"]} for r in card.itertuples() for p in r.parts])
    iv = data.interventions
    names = dict(zip(country_table()["ccode"], country_table()["name"], strict=True))
    decade = iv.groupby(iv["start_year"] // 10 * 10).agg(interventions=("coalition", "size"),
                                                        coalitions=("coalition", "sum"),
                                                        share=("coalition", "mean")).reset_index()
    top = force_partners(data.partners)["ccode"].value_counts().head(15).rename_axis("ccode").reset_index(
        name="joined")
    top.insert(1, "state", top["ccode"].map(names))
    chk = data.tago_check()
    lines = [
        "# coalitionlab: U.S. coalition interventions, 1946-2019", "",
        f"{len(iv)} U.S. military interventions (MIP 2022), {int(iv.coalition.sum())} with at least one partner "
        "with forces "
        f"({iv.coalition.mean():.0%}); {len(data.partners)} partner rows, each with evidence "
        "(basing-only "
        f"{int((data.partners['role'] == 'basing').sum())}), {len(data.evidence_rejected)} records turned down by "
        "the evidence rules; "
        f"{len(data.candidates):,} candidate rows.", "",
        "## Coalitions by decade", "", _md_table(decade.rename(columns={"start_year": "decade"}), 2), "",
        "## The 15 most frequent partners", "", _md_table(top), "",
        "## Independent check against Tago (2005)", "",
        f"{chk['n_cases_matched']} of Tago's {chk['n_tago']} uses of force matched by hand to {chk['n_matched']} "
        f"interventions; agreement of the coalition flag {chk['agreement']:.0%}. See docs/tago_check.md.", "",
        "## Scorecard of RAND's findings", "",
        _md_table(card[["id", "implication", "verdict"]]), "",
        "Each part of each finding:", "", _md_table(parts), "",
        "Verdicts follow fixed rules: a part is supported when the 95% interval of the average marginal effect "
        "excludes 0 in the claimed direction, contrary when it excludes 0 in the other direction, not supported "
        "otherwise; F9 (no clear difference) is an equivalence test with a margin of 10 percentage points. p is "
        "two-sided (TOST for F9), p_holm Holm-adjusted over every part. Robust = alternative specifications in "
        "which the verdict holds (robustness.json lists them); fragile below 80%.",
        "",
    ]
    for r in reports.values():
        sample = r.samples["main"]
        dropped = ", ".join(f"{k} {v}" for k, v in sample["dropped_by_reason"].items()) or "none"
        imputed = ", ".join(f"{k} {v}" for k, v in sample.get("imputed_by_column", {}).items()) or "none"
        lines += [f"## {r.title}", "", f"{r.main.method}, N = {r.main.n} of {sample['rows']} rows; dropped: "
                  f"{dropped}; values imputed: {imputed}.", "",
                  _md_table(r.main.table()[["term", "coef", "se", "p", "ci_low", "ci_high"]]), "",
                  _md_table(pd.DataFrame([{"model": k, "used": v["used"], "dropped": v["dropped"],
                                           "why": ", ".join(f"{a} {b}" for a, b in v["dropped_by_reason"].items())
                                           or "-"} for k, v in r.samples.items()])), ""]
        if r.cv is not None:
            lines += [f"Grouped 5-fold cross-validation by intervention: AUC {r.cv.auc:.3f}, "
                      f"Brier {r.cv.brier:.4f}.", ""]
    written["report"] = write_text(out / "report.md", "\n".join(lines))
    return written
