"""`coalitionlab panel ...`: state-year or dyad-year panels with covariates from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coalitionlab.cli._show import QuietOpt, console, progress_steps, show
from coalitionlab.panels.add.registry import ADDERS

app = typer.Typer(help="Build state-year or dyad-year panels with covariates (peacesciencer-style).",
                  no_args_is_help=True)

SystemOpt = Annotated[str, typer.Option("--system", help="State system: cow (Correlates of War) or gw "
                                                          "(Gleditsch-Ward).")]
YearsOpt = Annotated[str | None, typer.Option("--years", help="Year window START-END within 1816-2024, "
                                                              "e.g. 1946-2014 (default: all).")]
AddOpt = Annotated[str | None, typer.Option("--add", help=f"Comma list of covariates: {', '.join(ADDERS)}.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Output file; .parquet, .csv or .dta (with FILE.bib "
                                                            "and FILE.json beside it).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")]


def _check(out: Path | None, force: bool) -> None:
    """File-system checks before the work starts."""
    if out is not None:
        from coalitionlab.catalog.cite import check_output_with_sources

        check_output_with_sources(out, force=force)


def _make(quiet: bool, *args):
    """The panel, and the bundled data sets it read (with a progress line while it is made)."""
    from coalitionlab.catalog.cite import track_sources
    from coalitionlab.panels.build import make_panel

    with progress_steps("panel", 1, quiet) as step, track_sources() as used:
        step(f"creating {args[0]}" + (f" with {args[3]}" if len(args) > 3 and args[3] else ""))
        result = make_panel(*args)
    return result, used


def _finish(made, out: Path | None, command: str) -> None:
    result, used = made
    if out is None:
        show(result)
        console.print("Give --out FILE (.parquet, .csv or .dta) to save it.")
        return
    from coalitionlab.catalog.cite import write_with_sources
    from coalitionlab.catalog.labels import panel_labels

    written = write_with_sources(result.frame, out, command, used, data_label=f"coalitionlab {result.unit} panel "
                                 f"({result.system.upper()})", **panel_labels(result.frame.columns))
    console.print(f"Wrote {len(result.frame):,} rows x {result.frame.shape[1]} columns to {out} "
                  f"({result.seconds:.1f} s), with {', '.join(p.name for p in written[1:])}.", highlight=False)


@app.command("stateyears")
def stateyears(system: SystemOpt = "cow", years: YearsOpt = None, add: AddOpt = None, out: OutOpt = None,
               force: ForceOpt = False, quiet: QuietOpt = False) -> None:
    """State-years of the state system, with covariates."""
    _check(out, force)
    _finish(_make(quiet, "stateyears", system, years, add), out, _command("stateyears", system, years, add, out))


@app.command("dyadyears")
def dyadyears(
    system: SystemOpt = "cow",
    years: YearsOpt = None,
    add: AddOpt = None,
    ndir: Annotated[bool, typer.Option("--ndir", help="Non-directed dyads (ccode1 < ccode2); ATOP then takes "
                                                      "the maximum of both directions.")] = False,
    out: OutOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Directed (or, with --ndir, non-directed) dyad-years of the state system, with covariates."""
    _check(out, force)
    _finish(_make(quiet, "dyadyears", system, years, add, ndir), out,
            _command("dyadyears", system, years, add, out, ndir))


def _command(unit: str, system: str, years: str | None, add: str | None, out: Path | None, ndir: bool = False) -> str:
    parts = ["coalitionlab panel", unit, f"--system {system}"]
    parts += [f"--years {years}"] if years else []
    parts += [f"--add {add}"] if add else []
    parts += ["--ndir"] if ndir else []
    return " ".join(parts + [f"--out {out}"])
