"""Countries: COW <-> Gleditsch-Ward <-> ISO codes and names, state-system membership, regions.

Sources (all bundled; see ``coalitionlab data cite``): COW State System Membership v2016 (``cow_states``),
the Gleditsch-Ward list (``gw_states``), the isard COW/G-W state-year crosswalk (``cow_gw_panel``), and the
countrycode code lists (``codelist``, ``codelist_panel``) for ISO codes, English names, name patterns and
UN regions.

The COW list ends in 2016 and the G-W list in 2020; as peacesciencer does (``mry = TRUE``), states still
in the system at the end of a list are treated as members through :data:`LAST_YEAR`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from coalitionlab.catalog.cite import cached as cache
from coalitionlab.catalog.load import load
from coalitionlab.display import Summary, Table, clean
from coalitionlab.errors import AmbiguousCountryError, AmbiguousCountryWarning, CoverageError, UnknownCountryError

System = Literal["cow", "gw"]
FIRST_YEAR = 1816
LAST_YEAR = 2024
COW_LIST_END = 2016
GW_LIST_END = 2020

# COW's regional scheme follows its code ranges (COW State System codebook; used by EUGene and
# peacesciencer): 2-165 Americas, 200-395 Europe, 402-626 Africa, 630-698 Middle East, 700-990 Asia/Oceania.
COW_REGIONS = [
    (2, 199, "Americas"),
    (200, 399, "Europe"),
    (400, 629, "Africa"),
    (630, 699, "Middle East"),
    (700, 999, "Asia"),
]

# Common names the code lists lack; each maps to a COW code (a name, not a guess about data).
_ALIASES = {
    "britain": 200, "great britain": 200, "uk": 200, "u.k.": 200, "england": 200,
    "us": 2, "u.s.": 2, "usa": 2, "america": 2, "united states of america": 2,
    "west germany": 260, "frg": 260, "east germany": 265, "gdr": 265,
    "south vietnam": 817, "north vietnam": 816, "soviet union": 365, "ussr": 365,
    "north yemen": 678, "south yemen": 680, "burma": 775, "holland": 210,
    "south korea": 732, "north korea": 731, "rok": 732, "dprk": 731, "taiwan": 713, "roc": 713,
    "ivory coast": 437, "czechia": 316, "turkiye": 640, "zaire": 490, "drc": 490,
    "micronesia": 987, "federated states of micronesia": 987,
}


# Names that stand for several states (COW codes, with a name that says which): resolving one warns and lists the
# candidates; where the year leaves several and no conventional reading exists, it is an error that lists them.
AMBIGUOUS = {
    "congo": {484: "Republic of the Congo (Brazzaville)", 490: "Democratic Republic of the Congo (Kinshasa)"},
    "korea": {730: "Korea (1887-1905)", 731: "North Korea", 732: "South Korea"},
    "sudan": {625: "Sudan", 626: "South Sudan"},
    "yemen": {678: "Yemen Arab Republic (North Yemen, 1926-1990)", 679: "Yemen (1990-)",
              680: "South Yemen (1967-1990)"},
    "germany": {255: "Germany (to 1945 and from 1990)", 260: "West Germany (1955-1990)",
                265: "East Germany (1954-1990)"},
    "vietnam": {816: "Vietnam (North Vietnam to 1975)", 817: "South Vietnam (1954-1975)"},
}


@dataclass(frozen=True)
class Country:
    """A resolved country: its codes in each system and its name (in ``year`` when one was given)."""

    ccode: int | None
    gwcode: int | None
    iso3: str | None
    iso3n: int | None
    name: str
    stateabb: str | None = None
    year: int | None = None

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class CountryProfile:
    """A country described: its codes, regions and COW system membership (``coalitionlab country``)."""

    country: Country
    info: dict

    def summary(self) -> Summary:
        return Summary(f"{self.country.name} (COW {self.country.ccode})",
                       facts=[(k, v) for k, v in self.info.items() if k != "cow_membership"]).add_table(
            Table(["first year", "last year"], [list(s) for s in self.info["cow_membership"]],
                  "COW state system membership"))

    def to_dict(self) -> dict:
        return clean(self.info)

    def __str__(self) -> str:
        return self.summary().as_text()


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.strip().casefold())


def _to_int(value) -> int | None:
    return None if pd.isna(value) else int(value)


@cache
def _cow_spells() -> pd.DataFrame:
    s = load("cow_states")
    s["start"] = pd.to_datetime(dict(year=s.styear, month=s.stmonth, day=s.stday))
    s["end"] = pd.to_datetime(dict(year=s.endyear, month=s.endmonth, day=s.endday))
    s["endyear_mry"] = s["endyear"].where(s["endyear"] < COW_LIST_END, LAST_YEAR)
    s["end_mry"] = s["end"].where(s["endyear"] < COW_LIST_END, pd.Timestamp(LAST_YEAR, 12, 31))
    return s.rename(columns={"statenme": "name"})[
        ["ccode", "stateabb", "name", "styear", "endyear", "endyear_mry", "start", "end", "end_mry"]
    ]


@cache
def _gw_spells() -> pd.DataFrame:
    g = load("gw_states").rename(columns={"gw_abb": "stateabb", "gw_name": "name"})
    g["start"] = pd.to_datetime(g["start"])
    g["end"] = pd.to_datetime(g["end"])
    g["styear"] = g["start"].dt.year.astype("Int32")
    g["endyear"] = g["end"].dt.year.astype("Int32")
    ongoing = g["endyear"] >= GW_LIST_END
    g["endyear_mry"] = g["endyear"].where(~ongoing, LAST_YEAR)
    g["end_mry"] = g["end"].where(~ongoing, pd.Timestamp(LAST_YEAR, 12, 31))
    return g[["gwcode", "stateabb", "name", "microstate", "styear", "endyear", "endyear_mry", "start",
              "end", "end_mry"]]


def system_membership(system: System = "cow") -> pd.DataFrame:
    """Membership spells of a state system: one row per (code, spell) with start and end dates.

    ``endyear_mry``/``end_mry`` extend spells still open at the end of the list through ``LAST_YEAR``.
    """
    return (_cow_spells() if system == "cow" else _gw_spells()).copy()


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise CoverageError(
            f"Year {year} is outside the state system's coverage, {FIRST_YEAR}-{LAST_YEAR}. "
            f"Give a year from {FIRST_YEAR} to {LAST_YEAR}."
        )


def members(year: int, system: System = "cow", date: str | pd.Timestamp | None = None) -> list[int]:
    """Codes of the states in the system at any time in ``year`` (or on ``date`` when given)."""
    if date is not None:
        try:
            date = str(pd.Timestamp(date).date())
        except (ValueError, TypeError) as exc:
            raise CoverageError(f"'{date}' is not a valid date: give YYYY-MM-DD.") from exc
    return list(_members(int(year), system, date))


@cache
def _members(year: int, system: System, date: str | None) -> tuple[int, ...]:
    code = "ccode" if system == "cow" else "gwcode"
    spells = system_membership(system)
    if date is not None:
        when = pd.Timestamp(date)
        _check_year(when.year)
        hit = (spells["start"] <= when) & (spells["end_mry"] >= when)
    else:
        _check_year(year)
        hit = (spells["styear"] <= year) & (spells["endyear_mry"] >= year)
    return tuple(sorted(int(c) for c in spells.loc[hit, code].unique()))


def is_member(code: int, year: int, system: System = "cow") -> bool:
    """Whether state ``code`` was in the system at any time in ``year``."""
    return int(code) in _members(int(year), system, None)


def membership_years(code: int, system: System = "cow") -> list[tuple[int, int]]:
    """The (first, last) years of each membership spell of ``code``."""
    return list(_spell_years(system).get(int(code), ()))


@cache
def _spell_years(system: System) -> dict[int, tuple[tuple[int, int], ...]]:
    col = "ccode" if system == "cow" else "gwcode"
    s = _cow_spells() if system == "cow" else _gw_spells()
    out: dict[int, list[tuple[int, int]]] = {}
    for k, a, b in zip(s[col], s["styear"], s["endyear_mry"], strict=True):
        out.setdefault(int(k), []).append((int(a), int(b)))
    return {k: tuple(v) for k, v in out.items()}


def cow_region(ccode: int) -> str | None:
    """COW region of a state, from its code range (Americas, Europe, Africa, Middle East, Asia)."""
    for lo, hi, name in COW_REGIONS:
        if lo <= int(ccode) <= hi:
            return name
    return None


@cache
def _codelist() -> pd.DataFrame:
    return load("codelist")


@cache
def _panel() -> pd.DataFrame:
    return load("codelist_panel")


@cache
def _crosswalk() -> pd.DataFrame:
    return load("cow_gw_panel")


def un_region(ccode: int) -> dict[str, str | None]:
    """UN M49 region, intermediate region and sub-region of a COW state (via its ISO code)."""
    cl = _codelist()
    row = cl[cl["cown"] == int(ccode)]
    if row.empty:
        iso = _iso_for(int(ccode), None)[0]
        row = cl[cl["iso3c"] == iso] if iso else row
    if row.empty:
        return {"region": None, "intermediate": None, "subregion": None}
    r = row.iloc[0]
    return {
        "region": None if pd.isna(r["un.region.name"]) else str(r["un.region.name"]),
        "intermediate": None if pd.isna(r["un.regionintermediate.name"]) else str(r["un.regionintermediate.name"]),
        "subregion": None if pd.isna(r["un.regionsub.name"]) else str(r["un.regionsub.name"]),
    }


@cache
def _code_maps(direction: str) -> tuple[dict[tuple[int, int], int], dict[int, int]]:
    """(code, year) -> other code, and code -> its most frequent other code, from the isard crosswalks."""
    cw = _crosswalk() if direction == "cow_to_gw" else load("gw_cow_panel")
    src, dst = ("ccode", "gwcode") if direction == "cow_to_gw" else ("gwcode", "ccode")
    cw = cw.dropna(subset=[src, dst])
    by_year = {(int(a), int(y)): int(b) for a, y, b in zip(cw[src], cw["year"], cw[dst], strict=True)}
    modal = cw.groupby(src)[dst].agg(lambda s: s.mode().iloc[0])
    return by_year, {int(k): int(v) for k, v in modal.items()}


def cow_to_gw(ccode: int, year: int | None = None) -> int | None:
    """The Gleditsch-Ward code of COW state ``ccode`` (in ``year`` when given)."""
    by_year, modal = _code_maps("cow_to_gw")
    return by_year.get((int(ccode), int(year))) if year is not None else modal.get(int(ccode))


def gw_to_cow(gwcode: int, year: int | None = None) -> int | None:
    """The COW code of Gleditsch-Ward state ``gwcode`` (in ``year`` when given)."""
    by_year, modal = _code_maps("gw_to_cow")
    return by_year.get((int(gwcode), int(year))) if year is not None else modal.get(int(gwcode))


@cache
def _iso_maps() -> tuple[dict[tuple[int, int], tuple[str, int | None]], dict[int, tuple[str, int | None]]]:
    """(COW code, year) -> (ISO3, ISO numeric) from the year-aware code list, and COW code -> its latest."""
    panel = _panel().dropna(subset=["cown", "iso3c"]).sort_values("year")
    by_year, latest = {}, {}
    for c, y, iso, num in zip(panel["cown"], panel["year"], panel["iso3c"], panel["iso3n"], strict=True):
        by_year[(int(c), int(y))] = latest[int(c)] = (str(iso), _to_int(num))
    cl = _codelist().dropna(subset=["cown", "iso3c"])
    for c, iso, num in zip(cl["cown"], cl["iso3c"], cl["iso3n"], strict=True):
        latest.setdefault(int(c), (str(iso), _to_int(num)))
    return by_year, latest


def _iso_for(ccode: int, year: int | None) -> tuple[str | None, int | None]:
    by_year, latest = _iso_maps()
    hit = by_year.get((int(ccode), int(year))) if year is not None else None
    return hit or latest.get(int(ccode), (None, None))


@cache
def _name_index() -> dict[str, set[int]]:
    """Normalized name or code -> COW codes."""
    index: dict[str, set[int]] = {}

    def add(key, code) -> None:
        if key is None or pd.isna(key) or pd.isna(code):
            return
        index.setdefault(_norm(key), set()).add(int(code))

    for r in _cow_spells().itertuples():
        add(r.name, r.ccode)
    cl = _codelist()
    for r in cl.itertuples():
        add(r._1, r.cown)  # country.name.en
        add(r._3, r.cown)  # cow.name
    for key, code in _ALIASES.items():
        add(key, code)
    for r in _gw_spells().itertuples():
        cow = gw_to_cow(int(r.gwcode))
        if cow is not None:
            add(r.name, cow)
    return index


@cache
def _patterns() -> list[tuple[re.Pattern, str]]:
    out = []
    for name, rx in zip(_codelist()["country.name.en"], _codelist()["country.name.en.regex"], strict=True):
        if pd.isna(rx) or pd.isna(name):
            continue
        try:
            out.append((re.compile(str(rx), re.IGNORECASE), str(name)))
        except re.error:  # a pattern using syntax Python lacks: skip it, exact names still work
            continue
    return out


def _suggest(text: str, n: int = 5) -> list[str]:
    names = {_norm(k): k for k in _name_index()}
    pretty = {}
    for r in _cow_spells().itertuples():
        pretty[_norm(r.name)] = r.name
    for r in _codelist().itertuples():
        if not pd.isna(r._1):
            pretty[_norm(r._1)] = r._1
    keys = list(names)
    close = difflib.get_close_matches(_norm(text), keys, n=n * 2, cutoff=0.5)
    out: list[str] = []
    for k in close:
        label = pretty.get(k, k.title() if len(k) > 3 else k.upper())
        if label not in out:
            out.append(label)
    return out[:n]


def _candidates(text: str, year: int | None) -> set[int]:
    key = _norm(text)
    # ISO3 (year-aware), then COW abbreviation, then G-W abbreviation
    if re.fullmatch(r"[a-z]{3}", key):
        panel = _panel()
        rows = panel[panel["iso3c"] == key.upper()]
        if year is not None and not rows.empty:
            rows = rows[rows["year"] == year] if (rows["year"] == year).any() else rows
        codes = set(int(c) for c in rows["cown"].dropna().unique())
        if codes:
            return codes
        cow = _cow_spells()
        codes = set(int(c) for c in cow.loc[cow["stateabb"] == key.upper(), "ccode"])
        if codes:
            return codes
        gw = _gw_spells()
        for c in gw.loc[gw["stateabb"] == key.upper(), "gwcode"]:
            cc = gw_to_cow(int(c), year)
            if cc is not None:
                codes.add(cc)
        if codes:
            return codes
    index = _name_index()
    if key in index:
        return set(index[key])
    for rx, name in _patterns():
        if rx.search(key):
            return set(index.get(_norm(name), set()))
    return set()


def _year_adjust(codes: set[int], text: str, year: int) -> set[int]:
    """Among candidate codes, prefer those in the system in ``year``; map a name to its code that year."""
    in_year = {c for c in codes if is_member(c, year)}
    if in_year:
        return in_year
    panel = _panel()
    names = panel.loc[panel["cown"].isin(list(codes)), "country.name.en"].unique()
    rows = panel[panel["country.name.en"].isin(names) & (panel["year"] == year)]
    return {int(c) for c in rows["cown"].dropna() if is_member(int(c), year)}


def resolve(name_or_code: str | int, year: int | None = None) -> Country:
    """Resolve a country name or code to a :class:`Country`.

    Accepts a COW code (``200``), ISO3 (``"GBR"``), COW or G-W abbreviation (``"UKG"``), a common name
    (``"UK"``, ``"Britain"``, ``"Burma"``), or an explicit scheme: ``"gw:260"`` (Gleditsch-Ward code),
    ``"iso:276"`` (ISO numeric), ``"cow:AUS"`` (COW abbreviation, where ISO3 would read Australia).
    With ``year``, the code in use that year is returned (``resolve("Germany", 1970).ccode == 260``) and a
    state outside the system that year raises
    :class:`CoverageError`. An unknown name raises :class:`UnknownCountryError` listing the closest names.
    """
    text = str(name_or_code).strip()
    year = None if year is None else int(year)
    candidates = AMBIGUOUS.get(_norm(text))
    if candidates is None:
        return _resolve(text, year)
    listed = "; ".join(f"{label} = COW {code}" for code, label in candidates.items())
    if year is None:
        rec = _resolve(text, None)
        warnings.warn(f"'{text}' is ambiguous: it may mean {listed}. Read as {rec.name} (COW {rec.ccode}); give a "
                      "year, the full name or the COW code to be exact.", AmbiguousCountryWarning, stacklevel=2)
        return rec
    _check_year(year)
    live = {code: label for code, label in candidates.items() if is_member(code, year)}
    try:
        rec = _resolve(text, year)
    except CoverageError:
        if len(live) > 1:
            names = list(live.values())
            raise AmbiguousCountryError(
                f"'{text}' is ambiguous in {year}: it may mean "
                + "; ".join(f"{label} = COW {code}" for code, label in live.items())
                + ". Give the full name or the COW code.", names) from None
        if len(live) == 1:
            return _resolve(str(next(iter(live))), year)
        raise
    others = {code: label for code, label in live.items() if code != rec.ccode}
    if others:
        warnings.warn(f"'{text}' is ambiguous in {year}: read as {rec.name} (COW {rec.ccode}); it may also mean "
                      + "; ".join(f"{label} = COW {code}" for code, label in others.items())
                      + ". Give the full name or the COW code to be exact.", AmbiguousCountryWarning, stacklevel=2)
    return rec


@cache
def _resolve(name_or_code: str, year: int | None) -> Country:
    if year is not None:
        _check_year(int(year))
        year = int(year)
    text = str(name_or_code).strip()
    if not text:
        raise UnknownCountryError("Empty country name: give a name or a code such as 'UK', 'GBR' or 200.")
    cow = _cow_spells()
    prefixed = re.fullmatch(r"(gw|iso|isonum|cow)\s*:\s*(\w+)", text, re.IGNORECASE)
    if prefixed:
        scheme, value = prefixed.group(1).lower(), prefixed.group(2)
        if scheme == "gw" and value.isdigit():
            text = str(gw_to_cow(int(value), year) or gw_to_cow(int(value)) or value)
        elif scheme in ("iso", "isonum") and value.isdigit():
            panel = _panel()
            hit = panel.loc[panel["iso3n"] == int(value)]
            if year is not None and (hit["year"] == year).any():
                hit = hit[hit["year"] == year]
            codes_iso = hit["cown"].dropna()
            if codes_iso.empty:
                raise UnknownCountryError(f"No state has the ISO numeric code {value}.", [])
            text = str(int(codes_iso.iloc[-1]))
        elif scheme == "cow" and not value.isdigit():
            match = cow.loc[cow["stateabb"] == value.upper(), "ccode"]
            if match.empty:
                raise UnknownCountryError(f"No COW state has the abbreviation {value.upper()}.", [])
            text = str(int(match.iloc[0]))
        else:
            text = value
    if re.fullmatch(r"\d+", text):
        codes = {int(text)}
        if int(text) not in set(cow["ccode"]):
            raise UnknownCountryError(
                f"No COW state has the code {text}. COW codes run from 2 (United States) to 990 (Samoa); "
                "look the state up by its name.",
                [],
            )
    else:
        codes = _candidates(text, year)
    if not codes:
        sugg = _suggest(text)
        hint = f" Closest matches: {', '.join(sugg)}." if sugg else ""
        raise UnknownCountryError(f"Unknown country '{text}'.{hint}", sugg)
    if year is not None:
        adjusted = _year_adjust(codes, text, year)
        if not adjusted:
            c = min(codes)
            spells = ", ".join(f"{a}-{b}" for a, b in membership_years(c)) or "never"
            name = cow.loc[cow["ccode"] == c, "name"]
            label = name.iloc[0] if not name.empty else text
            raise CoverageError(
                f"{label} (COW {c}) was not in the COW state system in {year}; "
                f"it was a member {spells}."
            )
        codes = adjusted
    ccode = min(codes)
    spell = cow[cow["ccode"] == ccode]
    if year is not None and not spell.empty:
        sel = spell[(spell["styear"] <= year) & (spell["endyear_mry"] >= year)]
        spell = sel if not sel.empty else spell
    row = spell.iloc[-1] if not spell.empty else None
    iso3, iso3n = _iso_for(ccode, year)
    return Country(
        ccode=ccode,
        gwcode=cow_to_gw(ccode, year) or cow_to_gw(ccode),
        iso3=iso3,
        iso3n=iso3n,
        name=str(row["name"]) if row is not None else text,
        stateabb=str(row["stateabb"]) if row is not None else None,
        year=year,
    )


def describe_country(name_or_code: str | int, year: int | None = None) -> CountryProfile:
    """Resolve a country name or code and describe it: COW, Gleditsch-Ward and ISO codes, regions, system
    membership."""
    rec = resolve(name_or_code, year)
    info = rec.as_dict()
    info["cow_region"] = cow_region(rec.ccode) if rec.ccode else None
    info.update({f"un_{k}": v for k, v in un_region(rec.ccode).items()})
    info["cow_membership"] = membership_years(rec.ccode)
    return CountryProfile(rec, info)


def ccode_of(name_or_code: str | int, year: int | None = None) -> int:
    """Shorthand: the COW code of a name or code."""
    code = resolve(name_or_code, year).ccode
    assert code is not None
    return code


def country_table() -> pd.DataFrame:
    """One row per COW state with codes, names, COW and UN regions and first/last membership year."""
    return _country_table().copy()


@cache
def _country_table() -> pd.DataFrame:
    cow = _cow_spells()
    first = cow.groupby("ccode").agg(stateabb=("stateabb", "first"), name=("name", "last"),
                                     first_year=("styear", "min"), last_year=("endyear_mry", "max"))
    rows = []
    for ccode, r in first.iterrows():
        iso3, iso3n = _iso_for(int(ccode), None)
        un = un_region(int(ccode))
        rows.append({"ccode": int(ccode), "gwcode": cow_to_gw(int(ccode)), "iso3": iso3, "iso3n": iso3n,
                     "stateabb": r.stateabb, "name": r["name"], "cow_region": cow_region(int(ccode)),
                     "un_region": un["region"], "un_subregion": un["subregion"],
                     "first_year": int(r.first_year), "last_year": int(r.last_year)})
    return pd.DataFrame(rows)
