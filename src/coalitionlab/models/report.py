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


def _clean_tree(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _clean_tree(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_clean_tree(x) for x in v]
    return _clean(v)


def result_dict(res: FitResult) -> dict:
    table = res.table()
    return {
        "method": res.method, "outcome": res.outcome, "n": res.n, "n_clusters": res.n_clusters,
        "n_dropped": res.n_dropped, "cov_type": res.cov_type, "llf": _clean(res.llf),
        "pseudo_r2": _clean(res.pseudo_r2), "aic": _clean(res.aic), "bic": _clean(res.bic),
        "fallback": res.extra.get("fallback"),
        "coefficients": [{k: _clean(v) for k, v in row.items()} for row in table.to_dict(orient="records")],
    }


@dataclass(frozen=True)
class VariantInfo:
    """What a variant changes: the model it is an alternative to (``base``: "main" or another variant's
    name), a one-line ``description``, and ``term_map`` when it measures a term of the base another way (the
    base's term -> this variant's term). ``robustness=False`` marks a variant that answers a different
    question (another sample or outcome) and is not one of the base's alternative specifications."""

    base: str
    description: str
    term_map: dict[str, str] = field(default_factory=dict)
    robustness: bool = True


@dataclass
class ModelReport:
    """One question's models: ``main`` with its average marginal effects ``ame``, named ``variants`` (with
    what each changes in ``variant_info`` and, for binary logits, their AMEs in ``variant_ames``), how each
    model's sample was drawn (``samples``: rows, rows dropped by reason, values imputed by column), an
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
    variant_info: dict[str, VariantInfo] = field(default_factory=dict)
    samples: dict[str, dict] = field(default_factory=dict)

    def model(self, name: str | None) -> FitResult:
        """The main model (``None`` or "main") or a variant by name."""
        return self.main if name in (None, "main") else self.variants[name]

    def ames(self, name: str | None) -> pd.DataFrame | None:
        """Average marginal effects of the main model or a variant (None when it has none)."""
        return self.ame if name in (None, "main") else self.variant_ames.get(name)

    def to_dict(self) -> dict:
        out = {"key": self.key, "title": self.title, "main": result_dict(self.main),
               "ame": [{k: _clean(v) for k, v in r.items()} for r in self.ame.to_dict(orient="records")],
               "variants": {k: {**result_dict(v), "description": self.variant_info[k].description
                                if k in self.variant_info else None,
                                "ame": [{c: _clean(x) for c, x in r.items()}
                                        for r in self.variant_ames[k].to_dict(orient="records")]
                                if k in self.variant_ames else None}
                            for k, v in self.variants.items()},
               "samples": _clean_tree(self.samples), "notes": self.notes}
        if self.cv is not None:
            out["cv"] = {"auc": _clean(self.cv.auc), "brier": _clean(self.cv.brier), "n": self.cv.n,
                         "n_groups": self.cv.n_groups, "n_splits": self.cv.n_splits}
        return out
