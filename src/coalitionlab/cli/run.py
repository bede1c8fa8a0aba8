"""`coalitionlab demo`: the main job on the bundled data."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from coalitionlab.cli._show import console
from coalitionlab.errors import BadInputError


def demo(out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out")) -> None:
    """The main job on the bundled data: verify the data, build the coalition data set, fit the models,
    score RAND's findings, and write a report."""
    from coalitionlab.catalog import verify_all
    from coalitionlab.report.main_job import run_main_job

    t0 = time.perf_counter()
    bad = {k: v for k, v in verify_all().items() if v}
    if bad:
        raise BadInputError("Bundled data failed verification: " + "; ".join(bad.values()))
    with console.status("running") as status:
        written = run_main_job(out, progress=lambda m: status.update(m))
    console.print(f"Done in {time.perf_counter() - t0:.1f} s. Report: {written['report']}", highlight=False)
    for key, path in written.items():
        console.print(f"  {key}: {path}", highlight=False)


def register(root: typer.Typer) -> None:
    root.command("demo")(demo)
