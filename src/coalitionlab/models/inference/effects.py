"""Quantities of interest from a binary logit: average marginal effects (delta method or simulation),
Clarify-style simulated predictions and first differences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from coalitionlab.models.inference.results import _Z95, FirstDifference, FitResult, ModelInputError


def _require_logit(result: FitResult) -> None:
    if result.family != "logit":
        raise ModelInputError(f"this function needs a binary logit result, got {result.method}")


def _draws(result: FitResult, n_sims: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.multivariate_normal(result.params.to_numpy(), result.cov.to_numpy(), size=n_sims)


def _ame(X: np.ndarray, B: np.ndarray, cols: list[int], discrete: list[bool]) -> np.ndarray:
    """AMEs for coefficient draws ``B`` (S, k) -> (S, len(cols)), chunked over draws."""
    out = np.empty((len(B), len(cols)))
    chunk = max(1, 2_000_000 // max(len(X), 1))
    for s in range(0, len(B), chunk):
        Bc = B[s : s + chunk]
        xb = X @ Bc.T
        p = expit(xb)
        dens = (p * (1 - p)).mean(axis=0)
        for m, (j, disc) in enumerate(zip(cols, discrete, strict=True)):
            if disc:
                xj = X[:, [j]] * Bc[:, j][None, :]
                out[s : s + chunk, m] = (expit(xb - xj + Bc[:, j]) - expit(xb - xj)).mean(axis=0)
            else:
                out[s : s + chunk, m] = dens * Bc[:, j]
    return out


def _ame_jacobian(X: np.ndarray, beta: np.ndarray, cols: list[int], discrete: list[bool]) -> np.ndarray:
    """The exact gradient of each AME with respect to the coefficients, (len(cols), k), in one pass over the rows
    per term (the central-difference Jacobian it replaces took 2k passes and agreed to about 1e-9).

    Continuous j: AME = mean(p(1-p)) b_j, so dAME/db = b_j mean(p(1-p)(1-2p) x) + e_j mean(p(1-p)).
    Discrete j: AME = mean(L(xb1) - L(xb0)) with x_j set to 1 and 0, so dAME/db = mean(d1 x1 - d0 x0), d = L'."""
    n = len(X)
    xb = X @ beta
    p = expit(xb)
    dens = p * (1 - p)
    J = np.empty((len(cols), len(beta)))
    for m, (j, disc) in enumerate(zip(cols, discrete, strict=True)):
        if disc:
            base = xb - X[:, j] * beta[j]
            p1, p0 = expit(base + beta[j]), expit(base)
            d1, d0 = p1 * (1 - p1), p0 * (1 - p0)
            J[m] = (d1 - d0) @ X / n
            J[m, j] = d1.mean()
        else:
            J[m] = beta[j] * ((dens * (1 - 2 * p)) @ X) / n
            J[m, j] += dens.mean()
    return J


