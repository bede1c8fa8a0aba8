"""Covariance: the one- and two-way cluster sandwich and the numerical Hessian of an analytic gradient
(shared by the conditional and ordered logits)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from coalitionlab.models.inference.design import _cluster_names
from coalitionlab.models.inference.results import Cluster, ClusterCorrection, ModelInputError

_FACTOR_NAMES = ("crv1", "stata_ml", "none")


def _cluster_cov(scores: np.ndarray, bread: np.ndarray, groups: pd.Series | np.ndarray,
                 correction: ClusterCorrection, n_obs: int | None = None) -> tuple[np.ndarray, int]:
    """CRV1 sandwich ``c * bread @ B @ bread`` with ``B = sum_g s_g s_g'``.

    ``n_obs`` (default: rows of ``scores``) is the N of the ``crv1`` factor when the rows of ``scores``
    are already sums over observations (the conditional logit's per-group scores)."""
    if correction not in _FACTOR_NAMES:
        raise ModelInputError(f"cluster_correction must be one of {list(_FACTOR_NAMES)}, got {correction!r}")
    codes, uniques = pd.factorize(np.asarray(groups), sort=False)
    G = len(uniques)
    if G < 2:
        raise ModelInputError("cluster-robust covariance needs at least 2 clusters")
    n, k = scores.shape
    n = n if n_obs is None else n_obs
    summed = np.zeros((G, k))
    np.add.at(summed, codes, scores)
    factors = {"crv1": G / (G - 1) * (n - 1) / (n - k), "stata_ml": G / (G - 1), "none": 1.0}
    cov = factors[correction] * bread @ (summed.T @ summed) @ bread
    return (cov + cov.T) / 2, G


def _robust_cov(scores: np.ndarray, bread: np.ndarray, sub: pd.DataFrame, cluster: Cluster,
                correction: ClusterCorrection, extra: dict[str, Any] | None = None
                ) -> tuple[np.ndarray, int | tuple[int, int] | None, str]:
    """(cov, n_clusters, cov_type): ``bread`` itself without a cluster, the one-way sandwich for one
    column, the Cameron-Gelbach-Miller two-way sandwich for two (eigenvalue fix recorded in ``extra``)."""
    names = _cluster_names(cluster)
    if not names:
        return bread, None, "nonrobust"
    if len(names) == 1:
        cov, G = _cluster_cov(scores, bread, sub[names[0]], correction)
        return cov, G, f"cluster ({correction})"
    a, b = names
    va, ga = _cluster_cov(scores, bread, sub[a], correction)
    vb, gb = _cluster_cov(scores, bread, sub[b], correction)
    both = sub.groupby([a, b], sort=False).ngroup().to_numpy()
    vab, gab = _cluster_cov(scores, bread, both, correction)
    cov = va + vb - vab
    evals, evecs = np.linalg.eigh(cov)
    fixed = bool(evals.min() < 0)
    if extra is not None:
        extra.update(eigen_fix=fixed, n_clusters={a: ga, b: gb, f"{a} x {b}": gab})
        if fixed:
            extra["cov_before_eigen_fix"] = cov
    if fixed:
        cov = (evecs * np.maximum(evals, 0.0)) @ evecs.T
    return cov, (ga, gb), f"two-way cluster ({a}, {b}; {correction})"


def _numerical_hessian(grad: Any, theta: np.ndarray, rel_step: float = 1e-5) -> np.ndarray:
    """Symmetrized central-difference Jacobian of an analytic gradient ``grad(theta)``; step
    ``rel_step * max(1, |theta_j|)``."""
    H = np.empty((len(theta), len(theta)))
    for j in range(len(theta)):
        h = rel_step * max(1.0, abs(theta[j]))
        step = np.zeros_like(theta)
        step[j] = h
        H[:, j] = (grad(theta + step) - grad(theta - step)) / (2 * h)
    return (H + H.T) / 2
