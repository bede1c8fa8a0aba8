"""Curated facts in YAML, each with a citation of record: partners, exclusions, war links and IGO sponsorship.

A curated folder (the bundled ``interventions/curated/`` or a user's ``--curated DIR``) holds, for each kind of
fact, a single file and/or a subfolder of files (read in name order):

* ``partners.yaml`` / ``partners/*.yaml``: one item per intervention and partner state, with its ``role``
  (combat, support, basing), its participation window (``start``, ``end``: ``YYYY`` or ``YYYY-MM``) and its
  source (``citation``, ``url``, ``publisher``, ``publisher_class``);
* ``exclusions.yaml`` / ``exclusions/*.yaml``: states a data set puts on the U.S. side that sources of record
  show were not partners (the U.K., France and Israel at Suez in 1956); an exclusion overrides data-set evidence;
* ``war_links.yaml``: which COW inter-state war an intervention is part of (war evidence needs such a link);
* ``igo_sponsorship.yaml`` / ``igo/*.yaml``: one item per intervention, with the resolution or decision.

Sources of record only: ``publisher_class`` is one of :data:`PUBLISHER_CLASSES` and the ``url`` is not on the
refused list (:data:`REFUSED_HOSTS`: Wikipedia and its mirrors, machine translations, AI summaries, aggregators,
state propaganda outlets). Wikipedia may stand in ``see_also`` beside a source of record, never alone.

A user's folder either adds to the bundled facts or replaces them (:class:`CuratedFolder`, ``coalitionlab build
--curated DIR --curated-mode add|replace``). ``add`` reads the bundled files and then the user's, under the same
rules as one folder, except that the user's entry for an intervention and state (partners), or for an intervention
(IGO sponsorship, success) that a bundled entry covers replaces the bundled entry. ``replace`` reads the user's
files only (a folder without war links then links no war).

A bad entry fails the build with a message naming the file, the line and the rule broken.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import yaml

from coalitionlab.catalog.countries import LAST_YEAR, members, resolve
from coalitionlab.errors import AmbiguousCountryWarning, BadInputError
from coalitionlab.interventions.universe import intervention_windows

CURATED_DIR = Path(str(resources.files("coalitionlab") / "interventions" / "curated"))
IGO_KINDS = {"un_authorized", "nato_led", "regional_org", "un_peacekeeping"}
ROLES = ("combat", "support", "basing")
PUBLISHER_CLASSES = {
    "government": "a government, parliament or armed forces (and their history offices)",
    "igo": "an intergovernmental organization (UN, NATO, EU, OAS, AU, OSCE, MFO)",
    "academic": "a peer-reviewed journal, a university press or an academic publisher",
    "news": "a newspaper or news agency of record",
}
# host (or parent domain) -> why it is refused as a source of a curated fact
REFUSED_HOSTS = {
    **dict.fromkeys([
        "wikipedia.org", "owiki.org", "wikimili.com", "iiab.me", "absoluteastronomy.com", "piglix.com",
        "wikien3.appspot.com", "en.academic.ru", "en-academic.com", "academic.ru", "wiki.studentb.eu",
        "pipiwiki.com", "wikiwand.com", "wikwiand-revamp.pages.dev", "dbpedia.org", "talk.dob.jp", "kiwix.org",
        "the-uncensored-wiki.com", "wikizero.com", "everybodywiki.com", "alchetron.com", "dbpedia.org",
        "wiki2.org", "wikiless.org", "db0nus869y26v.cloudfront.net", "justapedia.org", "infogalactic.com",
        "military-history.fandom.com", "fandom.com", "wikitia.com"],
        "a copy of Wikipedia (cite a source of record; Wikipedia may stand in see_also)"),
    **dict.fromkeys(["stringtranslate.com", "translate.goog"], "a machine translation"),
    **dict.fromkeys(["wikisum.wiki"], "an AI summary"),
    **dict.fromkeys([
        "globalsecurity.org", "spacewar.com", "nuclearpowerdaily.com", "terradaily.com", "strategypage.com",
        "infoplease.com", "sofrep.com", "militaryfactory.com", "encyclopedia.com", "docslib.org",
        "trantor.is", "defence-and-security.com", "airforce-technology.com", "naval-technology.com",
        "army-technology.com", "militarytimes.forum", "pro-forum.fr", "issuu.com", "vdocuments.us", "vdocuments.net",
        "vdocuments.mx", "fdocumenti.com", "docplayer.net", "scribd.com", "researcher.life", "lexisnexis.at",
        "advfn.com", "scoop.co.nz", "ibtimes.com", "oananews.org", "seanmmaloney.com", "bafl.com"],
        "an aggregator or content farm"),
    **dict.fromkeys([
        "rt.com", "sputniknews.com", "sputnikglobe.com", "presstv.ir", "presstv.com", "kcna.kp", "kcnawatch.org",
        "globaltimes.cn", "windowstorussia.com", "tass.com", "southfront.org"],
        "a state propaganda outlet"),
}
WINDOW_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?$")


class CuratedFactError(BadInputError):
    """A curated YAML entry that cannot be used; the message names the file, line and rule."""


CURATED_MODES = ("add", "replace")
# the kinds of fact a user's folder can hold: (file stem, subfolder)
FACT_KINDS = (("partners", "partners"), ("exclusions", "exclusions"), ("war_links", "war_links"),
              ("igo_sponsorship", "igo"), ("success", "success"))


@dataclass(frozen=True)
class CuratedFolder:
    """A user's curated facts folder and how it meets the bundled facts: ``mode`` ``"add"`` (the bundled facts and
    these; an entry of the user's for what a bundled entry covers replaces it) or ``"replace"`` (these only). Pass
    it wherever a ``curated_dir`` is taken; a plain path there means ``replace``."""

    folder: Path
    mode: str = "add"

    def __post_init__(self) -> None:
        object.__setattr__(self, "folder", Path(self.folder))
        if self.mode not in CURATED_MODES:
            raise BadInputError(f"--curated-mode '{self.mode}' is not one of {', '.join(CURATED_MODES)}: add puts "
                                "your facts beside the bundled ones, replace uses yours only.")

    def __fspath__(self) -> str:
        return os.fspath(self.folder)

    def __str__(self) -> str:
        return str(self.folder)


def curated_source(curated_dir: str | Path | CuratedFolder | None, mode: str | None = None) -> CuratedFolder | None:
    """``curated_dir`` as a :class:`CuratedFolder` (None stays None: the bundled facts). ``mode`` (``add`` or
    ``replace``) overrides the folder's own; a plain path without ``mode`` means ``replace``."""
    if curated_dir is None:
        if mode is not None:
            raise BadInputError(f"--curated-mode {mode} needs a folder: give --curated DIR too.")
        return None
    if isinstance(curated_dir, CuratedFolder):
        return curated_dir if mode is None else CuratedFolder(curated_dir.folder, mode)
    return CuratedFolder(Path(curated_dir), mode or "replace")


