"""The scorecard: each finding of RAND RR-A859-1 (F1-F12) checked against our data by fixed rules.

Each finding names the model and term(s) that test it (its parts) and the claimed direction of each (+1, -1,
or 0 for a claim of no clear difference). A part's estimate is the average marginal effect on the probability
of the term in that model (95% interval; t intervals with Barnard-Rubin degrees of freedom for the multiply
imputed main models), or its coefficient (log-odds) where the model has no AMEs (conditional and ordered
logits). Verdicts come only from :func:`verdict` and :func:`combine`:

* direction +1 or -1: ``supported`` when the interval excludes 0 on the claimed side, ``contrary`` when it
  excludes 0 on the other side, ``not supported`` otherwise;
* direction 0 (a claim of no clear difference): an equivalence test (two one-sided tests, TOST) with the
  margin ``EQUIVALENCE_MARGIN`` (10 percentage points of probability): ``supported`` when the 90% interval
  lies inside (-margin, +margin), ``contrary`` when the 95% interval excludes 0, ``not supported``
  (inconclusive) otherwise. Only an AME can be judged against a margin on the probability;
* ``not testable`` when the model has no estimate for the term;
* a finding with several parts: ``supported`` when every part is, ``partly supported`` when some part is and
  none is contrary, ``mixed`` when some parts are supported and some contrary, ``contrary`` when some part is
  contrary and none supported, ``not supported`` otherwise. A joint Wald test of the parts' coefficients
  (all zero) is reported beside it.

Each part also has a two-sided p-value (the TOST p for direction 0) and its Holm-adjusted value over every
part of F1-F12. The robustness of each verdict (``robustness.py``) is the share of alternative specifications
in which it holds; below ``FRAGILE_BELOW`` the verdict is marked fragile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from coalitionlab.display import Summary, clean
from coalitionlab.models.question import QuestionResult

EQUIVALENCE_MARGIN = 0.10
FRAGILE_BELOW = 0.80
_Z90 = float(stats.norm.ppf(0.95))


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
            "Q1: a stronger adversary (log CINC) and a regime-change or regime-building objective raise "
            "P(coalition).",
            (Part("q1", None, "log_target_cinc", +1), Part("q1", None, "regime_objective", +1)),
            "Expected operational demand, before the fact = the crisis state's capability (log COW CINC the year "
            "before); legitimacy need = MIP objective to remove or build a foreign regime. The realized peak of "
            "U.S. troops is only in the post_hoc variant."),
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
            "Status seeking = a NATO aspirant by what was known at the time (application, invitation, "
            "intensified dialogue or Membership Action Plan; curated with NATO sources) and middle power "
            "(non-major with a top-30 CINC); EU aspirants not measured."),
    Finding("F9", "Coalitions can help achieve objectives, but the data show no clear coalition-versus-unilateral "
            "difference in success.", "Q3: the coalition indicator's effect on P(success) is within 10 percentage "
            "points of 0 (equivalence test).",
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


def verdict(direction: int, low: float, high: float, low90: float | None = None,
            high90: float | None = None, margin: float | None = EQUIVALENCE_MARGIN) -> str:
    """The fixed rule (see the module docstring). ``low``/``high`` bound the 95% interval; for direction 0,
    ``low90``/``high90`` bound the 90% interval of the equivalence test (``margin`` None: not testable)."""
    if any(math.isnan(v) for v in (low, high)):
        return "not testable"
    excludes_zero = low > 0 or high < 0
    if direction == 0:
        if excludes_zero:
            return "contrary"
        if margin is None or low90 is None or high90 is None:
            return "not testable"
        return "supported" if -margin < low90 and high90 < margin else "not supported"
    if (direction > 0 and low > 0) or (direction < 0 and high < 0):
        return "supported"
    if excludes_zero:
        return "contrary"
    return "not supported"


def combine(verdicts: list[str]) -> str:
    """The verdict of a finding from its parts' verdicts (see the module docstring)."""
    if all(v == "not testable" for v in verdicts):
        return "not testable"
    if all(v == "supported" for v in verdicts):
        return "supported"
    supported, contrary = "supported" in verdicts, "contrary" in verdicts
    if supported and contrary:
        return "mixed"
    if supported:
        return "partly supported"
    if contrary:
        return "contrary"
    return "not supported"


