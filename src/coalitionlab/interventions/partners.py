"""Partner rosters: which states took part beside the U.S. in each intervention, with evidence and its rules.

Evidence comes from four kinds of source, each recorded with its data set, version and record id. Every
record that a looser match would find is tested by the evidence rules below; a record a rule turns down goes
to the ``evidence_rejected`` table with the rule and the reason, so a user can audit both directions.

* MID participants of the disputes MIP links to the intervention: GML MID 2.2.1 participants
  (``gml_mid_participants``, with each participant's own start and end month) and COW MID 5.0
  (``cow_mid_dyad``: participants read from the directed dispute-years; their months from GML when GML has the
  participant, else from the dispute's start month and maximum duration). Rules :func:`rule_mid_action`
  (a partner took a militarized action: highest action at least a show of force) and :func:`rule_dates`
  (the participant's own dates overlap the intervention's at month precision), :func:`rule_mid_gml_revised`
  (a COW MID participant that GML's revision of the same dispute drops), and :func:`rule_mid_uncorroborated`
  (MID records alone do not make a partner: a curated entry, a linked war or a UCDP record must confirm it);
* COW Inter-State War 4.0 (``cow_war_inter``): states on the U.S. side of a war. Rules :func:`rule_war_link`
  (the war is linked to the intervention in ``curated/war_links.yaml``, with a citation) and :func:`rule_dates`
  (the state's war years overlap the intervention's);
* UCDP/PRIO Armed Conflict Dataset 25.1 (``ucdp_acd``): states on the U.S. side of a conflict whose primary
  parties include a target of the intervention; rule :func:`rule_dates` on the conflict-years. The bundled ACD
  keeps one secondary party per side (peacesciencer's reduction), so UCDP adds few partners;
* curated facts (``curated/partners*``), each with a role, a window and a citation of record.

Then :func:`rule_exclusion`: a curated exclusion (``curated/exclusions*``, with a citation) overrides data-set
evidence (Suez 1956). A state found on the U.S. side is a partner; one found on the other side is an adversary;
a state with both kinds of evidence in one intervention is listed in ``conflicts`` for review and kept out.

Each partner row has its role (``combat``: forces in the operation; ``support``: medical, logistics, airlift,
training; ``basing``: territory or bases only) and its participation window (first and last year and month).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from coalitionlab.catalog import get, load
from coalitionlab.catalog.countries import gw_to_cow
from coalitionlab.interventions.curated import (
    load_curated_exclusions,
    load_curated_partners,
    load_war_links,
    user_curated_files,
)
from coalitionlab.interventions.universe import intervention_windows, month_index

US = 2
# a MID participant counts as a partner from a show of force (MID action 7) up: threats alone (1-6) commit no forces
MIN_HIACT = 7
ROLE_RANK = {"combat": 3, "support": 2, "basing": 1}
# the roles that make a state a coalition partner in the main models; basing-only is a variant
FORCE_ROLES = ("combat", "support")


def force_partners(partners: pd.DataFrame) -> pd.DataFrame:
    """The partner rows with forces in the operation (role combat or support): the coalition of the main models."""
    return partners[partners["role"].isin(FORCE_ROLES)]


WINDOW = ["first_year", "first_month", "last_year", "last_month"]
EVIDENCE_COLUMNS = ["intervention_id", "ccode", "side", "source", "dataset", "version", "record_id", "role",
                    *WINDOW, "contribution", "citation", "url", "publisher", "publisher_class"]


def _ds(name: str) -> tuple[str, str]:
    ds = get(name)
    return ds.dataset, ds.version


# ---------------------------------------------------------------------------------------------------- rules
def rule_mid_action(records: pd.DataFrame) -> pd.Series:
    """MID participants on the U.S. side need a militarized action of their own: highest action >= 7 (a show of
    force or more). True where the record fails the rule."""
    return (records["source"].isin(["gml_mid_participants", "cow_mid_dyad"]) & (records["side"] == "us")
            & (records["hiact"].fillna(0) < MIN_HIACT))


def rule_mid_gml_revised(records: pd.DataFrame) -> pd.Series:
    """GML MID 2.2.1 revises the COW MID records of 1816-2010: a COW MID 5.0 participant of a dispute that GML
    also codes, but which GML does not list in it, is turned down (GML dropped it on review). True where the
    record fails."""
    gml = _mid_participants()
    gml = gml[gml["source"] == "gml_mid_participants"]
    coded = set(gml["dispnum"].astype(int))
    listed = set(zip(gml["dispnum"].astype(int), gml["ccode"].astype(int), strict=True))
    disp = records["record_id"].str.extract(r"dispnum (\d+)", expand=False).astype("float").fillna(-1).astype(int)
    is_cow = records["source"] == "cow_mid_dyad"
    fails = [d in coded and (d, c) not in listed for d, c in zip(disp, records["ccode"].astype(int), strict=True)]
    return is_cow & pd.Series(fails, index=records.index)


def rule_mid_uncorroborated(records: pd.DataFrame, passed: pd.Series) -> pd.Series:
    """A state that only MID records (of those that passed the other rules) put on the U.S. side of an
    intervention is not a partner: a curated entry, a linked war or a UCDP record must stand beside them. In the
    audits of the rebuilt rosters (docs/audit.md) 20 of 29 sampled MID rows were right against 270 of 274
    curated ones; the MID-only rows were reviewed one by one and those a source of record confirmed became
    curated entries. True where the record fails."""
    us = records[passed & (records["side"] == "us")]
    is_mid = us["source"].isin(["gml_mid_participants", "cow_mid_dyad"])
    only_mid = is_mid.groupby([us["intervention_id"], us["ccode"]]).transform("all")
    fails = pd.Series(False, index=records.index)
    fails[us.index[only_mid.to_numpy()]] = True
    return fails


def rule_war_link(records: pd.DataFrame, links: pd.DataFrame) -> pd.Series:
    """War records need a curated link of the war to the intervention. True where the record fails."""
    linked = set(zip(links["intervention_id"], links["warnum"], strict=True))
    is_war = records["source"] == "cow_war_inter"
    keys = zip(records["intervention_id"], records["warnum"].fillna(-1).astype(int), strict=True)
    return is_war & ~pd.Series([k in linked for k in keys], index=records.index)


def rule_dates(records: pd.DataFrame, windows: pd.DataFrame) -> pd.Series:
    """The record's own participation dates must overlap the intervention's (month precision where both have
    months). True where the record fails."""
    w = records[["intervention_id"]].merge(windows, on="intervention_id", how="left")
    rec_from = month_index(records["first_year"], records["first_month"], 1)
    rec_to = month_index(records["last_year"], records["last_month"], 12)
    return pd.Series((rec_to < w["iv_from"].to_numpy()) | (rec_from > w["iv_to"].to_numpy()), index=records.index)


def rule_exclusion(records: pd.DataFrame, exclusions: pd.DataFrame) -> pd.Series:
    """A curated exclusion (with a citation) turns down every U.S.-side record of that state in that
    intervention. True where the record fails."""
    keys = set(zip(exclusions["intervention_id"], exclusions["ccode"], strict=True))
    hit = [k in keys for k in zip(records["intervention_id"], records["ccode"], strict=True)]
    return (records["side"] == "us") & pd.Series(hit, index=records.index)


# ---------------------------------------------------------------------------------------------- candidates
@cache
def _mid_participants() -> pd.DataFrame:
    """dispnum, ccode, sidea, orig, hiact, first/last year and month, source for GML 2.2.1 and COW MID 5.0."""
    gml = load("gml_mid_participants")
    gml = gml.rename(columns={"styear": "first_year", "stmon": "first_month", "endyear": "last_year",
                              "endmon": "last_month"})
    gml = gml.groupby(["dispnum", "ccode"], as_index=False).agg(
        sidea=("sidea", "max"), orig=("orig", "max"), hiact=("hiact", "max"), first_year=("first_year", "min"),
        first_month=("first_month", "first"), last_year=("last_year", "max"), last_month=("last_month", "last"))
    for col in ("first_month", "last_month"):
        gml[col] = gml[col].where(gml[col].between(1, 12))
    gml["source"] = "gml_mid_participants"
    cow = load("cow_mid_dyad")[["dispnum", "ccode1", "sidea1", "orig1", "hiact1", "year"]]
    cow = cow.groupby(["dispnum", "ccode1"], as_index=False).agg(
        sidea=("sidea1", "max"), orig=("orig1", "max"), hiact=("hiact1", "max"), first_year=("year", "min"),
        last_year=("year", "max")).rename(columns={"ccode1": "ccode"})
    # months: the participant's own from GML (same dispute numbers through 2010), else the dispute's start month
    # and its start plus the maximum duration
    own = gml.set_index(["dispnum", "ccode"])[["first_year", "first_month", "last_year", "last_month"]]
    disp = load("cow_mid_disputes").set_index("dispnum")
    starts = pd.to_datetime(dict(year=disp["styear"], month=disp["stmon"].where(disp["stmon"].between(1, 12), 1),
                                 day=1))
    ends = starts + pd.to_timedelta(disp["maxdur"].clip(lower=1), unit="D")
    key = pd.MultiIndex.from_frame(cow[["dispnum", "ccode"]])
    o = own.reindex(key)
    d_start = starts.reindex(cow["dispnum"]).to_numpy()
    d_end = ends.reindex(cow["dispnum"]).to_numpy()
    fm = np.where(o["first_month"].notna(), o["first_month"],
                  np.where(pd.DatetimeIndex(d_start).year == cow["first_year"], pd.DatetimeIndex(d_start).month, 1))
    lm = np.where(o["last_month"].notna(), o["last_month"],
                  np.where(pd.DatetimeIndex(d_end).year == cow["last_year"], pd.DatetimeIndex(d_end).month, 12))
    cow["first_year"] = np.where(o["first_year"].notna(), o["first_year"], cow["first_year"]).astype(int)
    cow["last_year"] = np.where(o["last_year"].notna(), o["last_year"], cow["last_year"]).astype(int)
    cow["first_month"], cow["last_month"] = fm, lm
    cow["source"] = "cow_mid_dyad"
    out = pd.concat([gml, cow], ignore_index=True)
    out["first_month"] = out["first_month"].astype("Int32")
    out["last_month"] = out["last_month"].astype("Int32")
    return out


def _records_mids(interventions: pd.DataFrame) -> pd.DataFrame:
    """Every participant of every MID that MIP links to the intervention, with its side relative to the U.S."""
    parts = _mid_participants()
    links = interventions[["intervention_id", "mids"]].explode("mids").dropna()
    links = links.rename(columns={"mids": "dispnum"}).astype({"dispnum": "int64"})
    merged = links.merge(parts.astype({"dispnum": "int64"}), on="dispnum")
    us_side = merged[merged["ccode"] == US][["intervention_id", "dispnum", "source", "sidea"]].rename(
        columns={"sidea": "us_sidea"}).drop_duplicates(["intervention_id", "dispnum", "source"])
    merged = merged.merge(us_side, on=["intervention_id", "dispnum", "source"])
    merged = merged[merged["ccode"] != US]
    if merged.empty:
        return pd.DataFrame(columns=[*EVIDENCE_COLUMNS, "hiact"])
    names = {s: _ds(s) for s in merged["source"].unique()}
    same = merged["sidea"] == merged["us_sidea"]
    return pd.DataFrame({
        "intervention_id": merged["intervention_id"], "ccode": merged["ccode"].astype("int64"),
        "side": np.where(same, "us", "other"), "source": merged["source"],
        "dataset": merged["source"].map(lambda s: names[s][0]), "version": merged["source"].map(lambda s: names[s][1]),
        "record_id": "dispnum " + merged["dispnum"].astype(str) + ", highest action " + merged["hiact"].astype(str),
        "role": np.where(same, "combat", None), "first_year": merged["first_year"],
        "first_month": merged["first_month"],
        "last_year": merged["last_year"], "last_month": merged["last_month"],
        "contribution": np.where(~same, None, np.where(merged["orig"] == 1, "originator of the dispute",
                                                       "joined the dispute on the U.S. side")),
        "hiact": merged["hiact"],
    })


def _records_wars(interventions: pd.DataFrame) -> pd.DataFrame:
    """States in a U.S. war whose years overlap the intervention and in which a target fought on the other side
    (or the host on the U.S. side): the looser match that the war-link rule then tests."""
    war = load("cow_war_inter")
    parts = war.groupby(["warnum", "ccode1"], as_index=False).agg(
        sidea=("sidea1", "max"), first=("year", "min"), last=("year", "max"))
    us = parts[parts["ccode1"] == US].set_index("warnum")
    dataset, version = _ds("cow_war_inter")
    rows = []
    for iv in interventions.itertuples():
        is_host = pd.notna(iv.primary_is_target) and iv.primary_is_target == 0 and pd.notna(iv.primary_ccode)
        hosts = {int(iv.primary_ccode)} if is_host else set()
        adversaries = set(iv.targets) - hosts
        for warnum, u in us.iterrows():
            if u["last"] < iv.start_year or u["first"] > iv.end_year:
                continue
            w = parts[parts["warnum"] == warnum]
            opp = w.loc[w["sidea"] != u["sidea"]]
            same = w.loc[(w["sidea"] == u["sidea"]) & (w["ccode1"] != US)]
            if not (adversaries & set(opp["ccode1"].astype(int)) or hosts & set(same["ccode1"].astype(int))):
                continue
            for side, frame in (("us", same), ("other", opp)):
                for r in frame.itertuples():
                    rows.append({"intervention_id": iv.intervention_id, "ccode": int(r.ccode1), "side": side,
                                 "source": "cow_war_inter", "dataset": dataset, "version": version,
                                 "record_id": f"warnum {warnum}", "warnum": int(warnum),
                                 "role": "combat" if side == "us" else None, "first_year": int(r.first),
                                 "first_month": pd.NA, "last_year": int(r.last), "last_month": pd.NA,
                                 "contribution": "fought in the war on the U.S. side" if side == "us" else None})
    return pd.DataFrame(rows)


def _records_ucdp(interventions: pd.DataFrame) -> pd.DataFrame:
    """States on either side of UCDP conflicts with the U.S. as a party and a target as a primary party, in the
    intervention's years: one record per conflict and state with the years it took part."""
    acd = load("ucdp_acd")
    side_a = acd[["gwno_a", "gwno_a_2nd"]]
    side_b = acd[["gwno_b", "gwno_b_2nd"]]
    us_a = (side_a == US).any(axis=1)
    us_b = (side_b == US).any(axis=1)
    acd = acd[us_a | us_b].assign(us_on_a=us_a[us_a | us_b])
    dataset, version = _ds("ucdp_acd")
    rows = []
    for iv in interventions.itertuples():
        targets = set(iv.targets)
        # a linked conflict in overlapping years: only the conflict-years inside the intervention count
        for r in acd[(acd["year"] >= iv.start_year) & (acd["year"] <= iv.end_year)].itertuples():
            primaries = {gw_to_cow(int(g), int(r.year)) for g in (r.gwno_a, r.gwno_b) if pd.notna(g)}
            if not primaries & targets:
                continue
            same = (r.gwno_a, r.gwno_a_2nd) if r.us_on_a else (r.gwno_b, r.gwno_b_2nd)
            other = (r.gwno_b, r.gwno_b_2nd) if r.us_on_a else (r.gwno_a, r.gwno_a_2nd)
            for side, codes in (("us", same), ("other", other)):
                for g in codes:
                    if pd.isna(g) or int(g) == US:
                        continue
                    c = gw_to_cow(int(g), int(r.year))
                    if c is None:
                        continue
                    rows.append({"intervention_id": iv.intervention_id, "ccode": c, "side": side, "year": int(r.year),
                                 "conflict_id": int(r.conflict_id)})
    if not rows:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    keys = ["intervention_id", "ccode", "side", "conflict_id"]
    out = pd.DataFrame(rows).groupby(keys, as_index=False).agg(first_year=("year", "min"), last_year=("year", "max"))
    out["record_id"] = ("conflict_id " + out["conflict_id"].astype(str) + ", years " + out["first_year"].astype(str)
                        + "-" + out["last_year"].astype(str))
    return out.assign(source="ucdp_acd", dataset=dataset, version=version, first_month=pd.NA, last_month=pd.NA,
                      role=np.where(out["side"] == "us", "combat", None),
                      contribution=np.where(out["side"] == "us", "warring party on the U.S. side", None)
                      ).drop(columns="conflict_id")


