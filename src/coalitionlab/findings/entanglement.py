"""The findings of RAND RR-A739-3 (E1-E7) as claims checked against our data, in the scorecard's shape.

Each finding is a :class:`coalitionlab.findings.scorecard.Finding` with :class:`~coalitionlab.findings.scorecard.Part`
tests (``question`` names the entanglement test, ``variant`` its model, ``term`` and the claimed ``direction``),
and gets the scorecard's fields: id, claim, implication, estimate, ci_low, ci_high, n, model, verdict, proxy,
parts; plus ``cases``, the case-library records that bear on it. The estimate is the average marginal effect on the
probability (delta-method 95% interval, ``coalitionlab.models.inference``) and the verdict comes from the
scorecard's own :func:`~coalitionlab.findings.scorecard.verdict` rule; findings tested by several parts combine by
its :func:`~coalitionlab.findings.scorecard.combine`. A finding only cases can bear (E1-E3, E7) is ``not testable``
with its case records listed; no number is made up for it.

Tests:

* ``initiation`` (variant ``benson``): the MID-initiation models of :mod:`coalitionlab.entanglement.behaviour`;
* ``episodes``: logit of ``joined_later`` (the U.S. joined a partner's dispute later, on its side) on
  ``partner_initiated`` over the partner-disputes of :mod:`coalitionlab.entanglement.episodes`, clustered on the
  dispute;
* ``design``: logit of a conditional defense pledge (ATOP 4.01 ``defcon``) on ``us_pledge`` (the pledge is the
  U.S.'s) over all defense pledges of pacts entered 1946-2016, clustered on the pact; variant ``us_partners``:
  over U.S. defense pledges only, on ``rivalry_at_entry`` (the partner was in a strategic rivalry, Thompson,
  Sakuwa and Suhas 2021, in the year the pledge began), clustered on the pact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from coalitionlab.catalog import load
from coalitionlab.display import Summary
from coalitionlab.entanglement._common import US, records
from coalitionlab.entanglement.behaviour import InitiationReport, fit_initiation_models
from coalitionlab.entanglement.cases import Case, load_cases
from coalitionlab.entanglement.commitments import us_pact_terms
from coalitionlab.entanglement.episodes import EpisodesResult, entanglement_episodes
from coalitionlab.errors import BadInputError
from coalitionlab.findings.scorecard import Finding, Part, combine, verdict
from coalitionlab.models.inference import FitResult, average_marginal_effects, fit_logit

FINDINGS: tuple[Finding, ...] = (
    Finding("E1", "Entanglement dynamics contributed to, but were not the only cause of, U.S. involvement in the wars "
            "in Korea, Vietnam and Libya and in two conflicts short of war in the Taiwan Strait.",
            "Only case evidence can bear on a contributing cause: not testable on the data.", (),
            "Case library entries tagged E1."),
    Finding("E2", "In those cases the dynamics were a U.S. wish to keep its reputation for keeping commitments, or a "
            "willingness to take on allies' interests as its own.",
            "A claim about decision-makers' motives: not testable on the data.", (),
            "Case library entries tagged E2, with their coded mechanisms."),
    Finding("E3", "More research is needed on how prevalent and how consequential these dynamics are in U.S. "
            "decisions.", "A research agenda, not a claim about the world: not testable.", (),
            "The contested cases (entangled: partial) of the case library."),
    Finding("E4", "Scholars have found no case of U.S. entrapment in war.",
            "Allies rarely drag the U.S. into disputes they started: the U.S. joins a partner's MID later on its "
            "side less often when the partner initiated it (side A) than when the partner was targeted.",
            (Part("episodes", None, "partner_initiated", -1),),
            "Entrapment proxy = the U.S. joining later (GML MID 2.2.1, 1946-2010) a dispute its ally or partner "
            "originated on side A; war itself is too rare to test."),
    Finding("E5", "The U.S. has allied with states it saw as entrapment risks but limited the risk with conditional "
            "terms.",
            "U.S. defense pledges are more often conditional than other states' pledges, and more so for partners "
            "in an active strategic rivalry.",
            (Part("design", None, "us_pledge", +1), Part("design", "us_partners", "rivalry_at_entry", +1)),
            "Conditional = ATOP 4.01 defcon (pacts entered 1946-2016); entrapment risk = a strategic rivalry (TSS "
            "2021) of the partner when the pledge began. Benson's probabilistic class is not in ATOP."),
    Finding("E6", "Worldwide, states in conditional alliances have generally been less likely to initiate conflict; "
            "U.S. alliances could still lead individual states into risky policies.",
            "Directed dyad-years 1946-2010: a conditional deterrent (defense) pledge to the challenger lowers "
            "P(MID initiation).", (Part("initiation", "benson", "chal_cond_deter", -1),),
            "Benson 2011 design on ATOP defcon; the U.S.-pledge term of the 'us' model is shown beside it."),
    Finding("E7", "The U.S. has tried to restrain allies and partners from starting conflicts with military and "
            "economic aid, with successes and failures.",
            "Restraint episodes are in the historical record, not in the data sets: not testable.", (),
            "Case library entries tagged E7."),
)
CASE_FINDINGS = {"E1", "E2", "E3", "E7"}


@dataclass
class _Fit:
    result: FitResult
    frame: pd.DataFrame
    title: str


def _episode_fit(ep: EpisodesResult) -> _Fit:
    t = ep.table
    res = fit_logit(t, "joined_later", ["partner_initiated"], cluster="dispnum")
    return _Fit(res, t, "U.S. joined later ~ partner initiated (partner-disputes, clustered on the dispute)")


def design_frame() -> pd.DataFrame:
    """Defense pledges of ATOP 4.01 pacts entered 1946-2016: one row per pact, phase and member that pledges
    defense, with ``conditional`` (defcon), ``us_pledge`` and ``atopid``."""
    m = load("atop_member")
    m = m[(m["defense"] == 1) & (m["yrent"] >= 1946)]
    return pd.DataFrame({"atopid": m["atopid"].astype(int).to_numpy(), "member": m["member"].astype(int).to_numpy(),
                         "conditional": m["defcon"].astype(int).to_numpy(),
                         "us_pledge": (m["member"] == US).astype(int).to_numpy()})


def us_partner_frame() -> pd.DataFrame:
    """U.S. defense pledges to each partner (first spell per pact and partner), entered 1946-2016, with
    ``conditional`` (U.S. defcon) and ``rivalry_at_entry`` (TSS 2021 rivalry of the partner in the start year)."""
    t = us_pact_terms()
    t = t[(t["us_defense"] == 1) & (t["start_year"] >= 1946)].sort_values(["atopid", "ccode", "start_year"])
    t = t.drop_duplicates(["atopid", "ccode"])
    r = load("tss_rivalries")[["ccode1", "ccode2", "start", "end"]].dropna().astype(int)
    both = pd.concat([r.rename(columns={"ccode1": "c"})[["c", "start", "end"]],
                      r.rename(columns={"ccode2": "c"})[["c", "start", "end"]]])
    hit = t[["ccode", "start_year"]].reset_index().merge(both, left_on="ccode", right_on="c")
    hit = hit[(hit["start"] <= hit["start_year"]) & (hit["end"] >= hit["start_year"])]
    t = t.assign(rivalry_at_entry=t.index.isin(hit["index"]).astype(int),
                 conditional=t["us_defense_conditional"].astype(int))
    return t[["atopid", "ccode", "start_year", "conditional", "rivalry_at_entry"]].reset_index(drop=True)


def _design_fits() -> dict[str | None, _Fit]:
    d = design_frame()
    u = us_partner_frame()
    return {None: _Fit(fit_logit(d, "conditional", ["us_pledge"], cluster="atopid"), d,
                       "conditional defense pledge ~ U.S. pledge (all pacts 1946-2016, clustered on the pact)"),
            "us_partners": _Fit(fit_logit(u, "conditional", ["rivalry_at_entry"], cluster="atopid"), u,
                                "U.S. pledge conditional ~ partner rivalry at entry (clustered on the pact)")}


def _nan_part(n: int | None, model: str) -> dict:
    return {"estimate": float("nan"), "ci_low": float("nan"), "ci_high": float("nan"), "n": n, "model": model}


def _estimate(fit: _Fit, term: str) -> dict:
    res = fit.result
    ame = average_marginal_effects(res, fit.frame, [term]).set_index("term").loc[term]
    return {"estimate": float(ame["ame"]), "ci_low": float(ame["ci_low"]), "ci_high": float(ame["ci_high"]),
            "n": res.n, "n_clusters": res.n_clusters, "coef": float(res.params[term]),
            "model": f"{fit.title}; {res.method}, AME on P"}


@dataclass
class EntanglementFindings:
    """E1-E7: the scorecard rows (a DataFrame with the scorecard's columns plus ``cases``) and the inputs."""

    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def summary(self) -> Summary:
        out = Summary("RAND RR-A739-3 findings (E1-E7) checked against the data")
        rows = []
        for r in self.table.itertuples():
            rows.append({"id": r.id, "verdict": r.verdict, "implication tested": r.implication,
                         "estimate (AME)": r.estimate, "95% low": r.ci_low, "95% high": r.ci_high, "N": r.n})
        out.add_table(pd.DataFrame(rows), "Findings", digits=4)
        for r in self.table.itertuples():
            if not r.parts and not r.cases:
                continue
            sec = Summary(f"{r.id}: {r.verdict}")
            for p in r.parts:
                if not math.isnan(p["estimate"]):
                    sec.add_fact(f"{p['term']} (claimed {p['direction']:+d})",
                                 f"AME {p['estimate']:+.4f} [{p['ci_low']:+.4f}, {p['ci_high']:+.4f}], N {p['n']:,}: "
                                 f"{p['verdict']}")
                if p.get("detail"):
                    sec.add_notes([p["detail"]])
            if r.cases:
                sec.add_table(pd.DataFrame([{k: c[k] for k in ("id", "name", "years", "outcome", "entangled")}
                                            for c in r.cases]), "Case records")
            out.sections.append(sec)
        return out.add_notes(self.notes)

    def to_dict(self) -> dict:
        return {"findings": records(self.table), "notes": list(self.notes)}


def entanglement_findings(initiation: InitiationReport | None = None, episodes: EpisodesResult | None = None,
                          cases: list[Case] | None = None) -> EntanglementFindings:
    """Score E1-E7. Pass a fitted :class:`InitiationReport` (with its ``frame``) to skip refitting (~30 s CPU)."""
    cases = load_cases() if cases is None else cases
    episodes = entanglement_episodes() if episodes is None else episodes
    if initiation is None:
        initiation = fit_initiation_models(designs=("benson", "us"))
    if initiation.frame is None or "benson" not in initiation.models:
        raise BadInputError("entanglement_findings() needs an InitiationReport with the 'benson' model and its frame.")
    fits: dict[tuple[str, str | None], _Fit] = {("episodes", None): _episode_fit(episodes)}
    for variant, f in _design_fits().items():
        fits[("design", variant)] = f
    for key, m in initiation.models.items():
        used = initiation.frame.dropna(subset=["init", *m.result.terms])
        fits[("initiation", key)] = _Fit(m.result, used, f"{m.title} (directed dyad-years "
                                                         f"{initiation.years[0]}-{initiation.years[1]})")
    rows = []
    for f in FINDINGS:
        parts = []
        for p in f.parts:
            fit = fits.get((p.question, p.variant))
            est = _nan_part(None, p.question) if fit is None or p.term not in fit.result.terms \
                else _estimate(fit, p.term)
            est.update(term=p.term, direction=p.direction,
                       verdict=verdict(p.direction, est["ci_low"], est["ci_high"]))
            if p.question == "initiation" and fit is not None:
                e = initiation.models[p.variant].effects.set_index("term").loc[p.term]
                est["detail"] = (f"{p.term}: P(initiation) {e['pct']:+.0f}% [{e['pct_ci_low']:+.0f}%, "
                                 f"{e['pct_ci_high']:+.0f}%] (Benson 2011, 1816-2000: conditional deterrent "
                                 "-18% on third-party attack; conditional compellent no relationship)")
                if "us" in initiation.models:
                    u = initiation.models["us"].effects.set_index("term").loc["chal_us_defense"]
                    est["detail"] += (f"; U.S. defense pledge to the challenger {u['pct']:+.0f}% "
                                      f"[{u['pct_ci_low']:+.0f}%, {u['pct_ci_high']:+.0f}%]")
            if p.question == "episodes":
                r = episodes.rates("partner_initiated").set_index("partner_initiated")
                est["detail"] = (f"U.S. joined later: {int(r.loc[1, 'joined_later'])} of {int(r.loc[1, 'n'])} "
                                 f"partner-initiated vs {int(r.loc[0, 'joined_later'])} of {int(r.loc[0, 'n'])} "
                                 f"partner-targeted disputes; partner-initiated episodes (MIDs): "
                                 f"{', '.join(map(str, r.loc[1, 'episode_dispnums']))}")
            if p.question == "design":
                fr = fits[("design", p.variant)].frame
                g = fr.groupby(p.term)["conditional"].agg(["sum", "size"])
                est["detail"] = "; ".join(f"{p.term}={k}: {int(v['sum'])} of {int(v['size'])} conditional"
                                          for k, v in g.iterrows())
            parts.append(est)
        if f.id in CASE_FINDINGS:
            tagged = [c for c in cases if (c.entangled == "partial" if f.id == "E3" else f.id in c.findings)]
        else:
            tagged = [c for c in cases if f.id in c.findings]
        case_rows = [{"id": c.id, "name": c.name, "years": f"{c.start}-{c.end}", "outcome": c.outcome,
                      "entangled": c.entangled, "mechanisms": list(c.mechanisms), "mechanism_basis": c.mechanism_basis,
                      "citations": [s["citation"] for s in c.sources]} for c in tagged]
        first = parts[0] if parts else _nan_part(None, "case library")
        rows.append({"id": f.id, "claim": f.claim, "implication": f.implication, "estimate": first["estimate"],
                     "ci_low": first["ci_low"], "ci_high": first["ci_high"], "n": first["n"], "model": first["model"],
                     "verdict": combine([p["verdict"] for p in parts]) if parts else "not testable",
                     "proxy": f.proxy, "parts": parts, "cases": case_rows})
    notes = ["Verdicts use the scorecard's rule on 95% intervals of average marginal effects on the probability.",
             "E1-E3 and E7 can be borne only by cases: 'not testable', with the case records that bear on them.",
             "The design tests have few clusters (pacts); read their intervals with care."]
    table = pd.DataFrame(rows)
    table["n"] = table["n"].astype("Int64")
    return EntanglementFindings(table, notes)
