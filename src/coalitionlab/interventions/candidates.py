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

Before the fact (issue 9): MIDs with the crisis state count only when they started before the intervention's start
date and are not the intervention's own disputes (:func:`intervention_disputes`); strategic rivalry is measured in
ref_year; NATO aspiration is read from curated dates known at the time (``curated/nato_aspirants.yaml``), and the
old proxy that uses later accession is kept as ``nato_aspirant_hindsight``. :func:`coverage_gaps` lists, for every
covariate, the rows of coalition interventions left NA and why.
"""

from __future__ import annotations

import calendar
import re
from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import coverage, load
from coalitionlab.catalog.countries import cow_region, gw_to_cow, is_member, members, membership_years, un_region
from coalitionlab.interventions.curated import load_nato_aspirants, load_war_links
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


def nato_aspirant_hindsight(ccode: pd.Series, year: pd.Series) -> pd.Series:
    """Post-hoc variant: not in NATO (ATOP) in ``year`` but entered within the next ASPIRANT_WINDOW years. It uses
    later accession, so it is not known at the time; :func:`nato_aspirant` is the measure before the fact."""
    spells = _nato_spells()
    first = spells.groupby("ccode")["first"].min()
    entry = ccode.map(first)
    now = nato_member(ccode, year)
    return ((now == 0) & (entry > year) & (entry <= year + ASPIRANT_WINDOW)).astype(int)


@cache
def _aspirant_spells() -> pd.DataFrame:
    """Aspirant spells (ccode, first, last year inclusive) from the curated file: from ``from_year`` to the year
    before ``to_year`` (the aspiration ended) or ``joined`` (accession), whichever comes first."""
    a = load_nato_aspirants()
    end = a[["to_year", "joined"]].astype("float").min(axis=1).fillna(10_000)
    return pd.DataFrame({"ccode": a["ccode"].astype(int), "first": a["from_year"].astype(int),
                         "last": (end - 1).astype(int)})


def nato_aspirant(ccode: pd.Series, year: pd.Series) -> pd.Series:
    """1 when the state was a NATO aspirant in ``year``: by then it had applied for or declared that it sought
    membership, been invited to accession talks, entered NATO's Intensified Dialogue or the Membership Action
    Plan, and it had not yet acceded (curated ``nato_aspirants.yaml``, each date with a source of record). Status
    at the end of ``year``: a state that acceded during the year is no longer an aspirant. ATOP's ``nato_member``
    counts invitees from the signature of the accession protocol, so the two overlap in the years between
    invitation and accession (Poland 1997-1998)."""
    return _in_spells(ccode, year, _aspirant_spells())


@cache
def _mid_dyad_onsets() -> pd.DataFrame:
    """Onsets of MID dyads on opposite sides (COW MID 5.0 dyadic, both directions): dispnum, ccode1, ccode2 and the
    onset's year, month and day (NaN where unknown). Month and day are the later of the two participants' own start
    dates in GML MID 2.2.1 (first spell) when GML dates the dyad to COW's onset year; else the dispute's start month
    (COW MID 5.0) when both states originated the dispute in its first year; else unknown."""
    d = load("cow_mid_dyad")
    d = d[(d["disponset"] == 1) & (d["sidea1"] != d["sidea2"])]
    d = d[["dispnum", "ccode1", "ccode2", "year", "orig1", "orig2"]].astype(int)
    d = d.drop_duplicates(["dispnum", "ccode1", "ccode2"])
    g = load("gml_mid_participants")
    g = pd.DataFrame({"dispnum": g["dispnum"].astype(int), "ccode": g["ccode"].astype(int),
                      "y": g["styear"].astype(int), "m": g["stmon"].where(g["stmon"].between(1, 12)).astype(float),
                      "d": g["stday"].where(g["stday"].between(1, 31)).astype(float)})
    g = g.sort_values(["dispnum", "ccode", "y", "m", "d"]).drop_duplicates(["dispnum", "ccode"])
    g["key"] = g["y"] * 10_000 + g["m"] * 100 + g["d"].fillna(0)
    one = g.rename(columns={"ccode": "ccode1", "y": "y1", "m": "m1", "d": "d1", "key": "k1"})
    two = g.rename(columns={"ccode": "ccode2", "y": "y2", "m": "m2", "d": "d2", "key": "k2"})
    d = d.merge(one, on=["dispnum", "ccode1"], how="left").merge(two, on=["dispnum", "ccode2"], how="left")
    later = d["k2"] > d["k1"]
    gy = np.where(later, d["y2"], d["y1"])
    gm = np.where(later, d["m2"], d["m1"])
    gd = np.where(later, d["d2"], d["d1"])
    # a tie on year and month with an unknown day leaves the day unknown
    same_month = (d["y1"] == d["y2"]) & (d["m1"] == d["m2"])
    gd = np.where(same_month & (d["d1"].isna() | d["d2"].isna()), np.nan, gd)
    dated = d["m1"].notna() & d["m2"].notna() & (gy == d["year"])
    disp = load("cow_mid_disputes").set_index("dispnum")
    stmon = d["dispnum"].map(disp["stmon"].where(disp["stmon"].between(1, 12)))
    founders = (d["orig1"] == 1) & (d["orig2"] == 1) & (d["dispnum"].map(disp["styear"]) == d["year"])
    month = np.where(dated, gm, np.where(founders, stmon, np.nan))
    day = np.where(dated, gd, np.nan)
    return pd.DataFrame({"dispnum": d["dispnum"].to_numpy(), "ccode1": d["ccode1"].to_numpy(),
                         "ccode2": d["ccode2"].to_numpy(), "year": d["year"].to_numpy(),
                         "month": month.astype(float), "day": day.astype(float)})


@cache
def _war_mids() -> dict[int, frozenset[int]]:
    """COW war number -> the MIDs that are that war: disputes at war level (COW MID 5.0 hostility level 5) in which
    the U.S. faced one of its opponents in the war, in the U.S.'s war years (Korean War 151 -> 51, Gulf War 211 ->
    3957, Invasion of Iraq 227 -> 4273)."""
    war = load("cow_war_inter")
    war = war[war["ccode1"] == US][["warnum", "ccode2", "year"]].astype(int)
    disp = load("cow_mid_disputes").set_index("dispnum")
    dy = load("cow_mid_dyad")
    dy = dy[(dy["ccode1"] == US) & (dy["sidea1"] != dy["sidea2"])][["dispnum", "ccode2", "year"]].astype(int)
    dy = dy[dy["dispnum"].map(disp["hostlev"]) == 5]
    span = dy.groupby("dispnum")["year"].agg(["min", "max"])
    out = {}
    for warnum, w in war.groupby("warnum"):
        lo, hi = w["year"].min(), w["year"].max()
        hit = dy[dy["ccode2"].isin(set(w["ccode2"]))]["dispnum"].unique()
        out[int(warnum)] = frozenset(int(x) for x in hit if span.loc[x, "min"] <= hi and span.loc[x, "max"] >= lo)
    return out


def intervention_disputes(interventions: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """The intervention's own disputes (intervention_id, dispnum, link): the MIDs MIP links to it (``mip``), the MID
    records of its partner evidence (``evidence``) and the MIDs that are a COW war linked to it, by the curated war
    links or its partners' war evidence (``war``: see :func:`_war_mids`). They are the intervention itself, so they
    never count as an earlier dispute with the crisis state."""
    rows = [(iid, int(m), "mip") for iid, mids in zip(interventions["intervention_id"], interventions["mids"],
                                                      strict=True) for m in mids]
    links = load_war_links(interventions)
    wars = set(zip(links["intervention_id"], links["warnum"].astype(int), strict=True))
    for iid, text in zip(partners["intervention_id"], partners["evidence"].fillna(""), strict=True):
        rows += [(iid, int(m), "evidence") for m in re.findall(r"dispnum (\d+)", text)]
        wars |= {(iid, int(w)) for w in re.findall(r"warnum (\d+)", text)}
    war_mids = _war_mids()
    rows += [(iid, m, "war") for iid, w in sorted(wars) for m in sorted(war_mids.get(int(w), ()))]
    out = pd.DataFrame(rows, columns=["intervention_id", "dispnum", "link"])
    out = out[out["intervention_id"].isin(set(interventions["intervention_id"]))]
    return out.drop_duplicates(["intervention_id", "dispnum"]).reset_index(drop=True)


def counted_mids(base: pd.DataFrame, other: pd.Series, interventions: pd.DataFrame, own: pd.DataFrame,
                 window: int = MID_WINDOW) -> pd.DataFrame:
    """The MID dyad onsets that count for each candidate row: the candidate and ``other`` on opposite sides, in the
    ``window`` years before the intervention's start, strictly before it and not one of its own disputes (``own``:
    :func:`intervention_disputes`). One row per (row position in ``base``, dispnum) with the onset's year, month,
    day and the start compared (sy, sm, sd).

    Dates at day precision where both the onset and the start have a day, else month, else year; an onset that
    cannot be shown to fall inside the window (same month with a day unknown, same year with a month unknown) does
    not count. COW MID 5.0 ends in 2014: for a start after 2014 the window is the ten years to December 2014."""
    _, end = coverage("cow_mid_dyad")
    iv = interventions.set_index("intervention_id")
    sy = base["intervention_id"].map(iv["start_year"]).astype(float).to_numpy()
    sm = base["intervention_id"].map(iv["start_month"]).astype(float).to_numpy()
    sm = np.where((sm >= 1) & (sm <= 12), sm, np.nan)
    sd = base["intervention_id"].map(iv["start_day"]).astype(float).to_numpy()
    sd = np.where((sd >= 1) & (sd <= 31) & ~np.isnan(sm), sd, np.nan)
    carried = sy > end
    sy, sm, sd = np.where(carried, end + 1, sy), np.where(carried, 1, sm), np.where(carried, 1, sd)
    key = pd.DataFrame({"ccode1": base["ccode"].to_numpy(), "ccode2": other.to_numpy(), "row": np.arange(len(base)),
                        "iid": base["intervention_id"].to_numpy(), "sy": sy, "sm": sm, "sd": sd})
    hit = key.merge(_mid_dyad_onsets(), on=["ccode1", "ccode2"])
    own_keys = set(zip(own["intervention_id"], own["dispnum"], strict=True))
    hit = hit[[(i, d) not in own_keys for i, d in zip(hit["iid"], hit["dispnum"], strict=True)]]
    y, m, d = hit["year"], hit["month"], hit["day"]  # NaN comparisons are False: unknown never counts
    before = (y < hit["sy"]) | ((y == hit["sy"]) & ((m < hit["sm"]) | ((m == hit["sm"]) & (d < hit["sd"]))))
    lo = hit["sy"] - window
    inside = (y > lo) | ((y == lo) & ((m > hit["sm"]) | ((m == hit["sm"]) & (d >= hit["sd"]))))
    return hit[before & inside].drop_duplicates(["row", "dispnum"]).reset_index(drop=True)


def _mids_with(base: pd.DataFrame, other: pd.Series, interventions: pd.DataFrame, own: pd.DataFrame,
               window: int = MID_WINDOW) -> tuple[pd.Series, pd.Series]:
    """Number of :func:`counted_mids` per row, and whether the row's window was cut at 2014 (start after 2014)."""
    hit = counted_mids(base, other, interventions, own, window)
    counts = np.zeros(len(base), dtype=int)
    np.add.at(counts, hit["row"].to_numpy(), 1)
    _, end = coverage("cow_mid_dyad")
    carried = base["start_year"] > end
    return pd.Series(counts, index=base.index), carried


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
    # a candidate born in ref_year: CShapes has it from 1 January of the start year, which is still before the start
    cand_born = {(k, y): any(a == y for a, _ in membership_years(k)) for k, y in
                 set(zip(base["ccode"], base["ref_year"], strict=True))}
    new_cand = out["mindist_target"].isna() & pd.Series(
        [cand_born[(k, y)] for k, y in zip(base["ccode"], base["ref_year"], strict=True)], index=base.index)
    if new_cand.any():
        at_start = pd.DataFrame({"ccode1": base.loc[new_cand, "ccode"], "ccode2": crisis[new_cand],
                                 "year": base.loc[new_cand, "start_year"]})
        retry = add_minimum_distance(at_start)["mindist"]
        out.loc[new_cand, "mindist_target"] = out.loc[new_cand, "mindist_target"].fillna(retry)
    cont = c.dyad("contiguity", "contiguity", crisis, add_contiguity, ["conttype"], col="crisis_year")["conttype"]
    out["contiguous_target"] = cont.between(1, 5).astype("Int8").where(cont.notna())
    self_crisis = (base["ccode"] == crisis).to_numpy()
    out.loc[self_crisis, "mindist_target"] = 0.0  # the crisis is on the state's own territory
    out.loc[self_crisis, "contiguous_target"] = 1
    own = intervention_disputes(interventions, partners)
    mids, mid_carried = _mids_with(base, crisis, interventions, own, MID_WINDOW)
    c.notes.append(pd.Series(np.where(mid_carried, "mid:2014", ""), index=base.index))
    out["mids_with_target_10y"] = mids
    # rivalry in ref_year, before the start (a crisis state born in the start year has no earlier rivalry)
    riv = c.dyad("tss_rivalries", "rivalry", crisis, add_strategic_rivalries, ["tss_rivalry"], source="tss")
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
    out["nato_aspirant"] = nato_aspirant(base["ccode"], base["ref_year"])
    out["nato_aspirant_hindsight"] = nato_aspirant_hindsight(base["ccode"], base["ref_year"])
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


