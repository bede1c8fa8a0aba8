"""Curated facts in YAML, each with a citation: partners the data sets miss, and IGO sponsorship.

Files (in ``interventions/curated/``): ``partners.yaml`` (one item per intervention and partner state) and
``igo_sponsorship.yaml`` (one item per intervention). A malformed entry fails the build with a message that
names the file and line: a missing citation, an unknown country, an intervention id that does not exist.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from coalitionlab.catalog.countries import LAST_YEAR, members, resolve
from coalitionlab.errors import BadInputError

CURATED_DIR = Path(str(resources.files("coalitionlab") / "interventions" / "curated"))
IGO_KINDS = {"un_authorized", "nato_led", "regional_org", "un_peacekeeping"}


class CuratedFactError(BadInputError):
    """A curated YAML entry that cannot be used; the message names the file and line."""


def _items_with_lines(path: Path) -> list[tuple[int, dict]]:
    try:
        text = path.read_text()
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: 10x faster
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except FileNotFoundError as exc:
        raise CuratedFactError(f"{path}: curated file is missing.") from exc
    except yaml.YAMLError as exc:
        raise CuratedFactError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list) or node is None or not isinstance(node, yaml.SequenceNode):
        raise CuratedFactError(f"{path}:1: expected a YAML list of entries.")
    out = []
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise CuratedFactError(f"{path}:{line}: each entry must be a mapping, got {item!r}.")
        out.append((line, item))
    return out


def _require_citation(path: Path, line: int, item: dict) -> None:
    for key in ("citation", "url"):
        if not str(item.get(key) or "").strip():
            raise CuratedFactError(
                f"{path}:{line}: entry for {item.get('intervention_id')} has no {key}; every curated fact needs a "
                "citation and a public address that a reader can follow."
            )
    if not str(item["url"]).startswith(("http://", "https://")):
        raise CuratedFactError(f"{path}:{line}: url '{item['url']}' is not an http(s) address.")


def _check_id(path: Path, line: int, item: dict, known_ids: set[str]) -> str:
    iid = str(item.get("intervention_id") or "")
    if iid not in known_ids:
        raise CuratedFactError(
            f"{path}:{line}: intervention_id '{iid}' does not exist; ids are MIP + the row number in MIP 2022, "
            "see `coalitionlab build` output (interventions table)."
        )
    return iid


@cache
def _members_during(first: int, last: int) -> frozenset[int]:
    return frozenset(c for y in range(first, last + 1) for c in members(min(y, LAST_YEAR)))


def load_curated_partners(known: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """Validated curated partner entries: intervention_id, ccode, partner name, contribution, citation, url.

    ``known`` is the interventions table (for ids and start years). The partner is resolved from ``ccode``
    when given, else from ``partner``; a code and a name that disagree is an error.
    """
    path = path or CURATED_DIR / "partners.yaml"
    known_ids = set(known["intervention_id"])
    start = dict(zip(known["intervention_id"], known["start_year"], strict=True))
    end = dict(zip(known["intervention_id"], known["end_year"], strict=True))
    rows = []
    for line, item in _items_with_lines(path):
        iid = _check_id(path, line, item, known_ids)
        _require_citation(path, line, item)
        query = item.get("ccode") if item.get("ccode") not in (None, "") else item.get("partner")
        if query in (None, ""):
            raise CuratedFactError(f"{path}:{line}: entry for {iid} names no partner (give partner and ccode).")
        try:
            country = resolve(query)
        except BadInputError as exc:
            raise CuratedFactError(f"{path}:{line}: unknown country {query!r}: {exc}") from exc
        if item.get("ccode") not in (None, "") and item.get("partner"):
            try:
                by_name = resolve(item["partner"], int(start[iid]))
            except BadInputError:
                by_name = None
            if country.ccode not in _members_during(int(start[iid]), int(end[iid])):
                raise CuratedFactError(
                    f"{path}:{line}: {country.name} (COW {country.ccode}) was not in the state system during "
                    f"{iid} ({start[iid]}-{end[iid]}); check the partner or its code."
                )
            if by_name is not None and by_name.ccode != country.ccode:
                raise CuratedFactError(
                    f"{path}:{line}: partner '{item['partner']}' is COW {by_name.ccode} in {start[iid]}, but the "
                    f"entry says ccode {item['ccode']} ({country.name})."
                )
        rows.append({
            "intervention_id": iid, "ccode": int(country.ccode), "partner_name": country.name,
            "contribution": str(item.get("contribution") or "").strip() or None,
            "citation": str(item["citation"]).strip(), "url": str(item["url"]).strip(),
            "note": str(item.get("note") or "").strip() or None, "source_line": f"{path.name}:{line}",
        })
    return pd.DataFrame(rows, columns=["intervention_id", "ccode", "partner_name", "contribution", "citation",
                                       "url", "note", "source_line"])


def load_curated_igo(known: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """Validated curated IGO sponsorship: intervention_id, igo, kind, citation, url."""
    path = path or CURATED_DIR / "igo_sponsorship.yaml"
    known_ids = set(known["intervention_id"])
    rows = []
    for line, item in _items_with_lines(path):
        iid = _check_id(path, line, item, known_ids)
        _require_citation(path, line, item)
        kind = str(item.get("kind") or "")
        if kind not in IGO_KINDS:
            raise CuratedFactError(f"{path}:{line}: kind '{kind}' is not one of {sorted(IGO_KINDS)}.")
        if not str(item.get("igo") or "").strip():
            raise CuratedFactError(f"{path}:{line}: entry for {iid} names no igo.")
        rows.append({"intervention_id": iid, "igo": str(item["igo"]).strip(), "kind": kind,
                     "citation": str(item["citation"]).strip(), "url": str(item["url"]).strip(),
                     "source_line": f"{path.name}:{line}"})
    out = pd.DataFrame(rows, columns=["intervention_id", "igo", "kind", "citation", "url", "source_line"])
    dup = out[out["intervention_id"].duplicated()]
    if not dup.empty:
        raise CuratedFactError(f"{path}:{dup['source_line'].iloc[0]}: a second IGO entry for "
                               f"{dup['intervention_id'].iloc[0]}; keep one per intervention.")
    return out
