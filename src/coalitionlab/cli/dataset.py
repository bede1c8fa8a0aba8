"""`coalitionlab build` and `coalitionlab codebook`: the coalition intervention data set."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from coalitionlab.cli._show import console, show, show_or_json


def build(
    out: Annotated[Path, typer.Option(help="Output folder for the tables.")] = Path("out/dataset"),
    curated: Annotated[Path | None, typer.Option(
        help="Folder with your own curated facts: partners, exclusions, war_links, igo_sponsorship (each a NAME.yaml "
             "file or a NAME/ folder of YAML files); default: the bundled facts.")] = None,
) -> None:
    """Build the U.S. coalition intervention data set (interventions, partners, candidates, evidence)."""
    from rich.progress import Progress

    from coalitionlab.interventions.build import build_dataset, write_dataset

    t0 = time.perf_counter()
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("building", total=5)

        def step(msg: str) -> None:
            progress.update(task, advance=1, description=msg)

        data = build_dataset(step, curated_dir=curated)
        step("writing Parquet, CSV and Stata files")
        written = write_dataset(data, out)
    show(data)
    console.print(f"Wrote {len(written)} files to {out} in {time.perf_counter() - t0:.1f} s.", highlight=False)


def codebook_cmd(
    variable: Annotated[str | None, typer.Argument(help="A variable name; all when omitted.")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the whole codebook as Markdown.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The codebook of the coalition intervention data set."""
    from coalitionlab.interventions.codebook import describe, render_markdown

    if markdown:
        sys.stdout.write(render_markdown())
        return
    show_or_json(describe(variable), as_json)


def register(root: typer.Typer) -> None:
    root.command("build")(build)
    root.command("codebook")(codebook_cmd)
