"""The sections of the HTML report, each built from results that the main job computed (their summaries and
``to_dict()`` records). A result that is missing (work not landed, or it failed) gives a section that says so."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from coalitionlab.display import Summary
from coalitionlab.report import figures as fg
from coalitionlab.report.html import Section

TOP = 20  # partners shown in a forecast's interval plot


@cache
def _iso3() -> dict[int, str]:
    from coalitionlab.catalog.countries import country_table

    t = country_table()
    return {int(c): str(i) for c, i in zip(t["ccode"], t["iso3"], strict=True) if isinstance(i, str) and i}


def _guard(sid: str, title: str, needs: list[str], results: dict[str, Any],
           build: Callable[[], Section]) -> Section:
    """The section, or one that says which result is missing and why."""
    errors = results.get("_errors", {})
    absent = [k for k in needs if results.get(k) is None]
    if absent:
        why = "; ".join(f"{k}: {errors.get(k, 'not computed')}" for k in absent)
        return Section(sid, title, missing=why)
    return build()


# --------------------------------------------------------------------------------------------------- sections

def data_section(results: dict[str, Any]) -> Section:
    def build() -> Section:
        data = results["data"]
        iv = data.interventions.sort_values(["start_year", "intervention_id"])
        years = {"coalition": [int(y) for y in iv.loc[iv["coalition"] == 1, "start_year"]],
                 "no coalition": [int(y) for y in iv.loc[iv["coalition"] != 1, "start_year"]]}
        dec = data.by_decade()
        top = data.top_partners(20)
        items = {"coalition": [], "no coalition": []}
        for i, r in enumerate(iv.itertuples()):
            end = r.end_year if r.end_year == r.end_year else r.start_year
            items["coalition" if r.coalition == 1 else "no coalition"].append(
                {"start": int(r.start_year), "end": int(end), "y": i,
                 "name": f"{r.intervention_id} {r.name} ({int(r.start_year)}-{int(end)})"})
        figs = [
            fg.histogram("interventions_per_year", "U.S. interventions per start year", years, "start year",
                         "interventions", caption="Stacked: interventions with a coalition (a partner with forces) "
                         "and without."),
            fg.bars("coalitions_by_decade", "Interventions and coalitions by decade",
                    [str(d) for d in dec["decade"]],
                    {"coalitions": list(dec["coalitions"]),
                     "no coalition": [int(a - b) for a, b in zip(dec["interventions"], dec["coalitions"],
                                                                  strict=True)]},
                    "decade", "interventions", stack=True,
                    caption="From CoalitionData.by_decade(); the share per decade is in the table below."),
            fg.timeline("timeline", "Timeline of U.S. interventions (hover for names)", items,
                        caption="Each line runs from the start to the end year of one intervention."),
            fg.bars("top_partners", "States that joined the most U.S. coalitions (with forces)",
                    list(top["state"]), {"coalitions joined": list(top["coalitions_joined"])},
                    "coalitions joined", horizontal=True, caption="From CoalitionData.top_partners(20)."),
        ]
        summaries = [data.summary()]
        summaries += [results[k] for k in ("sources", "citations") if results.get(k) is not None]
        return Section("data", "The data", "The RAND-style U.S. coalition intervention data set rebuilt from "
                       "public sources, and the sources it rests on with their citations.", figs, summaries)
    return _guard("data", "The data", ["data"], results, build)


def scorecard_section(results: dict[str, Any]) -> Section:
    def build() -> Section:
        card = results["card"]
        rows = []
        for r in card.to_dict()["findings"]:
            for i, p in enumerate(r["parts"]):
                if p.get("estimate") is None or p.get("ci_low") is None:
                    continue
                rows.append({"label": f"{r['id']}.{i + 1} {p['term']}", "estimate": p["estimate"],
                             "low": p["ci_low"], "high": p["ci_high"], "verdict": p["verdict"]})
        figs = [fg.intervals("scorecard_f", "RAND RR-A859-1 findings: each part's AME with its 95% interval",
                             rows, "average marginal effect on P", "verdict", fg.VERDICT_COLOURS,
                             caption="Colour: the part's verdict. The whole finding's verdict is in the table.")]
        summaries = [card.summary()]
        ent = card.to_dict().get("entanglement")
        if ent is not None:
            erows = [{"label": r["id"], "estimate": r["estimate"], "low": r["ci_low"], "high": r["ci_high"],
                      "verdict": r["verdict"]}
                     for r in ent["findings"] if r.get("estimate") is not None and r.get("ci_low") is not None]
            if erows:
                figs.append(fg.intervals("scorecard_e", "RAND RR-A739-3 findings E1-E7: estimates with 95% "
                                         "intervals", erows, "estimate", "verdict", fg.VERDICT_COLOURS,
                                         caption="Findings judged on a model (AME on P; the model of each is in "
                                         "the table); case-only findings are in the table."))
        else:
            summaries.append(Summary("E1-E7 (entanglement findings)", notes=[
                "Not in this report: " + results.get("_errors", {}).get("efindings", "not computed")]))
        return Section("scorecard", "Scorecard of the findings", "Each finding of the two RAND studies as a "
                       "testable claim and its verdict on our data.", figs, summaries)
    return _guard("scorecard", "Scorecard of the findings", ["card"], results, build)


def models_section(results: dict[str, Any]) -> Section:
    def build() -> Section:
        figs, summaries = [], []
        for key, q in results["reports"].items():
            coefs = [c for c in q.main.to_dict()["coefficients"] if c["term"] != "const"
                     and c.get("ci_low") is not None]
            rows = [{"label": c["term"], "estimate": c["coef"], "low": c["ci_low"], "high": c["ci_high"]}
                    for c in coefs]
            figs.append(fg.intervals(f"coef_{key}", f"{key.upper()}: {q.title} (logit coefficients, 95% CI)",
                                     rows, "coefficient (log-odds)", caption=q.main.to_dict().get("method", "")))
            summaries.append(q.summary())
        init = results.get("initiation")
        if init is not None:
            for key, m in init.to_dict()["models"].items():
                rows = [{"label": e["term"], "estimate": e["pct"], "low": e["pct_ci_low"],
                         "high": e["pct_ci_high"]} for e in m["effects"] if e.get("pct") is not None]
                figs.append(fg.intervals(f"initiation_{key}", f"MID initiation, {m['title']}: % change in "
                                         "P(initiation) per alliance term", rows, "% change in P(initiation)",
                                         caption=f"N = {m['n']:,} directed dyad-years."))
            summaries.append(init.summary())
        else:
            summaries.append(Summary("MID initiation models", notes=[
                "Not in this report: " + results.get("_errors", {}).get("initiation", "not computed")]))
        return Section("models", "Models", "The three coalition questions (Q1 coalition use, Q2 joining, Q3 "
                       "success) and the MID-initiation models of allies' behaviour.", figs, summaries,
                       collapsed=True)
    return _guard("models", "Models", ["reports"], results, build)


def maps_section(results: dict[str, Any]) -> Section:
    def build() -> Section:
        iso = _iso3()
        figs, summaries = [], []
        top = results["data"].top_partners(400)
        top = top[top["ccode"].isin(iso)]
        figs.append(fg.world_map("map_joined", "How often each state joined U.S. coalitions (with forces)",
                                 [iso[c] for c in top["ccode"]], list(top["coalitions_joined"]),
                                 list(top["state"]), "coalitions joined", fg.SCALE_BLUE, zmin=0,
                                 caption="From CoalitionData.top_partners(); states never joined are blank."))
        com = results.get("commitments")
        if com is not None:
            d = com.to_dict()
            cats = ["partnership", "alliance, no U.S. defense pledge", "U.S. defense pledge"]
            rel = [r for r in d["relationships"] if int(r["ccode"]) in iso]
            z = [2 if r.get("us_defense") == 1 else 1 if r["relationship"] == "alliance" else 0 for r in rel]
            figs.append(fg.world_map("map_commitments", f"U.S. commitments in {d['year']} by type",
                                     [iso[int(r["ccode"])] for r in rel], z, [r["partner"] for r in rel],
                                     "commitment", fg.steps(["#fdae6b", "#9ecae1", "#08519c"]),
                                     zmin=-0.5, zmax=2.5, categories=cats,
                                     caption="From entanglement.commitments(year): ATOP pledges and security "
                                     "partnerships."))
            summaries.append(com.summary())
        else:
            summaries.append(Summary("U.S. commitments", notes=[
                "Not in this report: " + results.get("_errors", {}).get("commitments", "not computed")]))
        return Section("maps", "Maps", "Who joins U.S. coalitions, and the U.S. commitments by type.", figs,
                       summaries, collapsed=True)
    return _guard("maps", "Maps", ["data"], results, build)


def exposure_section(results: dict[str, Any]) -> Section:
    def build() -> Section:
        ex = results["exposure"]
        d = ex.to_dict()
        top = d["exposure"][:25]
        figs = [fg.bars("exposure", f"Entanglement exposure {d['year']}: the 25 highest scores",
                        [r["partner"] for r in top], {"MIDs": [r["mid_score"] for r in top],
                                                      "armed conflicts": [r["conflict_score"] for r in top],
                                                      "rivalries": [r["rivalry_score"] for r in top]},
                        "exposure score (parts)", horizontal=True, stack=True,
                        caption="Score parts as given by entanglement.exposure(year).")]
        return Section("exposure", "Entanglement exposure", "Which U.S. commitments carry the most risk of "
                       "entanglement: the partner's recent disputes, conflicts and rivalries.", figs,
                       [ex.summary()])
    return _guard("exposure", "Entanglement exposure", ["exposure"], results, build)


def backtest_section(results: dict[str, Any]) -> Section:
    def build() -> Section:
        bt = results["backtest"]
        d = bt.to_dict()
        overall = d["overall"]
        metrics = ["auc", "p_at_5", "p_at_10", "r_at_20"]
        figs = [fg.bars("backtest_overall", f"Backtest of the partner forecast ({d['n_interventions']} coalitions "
                        f"from {d['start']})", metrics,
                        {r["method"]: [r[m] for m in metrics] for r in overall}, "metric", "score",
                        caption="The forecast beside its baselines, averaged over interventions.")]
        periods = sorted({r["period"] for r in d.get("by_period", [])})
        if periods:
            auc = {m: [next((r["auc"] for r in d["by_period"] if r["period"] == p and r["method"] == m), None)
                        for p in periods] for m in [r["method"] for r in overall]}
            figs.append(fg.lines("backtest_auc", "Backtest AUC by decade of the start", periods, auc, "decade",
                                 "AUC"))
        images = []
        try:
            images.append(("backtest_calibration.svg", bt.calibration_svg(),
                           "Calibration of the forecast probabilities (BacktestResult.calibration_svg())."))
        except Exception:  # noqa: BLE001 - an optional picture
            pass
        s = Section("backtest", "Backtest of the partner forecast", "Every past U.S. coalition forecast from "
                    "models that never saw it.", figs, [bt.summary()], images=images)
        return s
    return _guard("backtest", "Backtest of the partner forecast", ["backtest"], results, build)


def forecast_section(results: dict[str, Any]) -> Section:
    def build() -> Section:
        iso = _iso3()
        figs, summaries = [], []
        for key, label in (("forecast_check", "check against history"), ("forecast_present", "present day")):
            f = results.get(key)
            if f is None:
                summaries.append(Summary(f"Forecast ({label})", notes=[
                    "Not in this report: " + results.get("_errors", {}).get(key, "not computed")]))
                continue
            d = f.to_dict()
            sc = d["scenario"]
            name = f"{', '.join(t['name'] for t in sc['targets'])} {sc['year']}"
            ps = d["partners"]
            figs.append(fg.intervals(f"{key}_partners", f"Forecast, {name} ({label}): P(join with forces)",
                                     [{"label": f"{p['rank']}. {p['name']}", "estimate": p["probability"],
                                       "low": p["low"], "high": p["high"]} for p in ps if p["rank"] <= TOP],
                                     "probability of joining", zero=None,
                                     caption=f"The {TOP} highest-ranked partners with 95% simulation intervals; "
                                     "the map shows every candidate."))
            mp = [p for p in ps if int(p["ccode"]) in iso]
            figs.append(fg.world_map(f"{key}_map", f"Forecast, {name}: ranked partners",
                                     [iso[int(p["ccode"])] for p in mp], [p["probability"] for p in mp],
                                     [f"{p['rank']}. {p['name']}" for p in mp], "P(join)", fg.SCALE_ORANGE, zmin=0,
                                     zmax=1))
            summaries.append(f.summary())
        if results.get("history") is not None:
            summaries.append(results["history"])
        return Section("forecast", "Worked forecasts", "Who would join a U.S. coalition: Iraq 1990, to check "
                       "the forecast against who joined, and a present-day scenario.", figs, summaries)
    return _guard("forecast", "Worked forecasts", [], results, build)


def audit_section(results: dict[str, Any]) -> Section:
    def build() -> Section:
        audit = results["audit"]
        d = audit.to_dict()
        rows = []
        for smp in d["samples"]:
            for r in [{"stratum": "all", **smp}, *smp["by_stratum"]]:
                if r.get("precision") is None or r.get("ci_low") is None:
                    continue
                rows.append({"label": f"{smp['label']}: {r['stratum']} ({r['correct']}/{r['rows']})",
                             "estimate": r["precision"], "low": r["ci_low"], "high": r["ci_high"],
                             "stratum": r["stratum"]})
        figs = [fg.precision_intervals(
            "audit_precision", "Sampled precision of the partner rosters by sample and stratum (Wilson 95%)", rows,
            caption="Each sample in the order drawn (the rows judged wrong were fixed before the next); 'all' is "
            "the whole sample, the strata are the evidence behind the row. From partner_audit().to_dict().")]
        return Section("audit", "Data audit", "Sampled precision of the partner rosters: random samples of "
                       "partner rows, each judged against documented history by a reviewer, and what became of the "
                       "judged rows in the current data set.", figs, [audit.summary()])
    return _guard("audit", "Data audit", ["audit"], results, build)


SECTIONS: list[tuple[str, Callable[[dict[str, Any]], Section]]] = [
    ("the data", data_section), ("the scorecard", scorecard_section), ("the models", models_section),
    ("the maps", maps_section), ("entanglement exposure", exposure_section), ("the backtest", backtest_section),
    ("the forecasts", forecast_section), ("the data audit", audit_section),
]