CANDIDATE_KEYS = ("intervention_id", "ccode", "start_year", "ref_year", "crisis_ccode", "is_host", "joined",
                  "joined_basing", "crisis_year", "carried")
NOT_A_STATE = "not yet a state in ref_year (entered the state system in the start year): no source can measure it"
# covariate -> ordered (reason, rule) pairs; a rule takes the NA rows (with `state_then`) and marks those it explains
_GAP_RULES = {
    "idealpoint": [("no UNGA ideal point in ref_year: not yet a UN member, or no recorded votes (Bailey, Strezhnev "
                    "and Voeten 2025)", lambda g: g["un_member"] == 0)],
    "trade_us": [("no COW Trade 4.0 dyadic record with the U.S. in ref_year", None)],
    "trade_share_us": [("no COW Trade 4.0 dyadic record with the U.S. in ref_year", lambda g: g["trade_us"].isna()),
                       ("no total trade of the state in COW Trade 4.0 (national totals) in ref_year", None)],
    "us_troops": [("ref_year before the troop data (1950); the 1950 values cannot stand in for the Korean War "
                   "(June 1950): the legacy series reads Kane's September reports, after the start",
                   lambda g: g["ref_year"] < 1950),
                  ("no troop record for the state in ref_year", None)],
    "mindist_target": [("no CShapes 2.0 minimum distance for the pair in ref_year", None)],
    "polity2": [("no Polity5 polity2 for the state in ref_year (states under 500,000 people are not coded; a "
                 "foreign interruption has no polity2)", None)],
    "v2x_polyarchy": [("V-Dem does not code the state in ref_year", None)],
    "sponsor_member": [("the sponsor's membership is not measured (a regional organization, or an IGO authorization "
                        "without a membership list)", None)],
    "exercises_us_5y": [("the five-year window starts before MME's coverage (1980)",
                         lambda g: g["ref_year"] - EXERCISE_WINDOW + 1 < coverage("mme")[0])],
}
_GAP_RULES["idealpoint_distance_us"] = _GAP_RULES["idealpoint"]


