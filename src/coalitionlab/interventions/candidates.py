"""Candidates: every state that could have joined each intervention, with the covariates RAND's findings name.

One row per (intervention, state): every state in the COW system in the intervention's start year except the
U.S. and the adversary targets. ``joined`` is 1 when the state is in the partner roster with forces (role
combat or support); ``joined_basing`` is 1 for basing-only partners too (a variant). Covariates are
measured in the year before the start (``ref_year``), so that joining cannot cause them. When a source's
coverage has ended before ``ref_year``, its last year is used and the column ``carried`` records which
covariates were carried and from which year ("atop:2018; igo:2014"); before a source's first year the value
is NA.

The "crisis state" of an intervention (for distance, region, contiguity, MIDs and rivalries with the target) is
its first adversary target, or MIP's State B when there is no adversary (relief and evacuation missions).
"""

from __future__ import annotations

import calendar
from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import coverage, load
from coalitionlab.catalog.countries import cow_region, gw_to_cow, is_member, members, membership_years, un_region
from coalitionlab.interventions.partners import force_partners
from coalitionlab.panels.add.alliance import add_atop_alliance
from coalitionlab.panels.add.capabilities import add_nmc
from coalitionlab.panels.add.democracy import add_democracy
from coalitionlab.panels.add.geography import add_contiguity, add_minimum_distance
from coalitionlab.panels.add.igos import add_igos
from coalitionlab.panels.add.rivalries import add_strategic_rivalries
from coalitionlab.panels.add.trade import add_trade
from coalitionlab.panels.add.troops import add_us_troops
from coalitionlab.panels.add.un import add_un_idealpoints

US = 2
NATO_ATOPID = 3180
MIDDLE_POWER_RANK = 30
ASPIRANT_WINDOW = 10
MID_WINDOW = 10
EXERCISE_WINDOW = 5


def crisis_state(interventions: pd.DataFrame) -> pd.Series:
    """The crisis state of each intervention: first adversary target, else MIP's State B."""
    return pd.Series([int(a[0]) if len(a) else int(p) for a, p in
                      zip(interventions["adversaries"], interventions["primary_ccode"], strict=True)],
                     index=interventions.index, name="crisis_ccode")


def _start_date(year: int, month, day) -> str | None:
    """The start date for system membership: MIP's month and day (the first of the month when the day is
    missing, the month's last day when MIP's day does not exist, e.g. 31 February); None without a month."""
    if pd.isna(month) or not 1 <= int(month) <= 12:
        return None
    last = calendar.monthrange(year, int(month))[1]
    d = 1 if pd.isna(day) else min(max(int(day), 1), last)
    return f"{year}-{int(month):02d}-{d:02d}"


def candidate_frame(interventions: pd.DataFrame, partners: pd.DataFrame) -> tuple[pd.DataFrame, set]:
    """The candidate rows with ``joined``, before covariates, and the partner pairs outside the candidate set."""
    crisis = crisis_state(interventions)
    anyrole = set(zip(partners["intervention_id"], partners["ccode"], strict=True))
    forces = force_partners(partners)
    joined = set(zip(forces["intervention_id"], forces["ccode"], strict=True))
    rows = []
    for (_, iv), crisis_code in zip(interventions.iterrows(), crisis, strict=True):
        year = int(iv["start_year"])
        date = _start_date(year, iv["start_month"], iv["start_day"])
        excluded = {US, *iv["adversaries"]}
        hosts = {*iv["hosts"], *iv["host_partners"]}
        for c in members(year, date=date):
            if c in excluded:
                continue
            rows.append((iv["intervention_id"], c, year, year - 1, crisis_code, int(c in hosts),
                         int((iv["intervention_id"], c) in joined), int((iv["intervention_id"], c) in anyrole)))
    out = pd.DataFrame(rows, columns=["intervention_id", "ccode", "start_year", "ref_year", "crisis_ccode",
                                      "is_host", "joined", "joined_basing"])
    lost = anyrole - set(zip(out["intervention_id"], out["ccode"], strict=True))
    out = out.astype({"ccode": "int64", "start_year": "int64", "ref_year": "int64", "crisis_ccode": "int64"})
    # a crisis state that was not yet a state in ref_year (East Timor 1999) is measured in its first year
    first = {(c, y): _first_member_year(c, y) for c, y in set(zip(out["crisis_ccode"], out["ref_year"], strict=True))}
    out["crisis_year"] = [first[(c, y)] for c, y in zip(out["crisis_ccode"], out["ref_year"], strict=True)]
    return out, lost