def curated_mode(curated_dir: str | Path | CuratedFolder | None) -> str | None:
    """``add`` or ``replace`` for a user's folder (a plain path: ``replace``), None for the bundled facts."""
    if curated_dir is None:
        return None
    return curated_dir.mode if isinstance(curated_dir, CuratedFolder) else "replace"


def _bundled(path: Path) -> bool:
    """Whether ``path`` is one of the bundled curated files."""
    return Path(path).resolve().is_relative_to(_bundled_root())


@cache
def _bundled_root() -> Path:
    return CURATED_DIR.resolve()


def refused_reason(url: str) -> str | None:
    """Why ``url`` cannot be the source of a curated fact, or None when its host is not refused."""
    host = (urlparse(str(url)).hostname or "").lower().rstrip(".")
    for bad, why in REFUSED_HOSTS.items():
        if host == bad or host.endswith("." + bad):
            return why
    return None


def curated_files(folder: Path, stem: str, subfolder: str | None = None) -> list[Path]:
    """``folder/stem.yaml`` (when it exists) and ``folder/subfolder/*.yaml`` in name order."""
    folder = Path(folder)
    out = [folder / f"{stem}.yaml"] if (folder / f"{stem}.yaml").is_file() else []
    sub = folder / (subfolder or stem)
    if sub.is_dir():
        out += sorted(sub.glob("*.yaml"))
    return out


