"""Shared statistical inference for every coalitionlab model.

All estimators take a plain :class:`pandas.DataFrame`, an outcome column and a list of
numeric/bool term columns; rows with a missing value in any used column are dropped
(the count is reported as ``FitResult.n_dropped``).  Every binary model gets an
intercept named ``"const"``.  Results are small dataclasses.

Cluster-robust covariance (``cluster=<column>``) is the CRV1 sandwich
``V = c * A^{-1} B A^{-1}`` with ``A`` the negative Hessian and ``B`` the sum over
clusters of outer products of summed scores.  ``cluster_correction`` sets ``c``:

* ``"crv1"`` (default): ``G/(G-1) * (N-1)/(N-K)``.  This is what statsmodels'
  ``cov_type="cluster"`` applies by default (``use_correction=True``) and what Stata's
  ``regress, vce(cluster g)`` uses.
* ``"stata_ml"``: ``G/(G-1)``.  Stata's maximum-likelihood commands (``logit``,
  ``ologit``) call ``_robust`` with ``minus(1)``, so ``(N-1)/(N-K)`` drops out; use this
  to reproduce Stata ``logit ..., vce(cluster g)`` digit for digit.
* ``"none"``: ``c = 1``.

Two-way clustering (Cameron, Gelbach & Miller 2011, *JBES* 29(2)): ``cluster=("a", "b")`` gives
``V = V_a + V_b - V_ab`` with ``V_ab`` clustered on the intersection of ``a`` and ``b``, each term with its
own factor ``c`` (its own ``G``), as R ``sandwich::vcovCL(cluster = ~ a + b, multi0 = FALSE)``. When ``V``
is not positive semi-definite its negative eigenvalues are set to 0, as ``vcovCL(..., fix = TRUE)``
(``extra["eigen_fix"]`` says so; the matrix before the fix is ``extra["cov_before_eigen_fix"]``).
``n_clusters`` is then the pair ``(G_a, G_b)``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from firthmodels import FirthLogisticRegression, detect_separation
from scipy import stats
from scipy.special import expit
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools import sm_exceptions as sme

from coalitionlab.errors import BadInputError

CONST = "const"
_Z95 = float(stats.norm.ppf(0.975))
ClusterCorrection = Literal["crv1", "stata_ml", "none"]
Cluster = str | Sequence[str] | None


class ModelInputError(BadInputError):
    """Data or arguments cannot support the requested model (a ``ValueError``; the CLI exits 2)."""


@dataclass
class FitResult:
    """Fitted model: estimates, covariance, fit statistics and what is needed to predict.

    ``family`` is ``"logit"`` (binary; ``predict`` returns P(y=1)) or ``"ordered_logit"``
    (``predict`` returns an ``(n, len(categories))`` array of category probabilities;
    thresholds are the params named ``cut1``, ``cut2``, ...).
    """

    params: pd.Series
    bse: pd.Series
    pvalues: pd.Series
    conf_int: pd.DataFrame
    cov: pd.DataFrame = field(repr=False)
    n: int
    n_clusters: int | tuple[int, int] | None
    llf: float
    ll_null: float
    pseudo_r2: float
    aic: float
    bic: float
    method: str
    outcome: str
    terms: list[str]
    family: Literal["logit", "ordered_logit"] = "logit"
    n_dropped: int = 0
    cov_type: str = "nonrobust"
    categories: list[Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def formula(self) -> str:
        """Patsy-style description of the model, e.g. ``"joined ~ x1 + x2"``."""
        return f"{self.outcome} ~ {' + '.join(self.terms) if self.terms else '1'}"

    def table(self) -> pd.DataFrame:
        """Coefficient table with columns term, coef, se, z, p, ci_low, ci_high."""
        cols = {"coef": self.params, "se": self.bse, "z": self.params / self.bse, "p": self.pvalues,
                "ci_low": self.conf_int["low"], "ci_high": self.conf_int["high"]}
        return pd.DataFrame({"term": self.params.index, **{k: v.to_numpy() for k, v in cols.items()}})

    def design(self, X: pd.DataFrame) -> np.ndarray:
        """Design matrix for new data, columns ordered like the slope/intercept params."""
        missing = [t for t in self.terms if t not in X.columns]
        if missing:
            raise ModelInputError(f"prediction data lacks term column(s) {missing}")
        values = X[self.terms].to_numpy(dtype=float)
        if self.family == "logit":
            return np.column_stack([np.ones(len(X)), values])
        return values

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Predicted probabilities for the rows of ``X`` (NaN in a term gives NaN)."""
        D = self.design(X)
        if self.family == "logit":
            return expit(D @ self.params.to_numpy())
        k = len(self.terms)
        xb = D @ self.params.to_numpy()[:k]
        cuts = self.params.to_numpy()[k:]
        cdf = expit(cuts[None, :] - xb[:, None])
        ones = np.ones((len(xb), 1))
        return np.diff(np.hstack([0.0 * ones, cdf, ones]), axis=1)


