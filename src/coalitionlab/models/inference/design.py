"""Data checks and design matrices: validated complete rows, outcomes, the design with its constant."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from coalitionlab.models.inference.results import CONST, Cluster, ModelInputError


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
