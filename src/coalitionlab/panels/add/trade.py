"""Trade: COW Trade 4.0, dyadic flows and national totals."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.panels._lookup import Grid, arrow_np, attach
from coalitionlab.panels.add._base import Query, both_ways_grid, coverage

FLOWS = ("flow1", "flow2", "smoothflow1", "smoothflow2")


def _clean(t, col: str) -> tuple[np.ndarray, np.ndarray]:
    v, m = arrow_np(t, col, "float64")
    bad = m | ~np.isfinite(v) | (v < 0)  # COW codes missing as -9 (negative): treat as NA
    return np.where(bad, np.nan, v), bad


@cache
def _trade() -> tuple[Grid, Grid]:
    # non-directed source (ccode1 < ccode2): index it both ways, swapping the flows for (ccode2, ccode1)
    g, t = both_ways_grid("trade_dyad")
    f = {c: _clean(t, c) for c in FLOWS}
    for a, b in (("flow1", "flow2"), ("smoothflow1", "smoothflow2")):
        g.add(a, np.concatenate([f[a][0], f[b][0]]), src_mask=np.concatenate([f[a][1], f[b][1]]), kind="float")
        g.add(b, np.concatenate([f[b][0], f[a][0]]), src_mask=np.concatenate([f[b][1], f[a][1]]), kind="float")
    s = load_table("trade_state")
    sg = Grid([arrow_np(s, "ccode")[0]], arrow_np(s, "year")[0], coverage("trade_state"))
    for c in ("imports", "exports"):
        vals, m = _clean(s, c)
        sg.add(c, vals, src_mask=m, kind="float")
    return g, sg


def add_trade(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW Trade 4.0 (Barbieri and Keshk 2016; 1870-2014), millions of current U.S. dollars.

    Dyad-years: ``flow1`` = imports of ccode1 from ccode2, ``flow2`` = imports of ccode2 from ccode1 (and the
    smoothed ``smoothflow1``/``smoothflow2``). The source is non-directed (ccode1 < ccode2); for a row with
    ccode1 > ccode2 the flows are swapped so that ``flow1`` is always *this row's* ccode1's imports.
    ``trade_dependence1`` = (flow1 + flow2) / (imports + exports of ccode1), the share of ccode1's total trade
    (national totals from ``trade_state``) that is with ccode2; ``trade_dependence2`` likewise for ccode2.
    COW's dyadic flows and national totals come from different reports, so in about 1% of dyad-years the
    dyadic trade exceeds the national total; such shares (above 1) are NA, not capped.
    State-years: ``imports``, ``exports``.

    NA: years outside 1870-2014, dyads/states COW Trade does not list, and COW's missing codes (negative
    values such as -9).
    """
    q = Query(df, "add_trade")
    g, sg = _trade()
    if not q.dyad:
        q.check(["imports", "exports"])
        flat = sg.locate(q.keys, q.year)
        return attach(df, {c: sg.get(c, flat) for c in ("imports", "exports")})
    q.check([*FLOWS, "trade_dependence1", "trade_dependence2"])
    flat = g.locate(q.keys, q.year)
    new: dict[str, object] = {c: g.get(c, flat) for c in FLOWS}
    dyadic = new["flow1"] + new["flow2"]
    for i, k in enumerate(q.keys, start=1):
        f = sg.locate([k], q.year)
        total = sg.get("imports", f) + sg.get("exports", f)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(total > 0, dyadic / total, np.nan)
        # the dyadic flows and the national totals come from different reports; a share above 1 is their
        # inconsistency, not a measurement, so it is missing
        share[share > 1] = np.nan
        new[f"trade_dependence{i}"] = share
    return attach(df, new)
