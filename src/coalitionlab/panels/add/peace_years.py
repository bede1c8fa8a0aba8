"""Peace years: time since the last event in a unit (Carter and Signorino 2010 cubic polynomial)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalitionlab.errors import BadInputError
from coalitionlab.panels._lookup import attach, int_array
from coalitionlab.panels.add._base import Query
from coalitionlab.panels.unit import codes

_MAKERS = {"cowmidonset": "add_cow_mids()", "gmlmidonset": "add_gml_mids()"}


def add_peace_years(df: pd.DataFrame, event: str = "cowmidonset", name: str = "pys") -> pd.DataFrame:
    """Add ``pys``, ``pys2``, ``pys3``: years since the last ``event`` in the same unit, and its square and cube
    (Carter and Signorino 2010; the ``btscs`` counter of DAMisc / stevemisc ``sbtscs`` that peacesciencer uses).

    The unit is the dyad (ccode1, ccode2; directed dyads are separate series) or the state. Within a unit, in
    year order, ``pys`` is the number of consecutive non-event observations just before the row: 0 in the unit's
    first observation and in the year after an event; an event year carries the count of the peace years
    before it. Only the rows of ``df`` count ("within the data"): a gap in a unit's years is skipped, not
    counted, as in btscs. ``name`` changes the column names (``name``, ``name2``, ``name3``).

    NA-safe: rows where ``event`` is NA (e.g. outside the MID coverage) get NA and do not enter the count.
    """
    q = Query(df, "add_peace_years")
    if event not in df.columns:
        hint = f"; run {_MAKERS[event]} first" if event in _MAKERS else ""
        raise BadInputError(f"add_peace_years() needs the event column '{event}', which this frame lacks{hint}.")
    names = [name, f"{name}2", f"{name}3"]
    q.check(names)
    ev = codes(df[event])
    valid = ev >= 0
    keys = [codes(df[c]) for c in q.unit.code_columns]
    g = keys[0] if len(keys) == 1 else keys[0] * 100_000 + keys[1]
    year = codes(df["year"])
    pos = None if valid.all() else np.flatnonzero(valid)  # None: every row counts, in place
    key = g * 10_000 + year if pos is None else g[pos] * 10_000 + year[pos]
    if len(key) > 1 and not np.all(key[1:] >= key[:-1]):
        order = np.argsort(key, kind="stable")
        pos = order if pos is None else pos[order]
    del key
    gg = g if pos is None else g[pos]
    happened = (ev if pos is None else ev[pos]) > 0
    n = len(gg)
    spell = np.zeros(n, np.int64)
    if n:
        idx = np.arange(n, dtype=np.int64)
        gstart = np.zeros(n, np.int64)  # index of the first row of each row's unit
        starts = np.flatnonzero(gg[1:] != gg[:-1]) + 1
        gstart[starts] = starts
        np.maximum.accumulate(gstart, out=gstart)
        last = np.where(happened, idx, -1)  # index of the last event at or before each row
        np.maximum.accumulate(last, out=last)
        prev = np.empty(n, np.int64)  # ... strictly before each row
        prev[0] = -1
        prev[1:] = last[:-1]
        np.maximum(prev, gstart - 1, out=prev)
        np.subtract(idx, prev, out=spell)
        spell -= 1
    if pos is None:
        out = spell
    else:
        out = np.zeros(len(df), np.int64)
        out[pos] = spell
    mask = ~valid
    big = "Int64" if len(out) and out.max() > 1200 else "Int32"  # 1200**3 still fits in int32
    return attach(df, {names[0]: int_array(out, mask, "Int32"), names[1]: int_array(out * out, mask, big),
                       names[2]: int_array(out * out * out, mask, big)})
