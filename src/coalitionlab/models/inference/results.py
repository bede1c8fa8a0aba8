"""What the estimators return: :class:`FitResult`, :class:`FirstDifference`, :class:`CVResult`, and the
error raised when data or arguments cannot support a model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from coalitionlab.display import Summary, clean
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

    def summary(self) -> Summary:
        """The fit as a :class:`~coalitionlab.display.Summary`: sample, covariance, fit statistics and the
        coefficient table (as ``print(fit)`` shows it)."""
        clusters = self.n_clusters
        facts = [("Method", self.method), ("Model", self.formula), ("Observations", self.n),
                 ("Rows dropped", self.n_dropped), ("Covariance", self.cov_type)]
        if clusters is not None:
            facts.append(("Clusters", " x ".join(str(c) for c in clusters) if isinstance(clusters, tuple)
                          else clusters))
        facts += [("Log-likelihood", self.llf), ("Pseudo R2", self.pseudo_r2), ("AIC", self.aic), ("BIC", self.bic)]
        if self.extra.get("fallback"):
            facts.append(("Fallback", self.extra["fallback"]))
        table = self.table().rename(columns={"ci_low": "[0.025", "ci_high": "0.975]"})
        return Summary(f"{self.method}: {self.outcome}", facts=facts).add_table(table)

    def to_dict(self) -> dict:
        """Strict JSON: method, sample, covariance, fit statistics and the coefficient table."""
        return clean({"method": self.method, "outcome": self.outcome, "terms": list(self.terms), "n": self.n,
                      "n_clusters": list(self.n_clusters) if isinstance(self.n_clusters, tuple) else self.n_clusters,
                      "n_dropped": self.n_dropped, "cov_type": self.cov_type, "llf": self.llf,
                      "pseudo_r2": self.pseudo_r2, "aic": self.aic, "bic": self.bic,
                      "fallback": self.extra.get("fallback"), "categories": self.categories,
                      "coefficients": self.table().to_dict(orient="records")})

    def __str__(self) -> str:
        return self.summary().as_text()

    def _repr_html_(self) -> str:
        return self.summary().as_html()

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