# --- Input handling ------------------------------------------------------------------


def _available(df: pd.DataFrame) -> str:
    cols = [str(c) for c in df.columns]
    more = f" ... ({len(cols) - 40} more)" if len(cols) > 40 else ""
    return ", ".join(cols[:40]) + more


def _cluster_names(cluster: Cluster) -> list[str]:
    """``cluster`` as a list of zero, one or two column names."""
    if cluster is None:
        return []
    if isinstance(cluster, str):
        return [cluster]
    names = list(cluster)
    if not 1 <= len(names) <= 2 or not all(isinstance(c, str) for c in names) or len(set(names)) < len(names):
        raise ModelInputError(
            f"cluster must be a column name or a list/tuple of two distinct column names, got {cluster!r}"
        )
    return names


def _prepare(df: pd.DataFrame, outcome: str, terms: Sequence[str] | str, cluster: Cluster = None
             ) -> tuple[pd.DataFrame, list[str], int]:
    """Validate columns, drop incomplete rows; return (data, terms, n_dropped)."""
    if not isinstance(df, pd.DataFrame):
        raise ModelInputError(f"expected a pandas DataFrame, got {type(df).__name__}")
    terms = [terms] if isinstance(terms, str) else list(terms)
    if len(set(terms)) != len(terms):
        raise ModelInputError(f"duplicate terms in {terms}")
    if outcome in terms:
        raise ModelInputError(f"outcome {outcome!r} is also listed as a term")
    roles = [("outcome", outcome)] + [("term", t) for t in terms]
    clusters = _cluster_names(cluster)
    roles += [("cluster", c) for c in clusters]
    for role, name in roles:
        if name not in df.columns:
            raise ModelInputError(
                f"{role} column {name!r} not found in data; available columns: {_available(df)}"
            )
    for t in terms:
        s = df[t]
        if not (pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s)) or (
            pd.api.types.is_complex_dtype(s)
        ):
            raise ModelInputError(
                f"term {t!r} has dtype {s.dtype}; only numeric or bool columns are accepted "
                "(encode categories as 0/1 dummy columns first)"
            )
    used = list(dict.fromkeys([outcome, *terms, *clusters]))
    sub = df[used].dropna()
    n_dropped = len(df) - len(sub)
    if len(sub) == 0:
        raise ModelInputError(f"no complete rows: all {len(df)} rows have a missing value in {used}")
    if terms and not np.isfinite(sub[terms].to_numpy(dtype=float)).all():
        bad = [t for t in terms if not np.isfinite(sub[t].to_numpy(dtype=float)).all()]
        raise ModelInputError(f"term(s) {bad} contain infinite values")
    return sub, terms, n_dropped


def _scalar(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _binary_outcome(sub: pd.DataFrame, outcome: str, n_dropped: int) -> np.ndarray:
    s = sub[outcome]
    if not (pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s)):
        raise ModelInputError(f"outcome {outcome!r} has dtype {s.dtype}; a logit needs 0/1 or bool")
    y = s.to_numpy(dtype=float)
    values = np.unique(y)
    if len(values) == 1:
        raise ModelInputError(
            f"outcome {outcome!r} has no variation after dropping {n_dropped} row(s) with missing "
            f"values: it is always {_scalar(s.iloc[0])!r} in all {len(y)} rows"
        )
    if not set(values.tolist()) <= {0.0, 1.0}:
        raise ModelInputError(
            f"outcome {outcome!r} must be binary (0/1 or bool) for a logit; found values "
            f"{values[:10].tolist()}"
        )
    return y


