"""forecast_partners: who would join a U.S. coalition in a crisis, how sure we are, and why.

For a :class:`~coalitionlab.forecast.scenario.Scenario` of year Y: every state that could join (the candidates
code of the data set), its probability of joining from the joining logit fitted on the coalition interventions
that started before Y, a 95% interval from 1,000 draws of the model's parameters (Clarify-style), its rank and
its reasons (the covariates whose coefficient x (value - training mean) adds most to its log-odds); the expected
coalition size (sum of the probabilities) with the interval over the draws and a predictive interval that adds
the chance of each state's decision; the probability that the U.S. acts with a coalition (Q1's terms) and the
probability of success with and without one (Q3's terms), each from a logit fitted before Y; entanglement flags
(candidates with a U.S. alliance commitment that have a rivalry or recent disputes with the target); warnings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from scipy.special import expit

from coalitionlab.catalog.countries import country_table
from coalitionlab.display import Summary, clean
from coalitionlab.errors import BadInputError
from coalitionlab.forecast.measure import scenario_frames
from coalitionlab.forecast.model import (
    JOINING,
    SUCCESS,
    THIN_COALITIONS,
    FittedModel,
    coalition_spec,
    fit_model,
    load_data,
)
from coalitionlab.forecast.scenario import Scenario
from coalitionlab.interventions.build import CoalitionData
from coalitionlab.interventions.candidates import crisis_state

N_SIMS = 1000
N_REASONS = 3
MIN_CONTRIBUTION = 0.1  # log-odds: smaller contributions are not reasons
CARRY_LABELS = {"atop": "ATOP alliances", "un": "UN ideal points", "trade": "COW trade", "troops": "U.S. troops",
                "igo": "IGO memberships", "mindist": "CShapes distance", "contiguity": "contiguity",
                "mid": "MIDs", "rivalry": "strategic rivalries", "polity2": "Polity5", "vdem": "V-Dem",
                "nmc": "NMC capabilities", "mme": "military exercises"}


@cache
def _names() -> dict[int, str]:
    t = country_table()
    return dict(zip(t["ccode"].astype(int), t["name"], strict=False))


def _reason(term: str, raw: dict, target: str) -> str | None:
    """A covariate's value of one candidate in words (None when it was not measured)."""
    v = raw.get(term)
    if v is None or pd.isna(v):
        return None
    n = int(round(float(v))) if term in ("prior_coalitions", "joins_10y", "joins_same_target") else None
    coalitions = "coalition" if n == 1 else "coalitions"
    m = raw.get("mids_with_target_10y")
    mids = 0 if m is None or pd.isna(m) else int(m)
    u = raw.get("mids_with_us_10y")
    us_mids = 0 if u is None or pd.isna(u) else int(u)
    threat = (f"rival of {target}" if raw.get("rivalry_with_target") == 1 else
              f"{mids} militarized dispute{'s' if mids != 1 else ''} with {target} in the past 10 years")
    words = {
        "us_defense_pact": "defense pact with the U.S." if v == 1 else "no defense pact with the U.S.",
        "nato_member": "NATO member" if v == 1 else "not a NATO member",
        "idealpoint_distance_us": "votes close to the U.S. at the UN" if v < 1.5 else "votes far from the U.S. at "
                                                                                      "the UN",
        "log_us_troops": (f"hosts {int(round(np.expm1(v))):,} U.S. troops" if v > 0 else "hosts no U.S. troops"),
        "same_cow_region": f"same region as {target}" if v == 1 else f"outside {target}'s region",
        "log_mindist_target": ("borders " + target if np.expm1(v) < 1 else
                               f"{np.expm1(v):,.0f} km from {target}"),
        "shared_threat": threat if v == 1 else f"no recent dispute or rivalry with {target}",
        "threat_not_rival_us": threat if v == 1 else (None if raw.get("rivalry_with_us") == 1 else
                                                       f"no recent dispute or rivalry with {target}"),
        "log_mids_with_us": (f"{us_mids} militarized dispute{'s' if us_mids != 1 else ''} with the U.S. in the past "
                             "10 years") if us_mids else "no militarized dispute with the U.S. in the past 10 years",
        "v2x_polyarchy": "democracy" if v >= 0.5 else "not a democracy",
        "cinc": "large military capability" if v >= 0.01 else "small military capability",
        "major_power": "major power" if v == 1 else "not a major power",
        "middle_power": "middle power" if v == 1 else "not a middle power",
        "prior_coalitions": f"joined {n} earlier U.S. {coalitions}" if n else "never joined a U.S. coalition",
        "joins_10y": f"joined {n} U.S. {coalitions} in the past 10 years" if n else "no U.S. coalition in the past 10 "
                                                                                  "years",
        "joins_same_target": f"joined {n} earlier U.S. {coalitions} against {target}" if n else None,
        "igo_sponsored": None,
        "trade_share_us": "trades heavily with the U.S.",
        "log_igos_with_us": f"{int(round(np.expm1(v)))} IGOs shared with the U.S.",
        "shared_rival_us": "rival of a U.S. rival" if v == 1 else None,
        "nato_aspirant": "NATO aspirant" if v == 1 else None,
    }
    return words.get(term, term)


