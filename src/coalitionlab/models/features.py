"""Model frames built from the coalition intervention data set (plain DataFrames, documented columns).

* :func:`intervention_frame`: one row per intervention, for Q1 (coalition use) and Q3 (success).
* :func:`joining_frame`: one row per (coalition intervention, candidate state), for Q2 (joining).

Each covariate of the main models is measured in the year before the intervention started (``ref_year``),
from the panels' ``add_*`` functions, or read from what was known at the start (MIP's stated objective), so that
the intervention cannot cause it. Values realized during the intervention (peak U.S. troops, duration, the
highest level of U.S. hostility) are kept under their own names and enter only the named post-hoc variants
(``POST_HOC_TERMS``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalitionlab.interventions.build import CoalitionData
from coalitionlab.interventions.candidates import crisis_state, major_power
from coalitionlab.panels.add.capabilities import add_nmc
from coalitionlab.panels.add.geography import add_capital_distance
from coalitionlab.panels.add.troops import add_us_troops
from coalitionlab.panels.add.un import add_un_idealpoints

US = 2
SUCCESS_ORDER = ["failed", "partial", "achieved"]
SUCCESS_BINARY = {"achieved": 1, "partial": 0, "failed": 0}
# realized during the intervention: only in variants named post_hoc
POST_HOC_TERMS = ["log_troops", "log_duration", "use_of_force"]


def intervention_frame(data: CoalitionData) -> pd.DataFrame:
    """Q1/Q3 frame. Columns (besides the interventions table's):

    Measured at or before the start: regime_objective = MIP objective to remove or build a foreign regime
    (remove_regime_objective: to remove one only); idealpoint_distance_target = |U.S. - crisis state| UN ideal
    points in ref_year; protect_own = MIP objective to protect U.S. forces, citizens or diplomatic interests
    (immediate threat); target_major = the crisis state is a COW major power; log_troops_in_target = log(1 +
    U.S. troops in the crisis state in ref_year); log_capdist = log capital distance U.S.-crisis state (km);
    log_target_cinc = log of the crisis state's COW CINC in ref_year (its capability: the operational demand to
    expect; NMC 7.0 covers 1816-2022); post_cold_war (1990-2000) and post_911 (2001-) era dummies.

    Realized (post-hoc variants only): log_troops = log(1 + max U.S. troops); ground_troops = max troops > 0;
    log_duration = log(1 + days); use_of_force = U.S. hostility level 4 or 5.

    Outcomes: success_bin from ``success_objective`` (success against the stated U.S. objective; achieved = 1,
    partial or failed = 0, unclear = NA), success_ord (failed < partial < achieved) and success_mid_bin, the
    same from MIP's MID-outcome rule (``success``, a variant).

    For coalitions: log_size, shared_threat_share (share of partners with a MID or rivalry with the crisis
    state before the start), partner_experience (mean number of earlier U.S. coalitions the partners joined).
    """
    iv = data.interventions.copy()
    iv["crisis_ccode"] = crisis_state(iv)
    iv["ref_year"] = iv["start_year"].astype(int) - 1
    iv["log_troops"] = np.log1p(iv["max_troops"])
    iv["ground_troops"] = (iv["max_troops"] > 0).astype("Int8").where(iv["max_troops"].notna())
    iv["log_duration"] = np.log1p(iv["duration_days"])
    iv["use_of_force"] = (iv["us_hihost"] >= 4).astype(int)
    iv["regime_objective"] = ((iv["obj_foreignreg"] > 0) | (iv["obj_buildreg"] > 0)).astype(int)
    iv["remove_regime_objective"] = (iv["obj_foreignreg"] > 0).astype(int)
    iv["protect_own"] = (iv["obj_protown"] > 0).astype(int)
    dyad = pd.DataFrame({"ccode1": US, "ccode2": iv["crisis_ccode"].to_numpy(), "year": iv["ref_year"].to_numpy()})
    un = add_un_idealpoints(dyad)
    iv["idealpoint_distance_target"] = un["idealpoint_distance"].to_numpy()
    iv["log_capdist"] = np.log1p(add_capital_distance(dyad)["capdist"].to_numpy())
    cap = add_nmc(pd.DataFrame({"ccode": iv["crisis_ccode"].to_numpy(), "year": iv["ref_year"].to_numpy()}))
    cinc = cap["cinc"].astype("float64").to_numpy()
    iv["log_target_cinc"] = np.log(np.where(cinc > 0, cinc, np.nan))
    troops = add_us_troops(pd.DataFrame({"ccode": iv["crisis_ccode"].to_numpy(), "year": iv["ref_year"].to_numpy()}))
    iv["log_troops_in_target"] = np.log1p(troops["troops"].astype("float64").to_numpy())
    iv["target_major"] = major_power(iv["crisis_ccode"], iv["ref_year"])
    iv["post_cold_war"] = iv["start_year"].between(1990, 2000).astype(int)
    iv["post_911"] = (iv["start_year"] >= 2001).astype(int)
    iv["success_bin"] = iv["success_objective"].map(SUCCESS_BINARY).astype("float64")
    iv["success_mid_bin"] = iv["success"].map(SUCCESS_BINARY).astype("float64")
    iv["success_ord"] = pd.Categorical(iv["success_objective"].where(iv["success_objective"].isin(SUCCESS_ORDER)),
                                       categories=SUCCESS_ORDER, ordered=True)
    joined = data.candidates[data.candidates["joined"] == 1]
    coal = joined.groupby("intervention_id").agg(shared_threat_share=("shared_threat", "mean"),
                                                 partner_experience=("prior_coalitions", "mean"))
    iv = iv.merge(coal, left_on="intervention_id", right_index=True, how="left")
    iv["log_size"] = np.log(iv["coalition_size"].where(iv["coalition_size"] > 0))
    return iv


def joining_frame(data: CoalitionData, coalitions_only: bool = True, basing: bool = False) -> pd.DataFrame:
    """Q2 frame: the candidates table (coalition interventions only by default), with log_us_troops =
    log(1 + U.S. troops hosted), log_mindist_target = log(1 + minimum distance to the crisis state, km),
    log_igos_with_us = log(1 + joint IGO memberships with the U.S.); middle_power_rank20 / _rank40 (a non-major
    with a top-20 / top-40 CINC among the candidates) and shared_threat_mid (a MID with the crisis state in the
    window, no rivalry), alternative measures for the variants. With ``basing``, coalitions and joining
    count basing-only partners too (``coalition_basing``, ``joined_basing``)."""
    c = data.candidates
    if coalitions_only:
        flag = "coalition_basing" if basing else "coalition"
        coal = set(data.interventions.loc[data.interventions[flag] == 1, "intervention_id"])
        c = c[c["intervention_id"].isin(coal)]
    c = c.copy()
    c["log_us_troops"] = np.log1p(c["us_troops"].astype("float64"))
    c["log_mindist_target"] = np.log1p(c["mindist_target"].astype("float64"))
    c["log_igos_with_us"] = np.log1p(c["igos_with_us"].astype("float64"))
    # other thresholds of a middle power (non-major with a top-k CINC among the candidates) and of a shared threat
    rank = c.groupby("intervention_id")["cinc"].rank(ascending=False, method="min")
    for k in (20, 40):
        c[f"middle_power_rank{k}"] = ((c["major_power"] == 0) & (rank <= k)).astype("float64").where(c["cinc"].notna())
    c["shared_threat_mid"] = (c["mids_with_target_10y"] > 0).astype("float64")
    for col in c.columns:
        if isinstance(c[col].dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_numeric_dtype(c[col]):
            c[col] = c[col].astype("float64")
    return c.reset_index(drop=True)
