"""Backtest: forecast every past U.S. coalition from models that never saw it, and score the ranking.

Rolling origin: for each coalition intervention (at least one partner with forces) that started in ``start`` or
later, the models are fitted on the interventions that started before its start year, its candidates (the data
set's candidates table) are ranked, and the ranking is scored against who actually joined with forces: AUC,
precision at 5 and 10, recall at 20, Brier score; by decade and overall (means over interventions). Beside the
forecast, three baselines: (a) ``experience``: the number of earlier U.S. coalitions each state joined (its
probability: the share of earlier coalitions it joined); (b) ``nato_region``: NATO members first, then states
in the target's region; (c) ``q2_plain``: the plain logit of Q2 (its terms, complete cases, same cut-off).
Ties in a ranking get fractional credit (the expected precision under a random order of the tied states).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from coalitionlab.display import Summary, clean
from coalitionlab.errors import BadInputError
from coalitionlab.forecast.measure import joining_rows
from coalitionlab.forecast.model import JOINING, Q2_PLAIN, Spec, fit_model, load_data
from coalitionlab.interventions.build import CoalitionData

METHODS = ("forecast", "q2_plain", "experience", "nato_region")
METHOD_LABELS = {"forecast": "forecast (logit, forecast terms)", "q2_plain": "(c) plain Q2 logit",
                 "experience": "(a) earlier coalitions joined", "nato_region": "(b) NATO, then same region"}
METRICS = ("auc", "p_at_5", "p_at_10", "r_at_20", "brier")


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties count one half); NaN without both classes."""
    y = np.asarray(y, dtype=bool)
    pos, neg = int(y.sum()), int((~y).sum())
    if pos == 0 or neg == 0:
        return float("nan")
    ranks = pd.Series(score).rank(method="average").to_numpy()
    return float((ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def hits_at(y: np.ndarray, score: np.ndarray, k: int) -> float:
    """Expected number of joiners among the top ``k`` (ties at the cut shared in proportion)."""
    y = np.asarray(y, dtype=float)
    score = np.asarray(score, dtype=float)
    k = min(k, len(y))
    if k == 0:
        return 0.0
    v = np.sort(score)[::-1][k - 1]
    above, tie = score > v, score == v
    return float(y[above].sum() + (k - above.sum()) * y[tie].mean())


def score_one(y: np.ndarray, score: np.ndarray, prob: np.ndarray | None) -> dict:
    """The metrics of one intervention's ranking."""
    n_join = float(np.sum(y))
    return {"auc": auc(y, score), "p_at_5": hits_at(y, score, 5) / min(5, len(y)),
            "p_at_10": hits_at(y, score, 10) / min(10, len(y)),
            "r_at_20": hits_at(y, score, 20) / n_join if n_join else float("nan"),
            "brier": float(np.mean((prob - y) ** 2)) if prob is not None else float("nan")}


@dataclass
class BacktestResult:
    """Per intervention and method: metrics (``scores``), the pooled predictions (``predictions``: for the
    calibration table), by decade and overall means (``table``)."""

    scores: pd.DataFrame
    predictions: pd.DataFrame
    start: int
    seconds: float
    notes: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """Means over interventions, by decade and overall: one row per (period, method)."""
        s = self.scores.assign(period=(self.scores["start_year"] // 10 * 10).astype(str) + "s")
        rows = []
        for period, g in [*s.groupby("period"), ("overall", s)]:
            for m in METHODS:
                gm = g[g["method"] == m]
                rows.append({"period": period, "method": m, "n": gm["intervention_id"].nunique(),
                             **{k: gm[k].mean() for k in METRICS}})
        return pd.DataFrame(rows)

    def overall(self) -> pd.DataFrame:
        t = self.table()
        return t[t["period"] == "overall"].drop(columns="period").reset_index(drop=True)

    def calibration(self, method: str = "forecast", bins: tuple = (0, .02, .05, .1, .2, .3, .5, .7, 1.0)
                    ) -> pd.DataFrame:
        """Pooled calibration: mean predicted probability and observed joining share by probability bin."""
        p = self.predictions[self.predictions["method"] == method]
        cut = pd.cut(p["probability"], list(bins), include_lowest=True)
        g = p.groupby(cut, observed=True).agg(n=("joined", "size"), predicted=("probability", "mean"),
                                              observed=("joined", "mean"))
        return g.rename_axis("bin").reset_index().assign(bin=lambda d: d["bin"].astype(str))

    def calibration_svg(self, methods: tuple[str, ...] = ("forecast", "q2_plain", "experience"), size: int = 360
                        ) -> str:
        """A reliability diagram (observed joining share against mean predicted probability by bin, the
        diagonal is perfect calibration) as a small stand-alone SVG (no plotting library needed)."""
        pad, w = 40, size - 60
        colors = {"forecast": "#1f77b4", "q2_plain": "#ff7f0e", "experience": "#2ca02c"}

        def xy(px: float, py: float) -> str:
            return f"{pad + px * w:.1f},{pad / 2 + (1 - py) * w:.1f}"

        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" font-family="sans-serif" '
               'font-size="10">', '<rect width="100%" height="100%" fill="white"/>',
               f'<polyline points="{xy(0, 0)} {xy(1, 1)}" stroke="#999" stroke-dasharray="4" fill="none"/>',
               f'<polyline points="{xy(0, 1)} {xy(0, 0)} {xy(1, 0)}" stroke="black" fill="none"/>']
        for t in (0, 0.25, 0.5, 0.75, 1.0):
            x0, y0 = xy(t, 0).split(",")
            x1, y1 = xy(0, t).split(",")
            out.append(f'<text x="{x0}" y="{float(y0) + 12:.1f}" text-anchor="middle">{t:g}</text>')
            out.append(f'<text x="{float(x1) - 4:.1f}" y="{float(y1) + 3:.1f}" text-anchor="end">{t:g}</text>')
        bx, by = xy(0.5, 0).split(",")
        out.append(f'<text x="{bx}" y="{float(by) + 26:.1f}" text-anchor="middle">mean predicted probability</text>')
        out.append(f'<text x="10" y="{pad / 2 + w / 2:.1f}" transform="rotate(-90 10 {pad / 2 + w / 2:.1f})" '
                   'text-anchor="middle">observed share joined</text>')
        for i, m in enumerate(methods):
            c = self.calibration(m)
            pts = " ".join(xy(a, b) for a, b in zip(c["predicted"], c["observed"], strict=True))
            color = colors.get(m, "black")
            out.append(f'<polyline points="{pts}" stroke="{color}" fill="none" stroke-width="1.5"/>')
            out += [f'<circle cx="{xy(a, b).split(",")[0]}" cy="{xy(a, b).split(",")[1]}" r="2.5" fill="{color}"/>'
                    for a, b in zip(c["predicted"], c["observed"], strict=True)]
            lx, ly = xy(0.03, 0.95 - 0.06 * i).split(",")
            out.append(f'<text x="{lx}" y="{ly}" fill="{color}">{METHOD_LABELS.get(m, m)}</text>')
        out.append("</svg>")
        return "\n".join(out)

    def beats_baselines(self) -> dict[str, bool]:
        """Whether the forecast beats every baseline on mean precision at 10 and on mean AUC."""
        o = self.overall().set_index("method")
        others = [m for m in METHODS if m != "forecast"]
        return {k: bool(all(o.loc["forecast", k] > o.loc[m, k] for m in others)) for k in ("p_at_10", "auc")}

    def summary(self) -> Summary:
        n = self.scores["intervention_id"].nunique()
        s = Summary("Backtest: partner forecasts for past U.S. coalitions, models cut off before each start",
                    facts=[("Coalition interventions scored", n), ("From", self.start),
                           ("Beats every baseline", self.beats_baselines()), ("Seconds", round(self.seconds, 1))])
        s.add_table(self.overall().assign(method=lambda d: d["method"].map(METHOD_LABELS)),
                    "Overall (means over interventions)")
        s.add_table(self.table(), "By decade of the start")
        s.add_table(self.calibration(), "Calibration of the forecast (pooled candidates)")
        return s.add_notes(self.notes)

    def to_dict(self) -> dict:
        return clean({"start": self.start, "n_interventions": int(self.scores["intervention_id"].nunique()),
                      "overall": self.overall(), "by_period": self.table(), "calibration": self.calibration(),
                      "beats_baselines": self.beats_baselines(), "scores": self.scores, "seconds": self.seconds,
                      "notes": self.notes})


def backtest(data: CoalitionData | None = None, start: int = 1970, end: int | None = None,
             spec: Spec = JOINING, use_cache: bool = True) -> BacktestResult:
    """Rolling-origin backtest of the partner forecast over coalition interventions that started from ``start``
    (to ``end`` inclusive when given); see the module docstring."""
    t0 = time.perf_counter()
    data = load_data(use_cache) if data is None else data
    rows = joining_rows(data)
    iv = data.interventions
    coal = iv[(iv["coalition"] == 1) & (iv["start_year"] >= start)]
    if end is not None:
        coal = coal[coal["start_year"] <= end]
    if coal.empty:
        first, last = (int(x) for x in iv.loc[iv["coalition"] == 1, "start_year"].agg(["min", "max"]))
        span = f"{start} or later" if end is None else f"{start}-{end}"
        raise BadInputError(f"No U.S. coalition intervention started in {span}: the coalitions run {first}-{last}; "
                            "give a start (and end) inside that range.")
    starts = iv.set_index("intervention_id")["start_year"].astype(int)
    coal_years = np.sort(iv.loc[iv["coalition"] == 1, "start_year"].astype(int).to_numpy())
    scores, preds = [], []
    for year in sorted(set(coal["start_year"].astype(int))):
        models = {"forecast": fit_model(data, spec, year, use_cache), "q2_plain": fit_model(data, Q2_PLAIN, year,
                                                                                            use_cache)}
        earlier = int(np.searchsorted(coal_years, year, side="left"))
        for iid in coal.loc[coal["start_year"] == year, "intervention_id"]:
            r = rows[rows["intervention_id"] == iid]
            y = r["joined"].to_numpy(dtype=float)
            out = {}
            for m, model in models.items():
                if iid in set(model.interventions) or model.last_start_year >= starts[iid]:
                    raise AssertionError(f"leak: the {m} model for {year} saw {iid}")
                p = model.predict(r)
                out[m] = (p, p)
            exp = r["prior_coalitions"].to_numpy(dtype=float)
            out["experience"] = (exp, exp / max(earlier, 1))
            out["nato_region"] = (2 * r["nato_member"].fillna(0).to_numpy(float)
                                  + r["same_cow_region"].fillna(0).to_numpy(float), None)
            for m, (score, prob) in out.items():
                scores.append({"intervention_id": iid, "start_year": year, "method": m, "n_candidates": len(r),
                               "n_joined": int(y.sum()), **score_one(y, score, prob)})
                if prob is not None:
                    preds.append(pd.DataFrame({"intervention_id": iid, "method": m, "ccode": r["ccode"].to_numpy(),
                                               "probability": prob, "joined": y}))
    notes = ["Each intervention is forecast by models fitted on interventions that started before its start year "
             "(a rolling origin); metrics are means over interventions.",
             "Missing covariates are filled with the training sample's medians (one deterministic imputation); "
             "the plain Q2 baseline is fitted on complete cases.",
             "Ties in a baseline's ranking get fractional credit (expected precision under a random order).",
             "The experience baseline's probability is the share of earlier U.S. coalitions the state joined."]
    return BacktestResult(pd.DataFrame(scores), pd.concat(preds, ignore_index=True), start,
                          time.perf_counter() - t0, notes)
