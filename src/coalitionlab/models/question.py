"""The result of fitting one of the coalition questions: the main fit, its marginal effects, variants."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from coalitionlab.display import Summary, Table, clean
from coalitionlab.models.inference import CVResult, FitResult


def compare(fits: dict[str, FitResult], ames: dict[str, pd.DataFrame | None] | None = None,
            title: str = "Models side by side") -> Table:
    """The models side by side, as statsmodels' ``summary_col``: one row per term with "coef (se)" in each
    model's column (and "AME" rows where ``ames`` are given), then N, method and covariance."""
    terms = list(dict.fromkeys(t for f in fits.values() for t in f.params.index))
    rows = []
    for t in terms:
        rows.append([t, *[f"{f.params[t]:.3f} ({f.bse[t]:.3f}){_stars(f.pvalues[t])}" if t in f.params.index
                          else "" for f in fits.values()]])
    rows.append(["N", *[f.n for f in fits.values()]])
    rows.append(["rows dropped", *[f.n_dropped for f in fits.values()]])
    rows.append(["method", *[f.method.split(",")[0] + (" + MI" if "imputation" in f.method else "")
                             for f in fits.values()]])
    rows.append(["SEs", *[f.cov_type.split(";")[0] for f in fits.values()]])
    return Table(["term", *fits], rows, title)


def _stars(p: float) -> str:
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""


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
class Variants:
    """The variants of a question's main model, collected as each is fitted (the three questions share it): the
    fit, its AMEs (binary logits), what it changes and the rows it used. ``fields()`` gives QuestionResult's
    ``variants``, ``variant_ames``, ``variant_info`` and ``samples``."""

    main_sample: dict
    fits: dict = field(default_factory=dict)
    ames: dict = field(default_factory=dict)
    info: dict = field(default_factory=dict)
    samples: dict = field(default_factory=dict)

    def add(self, name: str, fit: Any, ame: Any, description: str, sample: dict, term_map: dict | None = None,
            robustness: bool = True, base: str = "main") -> None:
        self.fits[name] = fit
        self.info[name] = VariantInfo(base, description, term_map or {}, robustness)
        self.samples[name] = sample
        if ame is not None:
            self.ames[name] = ame

    def fields(self) -> dict:
        return {"variants": self.fits, "variant_ames": self.ames, "variant_info": self.info,
                "samples": {"main": self.main_sample, **self.samples}}


@dataclass
class QuestionResult:
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

    def summary(self) -> Summary:
        """The question as a Summary: the sample (rows used, dropped by reason, imputed), the main model with
        its AMEs, every model side by side, the samples of the variants, what each variant changes, the
        cross-validation, and the notes."""
        main = self.samples.get("main", {})
        s = Summary(self.title, facts=[("Main model", self.main.method), ("Outcome", self.main.outcome),
                                       ("Rows", main.get("rows", self.main.n)), ("Used", self.main.n)])
        if main:
            s.add_fact("Dropped", main["dropped"])
            s.add_fact("Dropped by reason", main["dropped_by_reason"] or "none")
            if "imputed_by_column" in main:
                s.add_fact("Values imputed by column", main["imputed_by_column"] or "none")
        s.add_fact("Covariance", self.main.cov_type)
        if self.cv is not None:
            s.add_fact(f"Grouped {self.cv.n_splits}-fold CV (complete cases)",
                       f"AUC {self.cv.auc:.3f}, Brier {self.cv.brier:.4f}, N {self.cv.n}")
        table = self.main.table()[["term", "coef", "se", "p", "ci_low", "ci_high"]]
        ame = self.ame.set_index("term")
        table["AME"] = table["term"].map(ame["ame"])
        table["AME ci_low"] = table["term"].map(ame["ci_low"])
        table["AME ci_high"] = table["term"].map(ame["ci_high"])
        s.add_table(table, "Main model (AME = average marginal effect on the probability)")
        s.add_table(compare({"main": self.main, **self.variants}, title="Main model and variants: coef (SE); "
                            "* p<0.05, ** p<0.01, *** p<0.001"))
        s.add_table(Table(["model", "rows", "used", "dropped", "dropped by reason", "what it changes"],
                          [[name, v.get("rows"), v.get("used"), v.get("dropped"), v.get("dropped_by_reason") or "-",
                            "main model" if name == "main" else
                            (self.variant_info[name].description if name in self.variant_info else "")]
                           for name, v in self.samples.items()], "Samples and variants"))
        s.add_notes(self.notes)
        return s

    def to_dict(self) -> dict:
        """Strict JSON: the main model, its AMEs, every variant (with its AMEs and what it changes), the
        samples, the cross-validation and the notes."""
        out = {"key": self.key, "title": self.title, "main": self.main.to_dict(), "ame": clean(self.ame),
               "variants": {k: {**v.to_dict(),
                                "description": self.variant_info[k].description if k in self.variant_info else None,
                                "ame": clean(self.variant_ames[k]) if k in self.variant_ames else None}
                            for k, v in self.variants.items()},
               "samples": clean(self.samples), "notes": list(self.notes)}
        if self.cv is not None:
            out["cv"] = clean({"auc": self.cv.auc, "brier": self.cv.brier, "n": self.cv.n,
                               "n_groups": self.cv.n_groups, "n_splits": self.cv.n_splits})
        return out

    def __str__(self) -> str:
        return self.summary().as_text()

    def _repr_html_(self) -> str:
        return self.summary().as_html()
