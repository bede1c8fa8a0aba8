"""The scorecard: each finding of RAND RR-A859-1 (F1-F12) checked against our data by a fixed rule.

Each finding names the model and term(s) that test it and the claimed direction (+1, -1, or 0 for a claim
of no clear difference). The estimate is the average marginal effect on the probability (delta-method 95%
interval) of the term in that model. The verdict comes only from :func:`verdict`:

* direction +1 or -1: ``supported`` when the interval excludes 0 on the claimed side, ``contrary`` when it
  excludes 0 on the other side, ``not supported`` otherwise;
* direction 0 (a claim of no robust difference): ``supported`` when the interval includes 0, ``contrary``
  when it excludes 0;
* ``not testable`` when the model has no estimate for the term (the data lack a measure);
* a finding tested by several terms (parts) is ``supported`` when every part is, ``contrary`` when some
  part is contrary and none is supported, and ``not supported`` otherwise. Its estimate is the first part's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from coalitionlab.models.inference import average_marginal_effects
from coalitionlab.models.report import ModelReport


@dataclass(frozen=True)
class Part:
    question: str  # q1, q2, q3
    variant: str | None  # None = the question's main model
    term: str
    direction: int  # +1, -1, 0


@dataclass(frozen=True)
class Finding:
    id: str
    claim: str
    implication: str
    parts: tuple[Part, ...]
    proxy: str = ""


FINDINGS: tuple[Finding, ...] = (
    Finding("F1", "Coalitions are more likely when expected operational demands are high and when the U.S. needs "
            "to build international legitimacy.",
            "Q1: more U.S. troops (log) and a regime-change or regime-building objective raise P(coalition).",
            (Part("q1", None, "log_troops", +1), Part("q1", None, "regime_objective", +1)),
            "Operational demand = log(1 + MIP MaxTroops); legitimacy need = MIP objective to remove or build a "
            "foreign regime."),
    Finding("F2", "Access and logistics play a part in the decision to use a coalition, but alone are usually "
            "not enough.", "Q1: U.S. troops already in the crisis state raise P(coalition).",
            (Part("q1", None, "log_troops_in_target", +1),),
            "Access = log(1 + U.S. troops stationed in the crisis state the year before)."),
    Finding("F3", "When the immediate threat is high, the U.S. often prefers to act unilaterally.",
            "Q1: an objective of protecting U.S. forces or citizens, and a major-power adversary, lower "
            "P(coalition).",
            (Part("q1", None, "protect_own", -1), Part("q1", None, "target_major", -1)),
            "Immediate threat = MIP objective 'protect own military/diplomatic interests'; major-power crisis "
            "state (COW)."),
    Finding("F4", "States with close ties to the U.S. are more likely to join.",
            "Q2: a defense pact with the U.S. (ATOP) raises, and UN ideal-point distance lowers, P(join).",
            (Part("q2", None, "us_defense_pact", +1), Part("q2", None, "idealpoint_distance_us", -1))),
    Finding("F5", "States are more likely to join when the crisis is in their home region.",
            "Q2: being in the crisis state's COW region raises P(join).",
            (Part("q2", None, "same_cow_region", +1),)),
    Finding("F6", "Shared interests go with a higher chance of joining.",
            "Q2: a MID or strategic rivalry of the candidate with the crisis state (a shared threat) raises "
            "P(join).", (Part("q2", None, "shared_threat", +1),),
            "Shared interest = own MID with the crisis state in the prior ten years or an ongoing strategic "
            "rivalry with it."),
    Finding("F7", "Sponsorship by an intergovernmental organization seems to increase willingness to join.",
            "Q2: IGO sponsorship of the intervention raises P(join).",
            (Part("q2", None, "igo_sponsored", +1),)),
    Finding("F8", "Some states join to improve their status or reputation.",
            "Q2: NATO aspirants and middle powers are more likely to join.",
            (Part("q2", None, "nato_aspirant", +1), Part("q2", None, "middle_power", +1)),
            "Status seeking = joined NATO within ten years (hindsight proxy) and middle power (non-major with a "
            "top-30 CINC); EU aspirants not measured."),
    Finding("F9", "Coalitions can help achieve objectives, but the data show no clear coalition-versus-unilateral "
            "difference in success.", "Q3: the coalition indicator's effect on P(success) includes 0.",
            (Part("q3", None, "coalition", 0),)),
    Finding("F10", "Shared interests, and shared threats especially, go with a higher chance of achieving U.S. "
            "objectives.", "Q3 among coalitions: a larger share of partners with a shared threat raises "
            "P(success).", (Part("q3", "among_coalitions", "shared_threat_share", +1),)),
    Finding("F11", "Past experience working with the partners helps somewhat.",
            "Q3 among coalitions: partners' mean number of earlier U.S. coalitions raises P(success).",
            (Part("q3", "among_coalitions", "partner_experience", +1),)),
    Finding("F12", "Smaller coalitions can operate more efficiently (text cut off in the available summary).",
            "Q3 among coalitions: more partners (log) lowers P(success).",
            (Part("q3", "among_coalitions", "log_size", -1),),
            "The finding's full text was not available; we test the efficiency reading."),
)


def verdict(direction: int, low: float, high: float) -> str:
    """The fixed rule (see the module docstring)."""
    if any(math.isnan(v) for v in (low, high)):
        return "not testable"
    excludes_zero = low > 0 or high < 0
    if direction == 0:
        return "contrary" if excludes_zero else "supported"
    if (direction > 0 and low > 0) or (direction < 0 and high < 0):
        return "supported"
    if excludes_zero:
        return "contrary"
    return "not supported"


def _combine(verdicts: list[str]) -> str:
    if all(v == "supported" for v in verdicts):
        return "supported"
    if all(v == "not testable" for v in verdicts):
        return "not testable"
    if "contrary" in verdicts and "supported" not in verdicts:
        return "contrary"
    return "not supported"


def _estimate(reports: dict[str, ModelReport], part: Part) -> dict:
    report = reports[part.question]
    res = report.main if part.variant is None else report.variants[part.variant]
    model = report.title.split(" (")[0] + ("" if part.variant is None else f" [{part.variant}]")
    if part.term not in res.terms:
        return {"estimate": float("nan"), "ci_low": float("nan"), "ci_high": float("nan"), "n": res.n,
                "model": model}
    if part.variant is None:
        ame = report.ame
    else:
        ame = report.variant_ames.get(part.variant)
        if ame is None:
            frame = report.frame if part.variant != "among_coalitions" else report.frame[report.frame.coalition == 1]
            ame = average_marginal_effects(res, frame, [part.term])
    row = ame.set_index("term").loc[part.term]
    return {"estimate": float(row["ame"]), "ci_low": float(row["ci_low"]), "ci_high": float(row["ci_high"]),
            "n": res.n, "model": f"{model}; {res.method}, AME on P"}


def scorecard(reports: dict[str, ModelReport]) -> pd.DataFrame:
    """One row per finding: id, claim, implication, estimate, ci_low, ci_high, n, model, verdict, proxy, parts."""
    rows = []
    for f in FINDINGS:
        parts = []
        for p in f.parts:
            est = _estimate(reports, p)
            est["term"] = p.term
            est["direction"] = p.direction
            est["verdict"] = verdict(p.direction, est["ci_low"], est["ci_high"])
            parts.append(est)
        first = parts[0]
        rows.append({"id": f.id, "claim": f.claim, "implication": f.implication, "estimate": first["estimate"],
                     "ci_low": first["ci_low"], "ci_high": first["ci_high"], "n": first["n"],
                     "model": first["model"], "verdict": _combine([p["verdict"] for p in parts]),
                     "proxy": f.proxy, "parts": parts})
    return pd.DataFrame(rows)