def part_estimate(report: QuestionResult, model: str | None, term: str, direction: int) -> dict:
    """A part's estimate in one model of ``report``: the AME when the model has them, else the coefficient;
    with its intervals, p-value (TOST p for direction 0) and verdict."""
    res = report.model(model)
    label = report.title.split(" (")[0] + ("" if model in (None, "main") else f" [{model}]")
    out = {"term": term, "direction": direction, "model": label, "method": res.method, "n": res.n}
    ame = report.ames(model)
    if term not in res.terms:
        return {**out, "scale": None, "estimate": math.nan, "se": math.nan, "ci_low": math.nan,
                "ci_high": math.nan, "p": math.nan, "verdict": "not testable"}
    if ame is not None and term in set(ame["term"]):
        row = ame.set_index("term").loc[term]
        est, se, low, high = (float(row[k]) for k in ("ame", "se", "ci_low", "ci_high"))
        df = float(row["df"]) if "df" in row and pd.notna(row.get("df")) else math.inf
        scale = "AME on P"
    else:
        est, se = float(res.params[term]), float(res.bse[term])
        low, high = (float(x) for x in res.conf_int.loc[term, ["low", "high"]])
        df, scale = math.inf, "coefficient (log-odds)"
    q90 = float(stats.t.ppf(0.95, df)) if math.isfinite(df) else _Z90
    low90, high90 = est - q90 * se, est + q90 * se
    dist = stats.t(df) if math.isfinite(df) else stats.norm
    if direction == 0:
        margin = EQUIVALENCE_MARGIN if scale == "AME on P" else None
        p = (max(float(dist.sf((est + margin) / se)), float(dist.cdf((est - margin) / se)))
             if margin is not None else math.nan)
    else:
        margin = None
        p = float(2 * dist.sf(abs(est / se)))
    v = verdict(direction, low, high, low90, high90, margin if direction == 0 else EQUIVALENCE_MARGIN)
    return {**out, "scale": scale, "estimate": est, "se": se, "ci_low": low, "ci_high": high,
            "ci90_low": low90, "ci90_high": high90, "p": p, "verdict": v}


def joint_test(report: QuestionResult, model: str | None, terms: list[str]) -> dict:
    """Wald test that the coefficients of ``terms`` in one model are all zero (chi-squared, k df)."""
    res = report.model(model)
    terms = [t for t in terms if t in res.terms]
    if len(terms) < 2:
        return {"chi2": math.nan, "df": len(terms), "p": math.nan}
    b = res.params[terms].to_numpy()
    V = res.cov.loc[terms, terms].to_numpy()
    chi2 = float(b @ np.linalg.solve(V, b))
    return {"chi2": chi2, "df": len(terms), "p": float(stats.chi2.sf(chi2, len(terms)))}


def holm(pvalues: list[float]) -> list[float]:
    """Holm's step-down adjustment (NaN stays NaN and is not counted)."""
    p = np.asarray(pvalues, dtype=float)
    ok = np.flatnonzero(np.isfinite(p))
    out = np.full(len(p), np.nan)
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    running = 0.0
    for i, j in enumerate(order):
        running = max(running, min(1.0, (m - i) * p[j]))
        out[j] = running
    return out.tolist()


def finding_verdict(reports: dict[str, QuestionResult], finding: Finding, model_for=None, term_for=None
                    ) -> tuple[str, list[dict]]:
    """The parts' estimates and the finding's verdict, in the main models or, with ``model_for(part)`` and
    ``term_for(part)``, in other specifications."""
    parts = []
    for p in finding.parts:
        model = p.variant if model_for is None else model_for(p)
        term = p.term if term_for is None else term_for(p)
        parts.append(part_estimate(reports[p.question], model, term, p.direction))
    return combine([x["verdict"] for x in parts]), parts


RULES = [
    "A part is supported when the 95% interval of its estimate (the AME on the probability) excludes 0 in the "
    "claimed direction, contrary when it excludes 0 in the other direction, not supported otherwise.",
    f"F9 (no clear difference) is an equivalence test (TOST) with a margin of {EQUIVALENCE_MARGIN:.2f}: supported "
    "when the 90% interval lies within the margin, contrary when the 95% interval excludes 0.",
    "A finding is supported when every part is, partly supported when some part is and none is contrary, mixed "
    "when parts disagree, contrary when some part is contrary and none supported.",
    "p is two-sided (TOST for F9); p_holm is Holm-adjusted over every part of F1-F12.",
    f"Robust = alternative specifications in which the verdict holds; fragile below {FRAGILE_BELOW:.0%}.",
]


