"""U.S. commitments by design: every U.S. security relationship, 1946-2018, its type and its conditions.

Sources (all bundled):

* ATOP 5.1 directed dyad-years (``atop_dyad``, 1815-2018): the five obligation types in each direction, kept
  apart: ``us_*`` is the U.S. obligation *to the partner*, ``partner_*`` the partner's obligation *to the U.S.*
* ATOP 4.01 member-level file (``atop_member``, ends in **2016**): which treaties (``atopid``) link the two, and
  the conditions the U.S. attached to its own obligations: ``conditio`` (any obligation conditional), ``defcon``
  (defense conditional), ``defcoadv`` (on a specific adversary), ``defcoloc`` (on location), ``defconpr`` (on
  the partner not provoking the attack), ``defcocon``/``defconum``/``defcodem``/``olimob`` (other conditions),
  ``asymm`` (members' obligations differ). For 2017-2018 these are NA, never carried forward.
* Partnerships without a pact: U.S. troops hosted (troopdata, 1950-2021), joint exercises with the U.S.
  (MME v7, 1980-2010) and MIDs fought on the U.S. side (GML MID 2.2.1, 1816-2010), each NA outside its years.

ATOP 4.01 and 5.1 are different releases; a pact can differ between them (the tests report the agreement).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load
from coalitionlab.catalog.countries import gw_to_cow, resolve
from coalitionlab.display import Summary
from coalitionlab.entanglement._common import FIRST_YEAR, US, check_year, partner_code, records, source_end
from coalitionlab.errors import BadInputError, CoverageError
from coalitionlab.panels import add_atop_alliance, add_strategic_rivalries, add_us_troops, create_stateyears

OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
OBLIGATION_LABELS = {"defense": "defense", "offense": "offense", "neutral": "neutrality",
                     "nonagg": "nonaggression", "consul": "consultation"}
CONDITIONS = {  # our name: (ATOP member-level variable, label)
    "cond_adversary": ("defcoadv", "specific adversary"),
    "cond_location": ("defcoloc", "location"),
    "cond_nonprovocation": ("defconpr", "non-provocation by the partner"),
    "cond_conflict": ("defcocon", "specific conflict"),
    "cond_number": ("defconum", "number of attackers"),
    "cond_demand": ("defcodem", "non-compliance with a demand"),
}
LAST_YEAR = 2018  # ATOP 5.1 directed dyad-years
MIN_TROOPS = 100
EXERCISE_WINDOW = 5
MID_WINDOW = 10


def _end(y: pd.Series, last: int) -> pd.Series:
    """ATOP codes a membership still in force at the end of the data as yrexit 0."""
    y = y.astype("Int64")
    return y.where(y != 0, last)


@cache
def _us_pact_terms() -> pd.DataFrame:
    m = load("atop_member")
    last = source_end("atop_member")
    us = m[m["member"] == US]
    partners = m[m["member"] != US]
    keep = ["atopid", "phase", "yrent", "yrexit", *OBLIGATIONS, "conditio", "defcon", "offcon", "olimob",
            *(v for v, _ in CONDITIONS.values()), "asymm", "bilat", "base", "milaid", "specthrt"]
    u = us[keep].rename(columns={c: f"us_{c}" for c in keep if c not in ("atopid", "phase")})
    p = partners[["atopid", "phase", "member", "yrent", "yrexit", *OBLIGATIONS]].rename(
        columns={"member": "ccode", "yrent": "p_yrent", "yrexit": "p_yrexit",
                 **{o: f"partner_{o}" for o in OBLIGATIONS}})
    t = u.merge(p, on=["atopid", "phase"], how="inner")
    t["start_year"] = np.maximum(t["us_yrent"].astype(int), t["p_yrent"].astype(int))
    t["end_year"] = np.minimum(_end(t["us_yrexit"], last), _end(t["p_yrexit"], last)).astype(int)
    t["in_force_at_end_of_data"] = (t["us_yrexit"] == 0) & (t["p_yrexit"] == 0)
    t = t[t["end_year"] >= t["start_year"]]
    ren = {f"us_{v}": k for k, (v, _) in CONDITIONS.items()}
    ren.update({"us_conditio": "us_conditional", "us_defcon": "us_defense_conditional",
                "us_offcon": "us_offense_conditional", "us_olimob": "cond_other_limits", "us_asymm": "asymmetric",
                "us_bilat": "bilateral", "us_base": "basing", "us_milaid": "military_aid",
                "us_specthrt": "specific_threat"})
    t = t.rename(columns=ren).drop(columns=["us_yrent", "us_yrexit", "p_yrent", "p_yrexit"])
    t["ccode"] = t["ccode"].astype(int)
    return t.sort_values(["atopid", "phase", "ccode"]).reset_index(drop=True)


def us_pact_terms() -> pd.DataFrame:
    """One row per U.S. pact, phase and partner (ATOP 4.01 member-level, to 2016).

    Columns: ``atopid``, ``phase``, ``ccode`` (partner), ``start_year``, ``end_year`` (2016 and
    ``in_force_at_end_of_data`` True when still in force when the file ends), the U.S. obligations ``us_defense``
    ... ``us_consul`` and the partner's ``partner_defense`` ... (direction kept), the U.S. conditions
    ``us_conditional``, ``us_defense_conditional``, ``cond_adversary``, ``cond_location``,
    ``cond_nonprovocation``, ``cond_conflict``, ``cond_number``, ``cond_demand``, ``cond_other_limits``, and
    ``asymmetric``, ``bilateral``, ``basing``, ``military_aid``, ``specific_threat`` (ATOP codes).
    """
    return _us_pact_terms().copy()


def _is1(v: object) -> bool:
    return not pd.isna(v) and v == 1


def _label(r: pd.Series) -> str:
    """The design of the U.S. side of a relationship in words."""
    if pd.isna(r.get("us_defense")):
        return "no ATOP data for this year"
    types = [OBLIGATION_LABELS[o] for o in OBLIGATIONS if _is1(r.get(f"us_{o}"))]
    if not types:
        back = [OBLIGATION_LABELS[o] for o in OBLIGATIONS if _is1(r.get(f"partner_{o}"))]
        return f"partner obligation to the U.S. only ({', '.join(back)})" if back else "no pact"
    text = " + ".join(types)
    if _is1(r.get("us_defense")):
        cond = r.get("us_defense_conditional")
        if pd.isna(cond):
            text += " (conditions unknown: ATOP member-level file ends in 2016)"
        elif _is1(cond):
            on = [lab for k, (_, lab) in CONDITIONS.items() if _is1(r.get(k))]
            text += f" (defense conditional{' on ' + ', '.join(on) if on else ''})"
        else:
            text += " (defense unconditional)"
    if _is1(r.get("asymmetric")):
        text += "; asymmetric obligations"
    return text


@cache
def _mid_cobelligerence() -> pd.DataFrame:
    """(ccode, styear, dispnum) for every GML MID in which the state stood on the U.S. side."""
    p = load("gml_mid_participants")[["dispnum", "ccode", "styear", "sidea"]].dropna()
    us_side = p[p["ccode"] == US][["dispnum", "sidea"]].drop_duplicates()
    both = p.merge(us_side, on=["dispnum", "sidea"])
    both = both[both["ccode"] != US]
    return both[["ccode", "styear", "dispnum"]].astype(int).drop_duplicates()


@cache
def _us_exercises() -> pd.DataFrame:
    mme = load("mme")[["MMEID", "gwcode", "year"]].dropna().astype({"gwcode": int, "year": int})
    us = mme[mme["gwcode"] == US][["MMEID", "year"]].drop_duplicates()
    joint = mme.merge(us, on=["MMEID", "year"])
    joint = joint[joint["gwcode"] != US]
    joint["ccode"] = [gw_to_cow(g, y) for g, y in zip(joint["gwcode"], joint["year"], strict=True)]
    return joint.dropna(subset=["ccode"]).astype({"ccode": int}).drop_duplicates(["MMEID", "ccode", "year"])


@cache
def _mids_against_us() -> pd.DataFrame:
    """(ccode, styear, dispnum): COW MID 5.0 disputes (to 2014) of a state against the U.S., by start year."""
    m = load("cow_mid_dyad")[["dispnum", "ccode1", "ccode2", "year", "disponset"]].dropna()
    m = m[(m["ccode1"] == US) & (m["disponset"] == 1)]
    out = m.rename(columns={"ccode2": "ccode", "year": "styear"})[["ccode", "styear", "dispnum"]]
    return out.astype(int).drop_duplicates(["ccode", "dispnum"])


def _us_rival(frame: pd.DataFrame) -> pd.Series:
    """1 when the state is in a strategic rivalry with the U.S. that year (TSS 2021, to 2020; NA after): the panel
    adder on (U.S., state, year) dyads."""
    dyads = pd.DataFrame({"ccode1": np.int32(US), "ccode2": frame["ccode"].to_numpy(),
                          "year": frame["year"].to_numpy()})
    rival = add_strategic_rivalries(dyads, source="tss")["tss_rivalry"]
    return pd.Series(rival.to_numpy(), index=frame.index).astype("Int64")


def _window_count(frame: pd.DataFrame, events: pd.DataFrame, year_col: str, window: int, first: int,
                  last: int) -> pd.Series:
    """Events of the row's state with year in (year - window, year]; NA when the row's year is past ``last``
    or the window starts before ``first``."""
    ev = events.rename(columns={year_col: "ev_year"})
    key = frame[["ccode", "year"]].reset_index().rename(columns={"index": "row"})
    hit = key.merge(ev[["ccode", "ev_year"]], on="ccode")
    hit = hit[(hit["ev_year"] <= hit["year"]) & (hit["ev_year"] > hit["year"] - window)]
    counts = hit.groupby("row").size().reindex(key["row"], fill_value=0).to_numpy().astype(float)
    out = pd.Series(counts, index=frame.index)
    return out.mask((frame["year"] > last) | (frame["year"] - window + 1 < first)).astype("Int64")


def _member_level_panel(years: tuple[int, int]) -> pd.DataFrame:
    """Partner-years with the pacts of the member-level file and their aggregated U.S. conditions."""
    t = _us_pact_terms()
    lo, hi = years[0], min(years[1], source_end("atop_member"))
    if hi < lo:
        cols = ["atopids", "n_pacts", "asymmetric", "us_conditional", "us_defense_pacts", "us_defense_conditional",
                *CONDITIONS, "cond_other_limits"]
        return pd.DataFrame({"ccode": pd.Series(dtype="int32"), "year": pd.Series(dtype="int32"),
                             **{c: pd.Series(dtype="object" if c == "atopids" else "Int64") for c in cols}})
    t = t[(t["end_year"] >= lo) & (t["start_year"] <= hi)].copy()
    t["s"] = t["start_year"].clip(lower=lo)
    t["e"] = t["end_year"].clip(upper=hi)
    n = (t["e"] - t["s"] + 1).to_numpy()
    rep = t.loc[t.index.repeat(n)].copy()
    rep["year"] = rep["s"].to_numpy() + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    rep = rep.drop_duplicates(["atopid", "ccode", "year", "phase"])
    g = rep.groupby(["ccode", "year"])
    out = g["atopid"].apply(lambda s: ";".join(str(int(a)) for a in sorted(set(s)))).rename("atopids").to_frame()
    out["n_pacts"] = g["atopid"].nunique()
    out["asymmetric"] = g["asymmetric"].max()
    out["us_conditional"] = g["us_conditional"].min()
    d = rep[rep["us_defense"] == 1]
    gd = d.groupby(["ccode", "year"])
    out["us_defense_pacts"] = gd["atopid"].nunique()
    # A partner's defense is conditional on X only when *every* U.S. defense pledge to it carries X.
    for col in ["us_defense_conditional", *CONDITIONS, "cond_other_limits"]:
        out[col] = gd[col].min()
    out["us_defense_pacts"] = out["us_defense_pacts"].fillna(0)
    return out.reset_index()


def create_us_commitments(years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR), min_troops: int = MIN_TROOPS,
                          coalition_partners: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every state-year of the COW system (the U.S. left out), ``years`` within 1946-2018, with its U.S. ties.

    ``relationship``: ``alliance`` (an ATOP 5.1 obligation in either direction), ``partnership`` (no pact, but
    ``troops`` >= ``min_troops`` U.S. troops hosted, a joint exercise with the U.S. in the last 5 years, or a MID
    fought on the U.S. side in the last 10 years, and no hostile tie: no strategic rivalry with the U.S.,
    ``us_rival``, and no MID against the U.S. begun in the last 10 years, ``mids_vs_us_10y``, COW MID to 2014, counted
    over the window's covered years),
    else ``none``.
    Columns: ``ccode``, ``partner``, ``year``, ``us_defense`` ... ``us_consul`` (U.S. -> partner, ATOP 5.1),
    ``partner_defense`` ... (partner -> U.S.), ``atopids`` (";"-joined ATOP ids, "" = none), ``n_pacts``,
    ``us_defense_pacts``,
    ``us_conditional``, ``us_defense_conditional``, ``cond_*``, ``asymmetric`` (ATOP 4.01 member level; NA after
    2016), ``troops`` (NA outside 1950-2021), ``us_exercises_5y`` (NA outside 1980-2010; the window is cut at
    1980 for 1980-1983), ``us_side_mids_10y`` (NA after 2010), ``design`` (the U.S. side in words).

    ``coalition_partners``: optionally the partner rosters of U.S. interventions (``build_dataset().partners``,
    columns ``ccode`` and ``first_year``; MIP 2022, to 2019), which adds ``us_coalitions_10y`` (U.S.
    interventions the state joined in the last 10 years) and counts it as a partnership signal. Off by default
    because building the rosters takes a minute or two.
    """
    lo = check_year(years[0], FIRST_YEAR, LAST_YEAR, "U.S. commitments (ATOP 5.1 dyad-years)")
    hi = check_year(years[1], FIRST_YEAR, LAST_YEAR, "U.S. commitments (ATOP 5.1 dyad-years)")
    if hi < lo:
        raise CoverageError(f"Years {lo}-{hi} are reversed: give start <= end within {FIRST_YEAR}-{LAST_YEAR}.")
    sy = create_stateyears("cow", (lo, hi))
    sy = sy[sy["ccode"] != US].reset_index(drop=True)
    fwd = add_atop_alliance(pd.DataFrame({"ccode1": np.int32(US), "ccode2": sy["ccode"], "year": sy["year"]}))
    back = add_atop_alliance(pd.DataFrame({"ccode1": sy["ccode"], "ccode2": np.int32(US), "year": sy["year"]}))
    out = sy.copy()
    for o in OBLIGATIONS:
        out[f"us_{o}"] = fwd[f"atop_{o}"].to_numpy()
        out[f"partner_{o}"] = back[f"atop_{o}"].to_numpy()
    ml = _member_level_panel((lo, hi))
    out = out.merge(ml, on=["ccode", "year"], how="left")
    in_ml = out["year"] <= source_end("atop_member")
    for col in ("n_pacts", "us_defense_pacts"):
        out[col] = out[col].fillna(0).where(in_ml).astype("Int64")
    int_cols = ["us_conditional", "us_defense_conditional", *CONDITIONS, "cond_other_limits", "asymmetric"]
    for col in int_cols:
        out[col] = out[col].astype("Int64")
    out["asymmetric"] = out["asymmetric"].fillna(0).where(in_ml).astype("Int64")
    out["atopids"] = out["atopids"].astype(object).where(out["atopids"].notna(), "").where(in_ml, None)
    out["troops"] = add_us_troops(sy)["troops"].to_numpy()
    ex_first, ex_last = 1980, source_end("mme")
    out["us_exercises_5y"] = _window_count(out, _us_exercises(), "year", EXERCISE_WINDOW, ex_first - 4, ex_last)
    out.loc[out["year"] < ex_first, "us_exercises_5y"] = pd.NA
    out["us_side_mids_10y"] = _window_count(out, _mid_cobelligerence(), "styear", MID_WINDOW, 1816,
                                            source_end("gml_mid_participants"))
    coalition = pd.Series(0, index=out.index)
    if coalition_partners is not None:
        need = {"ccode", "first_year"}
        if not need <= set(coalition_partners.columns):
            raise BadInputError(f"coalition_partners needs the columns {sorted(need)} (the partner rosters of "
                                "build_dataset().partners).")
        ev = coalition_partners[["ccode", "first_year"]].dropna().astype(int).drop_duplicates()
        out["us_coalitions_10y"] = _window_count(out, ev, "first_year", MID_WINDOW, 1776, 2019)
        coalition = out["us_coalitions_10y"].fillna(0)
    pact = pd.concat([out[f"us_{o}"] for o in OBLIGATIONS] + [out[f"partner_{o}"] for o in OBLIGATIONS],
                     axis=1).fillna(0).max(axis=1) > 0
    out["us_rival"] = _us_rival(out)
    # counted over the window's years inside COW MID (to 2014); NA only when no year of the window is covered
    out["mids_vs_us_10y"] = _window_count(out, _mids_against_us(), "styear", MID_WINDOW, 1816,
                                          source_end("cow_mid_dyad") + MID_WINDOW - 1)
    signal = ((out["troops"].fillna(0) >= min_troops) | (out["us_exercises_5y"].fillna(0) > 0)
              | (out["us_side_mids_10y"].fillna(0) > 0) | (coalition > 0))
    # a hostile tie vetoes a partnership: U.S. troops at Guantanamo do not make Cuba a partner
    hostile = (out["us_rival"].fillna(0) > 0) | (out["mids_vs_us_10y"].fillna(0) > 0)
    partner = signal & ~hostile
    out["relationship"] = np.where(pact, "alliance", np.where(partner, "partnership", "none"))
    out["design"] = [_label(r) for _, r in out.iterrows()] if len(out) < 5000 else _labels_fast(out)
    out.insert(1, "partner", out["ccode"].map(_name))
    return out


