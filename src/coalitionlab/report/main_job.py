"""The main job (`coalitionlab report` / `coalitionlab demo` / `make demo`): build the data set, fit the models,
score the findings, run the entanglement and forecast work, and write everything into one folder: the offline
HTML report (``index.html`` with ``assets/``, ``figures/*.svg``, ``tables/*.csv``), report.md, findings.json,
models.json and the data set. The report is assembled from the results' own summaries and ``to_dict()``."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from coalitionlab import __version__
from coalitionlab.catalog.cite import bibtex_file_text, provenance, track_sources
from coalitionlab.catalog.countries import members
from coalitionlab.catalog.registry import catalog
from coalitionlab.display import Summary
from coalitionlab.findings import robustness, scorecard
from coalitionlab.interventions.build import write_dataset
from coalitionlab.interventions.cache import load_dataset
from coalitionlab.io import atomic_dir, json_dumps, write_text
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


def _audit(data: Any) -> Any:
    from coalitionlab.interventions.audit import partner_audit

    return partner_audit(data)


def _optional(results: dict, key: str, fn: Callable[[], Any]) -> None:
    """Compute one optional result; a failure (work not landed, a bug) is kept as the section's message."""
    try:
        results[key] = fn()
    except Exception as exc:  # noqa: BLE001 - a section says it is missing rather than break the report
        results[key] = None
        results["_errors"][key] = f"{type(exc).__name__}: {exc}"


def workers() -> int:
    """Processes for the main job: ``COALITIONLAB_WORKERS`` if set (1 runs everything in this process), else 2
    when the machine has two cores or more."""
    value = os.environ.get("COALITIONLAB_WORKERS", "").strip()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def _entanglement_lane() -> dict[str, Any]:
    """The entanglement results, which need nothing from the coalition data set: commitments, exposure, the
    initiation models and E1-E7. The initiation models' 1.4 million-row frame is dropped once E1-E7 are scored
    (the report shows the models, not the frame)."""
    out: dict[str, Any] = {"_errors": {}}
    with track_sources() as used, threadpool_limits(limits=1):
        _optional(out, "commitments", _commitments)
        _optional(out, "exposure", _exposure)
        _optional(out, "initiation", _initiation)
        _optional(out, "efindings", lambda: _efindings(out["initiation"]))
    if dataclasses.is_dataclass(out["initiation"]) and hasattr(out["initiation"], "frame"):
        out["initiation"] = dataclasses.replace(out["initiation"], frame=None)
    out["_sources"] = sorted(used)
    return out


def _backtest_lane(data: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"_errors": {}}
    with track_sources() as used, threadpool_limits(limits=1):
        _optional(out, "backtest", lambda: _backtest(data))
    out["_sources"] = sorted(used)
    return out


class _Lanes:
    """A second lane of work beside this process: a spawned worker process when ``parallel``, else the work runs
    here when its result is asked for (the same functions, the same order of results). A worker that dies or
    cannot take the work leaves the work to this process, so the job never fails for want of a second core."""

    def __init__(self, parallel: bool) -> None:
        self.pool = ProcessPoolExecutor(1, mp_context=get_context("spawn")) if parallel else None

    def submit(self, fn: Callable[..., dict], *args: Any) -> Callable[[], dict]:
        if self.pool is None:
            return lambda: fn(*args)
        try:
            future = self.pool.submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):
            return lambda: fn(*args)

        def result() -> dict:
            try:
                return future.result()
            except BrokenProcessPool:
                return fn(*args)

        return result

    def __enter__(self) -> _Lanes:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


def _merge(results: dict[str, Any], lane: dict[str, Any], sources: set[str]) -> None:
    results["_errors"].update(lane.pop("_errors"))
    sources.update(lane.pop("_sources"))
    results.update(lane)


