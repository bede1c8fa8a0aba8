"""Model frames built from the coalition intervention data set (plain DataFrames, documented columns).

* :func:`intervention_frame`: one row per intervention, for Q1 (coalition use) and Q3 (success).
* :func:`joining_frame`: one row per (coalition intervention, candidate state), for Q2 (joining).

Each covariate is measured in the year before the intervention started (``ref_year``), from the panels'
``add_*`` functions, so that the intervention cannot cause it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalitionlab.interventions.build import CoalitionData
from coalitionlab.interventions.candidates import crisis_state, major_power
from coalitionlab.panels.add.geography import add_capital_distance
from coalitionlab.panels.add.troops import add_us_troops
from coalitionlab.panels.add.un import add_un_idealpoints

US = 2
SUCCESS_ORDER = ["failed", "partial", "achieved"]


def intervention_frame(data: CoalitionData) -> pd.DataFrame:
    """Q1/Q3 frame. Columns (besides the interventions table's):

    log_troops = log(1 + max U.S. troops); ground_troops = max troops > 0; log_duration = log(1 + days);
    use_of_force = U.S. hostility level 4 or 5; regime_objective = MIP objective to remove or build a
    foreign regime; idealpoint_distance_target = |U.S. - crisis state| UN ideal points in ref_year;
    protect_own = MIP objective to protect U.S. forces, citizens or diplomatic interests (immediate threat);
    target_major = the crisis state is a COW major power; log_troops_in_target = log(1 + U.S. troops in the
    crisis state in ref_year); log_capdist = log capital distance U.S.-crisis state (km); post_cold_war
    (1990-2000) and post_911 (2001-) era dummies; success_bin (achieved = 1; partial or failed = 0; unclear
    = NA) and success_ord (failed < partial < achieved); for coalitions, log_size, shared_threat_share
    (share of partners with a MID or rivalry with the crisis state), partner_experience (mean number of
    earlier U.S. coalitions the partners joined).
    """
    iv = data.interventions.copy()
    iv["crisis_ccode"] = crisis_state(iv)
    iv["ref_year"] = iv["start_year"].astype(int) - 1
    iv["log_troops"] = np.log1p(iv["max_troops"])
    iv["ground_troops"] = (iv["max_troops"] > 0).astype("Int8").where(iv["max_troops"].notna())
    iv["log_duration"] = np.log1p(iv["duration_days"])
    iv["use_of_force"] = (iv["us_hihost"] >= 4).astype(int)
    iv["regime_objective"] = ((iv["obj_foreignreg"] > 0) | (iv["obj_buildreg"] > 0)).astype(int)
    iv["protect_own"] = (iv["obj_protown"] > 0).astype(int)
    dyad = pd.DataFrame({"ccode1": US, "ccode2": iv["crisis_ccode"].to_numpy(), "year": iv["ref_year"].to_numpy()})
    un = add_un_idealpoints(dyad)
    iv["idealpoint_distance_target"] = un["idealpoint_distance"].to_numpy()
    iv["log_capdist"] = np.log1p(add_capital_distance(dyad)["capdist"].to_numpy())
    troops = add_us_troops(pd.DataFrame({"ccode": iv["crisis_ccode"].to_numpy(), "year": iv["ref_year"].to_numpy()}))
    iv["log_troops_in_target"] = np.log1p(troops["troops"].astype("float64").to_numpy())
    iv["target_major"] = major_power(iv["crisis_ccode"], iv["ref_year"])
    iv["post_cold_war"] = iv["start_year"].between(1990, 2000).astype(int)
    iv["post_911"] = (iv["start_year"] >= 2001).astype(int)
    iv["success_bin"] = iv["success"].map({"achieved": 1, "partial": 0, "failed": 0}).astype("Float64")
    iv["success_ord"] = pd.Categorical(iv["success"].where(iv["success"].isin(SUCCESS_ORDER)),
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
    log_igos_with_us = log(1 + joint IGO memberships with the U.S.). With ``basing``, coalitions and joining
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
    for col in c.columns:
        if isinstance(c[col].dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_numeric_dtype(c[col]):
            c[col] = c[col].astype("float64")
    return c.reset_index(drop=True)
