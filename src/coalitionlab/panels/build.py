"""A panel with covariates in one call (what `coalitionlab panel` and the web API run), as a result that shows
itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

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


def make_panel(unit: Literal["stateyears", "dyadyears"], system: str = "cow", years: str | None = None,
               add: str | None = None, ndir: bool = False) -> PanelResult:
    """State-years or (directed, or with ``ndir`` non-directed) dyad-years of the state system with the
    covariates named in ``add`` (a comma list of short names; see ``panels.add.registry.ADDERS``)."""
    import time

    started = time.perf_counter()
    names = parse_add(add, "state" if unit == "stateyears" else "dyad")
    window = parse_years(years)
    if unit == "stateyears":
        df = create_stateyears(system=system, years=window)
    else:
        df = create_dyadyears(system=system, directed=not ndir, years=window)
    df = add_covariates(df, names, ndir=ndir)
    kind = "state-year" if unit == "stateyears" else ("non-directed dyad-year" if ndir else "directed dyad-year")
    return PanelResult(df, kind, system, window, names, time.perf_counter() - started)
