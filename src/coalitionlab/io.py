"""Writing outputs safely: to a temporary file in the same folder, then an atomic rename.

A crash or an error never leaves half a file under the final name.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from coalitionlab.errors import BadInputError

TABLE_FORMATS = {".parquet": "Parquet", ".csv": "CSV", ".dta": "Stata"}


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the final file the usual permissions
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _json_safe(obj):
    """NaN and infinities become null (JSON has no NaN); numpy scalars become Python numbers."""
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_json_safe(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, str | bytes):
        try:
            obj = obj.item()
        except (ValueError, TypeError):
            return str(obj)
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if obj is pd.NA or obj is pd.NaT:
        return None
    return obj


def json_dumps(obj) -> str:
    """Strict JSON (no NaN) for the command's --json output and the main job's files."""
    return json.dumps(_json_safe(obj), indent=2, default=str, allow_nan=False)


def write_text(path: str | Path, text: str) -> Path:
    """Write text atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text)
    return Path(path)


def _stata_ready(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.BooleanDtype) or s.dtype == bool:
            out[col] = s.astype("Int8")
        elif pd.api.types.is_integer_dtype(s) and isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
            out[col] = s.astype("float64") if s.isna().any() else s.astype("int64")
        elif pd.api.types.is_string_dtype(s) or s.dtype == object:
            out[col] = s.astype(object).where(s.notna(), "").astype(str)
    out.columns = [str(c)[:32] for c in out.columns]
    return out


def write_table(df: pd.DataFrame, path: str | Path, variable_labels: dict[str, str] | None = None) -> Path:
    """Write a DataFrame as Parquet, CSV or Stata .dta, chosen by the file extension, atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise BadInputError(
            f"Cannot write '{path}': unknown extension '{suffix}'. Use one of {', '.join(TABLE_FORMATS)}."
        )
    with atomic_path(path) as tmp:
        if suffix == ".parquet":
            # pandas 3 reads back nested Arrow dtypes (list columns) from its own metadata with an error:
            # store them as plain object columns, which every reader (pandas 2/3, R arrow, duckdb) takes
            nested = [c for c in df.columns if isinstance(df[c].dtype, pd.ArrowDtype)]
            out = df.astype(dict.fromkeys(nested, object)) if nested else df
            out.to_parquet(tmp, index=False)
        elif suffix == ".csv":
            df.to_csv(tmp, index=False)
        else:
            labels = {k[:32]: v[:80] for k, v in (variable_labels or {}).items() if k in df.columns}
            _stata_ready(df).to_stata(tmp, write_index=False, variable_labels=labels, version=118)
    return path
