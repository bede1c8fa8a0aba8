"""Helpers shared by the add_* modules."""

from __future__ import annotations

import pandas as pd

from coalitionlab.catalog import get
from coalitionlab.panels._lookup import cow_keys
from coalitionlab.panels.unit import PanelUnit, check_new_columns, require


def coverage(name: str) -> tuple[int, int]:
    """(start, end) coverage years of a bundled data set, from the registry."""
    ds = get(name)
    return int(ds.coverage_start), int(ds.coverage_end)  # type: ignore[arg-type]


class Query:
    """A validated frame, its unit and its keys as COW codes (numpy int64; -1 = missing / no COW code)."""

    def __init__(self, df: pd.DataFrame, func: str, units: tuple = ("dyad_year", "state_year")) -> None:
        self.df = df
        self.func = func
        self.unit: PanelUnit = require(df, func, units=units)
        self.keys, self.year = cow_keys(df, self.unit)

    @property
    def dyad(self) -> bool:
        return self.unit.unit == "dyad_year"

    def check(self, new: list[str]) -> None:
        check_new_columns(self.df, new, self.func)
