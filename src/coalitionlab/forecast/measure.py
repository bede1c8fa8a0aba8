"""Measure a scenario with the data set's own code, and the forecast's model frames.

A hypothetical crisis becomes a one-row interventions frame with the columns the interventions layer needs;
its candidates and their covariates come from :func:`coalitionlab.interventions.candidates.candidate_frame` and
:func:`~coalitionlab.interventions.candidates.add_candidate_covariates`, the same functions that build the
data set's candidates table (never a second copy), and the model features from
:func:`coalitionlab.models.features.joining_frame` / :func:`~coalitionlab.models.features.intervention_frame`.

The forecast adds features of its own that only read the data set's partner rosters before the start:
``joins_10y`` (U.S. coalitions with forces the state joined in the ten years before the start year) and
``log_prior_coalitions``; and hostility to the U.S. before the start (:func:`add_forecast_features`, measured by
:func:`coalitionlab.interventions.candidates.add_us_hostility` for the data set and a scenario alike).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalitionlab.catalog.countries import LAST_YEAR, cow_region
from coalitionlab.forecast import cache
from coalitionlab.forecast.cache import data_fingerprint
from coalitionlab.forecast.scenario import DEMANDS, IGO_KIND, OBJECTIVES, Scenario
from coalitionlab.interventions.build import CoalitionData
from coalitionlab.interventions.candidates import (
    add_candidate_covariates,
    add_us_hostility,
    candidate_frame,
    crisis_state,
)
from coalitionlab.interventions.partners import force_partners
from coalitionlab.models.features import intervention_frame, joining_frame

SCENARIO_ID = "SCENARIO"
RECENT_WINDOW = 10
_OBJ_COLUMNS = list(OBJECTIVES.values())


def scenario_interventions(scenario: Scenario) -> pd.DataFrame:
    """The scenario as a one-row interventions frame (the columns candidates and the model frames read)."""
    codes = scenario.target_codes
    kind = IGO_KIND[scenario.igo] if scenario.igo else None
    troops = DEMANDS[scenario.demand][2] if scenario.demand else np.nan
    row = {"intervention_id": SCENARIO_ID, "name": scenario.label(), "start_year": scenario.year,
           "start_month": np.nan, "start_day": np.nan, "adversaries": codes, "primary_ccode": codes[0],
           "targets": codes, "hosts": [], "host_partners": [], "mids": [],
           **{c: int(_has_objective(scenario, c)) for c in _OBJ_COLUMNS},
           "max_troops": troops, "duration_days": np.nan, "us_hihost": np.nan,
           "success": None, "success_objective": None, "coalition": np.nan, "coalition_size": np.nan,
           "coalition_basing": np.nan, "coalition_size_basing": np.nan,
           "igo_sponsored": int(kind is not None), "igo_kind": kind}
    return pd.DataFrame([row])


def _has_objective(scenario: Scenario, column: str) -> bool:
    return any(OBJECTIVES[o] == column for o in scenario.objective)


_MEASURED: dict = {}  # (data fingerprint, scenario) -> frames: this process's measurements


def scenario_frames(scenario: Scenario, data: CoalitionData, use_cache: bool = True
                    ) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The scenario's joining frame (one row per candidate: :func:`scenario_candidates` through
    :func:`joining_rows`), its intervention frame (one row: :func:`intervention_rows`) and the measurement's
    warnings; memoized in this process and in the disk cache per data set and scenario (copies are returned)."""
    fp = data_fingerprint(data)
    k = (fp, scenario)

    def measure() -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
        cands, warnings = scenario_candidates(scenario, data)
        row = scenario_interventions(scenario)
        return joining_rows(data, cands, row), intervention_rows(data, row), warnings

    if k not in _MEASURED:
        if len(_MEASURED) > 64:
            _MEASURED.clear()
        _MEASURED[k] = cache.cached(cache.path_for("scenario", fp, scenario.to_dict()), measure) if use_cache \
            else measure()
    frame, ivf, warnings = _MEASURED[k]
    return frame.copy(), ivf.copy(), list(warnings)


def scenario_candidates(scenario: Scenario, data: CoalitionData) -> tuple[pd.DataFrame, list[str]]:
    """The scenario's candidates table (one row per state that could join), measured by the data set's code,
    and warnings about how it was measured. ``data`` supplies the history: the candidates code counts only
    interventions that started before the scenario's year (prior coalitions)."""
    row = scenario_interventions(scenario)
    warnings: list[str] = []
    system_year = min(scenario.year, LAST_YEAR)
    if scenario.year > LAST_YEAR:
        warnings.append(f"State-system membership is known to {LAST_YEAR}: the candidates are the states of "
                        f"{LAST_YEAR}.")
    base, _ = candidate_frame(row.assign(start_year=system_year), data.partners.iloc[0:0])
    base["start_year"] = scenario.year
    base["ref_year"] = scenario.year - 1
    # the whole data set goes in (the curated war links name every intervention); the code counts only
    # interventions that started before the scenario's year (prior coalitions, earlier disputes)
    ivs = pd.concat([data.interventions, row], ignore_index=True)
    cands = add_candidate_covariates(base, ivs, data.partners, ivs)
    return cands, warnings


