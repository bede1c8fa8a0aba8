"""The estimators: ML logit, Firth logit, rare-events logit, ordered logit, conditional logit."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from firthmodels import FirthLogisticRegression, detect_separation
from scipy import stats
from scipy.special import expit
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools import sm_exceptions as sme

from coalitionlab.models.inference.covariance import _cluster_cov, _numerical_hessian, _robust_cov
from coalitionlab.models.inference.design import _binary_outcome, _design, _ordered_outcome, _prepare
from coalitionlab.models.inference.results import (
    _Z95,
    CONST,
    Cluster,
    ClusterCorrection,
    FitResult,
    ModelInputError,
    _result,
)


def _bernoulli_ll(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-300, 1 - 1e-16)
    return float(np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)))


def _null_ll(y: np.ndarray) -> float:
    ybar = y.mean()
    return float(y.sum() * np.log(ybar) + (len(y) - y.sum()) * np.log1p(-ybar))


def _ml_logit(y: np.ndarray, X: np.ndarray, names: list[str], outcome: str) -> Any:
    """statsmodels Newton fit; raise ModelInputError on separation / non-convergence."""
    separated = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = sm.Logit(y, X, check_rank=False).fit(method="newton", maxiter=100, disp=0)
        except (sme.PerfectSeparationError, np.linalg.LinAlgError):
            # the design is full rank (checked), so a singular Hessian means numerical separation
            res, separated = None, True
    separated |= any(issubclass(w.category, sme.PerfectSeparationWarning) for w in caught)
    if res is None or separated or not res.mle_retvals.get("converged", False) or not (
        np.all(np.isfinite(res.params)) and np.all(np.isfinite(res.cov_params()))
    ):
        raise ModelInputError(_separation_message(y, X, names, outcome))
    handled = (sme.PerfectSeparationWarning, sme.ConvergenceWarning, sme.HessianInversionWarning)
    for w in caught:
        if not issubclass(w.category, handled):
            warnings.warn(w.message, w.category, stacklevel=3)
    return res


def _separation_message(y: np.ndarray, X: np.ndarray, names: list[str], outcome: str) -> str:
    which = ""
    try:
        sep = detect_separation(X[:, 1:], y, fit_intercept=True)  # intercept is last there
        flagged = [n for n, d in zip(names[1:] + [CONST], sep.directions, strict=True) if d != 0]
        if sep.separation:
            which = f": perfect/quasi-complete separation involving {flagged}"
    except Exception:  # diagnostics only; the error raised by the caller is what matters
        pass
    return (
        f"maximum-likelihood logit for {outcome!r} did not converge{which}; ML estimates are "
        "infinite or unidentified. Use fit_firth_logit (Firth penalized likelihood) instead"
    )


def _ml_fit(df: pd.DataFrame, outcome: str, terms: Sequence[str], cluster: Cluster
            ) -> tuple[pd.DataFrame, list[str], int, np.ndarray, np.ndarray, list[str], Any]:
    """Shared start of the ML logits: validated complete rows, outcome, design (with constant), ML fit."""
    sub, terms, n_dropped = _prepare(df, outcome, terms, cluster)
    y = _binary_outcome(sub, outcome, n_dropped)
    X = _design(sub, terms, n_dropped)
    names = [CONST, *terms]
    return sub, terms, n_dropped, y, X, names, _ml_logit(y, X, names, outcome)


def fit_logit(df: pd.DataFrame, outcome: str, terms: Sequence[str], cluster: Cluster = None, *,
              cluster_correction: ClusterCorrection = "crv1") -> FitResult:
    """Maximum-likelihood logit of binary ``outcome`` on ``terms`` plus a constant.

    Without ``cluster`` the covariance is statsmodels' default (inverse negative Hessian).
    With ``cluster`` (a column name) it is the CRV1 sandwich computed here from the logit scores
    ``(y - p) x`` and bread ``(X'WX)^{-1}``; see the module docstring for the correction.  With two
    column names, e.g. ``("intervention_id", "ccode")``, it is the two-way sandwich of the module
    docstring (``cov_type`` ``"two-way cluster (intervention_id, ccode; stata_ml)"``, ``n_clusters`` a
    pair, per-dimension counts in ``extra["n_clusters"]``).
    Raises :class:`ModelInputError` on bad input and, instead of returning absurd
    estimates, when the data are (quasi-)separated or Newton does not converge -- the
    message suggests :func:`fit_firth_logit`.
    """
    sub, terms, n_dropped, y, X, names, res = _ml_fit(df, outcome, terms, cluster)
    params = np.asarray(res.params)
    scores = (y - expit(X @ params))[:, None] * X
    extra: dict[str, Any] = {}
    cov, n_clusters, cov_type = _robust_cov(scores, np.asarray(res.cov_params()), sub, cluster,
                                            cluster_correction, extra)
    return _result(
        params, cov, names, llf=res.llf, ll_null=_null_ll(y), n=len(y), n_clusters=n_clusters,
        method="logit", outcome=outcome, terms=terms, n_dropped=n_dropped, cov_type=cov_type, extra=extra,
    )


def _firth_polish(X: np.ndarray, y: np.ndarray, beta: np.ndarray, max_steps: int = 25) -> np.ndarray:
    """Fisher-scoring steps ``(X'WX)^{-1} U*`` on Firth's modified score from a nearby start."""
    for _ in range(max_steps):
        p = expit(X @ beta)
        w = p * (1 - p)
        info = X.T @ (X * w[:, None])
        try:
            h = np.einsum("ij,jk,ik->i", X, np.linalg.inv(info), X) * w
            delta = np.linalg.solve(info, X.T @ (y - p + h * (0.5 - p)))
        except np.linalg.LinAlgError:
            break
        if not np.all(np.isfinite(delta)) or np.max(np.abs(delta)) > 1.0:
            break  # not near the optimum: keep firthmodels' estimates
        beta = beta + delta
        if np.max(np.abs(delta)) < 1e-11:
            break
    return beta


def fit_firth_logit(df: pd.DataFrame, outcome: str, terms: Sequence[str], cluster: Cluster = None, *,
                    profile: bool = True, cluster_correction: ClusterCorrection = "crv1") -> FitResult:
    """Firth (1993) penalized-likelihood logit via ``firthmodels.FirthLogisticRegression``.

    Finite estimates even under perfect separation.  firthmodels stops at its default tolerance (1e-4, as
    logistf's), which leaves the estimates off in the fifth digit; Fisher-scoring steps on Firth's modified
    score ``X'(y - p + h (1/2 - p))`` then bring it to round-off.  Without ``cluster`` the covariance is
    ``(X'WX)^{-1}`` at the penalized estimates, as in R ``logistf`` (``cov_type`` ``"model-based
    (Firth)"``) -- not firthmodels' ``bse_``, which inverts the *augmented* information
    ``X' diag((1 + h_i) p_i (1 - p_i)) X`` of its Newton step and is smaller.  With ``profile=True``
    (default) the 95% CIs are profile penalized-likelihood intervals and p-values penalized
    likelihood-ratio tests (as ``logistf``); any that fail fall back to Wald.  ``profile=False`` (Wald
    only) is much faster.

    With ``cluster`` (one column, or two for two-way clustering as in :func:`fit_logit`) the covariance
    is the cluster sandwich evaluated at the Firth estimates: bread ``(X'WX)^{-1}`` (the inverse
    unpenalized information at the estimates), meat from the unpenalized logit scores ``(y - p) x``
    summed by cluster, factor ``cluster_correction`` (module docstring).  The Firth penalty's own score
    term ``h (1/2 - p) x`` is O(1/n) and left out.  Intervals and p-values are then Wald from these SEs,
    whatever ``profile`` says (profile intervals are not robust to clustering); ``cov_type`` reads e.g.
    ``"cluster (stata_ml) sandwich at Firth estimates"``.

    ``llf`` is the *unpenalized* log-likelihood at the Firth estimates (the penalized one is in
    ``extra["penalized_llf"]``); ``ll_null`` is the intercept-only ML log-likelihood.
    """
    sub, terms, n_dropped = _prepare(df, outcome, terms, cluster)
    if not terms:
        raise ModelInputError("fit_firth_logit needs at least one term")
    y = _binary_outcome(sub, outcome, n_dropped)
    X = _design(sub, terms, n_dropped)
    names = [CONST, *terms]
    model = FirthLogisticRegression(max_iter=200).fit(X[:, 1:], y)
    if not model.converged_:
        warnings.warn(f"Firth logit for {outcome!r} did not converge", RuntimeWarning, stacklevel=2)
    params = _firth_polish(X, y, np.r_[model.intercept_, model.coef_])
    order = np.r_[len(terms), np.arange(len(terms))]  # firthmodels puts the intercept last
    p = expit(X @ params)
    extra: dict[str, Any] = {"penalized_llf": float(model.loglik_), "converged": bool(model.converged_)}
    cov, n_clusters, cov_type = _robust_cov((y - p)[:, None] * X, np.linalg.inv(X.T @ (X * (p * (1 - p))[:, None])),
                                            sub, cluster, cluster_correction, extra)
    cov_type = "model-based (Firth)" if n_clusters is None else f"{cov_type} sandwich at Firth estimates"
    bse = np.sqrt(np.diag(cov))
    ci = np.column_stack([params - _Z95 * bse, params + _Z95 * bse])
    pvalues = 2 * stats.norm.sf(np.abs(params / bse))
    ci_method = "wald"
    if profile and n_clusters is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pl = np.asarray(model.conf_int(method="pl"))[order]
            lrt = np.asarray(model.lrt().lrt_pvalues_)[order]
        ok = np.isfinite(pl).all(axis=1)
        ci[ok] = pl[ok]
        pvalues = np.where(np.isfinite(lrt), lrt, pvalues)
        ci_method = "profile" if ok.all() else "profile (wald fallback for some terms)"
    extra["ci_method"] = ci_method
    return _result(
        params, cov, names, llf=_bernoulli_ll(y, p), ll_null=_null_ll(y), n=len(y),
        ci=ci, pvalues=pvalues, n_clusters=n_clusters, method="firth_logit", outcome=outcome,
        terms=terms, n_dropped=n_dropped, cov_type=cov_type, extra=extra,
    )


def fit_relogit(df: pd.DataFrame, outcome: str, terms: Sequence[str], tau: float | None = None,
                cluster: Cluster = None, *, bias_correct: bool = True,
                cluster_correction: ClusterCorrection = "crv1") -> FitResult:
    """Rare-events logit of King & Zeng (2001).

    King, G. and Zeng, L. (2001). "Logistic Regression in Rare Events Data."
    *Political Analysis* 9(2): 137-163.

    1. ML logit ``b`` (statsmodels).
    2. Bias correction ``b~ = b - (X'WX)^{-1} X'W xi`` with ``W = diag(pi (1-pi) w_i)``,
       ``xi_i = 0.5 Q_ii ((1 + w1) pi_i - w1)`` and ``Q = X (X'WX)^{-1} X'``.  With
       ``tau=None`` the sample is taken as random (``w_i = w1 = 1``); with ``tau`` the
       K&Z weights ``w1 = tau/ybar``, ``w0 = (1-tau)/(1-ybar)``, ``w_i = w1 y + w0 (1-y)``
       enter ``W`` and ``xi``.  (Zelig's R code uses ``w0`` inside ``xi``; we follow the
       paper.)
    3. With ``tau`` (population share of 1s), prior correction of the intercept:
       ``b0 - ln[((1-tau)/tau) * (ybar/(1-ybar))]``.
    4. Covariance ``(n/(n+k))^2 V(b)`` per K&Z, where ``V(b)`` is the ML (or clustered
       ML sandwich, one- or two-way as in :func:`fit_logit`) covariance; unscaled if
       ``bias_correct=False``.

    ``llf``/``ll_null``/``aic``/``bic`` are those of the uncorrected ML fit.  ``predict``
    uses the corrected coefficients (population-scale probabilities when ``tau`` is set);
    K&Z's further probability correction term is not applied.
    """
    sub, terms, n_dropped, y, X, names, res = _ml_fit(df, outcome, terms, cluster)
    b = np.asarray(res.params)
    n, k = X.shape
    ybar = float(y.mean())
    if tau is None:
        w1, w = 1.0, np.ones(n)
    else:
        if not 0 < tau < 1:
            raise ModelInputError(f"tau must be strictly between 0 and 1, got {tau}")
        w1, w0 = tau / ybar, (1 - tau) / (1 - ybar)
        w = w1 * y + w0 * (1 - y)
    pi = expit(X @ b)
    W = pi * (1 - pi) * w
    XtWX_inv = np.linalg.inv(X.T @ (X * W[:, None]))
    Q_ii = np.einsum("ij,jk,ik->i", X, XtWX_inv, X)
    xi = 0.5 * Q_ii * ((1 + w1) * pi - w1)
    bias = XtWX_inv @ (X.T @ (W * xi))
    beta = b - bias if bias_correct else b.copy()
    prior_offset = 0.0 if tau is None else float(np.log((1 - tau) / tau * ybar / (1 - ybar)))
    beta[0] -= prior_offset
    extra: dict[str, Any] = {"ml_params": pd.Series(b, index=names), "bias": pd.Series(bias, index=names),
                             "tau": tau, "prior_offset": prior_offset, "bias_correct": bias_correct}
    cov, n_clusters, cov_type = _robust_cov((y - pi)[:, None] * X, np.asarray(res.cov_params()), sub, cluster,
                                            cluster_correction, extra)
    if bias_correct:
        cov = (n / (n + k)) ** 2 * cov
    return _result(
        beta, cov, names, llf=res.llf, ll_null=_null_ll(y), n=n, n_clusters=n_clusters,
        method="relogit", outcome=outcome, terms=terms, n_dropped=n_dropped, cov_type=cov_type, extra=extra,
    )


def _ologit_ll(theta: np.ndarray, X: np.ndarray, codes: np.ndarray) -> float:
    """Ordered-logit log-likelihood in (beta, cut_1..cut_{J-1})."""
    k = X.shape[1]
    xb = X @ theta[:k]
    cuts = np.r_[-np.inf, theta[k:], np.inf]
    return float(np.sum(np.log(np.maximum(expit(cuts[codes + 1] - xb) - expit(cuts[codes] - xb), 1e-300))))


def _ologit_scores(theta: np.ndarray, X: np.ndarray, codes: np.ndarray, n_cat: int) -> np.ndarray:
    """Analytic per-row scores of the ordered logit in (beta, cut_1..cut_{J-1})."""
    k = X.shape[1]
    xb = X @ theta[:k]
    cuts = np.r_[-np.inf, theta[k:], np.inf]
    upp, low = cuts[codes + 1] - xb, cuts[codes] - xb
    F_u, F_l = expit(upp), expit(low)
    f_u, f_l = F_u * (1 - F_u), F_l * (1 - F_l)
    prob = np.maximum(F_u - F_l, 1e-300)
    scores = np.zeros((len(xb), len(theta)))
    scores[:, :k] = (-(f_u - f_l) / prob)[:, None] * X
    rows = np.arange(len(xb))
    has_u, has_l = codes < n_cat - 1, codes > 0
    scores[rows[has_u], k + codes[has_u]] = (f_u / prob)[has_u]
    scores[rows[has_l], k + codes[has_l] - 1] = -(f_l / prob)[has_l]
    return scores


def fit_ordered_logit(df: pd.DataFrame, outcome: str, terms: Sequence[str], cluster: Cluster = None, *,
                      cluster_correction: ClusterCorrection = "crv1") -> FitResult:
    """Ordered (proportional-odds) logit via statsmodels ``OrderedModel(distr="logit")``.

    ``outcome`` is an ordered Categorical (unused levels dropped) or integer codes.
    Estimates come from statsmodels (BFGS), finished by Newton steps on the analytic score (BFGS stops
    with a score of order 1e-4; the Newton steps bring it to round-off, as R ``MASS::polr``).
    statsmodels parameterizes thresholds as ``(cut1, log(cut2-cut1), ...)``; we report the thresholds
    themselves as ``cut1..`` (as Stata ``ologit``), P(y <= j) = logistic(cut_j - x'b), no constant.  The covariance
    is computed here in that parameterization from analytic scores and a central-difference
    Jacobian of the analytic score (statsmodels differentiates the log-likelihood twice
    numerically); with ``cluster`` it is the CRV1 sandwich of the module docstring
    (one- or two-way) with K = slopes + thresholds.  (statsmodels' own ``cov_type="cluster"`` works for
    OrderedModel but uses numerical scores in its log-increment parameterization.)
    """
    sub, terms, n_dropped = _prepare(df, outcome, terms, cluster)
    if not terms:
        raise ModelInputError("fit_ordered_logit needs at least one term")
    codes, categories = _ordered_outcome(sub[outcome], outcome, n_dropped)
    n_cat = len(categories)
    X = _design(sub, terms, n_dropped, const=False)
    n, k = X.shape
    if n <= k + n_cat - 1:
        raise ModelInputError(f"only {n} rows for {k + n_cat - 1} parameters")
    model = OrderedModel(codes, X, distr="logit")
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        res = model.fit(method="bfgs", maxiter=2000, disp=0)
    raw = np.asarray(res.params)
    if not res.mle_retvals.get("converged", False) or not np.all(np.isfinite(raw)):
        raise ModelInputError(f"ordered logit for {outcome!r} did not converge (separation?)")
    theta = np.r_[raw[:k], model.transform_threshold_params(raw)[1:-1]]

    def gradient(t: np.ndarray) -> np.ndarray:
        return _ologit_scores(t, X, codes, n_cat).sum(axis=0)

    # statsmodels' BFGS stops with a score of order 1e-4; Newton steps on the analytic score finish the job
    for _ in range(20):
        H = _numerical_hessian(gradient, theta)
        step = np.linalg.solve(H, gradient(theta))
        candidate = theta - step
        if not (np.all(np.isfinite(candidate)) and np.all(np.diff(candidate[k:]) > 0)) or (
            _ologit_ll(candidate, X, codes) < _ologit_ll(theta, X, codes) - 1e-9
        ):
            break
        theta = candidate
        if np.max(np.abs(step)) < 1e-10:
            break
    H = _numerical_hessian(gradient, theta)
    extra: dict[str, Any] = {}
    cov, n_clusters, cov_type = _robust_cov(_ologit_scores(theta, X, codes, n_cat), np.linalg.inv(-H), sub,
                                            cluster, cluster_correction, extra)
    counts = np.bincount(codes, minlength=n_cat)
    names = [*terms, *[f"cut{j}" for j in range(1, n_cat)]]
    return _result(
        theta, cov, names, llf=_ologit_ll(theta, X, codes), ll_null=float(np.sum(counts * np.log(counts / n))), n=n,
        n_clusters=n_clusters, method="ordered_logit", outcome=outcome, terms=terms,
        family="ordered_logit", n_dropped=n_dropped, categories=categories, cov_type=cov_type, extra=extra,
    )


def fit_logit_or_firth(df: pd.DataFrame, outcome: str, terms: Sequence[str], cluster: Cluster = None, *,
                       cluster_correction: ClusterCorrection = "stata_ml") -> FitResult:
    """``fit_logit`` with cluster-robust SEs; when ML fails because the data are (quasi-)separated, the
    Firth-penalized logit instead, with the same ``cluster`` and ``cluster_correction`` (the sandwich at
    the Firth estimates, Wald intervals), so a fallback never drops the clustered SEs.  ``result.method``
    says which estimator ran, ``result.extra["fallback"]`` why the ML fit was abandoned."""
    try:
        return fit_logit(df, outcome, terms, cluster, cluster_correction=cluster_correction)
    except ModelInputError as exc:
        if "fit_firth_logit" not in str(exc):
            raise
        res = fit_firth_logit(df, outcome, terms, cluster, cluster_correction=cluster_correction)
        res.extra["fallback"] = str(exc)
        return res


def _clogit_arrays(sub: pd.DataFrame, outcome: str, terms: list[str], groups: str
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pad each group's rows into (G, nmax, p) arrays: X, valid mask, outcome, events per group."""
    codes, _ = pd.factorize(sub[groups])
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    X = sub[terms].to_numpy(float)[order]
    y = sub[outcome].to_numpy(float)[order]
    sizes = np.bincount(codes)
    G, nmax, p = len(sizes), int(sizes.max()), X.shape[1]
    pos = np.arange(len(codes)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    Xp = np.zeros((G, nmax, p))
    Xp[codes, pos] = X
    valid = np.zeros((G, nmax), bool)
    valid[codes, pos] = True
    yp = np.zeros((G, nmax))
    yp[codes, pos] = y
    return Xp, valid, yp, yp.sum(axis=1).astype(int)


def _clogit_ll_grad(beta: np.ndarray, X: np.ndarray, valid: np.ndarray, y: np.ndarray, k: np.ndarray,
                    per_group: bool = False) -> tuple[float, np.ndarray]:
    """Exact conditional log-likelihood and its gradient, by the recursion for elementary symmetric
    polynomials (Gail, Lubin and Rubinstein 1981): e_j <- e_j + r_i e_{j-1}, run over the members of all
    groups at once. Scores are rescaled per group so that the k largest have geometric mean 1. With
    ``per_group`` the gradient is returned per group, shape (G, p): each group's score."""
    eta = X @ beta
    eta_sorted = np.sort(np.where(valid, eta, -np.inf), axis=1)[:, ::-1]
    kmax = int(k.max())
    top = np.where(np.arange(eta_sorted.shape[1])[None, :] < k[:, None], eta_sorted, 0.0)
    offset = top.sum(axis=1) / np.maximum(k, 1)
    r = np.where(valid, np.exp(eta - offset[:, None]), 0.0)
    G, nmax, p = X.shape
    e = np.zeros((G, kmax + 1))
    e[:, 0] = 1.0
    de = np.zeros((G, kmax + 1, p))
    for i in range(nmax):
        ri = r[:, i][:, None]
        shifted_e = e[:, :-1]
        de[:, 1:, :] += ri[:, :, None] * (de[:, :-1, :] + X[:, i, None, :] * shifted_e[:, :, None])
        e[:, 1:] += ri * shifted_e
    rows = np.arange(G)
    ek = e[rows, k]
    dek = de[rows, k, :]
    chosen_eta = (y * np.where(valid, eta, 0.0)).sum(axis=1)
    ll = float(np.sum(chosen_eta - np.log(ek) - k * offset))
    if per_group:
        return ll, (y[:, :, None] * X).sum(axis=1) - dek / ek[:, None]
    grad = (y[:, :, None] * X).sum(axis=(0, 1)) - (dek / ek[:, None]).sum(axis=0)
    return ll, grad


def fit_conditional_logit(df: pd.DataFrame, outcome: str, terms: Sequence[str], groups: str,
                          cluster: str | None = None, *, cluster_correction: ClusterCorrection = "stata_ml"
                          ) -> FitResult:
    """Conditional (fixed-effects) logit, McFadden/Chamberlain, as Stata's ``clogit``: each group (an
    intervention) is a choice set; terms constant within groups drop out and must not be given.

    Exact likelihood by the elementary-symmetric-polynomial recursion with an analytic gradient (fast where
    statsmodels' ``ConditionalLogit`` recursion takes minutes on ~100 members and dozens of events per group).
    Groups in which every member or no member has the outcome carry no information and are dropped.

    Covariance: without ``cluster``, the inverse of the numerical Hessian of the analytic gradient
    (model-based, as ``clogit`` without ``vce``; ``cov_type`` ``"nonrobust"``).  With ``cluster`` the
    sandwich ``c * H^{-1} B H^{-1}``, ``B = sum_c s_c s_c'``, where ``s_c`` sums the scores of the groups in
    cluster ``c``: the exact conditional log-likelihood is a sum over groups, so a group's score is its own
    gradient.  ``cluster`` must be ``groups`` itself or a column constant within every group (groups nested
    in clusters); as in Stata's ``clogit, vce(cluster)``, a cluster that cuts across choice sets is refused,
    since the members of one choice set are dependent through the conditioning on its number of events.
    ``cluster_correction`` (module docstring) defaults to Stata's ``"stata_ml"``, ``G/(G-1)`` with ``G``
    the clusters holding informative groups; ``"crv1"`` uses the number of rows as N.  ``cov_type`` reads
    e.g. ``"cluster (stata_ml) by intervention_id, group scores"``.  ``n_clusters`` is the number of
    informative groups without ``cluster`` and the number of clusters with it.
    """
    from scipy.optimize import minimize

    if cluster is not None and not isinstance(cluster, str):
        raise ModelInputError("fit_conditional_logit clusters on one column (the groups or a column that nests "
                              f"them); got {cluster!r}. Two-way clustering is not supported here")
    sub, terms, n_dropped = _prepare(df, outcome, terms, [groups] if cluster in (None, groups) else [groups, cluster])
    _binary_outcome(sub, outcome, n_dropped)
    informative = sub.groupby(groups)[outcome].transform("nunique") > 1
    sub = sub[informative]
    if sub.empty:
        raise ModelInputError(f"no group in {groups!r} has variation in {outcome!r}")
    if cluster is not None and cluster != groups:
        spread = sub.groupby(groups)[cluster].nunique()
        if (spread > 1).any():
            raise ModelInputError(
                f"cluster {cluster!r} cuts across the choice sets in {groups!r} ({int((spread > 1).sum())} "
                f"of {len(spread)} groups span several {cluster!r} values, e.g. {spread.idxmax()!r}); a "
                "conditional logit's scores are per group, so cluster on the groups or on a column constant "
                "within each group (as Stata's clogit requires)"
            )
    flat = sub[terms].to_numpy(float)
    within = (pd.DataFrame(flat, index=sub.index).groupby(sub[groups].to_numpy()).transform("std").fillna(0) > 0)
    constant = [t for t, v in zip(terms, within.any(axis=0), strict=True) if not v]
    if constant:
        raise ModelInputError(f"term(s) {constant} do not vary within {groups!r}; a conditional logit cannot "
                              "estimate them: drop them")
    X, valid, y, k = _clogit_arrays(sub, outcome, terms, groups)

    def objective(b: np.ndarray) -> tuple[float, np.ndarray]:
        ll, g = _clogit_ll_grad(b, X, valid, y, k)
        return -ll, -g

    fit = minimize(objective, np.zeros(len(terms)), jac=True, method="BFGS", options={"gtol": 1e-8, "maxiter": 500})
    beta = fit.x
    H = _numerical_hessian(lambda b: _clogit_ll_grad(b, X, valid, y, k)[1], beta)
    try:
        cov = np.linalg.inv(-H)
    except np.linalg.LinAlgError as exc:
        raise ModelInputError("conditional logit: singular information matrix (collinear terms?)") from exc
    # BFGS may stop on "precision loss" at the optimum when terms differ in scale; judge by the gradient
    grad = _clogit_ll_grad(beta, X, valid, y, k)[1]
    if not np.all(np.isfinite(cov)) or np.max(np.abs(grad * np.sqrt(np.diag(cov)))) > 1e-3:
        raise ModelInputError(f"conditional logit did not converge: {fit.message}")
    ll0 = _clogit_ll_grad(np.zeros_like(beta), X, valid, y, k)[0]
    n_clusters: int = int(sub[groups].nunique())
    cov_type = "nonrobust"
    if cluster is not None:
        codes, _ = pd.factorize(sub[groups])  # the group order of _clogit_arrays
        first = np.unique(codes, return_index=True)[1]
        group_cluster = sub[cluster].to_numpy()[first]
        group_scores = _clogit_ll_grad(beta, X, valid, y, k, per_group=True)[1]
        cov, n_clusters = _cluster_cov(group_scores, cov, group_cluster, cluster_correction, n_obs=len(sub))
        cov_type = f"cluster ({cluster_correction}) by {cluster}, group scores"
    return _result(beta, cov, list(terms), llf=-fit.fun, ll_null=ll0, n=len(sub),
                   n_clusters=n_clusters, method="conditional logit", outcome=outcome,
                   terms=list(terms), n_dropped=len(df) - len(sub), cov_type=cov_type)
