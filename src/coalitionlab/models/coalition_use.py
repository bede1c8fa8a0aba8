"""Q1: when does the U.S. use a coalition? One row per intervention (and Tago's 288 uses of force)."""

from __future__ import annotations

from coalitionlab.catalog import load
from coalitionlab.interventions.build import CoalitionData
from coalitionlab.models.features import intervention_frame
from coalitionlab.models.inference import average_marginal_effects, fit_logit_or_firth
from coalitionlab.models.report import ModelReport

# operational demand, legitimacy need, immediate threat, access, IGO authorization, era
Q1_TERMS = ["log_troops", "log_duration", "use_of_force", "regime_objective", "idealpoint_distance_target",
            "protect_own", "target_major", "log_troops_in_target", "log_capdist", "igo_sponsored",
            "post_cold_war", "post_911"]
TAGO_TERMS = ["ground_forces", "severity", "non_neo", "post_cold_war", "post_vietnam_war", "recession_year",
              "election_cycle", "senate_divided", "house_divided", "europe", "middle_east", "asia_pacific",
              "sub_saharan_africa", "latin_america"]


def fit_coalition_use(data: CoalitionData, terms: list[str] | None = None) -> ModelReport:
    """Logit of ``coalition`` on the Q1 covariates (robust SEs: each intervention its own cluster), with
    average marginal effects; the variant ``tago`` refits Tago's (2005) own model of coalitional use of
    force on his 288 cases, 1948-98, as an independent sample."""
    frame = intervention_frame(data)
    terms = terms or Q1_TERMS
    main = fit_logit_or_firth(frame, "coalition", terms, cluster="intervention_id")
    ame = average_marginal_effects(main, frame, terms)
    tago = load("tago2005")[["coalitional_use_of_force", *TAGO_TERMS]].astype("float64")
    variants = {"tago": fit_logit_or_firth(tago, "coalitional_use_of_force", TAGO_TERMS),
                "basing_counts": fit_logit_or_firth(frame, "coalition_basing", terms, cluster="intervention_id")}
    return ModelReport(
        key="q1", title="Q1: when does the U.S. use a coalition? (logit, one row per intervention)",
        main=main, ame=ame, frame=frame, variants=variants,
        variant_ames={"tago": average_marginal_effects(variants["tago"], tago, TAGO_TERMS)},
        notes=["Robust (Huber-White) SEs with Stata's small-sample factor n/(n-1).",
               "Interventions with no MIP troop figure are dropped (complete cases).",
               "coalition counts partners with forces (combat or support); the variant basing_counts counts "
               "basing-only partners too.",
               "Immediate threat is proxied by MIP's objective 'protect own military/diplomatic interests' "
               "and by a major-power crisis state; access by U.S. troops in the crisis state and capital "
               "distance."],
    )