@dataclass
class Scorecard:
    """The scorecard: ``table`` has one row per finding (see :func:`scorecard`); ``robustness`` one row per
    (finding, specification) when it was computed."""

    table: pd.DataFrame
    robustness: pd.DataFrame | None = None
    entanglement: Any = None  # E1-E7 of RR-A739-3 (findings.entanglement.EntanglementFindings), when scored

    def parts(self) -> pd.DataFrame:
        """One row per part of every finding, with the finding's verdict and robustness."""
        rows = []
        for r in self.table.to_dict(orient="records"):
            for i, p in enumerate(r["parts"]):
                rows.append({"id": r["id"], "part": i + 1, "term": p["term"], "direction": p["direction"],
                             "estimate": p["estimate"], "ci_low": p["ci_low"], "ci_high": p["ci_high"],
                             "p": p["p"], "p_holm": p["p_holm"], "n": p["n"], "part_verdict": p["verdict"],
                             "verdict": r["verdict"],
                             "robust": (f"{int(r['specs_held'])}/{int(r['specs_total'])}"
                                        + (" fragile" if r["fragile"] else "")) if "fragile" in r else None})
        return pd.DataFrame(rows)

    def summary(self) -> Summary:
        counts = self.table["verdict"].value_counts()
        s = Summary("RAND RR-A859-1 findings checked against the data",
                    facts=[(v, int(n)) for v, n in counts.items()])
        if "fragile" in self.table:
            s.add_fact("fragile verdicts", int(self.table["fragile"].sum()))
        s.add_table(self.table[["id", "implication", "verdict"]], "Findings")
        parts = self.parts()
        parts["sign"] = parts["direction"].map({1: "+", -1: "-", 0: "0"})
        cols = ["id", "term", "sign", "estimate", "ci_low", "ci_high", "p", "p_holm", "n", "part_verdict",
                "verdict"] + (["robust"] if self.robustness is not None else [])
        s.add_table(parts[cols], "Each part: estimate (AME on P), 95% interval, p and Holm-adjusted p")
        if self.robustness is not None:
            s.add_table(self.robustness[["id", "spec", "verdict", "holds"]], "Verdicts across specifications")
        if self.entanglement is not None:
            s.sections.append(self.entanglement.summary())
        return s.add_notes(RULES)

    def to_dict(self) -> dict:
        findings = clean(self.table)
        if self.robustness is not None:
            for row in findings:
                row["specifications"] = clean(self.robustness[self.robustness["id"] == row["id"]].drop(columns="id"))
        out = {"title": "RAND RR-A859-1 findings checked against the data", "rules": RULES, "findings": findings}
        if self.entanglement is not None:
            out["entanglement"] = self.entanglement.to_dict()
        return out

    def __str__(self) -> str:
        return self.summary().as_text()

    def _repr_html_(self) -> str:
        return self.summary().as_html()


def scorecard(reports: dict[str, QuestionResult], robustness: pd.DataFrame | None = None) -> Scorecard:
    """The scorecard. Its ``table`` has one row per finding: id, claim, implication, verdict, the first part's
    estimate, ci_low, ci_high, n and model, the joint test (joint_chi2, joint_p), proxy, and ``parts`` (each
    part's estimate, intervals, p, Holm-adjusted p and verdict). With ``robustness`` (from
    :func:`coalitionlab.findings.robustness`), also specs_held, specs_total, robust_share and ``fragile``."""
    rows = []
    for f in FINDINGS:
        whole, parts = finding_verdict(reports, f)
        first = parts[0]
        models = {(p.question, p.variant) for p in f.parts}
        joint = (joint_test(reports[f.parts[0].question], f.parts[0].variant, [p.term for p in f.parts])
                 if len(f.parts) > 1 and len(models) == 1 else {"chi2": math.nan, "p": math.nan})
        rows.append({"id": f.id, "claim": f.claim, "implication": f.implication, "verdict": whole,
                     "estimate": first["estimate"], "ci_low": first["ci_low"], "ci_high": first["ci_high"],
                     "n": first["n"], "model": f"{first['model']}; {first['method']}, {first['scale']}",
                     "joint_chi2": joint["chi2"], "joint_p": joint["p"], "proxy": f.proxy, "parts": parts})
    adjusted = iter(holm([p["p"] for r in rows for p in r["parts"]]))
    for r in rows:
        for p in r["parts"]:
            p["p_holm"] = next(adjusted)
    card = pd.DataFrame(rows)
    if robustness is not None:
        counted = robustness[robustness["holds"].notna()]
        summary = counted.groupby("id").agg(specs_held=("holds", "sum"), specs_total=("holds", "size"))
        card = card.merge(summary, left_on="id", right_index=True, how="left")
        card["robust_share"] = card["specs_held"] / card["specs_total"]
        card["fragile"] = card["robust_share"] < FRAGILE_BELOW
    return Scorecard(card, robustness)
