"""Exposure monitor: for a year, every U.S. commitment with the partner's recent conflicts and a ranked score.

For each ally (an ATOP pact in either direction) and, optionally, each partner without a pact, in ``year``
(1946-2024; after 2018 the commitments of 2018, with a warning):

* MIDs: the partner's militarized disputes in the 10 years up to ``year`` (COW MID 5.0, ends 2014): how many,
  the highest hostility level (1-5), the latest year, the opponents;
* armed conflicts: UCDP/PRIO ACD 25.1 conflict-years (1946-2024) in which the partner was a primary or
  secondary state party, in the same window, with intensity (2 = war, 1000+ battle deaths) and type; conflicts
  in which the partner fought on the U.S. side are listed but not counted (they are U.S. wars, not the ally's);
* strategic rivalries: rivalries ongoing in ``year`` (Thompson, Sakuwa and Suhas 2021, ends 2020).

Score (transparent, not a forecast): ``weight x (mids + conflicts + rivalries)`` where each MID counts
``hostlev / 5``, each conflict-year 1 (2 if a war; x1.5 if interstate), each ongoing rivalry 2, and MIDs and
conflict-years are discounted by 0.8 per year of age. ``weight`` is the U.S. obligation: 1.0 a U.S. defense pledge,
0.5 another pact, 0.3 a partnership without a pact. ``why`` says in words what drives the score. A source whose
coverage ends inside the window is counted only in its years, and a warning says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load
from coalitionlab.catalog.countries import gw_to_cow
from coalitionlab.display import Summary
from coalitionlab.entanglement._common import FIRST_YEAR, US, check_year, records, source_end
from coalitionlab.entanglement.commitments import LAST_YEAR, _name, commitments

WINDOW = 10
LAST_EXPOSURE_YEAR = 2024  # UCDP/PRIO ACD 25.1
DECAY = 0.8
WEIGHTS = {"defense pledge": 1.0, "other pact": 0.5, "partnership": 0.3}


@cache
def _mids() -> pd.DataFrame:
    m = load("cow_mid_dyad")[["dispnum", "ccode1", "ccode2", "year", "hostlev1"]].dropna(subset=["ccode1", "year"])
    return m.astype({"dispnum": int, "ccode1": int, "ccode2": int, "year": int})


@cache
def _ucdp() -> pd.DataFrame:
    u = load("ucdp_acd")
    rows = []
    for side in ("gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd"):
        s = u[u[side].notna()][["conflict_id", "year", side, "intensity_level", "type_of_conflict"]]
        s = s.rename(columns={side: "gwno"})
        s["side"] = side
        rows.append(s)
    x = pd.concat(rows, ignore_index=True).astype({"gwno": int, "year": int, "conflict_id": int,
                                                   "intensity_level": int})
    x["ccode"] = [gw_to_cow(g, y) for g, y in zip(x["gwno"], x["year"], strict=True)]
    x = x.dropna(subset=["ccode"]).astype({"ccode": int})
    x["side"] = x["side"].str[5]  # "a" or "b"
    us = x[x["ccode"] == US][["conflict_id", "year", "side"]].drop_duplicates(["conflict_id", "year"])
    x = x.merge(us.rename(columns={"side": "us_side"}), on=["conflict_id", "year"], how="left")
    x["with_us"] = x["us_side"] == x["side"]
    return x.drop_duplicates(["conflict_id", "year", "ccode"])


@cache
def _rivalries() -> pd.DataFrame:
    r = load("tss_rivalries")[["rivalry", "ccode1", "ccode2", "start", "end"]].dropna(
        subset=["ccode1", "ccode2", "start", "end"])
    r = r.astype({"ccode1": int, "ccode2": int, "start": int, "end": int})
    return pd.concat([r.rename(columns={"ccode1": "ccode", "ccode2": "rival"}),
                      r.rename(columns={"ccode2": "ccode", "ccode1": "rival"})], ignore_index=True)


def _obligation(r: pd.Series) -> str:
    if r["relationship"] == "partnership":
        return "partnership"
    return "defense pledge" if r["us_defense"] == 1 else "other pact"


@dataclass
class ExposureResult:
    """The exposure table of one year, ranked, and the coverage warnings."""

    year: int
    table: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def summary(self, top: int = 25) -> Summary:
        out = Summary(f"Entanglement exposure of U.S. commitments in {self.year}")
        out.add_fact("allies and partners", len(self.table))
        out.add_fact("window (years)", f"{self.year - WINDOW + 1}-{self.year}")
        cols = ["rank", "partner", "ccode", "obligation", "score", "why"]
        out.add_table(self.table.head(top)[cols], f"Top {min(top, len(self.table))} by score", digits=2)
        return out.add_notes(self.warnings)

    def to_dict(self) -> dict:
        return {"year": self.year, "window_years": WINDOW, "exposure": records(self.table),
                "warnings": list(self.warnings)}


def exposure(year: int, include_partnerships: bool = True) -> ExposureResult:
    """Exposure of every U.S. commitment in ``year``, ranked by score (see the module docstring).

    ``year`` 1946-2018 uses that year's commitments. For 2019-2024 (UCDP runs to 2024) the commitments are those
    of 2018, the last year of ATOP 5.1, said in a warning and in the ``commitments_as_of`` column: pacts made or
    ended since are missing. Sources that end inside the window count only their years; a source with no year in
    the window gives NA (never 0)."""
    y = check_year(year, FIRST_YEAR, LAST_EXPOSURE_YEAR, "the exposure monitor (ATOP 5.1 from 1946; UCDP to 2024)")
    as_of = min(y, LAST_YEAR)
    res = commitments(as_of)
    com = res.table
    if not include_partnerships:
        com = com[com["relationship"] == "alliance"]
    lo = y - WINDOW + 1
    warnings = list(res.notes)
    if as_of < y:
        warnings.insert(0, f"U.S. commitments end in {LAST_YEAR} (ATOP 5.1): the commitments shown are those of "
                           f"{LAST_YEAR}, not of {y}; pacts made or ended after {LAST_YEAR} are missing.")
    mid_end, riv_end = source_end("cow_mid_dyad"), source_end("tss_rivalries")
    mids_known = lo <= mid_end
    if y > mid_end:
        warnings.append(f"COW MIDs end in {mid_end}: MIDs counted only for {lo}-{mid_end}; later disputes unknown."
                        if mids_known else f"COW MIDs end in {mid_end}: no MID data in {lo}-{y} (NA).")
    if y > riv_end:
        warnings.append(f"Strategic rivalries end in {riv_end}: rivalries ongoing in {y} are unknown (NA).")
    if lo < 1946:
        warnings.append(f"UCDP starts in 1946: conflicts counted only for 1946-{y}.")
    mids = _mids()
    mids = mids[(mids["year"] >= lo) & (mids["year"] <= y)]
    ucdp = _ucdp()
    ucdp = ucdp[(ucdp["year"] >= lo) & (ucdp["year"] <= y)]
    riv = _rivalries()
    riv = riv[(riv["start"] <= y) & (riv["end"] >= y)]
    rows = []
    for _, c in com.iterrows():
        code = int(c["ccode"])
        obligation = _obligation(c)
        m = mids[mids["ccode1"] == code]
        per = m.groupby("dispnum").agg(year=("year", "max"), hostlev=("hostlev1", "max"),
                                       opp=("ccode2", lambda s: sorted(set(s))))
        mid_score = float((per["hostlev"].fillna(1).astype(float) / 5 * DECAY ** (y - per["year"])).sum())
        n_mids = int(len(per)) if mids_known else None
        u_all = ucdp[ucdp["ccode"] == code]
        u = u_all[~u_all["with_us"]]  # a conflict fought beside the U.S. is not an ally's own exposure
        n_with_us = int(u_all.loc[u_all["with_us"], "conflict_id"].nunique())
        w = np.where(u["intensity_level"] == 2, 2.0, 1.0) * np.where(u["type_of_conflict"] == "interstate", 1.5, 1.0)
        ucdp_score = float((w * DECAY ** (y - u["year"].to_numpy())).sum())
        rv = riv[riv["ccode"] == code]
        n_riv = None if y > riv_end else int(len(rv))
        riv_score = 0.0 if n_riv is None else 2.0 * n_riv
        weight = WEIGHTS[obligation]
        score = weight * (mid_score + ucdp_score + riv_score)
        why = [f"{obligation}" + (f" ({c['design']})" if obligation != "partnership" else "")]
        if len(per):
            opp = sorted({o for lst in per["opp"] for o in lst})
            why.append(f"{len(per)} MID(s) {lo}-{min(y, mid_end)}, latest {int(per['year'].max())}, highest hostility "
                       f"{int(per['hostlev'].max()) if per['hostlev'].notna().any() else 'NA'} (vs "
                       f"{', '.join(_name(o) for o in opp[:5])}{' ...' if len(opp) > 5 else ''})")
        if len(u):
            wars = int((u["intensity_level"] == 2).sum())
            kinds = ", ".join(sorted(set(u["type_of_conflict"])))
            why.append(f"{u['conflict_id'].nunique()} armed conflict(s) ({kinds}), latest {int(u['year'].max())}"
                       + (f", {wars} war-year(s)" if wars else ""))
        if n_with_us:
            why.append(f"{n_with_us} conflict(s) fought beside the U.S. (not counted)")
        if n_riv:
            why.append(f"ongoing rivalry with {', '.join(_name(r) for r in sorted(set(rv['rival'])))}")
        if len(why) == 1:
            why.append("no recent disputes, conflicts or rivalries")
        rows.append({"ccode": code, "partner": c["partner"], "relationship": c["relationship"],
                     "obligation": obligation, "weight": weight, "atopids": c["atopids"],
                     "commitments_as_of": as_of,
                     "us_defense_conditional": c["us_defense_conditional"], "n_mids": n_mids,
                     "max_hostlev": per["hostlev"].max() if len(per) else None,
                     "latest_mid": int(per["year"].max()) if len(per) else None,
                     "n_conflicts": int(u["conflict_id"].nunique()),
                     "latest_conflict": int(u["year"].max()) if len(u) else None,
                     "n_rivalries": n_riv, "mid_score": mid_score, "conflict_score": ucdp_score,
                     "rivalry_score": riv_score, "score": score, "why": "; ".join(why)})
    t = pd.DataFrame(rows).sort_values(["score", "ccode"], ascending=[False, True]).reset_index(drop=True)
    t.insert(0, "rank", np.arange(1, len(t) + 1))
    return ExposureResult(y, t, warnings)