def add_history_features(frame: pd.DataFrame, interventions: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """History features from the partner rosters, earlier starts only (start year before the row's):
    ``joins_10y``: coalitions with forces each candidate joined in the RECENT_WINDOW years before its start year;
    ``joins_same_target``: coalitions against the same crisis state it joined; ``joins_same_region``: coalitions
    whose crisis state lies in the crisis state's COW region it joined; ``log_prior_coalitions`` = log(1 +
    prior_coalitions)."""
    iv = interventions.set_index("intervention_id")
    starts = iv["start_year"].astype(int)
    crisis = crisis_state(interventions).set_axis(interventions["intervention_id"])
    forces = force_partners(partners)
    forces = forces[forces["intervention_id"].isin(starts.index)]
    joined = pd.DataFrame({"ccode": forces["ccode"].astype(int).to_numpy(),
                           "year": forces["intervention_id"].map(starts).astype(int).to_numpy(),
                           "crisis": forces["intervention_id"].map(crisis).astype(int).to_numpy()})
    joined["region"] = joined["crisis"].map(cow_region)
    out = frame.copy()
    years = out["start_year"].astype(int).to_numpy()
    codes = out["ccode"].astype(int).to_numpy()
    target = out["crisis_ccode"].astype(int).to_numpy()
    region = np.array([cow_region(c) for c in target], dtype=object)
    recent, same_t, same_r = (np.zeros(len(out)) for _ in range(3))
    for c, g in joined.groupby("ccode"):
        sel = np.flatnonzero(codes == c)
        if not len(sel):
            continue
        gy, gc, gr = g["year"].to_numpy(), g["crisis"].to_numpy(), g["region"].to_numpy(dtype=object)
        before = gy[None, :] < years[sel, None]
        recent[sel] = (before & (gy[None, :] >= years[sel, None] - RECENT_WINDOW)).sum(axis=1)
        same_t[sel] = (before & (gc[None, :] == target[sel, None])).sum(axis=1)
        same_r[sel] = (before & (gr[None, :] == region[sel, None])).sum(axis=1)
    out["joins_10y"] = recent
    out["joins_same_target"] = same_t
    out["joins_same_region"] = same_r
    out["log_prior_coalitions"] = np.log1p(out["prior_coalitions"].astype(float))
    return out


def joining_rows(data: CoalitionData, candidates: pd.DataFrame | None = None,
                 interventions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Q2 model frame (``joining_frame``) of all candidates of ``interventions`` (default: the data set's
    coalition interventions), with the forecast's own features (:func:`add_forecast_features`, measured with the
    data set's interventions and the scenario's row, and :func:`add_history_features`); the data set's rows are
    memoized in this process per data fingerprint (a copy is returned)."""
    if candidates is None:
        fp = data_fingerprint(data)
        if fp not in _ROWS:
            _ROWS.clear()
            frame = add_forecast_features(joining_frame(data), data.interventions, data.partners)
            _ROWS[fp] = add_history_features(frame, data.interventions, data.partners)
        return _ROWS[fp].copy()
    sub = CoalitionData(interventions, data.partners.iloc[0:0], data.evidence.iloc[0:0], candidates,
                        data.evidence_rejected.iloc[0:0], data.conflicts.iloc[0:0], data.tago.iloc[0:0], [])
    frame = joining_frame(sub, coalitions_only=False)
    known = set(data.interventions["intervention_id"])
    ivs = pd.concat([data.interventions, interventions[~interventions["intervention_id"].isin(known)]],
                    ignore_index=True)
    frame = add_forecast_features(frame, ivs, data.partners)
    return add_history_features(frame, data.interventions, data.partners)


_ROWS: dict = {}  # data fingerprint -> the data set's joining rows (this process)


def add_forecast_features(frame: pd.DataFrame, interventions: pd.DataFrame, partners: pd.DataFrame
                          ) -> pd.DataFrame:
    """The forecast's features measured by the data set's code but not columns of the candidates table (so the
    data set and the Q2 models are unchanged): hostility to the U.S. before the start
    (:func:`~coalitionlab.interventions.candidates.add_us_hostility`: ``rivalry_with_us``, ``mids_with_us_10y``,
    ``hostile_to_us``), ``log_mids_with_us`` = log(1 + mids_with_us_10y), and the shared threat of a state that is
    no strategic rival of the U.S.: ``threat_not_rival_us`` = shared_threat x (1 - rivalry_with_us) (a MID in ten
    years or a rivalry with the crisis state counts only for a state that is not itself a rival of the U.S.;
    ``threat_not_hostile`` excludes any state hostile to the U.S., rivalry or a MID with it, a variant)."""
    out = add_us_hostility(frame, interventions, partners)
    threat = out["shared_threat"].astype("float64")
    out["threat_not_rival_us"] = threat * (1 - out["rivalry_with_us"].fillna(0))
    out["threat_not_hostile"] = threat * (1 - out["hostile_to_us"])
    out["log_mids_with_us"] = np.log1p(out["mids_with_us_10y"])
    return out


def intervention_rows(data: CoalitionData, interventions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Q1/Q3 model frame (``intervention_frame``) of the data set, or of ``interventions`` (a scenario)."""
    if interventions is None:
        return intervention_frame(data)
    sub = CoalitionData(interventions, data.partners.iloc[0:0], data.evidence.iloc[0:0], data.candidates.iloc[0:0],
                        data.evidence_rejected.iloc[0:0], data.conflicts.iloc[0:0], data.tago.iloc[0:0], [])
    return intervention_frame(sub)