def compute_results(step: Callable[[str], None], n_workers: int | None = None) -> dict[str, Any]:
    """Every result the report shows, computed once (one library call each). With two workers the entanglement
    work and the backtest run in a second process beside the data set, the models and the findings; the results
    are the same either way (fixed seeds). ``results["_sources"]`` names the bundled data sets read."""
    results: dict[str, Any] = {"_errors": {}}
    parallel = (workers() if n_workers is None else n_workers) > 1
    # two processes on two cores: one BLAS thread each (a BLAS thread waiting for a busy core costs more than it
    # gives on these designs); None leaves the limits as they are
    with _Lanes(parallel) as lanes, threadpool_limits(limits=1 if parallel else None), track_sources() as sources:
        entanglement = lanes.submit(_entanglement_lane)
        bundled = catalog().summary(files=True)
        bundled.add_fact("COW state system members", {y: len(members(y)) for y in (1946, 1990, 2016, 2024)})
        results["sources"] = bundled
        _optional(results, "citations", _citations)
        step(STEPS[0])
        data = results["data"] = load_dataset()
        backtest = lanes.submit(_backtest_lane, data)
        step(STEPS[1])
        reports = results["reports"] = fit_all(data)
        step(STEPS[2])
        results["card"] = scorecard(reports, robustness(reports))
        step(STEPS[3])
        step(STEPS[4])
        _merge(results, entanglement(), sources)
        results["card"].entanglement = results["efindings"]  # E1-E7 beside F1-F12 (findings.json, the scorecard)
        step(STEPS[5])
        _merge(results, backtest(), sources)
        step(STEPS[6])
        for key in SCENARIOS:
            _optional(results, key, lambda key=key: _forecast(key, data))
        _optional(results, "history", lambda: _history(data))
        _optional(results, "audit", lambda: _audit(data))
        results["_sources"] = sorted(sources | set(getattr(data, "sources", ()) or ()))
    return results


def run_main_job(out: Path, progress: Callable[[str], None] | None = None, force: bool = False,
                 n_workers: int | None = None, command: str = "coalitionlab report") -> dict[str, Any]:
    """Run everything on the bundled data and write it into the folder ``out``, whole or not at all (a temporary
    sibling folder renamed into place; an earlier output is replaced only with ``force``); returns the paths
    written (``html`` is the report). ``sources.bib`` and ``metadata.json`` cite every bundled data set used."""
    from coalitionlab.report.html import write_report
    from coalitionlab.report.sections import SECTIONS

    step = progress or (lambda _m: None)
    out = Path(out)
    with atomic_dir(out, force=force) as tmp:
        results = compute_results(step, n_workers)
        data, reports, card = results["data"], results["reports"], results["card"]
        written = {"data_summary": write_text(tmp / "data_summary.md", results["sources"].as_markdown())}
        write_dataset(data, tmp / "dataset", command=command)
        written["dataset"] = tmp / "dataset"
        written["models"] = write_text(tmp / "models.json",
                                       json_dumps({k: r.to_dict() for k, r in reports.items()}))
        written["findings"] = write_text(tmp / "findings.json", json_dumps(card.to_dict()))
        sections = [data.summary(), card.summary(), *(r.summary() for r in reports.values())]
        body = "\n".join(s.as_markdown(level=2) for s in sections)
        written["report"] = write_text(tmp / "report.md", f"# {TITLE}\n\n" + body)
        step(STEPS[7])
        page = [build(results) for _name, build in SECTIONS]
        meta = provenance(command, results["_sources"])
        info = (f"Built by coalitionlab {__version__} (commit {meta['commit'] or 'installed package'}) from the "
                "bundled data (`coalitionlab report`); sections not available: "
                f"{', '.join(s.title for s in page if s.missing) or 'none'}.")
        written.update(write_report(tmp, TITLE, page, info))
        written["sources"] = write_text(tmp / "sources.bib", bibtex_file_text(results["_sources"], command))
        missing = [s.title for s in page if s.missing]
        written["metadata"] = write_text(tmp / "metadata.json", json_dumps(
            {**meta, "sections_missing": missing, "errors": results["_errors"]}))
    written = {k: out / Path(v).relative_to(tmp) for k, v in written.items()}
    written["missing"] = missing
    return written
