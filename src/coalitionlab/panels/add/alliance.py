"""Alliances: ATOP 5.1 directed dyad-year obligations."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.panels._lookup import Grid, arrow_np, attach
from coalitionlab.panels.add._base import Query, coverage

ATOP_VARS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")


@cache
def _atop() -> tuple[Grid, Grid]:
    t = load_table("atop_dyad")
    c1, c2, y = arrow_np(t, "ccode1")[0], arrow_np(t, "ccode2")[0], arrow_np(t, "year")[0]
    cov = coverage("atop_dyad")
    dyad = Grid([c1, c2], y, cov)
    for v in ATOP_VARS:
        dyad.add(v, arrow_np(t, v, "int8")[0], fill=0, kind="Int8")
    # state-years: partners of ccode1 with each obligation (ccode1's own obligation, as ATOP codes it)
    sy = pd.DataFrame({"ccode": c1, "year": y, **{v: arrow_np(t, v, "int32")[0] for v in ATOP_VARS}})
    sy = sy.groupby(["ccode", "year"], sort=True).sum().reset_index()
    state = Grid([sy["ccode"].to_numpy("int64")], sy["year"].to_numpy("int64"), cov)
    for v in ATOP_VARS:
        state.add(f"{v}_n", sy[v].to_numpy(), fill=0, kind="Int16")
    return dyad, state


def add_atop_alliance(df: pd.DataFrame, ndir: bool = False) -> pd.DataFrame:
    """Add ATOP alliance obligations (Leeds et al., ATOP 5.1 directed dyad-years ``atop5_1ddyr``; 1815-2018).

    Dyad-years: ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg``, ``atop_consul`` (0/1) are
    *ccode1's obligation to ccode2* exactly as ATOP codes it. ATOP's directed file can be one-sided (in 1990 the
    U.S. has a defense obligation to Japan, 2 -> 740, but Japan has none to the U.S.). ``ndir=True`` gives the
    maximum of both directions instead (an obligation in either direction), which is symmetric.
    State-years: ``atop_defense_n`` ... ``atop_consul_n``, the number of states to which the state has each
    obligation.

    NA: years outside 1815-2018 (ATOP's coverage; e.g. 2019-2024 are NA, never 0) and rows with a missing key.
    Inside coverage a dyad absent from ATOP is 0 (no alliance). G-W frames are translated to COW codes by year.
    """
    q = Query(df, "add_atop_alliance")
    dyad, state = _atop()
    new: dict[str, object] = {}
    if q.dyad:
        q.check(list(ATOP_VARS))
        k1, k2 = q.keys
        new = dyad.get_many(list(ATOP_VARS), dyad.locate([k1, k2], q.year))
        if ndir:
            back = dyad.get_many(list(ATOP_VARS), dyad.locate([k2, k1], q.year))
            for v in ATOP_VARS:
                a, b = new[v], back[v]
                new[v] = pd.arrays.IntegerArray(np.maximum(a._data, b._data), a._mask | b._mask)
    else:
        names = [f"{v}_n" for v in ATOP_VARS]
        q.check(names)
        new = state.get_many(names, state.locate(q.keys, q.year))
    return attach(df, new)
