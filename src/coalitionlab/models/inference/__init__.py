"""Shared statistical inference for every coalitionlab model.

All estimators take a plain :class:`pandas.DataFrame`, an outcome column and a list of
numeric/bool term columns; rows with a missing value in any used column are dropped
(the count is reported as ``FitResult.n_dropped``).  Every binary model gets an
intercept named ``"const"``.  Results are small dataclasses.

The package is split by role (as linearmodels): ``results`` (FitResult, CVResult, FirstDifference,
ModelInputError), ``design`` (data checks, complete rows, design matrices), ``covariance`` (the cluster
sandwich, one- and two-way, and the numerical Hessian shared by the conditional and ordered logits),
``estimators`` (logit, Firth, rare events, ordered, conditional), ``effects`` (average marginal effects,
simulation) and ``validation`` (grouped cross-validation). Import from here: every public name (and the
helpers other modules use) is re-exported.

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

from coalitionlab.models.inference.covariance import _cluster_cov, _numerical_hessian, _robust_cov
from coalitionlab.models.inference.design import _binary_outcome, _design, _ordered_outcome, _prepare
from coalitionlab.models.inference.effects import (
    average_marginal_effects,
    simulate_first_difference,
    simulate_predictions,
)
from coalitionlab.models.inference.estimators import (
    _clogit_ll_grad,
    _ologit_scores,
    fit_conditional_logit,
    fit_firth_logit,
    fit_logit,
    fit_logit_or_firth,
    fit_ordered_logit,
    fit_relogit,
)
from coalitionlab.models.inference.results import (
    CONST,
    Cluster,
    ClusterCorrection,
    CVResult,
    FirstDifference,
    FitResult,
    ModelInputError,
    _result,
)
from coalitionlab.models.inference.validation import grouped_cv

__all__ = [
    "CONST",
    "CVResult",
    "Cluster",
    "ClusterCorrection",
    "FirstDifference",
    "FitResult",
    "ModelInputError",
    "average_marginal_effects",
    "fit_conditional_logit",
    "fit_firth_logit",
    "fit_logit",
    "fit_logit_or_firth",
    "fit_ordered_logit",
    "fit_relogit",
    "grouped_cv",
    "simulate_first_difference",
    "simulate_predictions",
]
# helpers used by other modules and tests; not part of __all__
_HELPERS = (_binary_outcome, _cluster_cov, _clogit_ll_grad, _design, _numerical_hessian, _ologit_scores,
            _ordered_outcome, _prepare, _result, _robust_cov)
