"""How robust is each verdict of the scorecard? Each finding re-judged across a stated set of specifications.

For a finding tested in a model (the main model of a question, or ``among_coalitions``), the specifications
are that model's variants marked as its alternatives (``QuestionResult.variant_info``: complete cases instead of
multiple imputation, other clustering, fixed effects, rare-events correction, post-hoc controls, other measures
and thresholds of a term, the MID-outcome success measure, basing partners counted), plus leave-one-
intervention-out: the complete-case model refitted once without each intervention; that specification holds
when at least ``LOO_HOLDS`` of the refits give the verdict of the complete-case model on all interventions (it
measures the pull of single interventions; whether imputation changes the verdict is the ``listwise``
specification's job, and is not counted twice). A specification that cannot judge the finding
(its model lacks the term, or a coefficient cannot be held to a margin on the probability) is left out and
listed as not applicable. The verdict holds in a specification when it is the same as in the main model.
"""

from __future__ import annotations

import pandas as pd

from coalitionlab.findings.scorecard import FINDINGS, Finding, combine, finding_verdict, part_estimate
from coalitionlab.models.inference import ModelInputError, average_marginal_effects, fit_logit_or_firth
from coalitionlab.models.question import QuestionResult

LOO_HOLDS = 0.95
CLUSTER = "intervention_id"


def _base(f: Finding) -> tuple[str, str]:
    return f.parts[0].question, f.parts[0].variant or "main"


def _listwise_name(base: str) -> str:
    return "listwise" if base == "main" else f"{base}_listwise"


def leave_one_out(report: QuestionResult, base: str, terms: list[str]) -> pd.DataFrame:
    """AMEs of ``terms`` in the complete-case version of ``base`` refitted without each intervention in turn:
    one row per (left-out intervention, term) with ame, ci_low, ci_high, se and p."""
    lw = report.variants[_listwise_name(base)]
    frame = report.frame if base == "main" else report.frame[report.frame["coalition"] == 1]
    sub = frame.dropna(subset=[lw.outcome, *lw.terms])
    rows = []
    for iid in sorted(sub[CLUSTER].unique()):
        rest = sub[sub[CLUSTER] != iid]
        try:
            fit = fit_logit_or_firth(rest, lw.outcome, lw.terms, cluster=CLUSTER)
            ame = average_marginal_effects(fit, rest, terms)
        except ModelInputError:  # e.g. a term left constant: this refit cannot judge
            continue
        rows.append(ame.assign(left_out=iid))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


class _LOOReport:
    """A stand-in for one refit, so the scorecard's part rule judges it exactly as the main model."""

    def __init__(self, title: str, ame: pd.DataFrame, n: int, method: str) -> None:
        self.title, self.ame, self.n, self.method = title, ame, n, method

    def model(self, _name):
        return self

    @property
    def terms(self) -> list[str]:
        return list(self.ame["term"])

    def ames(self, _name):
        return self.ame


def robustness(reports: dict[str, QuestionResult], loo: bool = True) -> pd.DataFrame:
    """See :func:`_robustness`; the refits run with one BLAS thread (small matrices: faster, see
    :func:`coalitionlab.models.fit_question`)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _robustness(reports, loo)


def _robustness(reports: dict[str, QuestionResult], loo: bool = True) -> pd.DataFrame:
    """One row per (finding, specification): id, spec, kind (variant | leave-one-out), verdict, holds, and
    for leave-one-out the number of refits and the share giving the complete-case verdict. Specifications that cannot
    judge a finding are listed with verdict "not applicable" and holds NA (not counted)."""
    rows = []
    loo_cache: dict[tuple[str, str], pd.DataFrame] = {}
    for f in FINDINGS:
        main_verdict, _ = finding_verdict(reports, f)
        q, base = _base(f)
        report = reports[q]
        for name, info in report.variant_info.items():
            if info.base != base or not info.robustness:
                continue
            v, _ = finding_verdict(reports, f, model_for=lambda p, n=name: n,
                                   term_for=lambda p, tm=info.term_map: tm.get(p.term, p.term))
            applicable = v != "not testable"
            rows.append({"id": f.id, "spec": name, "kind": "variant", "description": info.description,
                         "verdict": v if applicable else "not applicable",
                         "holds": (v == main_verdict) if applicable else pd.NA, "refits": pd.NA,
                         "share_holding": pd.NA})
        if not loo:
            continue
        key = (q, base)
        if key not in loo_cache:
            terms = sorted({p.term for g in FINDINGS for p in g.parts if _base(g) == key})
            loo_cache[key] = leave_one_out(report, base, terms)
        table = loo_cache[key]
        if table.empty:
            continue
        listwise = _listwise_name(base)
        reference, _ = finding_verdict(reports, f, model_for=lambda p, n=listwise: n)
        verdicts = []
        for _, ame in table.groupby("left_out"):
            stand_in = _LOOReport(report.title, ame.drop(columns="left_out"), 0, "logit")
            parts = [part_estimate(stand_in, None, p.term, p.direction) for p in f.parts]
            verdicts.append(combine([x["verdict"] for x in parts]))
        share = sum(v == reference for v in verdicts) / len(verdicts)
        rows.append({"id": f.id, "spec": "leave_one_intervention_out", "kind": "leave-one-out",
                     "description": f"complete-case model refitted {len(verdicts)} times, each without one "
                                    f"intervention; holds when at least {LOO_HOLDS:.0%} of refits give the "
                                    f"complete-case verdict ({reference})",
                     "verdict": f"{reference} in {share:.0%} of refits", "holds": share >= LOO_HOLDS,
                     "refits": len(verdicts), "share_holding": share})
    out = pd.DataFrame(rows)
    out["holds"] = out["holds"].astype("boolean")
    return out