def coverage_gaps(candidates: pd.DataFrame, interventions: pd.DataFrame) -> pd.DataFrame:
    """For every candidate covariate, the rows of coalition interventions (``coalition == 1``) left NA, by reason:
    columns covariate, reason, n_rows, n_interventions (a covariate without gaps has one row, reason "complete").

    The reasons are checked in order: a rule of the covariate's own source that comes first (years before the
    source, the MME window), then "not yet a state in ref_year", then the covariate's other reasons; rows no rule
    explains are "other". Gaps are left NA here (never filled with a guess); the models impute them."""
    coalitions = set(interventions.loc[interventions["coalition"] == 1, "intervention_id"])
    rows = candidates[candidates["intervention_id"].isin(coalitions)]
    state_then = pd.Series([is_member(c, y) for c, y in zip(rows["ccode"], rows["ref_year"], strict=True)],
                           index=rows.index)
    out = []
    for col in [c for c in candidates.columns if c not in CANDIDATE_KEYS]:
        gap = rows[rows[col].isna()]
        if gap.empty:
            out.append((col, "complete", 0, 0))
            continue
        left = pd.Series(True, index=gap.index)
        rules = _GAP_RULES.get(col, [])
        first = [r for r in rules[:1] if r[1] is not None and col in ("us_troops", "exercises_us_5y")]
        ordered = [*first, (NOT_A_STATE, lambda g: ~state_then[g.index]), *[r for r in rules if r not in first]]
        for reason, rule in ordered:
            hit = left & (True if rule is None else rule(gap).astype(bool))
            if hit.any():
                out.append((col, reason, int(hit.sum()), int(gap.loc[hit, "intervention_id"].nunique())))
            left &= ~hit
        if left.any():
            out.append((col, "other", int(left.sum()), int(gap.loc[left, "intervention_id"].nunique())))
    return pd.DataFrame(out, columns=["covariate", "reason", "n_rows", "n_interventions"])


