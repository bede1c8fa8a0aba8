"""Success against the stated U.S. objective: ``success_objective`` and ``success_basis``.

MIP's ``Outcome`` uses the MID outcome categories read from the U.S. side (see ``universe.OUTCOME_LABELS``). Read
as success, those categories confound the outcome with the kind of case: a MID "stalemate" (5) means that neither
side obtained what it demanded, which for the U.S. defending a status quo (a protégé's regime, a border, its own
forces) means the status quo held, but for the U.S. trying to change something (remove a regime, make a state
change a policy) means it did not get its way. The MID-outcome reading (``success``, ``universe.SUCCESS_RULE``)
counts every stalemate as failed, and 43 of MIP's 47 stalemates are interventions MIP linked to a MID, so that
measure moves with the MID link. This module judges the outcome against the objective MIP records.

Objectives (MIP's ``obj_*`` flags, any value above 0 counts; ``ObjectiveCode`` 1-8 are the same categories and 9
is "unclear/missing", which sets no flag):

* status quo: ``buildreg`` (maintain or build a foreign regime's authority), ``territory`` ("acquire/defend
  territory": for the U.S. after 1945 this is defending a partner's territory or access to it, e.g. Berlin, the
  Taiwan Strait, Korea; retaking Kuwait in 1991 is the exception and MIP codes it a U.S. victory), ``empire``
  ("maintain empire": a sphere of influence), ``economic`` ("economic protection": shipping, fisheries, oil,
  property) and ``protown`` (protect own military and/or
  diplomatic interests: forces, citizens, embassies);
* revisionist: ``foreignreg`` (remove a foreign regime) and ``policy`` (make the target change a policy);
* social protection: ``socialprot`` (social protection and order, humanitarian intervention): it aims to change
  conditions on the ground, so a result that neither side won is a partial result, neither held nor lost.

The rule (:data:`OUTCOME_RULE`, :func:`code_success_objective`), ``success_basis`` in brackets:

* 1 victory for the U.S. or 4 yield by the target -> achieved (``rule:victory``, ``rule:target_yields``);
* 2 victory for the target or 3 yield by the U.S. -> failed (``rule:target_victory``, ``rule:us_yields``);
* 6 compromise -> partial (``rule:compromise``);
* 7 released (a seizure of U.S. people or property ended) -> achieved when protecting U.S. forces or citizens
  (``protown``) is among the objectives (the people came back), else partial (``rule:released_protown``,
  ``rule:released_other``). MIP does not say who seized whom: in a few cases the U.S. was the side that detained
  and later released (the Erbil raid of 2007, the 2003 "hood event", the 2000 tanker carrying Iraqi oil), where
  "achieved" is generous; a curated entry can correct such a case;
* 5 stalemate -> judged by the objectives: each status-quo objective was met (the status quo held), each
  revisionist objective was not, each social-protection objective was met in part, and protecting own forces
  (``protown``) was not met when U.S. forces suffered battle deaths (MIP ``BattleFatUS`` > 0: the shoot-downs of
  1946-1958, the USS Cole in 2000); achieved when every objective was met (``rule:stalemate_status_quo``), failed
  when none was (``rule:stalemate_revisionist``, or ``rule:stalemate_forces_lost`` when the only objective was
  protecting forces that were lost), else partial (``rule:stalemate_mixed``); a stalemate with no objective
  recorded is unclear (``rule:stalemate_no_objective``).
  Why a held status quo is "achieved" and not "partial": the objective as MIP states it (maintain a regime,
  defend a territory, protect forces) names the status quo itself, and a stalemate is the outcome in which the
  challenger did not change it; that is how deterrence and defence success is coded in the literature (the
  challenger is denied its aim). The stricter reading, a held status quo as partial because the dispute was not
  settled, is kept as a variant (``strict=True``) and reported in ``docs/success_check.md``;
* 0 missing or ongoing, 8 unclear, 9 joins an ongoing war -> unclear (``rule:no_outcome``).

A curated override (``curated/success/*.yaml``, each with a reason and a source of record, loaded by
:func:`coalitionlab.interventions.curated.load_curated_success`) decides the contested and major cases; its
``success_basis`` is ``curated``. The override replaces the rule's value; where they agree the citation still
documents the case.

MIP's own codebook for the 2022 release was not found among the sources we could read; the reading of ``Outcome``
as MID outcome categories is checked against COW MID 5.0 (``docs/codebook.md``, ``outcome``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from coalitionlab.interventions.curated import SUCCESS_CATEGORIES, load_curated_success, user_curated_files

STATUS_QUO = ("obj_buildreg", "obj_territory", "obj_empire", "obj_economic", "obj_protown")
REVISIONIST = ("obj_foreignreg", "obj_policy")
SOCIAL = ("obj_socialprot",)
# MIP Outcome -> (category, basis) where the objective does not matter
OUTCOME_RULE = {
    1: ("achieved", "rule:victory"), 4: ("achieved", "rule:target_yields"),
    2: ("failed", "rule:target_victory"), 3: ("failed", "rule:us_yields"),
    6: ("partial", "rule:compromise"),
    0: ("unclear", "rule:no_outcome"), 8: ("unclear", "rule:no_outcome"), 9: ("unclear", "rule:no_outcome"),
}
_ORDER = {"failed": 0, "partial": 1, "achieved": 2}


def _flags(row, cols) -> list[bool]:
    return [bool(pd.notna(row.get(c)) and row.get(c) > 0) for c in cols]


def judge_outcome(outcome, objectives: dict, us_battle_deaths=None, strict: bool = False) -> tuple[str, str]:
    """(success_objective, success_basis) for one MIP ``outcome`` code, its objective flags (``obj_*`` -> 0/1) and
    the U.S. battle deaths (MIP ``BattleFatUS``; in a stalemate, deaths mean protecting own forces failed).

    ``strict`` reads a held status quo in a stalemate as partial instead of achieved (a variant)."""
    if outcome is None or pd.isna(outcome):
        return "unclear", "rule:no_outcome"
    outcome = int(outcome)
    if outcome in OUTCOME_RULE:
        return OUTCOME_RULE[outcome]
    if outcome == 7:
        return ("achieved", "rule:released_protown") if any(_flags(objectives, ("obj_protown",))) \
            else ("partial", "rule:released_other")
    if outcome == 5:
        held = "partial" if strict else "achieved"
        lost = pd.notna(us_battle_deaths) and us_battle_deaths > 0
        status_quo = [c for c, f in zip(STATUS_QUO, _flags(objectives, STATUS_QUO), strict=True) if f]
        scores = (["failed" if (c == "obj_protown" and lost) else held for c in status_quo]
                  + ["failed"] * sum(_flags(objectives, REVISIONIST)) + ["partial"] * sum(_flags(objectives, SOCIAL)))
        if not scores:
            return "unclear", "rule:stalemate_no_objective"
        if all(s == "achieved" for s in scores):
            return "achieved", "rule:stalemate_status_quo"
        if all(s == "failed" for s in scores):
            revisionist = any(_flags(objectives, REVISIONIST))
            return "failed", "rule:stalemate_revisionist" if revisionist else "rule:stalemate_forces_lost"
        if strict and all(s == "partial" for s in scores) and not any(_flags(objectives, SOCIAL)):
            return "partial", "rule:stalemate_status_quo"
        return "partial", "rule:stalemate_mixed"
    return "unclear", "rule:no_outcome"


def code_success_objective(interventions: pd.DataFrame, curated: pd.DataFrame | None = None,
                           strict: bool = False) -> pd.DataFrame:
    """intervention_id, success_objective, success_basis for every intervention: the rule (:func:`judge_outcome`)
    on MIP's ``outcome`` and ``obj_*`` flags, then the curated overrides (``curated``: a table from
    :func:`load_curated_success`; none when None or empty)."""
    cols = [c for c in STATUS_QUO + REVISIONIST + SOCIAL if c in interventions]
    deaths = interventions["us_battle_deaths"] if "us_battle_deaths" in interventions else \
        pd.Series(np.nan, index=interventions.index)
    judged = [judge_outcome(o, dict(zip(cols, vals, strict=True)), d, strict)
              for o, d, *vals in zip(interventions["outcome"], deaths,
                                     *(interventions[c] for c in cols), strict=True)]
    out = pd.DataFrame({"intervention_id": interventions["intervention_id"].to_numpy(),
                        "success_objective": [j[0] for j in judged], "success_basis": [j[1] for j in judged]})
    if curated is not None and not curated.empty:
        cur = curated.set_index("intervention_id")["success_objective"]
        hit = out["intervention_id"].isin(cur.index)
        out.loc[hit, "success_objective"] = out.loc[hit, "intervention_id"].map(cur)
        out.loc[hit, "success_basis"] = "curated"
    out["success_objective"] = out["success_objective"].astype("string")
    out["success_basis"] = out["success_basis"].astype("string")
    return out


def add_success_objective(interventions: pd.DataFrame, curated_dir: str | Path | None = None) -> pd.DataFrame:
    """The interventions table with ``success_objective`` and ``success_basis`` (after ``success``); the
    curated overrides are the bundled ``curated/success/*.yaml``, or ``success.yaml`` / ``success/*.yaml`` in a
    user's ``curated_dir`` (none there: no overrides)."""
    curated = load_curated_success(interventions, user_curated_files(curated_dir, "success"))
    coded = code_success_objective(interventions, curated).set_index("intervention_id")
    out = interventions.drop(columns=["success_objective", "success_basis"], errors="ignore").copy()
    at = list(out.columns).index("success") + 1 if "success" in out else len(out.columns)
    for i, col in enumerate(("success_objective", "success_basis")):
        out.insert(at + i, col, out["intervention_id"].map(coded[col]).astype("string"))
    return out


def cohen_kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's kappa of two codings of the same cases (unweighted)."""
    tab = pd.crosstab(a, b)
    cats = sorted(set(tab.index) | set(tab.columns))
    tab = tab.reindex(index=cats, columns=cats, fill_value=0).to_numpy(dtype=float)
    n = tab.sum()
    po = np.trace(tab) / n
    pe = float((tab.sum(0) * tab.sum(1)).sum()) / n**2
    return float((po - pe) / (1 - pe)) if pe < 1 else float("nan")


def _p_achieved(values: pd.Series, linked: pd.Series) -> dict:
    """P(achieved) among the cases a measure codes (unclear left out; ``p_achieved_all``: among all, unclear
    counted as not achieved), with and without a MIP-linked MID."""
    out = {}
    for key, mask in (("mid_linked", linked), ("not_linked", ~linked)):
        v = values[mask & values.isin(_ORDER)]
        out[key] = {"n": int(len(v)), "p_achieved": float((v == "achieved").mean()) if len(v) else float("nan"),
                    "n_all": int(mask.sum()), "p_achieved_all": float((values[mask] == "achieved").mean())}
    out["gap"] = out["mid_linked"]["p_achieved"] - out["not_linked"]["p_achieved"]
    return out


def success_agreement(interventions: pd.DataFrame) -> dict:
    """How the objective measure (``success_objective``) and the MID-outcome measure (``success``) compare.

    Returns (strict JSON): ``n``; ``counts`` by category under each measure; ``crosstab`` (rows
    success_objective, columns success, all four categories); on the cases both code (neither unclear):
    ``n_both``, ``agreement`` (share equal) and ``kappa`` (Cohen's, three categories); ``p_achieved`` under each
    measure for interventions with and without a MIP-linked MID (``mids`` non-empty), unclear cases left out,
    and the gap (linked minus not linked); and the same for the strict variant of the rule (a held status quo in
    a stalemate read as partial), before curated overrides are applied to it, under ``p_achieved_strict_rule``.
    """
    iv = interventions
    obj, mid = iv["success_objective"].astype("string"), iv["success"].astype("string")
    cats = list(SUCCESS_CATEGORIES)
    tab = pd.crosstab(obj, mid).reindex(index=cats, columns=cats, fill_value=0)
    both = obj.isin(_ORDER) & mid.isin(_ORDER)
    linked = iv["mids"].map(lambda m: len(m) > 0 if isinstance(m, list | tuple | np.ndarray) else False)
    linked = linked.astype(bool)
    strict = code_success_objective(iv, None, strict=True)["success_objective"]
    strict.index = iv.index
    return {
        "n": int(len(iv)),
        "counts": {"success_objective": {c: int((obj == c).sum()) for c in cats},
                   "success": {c: int((mid == c).sum()) for c in cats}},
        "crosstab": {r: {c: int(tab.loc[r, c]) for c in cats} for r in cats},
        "n_both": int(both.sum()),
        "agreement": float((obj[both] == mid[both]).mean()),
        "kappa": cohen_kappa(obj[both], mid[both]),
        "p_achieved": {"success_objective": _p_achieved(obj, linked), "success": _p_achieved(mid, linked)},
        "p_achieved_strict_rule": _p_achieved(strict, linked),
        "basis": {str(k): int(v) for k, v in iv["success_basis"].value_counts().sort_index().items()},
    }


def agreement_markdown(result: dict) -> str:
    """``docs/success_check.md`` from :func:`success_agreement`."""
    cats = list(SUCCESS_CATEGORIES)
    pa = result["p_achieved"]
    lines = [
        "# Success check: the objective measure against the MID-outcome measure", "",
        "Generated by `scripts/write_success_check.py` from the built data set "
        "(`coalitionlab.interventions.success.success_agreement`).", "",
        "- `success_objective`: MIP's outcome judged against the stated U.S. objective, with curated overrides "
        "(docs/methods.md, \"Success against the stated objective\").",
        "- `success`: MIP's outcome read as the MID outcome categories (stalemate = failed).", "",
        f"Interventions: {result['n']}.", "",
        "## Counts", "", "| category | success_objective | success (MID outcome) |", "|---|---:|---:|",
        *[f"| {c} | {result['counts']['success_objective'][c]} | {result['counts']['success'][c]} |" for c in cats],
        "", "## Crosstab (rows: success_objective; columns: success)", "",
        "| | " + " | ".join(cats) + " |", "|---|" + "---:|" * len(cats),
        *[f"| {r} | " + " | ".join(str(result["crosstab"][r][c]) for c in cats) + " |" for r in cats],
        "", f"On the {result['n_both']} interventions both measures code (neither unclear): agreement "
        f"{result['agreement']:.1%}, Cohen's kappa {result['kappa']:.3f}.", "",
        "## P(achieved) with and without a MIP-linked MID", "",
        "Unclear cases left out (n: coded cases); in brackets, among all interventions with unclear counted as not "
        "achieved.", "",
        "| measure | MID-linked | not linked | gap (linked - not) |", "|---|---:|---:|---:|",
    ]
    rows = [("success_objective", pa["success_objective"]), ("success (MID outcome)", pa["success"]),
            ("rule only, strict variant (held status quo = partial)", result["p_achieved_strict_rule"])]
    for name, p in rows:
        m, o = p["mid_linked"], p["not_linked"]
        gap_all = (m["p_achieved_all"] - o["p_achieved_all"]) * 100
        lines.append(f"| {name} | {m['p_achieved']:.1%} (n={m['n']}) [{m['p_achieved_all']:.1%} of {m['n_all']}] | "
                     f"{o['p_achieved']:.1%} (n={o['n']}) [{o['p_achieved_all']:.1%} of {o['n_all']}] | "
                     f"{p['gap'] * 100:+.1f} pts [{gap_all:+.1f}] |")
    lines += ["", "## What decided success_objective", "", "| basis | interventions |", "|---|---:|",
              *[f"| {k} | {v} |" for k, v in result["basis"].items()], ""]
    return "\n".join(lines)
