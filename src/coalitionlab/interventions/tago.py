"""Independent check against Tago (2005): 288 U.S. uses of force 1948-98 coded coalitional or not.

Tago's cases carry no MIP or MID identifiers, so they are matched to our interventions by start year
(within one year) and the words of their names. Tago's ``conflict`` and ``operation`` are compared with MIP's
name and with the "place words" of the intervention: the names and capitals of its targets and of the states
MIP codes as its location. A pair is a candidate when it shares a place word, or a distinctive word of MIP's
name (one that appears in at most two MIP names, e.g. "Suez", "Pueblo"). Words match when equal or when one
is a prefix of the other and both have four letters or more ("Cuban" meets "Cuba", "Korean" meets "Korea").
The score is the share of matched words; the best pair is taken first and each Tago case matches at most one
intervention and each intervention at most one Tago case. Matches are listed with their scores for review;
disagreements are reported, never overwritten.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from coalitionlab.catalog import load
from coalitionlab.catalog.countries import country_table

_STOP = {"the", "of", "and", "in", "on", "to", "with", "for", "a", "an", "by", "us", "operation", "war",
         "crisis", "unrest", "conflict", "problem", "deployment", "naval", "security", "relations", "tension",
         "tensions", "between", "mission", "support", "forces", "force", "military", "air", "navy", "marines",
         "participating", "from", "over", "incident", "incidents", "against", "civil", "neo", "evacuation",
         "evacuations", "strikes", "protection", "cooperation", "alert", "army", "states", "united", "republic",
         "dem", "dispute", "gulf", "island", "islands", "north", "south", "east", "west", "people", "peoples",
         "democratic", "skirmish", "skirmishes", "airspace", "violation", "violations", "rescue", "embassy",
         "citizens", "threat", "threats", "show", "assistance", "intervention", "internal", "international"}
MIN_SCORE = 0.15
DISTINCT_MAX = 2


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", str(text).lower()) if w not in _STOP and len(w) > 2}


def _same(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def _overlap(a: set[str], b: set[str]) -> set[str]:
    return {x for x in a if any(_same(x, y) for y in b)}


def _codes(cell) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", str(cell))] if cell is not None and not pd.isna(cell) else []


def match_tago(interventions: pd.DataFrame) -> pd.DataFrame:
    """Tago's cases matched to interventions: tago_row, intervention_id (or NA), score, both coalition flags."""
    tago = load("tago2005").reset_index(names="tago_row")
    table = country_table()
    names = dict(zip(table["ccode"], table["name"], strict=True))
    caps = load("capitals").groupby("ccode")["capital"].agg(lambda s: " ".join(s.dropna()))
    name_counts = Counter(w for n in interventions["name"] for w in _words(n))
    places, named = {}, {}
    for r in interventions.itertuples():
        codes = set(r.targets) | set(_codes(r.location))
        places[r.intervention_id] = _words(" ".join(f"{names.get(c, '')} {caps.get(c, '')}" for c in codes))
        named[r.intervention_id] = _words(r.name)
    pairs = []
    for t in tago.itertuples():
        tw = _words(f"{t.conflict} {t.operation}")
        if not tw:
            continue
        near = interventions[(interventions["start_year"] - t.start_year).abs() <= 1]
        for iid, year in zip(near["intervention_id"], near["start_year"], strict=True):
            on_place = _overlap(tw, places[iid])
            on_name = _overlap(tw, named[iid])
            distinct = {w for w in _overlap(named[iid], tw) if name_counts[w] <= DISTINCT_MAX}
            if not on_place and not distinct:
                continue
            score = len(on_place | on_name) / len(tw) + (0.05 if year == t.start_year else 0)
            pairs.append((score, t.tago_row, iid))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_t, used_i, rows = set(), set(), []
    for score, trow, iid in pairs:
        if score < MIN_SCORE or trow in used_t or iid in used_i:
            continue
        used_t.add(trow)
        used_i.add(iid)
        rows.append({"tago_row": trow, "intervention_id": iid, "match_score": round(score, 3)})
    matched = pd.DataFrame(rows, columns=["tago_row", "intervention_id", "match_score"])
    out = tago.merge(matched, on="tago_row", how="left")
    return out[["tago_row", "start_year", "conflict", "operation", "coalitional_use_of_force",
                "igo_authorized_use_of_force", "intervention_id", "match_score"]]


def tago_agreement(matches: pd.DataFrame, interventions: pd.DataFrame) -> dict:
    """Agreement of our ``coalition`` flag with Tago's on the matched cases, and the disagreements."""
    m = matches.dropna(subset=["intervention_id"]).merge(
        interventions[["intervention_id", "name", "coalition", "coalition_size"]], on="intervention_id")
    agree = (m["coalition"] == m["coalitional_use_of_force"])
    table = pd.crosstab(m["coalitional_use_of_force"].rename("tago"), m["coalition"].rename("ours"))
    return {
        "n_tago": len(matches), "n_matched": len(m), "agreement": float(agree.mean()) if len(m) else float("nan"),
        "crosstab": table, "disagreements": m[~agree].reset_index(drop=True),
    }


def tago_check_markdown(check: dict) -> str:
    """The Tago check as Markdown (docs/tago_check.md)."""
    lines = ["# Independent check: our coalition flag against Tago (2005)", "",
             "Tago (2005, *Journal of Peace Research* 42(5)) coded 288 U.S. uses of force, 1948-98, as coalitional "
             "or not. How cases are matched: see `coalitionlab.interventions.tago`.", "",
             f"- Tago cases: {check['n_tago']}; matched to an intervention: {check['n_matched']}",
             f"- Agreement of `coalition` with Tago's `coalitional_use_of_force` on the matched cases: "
             f"{check['agreement']:.1%}", "", "Cross-tabulation (rows Tago, columns ours):", "",
             "| tago \\ ours | 0 | 1 |", "|---|---|---|"]
    ct = check["crosstab"]
    for t in ct.index:
        lines.append(f"| {t} | " + " | ".join(str(int(ct.loc[t].get(o, 0))) for o in (0, 1)) + " |")
    lines += ["", "Why they differ: Tago counts U.S. participation in UN peacekeeping or a multinational force as "
              "coalitional even where no partner of ours is recorded; we count a state on the U.S. side of a linked "
              "MID (e.g. Taiwan in the Taiwan Strait crises, South Korea in Korean incidents) as a partner, which "
              "Tago does not; and some contributions (e.g. the OAS states in the 1962 quarantine, the 1984 Red Sea "
              "minesweepers) are not yet in the curated facts. Disagreements are listed for review, never "
              "overwritten:", "",
              "| Tago year | Tago conflict | operation | intervention | name | Tago | ours | partners |",
              "|---|---|---|---|---|---|---|---|"]
    for r in check["disagreements"].itertuples():
        lines.append(f"| {r.start_year} | {r.conflict} | {r.operation} | {r.intervention_id} | {r.name} | "
                     f"{r.coalitional_use_of_force} | {r.coalition} | {r.coalition_size} |")
    return "\n".join(lines) + "\n"