def _design(sub: pd.DataFrame, terms: list[str], n_dropped: int, const: bool = True) -> np.ndarray:
    X = sub[terms].to_numpy(dtype=float) if terms else np.empty((len(sub), 0))
    if const:
        X = np.column_stack([np.ones(len(sub)), X])
    names = ([CONST] if const else []) + terms
    n, k = X.shape
    if n <= k:
        raise ModelInputError(
            f"only {n} complete row(s) (after dropping {n_dropped} with missing values) for "
            f"{k} parameters; need more rows than parameters"
        )
    check = X if const else np.column_stack([np.ones(n), X])
    if np.linalg.matrix_rank(check) < check.shape[1]:
        constant = [t for t in terms if np.ptp(sub[t].to_numpy(dtype=float)) == 0]
        hint = f"; constant term(s): {constant}" if constant else ""
        raise ModelInputError(f"design matrix for {names} is rank deficient (collinear terms{hint})")
    return X


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


def _result(params: np.ndarray, cov: np.ndarray, names: list[str], *, llf: float, ll_null: float,
            n: int, ci: np.ndarray | None = None, pvalues: np.ndarray | None = None, **kw: Any) -> FitResult:
    bse = np.sqrt(np.diag(cov))
    if pvalues is None:
        pvalues = 2 * stats.norm.sf(np.abs(params / bse))
    if ci is None:
        ci = np.column_stack([params - _Z95 * bse, params + _Z95 * bse])
    k = len(params)
    return FitResult(
        params=pd.Series(params, index=names, name="coef"), bse=pd.Series(bse, index=names, name="se"),
        pvalues=pd.Series(pvalues, index=names, name="p"),
        conf_int=pd.DataFrame(ci, index=names, columns=["low", "high"]),
        cov=pd.DataFrame(cov, index=names, columns=names), n=n, llf=float(llf), ll_null=float(ll_null),
        pseudo_r2=float(1 - llf / ll_null), aic=float(-2 * llf + 2 * k), bic=float(-2 * llf + k * np.log(n)),
        **kw,
    )


def _bernoulli_ll(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-300, 1 - 1e-16)
    return float(np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)))


def _null_ll(y: np.ndarray) -> float:
    ybar = y.mean()
    return float(y.sum() * np.log(ybar) + (len(y) - y.sum()) * np.log1p(-ybar))


# --- Binary logit family -------------------------------------------------------------


def _ml_logit(y: np.ndarray, X: np.ndarray, names: list[str], outcome: str) -> Any:
    """statsmodels Newton fit; raise ModelInputError on separation / non-convergence."""
    separated = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = sm.Logit(y, X).fit(method="newton", maxiter=100, disp=0)
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


# --- Ordered logit -------------------------------------------------------------------


def _ordered_outcome(s: pd.Series, outcome: str, n_dropped: int) -> tuple[np.ndarray, list[Any]]:
    if isinstance(s.dtype, pd.CategoricalDtype):
        if not s.cat.ordered:
            raise ModelInputError(f"outcome {outcome!r} is an unordered Categorical; pass ordered or ints")
        s = s.cat.remove_unused_categories()
        categories, codes = list(s.cat.categories), s.cat.codes.to_numpy()
    elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        values = s.to_numpy(dtype=float)
        if not np.all(values == np.round(values)):
            raise ModelInputError(f"outcome {outcome!r} must hold integer category codes")
        uniq = np.unique(values)
        categories, codes = [int(v) for v in uniq], np.searchsorted(uniq, values)
    else:
        raise ModelInputError(f"outcome {outcome!r} must be an ordered Categorical or integers")
    if len(categories) < 2:
        raise ModelInputError(
            f"outcome {outcome!r} has no variation after dropping {n_dropped} row(s) with missing "
            f"values: it is always {_scalar(categories[0])!r}"
        )
    return codes.astype(int), categories


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


# --- Quantities of interest ----------------------------------------------------------


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


