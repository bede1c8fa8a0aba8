"""The unit of a panel, read from its key columns (never from ``DataFrame.attrs``, which pandas drops).

A frame is a *dyad-year* frame when it has ``ccode1, ccode2, year`` (COW) or ``gwcode1, gwcode2, year``
(Gleditsch-Ward), and a *state-year* frame when it has ``ccode, year`` or ``gwcode, year``. Dyad keys win
when a frame has both (a frame of (candidate, U.S., year) dyads may also carry a ``ccode`` column). Any
frame with the key columns is accepted: extra columns and the row order are kept by every ``add_*``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from coalitionlab.errors import BadInputError

Unit = Literal["state_year", "dyad_year"]
System = Literal["cow", "gw"]

# (unit, system) -> key columns, in order.
KEYS: dict[tuple[str, str], tuple[str, ...]] = {
    ("dyad_year", "cow"): ("ccode1", "ccode2", "year"),
    ("dyad_year", "gw"): ("gwcode1", "gwcode2", "year"),
    ("state_year", "cow"): ("ccode", "year"),
    ("state_year", "gw"): ("gwcode", "year"),
}


class PanelUnitError(BadInputError):
    """A frame without the key columns an ``add_*`` function needs, or of the wrong unit."""


@dataclass(frozen=True)
class PanelUnit:
    """What a panel is: its unit (state-year or dyad-year) and its country system (COW or G-W)."""

    unit: Unit
    system: System

    @property
    def keys(self) -> tuple[str, ...]:
        """The key columns of this unit."""
        return KEYS[(self.unit, self.system)]

    @property
    def code_columns(self) -> tuple[str, ...]:
        """The country-code key columns (the keys without ``year``)."""
        return self.keys[:-1]


def panel_unit(df: pd.DataFrame) -> PanelUnit | None:
    """Infer the unit of ``df`` from its key columns; ``None`` when it has none of them."""
    cols = set(df.columns)
    for unit in ("dyad_year", "state_year"):
        for system in ("cow", "gw"):
            if set(KEYS[(unit, system)]) <= cols:
                return PanelUnit(unit, system)  # type: ignore[arg-type]
    return None


def is_directed(df: pd.DataFrame) -> bool:
    """Whether a dyad-year frame is directed: it has some row with code1 > code2."""
    u = require(df, "is_directed", units=("dyad_year",))
    c1, c2 = (codes(df[c]) for c in u.code_columns)
    return bool((c1 > c2).any())


_CREATE = {"dyad_year": "create_dyadyears()", "state_year": "create_stateyears()"}
_NAMES = {"dyad_year": "dyad-year", "state_year": "state-year"}


def require(
    df: pd.DataFrame,
    func: str,
    units: tuple[Unit, ...] = ("dyad_year", "state_year"),
    systems: tuple[System, ...] = ("cow", "gw"),
) -> PanelUnit:
    """Check that ``df`` is a panel ``func`` can use; raise :class:`PanelUnitError` naming the fix if not."""
    func = func if func.endswith(")") else f"{func}()"
    if not isinstance(df, pd.DataFrame):
        raise PanelUnitError(f"{func} needs a pandas DataFrame, not {type(df).__name__}.")
    u = panel_unit(df)
    if u is None or u.unit not in units:
        wanted = " or ".join(
            f"{_NAMES[un]} data with columns {', '.join(KEYS[(un, 'cow')])}" for un in units
        )
        run = " or ".join(_CREATE[un] for un in units)
        have = f"this frame looks like {_NAMES[u.unit]} data" if u else "this frame has none of those key columns"
        raise PanelUnitError(f"{func} needs {wanted} (or the G-W gwcode equivalents); {have}. "
                             f"Run {run} first.")
    if u.system not in systems:
        raise PanelUnitError(f"{func} supports {' and '.join(s.upper() for s in systems)} codes only; "
                             f"this frame has {u.system.upper()} key columns {', '.join(u.keys)}.")
    return u


def codes(s: pd.Series, narrow: bool = False) -> np.ndarray:
    """A key column as int64 numpy, with -1 for missing or non-integer values (they match nothing).

    ``narrow=True`` passes numpy int32 columns (the panels' own keys) through without widening: faster, for
    callers that only index with them (never multiply them).
    """
    if narrow and s.dtype == np.int32:
        return s.to_numpy()
    if isinstance(s.dtype, pd.api.extensions.ExtensionDtype) or s.dtype == object:
        num = pd.to_numeric(s, errors="coerce")
        if pd.api.types.is_integer_dtype(num.dtype):
            return num.to_numpy(dtype="int64", na_value=-1)
        arr = num.to_numpy(dtype="float64", na_value=np.nan)
    else:
        arr = s.to_numpy()
        if np.issubdtype(arr.dtype, np.integer):
            return arr.astype("int64", copy=False)
        if arr.dtype == bool:
            return arr.astype("int64")
        arr = arr.astype("float64")
    bad = ~np.isfinite(arr) | (arr != np.round(arr))
    return np.where(bad, -1, np.nan_to_num(arr, nan=-1.0, posinf=-1, neginf=-1)).astype("int64")


def check_new_columns(df: pd.DataFrame, new: list[str], func: str) -> None:
    """Refuse to overwrite columns the frame already has (a second add_* call, or the user's own)."""
    clash = [c for c in new if c in df.columns]
    if clash:
        raise BadInputError(f"{func}() would overwrite existing column(s) {', '.join(clash)}; "
                            f"drop or rename them first.")
