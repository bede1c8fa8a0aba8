"""National material capabilities: COW NMC 7.0."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.panels._lookup import Grid, arrow_np, attach
from coalitionlab.panels.add._base import Query, coverage

NMC_INT = ("milex", "milper", "irst", "pec")
NMC_FLOAT = ("tpop", "upop", "cinc")


@cache
def _nmc() -> Grid:
    t = load_table("nmc")
    cov = coverage("nmc")
    g = Grid([arrow_np(t, "ccode")[0]], arrow_np(t, "year")[0], cov)
    for v in NMC_INT:
        vals, m = arrow_np(t, v, "int32")
        g.add(v, vals, src_mask=m, kind="Int32")
    for v in NMC_FLOAT:
        vals, m = arrow_np(t, v, "float64")
        g.add(v, vals, src_mask=m, kind="float")
    return g


def add_nmc(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW National Material Capabilities (NMC 7.0; Singer, Bremer and Stuckey 1972; 1816-2022).

    Columns, as NMC codes them: ``milex`` (military expenditure, thousands of current USD; before 1914 thousands
    of current GBP), ``milper`` (military personnel, thousands), ``irst`` (iron and steel production,
    thousands of tons), ``pec`` (primary energy consumption, thousands of coal-ton equivalents), ``tpop``
    (total population, thousands), ``upop`` (urban population, thousands), ``cinc`` (Composite Index of
    National Capability, the state's share of system capabilities, 0-1).
    Dyad-years get each with suffix 1 and 2 (``cinc1``, ``cinc2`` ...) and ``cinc_ratio`` = cinc1 / (cinc1 +
    cinc2), ccode1's share of the dyad's capabilities (0.5 = parity; NA if either is NA or both are 0).

    NA: years outside 1816-2022, states NMC does not list in that year, and values NMC codes as missing.
    """
    q = Query(df, "add_nmc")
    g = _nmc()
    sides = [("", q.keys[0])] if not q.dyad else [("1", q.keys[0]), ("2", q.keys[1])]
    names = [f"{v}{s}" for s, _ in sides for v in (*NMC_INT, *NMC_FLOAT)] + (["cinc_ratio"] if q.dyad else [])
    q.check(names)
    new = g.get_sides([*NMC_INT, *NMC_FLOAT], [k for _, k in sides], q.year, [s for s, _ in sides])
    if q.dyad:
        total = new["cinc1"] + new["cinc2"]
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.divide(new["cinc1"], total)
        ratio[~(total > 0)] = np.nan  # NA when either is NA or both are 0
        new["cinc_ratio"] = ratio
    return attach(df, new)
