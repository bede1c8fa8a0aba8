"""`coalitionlab panel ...`: build state-year or dyad-year panels with covariates from the command line.

The lead registers it with ``app.add_typer(panel_app, name="panel")``. Bad input raises
:class:`~coalitionlab.errors.BadInputError`, which the main entry point maps to exit code 2.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from coalitionlab.errors import BadInputError
from coalitionlab.panels import add as A
from coalitionlab.panels.create import create_dyadyears, create_stateyears, parse_years

panel_app = typer.Typer(help="Build state-year or dyad-year panels with covariates (peacesciencer-style).",
                        no_args_is_help=True)

# short name -> (function, units it supports)
ADDERS: dict[str, tuple[Callable[..., pd.DataFrame], tuple[str, ...]]] = {
    "atop": (A.add_atop_alliance, ("state", "dyad")),
    "nmc": (A.add_nmc, ("state", "dyad")),
    "democracy": (A.add_democracy, ("state", "dyad")),
    "mindist": (A.add_minimum_distance, ("dyad",)),
    "capdist": (A.add_capital_distance, ("dyad",)),
    "contiguity": (A.add_contiguity, ("state", "dyad")),
    "igos": (A.add_igos, ("dyad",)),
    "trade": (A.add_trade, ("state", "dyad")),
    "idealpoints": (A.add_un_idealpoints, ("state", "dyad")),
    "troops": (A.add_us_troops, ("state", "dyad")),
    "td_rivalries": (lambda df: A.add_strategic_rivalries(df, source="td"), ("dyad",)),
    "tss_rivalries": (lambda df: A.add_strategic_rivalries(df, source="tss"), ("dyad",)),
    "cow_mids": (A.add_cow_mids, ("state", "dyad")),
    "gml_mids": (A.add_gml_mids, ("state", "dyad")),
    "peace_years": (A.add_peace_years, ("state", "dyad")),
}


def parse_add(text: str | None, unit: str) -> list[str]:
    """Split ``--add a,b,c`` into known short names valid for ``unit`` ("state" or "dyad")."""
    if not text:
        return []
    names = [n.strip().lower().replace("-", "_") for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in ADDERS]
    if unknown:
        raise BadInputError(f"Unknown covariate(s) {', '.join(unknown)} in --add. Valid names: "
                            f"{', '.join(ADDERS)}.")
    wrong = [n for n in names if unit not in ADDERS[n][1]]
    if wrong:
        raise BadInputError(f"{', '.join(wrong)} need(s) dyad-year data: use `coalitionlab panel dyadyears`.")
    if "peace_years" in names:  # peace years count from cowmidonset: needs the MIDs first, and goes last
        names = [n for n in names if n != "peace_years"]
        if "cow_mids" not in names:
            raise BadInputError("peace_years counts years since the last COW MID onset: add cow_mids too, "
                                "e.g. --add cow_mids,peace_years.")
        names.append("peace_years")
    return list(dict.fromkeys(names))


def _finish(df: pd.DataFrame, out: Path | None, started: float) -> None:
    if out is not None:
        from coalitionlab.io import write_table

        write_table(df, out)
        typer.echo(f"Wrote {len(df):,} rows x {df.shape[1]} columns to {out} ({time.perf_counter() - started:.1f} s).")
    else:
        typer.echo(f"{len(df):,} rows x {df.shape[1]} columns ({time.perf_counter() - started:.1f} s); "
                   f"give --out FILE (.parquet, .csv or .dta) to save it.")
        typer.echo(df.head(10).to_string(index=False))


SystemOpt = Annotated[str, typer.Option("--system", help="State system: cow (Correlates of War) or gw "
                                                          "(Gleditsch-Ward).")]
YearsOpt = Annotated[str | None, typer.Option("--years", help="Year window START-END within 1816-2024, "
                                                              "e.g. 1946-2014 (default: all).")]
AddOpt = Annotated[str | None, typer.Option("--add", help=f"Comma list of covariates: {', '.join(ADDERS)}.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Output file; .parquet, .csv or .dta.")]


@panel_app.command("stateyears")
def stateyears(system: SystemOpt = "cow", years: YearsOpt = None, add: AddOpt = None, out: OutOpt = None) -> None:
    """State-years of the state system, with covariates."""
    started = time.perf_counter()
    names = parse_add(add, "state")
    df = create_stateyears(system=system, years=parse_years(years))
    for n in names:
        df = ADDERS[n][0](df)
    _finish(df, out, started)


@panel_app.command("dyadyears")
def dyadyears(
    system: SystemOpt = "cow",
    years: YearsOpt = None,
    add: AddOpt = None,
    ndir: Annotated[bool, typer.Option("--ndir", help="Non-directed dyads (ccode1 < ccode2); ATOP then takes "
                                                      "the maximum of both directions.")] = False,
    out: OutOpt = None,
) -> None:
    """Directed (or, with --ndir, non-directed) dyad-years of the state system, with covariates."""
    started = time.perf_counter()
    names = parse_add(add, "dyad")
    df = create_dyadyears(system=system, directed=not ndir, years=parse_years(years))
    for n in names:
        df = A.add_atop_alliance(df, ndir=True) if (n == "atop" and ndir) else ADDERS[n][0](df)
    _finish(df, out, started)
