"""The built data set, cached on disk so that commands do not rebuild it each time.

Key: a hash of the code (the package version and the source of the ``catalog``, ``panels`` and ``interventions``
packages), the bundled data (``data/SHA256SUMS``) and the curated facts used (every YAML file of the bundled
``interventions/curated`` folder, and of the user's ``--curated`` folder by name and content, with the mode: add to
the bundled facts or replace them). A change to any of them is a new key, so a stale data set is never served.
Where: ``$COALITIONLAB_CACHE/dataset`` or the OS user cache
(``~/.cache/coalitionlab/dataset``); ``COALITIONLAB_NO_CACHE=1`` turns it off. Writes are atomic; an entry that
cannot be read back (truncated, from another Python) is ignored and rebuilt. The files are pickles this package
writes into the user's own cache: never point the cache at files from elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import coalitionlab
from coalitionlab.catalog.cite import provenance, track_sources
from coalitionlab.catalog.download import cache_dir
from coalitionlab.display import Summary
from coalitionlab.errors import OutputError
from coalitionlab.interventions import build as _build
from coalitionlab.interventions.build import CoalitionData, write_dataset
from coalitionlab.interventions.curated import FACT_KINDS, CuratedFolder, curated_source
from coalitionlab.interventions.curated import curated_mode as _mode_of
from coalitionlab.io import atomic_dir, atomic_path, check_input_dir

FORMAT = 1  # bump when CoalitionData changes shape
_CODE_PACKAGES = ("catalog", "panels", "interventions")


def check_curated_dir(curated_dir: str | Path | CuratedFolder) -> Path:
    """Before the work: a user's curated folder exists, is a folder, its YAML files are UTF-8 text, and it has
    facts: the partner entries (``partners.yaml`` or ``partners/``) when it replaces the bundled facts (a plain
    path, or mode ``replace``), at least one kind of fact (:data:`~coalitionlab.interventions.curated.FACT_KINDS`)
    when it adds to them."""
    folder = check_input_dir(Path(curated_dir), "--curated", pattern=None)
    if _mode_of(curated_dir) == "add":
        if not any(os.path.lexists(folder / f"{stem}.yaml") or (folder / sub).is_dir() for stem, sub in FACT_KINDS):
            raise OutputError(
                f"--curated '{folder}' holds no curated facts: none of partners.yaml, exclusions.yaml, "
                "war_links.yaml, igo_sponsorship.yaml, success.yaml, nor a partners/, exclusions/, igo/ or success/ "
                "folder of YAML files (see docs/curated_facts.md).")
    elif not (os.path.lexists(folder / "partners.yaml") or (folder / "partners").is_dir()):
        raise OutputError(f"--curated '{folder}' has no partners.yaml and no partners/ folder of YAML files; a "
                          "curated facts folder that replaces the bundled facts needs at least the partner entries "
                          "(see docs/curated_facts.md; --curated-mode add puts a few facts beside the bundled ones).")
    return check_input_dir(folder, "--curated")


def dataset_cache_dir() -> Path:
    """The folder of the cached data sets (created on first write)."""
    return cache_dir() / "dataset"


def _hash_files(h, root: Path, files: list[Path]) -> None:
    for p in files:
        h.update(str(p.relative_to(root)).encode() + b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")


def dataset_key(curated_dir: str | Path | CuratedFolder | None = None) -> str:
    """The cache key of the data set built from ``curated_dir`` (None: the bundled facts; a plain path replaces
    them; a :class:`~coalitionlab.interventions.curated.CuratedFolder` adds to them or replaces them): a 16-hex
    hash of the code, the bundled data, the curated files and the mode."""
    root = Path(coalitionlab.__file__).parent
    h = hashlib.sha256(f"coalitionlab {coalitionlab.__version__} dataset format {FORMAT}\n".encode())
    for pkg in _CODE_PACKAGES:
        _hash_files(h, root, sorted((root / pkg).rglob("*.py")))
    sums = root / "data" / "SHA256SUMS"
    if sums.exists():
        h.update(sums.read_bytes())
    # codebook, registry, bundled curated facts; not the audit's judged samples, which the build never reads
    _hash_files(h, root, sorted(p for p in root.rglob("*.yaml") if "audit_samples" not in p.parts))
    if curated_dir is not None:
        folder = Path(curated_dir).resolve()
        h.update(f"user curated, mode {_mode_of(curated_dir)}\0".encode())
        # the files the build reads: NAME.yaml and NAME/*.yaml (never a recursive scan of a large folder)
        _hash_files(h, folder, sorted(p for pat in ("*.yaml", "*/*.yaml") for p in folder.glob(pat) if p.is_file()))
    return h.hexdigest()[:16]


def load_dataset(curated_dir: str | Path | CuratedFolder | None = None,
                 progress: Callable[[str], None] | None = None, use_cache: bool | None = None,
                 stats: dict | None = None, curated_mode: str | None = None) -> CoalitionData:
    """The coalition data set: from the disk cache when the code, bundled data and curated files are unchanged,
    else built (:func:`~coalitionlab.interventions.build.build_dataset`) and cached. ``curated_dir``: None for
    the bundled facts, else a user's folder, with ``curated_mode`` ``"add"`` (beside the bundled facts) or
    ``"replace"`` (instead of them; the default for a plain path). ``data.sources`` names the bundled data sets
    the build read. ``stats`` (a dict) receives ``cache`` = ``"hit"`` or ``"miss"`` and ``key``. Use it wherever a
    command needs the data set (fit, findings, forecast, report)."""
    curated_dir = curated_source(curated_dir, curated_mode)
    if curated_dir is not None:
        check_curated_dir(curated_dir)
    if use_cache is None:
        use_cache = os.environ.get("COALITIONLAB_NO_CACHE", "") in ("", "0")
    key = dataset_key(curated_dir)
    path = dataset_cache_dir() / f"{key}.pkl"
    stats = {} if stats is None else stats
    stats["key"] = key
    if use_cache and path.is_file():
        try:
            with open(path, "rb") as fh:
                data = pickle.load(fh)
            if isinstance(data, CoalitionData):
                stats["cache"] = "hit"
                return data
        except Exception:  # noqa: BLE001 - a truncated or foreign entry is rebuilt
            pass
    with track_sources() as used:
        data = _build.build_dataset(progress, curated_dir=curated_dir)
    data.sources = tuple(sorted(used))
    stats["cache"] = "miss"
    if use_cache:
        try:
            with atomic_path(path) as tmp, open(tmp, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:  # an unwritable cache never fails the command
            pass
    return data


@dataclass
class BuildResult:
    """A data set written to a folder (``coalitionlab build``)."""

    data: CoalitionData = field(repr=False)
    out: Path
    files: list[Path]
    seconds: float
    cache: str

    def summary(self) -> Summary:
        s = self.data.summary()
        s.add_fact("Output", f"{len(self.files)} files in {self.out} ({self.seconds:.1f} s, data set from the "
                             f"{'cache' if self.cache == 'hit' else 'build'})")
        s.add_fact("Sources", ", ".join(self.data.sources) or "not tracked")
        return s.add_notes(["sources.bib in the output folder cites coalitionlab and every data set the build "
                            "used; metadata.json records the version, data version and commit."])

    def to_dict(self) -> dict:
        return {**self.data.to_dict(), "out": str(self.out), "files": [p.name for p in self.files],
                "seconds": round(self.seconds, 2), "cache": self.cache, "provenance": provenance(
                    "coalitionlab build", self.data.sources)}


def create_dataset_folder(out: str | Path, curated_dir: str | Path | CuratedFolder | None = None,
                          force: bool = False, progress: Callable[[str], None] | None = None,
                          use_cache: bool | None = None, create_parent: bool = False,
                          curated_mode: str | None = None) -> BuildResult:
    """Build (or take from the cache) the data set and write it into the folder ``out`` atomically: checks first
    (the curated folder readable as UTF-8 YAML, ``out`` writable and not a file, an earlier output replaced only
    with ``force``), then a lock, then a temporary sibling folder renamed into place, so that an error or Ctrl-C
    leaves the previous output whole. ``curated_dir`` and ``curated_mode`` as in :func:`load_dataset`."""
    started = time.perf_counter()
    curated_dir = curated_source(curated_dir, curated_mode)
    if curated_dir is not None:
        check_curated_dir(curated_dir)
    stats: dict = {}
    step = progress or (lambda _m: None)
    with atomic_dir(out, force=force, create_parent=create_parent) as tmp:
        data = load_dataset(curated_dir, step, use_cache, stats)
        step("writing Parquet, CSV and Stata files")
        command = "coalitionlab build" + (f" --curated {curated_dir} --curated-mode {curated_dir.mode}"
                                          if curated_dir is not None else "")
        files = write_dataset(data, tmp, command=command)
    out = Path(out)
    files = [out / p.name for p in files]
    return BuildResult(data, out, files, time.perf_counter() - started, stats.get("cache", "miss"))
