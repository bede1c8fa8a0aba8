"""The universe of U.S. military interventions, 1946 onward, from the Military Intervention Project (MIP 2022).

One row per intervention with ``RemoveCase == 0`` and a start year of 1946 or later (221 cases, 1946-2019).
The stable id is ``MIP`` + the 1-based row number in the published MIP 2022 file (Korean War = ``MIP252``).

MIP's ``State B`` cell can list several states ("LEB, RUS, IRQ, EGY") in COW abbreviations; ``dispnum`` can
list several MIDs ("1213, 1216"). Both are parsed into lists. MIP's ``StateB primary target?`` says whether
the ``State B code`` state was the primary target (1) or not (0, with the real target in parentheses, e.g.
"0 (Iraq)" for Desert Shield, where Saudi Arabia is the host). See ``docs/codebook.md``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from coalitionlab.catalog import load
from coalitionlab.catalog.countries import is_member, resolve, system_membership
from coalitionlab.errors import BadInputError

FIRST_YEAR = 1946
# MIP covers interventions through 2019; an ongoing intervention's evidence window runs to this year
OBSERVED_THROUGH = 2019

# MIP spellings that are not COW abbreviations (checked against every State B cell of the 2022 file).
_MIP_ABB_FIX = {"CHIN": "CHN", "LKA": "SRI"}

# MIP `Outcome` follows the MID outcome categories read from the U.S. side (side A = United States): in the
# interventions linked to a COW MID 5.0 dispute, MIP codes 1 where the MID records a victory for whichever
# side the U.S. was on. See docs/codebook.md ("success").
OUTCOME_LABELS = {
    0: "missing/ongoing", 1: "victory for the U.S.", 2: "victory for the target", 3: "yield by the U.S.",
    4: "yield by the target", 5: "stalemate", 6: "compromise", 7: "released (seizure ended)",
    8: "unclear", 9: "joins an ongoing war",
}
SUCCESS_RULE = {1: "achieved", 4: "achieved", 6: "partial", 7: "partial", 2: "failed", 3: "failed",
                5: "failed", 0: "unclear", 8: "unclear", 9: "unclear"}

_OBJECTIVE_FLAGS = ["ForeignReg", "BuildReg", "Empire", "Territory", "Policy", "SocialProt", "Economic", "ProtOwn"]


def _split_codes(cell) -> list[int]:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)) or pd.isna(cell):
        return []
    return [int(x) for x in re.findall(r"\d+", str(cell))]


def _abb_index() -> dict[str, list[tuple[int, int, int]]]:
    """COW abbreviation -> [(ccode, first year, last year)] (abbreviations can be reused, e.g. GMY)."""
    out: dict[str, list[tuple[int, int, int]]] = {}
    for r in system_membership("cow").itertuples():
        out.setdefault(r.stateabb, []).append((int(r.ccode), int(r.styear), int(r.endyear_mry)))
    return out


def parse_targets(cell: str, year: int, index: dict | None = None) -> tuple[list[int], list[str]]:
    """Parse a MIP ``State B`` cell into COW codes (in order) and the tokens that could not be resolved."""
    index = index or _abb_index()
    codes, unresolved = [], []
    for tok in re.split(r"[,;/]\s*|\s+and\s+", str(cell)):
        tok = tok.strip().upper()
        if not tok:
            continue
        tok = _MIP_ABB_FIX.get(tok, tok)
        spells = index.get(tok)
        if not spells:
            unresolved.append(tok)
            continue
        live = [c for c, a, b in spells if a <= year <= b]
        code = live[0] if live else spells[-1][0]
        if code not in codes:
            codes.append(code)
    return codes, unresolved


def parse_note_targets(note, year: int) -> list[int]:
    """States named in MIP's ``StateB primary target?`` note ("0 (Iraq)" -> [645]); non-state actors
    ("Taliban", "ISIS", "Viet Cong") resolve to nothing and are skipped."""
    if note is None or pd.isna(note):
        return []
    inner = re.sub(r"^\s*[01]\s*[,(]?\s*", "", str(note)).rstrip(")")
    found: list[int] = []
    for tok in re.split(r",|;|&|/|\band\b|\(|\)", inner):
        tok = re.sub(r"\b(also|now)\b|\d+", "", tok, flags=re.IGNORECASE).strip()
        if not tok:
            continue
        try:
            code = resolve(tok, year).ccode
        except BadInputError:
            continue
        if code is not None and code not in found:
            found.append(code)
    return found


def _primary_flag(cell) -> int | None:
    if cell is None or pd.isna(cell):
        return None
    m = re.match(r"\s*([01])", str(cell))
    return int(m.group(1)) if m else None


def _num(series: pd.Series) -> pd.Series:
    """MIP numeric columns: -9 and blanks are missing."""
    out = pd.to_numeric(series, errors="coerce").astype("float64")
    return out.where(out >= 0)


def load_interventions() -> pd.DataFrame:
    """U.S. military interventions starting 1946 or later (MIP 2022, ``RemoveCase == 0``).

    Columns: intervention_id, name, location, start_year/start_month/start_day, end_year/end_month/end_day, ongoing,
    duration_days (MIP cumdurat), targets (list of COW codes as listed by MIP), targets_unresolved,
    primary_ccode (MIP ``State B code``), primary_is_target (MIP's own flag: 1 = State B was the primary
    target, 0 = not, e.g. a host), primary_target_note, mids (list of MID numbers), us_hihost, us_highact,
    hostility (dyadic), us_originator, intertype, objective (text) and objective flags, outcome,
    outcome_label, success, max_troops, max_navy, max_air, us_battle_deaths, target_battle_deaths,
    war (MIP), un_region, subregion.
    """
    mip = load("mip2022")
    mip["intervention_id"] = [f"MIP{i + 1:03d}" for i in range(len(mip))]
    mip = mip[(mip["RemoveCase"] == 0) & (mip["styear"] >= FIRST_YEAR)].copy()
    index = _abb_index()
    parsed = [parse_targets(c, int(y), index) for c, y in zip(mip["State B"], mip["styear"], strict=True)]
    out = pd.DataFrame({
        "intervention_id": mip["intervention_id"],
        "name": mip["Name"].astype("string").str.strip(),
        "location": mip["Location"].astype("string").str.strip(),
        "start_year": mip["styear"].astype("Int32"),
        "start_month": _num(mip["stmon"]).astype("Int32"),
        "start_day": _num(mip["stday"]).astype("Int32"),
        "end_year": _num(mip["endyear"]).astype("Int32"),
        "end_month": _num(mip["endmon"]).where(lambda m: m <= 12).astype("Int32"),
        "end_day": _num(mip["endday"]).where(lambda d: d <= 31).astype("Int32"),
        "ongoing": _num(mip["Ongoing"]).astype("Int8"),
        "duration_days": _num(mip["cumdurat"]),
        "targets": [p[0] for p in parsed],
        "targets_unresolved": [p[1] for p in parsed],
        "primary_ccode": _num(mip["State B code"]).astype("Int32"),
        "primary_is_target": mip["StateB primary target?"].map(_primary_flag).astype("Int8"),
        "primary_target_note": mip["StateB primary target?"].astype("string"),
        "mids": mip["dispnum"].map(_split_codes),
        "us_hihost": _num(mip["US HiHost"]).astype("Int8"),
        "us_highact": _num(mip["US HighAct"]).astype("Int8"),
        "hostility": _num(mip["dyadic hostility"]).astype("Int8"),
        "us_originator": _num(mip["US Orig"]).astype("Int8"),
        "intertype": _num(mip["InterType"]).astype("Int8"),
        "objective": mip["Objective"].astype("string").str.strip(),
        **{f"obj_{c.lower()}": _num(mip[c]).astype("Int8") for c in _OBJECTIVE_FLAGS},
        "outcome": _num(mip["Outcome"]).astype("Int8"),
        "max_troops": _num(mip["MaxTroops"]),
        "max_navy": _num(mip["MaxNavy"]),
        "max_air": _num(mip["MaxAir"]),
        "us_battle_deaths": _num(mip["BattleFatUS"]),
        "target_battle_deaths": _num(mip["BattleFatB"]),
        "war": _num(mip["War"]).astype("Int8"),
        "un_region": mip["UNRegT"].astype("string"),
        "subregion": mip["SubRegT"].astype("string"),
    })
    # the State B code state is among the targets when it was a state that year (MIP codes 255 for the GDR in
    # 1961 and 316 for Czechoslovakia in 1953: then the cell's abbreviations stand); then the states MIP's
    # note names as the real target ("0 (Iraq)")
    targets = []
    for t, p, note, y in zip(out["targets"], out["primary_ccode"], out["primary_target_note"], out["start_year"],
                             strict=True):
        t = list(t)
        if pd.notna(p) and int(p) not in t and is_member(int(p), int(y)):
            t = [int(p), *t]
        t += [c for c in parse_note_targets(note, int(y)) if c not in t]
        targets.append(t)
    out["targets"] = targets
    out["outcome_label"] = out["outcome"].map(OUTCOME_LABELS).astype("string")
    out["success"] = out["outcome"].map(SUCCESS_RULE).astype("string")
    ongoing = out["ongoing"].fillna(0) == 1
    out["end_year"] = out["end_year"].mask(ongoing & out["end_year"].isna(), OBSERVED_THROUGH)
    # an ongoing intervention is observed through December of OBSERVED_THROUGH
    out["end_month"] = out["end_month"].mask(ongoing & (out["end_year"] == OBSERVED_THROUGH), 12)
    out["end_day"] = out["end_day"].mask(ongoing & (out["end_year"] == OBSERVED_THROUGH), 31)
    out["end_year"] = out["end_year"].fillna(out["start_year"]).astype("Int32")
    return out.reset_index(drop=True)


def month_index(years, months, missing_month: int) -> np.ndarray:
    """Months as one integer each (``year * 12 + month - 1``); a missing month counts as ``missing_month``."""
    m = pd.Series(months, dtype="Float64").fillna(missing_month).to_numpy(dtype="int64")
    return np.asarray(years, dtype="int64") * 12 + m - 1


def intervention_windows(interventions: pd.DataFrame) -> pd.DataFrame:
    """intervention_id, iv_from, iv_to: each intervention's dates as month indexes (:func:`month_index`). A
    missing start month is January, a missing end month December; an end before the start (a MIP slip, MIP391)
    is read as the end of the start year."""
    start = month_index(interventions["start_year"], interventions["start_month"], 1)
    end = month_index(interventions["end_year"], interventions["end_month"], 12)
    end = np.where(end >= start, end, np.asarray(interventions["start_year"], dtype="int64") * 12 + 11)
    return pd.DataFrame({"intervention_id": interventions["intervention_id"].to_numpy(), "iv_from": start,
                         "iv_to": end})
