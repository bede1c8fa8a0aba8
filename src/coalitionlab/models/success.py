"""Q3: what makes coalitions succeed? Success over all interventions, and among coalitions."""

from __future__ import annotations

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
from coalitionlab.models.inference import average_marginal_effects, fit_logit_or_firth, fit_ordered_logit
from coalitionlab.models.question import QuestionResult, Variants

# controls measured at or before the start: the objective and the adversary's strength, and the era
Q3_CONTROLS = ["regime_objective", "protect_own", "log_target_cinc", "target_major", "post_cold_war", "post_911"]
Q3_TERMS = ["coalition", *Q3_CONTROLS]
Q3_COALITION_TERMS = ["log_size", "shared_threat_share", "partner_experience", "igo_sponsored"]
Q3_AUXILIARY = ["start_year", "log_capdist", "idealpoint_distance_target", "log_troops_in_target",
                "obj_foreignreg", "obj_socialprot", *POST_HOC_TERMS]
CLUSTER = "intervention_id"


def fit_success(data: CoalitionData, m: int = DEFAULT_M, seed: int = 0) -> QuestionResult:
    """Logit of success against the stated U.S. objective (achieved = 1) on coalition and controls measured
    before the start, over all interventions; missing covariates multiply imputed (``m`` copies, Rubin's
    rules), robust SEs. ``among_coalitions``: success on coalition size, the share of partners with a shared
    threat, partners' prior experience and IGO sponsorship. Variants of each: complete cases, post-hoc
    controls (realized troops and use of force), and the MID-outcome success measure; the ordered logit over
    failed < partial < achieved (clustered SEs)."""
    frame = intervention_frame(data)
    acc = sample_accounting(frame, "success_bin", Q3_TERMS)
    impute_cols = list(dict.fromkeys([*Q3_TERMS, *POST_HOC_TERMS, *Q3_COALITION_TERMS]))
    frames = impute(frame, "success_bin", impute_cols, m=m, seed=seed, auxiliary=Q3_AUXILIARY)
    mid_frames = impute(frame, "success_mid_bin", impute_cols, m=m, seed=seed, auxiliary=Q3_AUXILIARY)

    def logit(outcome: str, t: list[str]):
        return lambda f: fit_logit_or_firth(f, outcome, t, cluster=CLUSTER)

    main, ame = fit_imputed(logit("success_bin", Q3_TERMS), frames, acc["outcome_missing"])
    vs = Variants(mi_accounting(acc, m))

    def add(name, fit, a, base, description, sample, robustness=True):
        vs.add(name, fit, a, description, sample, robustness=robustness, base=base)

    coal = frame[frame["coalition"] == 1]
    coal_frames = [f[f["coalition"] == 1] for f in frames]
    coal_acc = sample_accounting(coal, "success_bin", Q3_COALITION_TERMS)
    within, within_ame = fit_imputed(logit("success_bin", Q3_COALITION_TERMS), coal_frames,
                                     coal_acc["outcome_missing"])
    add("among_coalitions", within, within_ame, "main", "coalition interventions only: success on the coalition's "
        f"size, shared threat, partners' experience and IGO sponsorship; multiple imputation (m={m})",
        mi_accounting(coal_acc, m), robustness=False)
    for base, sub, subframes, subacc, t in [("main", frame, frames, acc, Q3_TERMS),
                                            ("among_coalitions", coal, coal_frames, coal_acc, Q3_COALITION_TERMS)]:
        prefix = "" if base == "main" else "among_coalitions_"
        lw = fit_logit_or_firth(sub, "success_bin", t, cluster=CLUSTER)
        add(f"{prefix}listwise", lw, average_marginal_effects(lw, sub, t), base,
            "complete cases only (no imputation)", listwise_accounting(subacc, lw.n))
        mid_sub = [f[f["coalition"] == 1] for f in mid_frames] if base != "main" else mid_frames
        mid_acc = sample_accounting(sub, "success_mid_bin", t)
        fit, a = fit_imputed(logit("success_mid_bin", t), mid_sub, mid_acc["outcome_missing"])
        add(f"{prefix}success_mid_outcome", fit, a, base, "success = MIP's MID-outcome code (victory or yield by "
            "the target = achieved), the earlier measure, which depends on whether MIP linked a MID; multiple "
            f"imputation (m={m})", mi_accounting(mid_acc, m))
        if base == "main":
            post = [*t, "log_troops", "use_of_force"]
            fit, a = fit_imputed(logit("success_bin", post), subframes, subacc["outcome_missing"])
            add("post_hoc", fit, a, base, "adds values realized during the intervention: log peak U.S. troops and "
                f"U.S. use of force; multiple imputation (m={m})",
                mi_accounting(sample_accounting(sub, "success_bin", post), m))
    ordered = fit_ordered_logit(frame, "success_ord", Q3_TERMS, cluster=CLUSTER, cluster_correction="stata_ml")
    add("ordered", ordered, None, "main", "complete cases; ordered logit over failed < partial < achieved, SEs "
        "robust (each intervention its own cluster)",
        listwise_accounting(sample_accounting(frame, "success_ord", Q3_TERMS), ordered.n))
    return QuestionResult(
        key="q3", title="Q3: what makes coalitions succeed? (logit of objectives achieved)",
        main=main, ame=ame, frame=frame, **vs.fields(),
        notes=["success_bin: success against the stated U.S. objective (success_objective: MIP's outcome judged "
               "by the objective, curated judgements for contested cases); achieved = 1, partial or failed = 0, "
               "unclear outcomes dropped (see codebook). The variants success_mid_outcome use MIP's MID-outcome "
               "code instead.",
               "Controls measured before the start (objective, the adversary's capability, era); realized "
               "troops and use of force only in the post_hoc variant.",
               f"Missing covariates multiply imputed (chained equations, predictive mean matching, m={m}, "
               "Rubin's rules).",
               "Robust SEs (each intervention its own cluster, Stata's factor n/(n-1))."],
    )
