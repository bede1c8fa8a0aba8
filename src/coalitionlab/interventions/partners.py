"""Partner rosters: which states took part beside the U.S. in each intervention, with evidence.

Evidence comes from four kinds of source, each recorded with its data set, version and record id:

* MID participants on the U.S. side of the MIDs that MIP links to the intervention: GML MID 2.2.1
  participants (``gml_mid_participants``) and COW MID 5.0 (``cow_mid_dyad``, participants read from the
  directed dispute-years, ``sidea1`` of each ``ccode1``);
* COW Inter-State War 4.0 (``cow_war_inter``): states on the U.S. side of a war whose years overlap the
  intervention and in which a target of the intervention fought on the other side, or in which the host
  (MIP's State B when MIP says it was not the primary target) fought on the U.S. side;
* UCDP/PRIO Armed Conflict Dataset 25.1 (``ucdp_acd``): states on the U.S. side (primary or secondary
  warring party) of a conflict-year within the intervention's years whose primary parties include one of the
  intervention's targets; UCDP's Gleditsch-Ward codes are converted to COW with the year-aware crosswalk.
  The bundled ACD keeps one secondary party per side (peacesciencer's reduction), so UCDP adds few partners;
* curated facts (``curated/partners.yaml``), each with a citation.

A state found on the U.S. side is a partner; one found on the other side is an adversary. A state with both
kinds of evidence in one intervention is listed in ``conflicts`` for review and kept out of the partners.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from coalitionlab.catalog import get, load
from coalitionlab.catalog.countries import gw_to_cow
from coalitionlab.interventions.curated import load_curated_partners

US = 2
EVIDENCE_COLUMNS = ["intervention_id", "ccode", "side", "source", "dataset", "version", "record_id",
                    "contribution", "citation", "url"]


def _ds(name: str) -> tuple[str, str]:
    ds = get(name)
    return ds.dataset, ds.version


@cache
def _mid_participants() -> pd.DataFrame:
    """dispnum, ccode, sidea, orig, source for GML 2.2.1 and COW MID 5.0."""
    gml = load("gml_mid_participants")[["dispnum", "ccode", "sidea", "orig"]].drop_duplicates()
    gml["source"] = "gml_mid_participants"
    cow = load("cow_mid_dyad")[["dispnum", "ccode1", "sidea1", "orig1"]].rename(
        columns={"ccode1": "ccode", "sidea1": "sidea", "orig1": "orig"})
    cow = cow.groupby(["dispnum", "ccode"], as_index=False).agg(sidea=("sidea", "max"), orig=("orig", "max"))
    cow["source"] = "cow_mid_dyad"
    return pd.concat([gml, cow], ignore_index=True)


def _evidence_mids(interventions: pd.DataFrame) -> pd.DataFrame:
    parts = _mid_participants()
    links = interventions[["intervention_id", "mids"]].explode("mids").dropna()
    links = links.rename(columns={"mids": "dispnum"}).astype({"dispnum": "int64"})
    parts = parts.astype({"dispnum": "int64"})
    merged = links.merge(parts, on="dispnum")
    us_side = merged[merged["ccode"] == US][["intervention_id", "dispnum", "source", "sidea"]].rename(
        columns={"sidea": "us_sidea"}).drop_duplicates(["intervention_id", "dispnum", "source"])
    merged = merged.merge(us_side, on=["intervention_id", "dispnum", "source"])
    merged = merged[merged["ccode"] != US]
    rows = []
    for r in merged.itertuples():
        dataset, version = _ds(r.source)
        rows.append({
            "intervention_id": r.intervention_id, "ccode": int(r.ccode),
            "side": "us" if r.sidea == r.us_sidea else "other", "source": r.source, "dataset": dataset,
            "version": version, "record_id": f"dispnum {r.dispnum}",
            "contribution": None if r.sidea != r.us_sidea else
            ("originator of the dispute" if r.orig == 1 else "joined the dispute on the U.S. side"),
        })
    return pd.DataFrame(rows)


def _evidence_wars(interventions: pd.DataFrame) -> pd.DataFrame:
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
            opp = set(w.loc[w["sidea"] != u["sidea"], "ccode1"].astype(int))
            same = set(w.loc[w["sidea"] == u["sidea"], "ccode1"].astype(int)) - {US}
            if not (adversaries & opp or hosts & same):
                continue
            for c in sorted(same):
                rows.append({"intervention_id": iv.intervention_id, "ccode": c, "side": "us", "source":
                             "cow_war_inter", "dataset": dataset, "version": version,
                             "record_id": f"warnum {warnum}", "contribution": "fought in the war on the U.S. side"})
            for c in sorted(opp):
                rows.append({"intervention_id": iv.intervention_id, "ccode": c, "side": "other", "source":
                             "cow_war_inter", "dataset": dataset, "version": version,
                             "record_id": f"warnum {warnum}", "contribution": None})
    return pd.DataFrame(rows)


def _evidence_ucdp(interventions: pd.DataFrame) -> pd.DataFrame:
    acd = load("ucdp_acd")
    side_a = acd[["gwno_a", "gwno_a_2nd"]]
    side_b = acd[["gwno_b", "gwno_b_2nd"]]
    us_a = (side_a == US).any(axis=1)
    us_b = (side_b == US).any(axis=1)
    acd = acd[us_a | us_b].assign(us_on_a=us_a[us_a | us_b])
    dataset, version = _ds("ucdp_acd")
    rows = []
    for iv in interventions.itertuples():
        hit = acd[(acd["year"] >= iv.start_year) & (acd["year"] <= iv.end_year)]
        for r in hit.itertuples():
            primaries = {gw_to_cow(int(g), int(r.year)) for g in (r.gwno_a, r.gwno_b) if pd.notna(g)}
            if not primaries & set(iv.targets):
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
                    rows.append({"intervention_id": iv.intervention_id, "ccode": c, "side": side, "source":
                                 "ucdp_acd", "dataset": dataset, "version": version,
                                 "record_id": f"conflict_id {r.conflict_id}, year {r.year}",
                                 "contribution": "warring party on the U.S. side" if side == "us" else None})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    # one record per conflict: keep the first year as the record id
    out["conflict"] = out["record_id"].str.extract(r"conflict_id (\d+)", expand=False)
    out = out.sort_values("record_id").drop_duplicates(["intervention_id", "ccode", "side", "conflict"])
    return out.drop(columns="conflict")


def _evidence_curated(interventions: pd.DataFrame, curated_dir: Path | None = None) -> pd.DataFrame:
    cur = load_curated_partners(interventions, None if curated_dir is None else Path(curated_dir) / "partners.yaml")
    if cur.empty:
        return cur
    return pd.DataFrame({
        "intervention_id": cur["intervention_id"], "ccode": cur["ccode"], "side": "us", "source": "curated",
        "dataset": "coalitionlab curated facts", "version": "partners.yaml",
        "record_id": cur["source_line"], "contribution": cur["contribution"], "citation": cur["citation"],
        "url": cur["url"],
    })


def collect_evidence(interventions: pd.DataFrame, curated_dir: Path | None = None) -> pd.DataFrame:
    """Every piece of evidence of a state's side in an intervention (one row per source record).

    ``curated_dir`` replaces the bundled curated facts folder (``partners.yaml``) when given.
    """
    frames = [f for f in (_evidence_mids(interventions), _evidence_wars(interventions),
                          _evidence_ucdp(interventions), _evidence_curated(interventions, curated_dir)) if not f.empty]
    ev = pd.concat(frames, ignore_index=True).reindex(columns=EVIDENCE_COLUMNS)
    ev["ccode"] = ev["ccode"].astype("int64")
    return ev.drop_duplicates(["intervention_id", "ccode", "side", "source", "record_id"]).reset_index(drop=True)


def build_partners(interventions: pd.DataFrame, evidence: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Partner roster (one row per intervention and partner) and the conflicts left for review.

    Returns ``(partners, conflicts)``. ``partners`` columns: intervention_id, ccode, evidence (text),
    n_evidence, sources, ev_gml_mid, ev_cow_mid, ev_cow_war, ev_ucdp, ev_curated, contribution, citation, url.
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
                       contribution=keep["contribution"].where(keep["contribution"].astype("string").str.len() > 0))
    for src, col in flags.items():
        keep[col] = (keep["source"] == src).astype(int)
    grouped = keep.groupby(["intervention_id", "ccode"], sort=True)
    partners = grouped.agg(
        evidence=("text", "; ".join), n_evidence=("text", "size"),
        sources=("source", lambda s: ",".join(sorted(set(s)))), contribution=("contribution", "first"),
        citation=("citation", lambda s: " | ".join(s.dropna()) or None),
        url=("url", lambda s: " | ".join(s.dropna()) or None),
        **{col: (col, "max") for col in flags.values()},
    )
    partners = partners.reset_index()
    partners = partners[partners["intervention_id"].isin(interventions["intervention_id"])]
    return partners.reset_index(drop=True), conflicts.reset_index(drop=True)
