"""Intergovernmental organizations: COW IGO 3.0 joint memberships."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.panels._lookup import Grid, arrow_np, attach
from coalitionlab.panels.add._base import Query, both_ways_grid


@cache
def _igo() -> Grid:
    g, t = both_ways_grid("igo_dyad")
    v = arrow_np(t, "dyadigos", "int32")[0]
    return g.add("dyadigos", np.concatenate([v, v]), kind="Int16")


def add_igos(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``dyadigos``: the number of intergovernmental organizations both states are full members of (COW
    IGO 3.0, Pevehouse et al. 2020, non-directed dyad-years as packaged by peacesciencer; 1816-2014).

    The source is non-directed (ccode1 < ccode2) and is looked up in both directions: symmetric in directed
    data. Dyad-years only: the state-level count of IGO memberships is not bundled, and summing joint
    memberships over partners would not give it.
    NA: years outside 1816-2014 and dyad-years the IGO data does not list.
    """
    q = Query(df, "add_igos", units=("dyad_year",))
    q.check(["dyadigos"])
    g = _igo()
    return attach(df, {"dyadigos": g.get("dyadigos", g.locate(q.keys, q.year))})
