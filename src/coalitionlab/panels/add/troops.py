"""U.S. troops stationed abroad (troopdata legacy series, Allen, Flynn and Machain)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.panels._lookup import Grid, arrow_np, attach
from coalitionlab.panels.add._base import Query, coverage


@cache
def _troops() -> Grid:
    t = load_table("us_troops", ["ccode", "year", "troops"])
    cov = coverage("us_troops")
    g = Grid([arrow_np(t, "ccode")[0]], arrow_np(t, "year")[0], cov)
    v, m = arrow_np(t, "troops", "int64")
    return g.add("troops", v, src_mask=m | (v < 0), kind="Int32")


def add_us_troops(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``troops``: U.S. military personnel stationed in the state (troopdata 1.0.4.9000 legacy series,
    Department of Defense figures; 1950-2021). For the U.S. itself (ccode 2) it is the number at home.

    0 is a real value (the source reports no U.S. troops). Dyad-years get ``troops1`` and ``troops2``.
    NA: years outside 1950-2021 and states the source does not list in that year.
    """
    q = Query(df, "add_us_troops")
    g = _troops()
    names = ["troops"] if not q.dyad else ["troops1", "troops2"]
    q.check(names)
    return attach(df, {n: g.get("troops", g.locate([k], q.year)) for n, k in zip(names, q.keys, strict=True)})
