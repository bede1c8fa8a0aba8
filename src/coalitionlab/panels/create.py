"""Create the unit of analysis: state-years and dyad-years of the COW or Gleditsch-Ward state system.

Membership comes from :func:`coalitionlab.catalog.countries.system_membership`: a state is in the system in
year *y* when any of its membership spells covers any day of *y*. The COW list ends in 2016 and the G-W list
in 2020; spells still open then are extended to 2024 (``LAST_YEAR``), as peacesciencer's ``mry = TRUE`` does.
Dyad-years drop the impossible dyads listed in peacesciencer's ``false_cow_dyads`` / ``false_gw_dyads`` (a
state and its own predecessor or successor in the same year), in both directions.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.catalog.countries import FIRST_YEAR, LAST_YEAR, system_membership
from coalitionlab.errors import BadInputError, CoverageError
from coalitionlab.panels._lookup import arrow_np

Years = tuple[int, int]


def _check_system(system: str) -> str:
    s = str(system).lower()
    if s not in ("cow", "gw"):
        raise BadInputError(f"Unknown state system '{system}'. Use 'cow' (Correlates of War) or 'gw' "
                            f"(Gleditsch-Ward).")
    return s


def check_years(years: Years | None) -> Years:
    """Validate a (start, end) year window against the state system's coverage, 1816-2024."""
    if years is None:
        return FIRST_YEAR, LAST_YEAR
    try:
        start, end = (int(y) for y in years)
    except (TypeError, ValueError):
        msg = f"Years must be a (start, end) pair of integers, e.g. (1946, 2014); got {years!r}."
        raise BadInputError(msg) from None
    if start > end:
        raise CoverageError(f"Years {start}-{end} are reversed: give start <= end, within the state system's "
                            f"coverage {FIRST_YEAR}-{LAST_YEAR}.")
    if start < FIRST_YEAR or end > LAST_YEAR:
        raise CoverageError(f"Years {start}-{end} are outside the state system's coverage, "
                            f"{FIRST_YEAR}-{LAST_YEAR}. Give years from {FIRST_YEAR} to {LAST_YEAR}.")
    return start, end


def parse_years(text: str | None) -> Years | None:
    """Parse ``"1946-2014"`` (or a single year ``"1990"``) into a checked (start, end) pair."""
    if text is None or str(text).strip() == "":
        return None
    m = re.fullmatch(r"\s*(\d{3,4})\s*(?:[-:]\s*(\d{3,4}))?\s*", str(text))
    if not m:
        raise BadInputError(f"Cannot read years '{text}': write START-END, e.g. 1946-2014 "
                            f"(coverage {FIRST_YEAR}-{LAST_YEAR}).")
    start = int(m.group(1))
    end = int(m.group(2)) if m.group(2) else start
    return check_years((start, end))


@cache
def _membership(system: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted member codes and a (code, year-1816) boolean membership matrix. Read-only, cached."""
    col = "ccode" if system == "cow" else "gwcode"
    s = system_membership(system)  # type: ignore[arg-type]
    cc = s[col].to_numpy("int64")
    st = s["styear"].to_numpy("int64")
    en = s["endyear_mry"].to_numpy("int64")
    codes = np.unique(cc)
    pos = np.searchsorted(codes, cc)
    ny = LAST_YEAR - FIRST_YEAR + 1
    yrs = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    m = np.zeros((len(codes), ny), bool)
    for p, a, b in zip(pos, st, en, strict=True):  # ~250 spells
        m[p] |= (yrs >= a) & (yrs <= b)
    codes.setflags(write=False)
    m.setflags(write=False)
    return codes, m


@cache
def _dyad_matrix(system: str) -> np.ndarray:
    """(code1, code2, year) boolean matrix of valid directed dyad-years. Read-only, cached."""
    codes, m = _membership(system)
    p = m[:, None, :] & m[None, :, :]
    idx = np.arange(len(codes))
    p[idx, idx, :] = False
    name, c1, c2 = ("false_cow_dyads", "ccode1", "ccode2") if system == "cow" else ("false_gw_dyads", "gwcode1",
                                                                                     "gwcode2")
    t = load_table(name, [c1, c2, "year"])
    a, b, y = arrow_np(t, c1)[0], arrow_np(t, c2)[0], arrow_np(t, "year")[0]
    ok = np.isin(a, codes) & np.isin(b, codes) & (y >= FIRST_YEAR) & (y <= LAST_YEAR)
    pa_, pb, py = np.searchsorted(codes, a[ok]), np.searchsorted(codes, b[ok]), y[ok] - FIRST_YEAR
    p[pa_, pb, py] = False
    p[pb, pa_, py] = False
    p.setflags(write=False)
    return p


def create_stateyears(system: str = "cow", years: Years | None = None) -> pd.DataFrame:
    """State-years of the COW (``ccode, year``) or G-W (``gwcode, year``) state system.

    A state is in year *y* when any of its membership spells covers any day of *y*; states in the system at the
    end of the list (COW 2016, G-W 2020) stay through 2024. ``years`` is an inclusive (start, end) window within
    1816-2024 (default: all). Rows are sorted by code, then year; keys are int32.
    """
    system = _check_system(system)
    start, end = check_years(years)
    codes, m = _membership(system)
    i, yi = np.nonzero(m[:, start - FIRST_YEAR:end - FIRST_YEAR + 1])
    col = "ccode" if system == "cow" else "gwcode"
    return pd.DataFrame({col: codes[i].astype("int32"), "year": (yi + start).astype("int32")})


def create_dyadyears(system: str = "cow", directed: bool = True, years: Years | None = None) -> pd.DataFrame:
    """Dyad-years of the COW (``ccode1, ccode2, year``) or G-W (``gwcode1, gwcode2, year``) state system.

    Every ordered pair of distinct states that are both system members in a year (a state is a member in *y*
    when any of its spells covers any day of *y*), minus the impossible dyads of ``false_cow_dyads`` /
    ``false_gw_dyads`` in both directions. Directed data has both (a, b) and (b, a); non-directed data
    (``directed=False``) keeps code1 < code2. Full COW 1816-2024 directed: 2,214,930 rows, as peacesciencer.
    Rows are sorted by code1, code2, year; keys are int32.
    """
    system = _check_system(system)
    start, end = check_years(years)
    codes, _ = _membership(system)
    p = _dyad_matrix(system)[:, :, start - FIRST_YEAR:end - FIRST_YEAR + 1]
    if not directed:
        p = p & np.triu(np.ones((len(codes), len(codes)), bool), k=1)[:, :, None]
    i, j, yi = np.nonzero(p)
    c1, c2 = ("ccode1", "ccode2") if system == "cow" else ("gwcode1", "gwcode2")
    c32 = codes.astype("int32")
    return pd.DataFrame({c1: c32[i], c2: c32[j], "year": (yi + start).astype("int32")})
