"""Loading bundled data sets as pandas DataFrames (checked against their sha256 on first use)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from coalitionlab.catalog.cite import record_source
from coalitionlab.catalog.registry import get, verify
from coalitionlab.errors import DataFileError

_INT_TYPES = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.string(): pd.StringDtype(),
    pa.large_string(): pd.StringDtype(),
}


@cache
def _table(name: str) -> pa.Table:
    ds = get(name)
    if ds.file.endswith(".json"):
        raise DataFileError(f"'{name}' is a JSON file, not a table: use load_json('{name}').")
    verify(name)
    try:
        return pq.read_table(ds.path)
    except (OSError, pa.ArrowInvalid) as exc:  # pragma: no cover - verify() catches corruption first
        raise DataFileError(f"Cannot read bundled file {ds.path}: {exc}") from exc


def load_table(name: str, columns: list[str] | None = None) -> pa.Table:
    """The bundled data set ``name`` as a pyarrow Table (fast path for panels)."""
    table = _table(name)
    record_source(name)
    if columns is not None:
        missing = [c for c in columns if c not in table.column_names]
        if missing:
            raise DataFileError(f"Data set '{name}' has no column(s) {missing}; it has {table.column_names}.")
        table = table.select(columns)
    return table


def load(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The bundled data set ``name`` as a DataFrame.

    Integer columns come back as pandas nullable integers (Int32 ...), strings as ``string``; missing
    values are ``<NA>``. Each call returns a fresh copy, so callers may modify it.
    """
    return load_table(name, columns).to_pandas(types_mapper=_INT_TYPES.get)


@cache
def _json(name: str) -> str:
    ds = get(name)
    if not ds.file.endswith(".json"):
        raise DataFileError(f"'{name}' is a table, not a JSON file: use load('{name}').")
    verify(name)
    return ds.path.read_text()


def load_json(name: str) -> Any:
    """A bundled JSON data set (the TopoJSON country shapes) as Python objects."""
    text = _json(name)
    record_source(name)
    return json.loads(text)