def reasons(model: FittedModel, rows: pd.DataFrame, target: str, n: int = N_REASONS) -> list[list[str]]:
    """For each row, the ``n`` covariates that raise its log-odds most (coefficient x (value - training mean),
    at least MIN_CONTRIBUTION), in words; covariates that were not measured (filled by the median)
    are never reasons."""
    terms = list(model.fit.terms)
    beta = model.fit.params[terms].to_numpy()
    x = model.matrix(rows)[:, 1:]
    contrib = (x - np.array([model.means[t] for t in terms])) * beta
    measured = rows[terms].notna().to_numpy()
    cols = list(dict.fromkeys([*terms, "rivalry_with_target", "mids_with_target_10y", "rivalry_with_us",
                               "mids_with_us_10y"]))
    records = rows[[c for c in cols if c in rows.columns]].astype("float64").to_dict(orient="records")
    out = []
    for i, raw in enumerate(records):
        words = []
        for j in np.argsort(-contrib[i]):
            if contrib[i, j] < MIN_CONTRIBUTION or len(words) >= n:
                break
            if not measured[i, j]:
                continue
            w = _reason(terms[j], raw, target)
            if w:
                words.append(w)
        out.append(words)
    return out


def _simulate(model: FittedModel, frame: pd.DataFrame, n_sims: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Point predictions and a (rows, n_sims) matrix of simulated probabilities (parameter draws)."""
    D = model.matrix(frame)
    rng = np.random.default_rng(seed)
    B = rng.multivariate_normal(model.fit.params.to_numpy(), model.fit.cov.to_numpy(), size=n_sims)
    return expit(D @ model.fit.params.to_numpy()), expit(D @ B.T)


def _interval(point: float, sims: np.ndarray) -> dict:
    low, high = np.percentile(sims, [2.5, 97.5])
    return {"probability": float(point), "low": float(min(low, point)), "high": float(max(high, point))}


@dataclass
class ForecastResult:
    """A partner forecast: the scenario, one row per candidate (``partners``: ccode, name, probability, low,
    high, rank, reasons), the expected coalition size, the probability of a coalition and of success, flags,
    warnings, notes and what the models saw (``models``)."""

    scenario: Scenario
    partners: pd.DataFrame
    expected_size: dict
    coalition: dict | None
    success: dict | None
    flags: list[dict]
    warnings: list[str]
    notes: list[str]
    models: dict
    seconds: float = 0.0
    top: int = 15
    extra: dict = field(default_factory=dict)

    def table(self, top: int | None = None) -> pd.DataFrame:
        n = self.top if top is None else top
        t = self.partners.head(n).copy()
        t["reasons"] = t["reasons"].map("; ".join)
        t["95% interval"] = [f"{a:.2f}-{b:.2f}" for a, b in zip(t["low"], t["high"], strict=True)]
        return t[["rank", "name", "probability", "95% interval", "reasons"]]

    def summary(self, top: int | None = None) -> Summary:
        es = self.expected_size
        facts = [("Scenario", self.scenario.label()),
                 ("Models fitted on", f"interventions that started before {self.scenario.year} "
                                      f"({self.models['joining']['n_coalitions']} coalitions, the last from "
                                      f"{self.models['joining']['last_start_year']})"),
                 ("Expected coalition size", f"{es['mean']:.1f} (95% {es['low']:.1f}-{es['high']:.1f}; "
                                             f"predictive {es['predictive_low']}-{es['predictive_high']})")]
        if self.coalition:
            c = self.coalition
            facts.append(("P(U.S. acts with a coalition)", f"{c['probability']:.2f} ({c['low']:.2f}-{c['high']:.2f})"))
        if self.success:
            w, wo = self.success["with_coalition"], self.success["without_coalition"]
            facts.append(("P(success) with a coalition", f"{w['probability']:.2f} ({w['low']:.2f}-{w['high']:.2f})"))
            facts.append(("P(success) without", f"{wo['probability']:.2f} ({wo['low']:.2f}-{wo['high']:.2f})"))
        s = Summary(f"Partner forecast: {self.scenario.label()}", facts=facts)
        s.add_table(self.table(top), f"Top {top or self.top} candidates (probability of joining with forces, 95% "
                                     "interval)")
        if self.flags:
            s.add_table(pd.DataFrame(self.flags), "Entanglement flags")
        notes = [f"Warning: {w}" for w in self.warnings] + self.notes
        return s.add_notes(notes)

    def to_dict(self) -> dict:
        partners = self.partners[["ccode", "name", "probability", "low", "high", "rank", "reasons"]]
        return clean({"scenario": self.scenario.to_dict(), "partners": partners.to_dict(orient="records"),
                      "expected_size": self.expected_size, "coalition": self.coalition, "success": self.success,
                      "flags": self.flags, "warnings": self.warnings, "notes": self.notes, "models": self.models,
                      "seconds": self.seconds})


def _carried_warning(cands: pd.DataFrame) -> str | None:
    items: dict[str, str] = {}
    for text in cands["carried"].dropna():
        for part in str(text).split("; "):
            if ":" in part:
                src, year = part.split(":", 1)
                items[src] = year
    if not items:
        return None
    listed = ", ".join(f"{CARRY_LABELS.get(k, k)} (last year {v})" for k, v in sorted(items.items()))
    return (f"Covariates carried forward past their source's coverage (the last year's values stand in for "
            f"the year before the crisis): {listed}.")


def _model_info(m: FittedModel) -> dict:
    return {"spec": m.spec.name, "terms": list(m.fit.terms), "cutoff": m.cutoff, "method": m.fit.method,
            "missing": "training medians" if m.spec.missing == "median" else "complete cases",
            "n_rows": m.n_rows, "n_interventions": len(m.interventions), "n_coalitions": m.n_coalitions,
            "last_start_year": m.last_start_year}


def forecast_partners(scenario: Scenario, data: CoalitionData | None = None, *, n_sims: int = N_SIMS,
                      seed: int = 0, top: int = 15, use_cache: bool = True) -> ForecastResult:
    """Forecast who would join a U.S. coalition in ``scenario`` (see the module docstring). ``data``: the
    coalition data set (default: built once and cached on disk); models are fitted on the interventions that
    started before ``scenario.year`` and cached on disk (``$COALITIONLAB_CACHE/forecast``)."""
    t0 = time.perf_counter()
    if not isinstance(scenario, Scenario):
        raise BadInputError("forecast_partners needs a Scenario: use make_scenario(...) or load_scenario(path).")
    data = load_data(use_cache) if data is None else data
    year = scenario.year
    joining = fit_model(data, JOINING, year, use_cache)
    frame, ivf, warnings = scenario_frames(scenario, data, use_cache)
    point, sims = _simulate(joining, frame, n_sims, seed)
    low, high = np.percentile(sims, [2.5, 97.5], axis=1)
    names = _names()
    target = scenario.targets[0].name
    out = pd.DataFrame({"ccode": frame["ccode"].astype(int), "name": frame["ccode"].map(names),
                        "probability": point, "low": np.minimum(low, point), "high": np.maximum(high, point)})
    out["reasons"] = reasons(joining, frame, target)
    out = out.sort_values(["probability", "ccode"], ascending=[False, True]).reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    sizes = sims.sum(axis=0)
    rng = np.random.default_rng(seed + 1)
    counts = (rng.random(sims.shape) < sims).sum(axis=0)
    expected = {"mean": float(point.sum()), "low": float(np.percentile(sizes, 2.5)),
                "high": float(np.percentile(sizes, 97.5)),
                "predictive_low": int(np.percentile(counts, 2.5)), "predictive_high": int(np.percentile(counts, 97.5))}
    models = {"joining": _model_info(joining)}
    # warnings
    carried = _carried_warning(frame)
    if carried:
        warnings.append(carried)
    last = int(data.interventions["start_year"].max())
    if year > last:
        warnings.append(f"The data's interventions end in {last}: the models know no crisis after that.")
    seen = set(crisis_state(data.interventions[data.interventions["intervention_id"].isin(joining.interventions)]))
    for t in scenario.targets:
        if t.ccode not in seen:
            warnings.append(f"The joining model never saw a U.S. coalition against {t.name}: its reasons rest on "
                            "other targets.")
    if joining.n_coalitions < THIN_COALITIONS:
        warnings.append(f"Thin data: the joining model saw only {joining.n_coalitions} coalition interventions "
                        f"before {year}; intervals are wide and the ranking is rough.")
    terms = list(joining.fit.terms)
    gaps = frame[terms].isna().any(axis=1)
    if gaps.any():
        worst = frame[terms].isna().sum().sort_values(ascending=False)
        worst = ", ".join(f"{k} ({v})" for k, v in worst[worst > 0].head(4).items())
        warnings.append(f"{int(gaps.sum())} of {len(frame)} candidates have covariates not measured in {year - 1}, "
                        f"filled with the training medians: {worst}.")
    # coalition use (Q1) and success (Q3)
    coalition = success = None
    try:
        q1 = fit_model(data, coalition_spec(scenario.igo is not None, scenario.demand is not None), year, use_cache)
        p, s = _simulate(q1, ivf, n_sims, seed)
        coalition = _interval(p[0], s[0])
        models["coalition"] = _model_info(q1)
    except BadInputError as exc:
        warnings.append(f"No coalition-use model: {exc}")
    try:
        q3 = fit_model(data, SUCCESS, year, use_cache)
        both = pd.concat([ivf.assign(coalition=1), ivf.assign(coalition=0)], ignore_index=True)
        p, s = _simulate(q3, both, n_sims, seed)
        success = {"with_coalition": _interval(p[0], s[0]), "without_coalition": _interval(p[1], s[1]),
                   "difference": {"estimate": float(p[0] - p[1]),
                                  "low": float(np.percentile(s[0] - s[1], 2.5)),
                                  "high": float(np.percentile(s[0] - s[1], 97.5))}}
        models["success"] = _model_info(q3)
    except BadInputError as exc:
        warnings.append(f"No success model: {exc}")
    # entanglement flags
    committed = (frame["us_defense_pact"] == 1) | (frame["us_any_alliance"] == 1)
    threat = (frame["rivalry_with_target"] == 1) | (frame["mids_with_target_10y"] > 0)
    flags = []
    for _, r in frame[committed & threat].iterrows():
        kind = "defense pact" if r["us_defense_pact"] == 1 else "alliance commitment"
        n_mids = int(r["mids_with_target_10y"])
        why = (f"rival of {target}" if r["rivalry_with_target"] == 1 else
               f"{n_mids} militarized dispute{'s' if n_mids != 1 else ''} with {target} in the past 10 years")
        flags.append({"ccode": int(r["ccode"]), "name": names.get(int(r["ccode"])), "commitment": kind,
                      "reason": why})
    notes = [f"Joining model: logit of joining with forces on {len(terms)} covariates measured in {year - 1}, "
             f"fitted on the {len(joining.interventions)} coalition interventions that started before {year} "
             f"({joining.n_rows:,} candidate rows); missing covariates filled with the training medians (one "
             f"deterministic imputation, not the main models' m=20 multiple imputation).",
             f"Intervals: 2.5-97.5 percentiles over {n_sims} draws of the parameters (cluster-robust covariance); "
             "the predictive interval of the size adds each state's chance of joining.",
             "Reasons: the measured covariates that raise the state's log-odds most (coefficient x (value - "
             "training mean)).",
             "Candidates: the states in the COW system in the year (no start date in a scenario), less the U.S. "
             "and the targets."]
    return ForecastResult(scenario, out, expected, coalition, success, flags, warnings, notes, models,
                          time.perf_counter() - t0, top)