def user_curated_files(curated_dir: str | Path | CuratedFolder | None, stem: str,
                       subfolder: str | None = None) -> list[Path] | None:
    """The files of one kind of fact to read for a user's curated folder (:func:`curated_files`), or None for the
    bundled facts when ``curated_dir`` is None. A plain path or a :class:`CuratedFolder` in ``replace`` mode: the
    folder's files only, and the folder must hold partner entries; in ``add`` mode: the bundled files, then the
    folder's."""
    if curated_dir is None:
        return None
    folder = Path(curated_dir)
    if not folder.is_dir():
        raise CuratedFactError(f"{folder}: the curated facts folder does not exist or is not a folder.")
    files = curated_files(folder, stem, subfolder)
    if curated_mode(curated_dir) == "add":
        return curated_files(CURATED_DIR, stem, subfolder) + files
    if stem == "partners" and not files:
        raise CuratedFactError(f"{folder}: no partners.yaml and no partners/ folder of YAML files; a curated "
                               "facts folder that replaces the bundled facts needs at least the partner entries.")
    return files


def _label(path: Path) -> str:
    """A short name for messages and record ids: ``partners/h1.yaml`` or ``partners.yaml``."""
    return (f"{path.parent.name}/{path.name}" if path.parent.name in ("partners", "exclusions", "igo", "success")
            else path.name)


