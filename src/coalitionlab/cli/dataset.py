"""`coalitionlab build` and `coalitionlab codebook`: the coalition intervention data set."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from coalitionlab.cli._show import QuietOpt, progress_steps, show_or_json

DEFAULT_OUT = Path("out/dataset")


def build(
    out: Annotated[Path, typer.Option(help="Output folder for the tables (written whole or not at all).")]
    = DEFAULT_OUT,
    curated: Annotated[Path | None, typer.Option(
        help="Folder with your own curated facts: partners, exclusions, war_links, igo_sponsorship, success (each a "
             "NAME.yaml file or a NAME/ folder of YAML files); default: the bundled facts only.")] = None,
    curated_mode: Annotated[str | None, typer.Option(
        "--curated-mode", metavar="add|replace",
        help="How --curated meets the bundled facts: add (default) reads the bundled facts and yours, and your "
             "entry for what a bundled one covers replaces it; replace reads yours only.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an earlier output in --out.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Rebuild even when the cached data set is "
                                                               "current.")] = False,
    quiet: QuietOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Build the U.S. coalition intervention data set (interventions, partners, candidates, evidence) into a
    folder: Parquet, CSV and labelled Stata files, sources.bib and metadata.json."""
    from coalitionlab.interventions.cache import create_dataset_folder
    from coalitionlab.interventions.curated import curated_source

    source = curated_source(curated, curated_mode or ("add" if curated is not None else None))
    with progress_steps("build", 5, quiet) as step:
        result = create_dataset_folder(out, source, force=force, progress=step, use_cache=False if no_cache else None,
                                       create_parent=out == DEFAULT_OUT)
    show_or_json(result, as_json)


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