def _first_member_year(ccode: int, year: int) -> int:
    """``year`` when the state is in the system then, else the first later year it is (else ``year``)."""
    if is_member(ccode, year):
        return year
    later = [a for a, _ in membership_years(ccode) if a > year]
    return min(later) if later else year


class _Carry:
    """Measures covariates at the reference year clamped to each source's coverage; records carried values."""

    def __init__(self, base: pd.DataFrame) -> None:
        self.base = base
        self.notes: list[pd.Series] = []

    def year(self, name: str, label: str, col: str = "ref_year") -> tuple[pd.Series, pd.Series]:
        start, end = coverage(name)
        ref = self.base[col]
        year = ref.clip(upper=end)
        carried = ref > end
        self.notes.append(pd.Series(np.where(carried, f"{label}:{end}", ""), index=self.base.index))
        return year, ref < start

    def dyad(self, name: str, label: str, other: pd.Series, func, cols: list[str], col: str = "ref_year",
             **kw) -> pd.DataFrame:
        year, before = self.year(name, label, col)
        frame = pd.DataFrame({"ccode1": self.base["ccode"].to_numpy(), "ccode2": other.to_numpy(),
                              "year": year.to_numpy()})
        out = func(frame, **kw)[cols]
        out.index = self.base.index
        return out.mask(np.repeat(before.to_numpy()[:, None], out.shape[1], axis=1))

    def state(self, name: str, label: str, func, cols: list[str]) -> pd.DataFrame:
        year, before = self.year(name, label)
        frame = pd.DataFrame({"ccode": self.base["ccode"].to_numpy(), "year": year.to_numpy()})
        out = func(frame)[cols]
        out.index = self.base.index
        return out.mask(np.repeat(before.to_numpy()[:, None], out.shape[1], axis=1))

    def carried(self) -> pd.Series:
        columns = [n.to_numpy() for n in self.notes]
        joined = ["; ".join(x for x in row if x) or None for row in zip(*columns, strict=True)]
        return pd.Series(joined, index=self.base.index, dtype="string")


@cache
def _nato_spells() -> pd.DataFrame:
    m = load("atop_member")
    m = m[m["atopid"] == NATO_ATOPID]
    return pd.DataFrame({"ccode": m["member"].astype(int), "first": m["yrent"].astype(int),
                         "last": m["yrexit"].astype(int).where(m["yrexit"] > 0, 9999)})


def _in_spells(ccode: pd.Series, year: pd.Series, spells: pd.DataFrame) -> pd.Series:
    """1 where (ccode, year) falls in one of the ``spells`` (columns ccode, first, last), else 0."""
    key = pd.DataFrame({"ccode": ccode.to_numpy(), "year": year.to_numpy(), "row": np.arange(len(ccode))})
    hit = key.merge(spells, on="ccode")
    hit = hit[(hit["first"] <= hit["year"]) & (hit["last"] >= hit["year"])]
    out = np.zeros(len(ccode), dtype=int)
    out[hit["row"].unique()] = 1
    return pd.Series(out, index=ccode.index)


def nato_member(ccode: pd.Series, year: pd.Series) -> pd.Series:
    """1 when the state was a member of NATO (ATOP alliance 3180) in ``year`` (ATOP v4.01, to 2016)."""
    return _in_spells(ccode, year, _nato_spells())