def add_us_hostility(base: pd.DataFrame, interventions: pd.DataFrame, partners: pd.DataFrame,
                     window: int = MID_WINDOW) -> pd.DataFrame:
    """Hostility of each candidate to the U.S., measured before the start (not columns of the candidates table:
    the partner forecast's own features, measured by the same code for the data set and a scenario).

    ``rivalry_with_us``: 1 when the candidate is in an ongoing strategic rivalry with the U.S. (Thompson, Sakuwa
    and Suhas 2021) in ref_year (clamped to the source's last year, 2020): USSR 1945-1989, China 1949-1972 and
    1996-, Cuba 1959-, Iran 1982-, Russia 2007-. ``mids_with_us_10y``: militarized disputes with the U.S. (opposite
    sides) with an onset in the ``window`` years before the start, strictly before it and not one of the
    intervention's own disputes (:func:`counted_mids`, as ``mids_with_target_10y``; COW MID 5.0 ends in 2014).
    ``hostile_to_us``: 1 when either. ``base`` needs intervention_id, ccode, start_year and ref_year;
    ``interventions`` must hold every intervention of ``base`` (start dates) and ``partners`` their rosters (the
    intervention's own disputes). Returns a copy of ``base`` with the three columns added."""
    c = _Carry(base)
    us = pd.Series(US, index=base.index)
    out = base.copy()
    riv = c.dyad("tss_rivalries", "rivalry", us, add_strategic_rivalries, ["tss_rivalry"], source="tss")
    out["rivalry_with_us"] = riv["tss_rivalry"].astype("float64")
    own = intervention_disputes(interventions, partners)
    mids, _ = _mids_with(base, us, interventions, own, window)
    out["mids_with_us_10y"] = mids.astype("float64")
    out["hostile_to_us"] = ((out["rivalry_with_us"] == 1) | (out["mids_with_us_10y"] > 0)).astype("float64")
    return out