def _labels_fast(out: pd.DataFrame) -> list[str]:
    rel = out["relationship"] != "none"
    labels = np.full(len(out), "no pact", dtype=object)
    idx = np.flatnonzero(rel.to_numpy())
    sub = out.iloc[idx]
    labels[idx] = [_label(r) for _, r in sub.iterrows()]
    return list(labels)


@cache
def _name(ccode: int) -> str:
    try:
        return resolve(int(ccode)).name
    except Exception:  # noqa: BLE001 - a display name only
        return str(ccode)


@dataclass
class CommitmentsResult:
    """The U.S. security relationships in one year (optionally with one partner)."""

    year: int
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    partner: str | None = None

    def counts(self) -> dict[str, int]:
        t = self.table
        return {"alliances": int((t["relationship"] == "alliance").sum()),
                "partnerships": int((t["relationship"] == "partnership").sum()),
                "us_defense": int((t["us_defense"] == 1).sum()),
                "us_defense_conditional": int((t["us_defense_conditional"] == 1).sum()),
                "asymmetric": int((t["asymmetric"] == 1).sum())}

    def summary(self) -> Summary:
        c = self.counts()
        out = Summary(f"U.S. security relationships in {self.year}" + (f" with {self.partner}" if self.partner else ""))
        out.add_fact("allies (ATOP pact in either direction)", c["alliances"])
        out.add_fact("partners without a pact", c["partnerships"])
        out.add_fact("U.S. defense obligations", c["us_defense"])
        out.add_fact("of them conditional (ATOP defcon)", c["us_defense_conditional"])
        out.add_fact("asymmetric obligations", c["asymmetric"])
        cols = ["partner", "ccode", "relationship", "design", "atopids", "troops"]
        out.add_table(self.table[cols].rename(columns={"atopids": "ATOP ids", "troops": "U.S. troops"}),
                      "Relationships", digits=0)
        return out.add_notes(self.notes)

    def to_dict(self) -> dict:
        return {"year": self.year, "partner": self.partner, "counts": self.counts(),
                "relationships": records(self.table), "notes": list(self.notes)}


