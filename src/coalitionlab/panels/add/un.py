"""United Nations General Assembly ideal points (Bailey, Strezhnev and Voeten)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.panels._lookup import Grid, arrow_np, attach
from coalitionlab.panels.add._base import Query, coverage


@cache
def _un() -> Grid:
    t = load_table("un_idealpoints", ["ccode", "year", "idealpointall"])
    cov = coverage("un_idealpoints")
    g = Grid([arrow_np(t, "ccode")[0]], arrow_np(t, "year")[0], cov)
    v, m = arrow_np(t, "idealpointall", "float64")
    return g.add("idealpointall", v, src_mask=m | np.isnan(v), kind="float")


def add_un_idealpoints(df: pd.DataFrame) -> pd.DataFrame:
    """Add UN General Assembly ideal points (Bailey, Strezhnev and Voeten 2017; July 2025 release; 1946-2023).

    ``idealpointall`` is the state's ideal point estimated from all UNGA roll-call votes of the year (higher =
    closer to the U.S.-led Western position). Dyad-years get ``idealpointall1``, ``idealpointall2`` and
    ``idealpoint_distance`` = |idealpointall1 - idealpointall2| (symmetric).
    NA: years outside 1946-2023 (the file's 2024 rows have no ``idealpointall``), states that were not UN
    members or did not vote that year.
    """
    q = Query(df, "add_un_idealpoints")
    g = _un()
    if not q.dyad:
        q.check(["idealpointall"])
        return attach(df, {"idealpointall": g.get("idealpointall", g.locate(q.keys, q.year))})
    q.check(["idealpointall1", "idealpointall2", "idealpoint_distance"])
    a = g.get("idealpointall", g.locate([q.keys[0]], q.year))
    b = g.get("idealpointall", g.locate([q.keys[1]], q.year))
    return attach(df, {"idealpointall1": a, "idealpointall2": b, "idealpoint_distance": np.abs(a - b)})
