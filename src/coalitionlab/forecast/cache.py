"""On-disk cache of the forecast's fitted models and measured scenarios (the data set has its own cache,
:mod:`coalitionlab.interventions.cache`).

Where: ``$COALITIONLAB_CACHE/forecast`` or the OS user cache (the download cache's folder, see
:func:`coalitionlab.catalog.download.cache_dir`). Keys: the data version (a hash of the bundled tables'
checksums, every YAML file in the package -- curated facts, codebook, registry -- and the package version), the
model specification and the cut-off year. Writes are atomic (a temporary file in the same folder, then
``os.replace``); a file that cannot be read back (truncated, corrupt, from another version) is ignored and
rebuilt. The files are pickles written by this package into the user's own cache: never point the cache at
files from elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
import weakref
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

import coalitionlab
from coalitionlab.catalog.download import cache_dir

FORMAT = 1  # bump when the cached objects change shape


def forecast_cache_dir() -> Path:
    """The folder of the forecast's cache (created on first write)."""
    return cache_dir() / "forecast"


@cache
def data_version() -> str:
    """Hash of what the data set and the models are made from: the bundled tables' checksums
    (``data/SHA256SUMS``), every YAML file in the package (curated facts with citations, codebook, registry, case
    library), the version and the source of the ``models`` and ``forecast`` packages and of
    ``interventions/candidates.py`` (a change in how a model is fitted or a feature measured is a new key)."""
    root = Path(coalitionlab.__file__).parent
    h = hashlib.sha256(f"coalitionlab {coalitionlab.__version__} format {FORMAT}\n".encode())
    sums = root / "data" / "SHA256SUMS"
    if sums.exists():
        h.update(sums.read_bytes())
    code = [*sorted((root / "models").rglob("*.py")), *sorted((root / "forecast").rglob("*.py")),
            root / "interventions" / "candidates.py"]  # the forecast's own features are measured there too
    for p in [*sorted(root.rglob("*.yaml")), *code]:
        h.update(str(p.relative_to(root)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


_FINGERPRINTS: dict[int, tuple[weakref.ref, str]] = {}


def data_fingerprint(data: Any) -> str:
    """The data version plus a hash of the data set actually passed (interventions, partners, candidates), so that
    a data set built from other curated files never meets models fitted on the bundled one. Memoized per
    object."""
    hit = _FINGERPRINTS.get(id(data))
    if hit is not None and hit[0]() is data:
        return hit[1]
    h = hashlib.sha256(data_version().encode())
    for df, cols in [(data.interventions, ["intervention_id", "start_year", "coalition", "igo_kind"]),
                     (data.partners, ["intervention_id", "ccode", "role"])]:
        h.update(pd.util.hash_pandas_object(df[cols].astype(str), index=False).to_numpy().tobytes())
    num = data.candidates.select_dtypes("number")
    h.update(pd.util.hash_pandas_object(num, index=False).to_numpy().tobytes())
    fp = h.hexdigest()[:16]
    try:
        _FINGERPRINTS[id(data)] = (weakref.ref(data), fp)
    except TypeError:  # an object without weak references: not memoized
        pass
    return fp


def key(*parts: Any) -> str:
    """A short stable hash of JSON-able ``parts`` (a model specification, a cut-off year)."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def path_for(kind: str, *parts: Any) -> Path:
    """The cache file of ``kind`` ("model", "scenario") for this data version and ``parts``."""
    return forecast_cache_dir() / f"{kind}-{data_version()}-{key(*parts)}.pkl"


def read(path: Path) -> Any | None:
    """The cached object, or None when the file is missing or cannot be read (it is then rebuilt)."""
    try:
        with open(path, "rb") as fh:
            obj = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a corrupt or foreign cache file is ignored and rebuilt
        return None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT or obj.get("data_version") != data_version():
        return None
    return obj.get("value")


def write(path: Path, value: Any) -> None:
    """Write atomically: a temporary file in the same folder, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump({"format": FORMAT, "data_version": data_version(), "value": value}, fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cached(path: Path, build: Callable[[], Any], stats: dict | None = None) -> Any:
    """``build()``'s value, read from ``path`` when it holds a good copy, else built and written."""
    value = read(path)
    if value is not None:
        if stats is not None:
            stats["hits"] = stats.get("hits", 0) + 1
        return value
    value = build()
    try:
        write(path, value)
    except OSError:  # a read-only cache still forecasts
        pass
    if stats is not None:
        stats["misses"] = stats.get("misses", 0) + 1
    return value
