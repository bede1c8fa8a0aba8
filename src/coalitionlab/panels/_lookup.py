"""Fast key lookups for the add_* functions: dense (code, code, year) -> source-row indexes in numpy.

A pandas merge on 2 million dyad-years with nullable keys is slow and can duplicate rows. Instead each source
is indexed once (cached) into a dense int32 array addressed by compact code positions and the year; a query
is three gathers, cannot change the row count and keeps the row order.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from coalitionlab.catalog import load_table
from coalitionlab.panels.unit import PanelUnit, codes

MAXCODE = 1000  # COW and G-W codes are below 1000


def arrow_np(table: pa.Table, col: str, dtype: str = "int64") -> tuple[np.ndarray, np.ndarray]:
    """A column of an arrow table as (values, missing mask) numpy arrays (ints filled with 0, floats NaN)."""
    arr = table.column(col)
    mask = np.asarray(pc.is_null(arr).to_numpy(zero_copy_only=False), dtype=bool)
    if dtype.startswith("int"):
        vals = pc.fill_null(arr, 0).to_numpy(zero_copy_only=False).astype(dtype, copy=False)
    else:
        vals = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False).astype("float64", copy=False)
    return vals, mask


def clean_codes(k: np.ndarray) -> np.ndarray:
    """Codes as int64 positions into a ``MAXCODE + 1`` table: invalid (negative, >= MAXCODE) -> MAXCODE."""
    if k.dtype == np.int32:  # panel keys: no widening copy
        return np.minimum(k.view(np.uint32), MAXCODE, dtype=np.int64)  # negative -> huge -> MAXCODE
    u = k.view(np.uint64) if k.dtype == np.int64 else k.astype(np.int64).view(np.uint64)
    return np.minimum(u, MAXCODE).view(np.int64)


def parallel_take(arrays: list[np.ndarray], idx: np.ndarray) -> list[np.ndarray]:
    """``np.take(a, idx)`` for each array; on two threads (numpy releases the GIL) when the work is large.

    The pool lives only for this call, so nothing survives a fork.
    """
    if len(idx) * len(arrays) < 2_000_000 or (os.cpu_count() or 1) < 2:
        return [np.take(a, idx) for a in arrays]
    with ThreadPoolExecutor(max_workers=2) as ex:
        return list(ex.map(lambda a: np.take(a, idx), arrays))


def _ro(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


class DenseIndex:
    """(code1, [code2,] year) -> row of a source table; -1 where the source has no row.

    Codes map to compact positions; every unknown or out-of-range code maps to one extra "null" position and
    every out-of-range year to one extra "null" year, whose cells are all -1. A query is then a few gathers
    with no branches: no merge, no hashing, no change in row count or order.
    """

    def __init__(self, keys: list[np.ndarray], year: np.ndarray) -> None:
        allc = np.unique(np.concatenate(keys)) if len(year) else np.array([], "int64")
        allc = allc[(allc >= 0) & (allc < MAXCODE)]
        self.n = len(allc) + 1  # + null position
        self.pos = np.full(MAXCODE + 1, self.n - 1, "int64")
        self.pos[allc] = np.arange(len(allc))
        self.y0 = int(year.min()) if len(year) else 0
        self.ny = (int(year.max()) - self.y0 + 1 if len(year) else 0) + 1  # + null year
        self.rows = np.full(self.n ** len(keys) * self.ny, -1, "int32")
        self.rows[self._flat(keys, year)] = np.arange(len(year), dtype="int32")
        _ro(self.rows)

    def _flat(self, keys: list[np.ndarray], year: np.ndarray) -> np.ndarray:
        flat = None
        for k in keys:
            p = self.pos[clean_codes(k)]
            flat = p if flat is None else flat * self.n + p
        yy = np.minimum(np.subtract(year, self.y0, dtype=np.int64).view(np.uint64), self.ny - 1).view(np.int64)
        return flat * self.ny + yy

    def find(self, keys: list[np.ndarray], year: np.ndarray) -> np.ndarray:
        """Source row for each query (int32), -1 where absent."""
        return self.rows[self._flat(keys, year)]


_NP = {"Int8": "int8", "Int16": "int16", "Int32": "int32", "Int64": "int64", "float": "float64"}


UY0, UY1 = 1800, 2030  # year span of one-key (state-year) grids


class Grid:
    """A source indexed once by dense (code..., year) cells, with coverage applied: a query is one index
    computation and one gather on the grid, then one or two gathers per column from the small source arrays.

    Each cell holds the source row, or one of two sentinels: "absent" (inside coverage, the source has no row:
    the column's ``fill``, or NA without one) and "NA" (outside ``coverage``, or a missing / invalid key).
    Dyad grids map codes to compact slots: each code of the source, one slot for valid codes (0-999) the source
    lacks (absent), one for missing or invalid keys (NA). State grids use the codes themselves (0-999, and
    1000 for missing / invalid) and the years 1800-2030. Year slots: the span plus one NA slot.
    """

    def __init__(self, keys: list[np.ndarray], year: np.ndarray, coverage: tuple[int, int]) -> None:
        nk = len(keys)
        if nk == 1:
            m = MAXCODE
            self.pos = np.arange(MAXCODE + 1, dtype="int64")
            self.y0, y1 = UY0, UY1
            coverage = (max(coverage[0], UY0), min(coverage[1], UY1))
            inside = (year >= UY0) & (year <= UY1)
        else:
            allc = np.unique(np.concatenate(keys)) if len(year) else np.array([], "int64")
            allc = allc[(allc >= 0) & (allc < MAXCODE)]
            m = len(allc)
            self.pos = np.full(MAXCODE + 1, m, "int64")  # valid code the source lacks
            self.pos[MAXCODE] = m + 1  # missing / invalid key
            self.pos[allc] = np.arange(m)
            self.y0 = min(int(year.min()) if len(year) else coverage[0], coverage[0])
            y1 = max(int(year.max()) if len(year) else coverage[1], coverage[1])
            inside = np.ones(len(year), bool)
        self.n = len(self.pos) if nk == 1 else m + 2
        self.ny = y1 - self.y0 + 2  # + NA year slot
        self.nrows = len(year)
        absent, na = self.nrows, self.nrows + 1
        rows = np.full((self.n,) * nk + (self.ny,), absent, "int64")
        rows.reshape(-1)[self._cells([k[inside] for k in keys], year[inside])] = np.flatnonzero(inside)
        for axis in range(nk):
            idx: list = [slice(None)] * (nk + 1)
            idx[axis] = self.n - 1
            rows[tuple(idx)] = na
        years = np.arange(self.ny) + self.y0
        rows[..., (years < coverage[0]) | (years > coverage[1])] = na
        rows[..., -1] = na
        self.rows = _ro(rows.reshape(-1))
        # state grids are small (1001 codes x 232 years): lay each column out densely, one gather per query
        self.dense = nk == 1
        self.columns: dict[str, tuple[np.ndarray, np.ndarray | None, float | int | None]] = {}

    def _cells(self, keys: list[np.ndarray], year: np.ndarray) -> np.ndarray:
        flat = None
        for k in keys:
            p = clean_codes(k) if len(keys) == 1 else np.take(self.pos, clean_codes(k))
            if flat is None:
                flat = p
            else:
                flat *= self.n
                flat += p
        yy = np.subtract(year, self.y0, dtype=np.int64).view(np.uint64)  # negative wraps to huge
        np.minimum(yy, self.ny - 1, out=yy)
        flat *= self.ny  # flat is always a fresh array
        flat += yy.view(np.int64)
        return flat

    def locate(self, keys: list[np.ndarray], year: np.ndarray) -> np.ndarray:
        """For each query row, where to gather from (int64); pass it to :meth:`get` / :meth:`get_many`.

        Dyad grids: the source row or a sentinel. State grids: the grid cell itself (columns are dense).
        """
        cells = self._cells(keys, year)
        return cells if self.dense else np.take(self.rows, cells)

    def add(
        self,
        name: str,
        values: np.ndarray,
        src_mask: np.ndarray | None = None,
        fill: float | int | None = None,
        kind: str = "Int32",
    ) -> Grid:
        """Register a source column (aligned with the rows given to the constructor)."""
        vals = np.empty(self.nrows + 2, _NP[kind])
        vals[: self.nrows] = values
        vals[self.nrows:] = 0 if fill is None else fill
        mask = np.zeros(self.nrows + 2, bool)
        if src_mask is not None:
            mask[: self.nrows] = src_mask
        mask[self.nrows] = fill is None
        mask[self.nrows + 1] = True
        structural = not mask[: self.nrows].any()  # NA only through the sentinels: no gather needed
        if self.dense:
            vals, mask, structural = vals[self.rows], mask[self.rows], False
        if kind == "float":
            vals[mask] = np.nan
            self.columns[name] = (_ro(vals), None, None)
        else:
            vals[mask] = 0
            self.columns[name] = (_ro(vals), None if structural else _ro(mask), fill)
        return self

    def get(self, name: str, located: np.ndarray):
        """The column for the rows :meth:`locate` found: a nullable integer array or float64 with NaN."""
        return self.get_many([name], located)[name]

    def get_sides(self, names: list[str], keys: list[np.ndarray], year: np.ndarray,
                  suffixes: list[str]) -> dict[str, object]:
        """State-level columns for each side of a dyad: ``keys[i]`` gets the names with ``suffixes[i]``."""
        out: dict[str, object] = {}
        for k, sfx in zip(keys, suffixes, strict=True):
            out |= self.get_many(names, self.locate([k], year), sfx)
        return out

    def get_many(self, names: list[str], located: np.ndarray, suffix: str = "") -> dict[str, object]:
        """Several columns at once (``name + suffix`` -> array); the gathers run on two threads for big frames."""
        jobs = []
        for name in names:
            vals, mask, _ = self.columns[name]
            jobs.append(vals)
            if mask is not None:
                jobs.append(mask)
        taken = iter(parallel_take(jobs, located))
        shared: dict[bool, np.ndarray] = {}
        out: dict[str, object] = {}
        for name in names:
            vals, mask, fill = self.columns[name]
            got = next(taken)
            if vals.dtype.kind == "f":
                out[name + suffix] = got
                continue
            if mask is not None:
                out[name + suffix] = pd.arrays.IntegerArray(got, next(taken))
                continue
            has_fill = fill is not None
            if has_fill not in shared:
                shared[has_fill] = located == self.nrows + 1 if has_fill else located >= self.nrows
            out[name + suffix] = pd.arrays.IntegerArray(got, shared[has_fill].copy())
        return out


@cache
def _gw_to_cow() -> DenseIndex:
    t = load_table("gw_cow_panel", ["gwcode", "ccode", "year"])
    t = t.filter(pc.is_valid(t.column("ccode")))
    idx = DenseIndex([arrow_np(t, "gwcode")[0]], arrow_np(t, "year")[0])
    idx.ccode = _ro(arrow_np(t, "ccode")[0])  # type: ignore[attr-defined]
    return idx


def cow_keys(df: pd.DataFrame, u: PanelUnit) -> tuple[list[np.ndarray], np.ndarray]:
    """The frame's code columns as COW codes (G-W codes translated by year via the isard crosswalk) and year.

    Missing keys and G-W codes without a COW counterpart in that year come back as -1 (they match nothing).
    """
    year = codes(df["year"], narrow=True)
    keys = [codes(df[c], narrow=True) for c in u.code_columns]
    if u.system == "gw":
        cw = _gw_to_cow()
        out = []
        year = year.astype(np.int64)
        for k in keys:
            k = k.astype(np.int64)
            r = cw.find([k], year)
            out.append(np.where(r >= 0, cw.ccode[np.maximum(r, 0)], -1))  # type: ignore[attr-defined]
        keys = out
    return keys, year


def int_array(values: np.ndarray, mask: np.ndarray, dtype: str = "Int32") -> pd.api.extensions.ExtensionArray:
    """A pandas nullable integer array from values and a missing mask."""
    np_dtype = {"Int8": "int8", "Int16": "int16", "Int32": "int32", "Int64": "int64"}[dtype]
    vals = values.astype(np_dtype)  # always a fresh array
    vals[mask] = 0
    return pd.arrays.IntegerArray(vals, np.array(mask, dtype=bool))


def attach(df: pd.DataFrame, new: dict[str, object]) -> pd.DataFrame:
    """A new frame: ``df``'s columns (same order and index) followed by ``new`` ones. ``df`` is untouched.

    The new arrays are fresh, so they are attached without a copy.
    """
    return pd.concat([df, pd.DataFrame(new, index=df.index, copy=False)], axis=1)