def commitments(year: int, partner: str | int | None = None, min_troops: int = MIN_TROOPS) -> CommitmentsResult:
    """U.S. commitments in ``year`` (1946-2018): every ally and partner, or one ``partner`` (any relationship,
    including ``none``). Unknown partners raise UnknownCountryError; years outside 1946-2018 CoverageError."""
    y = check_year(year, FIRST_YEAR, LAST_YEAR, "U.S. commitments (ATOP 5.1 dyad-years)")
    t = create_us_commitments((y, y), min_troops=min_troops)
    name = None
    if partner is not None:
        code = partner_code(partner, y)
        t = t[t["ccode"] == code]
        name = _name(code)
    else:
        t = t[t["relationship"] != "none"]
    order = {"alliance": 0, "partnership": 1, "none": 2}
    t = t.assign(_o=t["relationship"].map(order)).sort_values(["_o", "ccode"]).drop(columns="_o")
    notes = []
    if y > source_end("atop_member"):
        notes.append(f"The ATOP member-level file (v4.01) ends in {source_end('atop_member')}: treaty ids and "
                     f"conditions for {y} are NA, not carried forward; obligation types come from ATOP 5.1.")
    if y > source_end("mme") or y < 1980:
        notes.append("Joint exercises (MME v7) cover 1980-2010 only: NA for this year.")
    if y > source_end("gml_mid_participants"):
        notes.append("MIDs on the U.S. side (GML 2.2.1) end in 2010: NA for this year.")
    if y < 1950:
        notes.append("U.S. troop figures (troopdata) start in 1950: NA for this year.")
    return CommitmentsResult(year=y, table=t.reset_index(drop=True), notes=notes, partner=name)