def _records_curated(cur: pd.DataFrame) -> pd.DataFrame:
    if cur.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    return pd.DataFrame({
        "intervention_id": cur["intervention_id"], "ccode": cur["ccode"], "side": "us", "source": "curated",
        "dataset": "coalitionlab curated facts", "version": "curated", "record_id": cur["source_line"],
        "role": cur["role"], **{c: cur[c] for c in WINDOW}, "contribution": cur["contribution"],
        "citation": cur["citation"], "url": cur["url"], "publisher": cur["publisher"],
        "publisher_class": cur["publisher_class"], "snapshot": cur["snapshot"],
    })


# ------------------------------------------------------------------------------------------------ evidence
@dataclass
class Evidence:
    """Accepted evidence and the records the rules turned down (with ``rule`` and ``reason``)."""

    accepted: pd.DataFrame
    rejected: pd.DataFrame


def collect_evidence(interventions: pd.DataFrame, curated_dir: Path | None = None) -> Evidence:
    """Every record of a state's side in an intervention, tested by the evidence rules.

    ``curated_dir`` replaces the bundled curated facts folder when given (its ``partners``, ``exclusions`` and
    ``war_links`` files; a folder without war links links no war).
    """
    cur = load_curated_partners(interventions, user_curated_files(curated_dir, "partners"))
    exclusions = load_curated_exclusions(interventions, cur, user_curated_files(curated_dir, "exclusions"))
    links = load_war_links(interventions, user_curated_files(curated_dir, "war_links"))
    frames = [f for f in (_records_mids(interventions), _records_wars(interventions), _records_ucdp(interventions),
                          _records_curated(cur)) if not f.empty]
    rec = pd.concat(frames, ignore_index=True)
    rec["ccode"] = rec["ccode"].astype("int64")
    for col in WINDOW:
        rec[col] = rec[col].astype("Int32")
    if "warnum" not in rec:
        rec["warnum"] = pd.NA
    if "hiact" not in rec:
        rec["hiact"] = pd.NA
    windows = intervention_windows(interventions)
    checks = [
        ("mid_action", rule_mid_action(rec),
         f"MID participant's highest action is below {MIN_HIACT} (a show of force): no forces committed"),
        ("mid_gml_revised", rule_mid_gml_revised(rec),
         "GML MID 2.2.1 codes this dispute and does not list the state in it (dropped on review)"),
        ("war_link", rule_war_link(rec, links), "the war is not linked to this intervention (war_links.yaml)"),
        ("dates", rule_dates(rec, windows), "the state's own participation dates do not overlap the intervention's"),
        ("exclusion", rule_exclusion(rec, exclusions), "a curated exclusion with a source of record"),
    ]
    failed = pd.Series(None, index=rec.index, dtype="object")
    reason = pd.Series(None, index=rec.index, dtype="object")
    excl = exclusions.set_index(["intervention_id", "ccode"])
    for name, mask, why in checks:
        new = mask & failed.isna()
        failed[new] = name
        if name == "mid_action":
            reason[new] = np.where(rec.loc[new, "hiact"].fillna(0).astype(int) == 0,
                                   "MID participant took no militarized action (highest action 0)",
                                   "MID participant only threatened force (highest action 1-6): no forces committed")
        elif name == "exclusion":
            keys = list(zip(rec.loc[new, "intervention_id"], rec.loc[new, "ccode"], strict=True))
            reason[new] = [f"{excl.loc[k, 'reason']} ({excl.loc[k, 'citation']}; {excl.loc[k, 'source_line']})"
                           for k in keys]
        else:
            reason[new] = why
    alone = rule_mid_uncorroborated(rec, failed.isna())
    failed[alone] = "mid_uncorroborated"
    reason[alone] = ("only MID records put the state on the U.S. side, with no curated fact, war or UCDP record "
                     "beside them (audited MID-only rows were often wrong); a curated entry confirms a partner")
    rejected = rec[failed.notna()].assign(rule=failed[failed.notna()], reason=reason[failed.notna()])
    accepted = rec[failed.isna()]
    cols = [*EVIDENCE_COLUMNS, "snapshot"]
    accepted = accepted.reindex(columns=cols).drop_duplicates(
        ["intervention_id", "ccode", "side", "source", "record_id"]).reset_index(drop=True)
    rejected = rejected.reindex(columns=[*cols, "rule", "reason"]).drop_duplicates(
        ["intervention_id", "ccode", "side", "source", "record_id"]).reset_index(drop=True)
    return Evidence(accepted, rejected)


