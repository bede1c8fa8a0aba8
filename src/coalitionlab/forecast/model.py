"""The forecast's models, fitted with a cut-off year and cached on disk.

A model for a forecast of year Y is fitted only on interventions that started before Y (no leakage). The main
models of :mod:`coalitionlab.models` use multiple imputation (m=20), too slow to refit for every cut-off of a
backtest; the forecast's models use one deterministic imputation instead: a missing covariate is set to its
median in the training sample (the same medians fill the rows being forecast). The plain Q2 baseline is fitted
on complete cases (as the ``listwise`` variant of Q2) and predicts with the medians too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit

from coalitionlab.errors import BadInputError
from coalitionlab.forecast import cache
from coalitionlab.forecast.measure import intervention_rows, joining_rows
from coalitionlab.interventions.build import CoalitionData
from coalitionlab.models.coalition_use import Q1_TERMS
from coalitionlab.models.inference import FitResult, ModelInputError, fit_logit_or_firth
from coalitionlab.models.joining import Q2_TERMS
from coalitionlab.models.success import Q3_TERMS

CLUSTER = "intervention_id"
# the forecast's joining model (chosen by the backtest, see docs/backtest.md): Q2's terms less trade share, U.S.
# IGO ties, shared rivals and NATO aspiration (no gain out of sample), plus NATO membership and joining
# experience by recency and by target; hostility to the U.S. before the start: the shared threat with the crisis
# state counts only for a state that is no strategic rival of the U.S., and disputes with the U.S. in ten years
FORECAST_TERMS = ["us_defense_pact", "nato_member", "idealpoint_distance_us", "log_us_troops", "same_cow_region",
                  "log_mindist_target", "threat_not_rival_us", "v2x_polyarchy", "cinc", "major_power",
                  "middle_power", "prior_coalitions", "joins_10y", "joins_same_target", "igo_sponsored",
                  "log_mids_with_us"]
MIN_COALITIONS = 5  # fewer coalition interventions before the cut-off: no joining model
THIN_COALITIONS = 20  # fewer: a "thin data" warning


_MEMORY: dict = {}  # path -> FittedModel, the models read or fitted in this process


@dataclass(frozen=True)
class Spec:
    """A model specification: name, unit (``joining``: candidate rows of coalition interventions;
    ``intervention``: one row per intervention), outcome, terms and how missing covariates are handled
    (``median``: filled by training medians; ``complete``: complete cases)."""

    name: str
    unit: str
    outcome: str
    terms: tuple[str, ...]
    missing: str = "median"

    def as_key(self) -> dict:
        return {"name": self.name, "unit": self.unit, "outcome": self.outcome, "terms": list(self.terms),
                "missing": self.missing}


JOINING = Spec("joining", "joining", "joined", tuple(FORECAST_TERMS))
Q2_PLAIN = Spec("q2_plain", "joining", "joined", tuple(Q2_TERMS), "complete")
SUCCESS = Spec("success", "intervention", "success_bin", tuple(Q3_TERMS))


def coalition_spec(igo: bool = False, demand: bool = False) -> Spec:
    """Q1 for a scenario: Q1's terms (all known before the start), plus IGO sponsorship when the scenario gives
    it and log U.S. troops when it gives the expected demand (the troop range's value)."""
    terms = [*Q1_TERMS, *(["igo_sponsored"] if igo else []), *(["log_troops"] if demand else [])]
    return Spec("coalition" + ("_igo" if igo else "") + ("_demand" if demand else ""), "intervention", "coalition",
                tuple(terms))


@dataclass
class FittedModel:
    """A logit fitted before ``cutoff`` with the medians that fill missing covariates and the training means of
    the filled terms (for reasons). ``interventions`` are the ids of the interventions it saw."""

    spec: Spec
    cutoff: int
    fit: FitResult
    fill: dict[str, float]
    means: dict[str, float]
    interventions: list[str]
    n_rows: int
    n_coalitions: int
    last_start_year: int
    extra: dict = field(default_factory=dict)

    def complete(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with missing terms filled by the training medians (a copy)."""
        out = frame.copy()
        for t in self.spec.terms:
            out[t] = pd.to_numeric(out[t], errors="coerce").astype("float64").fillna(self.fill[t])
        return out

    def matrix(self, frame: pd.DataFrame) -> np.ndarray:
        """The design matrix of ``frame`` (constant, then the fitted terms), missing values set to the training
        medians."""
        terms = list(self.fit.terms)
        X = frame[terms].to_numpy(dtype="float64", na_value=np.nan)
        fill = np.array([self.fill[t] for t in terms])
        X = np.where(np.isnan(X), fill[None, :], X)
        return np.column_stack([np.ones(len(X)), X])

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """P(outcome = 1) for the rows of ``frame`` (missing covariates at the training medians)."""
        return expit(self.matrix(frame) @ self.fit.params.to_numpy())


def training_frame(data: CoalitionData, spec: Spec, cutoff: int) -> pd.DataFrame:
    """The rows a model for year ``cutoff`` may see: interventions that started before ``cutoff``."""
    if spec.unit == "joining":
        frame = joining_rows(data)
    else:
        frame = intervention_rows(data)
    return frame[frame["start_year"].astype(int) < cutoff].reset_index(drop=True)


def _independent(frame: pd.DataFrame, terms: list[str]) -> list[str]:
    """``terms`` less those that are linear combinations of the constant and the terms before them in the rows of
    ``frame`` (in early years some covariates do not vary independently: e.g. every NATO member has a U.S.
    defense pact)."""
    n = len(frame)
    A = np.column_stack([np.ones(n), *(frame[t].to_numpy(dtype="float64") for t in terms)])
    # A = QR with Q orthonormal, so any set of A's columns has the singular values of the same columns of R: the
    # rank tests run on the small R (numpy's matrix_rank rule, tolerance from A's shape), not on A's n rows
    R = np.linalg.qr(A, mode="r")
    eps = np.finfo(np.float64).eps
    cols, keep = [0], []
    for j, t in enumerate(terms, start=1):
        s = np.linalg.svd(R[:, [*cols, j]], compute_uv=False)
        if int((s > s.max() * max(n, len(cols) + 1) * eps).sum()) > len(cols):
            cols.append(j)
            keep.append(t)
    return keep


def _fit(data: CoalitionData, spec: Spec, cutoff: int) -> FittedModel:
    from threadpoolctl import threadpool_limits

    # small designs (thousands of rows, 16 terms): one BLAS thread is faster, and a busy machine's second core
    # spinning for the first made a fit 20-50 times slower
    with threadpool_limits(limits=1):
        return _fit_one(data, spec, cutoff)


def _fit_one(data: CoalitionData, spec: Spec, cutoff: int) -> FittedModel:
    frame = training_frame(data, spec, cutoff)
    terms = list(spec.terms)
    frame = frame[frame[spec.outcome].notna()]
    n_coal = int(frame[CLUSTER].nunique()) if spec.unit == "joining" else int(frame["coalition"].sum())
    if spec.unit == "joining" and n_coal < MIN_COALITIONS:
        raise BadInputError(f"Only {n_coal} U.S. coalition interventions started before {cutoff}: too few to fit "
                            f"a joining model (at least {MIN_COALITIONS}). Give a later year.")
    values = frame[terms].apply(pd.to_numeric, errors="coerce").astype("float64")
    fill = {t: float(values[t].median()) if values[t].notna().any() else 0.0 for t in terms}
    if spec.missing == "median":
        frame = frame.assign(**{t: values[t].fillna(fill[t]) for t in terms})
    else:
        frame = frame.assign(**{t: values[t] for t in terms})
    varying = _independent(frame.dropna(subset=[t for t in terms if frame[t].dropna().nunique() > 1]),
                           [t for t in terms if frame[t].dropna().nunique() > 1])
    if len(frame) < 20 or frame[spec.outcome].nunique() < 2:
        raise BadInputError(f"Too few interventions before {cutoff} to fit the {spec.name} model: give a later year.")
    try:
        fit = fit_logit_or_firth(frame, spec.outcome, varying, cluster=CLUSTER)
    except (ModelInputError, np.linalg.LinAlgError) as exc:
        raise BadInputError(f"The {spec.name} model cannot be fitted on the interventions that started before "
                            f"{cutoff} ({n_coal} coalitions): too little data ({exc}). Give a later year.") from exc
    used = frame.dropna(subset=[*varying, spec.outcome])
    filled = used[varying].astype("float64")
    return FittedModel(spec, cutoff, fit, fill, {t: float(filled[t].mean()) for t in varying},
                       sorted(set(used[CLUSTER])), len(used), n_coal, int(used["start_year"].max()),
                       {"dropped_terms": [t for t in terms if t not in varying]})


def fit_model(data: CoalitionData, spec: Spec, cutoff: int, use_cache: bool = True,
              stats: dict | None = None) -> FittedModel:
    """The ``spec`` model fitted on interventions that started before ``cutoff``: from this process's memory, else
    from the disk cache when it holds one for this data (version and content), specification and cut-off, else
    fitted and written there. ``stats`` counts memory, hits (disk) and misses (fitted)."""
    if not use_cache:
        return _fit(data, spec, cutoff)
    path = cache.path_for("model", cache.data_fingerprint(data), spec.as_key(), int(cutoff))
    hit = _MEMORY.get(path)
    if hit is not None:
        if stats is not None:
            stats["memory"] = stats.get("memory", 0) + 1
        return hit
    model = cache.cached(path, lambda: _fit(data, spec, cutoff), stats)
    if len(_MEMORY) > 256:
        _MEMORY.clear()
    _MEMORY[path] = model
    return model


def clear_memory() -> None:
    """Forget the models held in this process (the disk cache stays)."""
    _MEMORY.clear()


def load_data(use_cache: bool = True, stats: dict | None = None) -> CoalitionData:
    """The coalition data set, from the data set's own disk cache
    (:func:`coalitionlab.interventions.cache.load_dataset`; built in about 20 s on a miss)."""
    from coalitionlab.interventions.cache import load_dataset

    return load_dataset(use_cache=use_cache, stats=stats)
