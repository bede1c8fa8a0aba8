"""Entanglement episodes: disputes of U.S. allies and partners that the U.S. joined later, and those it stayed out of.

Source: GML MID 2.2.1 participants (``gml_mid_participants``, 1816-2010), disputes that began 1946-2010. A row is
one dispute x one *original participant* (``orig`` = 1, not the U.S.) that had a U.S. tie in the dispute's start
year (:func:`create_us_commitments`: an ATOP pact in either direction, or a partnership without a pact).
``us_role``:

* ``joined_later``: the U.S. joined the dispute after its first day on the partner's side: an **entanglement
  episode** in the data's sense (whether the tie brought the U.S. in is for the case library to judge);
* ``co_originator``: the U.S. was on the partner's side from the first day;
* ``opposite_side``: the U.S. was on the other side;
* ``stayed_out``: the U.S. was not a participant.

``partner_initiated`` is 1 when the partner was on side A (the side that took the first militarized action).
Commitment type is measured in the start year: ``defense pact`` (U.S. defense obligation to the partner, ATOP
5.1), ``other pact``, ``partnership (no pact)``; ``us_defense_conditional`` from ATOP 4.01 (to 2016).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from scipy import stats

from coalitionlab.catalog import load
from coalitionlab.display import Summary
from coalitionlab.entanglement._common import US, records
from coalitionlab.entanglement.commitments import create_us_commitments

FIRST, LAST = 1946, 2010
ERAS = ((1946, 1989, "Cold War 1946-1989"), (1990, 2010, "after the Cold War 1990-2010"))


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95% interval for k successes in n trials (NaN, NaN when n = 0)."""
    if n == 0:
        return float("nan"), float("nan")
    z = float(stats.norm.ppf(0.975))
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return float(mid - half), float(mid + half)


@cache
def _episodes() -> pd.DataFrame:
    p = load("gml_mid_participants")[["dispnum", "ccode", "styear", "sidea", "orig", "hiact"]]
    p = p.dropna(subset=["dispnum", "ccode", "styear", "sidea", "orig"]).astype(
        {"dispnum": int, "ccode": int, "styear": int, "sidea": int, "orig": int})
    start = p.groupby("dispnum")["styear"].min().rename("start_year")
    p = p.join(start, on="dispnum")
    p = p[(p["start_year"] >= FIRST) & (p["start_year"] <= LAST)]
    us = p[p["ccode"] == US].groupby("dispnum").agg(us_sidea=("sidea", "first"), us_orig=("orig", "max"),
                                                     us_year=("styear", "min"))
    orig = p[(p["orig"] == 1) & (p["ccode"] != US)].drop_duplicates(["dispnum", "ccode"]).join(us, on="dispnum")
    ties = create_us_commitments((FIRST, LAST))
    ties = ties[ties["relationship"] != "none"]
    cols = ["ccode", "year", "partner", "relationship", "us_defense", "us_defense_conditional", "atopids"]
    orig = orig.merge(ties[cols], left_on=["ccode", "start_year"], right_on=["ccode", "year"], how="inner")
    in_us = orig["us_sidea"].notna()
    same = in_us & (orig["us_sidea"] == orig["sidea"])
    orig["us_role"] = np.select([same & (orig["us_orig"] == 0), same & (orig["us_orig"] == 1), in_us],
                                ["joined_later", "co_originator", "opposite_side"], "stayed_out")
    orig["joined_later"] = (orig["us_role"] == "joined_later").astype(int)
    orig["partner_initiated"] = orig["sidea"].astype(int)
    orig["commitment"] = np.where(orig["relationship"] == "partnership", "partnership (no pact)",
                                  np.where(orig["us_defense"].astype("float64") == 1, "defense pact",
                                           "other pact"))
    cond = orig["us_defense_conditional"].astype("float64")
    orig["conditionality"] = np.where(orig["us_defense"].astype("float64") != 1, "no U.S. defense pledge",
                                      np.where(cond.isna(), "unknown", np.where(cond == 1, "conditional",
                                                                                "unconditional")))
    orig["era"] = np.where(orig["start_year"] <= 1989, ERAS[0][2], ERAS[1][2])
    disp = load("gml_mid_disputes")[["dispnum", "hostlev", "fatality"]].drop_duplicates("dispnum")
    orig = orig.merge(disp, on="dispnum", how="left")
    keep = ["dispnum", "start_year", "ccode", "partner", "relationship", "commitment", "conditionality", "atopids",
            "partner_initiated", "hostlev", "fatality", "us_role", "joined_later", "us_year", "era"]
    return orig[keep].sort_values(["start_year", "dispnum", "ccode"]).reset_index(drop=True)