def _nato_aspirant(ccode: pd.Series, year: pd.Series) -> pd.Series:
    """Not in NATO in ``year`` but entered within the next ASPIRANT_WINDOW years (hindsight proxy)."""
    spells = _nato_spells()
    first = spells.groupby("ccode")["first"].min()
    entry = ccode.map(first)
    now = nato_member(ccode, year)
    return ((now == 0) & (entry > year) & (entry <= year + ASPIRANT_WINDOW)).astype(int)


@cache
def _mid_onsets() -> pd.DataFrame:
    d = load("cow_mid_dyad")
    d = d[d["disponset"] == 1][["dispnum", "ccode1", "ccode2", "year", "sidea1", "sidea2"]]
    d = d[d["sidea1"] != d["sidea2"]]  # opponents only
    return d.drop_duplicates(["dispnum", "ccode1", "ccode2"]).astype(int)


def _mids_with(base: pd.DataFrame, other: pd.Series, window: int) -> tuple[pd.Series, pd.Series]:
    """MID onsets between the candidate and ``other`` (on opposite sides) in the ``window`` years up to ref_year
    (COW MID 5.0, to 2014; windows past 2014 end at 2014 and are flagged by the caller)."""
    start, end = coverage("cow_mid_dyad")
    mids = _mid_onsets()
    key = pd.DataFrame({"ccode1": base["ccode"].to_numpy(), "ccode2": other.to_numpy(),
                        "hi": base["ref_year"].clip(upper=end).to_numpy(), "row": np.arange(len(base))})
    hit = key.merge(mids[["ccode1", "ccode2", "year", "dispnum"]], on=["ccode1", "ccode2"])
    hit = hit[(hit["year"] <= hit["hi"]) & (hit["year"] > hit["hi"] - window)]
    counts = np.zeros(len(base), dtype=int)
    np.add.at(counts, hit.drop_duplicates(["row", "dispnum"])["row"].to_numpy(), 1)
    return pd.Series(counts, index=base.index), base["ref_year"] > end


def _shared_rival_with_us(base: pd.DataFrame) -> pd.Series:
    """1 when the candidate is in an ongoing strategic rivalry (Thompson-Sakuwa-Suhas) with a state that is a
    rival of the U.S. in ref_year (both clamped to the source's 2020 end)."""
    start, end = coverage("tss_rivalries")
    riv = load("tss_rivalries")[["ccode1", "ccode2", "start", "end"]].astype(int)
    both = pd.concat([riv, riv.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})], ignore_index=True)
    year = base["ref_year"].clip(upper=end)
    out = np.zeros(len(base), dtype=int)
    for y in np.unique(year):
        live = both[(both["start"] <= y) & (both["end"] >= y)]
        us_rivals = set(live.loc[live["ccode1"] == US, "ccode2"])
        rivals_of_rivals = set(live.loc[live["ccode2"].isin(us_rivals), "ccode1"]) - {US}
        sel = (year == y).to_numpy()
        out[sel] = base.loc[sel, "ccode"].isin(rivals_of_rivals).to_numpy().astype(int)
    return pd.Series(out, index=base.index)


@cache
def _exercises_with_us() -> pd.DataFrame:
    mme = load("mme")[["MMEID", "gwcode", "year"]].dropna().astype({"gwcode": int, "year": int})
    us = mme[mme["gwcode"] == US][["MMEID", "year"]].drop_duplicates()
    joint = mme.merge(us, on=["MMEID", "year"])
    joint["ccode"] = [gw_to_cow(g, y) for g, y in zip(joint["gwcode"], joint["year"], strict=True)]
    return joint.dropna(subset=["ccode"]).astype({"ccode": int}).drop_duplicates(["MMEID", "ccode"])


def _exercises(base: pd.DataFrame) -> pd.Series:
    """Joint exercises with the U.S. (MME v7, 1980-2010) in the EXERCISE_WINDOW years up to ref_year; NA when the
    window starts before 1980."""
    start, end = coverage("mme")
    ex = _exercises_with_us()
    key = pd.DataFrame({"ccode": base["ccode"].to_numpy(), "hi": base["ref_year"].clip(upper=end).to_numpy(),
                        "row": np.arange(len(base))})
    hit = key.merge(ex[["ccode", "year", "MMEID"]], on="ccode")
    hit = hit[(hit["year"] <= hit["hi"]) & (hit["year"] > hit["hi"] - EXERCISE_WINDOW)]
    counts = np.zeros(len(base), dtype=float)
    np.add.at(counts, hit["row"].to_numpy(), 1)
    out = pd.Series(counts, index=base.index)
    return out.mask(base["ref_year"] - EXERCISE_WINDOW + 1 < start)  # the window must lie inside MME


