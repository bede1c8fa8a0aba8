"""Citations and provenance of every output (as peacesciencer's ``ps_cite``).

* :func:`track_sources` records the bundled data sets a command reads (every :func:`~coalitionlab.catalog.load`,
  ``load_table`` and ``load_json`` call), so that the BibTeX written beside an output names exactly the sources
  it used, plus coalitionlab itself;
* :func:`provenance` is the metadata of every output: the package version, the data version (a hash of the
  bundled tables' checksums and of every YAML file in the package: curated facts, codebook, registry) and the
  git commit when the package runs from a checkout;
* :func:`cite` answers ``coalitionlab cite``: how to cite the data set and the software, and the two RAND
  studies it rebuilds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import subprocess
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import coalitionlab
from coalitionlab.display import Summary, Table

_USED: ContextVar[set[str] | None] = ContextVar("coalitionlab_sources_used", default=None)
PACKAGE_ROOT = Path(coalitionlab.__file__).parent

SOFTWARE_KEY = "coalitionlab"
# the software and data set itself, and the two studies whose questions it answers
OWN_ENTRIES = {
    SOFTWARE_KEY: {
        "kind": "software", "author": "{coalitionlab contributors}",
        "title": "coalitionlab: Data, Models and Tools for Research on U.S. Military Coalitions",
        "license": "MIT",  # no public address is recorded yet: add "url" here and to CITATION.cff when there is
        "text": "coalitionlab contributors ({year}). coalitionlab: Data, Models and Tools for Research on U.S. "
                "Military Coalitions, version {version} (data {data_version})."},
    "rand_coalitions_2021": {
        "kind": "techreport",
        "author": "Kavanagh, Jennifer and Absher, Samuel and Chandler, Nathan and Tabatabai, Ariane M. and "
                  "Martini, Jeffrey and Bae, Sebastian Joon and Byrne, Hannah Jane and Shurkin, Michael",
        "title": "Building Military Coalitions: Lessons from U.S. Experience", "institution": "RAND Corporation",
        "number": "RR-A859-1", "year": "2021", "address": "Santa Monica, CA",
        "doi": "10.7249/RR-A859-1", "url": "https://www.rand.org/pubs/research_reports/RRA859-1.html",
        "text": "Kavanagh, J., S. Absher, N. Chandler, A. M. Tabatabai, J. Martini, S. J. Bae, H. J. Byrne and "
                "M. Shurkin (2021). Building Military Coalitions: Lessons from U.S. Experience. RAND Corporation, "
                "RR-A859-1. doi:10.7249/RR-A859-1."},
    "rand_entanglement_2021": {
        "kind": "techreport",
        "author": "Priebe, Miranda and Rooney, Bryan and McCulloch, Caitlin and Burdette, Zachary",
        "title": "Do Alliances and Partnerships Entangle the United States in Conflict?",
        "institution": "RAND Corporation", "number": "RR-A739-3", "year": "2021", "address": "Santa Monica, CA",
        "url": "https://www.rand.org/pubs/research_reports/RRA739-3.html",
        "text": "Priebe, M., B. Rooney, C. McCulloch and Z. Burdette (2021). Do Alliances and Partnerships "
                "Entangle the United States in Conflict? RAND Corporation, RR-A739-3."},
}


def record_source(name: str) -> None:
    """Note that bundled data set ``name`` was read (called by the loaders; a no-op outside
    :func:`track_sources`)."""
    used = _USED.get()
    if used is not None:
        used.add(name)


@contextlib.contextmanager
def track_sources() -> Iterator[set[str]]:
    """Collect the names of the bundled data sets read inside the block (nested blocks add to the outer one)."""
    outer = _USED.get()
    used: set[str] = set()
    token = _USED.set(used)
    try:
        yield used
    finally:
        _USED.reset(token)
        if outer is not None:
            outer.update(used)


def cached(fn: Callable) -> Callable:
    """Like :func:`functools.cache`, and a hit records again the bundled data sets the first call read, so that
    :func:`track_sources` sees every source a result depends on even when it comes from memory. Use it instead of
    ``functools.cache`` on any function that loads bundled data (``fn.cache_clear()`` works as usual)."""
    memo: dict = {}

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        hit = memo.get(key)
        if hit is None:
            with track_sources() as used:
                value = fn(*args, **kwargs)
            memo[key] = hit = (value, tuple(used))
        elif hit[1]:
            for name in hit[1]:
                record_source(name)
        return hit[0]

    wrapper.cache_clear = memo.clear  # type: ignore[attr-defined]
    return wrapper


@cache
def data_version() -> str:
    """A 16-hex hash of what every output is built from: the bundled tables' checksums (``data/SHA256SUMS``)
    and every YAML file in the package (curated facts with citations, codebook, registry, case library)."""
    h = hashlib.sha256()
    sums = PACKAGE_ROOT / "data" / "SHA256SUMS"
    if sums.exists():
        h.update(sums.read_bytes())
    for p in sorted(PACKAGE_ROOT.rglob("*.yaml")):
        h.update(str(p.relative_to(PACKAGE_ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


@cache
def git_commit() -> str | None:
    """The git commit of the checkout the package runs from (``+dirty`` with local changes), or None for an
    installed wheel."""
    root = PACKAGE_ROOT.parent.parent
    if not (root / ".git").exists():
        return None
    try:
        out = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty=+dirty", "--abbrev=12"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def version_string() -> str:
    """``coalitionlab 0.1.0 (data 1a2b..., commit 3c4d...)`` for ``--version``."""
    commit = git_commit()
    return (f"coalitionlab {coalitionlab.__version__} (data {data_version()}"
            + (f", commit {commit})" if commit else ")"))


def provenance(command: str | None = None, sources: Iterable[str] = ()) -> dict:
    """The metadata every output carries: package version, data version, commit, time, command and sources."""
    return {"software": "coalitionlab", "version": coalitionlab.__version__, "data_version": data_version(),
            "commit": git_commit(), "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "command": command, "sources": sorted(sources)}


def _own_bibtex(key: str) -> str:
    e = OWN_ENTRIES[key]
    kind = {"software": "misc"}.get(e["kind"], e["kind"])
    fields = {k: v for k, v in e.items() if k not in ("kind", "text", "license")}
    if key == SOFTWARE_KEY:
        fields.update(year=str(dt.date.today().year), version=coalitionlab.__version__,
                      note=f"Version {coalitionlab.__version__}, data version {data_version()}")
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


def _own_text(key: str) -> str:
    return OWN_ENTRIES[key]["text"].format(year=dt.date.today().year, version=coalitionlab.__version__,
                                           data_version=data_version())


def bibtex(sources: Iterable[str], own: Iterable[str] = (SOFTWARE_KEY,)) -> str:
    """BibTeX entries: coalitionlab (and the other ``own`` entries) and each bundled data set in ``sources``."""
    from coalitionlab.catalog.registry import get

    entries = [_own_bibtex(k) for k in own] + [get(n).bibtex for n in sorted(set(sources))]
    return "\n\n".join(entries) + "\n"


def bibtex_file_text(sources: Iterable[str], command: str | None = None,
                     own: Iterable[str] = (SOFTWARE_KEY,)) -> str:
    """The text of a ``sources.bib`` written beside an output: a comment with the provenance, then the entries."""
    p = provenance(command, sources)
    head = (f"% Sources used by: {command or 'coalitionlab'}\n% coalitionlab {p['version']}, data version "
            f"{p['data_version']}, commit {p['commit'] or 'n/a (installed package)'}, written {p['created']}\n"
            "% Cite coalitionlab and every data set below (see `coalitionlab cite`).\n"
            + ("" if p["sources"] else "% The bundled data sets read were not tracked: build the data set with "
               "coalitionlab.interventions.cache.load_dataset() (or `coalitionlab build`) to list them.\n")
            + "\n")
    return head + bibtex(sources, own)


@dataclass
class Citations:
    """How to cite coalitionlab and the data it is built from (``coalitionlab cite``)."""

    sources: list[str] = field(default_factory=list)

    def entries(self) -> list[dict]:
        from coalitionlab.catalog.registry import get

        own = [{"key": k, "what": OWN_ENTRIES[k]["kind"], "citation": _own_text(k)} for k in OWN_ENTRIES]
        return own + [{"key": n, "what": "data set", "citation": get(n).citation} for n in self.sources]

    def bibtex(self) -> str:
        return bibtex(self.sources, own=OWN_ENTRIES)

    def summary(self) -> Summary:
        s = Summary("How to cite coalitionlab", facts=[("Version", coalitionlab.__version__),
                                                       ("Data version", data_version()),
                                                       ("Commit", git_commit() or "n/a (installed package)")])
        s.add_table(Table(["key", "what", "citation"], [list(e.values()) for e in self.entries()]))
        return s.add_notes(["Every build, panel and report writes a BibTeX file of exactly the data sets it used "
                            "beside its output; `coalitionlab cite --bibtex` prints these entries as BibTeX; "
                            "`coalitionlab data cite NAME` cites one bundled data set."])

    def to_dict(self) -> dict:
        return {"version": coalitionlab.__version__, "data_version": data_version(), "commit": git_commit(),
                "entries": self.entries(), "bibtex": self.bibtex()}


def cite(sources: Iterable[str] = ()) -> Citations:
    """How to cite coalitionlab, the RAND studies it rebuilds, and the bundled data sets named in ``sources``
    (unknown names raise with the closest matches)."""
    from coalitionlab.catalog.registry import get

    names = [get(n).name for n in sources]
    return Citations(sorted(set(names)))


def sidecars(path: str | Path) -> tuple[Path, Path]:
    """The BibTeX and metadata files written beside a table ``path``: ``NAME.bib`` and ``NAME.json``."""
    path = Path(path)
    return path.with_suffix(".bib"), path.with_suffix(".json")


def check_output_with_sources(path: str | Path, force: bool = False) -> None:
    """Before the work: the table ``path`` (an extension we write, a writable folder, not a folder or device, an
    existing file only with ``force``) and its two sidecar files can be written."""
    from coalitionlab.io import check_output_file, check_table_suffix

    check_table_suffix(path)
    check_output_file(path, force=force)
    for side in sidecars(path):
        check_output_file(side, force=True)


def write_with_sources(df, path: str | Path, command: str, sources: Iterable[str],
                       variable_labels: dict[str, str] | None = None, data_label: str | None = None,
                       value_labels: dict[str, dict[int, str]] | None = None) -> list[Path]:
    """Write a table (Parquet, CSV or Stata by extension) with ``NAME.bib`` (coalitionlab and every bundled data
    set in ``sources``) and ``NAME.json`` (provenance: version, data version, commit, command, sources, columns)
    beside it. The provenance also goes into the Parquet file's metadata and the Stata file's notes."""
    from coalitionlab.io import json_dumps, write_table, write_text

    path = Path(path)
    meta = provenance(command, sources)
    bib, side = sidecars(path)
    notes = [f"Written by {version_string()} on {meta['created']}.", f"Command: {command}",
             f"Sources: {', '.join(meta['sources']) or 'none'}; cite them (see {bib.name})."]
    written = [write_table(df, path, variable_labels=variable_labels, value_labels=value_labels,
                           data_label=data_label, notes=notes, metadata={"coalitionlab": json_dumps(meta)})]
    written.append(write_text(bib, bibtex_file_text(meta["sources"], command)))
    meta.update(rows=len(df), columns=[str(c) for c in df.columns], file=path.name)
    written.append(write_text(side, json_dumps(meta)))
    return written