def _items_with_lines(path: Path) -> list[tuple[int, dict]]:
    try:
        text = path.read_text(encoding="utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: 10x faster
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except FileNotFoundError as exc:
        raise CuratedFactError(f"{path}: curated file is missing.") from exc
    except UnicodeDecodeError as exc:
        raise CuratedFactError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8.") from exc
    except (IsADirectoryError, PermissionError) as exc:
        raise CuratedFactError(f"{path}: cannot be read ({exc.strerror}).") from exc
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


def _require_source(path: Path, line: int, item: dict) -> None:
    """The source rule: citation, url, publisher and a publisher class of record; no refused host."""
    where = f"{path}:{line}: entry for {item.get('intervention_id')}"
    for key in ("citation", "url"):
        if not str(item.get(key) or "").strip():
            raise CuratedFactError(f"{where} has no {key}; every curated fact needs a citation and a public "
                                   "address that a reader can follow.")
    url = str(item["url"]).strip()
    if not url.startswith(("http://", "https://")):
        raise CuratedFactError(f"{path}:{line}: url '{url}' is not an http(s) address.")
    why = refused_reason(url)
    if why:
        raise CuratedFactError(f"{where} (rule: source of record): {urlparse(url).hostname} is {why}; cite the "
                               "government, IGO, academic or newspaper source instead.")
    if not str(item.get("publisher") or "").strip():
        raise CuratedFactError(f"{where} (rule: source of record) names no publisher; give who published "
                               "the page (e.g. 'U.S. Army Center of Military History').")
    pclass = str(item.get("publisher_class") or "").strip()
    if pclass not in PUBLISHER_CLASSES:
        raise CuratedFactError(f"{where} (rule: source of record): publisher_class '{pclass}' is not one of "
                               f"{', '.join(sorted(PUBLISHER_CLASSES))}.")
    see_also = str(item.get("see_also") or "").strip()
    if see_also and not see_also.startswith(("http://", "https://")):
        raise CuratedFactError(f"{path}:{line}: see_also '{see_also}' is not an http(s) address.")


def _paths(path: Path | list[Path] | None, stem: str, subfolder: str | None = None) -> list[Path]:
    """The files to read: the bundled ones for ``stem`` when ``path`` is None, else the file or files given."""
    if path is None:
        return curated_files(CURATED_DIR, stem, subfolder)
    return [Path(q) for q in path] if isinstance(path, list) else [Path(path)]


def _source(path: Path, line: int, item: dict) -> dict:
    """The source fields of a checked entry, and where it stands (``file:line``)."""
    return {"citation": str(item["citation"]).strip(), "url": str(item["url"]).strip(),
            "publisher": str(item["publisher"]).strip(), "publisher_class": str(item["publisher_class"]).strip(),
            "source_line": f"{_label(path)}:{line}"}


def _checked_items(paths: list[Path], known_ids: set[str]):
    """(file, line, entry, intervention id) for every entry with a known intervention and a source of record."""
    for p in paths:
        for line, item in _items_with_lines(p):
            iid = _check_id(p, line, item, known_ids)
            _require_source(p, line, item)
            yield p, line, item, iid


def _check_id(path: Path, line: int, item: dict, known_ids: set[str]) -> str:
    iid = str(item.get("intervention_id") or "")
    if iid not in known_ids:
        raise CuratedFactError(
            f"{path}:{line}: intervention_id '{iid}' does not exist; ids are MIP + the row number in MIP 2022, "
            "see the interventions table of the built data set."
        )
    return iid


@cache
def _members_during(first: int, last: int) -> frozenset[int]:
    return frozenset(c for y in range(first, last + 1) for c in members(min(y, LAST_YEAR)))


def _parse_month(value, path: Path, line: int, key: str) -> tuple[int, int | None] | None:
    """``YYYY``, ``YYYY-MM`` (or a date) -> (year, month or None); None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.year, value.month
    m = WINDOW_RE.match(str(value).strip())
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        raise CuratedFactError(f"{path}:{line}: {key} '{value}' is not a year or a year-month (YYYY or YYYY-MM).")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def _resolve_partner(path: Path, line: int, item: dict, iid: str, start: dict, end: dict, year: int | None = None):
    """The partner's country, from ``ccode`` or ``partner``; a name is read in ``year`` (the entry's first year,
    else the intervention's start), so a state born during a long operation (Montenegro 2006) resolves."""
    query = item.get("ccode") if item.get("ccode") not in (None, "") else item.get("partner")
    if query in (None, ""):
        raise CuratedFactError(f"{path}:{line}: entry for {iid} names no partner (give partner and ccode).")
    try:
        country = resolve(query)
    except BadInputError as exc:
        raise CuratedFactError(f"{path}:{line}: unknown country {query!r}: {exc}") from exc
    if item.get("ccode") not in (None, "") and item.get("partner"):
        try:
            with warnings.catch_warnings():  # the code decides; the name is only checked against it below
                warnings.simplefilter("ignore", AmbiguousCountryWarning)
                by_name = resolve(item["partner"], int(year or start[iid]))
        except BadInputError as exc:
            raise CuratedFactError(f"{path}:{line}: unknown country {item['partner']!r}: {exc}") from exc
        if country.ccode not in _members_during(int(start[iid]), int(end[iid])):
            raise CuratedFactError(
                f"{path}:{line}: {country.name} (COW {country.ccode}) was not in the state system during "
                f"{iid} ({start[iid]}-{end[iid]}); check the partner or its code."
            )
        if by_name is not None and by_name.ccode != country.ccode:
            raise CuratedFactError(
                f"{path}:{line}: partner '{item['partner']}' is COW {by_name.ccode} in {year or start[iid]}, but the "
                f"entry says ccode {item['ccode']} ({country.name})."
            )
    return country


PARTNER_COLUMNS = ["intervention_id", "ccode", "partner_name", "role", "first_year", "first_month", "last_year",
                   "last_month", "snapshot", "contribution", "citation", "url", "publisher", "publisher_class",
                   "see_also", "note", "source_line"]


def load_curated_partners(known: pd.DataFrame, path: Path | list[Path] | None = None) -> pd.DataFrame:
    """Validated curated partner entries (columns: :data:`PARTNER_COLUMNS`).

    ``known`` is the interventions table (ids, start and end dates). ``path`` is a file, a list of files, or
    None for the bundled ``partners.yaml`` and ``partners/*.yaml``. The partner is resolved from ``ccode`` when
    given, else from ``partner``; a code and a name that disagree is an error. The window (``start``, ``end``)
    defaults to the intervention's dates and must lie within them.
    """
    paths = _paths(path, "partners")
    kn = known.set_index("intervention_id")
    start = kn["start_year"].to_dict()
    end = kn["end_year"].to_dict()
    # the intervention's dates as (year, month) pairs
    windows = {iid: ((lo // 12, lo % 12 + 1), (hi // 12, hi % 12 + 1))
               for iid, lo, hi in intervention_windows(known).itertuples(index=False)}
    rows, seen, from_bundle = [], {}, set()
    for p, line, item, iid in _checked_items(paths, set(start)):
        first = _parse_month(item.get("start"), p, line, "start")
        country = _resolve_partner(p, line, item, iid, start, end, first[0] if first else None)
        role = str(item.get("role") or "").strip()
        if role not in ROLES:
            raise CuratedFactError(f"{p}:{line}: entry for {iid} has role '{role}'; give one of "
                                   f"{', '.join(ROLES)} (combat: forces in the operation; support: medical, "
                                   "logistics, airlift, training; basing: territory or bases only).")
        (s_iv, e_iv) = windows[iid]
        s = first or s_iv
        e = _parse_month(item.get("end"), p, line, "end") or e_iv
        s_cmp, e_cmp = (s[0], s[1] or 12), (e[0], e[1] or 1)  # a bare year counts as any month of it
        if s_cmp < s_iv or e_cmp > e_iv or (s[0], s[1] or 1) > (e[0], e[1] or 12):
            raise CuratedFactError(
                f"{p}:{line}: {country.name} in {iid} (rule: window within the intervention): "
                f"{item.get('start')} to {item.get('end')} is not inside {s_iv[0]}-{s_iv[1]:02d} to "
                f"{e_iv[0]}-{e_iv[1]:02d}, or starts after it ends; clip it to the intervention's dates.")
        key = (iid, int(country.ccode))
        if key in seen and key in from_bundle and not _bundled(p):  # add mode: the user's entry replaces it
            rows = [r for r in rows if (r["intervention_id"], r["ccode"]) != key]
            from_bundle.discard(key)
        elif key in seen:
            raise CuratedFactError(f"{p}:{line}: a second entry for {country.name} in {iid} (first at "
                                   f"{seen[key]}); keep one per intervention and state.")
        elif _bundled(p):
            from_bundle.add(key)
        seen[key] = f"{_label(p)}:{line}"
        snap = item.get("snapshot")
        rows.append({
            "intervention_id": iid, "ccode": int(country.ccode), "partner_name": country.name, "role": role,
            "first_year": s[0], "first_month": s[1], "last_year": e[0], "last_month": e[1],
            "snapshot": None if snap in (None, "", False) else str(snap),
            "contribution": str(item.get("contribution") or "").strip() or None,
            "see_also": str(item.get("see_also") or "").strip() or None,
            "note": str(item.get("note") or "").strip() or None, **_source(p, line, item),
        })
    out = pd.DataFrame(rows, columns=PARTNER_COLUMNS)
    for col in ("first_year", "first_month", "last_year", "last_month"):
        out[col] = out[col].astype("Int32")
    return out


def load_curated_exclusions(known: pd.DataFrame, partners: pd.DataFrame,
                            path: Path | list[Path] | None = None) -> pd.DataFrame:
    """Validated exclusions: intervention_id, ccode, partner_name, reason, citation, url, publisher,
    publisher_class, source_line. An exclusion of a state that a curated partner entry lists is an error."""
    paths = _paths(path, "exclusions")
    kn = known.set_index("intervention_id")
    start, end = kn["start_year"].to_dict(), kn["end_year"].to_dict()
    listed = dict(zip(zip(partners["intervention_id"], partners["ccode"], strict=True), partners["source_line"],
                      strict=True))
    rows = []
    for p, line, item, iid in _checked_items(paths, set(start)):
        country = _resolve_partner(p, line, item, iid, start, end)
        if not str(item.get("reason") or "").strip():
            raise CuratedFactError(f"{p}:{line}: exclusion of {country.name} from {iid} gives no reason.")
        if (iid, country.ccode) in listed:
            raise CuratedFactError(
                f"{p}:{line}: exclusion of {country.name} from {iid} contradicts the curated partner entry at "
                f"{listed[(iid, country.ccode)]} (rule: an exclusion cannot contradict a curated partner); "
                "keep one of the two.")
        rows.append({"intervention_id": iid, "ccode": int(country.ccode), "partner_name": country.name,
                     "reason": str(item["reason"]).strip(), **_source(p, line, item)})
    cols = ["intervention_id", "ccode", "partner_name", "reason", "citation", "url", "publisher",
            "publisher_class", "source_line"]
    return pd.DataFrame(rows, columns=cols).drop_duplicates(["intervention_id", "ccode"])


def load_war_links(known: pd.DataFrame, path: Path | list[Path] | None = None) -> pd.DataFrame:
    """Validated intervention-war links: intervention_id, warnum, war, citation, url, publisher,
    publisher_class, source_line."""
    paths = _paths(path, "war_links")
    known_ids = set(known["intervention_id"])
    rows = []
    for p, line, item, iid in _checked_items(paths, known_ids):
        try:
            warnum = int(item.get("warnum"))
        except (TypeError, ValueError) as exc:
            raise CuratedFactError(f"{p}:{line}: warnum '{item.get('warnum')}' is not a COW war number.") from exc
        rows.append({"intervention_id": iid, "warnum": warnum, "war": str(item.get("war") or "").strip() or None,
                     **_source(p, line, item)})
    return pd.DataFrame(rows, columns=["intervention_id", "warnum", "war", "citation", "url", "publisher",
                                       "publisher_class", "source_line"])


def load_curated_igo(known: pd.DataFrame, path: Path | list[Path] | None = None) -> pd.DataFrame:
    """Validated curated IGO sponsorship: intervention_id, igo, kind, resolution, citation, url, publisher,
    publisher_class, source_line."""
    paths = _paths(path, "igo_sponsorship", "igo")
    known_ids = set(known["intervention_id"])
    rows, bundled = [], []
    for p, line, item, iid in _checked_items(paths, known_ids):
        bundled.append(_bundled(p))
        kind = str(item.get("kind") or "")
        if kind not in IGO_KINDS:
            raise CuratedFactError(f"{p}:{line}: kind '{kind}' is not one of {sorted(IGO_KINDS)}.")
        if not str(item.get("igo") or "").strip():
            raise CuratedFactError(f"{p}:{line}: entry for {iid} names no igo.")
        rows.append({"intervention_id": iid, "igo": str(item["igo"]).strip(), "kind": kind,
                     "resolution": str(item.get("resolution") or "").strip() or None, **_source(p, line, item)})
    out = pd.DataFrame(rows, columns=["intervention_id", "igo", "kind", "resolution", "citation", "url", "publisher",
                                      "publisher_class", "source_line"])
    # add mode: the user's entry for an intervention replaces the bundled one
    mine = set(out.loc[[not b for b in bundled], "intervention_id"]) if rows else set()
    out = out[~(pd.Series(bundled, index=out.index, dtype=bool) & out["intervention_id"].isin(mine))]
    out = out.reset_index(drop=True)
    dup = out[out["intervention_id"].duplicated()]
    if not dup.empty:
        raise CuratedFactError(f"{dup['source_line'].iloc[0]}: a second IGO entry for "
                               f"{dup['intervention_id'].iloc[0]}; keep one per intervention.")
    return out


# success against the stated objective (issue 9): one override per intervention, see interventions/success.py
SUCCESS_CATEGORIES = ("achieved", "partial", "failed", "unclear")
SUCCESS_COLUMNS = ["intervention_id", "success_objective", "reason", "citation", "url", "publisher",
                   "publisher_class", "source_line"]


def load_curated_success(known: pd.DataFrame, path: Path | list[Path] | None = None) -> pd.DataFrame:
    """Validated curated success overrides (columns: :data:`SUCCESS_COLUMNS`) from ``success.yaml`` /
    ``success/*.yaml`` (bundled when ``path`` is None): each entry an intervention_id, a ``success_objective``
    in :data:`SUCCESS_CATEGORIES`, a one-sentence ``reason`` and a source of record; one entry per intervention."""
    rows, seen, from_bundle = [], {}, set()
    for p, line, item, iid in _checked_items(_paths(path, "success"), set(known["intervention_id"])):
        value = str(item.get("success_objective") or "").strip()
        if value not in SUCCESS_CATEGORIES:
            raise CuratedFactError(f"{p}:{line}: entry for {iid} has success_objective '{value}'; give one of "
                                   f"{', '.join(SUCCESS_CATEGORIES)}.")
        if not str(item.get("reason") or "").strip():
            raise CuratedFactError(f"{p}:{line}: entry for {iid} gives no reason; say in one sentence why the "
                                   "objective was or was not achieved.")
        if iid in seen and iid in from_bundle and not _bundled(p):  # add mode: the user's entry replaces it
            rows = [r for r in rows if r["intervention_id"] != iid]
            from_bundle.discard(iid)
        elif iid in seen:
            raise CuratedFactError(f"{p}:{line}: a second success entry for {iid} (first at {seen[iid]}); keep one "
                                   "per intervention.")
        elif _bundled(p):
            from_bundle.add(iid)
        seen[iid] = f"{_label(p)}:{line}"
        rows.append({"intervention_id": iid, "success_objective": value, "reason": str(item["reason"]).strip(),
                     **_source(p, line, item)})
    return pd.DataFrame(rows, columns=SUCCESS_COLUMNS)


# NATO aspirants (issue 9): one entry per state and spell of aspiration, read by interventions/candidates.py
ASPIRANT_BASES = {
    "application": "the state formally applied for, or declared that it sought, NATO membership",
    "invitation": "NATO invited the state to accession talks (or to accede)",
    "intensified_dialogue": "NATO opened an Intensified Dialogue with the state on its membership aspirations",
    "map": "the state took part in NATO's Membership Action Plan (from April 1999)",
}
ASPIRANT_COLUMNS = ["ccode", "state", "from_year", "to_year", "joined", "joined_url", "basis", "event", "citation",
                    "url", "publisher", "publisher_class", "source_line"]


def load_nato_aspirants(path: Path | list[Path] | None = None) -> pd.DataFrame:
    """Validated NATO aspirant spells (columns: :data:`ASPIRANT_COLUMNS`) from ``nato_aspirants.yaml`` (bundled
    when ``path`` is None). Each entry: ``ccode`` and ``state`` (they must agree), ``from_year`` (the first year
    the state was an aspirant: the year of the event named in ``basis``, one of :data:`ASPIRANT_BASES`), and
    optionally ``to_year`` (the year the aspiration ended without accession: from that year on the state is no
    longer an aspirant) and ``joined`` (the year it deposited its instrument of accession, with ``joined_url``, a
    public address that shows it), an ``event`` (what happened) and a source of record. Years run from 1949
    (NATO's founding) to the present; spells of one state must not overlap."""
    this_year = dt.date.today().year
    rows, spells = [], {}
    for p in _paths(path, "nato_aspirants"):
        for line, item in _items_with_lines(p):
            where = f"{p}:{line}"
            code = item.get("ccode")
            try:
                country = resolve(int(code))
            except (TypeError, ValueError, BadInputError) as exc:
                raise CuratedFactError(f"{where}: unknown ccode {code!r}: give the state's COW code ({exc}).") from exc
            name = str(item.get("state") or "").strip()
            if not name:
                raise CuratedFactError(f"{where}: entry for COW {country.ccode} names no state.")
            years = {}
            for key in ("from_year", "to_year", "joined"):
                value = item.get(key)
                if value in (None, "") and key != "from_year":
                    years[key] = None
                    continue
                try:
                    years[key] = int(value)
                except (TypeError, ValueError) as exc:
                    raise CuratedFactError(f"{where}: {key} {value!r} of {name} is not a year.") from exc
                if not 1949 <= years[key] <= this_year:
                    raise CuratedFactError(f"{where}: {key} {years[key]} of {name} is out of range: NATO aspirant "
                                           f"years run from 1949 (NATO's founding) to {this_year}.")
            try:
                by_name = resolve(name, years["from_year"])
            except BadInputError:  # not yet a state in from_year (West Germany, invited in 1954)
                try:
                    by_name = resolve(name)
                except BadInputError as exc:
                    raise CuratedFactError(f"{where}: unknown state {name!r}: {exc}") from exc
            if by_name.ccode != country.ccode:
                raise CuratedFactError(f"{where}: state '{name}' is COW {by_name.ccode}, but the entry says ccode "
                                       f"{country.ccode} ({country.name}).")
            for key in ("to_year", "joined"):
                if years[key] is not None and years[key] <= years["from_year"]:
                    raise CuratedFactError(f"{where}: {key} {years[key]} of {name} is not after from_year "
                                           f"{years['from_year']}.")
            basis = str(item.get("basis") or "").strip()
            if basis not in ASPIRANT_BASES:
                raise CuratedFactError(f"{where}: basis '{basis}' of {name} is not one of "
                                       f"{', '.join(ASPIRANT_BASES)}.")
            _require_source(p, line, {**item, "intervention_id": name})
            joined_url = str(item.get("joined_url") or "").strip() or None
            if years["joined"] is not None and joined_url is None:
                raise CuratedFactError(f"{where}: {name} joined in {years['joined']} but gives no joined_url showing "
                                       "the accession.")
            if joined_url is not None:
                if not joined_url.startswith(("http://", "https://")):
                    raise CuratedFactError(f"{where}: joined_url '{joined_url}' is not an http(s) address.")
                if refused_reason(joined_url):
                    raise CuratedFactError(f"{where}: joined_url of {name} (rule: source of record): "
                                           f"{urlparse(joined_url).hostname} is {refused_reason(joined_url)}.")
            end = min(y for y in (years["to_year"], years["joined"], 10_000) if y is not None)
            for lo, hi, at in spells.get(country.ccode, []):
                if years["from_year"] < hi and lo < end:
                    raise CuratedFactError(f"{where}: the spell of {name} from {years['from_year']} overlaps the "
                                           f"spell at {at}; one state's spells must not overlap.")
            spells.setdefault(country.ccode, []).append((years["from_year"], end, f"{_label(p)}:{line}"))
            rows.append({"ccode": int(country.ccode), "state": name, **years, "joined_url": joined_url,
                         "basis": basis, "event": str(item.get("event") or "").strip() or None,
                         **_source(p, line, item)})
    out = pd.DataFrame(rows, columns=ASPIRANT_COLUMNS)
    for col in ("from_year", "to_year", "joined"):
        out[col] = out[col].astype("Int32")
    return out
