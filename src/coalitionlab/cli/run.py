"""`coalitionlab report` and `coalitionlab demo`: the main job on the bundled data, written as an offline HTML
report (with report.md, findings.json, models.json and the data set) into one folder."""

from __future__ import annotations

import time
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from coalitionlab.cli._show import QuietOpt, console, progress_steps
from coalitionlab.errors import BadInputError


def _run(out: Path, force: bool, quiet: bool, command: str) -> dict:
    from coalitionlab.catalog import verify_all
    from coalitionlab.io import check_output_dir
    from coalitionlab.report.main_job import STEPS, run_main_job

    check_output_dir(out, force)  # before the work: a file, a foreign folder or an earlier output without --force
    bad = {k: v for k, v in verify_all().items() if v}
    if bad:
        raise BadInputError("Bundled data failed verification: " + "; ".join(bad.values()))
    with progress_steps(command.split()[-1], len(STEPS), quiet) as step:
        return run_main_job(out, progress=step, force=force, command=command)


def _finish(written: dict, t0: float) -> None:
    missing = written.pop("missing", [])
    console.print(f"Done in {time.perf_counter() - t0:.1f} s. Report: {written['html']}", highlight=False)
    for key, path in written.items():
        console.print(f"  {key}: {path}", highlight=False)
    console.print("  sections not available: " + (", ".join(missing) or "none"), highlight=False)


ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an earlier output of coalitionlab in --out.")]


def report(out: Annotated[Path, typer.Option(help="Output folder (index.html, assets, figures, tables), written "
                                                  "whole or not at all.")],
           open_: Annotated[bool, typer.Option("--open", help="Open the report in the web browser.")] = False,
           force: ForceOpt = False, quiet: QuietOpt = False) -> None:
    """Write the offline HTML report into OUT: the data, the scorecard of findings, the models, maps, the
    entanglement exposure, the backtest, worked forecasts; every figure also as SVG, every table as CSV."""
    t0 = time.perf_counter()
    written = _run(out, force, quiet, "coalitionlab report")
    page = written["html"]
    _finish(written, t0)
    if open_:
        webbrowser.open(page.resolve().as_uri())


def demo(out: Annotated[Path, typer.Option(help="Output folder, written whole or not at all.")] = Path("out"),
         force: ForceOpt = False, quiet: QuietOpt = False) -> None:
    """The main job on the bundled data: verify the data, build the coalition data set, fit the models,
    score the findings, and write the HTML report (and report.md)."""
    t0 = time.perf_counter()
    written = _run(out, force, quiet, "coalitionlab demo")
    _finish(written, t0)


def register(root: typer.Typer) -> None:
    root.command("demo")(demo)
    root.command("report")(report)
