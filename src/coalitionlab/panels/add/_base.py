"""Helpers shared by the add_* modules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from coalitionlab.catalog import coverage, load_table
from coalitionlab.panels._lookup import Grid, arrow_np, cow_keys
from coalitionlab.panels.unit import PanelUnit, check_new_columns, require


def both_ways_grid(name: str) -> tuple[Grid, pa.Table]:
    """A grid over a non-directed source (ccode1 < ccode2) indexed in both directions, and the source table.

    Source row i is cell (ccode1, ccode2) and row n + i is (ccode2, ccode1): a column added to the grid is the
    source column given twice (``np.concatenate([v, v])``), or with its directed halves swapped.
    """
    t = load_table(name)
    c1, c2, y = arrow_np(t, "ccode1")[0], arrow_np(t, "ccode2")[0], arrow_np(t, "year")[0]
    return Grid([np.concatenate([c1, c2]), np.concatenate([c2, c1])], np.concatenate([y, y]), coverage(name)), t


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
