"""The main job (`coalitionlab demo` / `make demo`): build the data set, fit the models, score the findings,
and write everything into one folder. The report is assembled from the results' own summaries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coalitionlab.catalog.countries import members
from coalitionlab.catalog.registry import catalog
from coalitionlab.findings import robustness, scorecard
from coalitionlab.interventions.build import build_dataset, write_dataset
from coalitionlab.io import json_dumps, write_text
from coalitionlab.models import fit_all


def run_main_job(out: Path, progress: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Run everything on the bundled data; returns the paths written."""
    step = progress or (lambda _m: None)
    out = Path(out)
    bundled = catalog().summary(files=True)
    bundled.add_fact("COW state system members", {y: len(members(y)) for y in (1946, 1990, 2016, 2024)})
    written = {"data_summary": write_text(out / "data_summary.md", bundled.as_markdown())}
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
