"""Validation: grouped cross-validation that keeps every row of a group in one fold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold

from coalitionlab.models.inference.design import _binary_outcome, _prepare
from coalitionlab.models.inference.estimators import fit_firth_logit, fit_logit, fit_relogit
from coalitionlab.models.inference.results import CVResult, ModelInputError


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
