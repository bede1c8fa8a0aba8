"""A panel with covariates in one call (what `coalitionlab panel` and the web API run), as a result that shows
itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from coalitionlab.catalog.countries import system_membership
from coalitionlab.display import Summary, clean
from coalitionlab.panels.add.registry import add_covariates, parse_add
from coalitionlab.panels.create import create_dyadyears, create_stateyears, parse_years


@dataclass
class PanelResult:
    """A state-year or dyad-year panel (``frame``) and how it was made."""

    frame: pd.DataFrame = field(repr=False)
    unit: str
    system: str
    years: tuple[int, int] | None
    covariates: list[str]
    seconds: float = 0.0

    def summary(self) -> Summary:
        s = Summary(f"{self.unit} panel ({self.system.upper()})", facts=[
            ("Rows", len(self.frame)), ("Columns", self.frame.shape[1]),
            ("Years", "all" if self.years is None else f"{self.years[0]}-{self.years[1]}"),
            ("Covariates", ", ".join(self.covariates) or "none"), ("Seconds", round(self.seconds, 1))])
        return s.add_table(self.frame.head(10), "First 10 rows")

    def to_dict(self) -> dict:
        return clean({"unit": self.unit, "system": self.system, "years": self.years, "covariates": self.covariates,
                      "rows": len(self.frame), "columns": list(self.frame.columns)})


STATE_NAME = {"cow": ("ccode", "statenme"), "gw": ("gwcode", "statename")}


def add_state_name(df: pd.DataFrame) -> pd.DataFrame:
    """A state-year frame with the state's name in the year, right after the keys: ``statenme`` (COW State System
    Membership) for ``ccode``, ``statename`` (Gleditsch-Ward list) for ``gwcode``, the columns peacesciencer's
    ``create_stateyears`` gives. Same rows, same order; a state that changed its name between membership spells
    has the name of the spell that covers the year."""
    system = "cow" if "ccode" in df.columns else "gw"
    code, col = STATE_NAME[system]
    spells = system_membership(system)
    first = spells["styear"].astype(int).to_numpy()
    n = spells["endyear_mry"].astype(int).to_numpy() - first + 1
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)  # 0, 1, ... within each spell
    names = pd.DataFrame({code: spells[code].to_numpy().repeat(n).astype("int32"),
                          "year": (first.repeat(n) + offset).astype("int32"),
                          col: spells["name"].to_numpy().repeat(n)}).drop_duplicates([code, "year"], keep="last")
    named = df.merge(names, on=[code, "year"], how="left", validate="many_to_one")
    named.index = df.index
    keys = [c for c in df.columns if c in (code, "year")]
    return named[keys + [col] + [c for c in df.columns if c not in keys]]


def make_panel(unit: Literal["stateyears", "dyadyears"], system: str = "cow", years: str | None = None,
               add: str | None = None, ndir: bool = False) -> PanelResult:
    """State-years or (directed, or with ``ndir`` non-directed) dyad-years of the state system with the
    covariates named in ``add`` (a comma list of short names; see ``panels.add.registry.ADDERS``). State-years
    carry the state's name after the keys (:func:`add_state_name`: ``statenme`` for COW, ``statename`` for G-W);
    dyad-years carry codes only, as peacesciencer's ``create_dyadyears``."""
    import time

    started = time.perf_counter()
    names = parse_add(add, "state" if unit == "stateyears" else "dyad")
    window = parse_years(years)
    if unit == "stateyears":
        df = create_stateyears(system=system, years=window)
    else:
        df = create_dyadyears(system=system, directed=not ndir, years=window)
    df = add_covariates(df, names, ndir=ndir)
    if unit == "stateyears":
        df = add_state_name(df)
    kind = "state-year" if unit == "stateyears" else ("non-directed dyad-year" if ndir else "directed dyad-year")
    return PanelResult(df, kind, system, window, names, time.perf_counter() - started)
