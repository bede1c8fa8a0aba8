"""The main job (`coalitionlab demo` / `make demo`): build the data set, fit the models, score the findings,
and write everything into one folder. The report is assembled from the results' own summaries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coalitionlab.findings import robustness, scorecard
from coalitionlab.interventions.build import build_dataset, write_dataset
from coalitionlab.io import json_dumps, write_text
from coalitionlab.models import fit_all
from coalitionlab.report.summary import data_summary, summary_markdown, system_counts


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
    card = scorecard(reports, robustness(reports))
    written["models"] = write_text(out / "models.json", json_dumps({k: r.to_dict() for k, r in reports.items()}))
    written["findings"] = write_text(out / "findings.json", json_dumps(card.to_dict()))
    sections = [data.summary(), card.summary(), *(r.summary() for r in reports.values())]
    body = "\n".join(s.as_markdown(level=2) for s in sections)
    written["report"] = write_text(out / "report.md", "# coalitionlab: U.S. coalition interventions, 1946-2019\n\n"
                                   + body)
    return written
