"""Optional downloads of the full upstream versions of bundled data sets, into a user cache.

Never needed by the tests or by the main job. Each download is checked against a sha256: the one given
(``--sha256``), else the one recorded in the registry (``download_sha256``), else the one recorded in the
cache manifest by the first download of that URL (trust on first use, printed so that it can be pinned).
A file that does not match is deleted and the command fails; nothing half-written is left in the cache.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pooch

from coalitionlab.catalog.registry import file_sha256, get
from coalitionlab.errors import BadInputError, DataFileError


def cache_dir() -> Path:
    """The download cache: ``$COALITIONLAB_CACHE`` or the OS user cache (``~/.cache/coalitionlab``)."""
    env = os.environ.get("COALITIONLAB_CACHE")
    return Path(env) if env else Path(pooch.os_cache("coalitionlab"))


def _manifest_path(cache: Path) -> Path:
    return cache / "manifest.json"


def _read_manifest(cache: Path) -> dict:
    path = _manifest_path(cache)
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise DataFileError(f"The download manifest {path} is corrupt ({exc}); delete it and retry.") from exc


def _write_manifest(cache: Path, manifest: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        json.dump(manifest, fh, indent=2, sort_keys=True)
    os.replace(tmp, _manifest_path(cache))


def download(name: str, url: str | None = None, sha256: str | None = None,
             cache: Path | None = None) -> Path:
    """Fetch the full upstream file of data set ``name`` into the cache and return its path."""
    ds = get(name)
    url = url or ds.url
    if not url.startswith(("http://", "https://")):
        raise BadInputError(f"'{url}' is not an http(s) address.")
    cache = Path(cache) if cache else cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(cache)
    known = sha256 or getattr(ds, "download_sha256", None) or manifest.get(url, {}).get("sha256")
    fname = f"{name}-{Path(url.rstrip('/')).name or 'index.html'}"
    target = cache / fname
    if target.exists() and known and file_sha256(target) == known:
        return target
    if target.exists():
        target.unlink()
    try:
        path = Path(pooch.retrieve(url, known_hash=f"sha256:{known}" if known else None, fname=fname,
                                   path=cache, progressbar=False))
    except ValueError as exc:  # pooch: hash mismatch (it deletes the temporary file itself)
        raise DataFileError(f"Download of '{name}' from {url} failed its checksum: {exc}") from exc
    except Exception as exc:  # network errors of every kind
        raise DataFileError(
            f"Could not download '{name}' from {url}: {exc}. Check the connection or pass --url."
        ) from exc
    digest = file_sha256(path)
    manifest[url] = {"name": name, "file": path.name, "sha256": digest}
    _write_manifest(cache, manifest)
    return path
