"""`coalitionlab panel ...`: state-year or dyad-year panels with covariates from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coalitionlab.cli._show import console, show
from coalitionlab.panels.add.registry import ADDERS

app = typer.Typer(help="Build state-year or dyad-year panels with covariates (peacesciencer-style).",
                  no_args_is_help=True)

SystemOpt = Annotated[str, typer.Option("--system", help="State system: cow (Correlates of War) or gw "
                                                          "(Gleditsch-Ward).")]
YearsOpt = Annotated[str | None, typer.Option("--years", help="Year window START-END within 1816-2024, "
                                                              "e.g. 1946-2014 (default: all).")]
AddOpt = Annotated[str | None, typer.Option("--add", help=f"Comma list of covariates: {', '.join(ADDERS)}.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Output file; .parquet, .csv or .dta.")]


def _finish(result, out: Path | None) -> None:
    if out is None:
        show(result)
        console.print("Give --out FILE (.parquet, .csv or .dta) to save it.")
        return
    from coalitionlab.io import write_table

    write_table(result.frame, out)
    console.print(f"Wrote {len(result.frame):,} rows x {result.frame.shape[1]} columns to {out} "
                  f"({result.seconds:.1f} s).", highlight=False)


@app.command("stateyears")
def stateyears(system: SystemOpt = "cow", years: YearsOpt = None, add: AddOpt = None, out: OutOpt = None) -> None:
    """State-years of the state system, with covariates."""
    from coalitionlab.panels.build import make_panel

    _finish(make_panel("stateyears", system, years, add), out)


@app.command("dyadyears")
def dyadyears(
    system: SystemOpt = "cow",
    years: YearsOpt = None,
    add: AddOpt = None,
    ndir: Annotated[bool, typer.Option("--ndir", help="Non-directed dyads (ccode1 < ccode2); ATOP then takes "
                                                      "the maximum of both directions.")] = False,
    out: OutOpt = None,
) -> None:
    """Directed (or, with --ndir, non-directed) dyad-years of the state system, with covariates."""
    from coalitionlab.panels.build import make_panel

    _finish(make_panel("dyadyears", system, years, add, ndir), out)
