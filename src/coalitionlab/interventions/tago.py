"""Independent check against Tago (2005): 288 U.S. uses of force 1948-98 coded coalitional or not.

Tago's cases carry no MIP or MID identifiers, so they are matched to our interventions by start year
(within one year) and the words of their names, requiring at least one shared place word (a target's name
or MIP's location): Tago's ``conflict`` and ``operation`` against MIP's name,
location and the names of its targets (words compared on their first five letters, so "Korean" meets
"Korea"). The best-scoring intervention above a threshold is the match; each Tago case matches at most one
intervention and each intervention at most one Tago case (the best pair is taken first). Matches are listed
with their scores for review; disagreements are reported, never overwritten.
"""

from __future__ import annotations

import re

import pandas as pd

from coalitionlab.catalog import load
from coalitionlab.catalog.countries import country_table

_STOP = {"the", "of", "and", "in", "on", "to", "with", "for", "a", "an", "by", "us", "u.s.", "operation", "war",
         "crisis", "unrest", "conflict", "problem", "deployment", "naval", "security", "relations", "tension",
         "between", "mission", "support", "forces", "force", "military", "air", "navy", "marines", "participating",
         "from", "over", "incident", "incidents", "against", "civil", "neo", "evacuation", "evacuations", "strikes",
         "protection", "cooperation", "alert", "army", "states", "united", "republic", "dem", "dispute"}
MIN_SCORE = 0.2


def _words(text: str) -> set[str]:
    out = set()
    for w in re.findall(r"[a-z]+", str(text).lower()):
        if w not in _STOP and len(w) > 2:
            out.add(w[:5])
    return out


def match_tago(interventions: pd.DataFrame) -> pd.DataFrame:
    """Tago's cases matched to interventions: tago_row, intervention_id (or NA), score, both coalition flags."""
    tago = load("tago2005").reset_index(names="tago_row")
    table = country_table()
    names = dict(zip(table["ccode"], table["name"], strict=True))
    iv_words, iv_places = {}, {}
    for r in interventions.itertuples():
        places = _words(f"{r.location} " + " ".join(names.get(c, "") for c in r.targets))
        iv_places[r.intervention_id] = places
        iv_words[r.intervention_id] = _words(r.name) | places
    pairs = []
    for t in tago.itertuples():
        tw = _words(f"{t.conflict} {t.operation}")
        if not tw:
            continue
        near = interventions[(interventions["start_year"] - t.start_year).abs() <= 1]
        for r in near.itertuples():
            inter = tw & iv_words[r.intervention_id]
            if not inter & iv_places[r.intervention_id]:  # the same place, not just the same kind of event
                continue
            score = len(inter) / len(tw | iv_words[r.intervention_id]) + (0.05 if r.start_year == t.start_year else 0)
            pairs.append((score, t.tago_row, r.intervention_id))
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