def _prior_coalitions(base: pd.DataFrame, interventions: pd.DataFrame, partners: pd.DataFrame) -> pd.Series:
    """Number of earlier U.S. interventions (start year before this one's) the state joined."""
    starts = interventions.set_index("intervention_id")["start_year"].astype(int)
    joined = force_partners(partners).assign(year=partners["intervention_id"].map(starts))[["ccode", "year"]]
    out = np.zeros(len(base), dtype=int)
    for c, g in joined.groupby("ccode"):
        years = np.sort(g["year"].to_numpy())
        sel = (base["ccode"] == c).to_numpy()
        out[sel] = np.searchsorted(years, base.loc[sel, "start_year"].to_numpy(), side="left")
    return pd.Series(out, index=base.index)


def major_power(ccode: pd.Series, year: pd.Series) -> pd.Series:
    """1 when the state was a COW major power in ``year`` (the list ends in 2016: majors then stay majors)."""
    mj = load("cow_majors")[["ccode", "styear", "endyear"]].astype(int)
    mj = mj.rename(columns={"styear": "first", "endyear": "last"})
    mj["last"] = mj["last"].where(mj["last"] < 2016, 9999)
    return _in_spells(ccode, year, mj)


def add_candidate_covariates(base: pd.DataFrame, interventions: pd.DataFrame,
                             partners: pd.DataFrame, igo: pd.DataFrame) -> pd.DataFrame:
    """All covariates of the candidates table (see the codebook for each)."""
    c = _Carry(base)
    us = pd.Series(US, index=base.index)
    crisis = base["crisis_ccode"]
    out = base.copy()
    ally = c.dyad("atop_dyad", "atop", us, add_atop_alliance,
                  ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"], ndir=True)
    out["us_defense_pact"] = ally["atop_defense"]
    out["us_any_alliance"] = ally.max(axis=1, skipna=False)
    un = c.dyad("un_idealpoints", "un", us, add_un_idealpoints, ["idealpointall1", "idealpoint_distance"])
    out["idealpoint"] = un["idealpointall1"]
    out["idealpoint_distance_us"] = un["idealpoint_distance"]
    out["un_member"] = un["idealpointall1"].notna().astype(int).where(base["ref_year"] >= 1946)
    tr = c.dyad("trade_dyad", "trade", us, add_trade, ["trade_dependence1", "flow1", "flow2"])
    out["trade_share_us"] = tr["trade_dependence1"]
    out["trade_us"] = tr["flow1"] + tr["flow2"]
    out["us_troops"] = c.state("us_troops", "troops", add_us_troops, ["troops"])["troops"]
    out["igos_with_us"] = c.dyad("igo_dyad", "igo", us, add_igos, ["dyadigos"])["dyadigos"]
    # region and distance to the crisis state
    out["same_cow_region"] = [int(cow_region(a) == cow_region(b)) for a, b in zip(base["ccode"], crisis, strict=True)]
    sub = {k: un_region(k)["subregion"] for k in set(base["ccode"]) | set(crisis)}
    out["same_un_subregion"] = [int(sub[a] is not None and sub[a] == sub[b])
                                for a, b in zip(base["ccode"], crisis, strict=True)]
    out["mindist_target"] = c.dyad("mindist", "mindist", crisis, add_minimum_distance, ["mindist"],
                                   col="crisis_year")["mindist"]
    born = {(k, y): any(a == y for a, _ in membership_years(k)) for k, y in
            set(zip(crisis, base["crisis_year"], strict=True))}
    new_state = out["mindist_target"].isna() & pd.Series(
        [born[(k, y)] for k, y in zip(crisis, base["crisis_year"], strict=True)], index=base.index)
    if new_state.any():  # CShapes measures on 1 January: a state born during that year appears a year later
        later = pd.DataFrame({"ccode1": base.loc[new_state, "ccode"], "ccode2": crisis[new_state],
                              "year": base.loc[new_state, "crisis_year"] + 1})
        retry = add_minimum_distance(later)["mindist"]
        out.loc[new_state, "mindist_target"] = out.loc[new_state, "mindist_target"].fillna(retry)
    cont = c.dyad("contiguity", "contiguity", crisis, add_contiguity, ["conttype"], col="crisis_year")["conttype"]
    out["contiguous_target"] = cont.between(1, 5).astype("Int8").where(cont.notna())
    self_crisis = (base["ccode"] == crisis).to_numpy()
    out.loc[self_crisis, "mindist_target"] = 0.0  # the crisis is on the state's own territory
    out.loc[self_crisis, "contiguous_target"] = 1
    mids, mid_carried = _mids_with(base, crisis, MID_WINDOW)
    c.notes.append(pd.Series(np.where(mid_carried, "mid:2014", ""), index=base.index))
    out["mids_with_target_10y"] = mids
    riv = c.dyad("tss_rivalries", "rivalry", crisis, add_strategic_rivalries, ["tss_rivalry"], col="crisis_year",
                 source="tss")
    out["rivalry_with_target"] = riv["tss_rivalry"]
    out["shared_threat"] = ((out["mids_with_target_10y"] > 0) | (out["rivalry_with_target"] == 1)).astype(int)
    out["shared_rival_us"] = _shared_rival_with_us(base)
    dem = c.state("democracy", "polity2", add_democracy, ["polity2"])
    out["polity2"] = dem["polity2"]
    out["v2x_polyarchy"] = c.state("democracy", "vdem", add_democracy, ["v2x_polyarchy"])["v2x_polyarchy"]
    nmc = c.state("nmc", "nmc", add_nmc, ["cinc"])
    out["cinc"] = nmc["cinc"]
    out["major_power"] = major_power(base["ccode"], base["ref_year"])
    rank = out.groupby("intervention_id")["cinc"].rank(ascending=False, method="min")
    out["middle_power"] = ((out["major_power"] == 0) & (rank <= MIDDLE_POWER_RANK)).astype(int).where(
        out["cinc"].notna())
    out["nato_member"] = nato_member(base["ccode"], base["ref_year"].clip(upper=2016))
    out["nato_aspirant"] = _nato_aspirant(base["ccode"], base["ref_year"])
    sponsor = base["intervention_id"].map(igo.set_index("intervention_id")["igo_kind"])
    sponsored = base["intervention_id"].map(igo.set_index("intervention_id")["igo_sponsored"])
    member = pd.Series(np.nan, index=base.index)
    member[sponsored == 0] = 0
    member[sponsor == "nato_led"] = out.loc[sponsor == "nato_led", "nato_member"]
    un_kinds = sponsor.isin(["un_authorized", "un_peacekeeping"])
    member[un_kinds] = out.loc[un_kinds, "un_member"]
    out["sponsor_member"] = member
    out["igo_sponsored"] = sponsored.astype(int)
    out["prior_coalitions"] = _prior_coalitions(base, interventions, partners)
    out["exercises_us_5y"] = _exercises(base)
    c.notes.append(pd.Series(np.where(base["ref_year"] > 2010, "mme:2010", ""), index=base.index))
    out["carried"] = c.carried()
    return out


def build_candidates(interventions: pd.DataFrame, partners: pd.DataFrame, igo: pd.DataFrame
                     ) -> tuple[pd.DataFrame, set]:
    """The candidates table: one row per (intervention, state that could have joined), with covariates; and the
    (intervention, partner) pairs that are not candidates (a partner that was not yet a state at the start)."""
    base, lost = candidate_frame(interventions, partners)
    return add_candidate_covariates(base, interventions, partners, igo), lost
