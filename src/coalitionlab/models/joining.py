"""Q2: which states join U.S. coalitions, and why? One row per (coalition intervention, candidate state)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from statsmodels.discrete.conditional_models import ConditionalLogit

from coalitionlab.interventions.build import CoalitionData
from coalitionlab.models.features import joining_frame
from coalitionlab.models.inference import (
    FitResult,
    ModelInputError,
    _result,
    average_marginal_effects,
    fit_logit,
    fit_relogit,
    grouped_cv,
)
from coalitionlab.models.report import ModelReport

Q2_TERMS = ["us_defense_pact", "idealpoint_distance_us", "trade_share_us", "log_us_troops", "log_igos_with_us",
            "same_cow_region", "log_mindist_target", "shared_threat", "shared_rival_us", "v2x_polyarchy", "cinc",
            "major_power", "middle_power", "nato_aspirant", "prior_coalitions", "igo_sponsored", "sponsor_member"]
# intervention-level terms have no variation within an intervention: out of the conditional logit
INTERVENTION_LEVEL = {"igo_sponsored"}


def fit_conditional_logit(frame: pd.DataFrame, outcome: str, terms: list[str], groups: str) -> FitResult:
    """Conditional (fixed-effects) logit with the intervention as the choice set (statsmodels)."""
    cols = [outcome, groups, *terms]
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ModelInputError(f"conditional logit: no column(s) {missing}")
    sub = frame[cols].dropna()
    varying = sub.groupby(groups)[outcome].transform("nunique") > 1  # groups with no variation add nothing
    sub = sub[varying]
    model = ConditionalLogit(sub[outcome].to_numpy(float), sub[terms].to_numpy(float),
                             groups=pd.factorize(sub[groups])[0])
    res = model.fit(disp=0, method="bfgs", maxiter=500)
    params = np.asarray(res.params)
    return _result(params, np.asarray(res.cov_params()), terms, llf=float(res.llf), ll_null=float("nan"),
                   n=len(sub), n_clusters=int(sub[groups].nunique()), method="conditional logit",
                   outcome=outcome, terms=terms, n_dropped=len(frame) - len(sub), cov_type="nonrobust")


def fit_fe_logit(frame: pd.DataFrame, outcome: str, terms: list[str], groups: str) -> FitResult:
    """Logit with one dummy per intervention (fixed effects), SEs clustered by intervention.

    The exact conditional logit (:func:`fit_conditional_logit`) takes about a minute here, because its
    likelihood sums over every way of choosing each intervention's partners from ~110 candidates; with groups
    that large the incidental-parameter bias of the dummy-variable logit is negligible, and it fits in a
    second. Interventions in which nobody or everybody joined carry no information and are dropped.
    """
    cols = [outcome, groups, *terms]
    sub = frame[cols].dropna()
    sub = sub[sub.groupby(groups)[outcome].transform("nunique") > 1]
    dummies = pd.get_dummies(sub[groups], prefix="fe", drop_first=True, dtype=float)
    design = pd.concat([sub[[outcome, groups, *terms]], dummies], axis=1)
    res = fit_logit(design, outcome, [*terms, *dummies.columns], cluster=groups, cluster_correction="stata_ml")
    res.extra["n_fixed_effects"] = dummies.shape[1] + 1
    res.method = "fixed-effects logit"
    return res


def fit_joining(data: CoalitionData, terms: list[str] | None = None, cv: bool = True) -> ModelReport:
    """Logit of ``joined`` on the candidates' covariates, SEs clustered by intervention; variants: conditional
    logit (intervention fixed effects) and King-Zeng rare-events logit; grouped 5-fold cross-validation."""
    frame = joining_frame(data)
    terms = terms or Q2_TERMS
    main = fit_logit(frame, "joined", terms, cluster="intervention_id", cluster_correction="stata_ml")
    ame = average_marginal_effects(main, frame, terms)
    fe_terms = [t for t in terms if t not in INTERVENTION_LEVEL]
    variants = {
        "intervention_fe": fit_fe_logit(frame, "joined", fe_terms, "intervention_id"),
        "rare_events": fit_relogit(frame, "joined", terms, cluster="intervention_id",
                                   cluster_correction="stata_ml"),
    }
    report = ModelReport(
        key="q2", title="Q2: which states join? (logit, intervention x candidate, SEs clustered by intervention)",
        main=main, ame=ame, frame=frame, variants=variants,
        notes=["Sample: candidates of interventions with at least one partner (coalitions).",
               "Covariates measured in the year before the start; carried values flagged in `carried`.",
               "Cluster-robust SEs by intervention with Stata's logit factor G/(G-1)."],
    )
    if cv:
        t0 = time.perf_counter()
        report.cv = grouped_cv(frame, "joined", terms, "intervention_id", n_splits=5, seed=0)
        report.notes.append(f"Grouped 5-fold CV by intervention took {time.perf_counter() - t0:.1f} s.")
    return report
