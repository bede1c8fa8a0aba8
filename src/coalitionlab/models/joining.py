"""Q2: which states join U.S. coalitions, and why? One row per (coalition intervention, candidate state)."""

from __future__ import annotations

from coalitionlab.interventions.build import CoalitionData
from coalitionlab.models.features import joining_frame
from coalitionlab.models.imputation import (
    DEFAULT_M,
    fit_imputed,
    impute,
    listwise_accounting,
    mi_accounting,
    sample_accounting,
)
from coalitionlab.models.inference import (
    average_marginal_effects,
    fit_conditional_logit,
    fit_logit,
    fit_relogit,
    grouped_cv,
)
from coalitionlab.models.question import QuestionResult, Variants

Q2_TERMS = ["us_defense_pact", "idealpoint_distance_us", "trade_share_us", "log_us_troops", "log_igos_with_us",
            "same_cow_region", "log_mindist_target", "shared_threat", "shared_rival_us", "v2x_polyarchy", "cinc",
            "major_power", "middle_power", "nato_aspirant", "prior_coalitions", "igo_sponsored"]
# columns that inform the imputation without being terms
Q2_AUXILIARY = ["polity2", "un_member", "us_any_alliance", "contiguous_target", "start_year", "is_host"]
# membership of the sponsoring IGO is measured for NATO- and UN-sponsored interventions only (no membership data
# for regional organizations): a variant, so that the main sample keeps every intervention
# intervention-level terms have no variation within an intervention: out of the conditional logit
INTERVENTION_LEVEL = {"igo_sponsored"}
CLUSTER = "intervention_id"
# other measures of a term, each a variant of the main model (term -> (column, what it measures))
ALTERNATIVE_MEASURES = {
    "middle_power_rank20": ("middle_power", "middle_power_rank20", "middle power = non-major with a top-20 CINC"),
    "middle_power_rank40": ("middle_power", "middle_power_rank40", "middle power = non-major with a top-40 CINC"),
    "nato_aspirant_hindsight": ("nato_aspirant", "nato_aspirant_hindsight",
                                "NATO aspirant = joined NATO within ten years (hindsight: later accession)"),
    "shared_threat_mid_only": ("shared_threat", "shared_threat_mid",
                               "shared threat = a MID with the crisis state in the ten years before (no rivalry)"),
    "shared_threat_rivalry_only": ("shared_threat", "rivalry_with_target",
                                   "shared threat = a strategic rivalry with the crisis state (no MID)"),
}


def fit_joining(data: CoalitionData, terms: list[str] | None = None, cv: bool = True, m: int = DEFAULT_M,
                seed: int = 0) -> QuestionResult:
    """Logit of ``joined`` on the candidates' covariates (measured the year before the start), missing
    covariates multiply imputed (``m`` copies, Rubin's rules), SEs clustered by intervention. Variants on
    complete cases: listwise, two-way clustering (intervention and state), exact conditional logit with
    intervention fixed effects (clustered), state fixed effects (conditional logit by state), King-Zeng
    rare-events logit, sponsor membership, basing partners counted, and other measures of middle power,
    NATO aspiration and shared threat; grouped 5-fold cross-validation."""
    frame = joining_frame(data)
    terms = terms or Q2_TERMS
    acc = sample_accounting(frame, "joined", terms)
    frames = impute(frame, "joined", terms, m=m, seed=seed, auxiliary=Q2_AUXILIARY, iterations=5)
    main, ame = fit_imputed(lambda f: fit_logit(f, "joined", terms, cluster=CLUSTER,
                                                cluster_correction="stata_ml"), frames, acc["outcome_missing"])
    vs = Variants(mi_accounting(acc, m))

    def add(name: str, fit, description: str, sample_terms: list[str], term_map: dict | None = None,
            ame_frame=None, robustness: bool = True, sample_frame=None) -> None:
        sample = listwise_accounting(sample_accounting(frame if sample_frame is None else sample_frame,
                                                       "joined" if sample_frame is None else fit.outcome,
                                                       sample_terms), fit.n)
        ame = (average_marginal_effects(fit, ame_frame, fit.terms) if ame_frame is not None
               and fit.family == "logit" and "conditional" not in fit.method else None)
        vs.add(name, fit, ame, description, sample, term_map, robustness)

    def logit(t: list[str], cluster=CLUSTER, f=frame, outcome="joined"):
        return fit_logit(f, outcome, t, cluster=cluster, cluster_correction="stata_ml")

    add("listwise", logit(terms), "complete cases only (no imputation)", terms, ame_frame=frame)
    add("two_way_cluster", logit(terms, cluster=[CLUSTER, "ccode"]), "complete cases; SEs clustered two ways, by "
        "intervention and by state (Cameron, Gelbach and Miller 2011)", terms, ame_frame=frame)
    fe_terms = [t for t in terms if t not in INTERVENTION_LEVEL]
    add("conditional_logit", fit_conditional_logit(frame, "joined", fe_terms, CLUSTER, cluster=CLUSTER),
        "complete cases; exact conditional logit, intervention fixed effects (as Stata's clogit), SEs "
        "clustered by intervention", fe_terms)
    state_terms = [t for t in terms if t not in {"major_power"}]
    add("state_fixed_effects", fit_conditional_logit(frame, "joined", state_terms, "ccode", cluster="ccode"),
        "complete cases; conditional logit grouped by state (state fixed effects: only states that joined "
        "some coalitions and not others inform it), SEs clustered by state; major_power, nearly constant "
        "within a state, left out", state_terms)
    add("rare_events", fit_relogit(frame, "joined", terms, cluster=CLUSTER, cluster_correction="stata_ml"),
        "complete cases; King-Zeng rare-events logit (bias-corrected)", terms, ame_frame=frame)
    add("sponsor_member", logit([*terms, "sponsor_member"]), "complete cases; adds membership of the sponsoring "
        "IGO (NATO- and UN-sponsored interventions only: a smaller sample)", [*terms, "sponsor_member"],
        ame_frame=frame)
    for name, (old, new, desc) in ALTERNATIVE_MEASURES.items():
        alt = [new if t == old else t for t in terms]
        add(name, logit(alt), "complete cases; " + desc, alt, {old: new}, ame_frame=frame)
    basing = joining_frame(data, basing=True)
    add("basing_counts", logit(terms, f=basing, outcome="joined_basing"), "complete cases; coalitions and joining "
        "count basing-only partners too", terms, {}, ame_frame=basing, sample_frame=basing)
    report = QuestionResult(
        key="q2", title="Q2: which states join? (logit, intervention x candidate, SEs clustered by intervention)",
        main=main, ame=ame, frame=frame, **vs.fields(),
        notes=["Sample: candidates of interventions with at least one partner with forces (combat or support); "
               "the variant basing_counts also counts basing-only partners.",
               "Covariates measured in the year before the start; carried values flagged in `carried`.",
               f"Main model: missing covariates multiply imputed (chained equations, predictive mean matching, "
               f"m={m}, Rubin's rules); the variants are fitted on complete cases.",
               "Cluster-robust SEs by intervention with Stata's logit factor G/(G-1)."],
    )
    if cv:
        report.cv = grouped_cv(frame, "joined", terms, CLUSTER, n_splits=5, seed=0)
        report.notes.append("Grouped 5-fold CV by intervention on complete cases (seed 0); its time is in "
                            "benchmarks/bench_models.py, not here, so that the same data give the same output.")
    return report
