"""IGO sponsorship of each intervention: UN authorization, NATO-led, regional organization.

From Tago (2005)'s ``igo_authorized_use_of_force`` where a Tago case matches the intervention, and from the
curated facts (``curated/igo_sponsorship.yaml`` and ``curated/igo/*.yaml``, each citing the resolution or
decision and its publisher of record) otherwise or in addition. Tago does not
name the IGO; the curated facts do. ``igo_sponsored`` is 1 when either source records sponsorship and 0 when
neither does ("none found": the absence of a record, not a coded fact).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coalitionlab.interventions.curated import load_curated_igo, user_curated_files
from coalitionlab.interventions.tago import tago_by_intervention


def build_igo(interventions: pd.DataFrame, tago_matches: pd.DataFrame, curated_dir: Path | None = None) -> pd.DataFrame:
    """One row per intervention: igo_sponsored, igo, igo_kind, un_authorized, nato_led, regional_org,
    igo_source, igo_citation, igo_url."""
    paths = user_curated_files(curated_dir, "igo_sponsorship", "igo")
    cur = load_curated_igo(interventions, paths).set_index("intervention_id")
    tago = tago_by_intervention(tago_matches)
    rows = []
    for iid in interventions["intervention_id"]:
        sources, igo, kind, citation, url, resolution = [], None, None, None, None, None
        if iid in cur.index:
            c = cur.loc[iid]
            sources.append("curated")
            igo, kind, citation, url, resolution = c["igo"], c["kind"], c["citation"], c["url"], c["resolution"]
        if iid in tago.index and int(tago.loc[iid, "igo_authorized_use_of_force"]) == 1:
            sources.append("tago2005")
            t = tago.loc[iid]
            citation = citation or (f"Tago 2005, case(s) {t['tago_rows']}: {t['conflict']} ({t['operation']}), "
                                    "igo_authorized_use_of_force = 1")
            kind = kind or "igo_authorized"
        rows.append({
            "intervention_id": iid, "igo_sponsored": int(bool(sources)), "igo": igo, "igo_kind": kind,
            "un_authorized": int(kind in ("un_authorized", "un_peacekeeping") or igo == "UN"),
            "nato_led": int(kind == "nato_led" or igo == "NATO"),
            "regional_org": int(kind == "regional_org"),
            "igo_resolution": resolution,
            "igo_source": ",".join(sources) or "none found", "igo_citation": citation, "igo_url": url,
        })
    return pd.DataFrame(rows)
