"""The main job (`coalitionlab report` / `coalitionlab demo` / `make demo`): build the data set, fit the models,
score the findings, run the entanglement and forecast work, and write everything into one folder: the offline
HTML report (``index.html`` with ``assets/``, ``figures/*.svg``, ``tables/*.csv``), report.md, findings.json,
models.json and the data set. The report is assembled from the results' own summaries and ``to_dict()``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from coalitionlab import __version__
from coalitionlab.catalog.countries import members
from coalitionlab.catalog.registry import catalog
from coalitionlab.display import Summary
from coalitionlab.findings import robustness, scorecard
from coalitionlab.interventions.build import build_dataset, write_dataset
from coalitionlab.io import json_dumps, write_text
from coalitionlab.models import fit_all

TITLE = "coalitionlab: U.S. coalition interventions, 1946-2019"
COMMITMENTS_YEAR = 2018  # the last year of the ATOP-based commitments
SCENARIOS = {  # the worked forecasts (the same as examples/iraq_1990.yaml and examples/hypothetical_2026.yaml)
    "forecast_check": {"targets": ["Iraq"], "year": 1990, "igo": "un", "objective": ["policy change"],
                       "demand": "high"},
    "forecast_present": {"targets": ["Iran"], "year": 2026, "igo": "none",
                         "objective": "protect own forces or citizens", "demand": "medium"},
}
STEPS = ["building the coalition intervention data set", "fitting the models",
         "scoring the findings and their robustness", "entanglement: commitments and exposure",
         "entanglement: initiation models and findings E1-E7", "forecast: backtest", "forecast: worked examples",
         "writing the report"]


def _commitments() -> Any:
    from coalitionlab.entanglement import commitments

    return commitments(COMMITMENTS_YEAR)


def _exposure() -> Any:
    from coalitionlab.entanglement.exposure import exposure

    return exposure(COMMITMENTS_YEAR)


def _initiation() -> Any:
    from coalitionlab.entanglement import fit_initiation_models

    return fit_initiation_models()


def _efindings(initiation: Any) -> Any:
    from coalitionlab.findings.entanglement import entanglement_findings

    return entanglement_findings(initiation=initiation) if initiation is not None else entanglement_findings()


def _backtest(data: Any) -> Any:
    from coalitionlab.forecast import backtest

    return backtest(data)


def _forecast(key: str, data: Any) -> Any:
    from coalitionlab.forecast import forecast_partners, make_scenario

    return forecast_partners(make_scenario(**SCENARIOS[key]), data)


def _history(data: Any) -> Summary | None:
    """Who joined Operation Desert Shield in the data set: the check for the Iraq 1990 forecast."""
    iv = data.interventions
    hit = iv[iv["name"].str.contains("Desert Shield", na=False)]
    if hit.empty:
        return None
    from coalitionlab.catalog.countries import country_table

    names = dict(zip(country_table()["ccode"], country_table()["name"], strict=True))
    p = data.partners[data.partners["intervention_id"] == hit["intervention_id"].iloc[0]]
    t = p[["ccode", "role"]].assign(state=p["ccode"].map(names))[["state", "ccode", "role"]].sort_values("state")
    return Summary(f"History: the partners of {hit['intervention_id'].iloc[0]} {hit['name'].iloc[0]} in the "
                   "data set", facts=[("partner rows", len(t))]).add_table(t, "Partners and roles")


def _citations() -> Any:
    """How to cite coalitionlab, the RAND studies and every bundled data set."""
    from coalitionlab.catalog.cite import cite

    return cite([d.name for d in catalog().datasets]).summary()


def _audit() -> Any:
    raise NotImplementedError("the roster audit is a script and a document (scripts/audit_partners.py, "
                              "docs/audit.md), not yet a library result with summary()")


def _optional(results: dict, key: str, fn: Callable[[], Any]) -> None:
    """Compute one optional result; a failure (work not landed, a bug) is kept as the section's message."""
    try:
        results[key] = fn()
    except Exception as exc:  # noqa: BLE001 - a section says it is missing rather than break the report
        results[key] = None
        results["_errors"][key] = f"{type(exc).__name__}: {exc}"


def compute_results(step: Callable[[str], None]) -> dict[str, Any]:
    """Every result the report shows, computed once (one library call each)."""
    results: dict[str, Any] = {"_errors": {}}
    bundled = catalog().summary(files=True)
    bundled.add_fact("COW state system members", {y: len(members(y)) for y in (1946, 1990, 2016, 2024)})
    results["sources"] = bundled
    _optional(results, "citations", _citations)
    step(STEPS[0])
    data = results["data"] = build_dataset()
    step(STEPS[1])
    reports = results["reports"] = fit_all(data)
    step(STEPS[2])
    results["card"] = scorecard(reports, robustness(reports))
    step(STEPS[3])
    _optional(results, "commitments", _commitments)
    _optional(results, "exposure", _exposure)
    step(STEPS[4])
    _optional(results, "initiation", _initiation)
    _optional(results, "efindings", lambda: _efindings(results["initiation"]))
    results["card"].entanglement = results["efindings"]  # E1-E7 beside F1-F12 (findings.json, the scorecard)
    step(STEPS[5])
    _optional(results, "backtest", lambda: _backtest(data))
    step(STEPS[6])
    for key in SCENARIOS:
        _optional(results, key, lambda key=key: _forecast(key, data))
    _optional(results, "history", lambda: _history(data))
    _optional(results, "audit", _audit)
    return results


def run_main_job(out: Path, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run everything on the bundled data; returns the paths written (``html`` is the report)."""
    from coalitionlab.report.html import write_report
    from coalitionlab.report.sections import SECTIONS

    step = progress or (lambda _m: None)
    out = Path(out)
    results = compute_results(step)
    data, reports, card = results["data"], results["reports"], results["card"]
    written = {"data_summary": write_text(out / "data_summary.md", results["sources"].as_markdown())}
    write_dataset(data, out / "dataset")
    written["dataset"] = out / "dataset"
    written["models"] = write_text(out / "models.json", json_dumps({k: r.to_dict() for k, r in reports.items()}))
    written["findings"] = write_text(out / "findings.json", json_dumps(card.to_dict()))
    sections = [data.summary(), card.summary(), *(r.summary() for r in reports.values())]
    body = "\n".join(s.as_markdown(level=2) for s in sections)
    written["report"] = write_text(out / "report.md", f"# {TITLE}\n\n" + body)
    step(STEPS[7])
    page = [build(results) for _name, build in SECTIONS]
    try:
        from coalitionlab.catalog.cite import git_commit

        commit = git_commit() or "installed package"
    except Exception:  # noqa: BLE001 - the build line only
        commit = "unknown"
    info = (f"Built by coalitionlab {__version__} (commit {commit}) from the bundled data (`coalitionlab report`); "
            f"sections not available: {', '.join(s.title for s in page if s.missing) or 'none'}.")
    written.update(write_report(out, TITLE, page, info))
    written["missing"] = [s.title for s in page if s.missing]
    return written
