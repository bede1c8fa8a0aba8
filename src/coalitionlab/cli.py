"""The `coalitionlab` command."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from coalitionlab.errors import BadInputError

app = typer.Typer(help="coalitionlab: data, models and tools for research on U.S. military coalitions.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
data_app = typer.Typer(help="The bundled data sets: list, describe, cite, verify, download.",
                       no_args_is_help=True)
app.add_typer(data_app, name="data")
console = Console()
err = Console(stderr=True)


def _echo_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, default=str) + "\n")


@data_app.command("list")
def data_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List every bundled data set with its version, coverage and terms."""
    from coalitionlab.catalog import registry

    reg = registry()
    if as_json:
        _echo_json([ds.as_dict() for ds in reg.values()])
        return
    table = Table(title=f"{len(reg)} bundled data sets")
    for col in ("name", "data set", "version", "coverage", "terms"):
        table.add_column(col, overflow="fold")
    for ds in reg.values():
        cov = f"{ds.coverage_start}-{ds.coverage_end}" if ds.coverage_start else ""
        table.add_row(ds.name, ds.dataset, ds.version, cov, ds.terms)
    console.print(table)


@data_app.command("info")
def data_info(name: str) -> None:
    """Everything known about one data set: source, citation, terms, coverage, file, checksum, columns."""
    from coalitionlab.catalog import get, load_table

    ds = get(name)
    info = ds.as_dict()
    if not ds.file.endswith(".json"):
        t = load_table(name)
        info["rows"] = t.num_rows
        info["columns"] = t.column_names
    for key, value in info.items():
        if value not in (None, ""):
            console.print(f"[bold]{key}[/bold]: {value}", highlight=False)


@data_app.command("cite")
def data_cite(names: list[str],
              bibtex: Annotated[bool, typer.Option("--bibtex", help="Print BibTeX entries.")] = False) -> None:
    """Citations of one or more data sets."""
    from coalitionlab.catalog import get

    datasets = [get(n) for n in names]  # fail on any unknown name before printing
    for ds in datasets:
        sys.stdout.write((ds.bibtex if bibtex else ds.citation) + "\n\n")


@data_app.command("verify")
def data_verify() -> None:
    """Check every bundled file against its recorded sha256."""
    from coalitionlab.catalog import verify_all

    results = verify_all()
    bad = {k: v for k, v in results.items() if v}
    for name, problem in bad.items():
        err.print(f"[red]FAILED[/red] {name}: {problem}", highlight=False)
    if bad:
        err.print(f"{len(bad)} of {len(results)} bundled files failed verification.")
        raise typer.Exit(2)
    console.print(f"All {len(results)} bundled files match their sha256.")


@data_app.command("download")
def data_download(
    name: str,
    url: Annotated[str | None, typer.Option(help="Override the canonical download address.")] = None,
    sha256: Annotated[str | None, typer.Option(help="Expected sha256 of the file.")] = None,
    cache: Annotated[Path | None, typer.Option(help="Cache folder (default: user cache).")] = None,
) -> None:
    """Download the full upstream version of a data set into the user cache (optional; needs network)."""
    from coalitionlab.catalog.download import download
    from coalitionlab.catalog.registry import file_sha256

    path = download(name, url=url, sha256=sha256, cache=cache)
    console.print(f"{name}: {path} (sha256 {file_sha256(path)})", highlight=False)


@app.command("country")
def country(
    name: str,
    year: Annotated[int | None, typer.Option(help="Resolve the code in use in this year.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Resolve a country name or code: COW, Gleditsch-Ward and ISO codes, regions, system membership."""
    from coalitionlab.catalog import countries

    rec = countries.resolve(name, year)
    info = rec.as_dict()
    info["cow_region"] = countries.cow_region(rec.ccode) if rec.ccode else None
    info.update({f"un_{k}": v for k, v in countries.un_region(rec.ccode).items()})
    info["cow_membership"] = countries.membership_years(rec.ccode)
    if as_json:
        _echo_json(info)
        return
    for key, value in info.items():
        console.print(f"[bold]{key}[/bold]: {value}", highlight=False)


@app.command("demo")
def demo(out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out")) -> None:
    """The main job on the bundled data: verify the data and write a summary report."""
    from coalitionlab.catalog import verify_all
    from coalitionlab.io import write_text
    from coalitionlab.report.summary import data_summary, summary_markdown, system_counts

    t0 = time.perf_counter()
    bad = {k: v for k, v in verify_all().items() if v}
    if bad:
        raise BadInputError("Bundled data failed verification: " + "; ".join(bad.values()))
    summary = data_summary()
    counts = system_counts()
    md = write_text(out / "summary.md", summary_markdown(summary, counts))
    js = write_text(out / "summary.json", json.dumps(
        {"datasets": summary.to_dict(orient="records"), "cow_system_members": counts}, indent=2, default=str))
    console.print(f"{len(summary)} data sets verified; COW members {counts}.")
    console.print(f"Wrote {md} and {js} in {time.perf_counter() - t0:.1f} s.", highlight=False)


def main() -> None:
    """Entry point: bad input prints a message and exits 2; nothing else is swallowed."""
    try:
        app()
    except BadInputError as exc:
        err.print(f"error: {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
