"""The registry of bundled data sets: provenance, citation, terms, coverage and checksum of each file."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from coalitionlab.display import Summary, Table, clean
from coalitionlab.errors import DataFileError, UnknownDatasetError

DATA_DIR = Path(str(resources.files("coalitionlab") / "data"))
_REGISTRY_FILE = Path(str(resources.files("coalitionlab") / "catalog" / "registry.yaml"))


@dataclass(frozen=True)
class Dataset:
    """One bundled data set."""

    name: str
    dataset: str
    version: str
    authors: str
    year: int
    title: str
    url: str
    terms: str
    unit: str
    file: str
    sha256: str
    coverage_start: int | None = None
    coverage_end: int | None = None
    coverage_note: str | None = None
    journal: str | None = None
    booktitle: str | None = None
    publisher: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    doi: str | None = None
    upstream: str | None = None
    columns: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return DATA_DIR / self.file

    @property
    def citation(self) -> str:
        """Plain-text citation (author-year style)."""
        where = self.journal or self.booktitle or self.publisher or ""
        parts = [f"{self.authors} ({self.year}). {self.title}."]
        if where:
            ref = where
            if self.volume:
                ref += f" {self.volume}"
                if self.number:
                    ref += f"({self.number})"
            if self.pages:
                ref += f": {self.pages}"
            parts.append(ref + ".")
        if self.doi:
            parts.append(f"doi:{self.doi}.")
        parts.append(f"Data: {self.dataset}, version {self.version}, {self.url}")
        return " ".join(parts)

    @property
    def bibtex(self) -> str:
        """A BibTeX entry for the data set."""
        kind = "article" if self.journal else ("incollection" if self.booktitle else "misc")
        authors = self.authors.replace("; ", " and ")
        fields = {
            "author": authors,
            "title": self.title,
            "year": str(self.year),
            "journal": self.journal,
            "booktitle": self.booktitle,
            "publisher": self.publisher,
            "volume": self.volume,
            "number": self.number,
            "pages": self.pages.replace("-", "--") if self.pages else None,
            "doi": self.doi,
            "url": self.url,
            "note": f"{self.dataset}, version {self.version}",
        }
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        return f"@{kind}{{{self.name},\n{body}\n}}"

    def describe(self) -> dict:
        """Everything known about the data set: the entry, plus its rows and columns when it is a table."""
        from coalitionlab.catalog.load import load_table

        info = self.as_dict()
        if not self.file.endswith(".json"):
            table = load_table(self.name)
            info["rows"] = table.num_rows
            info["columns"] = table.column_names
        return info

    def summary(self) -> Summary:
        """The data set described: source, citation, terms, coverage, file, checksum, rows and columns."""
        info = self.describe()
        facts = [(k, v) for k, v in info.items() if v not in (None, "") and k != "columns"]
        s = Summary(f"{self.name}: {self.dataset} {self.version}", facts=facts)
        if info.get("columns"):
            s.add_notes([f"Columns: {', '.join(info['columns'])}"])
        return s

    def to_dict(self) -> dict:
        return clean(self.describe())

    def as_dict(self) -> dict:
        """The entry as plain JSON-ready data (what `data list --json` prints)."""
        return {
            "name": self.name,
            "dataset": self.dataset,
            "version": self.version,
            "citation": self.citation,
            "terms": self.terms,
            "url": self.url,
            "coverage_start": self.coverage_start,
            "coverage_end": self.coverage_end,
            "coverage_note": self.coverage_note,
            "unit": self.unit,
            "file": self.file,
            "sha256": self.sha256,
            "doi": self.doi,
        }


def _read_sums() -> dict[str, str]:
    sums_file = DATA_DIR / "SHA256SUMS"
    if not sums_file.exists():
        raise DataFileError(
            f"The checksum list {sums_file} is missing; reinstall coalitionlab (pip install -e .)."
        )
    out = {}
    for line in sums_file.read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            out[name.strip()] = digest
    return out


@cache
def registry() -> dict[str, Dataset]:
    """All registered data sets by name."""
    raw = yaml.safe_load(_REGISTRY_FILE.read_text())
    sums = _read_sums()
    out = {}
    for name, entry in raw.items():
        suffix = ".json" if str(entry.get("upstream", "")).endswith(".json") else ".parquet"
        file = f"{name}{suffix}"
        known = {k: v for k, v in entry.items() if k in Dataset.__dataclass_fields__}
        out[name] = Dataset(name=name, file=file, sha256=sums.get(file, ""), **known)
    return out


def get(name: str) -> Dataset:
    """The registry entry ``name``; an unknown name raises with the closest names."""
    reg = registry()
    if name not in reg:
        close = difflib.get_close_matches(name, list(reg), n=5, cutoff=0.4)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UnknownDatasetError(
            f"Unknown data set '{name}'.{hint} There are {len(reg)} bundled data sets."
        )
    return reg[name]


def coverage(name: str) -> tuple[int, int]:
    """(first, last) year a bundled data set covers; outside it a value is missing, never 0."""
    ds = get(name)
    if ds.coverage_start is None or ds.coverage_end is None:
        raise UnknownDatasetError(f"Data set '{name}' has no year coverage (it is not a panel of years).")
    return int(ds.coverage_start), int(ds.coverage_end)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(name: str) -> None:
    """Check one bundled file against its recorded sha256; raise :class:`DataFileError` if it differs."""
    ds = get(name)
    if not ds.path.exists():
        raise DataFileError(
            f"Bundled file for '{name}' is missing: {ds.path}. Reinstall coalitionlab (pip install -e .)."
        )
    if not ds.sha256:
        raise DataFileError(f"No checksum recorded for '{name}' in {DATA_DIR / 'SHA256SUMS'}.")
    actual = file_sha256(ds.path)
    if actual != ds.sha256:
        raise DataFileError(
            f"Bundled file for '{name}' is corrupt: {ds.path} has sha256 {actual[:16]}..., "
            f"expected {ds.sha256[:16]}.... Reinstall coalitionlab or restore the file from git "
            f"(git checkout -- {ds.path.name})."
        )


def verify_all() -> dict[str, str | None]:
    """Verify every bundled file. Returns name -> None when fine, or the error message."""
    out: dict[str, str | None] = {}
    for name in registry():
        try:
            verify(name)
            out[name] = None
        except DataFileError as exc:
            out[name] = str(exc)
    return out


@dataclass(frozen=True)
class Catalog:
    """Every bundled data set (``coalitionlab data list``)."""

    datasets: tuple[Dataset, ...]

    def files(self) -> list[dict]:
        """One row per bundled file: name, data set, version, coverage, unit, rows and size in KB."""
        from coalitionlab.catalog.load import load_table

        return [{"name": d.name, "dataset": d.dataset, "version": d.version,
                 "coverage": f"{d.coverage_start}-{d.coverage_end}" if d.coverage_start else "", "unit": d.unit,
                 "rows": None if d.file.endswith(".json") else load_table(d.name).num_rows,
                 "size_kb": round(d.path.stat().st_size / 1024, 1)} for d in self.datasets]

    def summary(self, files: bool = False) -> Summary:
        """The catalogue; with ``files``, the rows and size of each bundled file too (reads every file)."""
        if files:
            rows = self.files()
            s = Summary(f"{len(rows)} bundled data sets",
                        facts=[("Size", f"{sum(r['size_kb'] for r in rows) / 1024:.1f} MB")])
            return s.add_table(Table(list(rows[0]), [list(r.values()) for r in rows]))
        rows = [[d.name, d.dataset, d.version,
                 f"{d.coverage_start}-{d.coverage_end}" if d.coverage_start else "", d.terms] for d in self.datasets]
        return Summary(f"{len(self.datasets)} bundled data sets").add_table(
            Table(["name", "data set", "version", "coverage", "terms"], rows))

    def to_dict(self) -> list[dict]:
        return [d.as_dict() for d in self.datasets]

    def __str__(self) -> str:
        return self.summary().as_text()


def catalog() -> Catalog:
    """The catalogue of bundled data sets, as a result that shows itself."""
    return Catalog(tuple(registry().values()))