def episode_table() -> pd.DataFrame:
    """Every dispute x original participant with a U.S. tie, 1946-2010 (see the module docstring)."""
    return _episodes().copy()


@dataclass
class EpisodesResult:
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def rates(self, by: str | list[str]) -> pd.DataFrame:
        """Share of partner-disputes the U.S. joined later, with Wilson 95% intervals and the dispute ids."""
        by = [by] if isinstance(by, str) else list(by)
        out = []
        for key, g in self.table.groupby(by, dropna=False):
            k, n = int(g["joined_later"].sum()), len(g)
            lo, hi = wilson(k, n)
            row = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))
            row.update({"n": n, "joined_later": k, "rate": k / n if n else float("nan"), "ci_low": lo, "ci_high": hi,
                        "stayed_out": int((g["us_role"] == "stayed_out").sum()),
                        "episode_dispnums": sorted(int(d) for d in g.loc[g["joined_later"] == 1, "dispnum"].unique())})
            out.append(row)
        return pd.DataFrame(out)

    def counts(self) -> dict[str, int]:
        t = self.table
        return {"partner_disputes": len(t), "disputes": int(t["dispnum"].nunique()),
                **{f"us_{r}": int((t["us_role"] == r).sum()) for r in
                   ("joined_later", "co_originator", "opposite_side", "stayed_out")},
                "episode_disputes": int(t.loc[t["joined_later"] == 1, "dispnum"].nunique())}

    def summary(self) -> Summary:
        c = self.counts()
        out = Summary(f"Disputes of U.S. allies and partners, GML MID 2.2.1, begun {FIRST}-{LAST}")
        out.add_fact("partner-disputes", c["partner_disputes"])
        out.add_fact("disputes", c["disputes"])
        out.add_fact("U.S. joined later on the partner's side (episodes)", c["us_joined_later"])
        out.add_fact("disputes with an episode", c["episode_disputes"])
        out.add_fact("U.S. a co-originator", c["us_co_originator"])
        out.add_fact("U.S. on the other side", c["us_opposite_side"])
        out.add_fact("U.S. stayed out", c["us_stayed_out"])
        for by in ("commitment", "conditionality", "era", "partner_initiated"):
            r = self.rates(by)
            r["MIDs"] = [", ".join(map(str, ids[:12])) + (" ..." if len(ids) > 12 else "")
                         for ids in r["episode_dispnums"]]
            r = r.rename(columns={"joined_later": "joined later"})
            out.add_table(r[[by, "n", "joined later", "rate", "ci_low", "ci_high", "MIDs"]], f"by {by}")
        return out.add_notes(self.notes)

    def to_dict(self) -> dict:
        return {"counts": self.counts(),
                "rates": {by: records(self.rates(by)) for by in ("commitment", "conditionality", "era",
                                                                  "partner_initiated")},
                "episodes": records(self.table[self.table["joined_later"] == 1]), "notes": list(self.notes)}


def entanglement_episodes() -> EpisodesResult:
    """The episodes and the disputes the U.S. stayed out of, 1946-2010 (GML MID ends in 2010)."""
    return EpisodesResult(episode_table(), [
        "GML MID 2.2.1 ends in 2010: later disputes (Libya 2011 ...) are in the case library only.",
        "A U.S. tie is measured in the dispute's start year; conditions from ATOP 4.01.",
        "'Joined later' is a data rule, not a judgement that the tie caused U.S. entry; see the case library."])
