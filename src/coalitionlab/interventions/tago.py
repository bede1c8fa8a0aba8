"""Independent check against Tago (2005): 288 U.S. uses of force 1948-98 coded coalitional or not.

Tago's cases carry no MIP or MID identifiers. They are matched to our interventions by a hand-checked
crosswalk, ``curated/tago_crosswalk.yaml``: one item per Tago case with the MIP intervention that is the same
episode (same conflict or crisis, place or adversary, and overlapping dates), or null when MIP has no
intervention for it, each with a note saying why. Several Tago episodes may belong to one MIP intervention (the
Taiwan Strait deployments of 1951-54, the Iraq no-fly-zone operations); Tago's flags then count for the
intervention when any of its episodes has them. Disagreements are reported with an explanation, never
overwritten.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coalitionlab.catalog import load
from coalitionlab.interventions.curated import CURATED_DIR, CuratedFactError, _items_with_lines

CROSSWALK = CURATED_DIR / "tago_crosswalk.yaml"


def load_tago_crosswalk(interventions: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """The hand-checked crosswalk: tago_row, intervention_id (NA when MIP has no such intervention), note."""
    path = Path(path or CROSSWALK)
    n_tago = len(load("tago2005"))
    known = set(interventions["intervention_id"])
    rows, seen = [], set()
    for line, item in _items_with_lines(path):
        try:
            row = int(item.get("tago_row"))
        except (TypeError, ValueError) as exc:
            raise CuratedFactError(f"{path}:{line}: tago_row '{item.get('tago_row')}' is not a row number.") from exc
        if not 0 <= row < n_tago or row in seen:
            raise CuratedFactError(f"{path}:{line}: tago_row {row} is outside 0-{n_tago - 1} or given twice.")
        seen.add(row)
        iid = item.get("intervention_id")
        if iid not in (None, "") and iid not in known:
            raise CuratedFactError(f"{path}:{line}: intervention_id '{iid}' does not exist.")
        if not str(item.get("note") or "").strip():
            raise CuratedFactError(f"{path}:{line}: Tago case {row} has no note saying why it matches (or not).")
        rows.append({"tago_row": row, "intervention_id": iid or None, "match_note": str(item["note"]).strip()})
    return pd.DataFrame(rows, columns=["tago_row", "intervention_id", "match_note"])


def match_tago(interventions: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """Tago's 288 cases with the intervention each one is (or NA) and the crosswalk's note."""
    tago = load("tago2005").reset_index(names="tago_row")
    walk = load_tago_crosswalk(interventions, path)
    out = tago.merge(walk, on="tago_row", how="left")
    return out[["tago_row", "start_year", "conflict", "operation", "coalitional_use_of_force",
                "igo_authorized_use_of_force", "intervention_id", "match_note"]]


def tago_by_intervention(matches: pd.DataFrame) -> pd.DataFrame:
    """One row per matched intervention: Tago's flags (1 when any of its episodes has them) and the cases."""
    m = matches.dropna(subset=["intervention_id"])
    return m.groupby("intervention_id").agg(
        coalitional_use_of_force=("coalitional_use_of_force", "max"),
        igo_authorized_use_of_force=("igo_authorized_use_of_force", "max"),
        tago_rows=("tago_row", lambda s: ", ".join(str(int(x) + 1) for x in s)),
        n_tago=("tago_row", "size"),
        conflict=("conflict", "first"), operation=("operation", "first"))


def tago_agreement(matches: pd.DataFrame, interventions: pd.DataFrame) -> dict:
    """Agreement of our ``coalition`` flag with Tago's, by matched intervention, and the disagreements."""
    by = tago_by_intervention(matches).reset_index()
    m = by.merge(interventions[["intervention_id", "name", "start_year", "coalition", "coalition_size",
                                "coalition_basing"]], on="intervention_id")
    agree = m["coalition"] == m["coalitional_use_of_force"]
    table = pd.crosstab(m["coalitional_use_of_force"].rename("tago"), m["coalition"].rename("ours"))
    return {
        "n_tago": len(matches), "n_cases_matched": int(matches["intervention_id"].notna().sum()),
        "n_matched": len(m), "agreement": float(agree.mean()) if len(m) else float("nan"),
        "crosstab": table, "disagreements": m[~agree].reset_index(drop=True),
    }


def _explain(row, partners: pd.DataFrame, names: dict[int, str]) -> str:
    """Why our flag differs from Tago's, from what the data set holds for that intervention."""
    p = partners[partners["intervention_id"] == row.intervention_id]
    forces = p[p["role"].isin(["combat", "support"])]
    listing = "; ".join(f"{names.get(int(r.ccode), r.ccode)} ({r.role}, {r.sources})" for r in forces.itertuples())
    if row.coalitional_use_of_force == 1:
        basing = p[p["role"] == "basing"]
        why = "Tago codes the use of force coalitional; we found no state with forces beside the U.S."
        if len(basing):
            why += " Basing only: " + ", ".join(names.get(int(c), str(c)) for c in basing["ccode"]) + "."
        return why + " Tago counts U.S. participation in UN or multinational missions that MIP's episode may not cover."
    return ("Tago codes a unilateral use of force; our roster has " + listing + ". Tago's episode may be only "
            "the U.S. deployment within the wider crisis MIP codes.")


def tago_check_markdown(check: dict, partners: pd.DataFrame | None = None) -> str:
    """The Tago check as Markdown (docs/tago_check.md)."""
    from coalitionlab.catalog.countries import country_table

    table = country_table()
    names = dict(zip(table["ccode"], table["name"], strict=True))
    lines = ["# Independent check: our coalition flag against Tago (2005)", "",
             "Tago (2005, *Journal of Peace Research* 42(5)) coded 288 U.S. uses of force, 1948-98, as coalitional "
             "or not. Each Tago case is matched by hand to the MIP intervention that is the same episode, or to none "
             "(`src/coalitionlab/interventions/curated/tago_crosswalk.yaml`, each with a note); several Tago "
             "episodes can belong to one MIP intervention, whose Tago flag is then 1 when any episode is "
             "coalitional.", "",
             f"- Tago cases: {check['n_tago']}; matched to a MIP intervention: {check['n_cases_matched']}, "
             f"covering {check['n_matched']} interventions",
             f"- Agreement of `coalition` (partners with forces) with Tago's `coalitional_use_of_force` on those "
             f"interventions: {check['agreement']:.1%}", "", "Cross-tabulation (rows Tago, columns ours):", "",
             "| tago \\ ours | 0 | 1 |", "|---|---|---|"]
    ct = check["crosstab"]
    for t in ct.index:
        lines.append(f"| {t} | " + " | ".join(str(int(ct.loc[t].get(o, 0))) for o in (0, 1)) + " |")
    lines += ["", "Each disagreement, with what our data set holds:", "",
              "| intervention | name | Tago cases | Tago | ours | why |", "|---|---|---|---|---|---|"]
    for r in check["disagreements"].itertuples():
        why = _explain(r, partners, names) if partners is not None else ""
        lines.append(f"| {r.intervention_id} | {r.name} ({r.start_year}) | {r.tago_rows} | "
                     f"{r.coalitional_use_of_force} | {r.coalition} | {why} |")
    return "\n".join(lines) + "\n"
