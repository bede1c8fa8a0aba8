"""Q3: what makes coalitions succeed? Success over all interventions, and among coalitions."""

from __future__ import annotations

from coalitionlab.interventions.build import CoalitionData
from coalitionlab.models.features import intervention_frame
from coalitionlab.models.inference import average_marginal_effects, fit_logit_or_firth, fit_ordered_logit
from coalitionlab.models.report import ModelReport

Q3_CONTROLS = ["log_troops", "use_of_force", "regime_objective", "post_cold_war", "post_911"]
Q3_TERMS = ["coalition", *Q3_CONTROLS]
Q3_COALITION_TERMS = ["log_size", "shared_threat_share", "partner_experience", "igo_sponsored"]


def fit_success(data: CoalitionData) -> ModelReport:
    """Logit of success (U.S. objectives achieved) on coalition and controls over all interventions; variants:
    among coalitions, success on coalition size, share of partners with a shared threat, partners' prior
    experience and IGO sponsorship; ordered logit over failed < partial < achieved."""
    frame = intervention_frame(data)
    main = fit_logit_or_firth(frame, "success_bin", Q3_TERMS, cluster="intervention_id")
    ame = average_marginal_effects(main, frame, Q3_TERMS)
    coalitions = frame[frame["coalition"] == 1]
    within = fit_logit_or_firth(coalitions, "success_bin", Q3_COALITION_TERMS, cluster="intervention_id")
    ordered = fit_ordered_logit(frame, "success_ord", Q3_TERMS)
    return ModelReport(
        key="q3", title="Q3: what makes coalitions succeed? (logit of objectives achieved)",
        main=main, ame=ame, frame=frame,
        variants={"among_coalitions": within, "ordered": ordered},
        variant_ames={"among_coalitions": average_marginal_effects(within, coalitions, Q3_COALITION_TERMS)},
        notes=["success_bin: achieved = 1, partial or failed = 0, unclear outcomes dropped (see codebook).",
               "Robust SEs (each intervention its own cluster)."],
    )