def average_marginal_effects(result: FitResult, df: pd.DataFrame, terms: Sequence[str] | None = None,
                             method: Literal["delta", "simulation"] = "delta", *, n_sims: int = 1000,
                             seed: int = 0) -> pd.DataFrame:
    """Average marginal effects on P(y=1) of a binary logit result, over the rows of ``df``.

    Continuous terms: mean over rows of ``p(1-p) * beta_j``.  Terms taking only 0/1 values
    in ``df``: mean discrete change ``P(x_j=1) - P(x_j=0)``.  ``method="delta"``: SEs from
    the delta method with a central-difference Jacobian and ``result.cov``; CI = AME ±
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
        steps = 1e-6 * np.maximum(1.0, np.abs(beta))
        E = np.diag(steps)
        vals = _ame(X, np.vstack([beta + E, beta - E]), cols, discrete)
        J = ((vals[: len(beta)] - vals[len(beta) :]) / (2 * steps)[:, None]).T
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


@dataclass
class FirstDifference:
    """Simulated first difference P(y=1 | changed) - P(y=1 | base)."""

    mean: float
    ci_low: float
    ci_high: float
    point: float
    p_base: float
    p_changed: float
    n_sims: int
    draws: np.ndarray = field(repr=False)


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


# --- Cross-validation ----------------------------------------------------------------


@dataclass
class CVResult:
    """Out-of-fold performance of grouped cross-validation."""

    auc: float
    brier: float
    n: int
    n_groups: int
    n_splits: int
    fitter: str
    calibration: pd.DataFrame
    predictions: pd.Series = field(repr=False)
    folds: pd.Series = field(repr=False)


def grouped_cv(df: pd.DataFrame, outcome: str, terms: Sequence[str], groups: str, n_splits: int = 5,
               seed: int = 0, fitter: Literal["logit", "firth", "relogit"] = "logit",
               ) -> CVResult:
    """K-fold CV keeping every row of a group (e.g. an intervention) in one fold.

    Folds come from sklearn ``StratifiedGroupKFold(shuffle=True, random_state=seed)``
    (groups kept whole, outcome share balanced).  Each fold is predicted by a model
    fitted on the others (``fit_logit``, ``fit_firth_logit(profile=False)`` or
    ``fit_relogit``).  Returns out-of-fold AUC, Brier score and a calibration table over
    deciles of the predicted probability (mean_predicted, observed_rate, count);
    ``predictions`` and ``folds`` are indexed like the complete rows of ``df``.
    """
    sub, terms, n_dropped = _prepare(df, outcome, terms, groups)
    y = _binary_outcome(sub, outcome, n_dropped)
    codes, uniques = pd.factorize(sub[groups])
    if len(uniques) < n_splits:
        raise ModelInputError(f"only {len(uniques)} groups in {groups!r} for {n_splits} folds")
    fits = {"logit": fit_logit, "relogit": fit_relogit,
            "firth": lambda d, o, t: fit_firth_logit(d, o, t, profile=False)}
    if fitter not in fits:
        raise ModelInputError(f"fitter must be one of {sorted(fits)}, got {fitter!r}")
    fold = np.empty(len(sub), dtype=int)
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    for f, (_, test) in enumerate(splitter.split(np.zeros(len(y)), y, codes)):
        fold[test] = f
    pred = np.empty(len(sub))
    for f in range(n_splits):
        test = fold == f
        try:
            res = fits[fitter](sub[~test], outcome, terms)
        except ModelInputError as exc:
            raise ModelInputError(f"fold {f}: {exc}") from exc
        pred[test] = res.predict(sub[test])
    bins = pd.qcut(pred, 10, labels=False, duplicates="drop")
    calibration = (
        pd.DataFrame({"decile": bins, "pred": pred, "y": y})
        .groupby("decile")
        .agg(mean_predicted=("pred", "mean"), observed_rate=("y", "mean"), count=("y", "size"))
    )
    return CVResult(
        auc=float(roc_auc_score(y, pred)), brier=float(np.mean((pred - y) ** 2)), n=len(y),
        n_groups=len(uniques), n_splits=n_splits, fitter=fitter, calibration=calibration,
        predictions=pd.Series(pred, index=sub.index, name="oof_prob"),
        folds=pd.Series(fold, index=sub.index, name="fold"),
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
