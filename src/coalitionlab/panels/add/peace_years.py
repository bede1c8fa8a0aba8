"""Peace years: time since the last event in a unit (Carter and Signorino 2010 cubic polynomial)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from coalitionlab.errors import BadInputError
from coalitionlab.panels._lookup import attach, int_array
from coalitionlab.panels.add._base import Query
from coalitionlab.panels.unit import codes

_MAKERS = {"cowmidonset": "add_cow_mids()", "cowmidongoing": "add_cow_mids()", "gmlmidonset": "add_gml_mids()",
           "gmlmidongoing": "add_gml_mids()"}
_PREFIX = {"cow": "cowmid", "gml": "gmlmid"}
SINCE = ("ongoing", "onset")


def _event_column(since: str = "ongoing", source: str = "cow") -> str:
    """The event column that :func:`add_peace_years` counts from: ``cowmidongoing`` by default."""
    if since not in SINCE:
        raise BadInputError(f"add_peace_years(since={since!r}): choose 'ongoing' (years since the last year a "
                            "dispute was ongoing, peacesciencer's default) or 'onset' (years since the last onset).")
    if source not in _PREFIX:
        raise BadInputError(f"add_peace_years(source={source!r}): choose 'cow' (COW MID 5.0) or 'gml' (GML MID).")
    return f"{_PREFIX[source]}{since}"


def add_peace_years(df: pd.DataFrame, event: str | None = None, name: str = "pys", *,
                    since: Literal["ongoing", "onset"] = "ongoing", source: Literal["cow", "gml"] = "cow"
                    ) -> pd.DataFrame:
    """Add ``pys``, ``pys2``, ``pys3``: years since the last event in the same unit, and its square and cube
    (Carter and Signorino 2010), counted as peacesciencer's ``add_spells()`` counts its ``cowmidspell``.

    The event is, by default, a dispute **ongoing** (``since="ongoing"``: ``cowmidongoing``, from
    :func:`add_cow_mids`), as in peacesciencer's ``add_spells()`` default and its older ``add_peace_years()``:
    a year in which the two states were in a dispute is not a peace year, however long ago the dispute began.
    ``since="onset"`` counts from the last onset instead (``cowmidonset``), so the years of a dispute that
    goes on count as peace years (this function's default before issue 13). ``source="gml"`` uses
    ``gmlmidongoing`` / ``gmlmidonset`` from :func:`add_gml_mids`. ``event`` names any 0/1 column directly and
    overrides both.

    The counter is ``ps_spells()`` (stevemisc; the same as DAMisc ``btscs``) with ``ongoing = FALSE``: within a
    unit, the dyad (ccode1, ccode2; directed dyads are separate series) or the state, in year order, ``pys`` is
    the number of consecutive non-event observations just before the row: 0 in the unit's first observation and
    in the year after an event; an event year carries the count of the peace years before it. Only the rows of
    ``df`` count ("within the data"): a gap in a unit's years is skipped, not counted, as in btscs. ``name``
    changes the column names (``name``, ``name2``, ``name3``; peacesciencer's name is ``cowmidspell``).

    NA-safe: rows where the event is NA (e.g. outside the MID coverage, 1816-2014 for COW) get NA and do not
    enter the count (peacesciencer stops and asks you to drop them).
    """
    if event is None:
        event = _event_column(since, source)
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
