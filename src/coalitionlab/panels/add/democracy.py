"""Democracy: Polity5 polity2, V-Dem v16 polyarchy and extended UDS (via isard)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.errors import BadInputError
from coalitionlab.panels._lookup import Grid, arrow_np, attach
from coalitionlab.panels.add._base import Query
from coalitionlab.panels.unit import codes

DEM_VARS = ("euds", "aeuds", "polity2", "v2x_polyarchy")


@cache
def _dem(system: str) -> Grid:
    name, col = ("democracy", "ccode") if system == "cow" else ("gw_democracy", "gwcode")
    t = load_table(name)
    y = arrow_np(t, "year")[0]
    g = Grid([arrow_np(t, col)[0]], y, (int(y.min()), int(y.max())))
    for v in DEM_VARS:
        vals, m = arrow_np(t, v, "int64" if v == "polity2" else "float64")
        m = m | np.isnan(vals) if v != "polity2" else m
        g.add(v, vals, src_mask=m, kind="Int8" if v == "polity2" else "float")
    return g


DEFAULT_DEM = ("polity2", "v2x_polyarchy", "euds")  # peacesciencer's set: Polity, V-Dem, (extended) UDS


def add_democracy(df: pd.DataFrame, columns: tuple[str, ...] | list[str] = DEFAULT_DEM) -> pd.DataFrame:
    """Add democracy scores (isard 0.2.0 compilation of Polity5, V-Dem v16 and extended UDS; COW or G-W codes).

    ``polity2`` (Polity5, -10..10), ``v2x_polyarchy`` (V-Dem v16 electoral democracy index, 0-1, to 2025),
    ``euds`` (extended Unified Democracy Scores, latent scale, mean 0) by default, as peacesciencer; ``columns``
    may also ask for ``aeuds`` (the extended UDS rescaled). Dyad-years get suffixes 1 and 2. G-W frames use the
    G-W edition (``gw_democracy``) directly, with no code translation.

    NA: each variable outside its own coverage (polity2 ends in 2018 for every state but the U.S., which the
    Polity project updated through 2020; v2x_polyarchy runs to 2025) and state-years the source does not score.
    """
    cols = [columns] if isinstance(columns, str) else list(columns)
    bad = [c for c in cols if c not in DEM_VARS]
    if bad:
        raise BadInputError(f"add_democracy() has no column(s) {', '.join(bad)}; choose from {', '.join(DEM_VARS)}.")
    q = Query(df, "add_democracy")
    g = _dem(q.unit.system)
    # native codes: G-W frames use the G-W edition, so no translation (COW keys are already native)
    keys = q.keys if q.unit.system == "cow" else [codes(df[c]) for c in q.unit.code_columns]
    sides = [("", keys[0])] if not q.dyad else [("1", keys[0]), ("2", keys[1])]
    q.check([f"{v}{s}" for s, _ in sides for v in cols])
    new = g.get_sides(cols, [k for _, k in sides], q.year, [s for s, _ in sides])
    return attach(df, new)
