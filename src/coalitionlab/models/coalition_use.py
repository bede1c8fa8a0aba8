"""Q1: when does the U.S. use a coalition? One row per intervention (and Tago's 288 uses of force)."""

from __future__ import annotations

from coalitionlab.catalog import load
from coalitionlab.interventions.build import CoalitionData
from coalitionlab.models.features import POST_HOC_TERMS, intervention_frame
from coalitionlab.models.imputation import (
    DEFAULT_M,
    fit_imputed,
    impute,
    listwise_accounting,
    mi_accounting,
    sample_accounting,
)
from coalitionlab.models.inference import average_marginal_effects, fit_logit_or_firth
from coalitionlab.models.question import QuestionResult, Variants

# all measured at or before the start: legitimacy need and demand (objective), the target's capability and
# distance (operational demand), foreign-policy distance, immediate threat, access, era
Q1_TERMS = ["regime_objective", "log_target_cinc", "log_capdist", "idealpoint_distance_target", "protect_own",
            "target_major", "log_troops_in_target", "post_cold_war", "post_911"]
# columns that inform the imputation of missing covariates without being terms
Q1_AUXILIARY = ["start_year", "obj_foreignreg", "obj_policy", "obj_socialprot", "igo_sponsored", *POST_HOC_TERMS]
TAGO_TERMS = ["ground_forces", "severity", "non_neo", "post_cold_war", "post_vietnam_war", "recession_year",
              "election_cycle", "senate_divided", "house_divided", "europe", "middle_east", "asia_pacific",
              "sub_saharan_africa", "latin_america"]
CLUSTER = "intervention_id"


def fit_coalition_use(data: CoalitionData, terms: list[str] | None = None, m: int = DEFAULT_M,
                      seed: int = 0) -> QuestionResult:
    """Logit of ``coalition`` on covariates measured before the start, missing covariates multiply imputed
    (``m`` copies, Rubin's rules), SEs robust (each intervention its own cluster), with average marginal
    effects. Variants: complete cases (listwise), post-hoc (adds realized troops, duration and use of force),
    IGO sponsorship added, regime removal only, basing partners counted, and Tago's (2005) own model on his
    288 cases, 1948-98, as an independent sample."""
    frame = intervention_frame(data)
    terms = terms or Q1_TERMS
    post_hoc = [*terms, *POST_HOC_TERMS]
    impute_cols = list(dict.fromkeys([*post_hoc, "remove_regime_objective"]))
    frames = impute(frame, "coalition", impute_cols, m=m, seed=seed, auxiliary=Q1_AUXILIARY)
    acc = sample_accounting(frame, "coalition", terms)

    def logit(outcome: str, t: list[str]):
        return lambda f: fit_logit_or_firth(f, outcome, t, cluster=CLUSTER)

    main, ame = fit_imputed(logit("coalition", terms), frames, acc["outcome_missing"])
    vs = Variants(mi_accounting(acc, m))
    add = vs.add
    lw = fit_logit_or_firth(frame, "coalition", terms, cluster=CLUSTER)
    add("listwise", lw, average_marginal_effects(lw, frame, terms), "complete cases only (no imputation)",
        listwise_accounting(acc, lw.n))
    for name, t, desc, tm in [
        ("post_hoc", post_hoc, "adds values realized during the intervention: log peak U.S. troops, log "
         "duration, U.S. use of force (not measured before the decision)", None),
        ("igo_sponsored", [*terms, "igo_sponsored"], "adds IGO sponsorship (nearly the outcome: it sits on the "
         "legitimacy pathway)", None),
        ("regime_removal_only", [x if x != "regime_objective" else "remove_regime_objective" for x in terms],
         "legitimacy need = an objective to remove a foreign regime only (not to build or keep one)",
         {"regime_objective": "remove_regime_objective"}),
    ]:
        fit, a = fit_imputed(logit("coalition", t), frames, acc["outcome_missing"])
        add(name, fit, a, desc + f"; multiple imputation (m={m})",
            mi_accounting(sample_accounting(frame, "coalition", t), m), tm)
    basing_frames = [f.assign(coalition=f["coalition_basing"]) for f in frames]
    fit, a = fit_imputed(logit("coalition", terms), basing_frames, acc["outcome_missing"])
    add("basing_counts", fit, a, "a coalition counts basing-only partners too (coalition_basing); multiple "
        f"imputation (m={m})", mi_accounting(acc, m))
    tago = load("tago2005")[["coalitional_use_of_force", *TAGO_TERMS]].astype("float64")
    tago_fit = fit_logit_or_firth(tago, "coalitional_use_of_force", TAGO_TERMS)
    add("tago", tago_fit, average_marginal_effects(tago_fit, tago, TAGO_TERMS),
        "Tago's (2005) own model on his 288 uses of force, 1948-98 (his covariates; an independent sample)",
        listwise_accounting(sample_accounting(tago, "coalitional_use_of_force", TAGO_TERMS), tago_fit.n),
        robustness=False)
    return QuestionResult(
        key="q1", title="Q1: when does the U.S. use a coalition? (logit, one row per intervention)",
        main=main, ame=ame, frame=frame, **vs.fields(),
        notes=[f"Main model: every covariate measured before the start; missing covariates multiply imputed "
               f"(chained equations, predictive mean matching, m={m}, Rubin's rules); no intervention dropped.",
               "Robust (Huber-White) SEs, each intervention its own cluster, with Stata's factor n/(n-1); a "
               "Firth fallback (separation) keeps the same sandwich.",
               "Operational demand before the fact = the objective (regime change or building) and the crisis "
               "state's capability (log CINC) and distance; peak troops, duration and use of force are realized "
               "values, in the post_hoc variant only.",
               "IGO sponsorship is out of the main model (it is nearly the outcome and lies on the legitimacy "
               "pathway F1 is about); the variant igo_sponsored adds it.",
               "coalition counts partners with forces (combat or support); basing_counts counts basing-only "
               "partners too."],
    )
