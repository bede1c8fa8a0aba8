"""The covariate registry: short names of the add_* functions (as the panel command and the web API take them)
and the units each supports. Bad names raise :class:`~coalitionlab.errors.BadInputError` with the valid ones."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from coalitionlab.errors import BadInputError
from coalitionlab.panels import add as A

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
    "peace_years": (A.add_peace_years, ("state", "dyad")),  # since the last year a COW MID was ongoing
    "peace_years_onset": (lambda df: A.add_peace_years(df, since="onset"), ("state", "dyad")),
}
PEACE_YEARS = ("peace_years", "peace_years_onset")  # need cow_mids first; at most one (both write pys)


def parse_add(text: str | None, unit: str) -> list[str]:
    """Split a comma list of covariate short names ("atop,nmc") into known names valid for ``unit`` ("state"
    or "dyad"), in the order to apply them (peace_years or peace_years_onset last, after cow_mids)."""
    if not text:
        return []
    names = [n.strip().lower().replace("-", "_") for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in ADDERS]
    if unknown:
        raise BadInputError(f"Unknown covariate(s) {', '.join(unknown)}. Valid names: {', '.join(ADDERS)}.")
    wrong = [n for n in names if unit not in ADDERS[n][1]]
    if wrong:
        raise BadInputError(f"{', '.join(wrong)} need(s) dyad-year data.")
    pys = [n for n in dict.fromkeys(names) if n in PEACE_YEARS]
    if len(pys) > 1:
        raise BadInputError("peace_years (since the last year a MID was ongoing, peacesciencer's default) and "
                            "peace_years_onset (since the last MID onset) both write pys: choose one.")
    if pys:  # peace years count from cowmidongoing / cowmidonset: need the MIDs first, and go last
        names = [n for n in names if n not in PEACE_YEARS]
        if "cow_mids" not in names:
            what = "onset" if pys[0] == "peace_years_onset" else "year with an ongoing dispute"
            raise BadInputError(f"{pys[0]} counts years since the last COW MID {what}: add cow_mids too, "
                                f"e.g. cow_mids,{pys[0]}.")
        names.append(pys[0])
    return list(dict.fromkeys(names))


def add_covariates(df: pd.DataFrame, names: list[str], ndir: bool = False) -> pd.DataFrame:
    """Apply the named add_* functions in turn (ATOP takes both directions' maximum on non-directed dyads)."""
    for n in names:
        df = A.add_atop_alliance(df, ndir=True) if (n == "atop" and ndir) else ADDERS[n][0](df)
    return df
