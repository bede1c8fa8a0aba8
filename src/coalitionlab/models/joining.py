"""Q2: which states join U.S. coalitions, and why? One row per (coalition intervention, candidate state)."""

from __future__ import annotations

import time

from coalitionlab.interventions.build import CoalitionData
from coalitionlab.models.features import joining_frame
from coalitionlab.models.inference import (
    average_marginal_effects,
    fit_conditional_logit,
    fit_logit,
    fit_relogit,
    grouped_cv,
)
from coalitionlab.models.report import ModelReport

Q2_TERMS = ["us_defense_pact", "idealpoint_distance_us", "trade_share_us", "log_us_troops", "log_igos_with_us",
            "same_cow_region", "log_mindist_target", "shared_threat", "shared_rival_us", "v2x_polyarchy", "cinc",
            "major_power", "middle_power", "nato_aspirant", "prior_coalitions", "igo_sponsored"]
# membership of the sponsoring IGO is measured for NATO- and UN-sponsored interventions only (no membership data
# for regional organizations): a variant, so that the main sample keeps every intervention
# intervention-level terms have no variation within an intervention: out of the conditional logit
INTERVENTION_LEVEL = {"igo_sponsored"}


def fit_joining(data: CoalitionData, terms: list[str] | None = None, cv: bool = True) -> ModelReport:
    """Logit of ``joined`` on the candidates' covariates, SEs clustered by intervention; variants: exact
    conditional logit (intervention fixed effects, as Stata's clogit) and King-Zeng rare-events logit; grouped
    5-fold cross-validation."""
    frame = joining_frame(data)
    terms = terms or Q2_TERMS
    main = fit_logit(frame, "joined", terms, cluster="intervention_id", cluster_correction="stata_ml")
    ame = average_marginal_effects(main, frame, terms)
    fe_terms = [t for t in terms if t not in INTERVENTION_LEVEL]
    variants = {
        "conditional_logit": fit_conditional_logit(frame, "joined", fe_terms, "intervention_id"),
        "rare_events": fit_relogit(frame, "joined", terms, cluster="intervention_id",
                                   cluster_correction="stata_ml"),
        "sponsor_member": fit_logit(frame, "joined", [*terms, "sponsor_member"], cluster="intervention_id",
                                    cluster_correction="stata_ml"),
        "basing_counts": fit_logit(joining_frame(data, basing=True), "joined_basing", terms,
                                   cluster="intervention_id", cluster_correction="stata_ml"),
    }
    report = ModelReport(
        key="q2", title="Q2: which states join? (logit, intervention x candidate, SEs clustered by intervention)",
        main=main, ame=ame, frame=frame, variants=variants,
        notes=["Sample: candidates of interventions with at least one partner with forces (combat or support); "
               "the variant basing_counts also counts basing-only partners.",
               "Covariates measured in the year before the start; carried values flagged in `carried`.",
               "Cluster-robust SEs by intervention with Stata's logit factor G/(G-1)."],
    )
    if cv:
        t0 = time.perf_counter()
        report.cv = grouped_cv(frame, "joined", terms, "intervention_id", n_splits=5, seed=0)
        report.notes.append(f"Grouped 5-fold CV by intervention took {time.perf_counter() - t0:.1f} s.")
    return report
