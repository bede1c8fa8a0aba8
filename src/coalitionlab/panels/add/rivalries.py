"""Strategic rivalries: Thompson and Dreyer (2012) and Thompson, Sakuwa and Suhas (2021)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.errors import BadInputError
from coalitionlab.panels._lookup import Grid, arrow_np, attach
from coalitionlab.panels.add._base import Query, coverage

_SOURCES = {"td": ("td_rivalries", "rivalryno", "styear", "endyear"),
            "tss": ("tss_rivalries", "tssr_id", "start", "end")}


@cache
def _rivalries(source: str) -> Grid:
    name, rid, st, en = _SOURCES[source]
    t = load_table(name)
    c1, c2, rv = arrow_np(t, "ccode1")[0], arrow_np(t, "ccode2")[0], arrow_np(t, rid)[0]
    sy, ey = np.maximum(arrow_np(t, st)[0], 1816), arrow_np(t, en)[0]
    keep = ey >= sy
    c1, c2, rv, sy, ey = c1[keep], c2[keep], rv[keep], sy[keep], ey[keep]
    lens = ey - sy + 1
    rep = np.repeat(np.arange(len(c1)), lens)
    year = sy[rep] + np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
    x = pd.DataFrame({"a": np.concatenate([c1[rep], c2[rep]]), "b": np.concatenate([c2[rep], c1[rep]]),
                      "year": np.concatenate([year, year]), "id": np.concatenate([rv[rep], rv[rep]])})
    x = x.groupby(["a", "b", "year"], as_index=False)["id"].min()  # several rivalries: the lowest id
    cov = coverage(name)
    g = Grid([x["a"].to_numpy(), x["b"].to_numpy()], x["year"].to_numpy(), (1816, cov[1]))
    g.add(f"{source}_rivalry", np.ones(len(x), "int8"), fill=0, kind="Int8")
    g.add(f"{source}_rivalry_id", x["id"].to_numpy(), kind="Int32")
    return g


def add_strategic_rivalries(df: pd.DataFrame, source: str = "td") -> pd.DataFrame:
    """Add strategic rivalries: ``{source}_rivalry`` (1 = the two states are in an ongoing strategic rivalry that
    year, 0 = not) and ``{source}_rivalry_id`` (the rivalry's id; the lowest when several; NA when none).

    ``source="td"``: Thompson and Dreyer (2012), *Handbook of International Rivalries*, 1494-2010.
    ``source="tss"``: Thompson, Sakuwa and Suhas (2021) update, 1494-2020. A rivalry covers every year from its
    start to its end year inclusive. Symmetric (looked up in both directions). Dyad-years only.
    NA: years after the source's end (2010 or 2020).
    """
    if source not in _SOURCES:
        raise BadInputError(f"Unknown rivalry source '{source}'. Use 'td' (Thompson and Dreyer 2012) or 'tss' "
                            f"(Thompson, Sakuwa and Suhas 2021).")
    q = Query(df, "add_strategic_rivalries", units=("dyad_year",))
    names = [f"{source}_rivalry", f"{source}_rivalry_id"]
    q.check(names)
    g = _rivalries(source)
    flat = g.locate(q.keys, q.year)
    return attach(df, {n: g.get(n, flat) for n in names})
