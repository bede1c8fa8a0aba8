"""The case library: cases of U.S. entanglement and of U.S. restraint of allies, each with sources of record.

The bundled library is ``entanglement/cases/cases.yaml``; users may pass their own file(s) with the same fields
(see the header of the bundled file and ``docs/entanglement.md``). A malformed entry raises
:class:`CaseFileError` (a ``BadInputError``: the CLI exits 2) naming the file, the line and the rule broken.
Sources must be of record: ``publisher_class`` one of government, igo, academic, news, and no refused host
(Wikipedia and its copies, aggregators, content farms, machine translations, state propaganda outlets).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from coalitionlab.catalog.countries import resolve
from coalitionlab.display import Summary
from coalitionlab.entanglement._common import records
from coalitionlab.errors import BadInputError, UnknownCountryError
from coalitionlab.interventions.curated import PUBLISHER_CLASSES, refused_reason

CASES_FILE = Path(str(resources.files("coalitionlab") / "entanglement" / "cases" / "cases.yaml"))
MECHANISMS = {
    "reputation": "the U.S. wants to keep its reputation for keeping commitments",
    "interest_adoption": "the U.S. takes on an ally's interests as its own",
    "emboldening": "an ally takes risks because of the U.S. commitment (moral hazard)",
    "restraint_aid": "the U.S. restrains an ally with military or economic aid",
    "restraint_pressure": "the U.S. restrains an ally by pressure or treaty terms",
    "alliance_cohesion": "the U.S. acts to keep an alliance together",
}
OUTCOMES = ("war", "use_of_force_short_of_war", "crisis_commitment", "restrained", "no_us_force")
ENTANGLED = ("yes", "partial", "no")
RELATIONSHIPS = ("ally", "partner", "none")
BASES = ("source", "inferred")
FINDING_IDS = tuple(f"E{i}" for i in range(1, 8))
REQUIRED = ("id", "name", "years", "relationship", "partners", "adversaries", "mechanisms", "mechanism_basis",
            "outcome", "entangled", "findings", "sources")


class CaseFileError(BadInputError):
    """A case-library entry that cannot be used; the message names the file, line and rule."""


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    start: int
    end: int
    relationship: str
    partners: tuple[int, ...]
    adversaries: tuple[int, ...]
    atopids: tuple[int, ...]
    mechanisms: tuple[str, ...]
    mechanism_basis: str
    outcome: str
    entangled: str
    findings: tuple[str, ...]
    mids: tuple[int, ...]
    note: str
    sources: tuple[dict, ...]
    file: str
    line: int

    def as_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


def _fail(where: str, msg: str) -> None:
    raise CaseFileError(f"{where}: {msg}")


def _codes(where: str, key: str, value: object) -> tuple[int, ...]:
    if not isinstance(value, list):
        _fail(where, f"'{key}' must be a list of COW codes or country names, got {value!r}.")
    out = []
    for v in value:
        try:
            rec = resolve(v)
        except UnknownCountryError as exc:
            raise CaseFileError(f"{where}: '{key}' has an unknown state {v!r}: {exc}") from None
        if rec.ccode is None:
            _fail(where, f"'{key}' names {v!r}, which has no COW code.")
        out.append(int(rec.ccode))
    return tuple(out)


def _ints(where: str, key: str, value: object) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        _fail(where, f"'{key}' must be a list of integers, got {value!r}.")
    return tuple(value)  # type: ignore[arg-type]


def _vocab(where: str, key: str, value: object, allowed, many: bool = False) -> object:
    vals = value if many else [value]
    if many and not isinstance(value, list):
        _fail(where, f"'{key}' must be a list, got {value!r}.")
    bad = [v for v in vals if v not in allowed]  # type: ignore[union-attr]
    if bad:
        _fail(where, f"'{key}' has {bad}; allowed: {', '.join(allowed)}.")
    return tuple(value) if many else value  # type: ignore[arg-type]


def _sources(where: str, value: object) -> tuple[dict, ...]:
    if not isinstance(value, list) or not value:
        _fail(where, "'sources' must be a non-empty list: every case needs at least one source of record.")
    for s in value:  # type: ignore[union-attr]
        if not isinstance(s, dict):
            _fail(where, f"each source must be a mapping with citation, url, publisher, publisher_class; got {s!r}.")
        for key in ("citation", "url", "publisher", "publisher_class"):
            if not str(s.get(key) or "").strip():
                _fail(where, f"a source has no {key}; give citation, url, publisher and publisher_class.")
        url = str(s["url"]).strip()
        if not url.startswith(("http://", "https://")):
            _fail(where, f"source url '{url}' is not an http(s) address.")
        why = refused_reason(url)
        if why:
            _fail(where, f"(rule: source of record) {url} is {why}; cite a government, IGO, academic or newspaper "
                         "source instead.")
        if s["publisher_class"] not in PUBLISHER_CLASSES:
            _fail(where, f"(rule: source of record) publisher_class '{s['publisher_class']}' is not one of "
                         f"{', '.join(sorted(PUBLISHER_CLASSES))}.")
    return tuple(value)  # type: ignore[arg-type]


def _parse(path: Path, line: int, item: dict) -> Case:
    where = f"{path}:{line}"
    missing = [k for k in REQUIRED if k not in item]
    if missing:
        _fail(where, f"entry {item.get('id', '?')!r} lacks {missing}; every case needs {', '.join(REQUIRED)}.")
    where = f"{path}:{line}: case '{item['id']}'"
    years = item["years"]
    if (not isinstance(years, list) or len(years) != 2 or not all(isinstance(y, int) for y in years)
            or not 1816 <= years[0] <= years[1] <= 2025):
        _fail(where, f"'years' must be [start, end] with 1816 <= start <= end <= 2025, got {years!r}.")
    return Case(
        id=str(item["id"]), name=str(item["name"]), start=years[0], end=years[1],
        relationship=_vocab(where, "relationship", item["relationship"], RELATIONSHIPS),  # type: ignore[arg-type]
        partners=_codes(where, "partners", item["partners"]),
        adversaries=_codes(where, "adversaries", item["adversaries"]),
        atopids=_ints(where, "atopids", item.get("atopids", [])),
        mechanisms=_vocab(where, "mechanisms", item["mechanisms"], tuple(MECHANISMS), many=True),  # type: ignore
        mechanism_basis=_vocab(where, "mechanism_basis", item["mechanism_basis"], BASES),  # type: ignore
        outcome=_vocab(where, "outcome", item["outcome"], OUTCOMES),  # type: ignore[arg-type]
        entangled=_vocab(where, "entangled", str(item["entangled"]).lower() if isinstance(item["entangled"], str)
                         else ("yes" if item["entangled"] is True else "no" if item["entangled"] is False
                               else item["entangled"]), ENTANGLED),  # type: ignore[arg-type]
        findings=_vocab(where, "findings", item["findings"], FINDING_IDS, many=True),  # type: ignore[arg-type]
        mids=_ints(where, "mids", item.get("mids", [])),
        note=str(item.get("note") or "").strip(),
        sources=_sources(where, item["sources"]),
        file=path.name, line=line,
    )


def load_cases(path: str | Path | list[str | Path] | None = None) -> list[Case]:
    """The cases of the bundled library, or of the YAML file(s) ``path``; ids must be unique across files."""
    paths = [CASES_FILE] if path is None else [Path(p) for p in (path if isinstance(path, list) else [path])]
    out: list[Case] = []
    seen: dict[str, str] = {}
    for p in paths:
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CaseFileError(f"{p}: case file not found.") from None
        except (UnicodeDecodeError, IsADirectoryError, PermissionError) as exc:
            raise CaseFileError(f"{p}: cannot be read as UTF-8 text ({exc}).") from None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise CaseFileError(f"{p}{line}: not valid YAML ({getattr(exc, 'problem', exc)}).") from None
        if data is None:
            continue
        if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
            raise CaseFileError(f"{p}:1: expected a YAML list of case entries.")
        for item, item_node in zip(data, node.value, strict=True):
            line = item_node.start_mark.line + 1
            if not isinstance(item, dict):
                raise CaseFileError(f"{p}:{line}: each case must be a mapping, got {item!r}.")
            case = _parse(p, line, item)
            if case.id in seen:
                raise CaseFileError(f"{p}:{line}: case id '{case.id}' is already used at {seen[case.id]}.")
            seen[case.id] = f"{p}:{line}"
            out.append(case)
    return out


def cases_frame(cases: list[Case] | None = None) -> pd.DataFrame:
    """The cases as a DataFrame (list columns kept as lists; sources as ``citation (url)`` strings)."""
    cases = load_cases() if cases is None else cases
    rows = []
    for c in cases:
        d = c.as_dict()
        d["sources"] = [f"{s['citation']} ({s['url']})" for s in c.sources]
        rows.append(d)
    return pd.DataFrame(rows)


def cases_for_finding(finding_id: str, cases: list[Case] | None = None) -> list[dict]:
    """The case records that bear on one of E1-E7: id, name, years, outcome, entangled, mechanisms, sources."""
    cases = load_cases() if cases is None else cases
    return records(pd.DataFrame([{"id": c.id, "name": c.name, "years": f"{c.start}-{c.end}", "outcome": c.outcome,
                                  "entangled": c.entangled, "mechanisms": list(c.mechanisms),
                                  "citations": [s["citation"] for s in c.sources]}
                                 for c in cases if finding_id in c.findings])) if cases else []


@dataclass
class CaseLibrary:
    """The cases of a library, shown as text or strict JSON."""

    cases: list[Case]

    def summary(self) -> Summary:
        out = Summary(f"Entanglement case library: {len(self.cases)} cases")
        rows = [{"id": c.id, "years": f"{c.start}-{c.end}", "name": c.name, "relationship": c.relationship,
                 "outcome": c.outcome, "entangled": c.entangled,
                 "mechanisms": f"{', '.join(c.mechanisms)} ({c.mechanism_basis})",
                 "findings": ", ".join(c.findings), "MIDs": ", ".join(map(str, c.mids))} for c in self.cases]
        out.add_table(pd.DataFrame(rows), "Cases")
        src = [{"case": c.id, "citation": s["citation"], "url": s["url"], "class": s["publisher_class"]}
               for c in self.cases for s in c.sources]
        out.add_table(pd.DataFrame(src), "Sources")
        return out

    def to_dict(self) -> dict:
        return {"cases": [c.as_dict() for c in self.cases]}


def case_library(path: str | Path | list[str | Path] | list[Path] | None = None) -> CaseLibrary:
    """The bundled case library, or the case file(s) ``path`` checked (a bad entry raises CaseFileError)."""
    return CaseLibrary(load_cases(path))  # type: ignore[arg-type]
