"""`coalitionlab data ...` (the bundled data sets) and `coalitionlab country`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from coalitionlab.cli._show import console, err, show_or_json

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
app = typer.Typer(help="The bundled data sets: list, describe, cite, verify, download.", no_args_is_help=True)


@app.command("list")
def data_list(as_json: JsonOpt = False) -> None:
    """List every bundled data set with its version, coverage and terms."""
    from coalitionlab.catalog.registry import catalog

    show_or_json(catalog(), as_json)


@app.command("info")
def data_info(name: str, as_json: JsonOpt = False) -> None:
    """Everything known about one data set: source, citation, terms, coverage, file, checksum, columns."""
    from coalitionlab.catalog import get

    show_or_json(get(name), as_json)


@app.command("cite")
def data_cite(names: list[str],
              bibtex: Annotated[bool, typer.Option("--bibtex", help="Print BibTeX entries.")] = False) -> None:
    """Citations of one or more data sets."""
    from coalitionlab.catalog import get

    datasets = [get(n) for n in names]  # fail on any unknown name before printing
    for ds in datasets:
        sys.stdout.write((ds.bibtex if bibtex else ds.citation) + "\n\n")


@app.command("verify")
def data_verify(
    curated: Annotated[Path | None, typer.Option(help="Check this curated facts folder instead of the bundled "
                                                      "one.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check every bundled table against its recorded sha256, and every curated facts file (UTF-8, valid YAML,
    each fact cited); exit 2 when anything fails."""
    from coalitionlab.catalog.verify import verify_data

    result = verify_data(curated)
    show_or_json(result, as_json)
    if not result.ok:
        for problem in result.problems:
            err.print(f"FAILED {problem}", highlight=False, markup=False, soft_wrap=True)
        err.print(f"error: {len(result.problems)} problem(s); restore the files (reinstall coalitionlab, or "
                  "git checkout the curated files) or fix the ones named.", highlight=False, markup=False)
        raise typer.Exit(2)


@app.command("download")
def data_download(
    name: str,
    url: Annotated[str | None, typer.Option(help="Override the canonical download address.")] = None,
    sha256: Annotated[str | None, typer.Option(help="Expected sha256 of the file.")] = None,
    cache: Annotated[Path | None, typer.Option(help="Cache folder (default: user cache).")] = None,
) -> None:
    """Download the full upstream version of a data set into the user cache (optional; needs network)."""
    from coalitionlab.catalog.download import download
    from coalitionlab.catalog.registry import file_sha256
    from coalitionlab.io import check_cache_dir

    if cache is not None:
        check_cache_dir(cache)

    path = download(name, url=url, sha256=sha256, cache=cache)
    console.print(f"{name}: {path} (sha256 {file_sha256(path)})", highlight=False)


def country(
    name: str,
    year: Annotated[int | None, typer.Option(help="Resolve the code in use in this year.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Resolve a country name or code: COW, Gleditsch-Ward and ISO codes, regions, system membership."""
    from coalitionlab.catalog.countries import describe_country

    show_or_json(describe_country(name, year), as_json)


def register(root: typer.Typer) -> None:
    root.command("country")(country)