def average_marginal_effects(result: FitResult, df: pd.DataFrame, terms: Sequence[str] | None = None,
                             method: Literal["delta", "simulation"] = "delta", *, n_sims: int = 1000,
                             seed: int = 0) -> pd.DataFrame:
    """Average marginal effects on P(y=1) of a binary logit result, over the rows of ``df``.

    Continuous terms: mean over rows of ``p(1-p) * beta_j``.  Terms taking only 0/1 values
    in ``df``: mean discrete change ``P(x_j=1) - P(x_j=0)``.  ``method="delta"``: SEs from
    the delta method with the exact Jacobian and ``result.cov``; CI = AME ±
    1.96 SE.  ``method="simulation"``: ``n_sims`` draws from MVN(params, cov); SE = sd of
    the simulated AMEs, CI = their 2.5/97.5 percentiles.  Rows with missing terms are
    dropped.  Returns one row per term: term, ame, se, z, p, ci_low, ci_high, kind.
    """
    _require_logit(result)
    if result.outcome in df.columns:  # average over the estimation sample: rows with a missing outcome are out
        df = df[df[result.outcome].notna()]
    terms = list(result.terms) if terms is None else ([terms] if isinstance(terms, str) else list(terms))
    unknown = [t for t in terms if t not in result.terms]
    if unknown:
        raise ModelInputError(f"term(s) {unknown} are not in the model terms {result.terms}")
    X = result.design(df)
    X = X[np.isfinite(X).all(axis=1)]
    if len(X) == 0:
        raise ModelInputError("no complete rows in df for the model terms")
    names = list(result.params.index)
    cols = [names.index(t) for t in terms]
    discrete = [bool(np.isin(X[:, j], (0.0, 1.0)).all()) for j in cols]
    beta = result.params.to_numpy()
    est = _ame(X, beta[None, :], cols, discrete)[0]
    if method == "delta":
        J = _ame_jacobian(X, beta, cols, discrete)
        se = np.sqrt(np.diag(J @ result.cov.to_numpy() @ J.T))
        low, high = est - _Z95 * se, est + _Z95 * se
    elif method == "simulation":
        sims = _ame(X, _draws(result, n_sims, seed), cols, discrete)
        se = sims.std(axis=0, ddof=1)
        low, high = np.percentile(sims, [2.5, 97.5], axis=0)
    else:
        raise ModelInputError(f"method must be 'delta' or 'simulation', got {method!r}")
    return pd.DataFrame(
        {"term": terms, "ame": est, "se": se, "z": est / se, "p": 2 * stats.norm.sf(np.abs(est / se)),
         "ci_low": low, "ci_high": high, "kind": ["discrete" if d else "continuous" for d in discrete]}
    )


def simulate_predictions(result: FitResult, scenarios: pd.DataFrame, n_sims: int = 1000, seed: int = 0
                         ) -> pd.DataFrame:
    """Clarify-style predicted probabilities (King, Tomz & Wittenberg 2000, AJPS 44(2)).

    Draws ``n_sims`` coefficient vectors from MVN(params, cov) with
    ``numpy.random.default_rng(seed)`` and returns, per scenario row (same index):
    ``point`` (prediction at the estimates), ``mean``, ``sd`` and the 2.5/97.5
    percentiles ``ci_low``/``ci_high`` of the simulated probabilities.
    """
    _require_logit(result)
    D = result.design(scenarios)
    if not np.isfinite(D).all():
        raise ModelInputError("scenarios contain missing or infinite term values")
    P = expit(D @ _draws(result, n_sims, seed).T)
    low, high = np.percentile(P, [2.5, 97.5], axis=1)
    return pd.DataFrame(
        {"point": result.predict(scenarios), "mean": P.mean(axis=1), "sd": P.std(axis=1, ddof=1),
         "ci_low": low, "ci_high": high},
        index=scenarios.index,
    )


def simulate_first_difference(result: FitResult, base: Mapping[str, float] | pd.Series,
                              change: Mapping[str, float], n_sims: int = 1000, seed: int = 0
                              ) -> FirstDifference:
    """Clarify-style first difference when the terms in ``change`` move from ``base``.

    ``base`` must give a value for every model term.  Uses the same draws as
    :func:`simulate_predictions` for a given seed; ``mean`` and the 2.5/97.5 percentile
    interval are over the simulated differences, ``point`` is at the estimates.
    """
    _require_logit(result)
    base = dict(base)
    missing = [t for t in result.terms if t not in base]
    unknown = [t for t in change if t not in result.terms]
    if missing or unknown:
        raise ModelInputError(
            f"base lacks term(s) {missing}; change has unknown term(s) {unknown}; "
            f"model terms are {result.terms}"
        )
    frame = pd.DataFrame([{t: base[t] for t in result.terms}, {**base, **dict(change)}])
    D = result.design(frame)
    P = expit(D @ _draws(result, n_sims, seed).T)
    fd = P[1] - P[0]
    point = result.predict(frame)
    low, high = np.percentile(fd, [2.5, 97.5])
    return FirstDifference(
        mean=float(fd.mean()), ci_low=float(low), ci_high=float(high),
        point=float(point[1] - point[0]), p_base=float(P[0].mean()),
        p_changed=float(P[1].mean()), n_sims=n_sims, draws=fd,
    )
