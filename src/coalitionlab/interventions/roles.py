"""Roles of the states an intervention names: adversary targets, hosts, and hosts that became partners.

MIP's ``State B`` is the state in or against which the U.S. acted: usually the adversary, sometimes the host
(Desert Shield lists Saudi Arabia; relief missions list the country helped). MIP's own ``StateB primary
target?`` flag marks the ``State B code`` state as primary target (1) or not (0). Rule:

* a named state with evidence of fighting on the U.S. side (a partner) is a partner, not a target;
* the ``State B code`` state is a host when MIP flags it as not the primary target;
* every other named state is an adversary target.
"""

from __future__ import annotations

import pandas as pd


def assign_roles(interventions: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Add ``adversaries``, ``hosts`` and ``host_partners`` (lists of COW codes) to the interventions."""
    by_iv = partners.groupby("intervention_id")["ccode"].apply(set).to_dict()
    adversaries, hosts, host_partners = [], [], []
    for r in interventions.itertuples():
        p = by_iv.get(r.intervention_id, set())
        host = set()
        if pd.notna(r.primary_is_target) and int(r.primary_is_target) == 0 and pd.notna(r.primary_ccode):
            host = {int(r.primary_ccode)}
        named = list(r.targets)
        hosts.append(sorted(host - p))
        host_partners.append(sorted((host | set(named)) & p))
        adversaries.append([c for c in named if c not in host and c not in p])
    out = interventions.copy()
    out["adversaries"] = adversaries
    out["hosts"] = hosts
    out["host_partners"] = host_partners
    return out
