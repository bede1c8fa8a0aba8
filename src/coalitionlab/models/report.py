"""The result of fitting one of the coalition questions: the main fit, its marginal effects, variants."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from coalitionlab.models.inference import CVResult, FitResult


def _clean(v: Any) -> Any:
    if isinstance(v, float | np.floating):
        return None if not np.isfinite(v) else round(float(v), 6)
    if isinstance(v, np.integer):
        return int(v)
    return v


def result_dict(res: FitResult) -> dict:
    table = res.table()
    return {
        "method": res.method, "outcome": res.outcome, "n": res.n, "n_clusters": res.n_clusters,
        "n_dropped": res.n_dropped, "cov_type": res.cov_type, "llf": _clean(res.llf),
        "pseudo_r2": _clean(res.pseudo_r2), "aic": _clean(res.aic), "bic": _clean(res.bic),
        "fallback": res.extra.get("fallback"),
        "coefficients": [{k: _clean(v) for k, v in row.items()} for row in table.to_dict(orient="records")],
    }


@dataclass
class ModelReport:
    """One question's models: ``main`` with its average marginal effects ``ame``, named ``variants``, an
    optional grouped cross-validation ``cv``, the sample ``frame`` and ``notes`` on choices made."""

    key: str
    title: str
    main: FitResult
    ame: pd.DataFrame
    frame: pd.DataFrame = field(repr=False)
    variants: dict[str, FitResult] = field(default_factory=dict)
    variant_ames: dict[str, pd.DataFrame] = field(default_factory=dict)
    cv: CVResult | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = {"key": self.key, "title": self.title, "main": result_dict(self.main),
               "ame": [{k: _clean(v) for k, v in r.items()} for r in self.ame.to_dict(orient="records")],
               "variants": {k: result_dict(v) for k, v in self.variants.items()}, "notes": self.notes}
        if self.cv is not None:
            out["cv"] = {"auc": _clean(self.cv.auc), "brier": _clean(self.cv.brier), "n": self.cv.n,
                         "n_groups": self.cv.n_groups, "n_splits": self.cv.n_splits}
        return out