def _clip_window(partners: pd.DataFrame, interventions: pd.DataFrame) -> pd.DataFrame:
    """Clip each partner's window to the intervention's dates (month precision)."""
    w = partners[["intervention_id"]].merge(intervention_windows(interventions), on="intervention_id", how="left")
    lo = month_index(partners["first_year"], partners["first_month"], 1)
    hi = month_index(partners["last_year"], partners["last_month"], 12)
    lo_c = np.maximum(lo, w["iv_from"].to_numpy())
    hi_c = np.minimum(hi, w["iv_to"].to_numpy())
    out = partners.copy()
    out["first_year"] = (lo_c // 12).astype("int64")
    out["first_month"] = pd.array(np.where((lo_c != lo) | partners["first_month"].notna(), lo_c % 12 + 1, -1),
                                  dtype="Int32")
    out["last_year"] = (hi_c // 12).astype("int64")
    out["last_month"] = pd.array(np.where((hi_c != hi) | partners["last_month"].notna(), hi_c % 12 + 1, -1),
                                 dtype="Int32")
    for c in ("first_month", "last_month"):
        out[c] = out[c].mask(out[c] == -1)
    for c in ("first_year", "last_year"):
        out[c] = out[c].astype("Int32")
    return out


def build_partners(interventions: pd.DataFrame, evidence: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Partner roster (one row per intervention and partner) and the conflicts left for review.

    Returns ``(partners, conflicts)``. ``partners`` columns: intervention_id, ccode, role, first_year,
    first_month, last_year, last_month, snapshot, evidence (text), n_evidence, sources, ev_gml_mid, ev_cow_mid,
    ev_cow_war, ev_ucdp, ev_curated, contribution, citation, url, publisher, publisher_class. The role and the
    window come from the curated entry when there is one (it is the researched fact), else the strongest role
    and the widest window of the data-set records, clipped to the intervention's dates.
    """
    us = evidence[evidence["side"] == "us"]
    other = evidence[evidence["side"] == "other"]
    both = us.merge(other[["intervention_id", "ccode"]].drop_duplicates(), on=["intervention_id", "ccode"])
    conflict_keys = both[["intervention_id", "ccode"]].drop_duplicates()
    conflicts = conflict_keys.merge(evidence, on=["intervention_id", "ccode"])
    # a state with evidence on both sides (of any source, curated included) is left out and listed for review
    keep = us.merge(conflict_keys, on=["intervention_id", "ccode"], how="left", indicator=True)
    keep = keep[keep["_merge"] == "left_only"].drop(columns="_merge")
    flags = {"gml_mid_participants": "ev_gml_mid", "cow_mid_dyad": "ev_cow_mid", "cow_war_inter": "ev_cow_war",
             "ucdp_acd": "ev_ucdp", "curated": "ev_curated"}
    keep = keep.assign(text=keep["dataset"] + " " + keep["version"] + ": " + keep["record_id"],
                       contribution=keep["contribution"].where(keep["contribution"].astype("string").str.len() > 0),
                       rank=keep["role"].map(ROLE_RANK).fillna(0) + np.where(keep["source"] == "curated", 10, 0),
                       lo=month_index(keep["first_year"], keep["first_month"], 1),
                       hi=month_index(keep["last_year"], keep["last_month"], 12))
    for src, col in flags.items():
        keep[col] = (keep["source"] == src).astype(int)
    keys = ["intervention_id", "ccode"]
    grouped = keep.groupby(keys, sort=True)
    partners = grouped.agg(
        evidence=("text", "; ".join), n_evidence=("text", "size"),
        sources=("source", lambda s: ",".join(sorted(set(s)))),
        citation=("citation", lambda s: " | ".join(s.dropna()) or None),
        url=("url", lambda s: " | ".join(s.dropna()) or None),
        **{col: (col, "max") for col in flags.values()},
    ).reset_index()
    # role, window, contribution and publisher: from the curated record when there is one, else the strongest
    # role and the widest window of the data-set records
    best = keep.sort_values([*keys, "rank"], ascending=[True, True, False]).drop_duplicates(keys)
    best = best[[*keys, "role", "contribution", "snapshot", "publisher", "publisher_class", "source", *WINDOW]]
    wide = keep.groupby(keys).agg(lo=("lo", "min"), hi=("hi", "max"),
                                  lo_month=("first_month", lambda s: s.notna().all()),
                                  hi_month=("last_month", lambda s: s.notna().all())).reset_index()
    best = best.merge(wide, on=keys)
    data_only = best["source"] != "curated"
    d = best.loc[data_only]
    best.loc[data_only, "first_year"] = (d["lo"] // 12).astype("Int32")
    best.loc[data_only, "last_year"] = (d["hi"] // 12).astype("Int32")
    best.loc[data_only, "first_month"] = (d["lo"] % 12 + 1).where(d["lo_month"])
    best.loc[data_only, "last_month"] = (d["hi"] % 12 + 1).where(d["hi_month"])
    partners = partners.merge(best.drop(columns=["source", "lo", "hi", "lo_month", "hi_month"]), on=keys)
    partners = _clip_window(partners, interventions)
    partners = partners[partners["intervention_id"].isin(interventions["intervention_id"])]
    cols = [*keys, "role", *WINDOW, "snapshot", "evidence", "n_evidence", "sources", *flags.values(), "contribution",
            "citation", "url", "publisher", "publisher_class"]
    return partners[cols].reset_index(drop=True), conflicts.reset_index(drop=True)
