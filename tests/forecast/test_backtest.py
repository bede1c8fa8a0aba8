"""Backtest metrics on hand-checked examples, and a short rolling-origin run."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coalitionlab.forecast import backtest
from coalitionlab.forecast.backtest import METHODS, auc, hits_at, score_one


def test_metrics_by_hand():
    y = np.array([1, 0, 1, 0, 0])
    s = np.array([0.9, 0.8, 0.7, 0.1, 0.0])
    assert auc(y, s) == pytest.approx(5 / 6)
    assert hits_at(y, s, 2) == 1 and hits_at(y, s, 3) == 2
    # a tie across the cut shares the credit: top 2 of scores [1, 1, 1] with one joiner -> 2/3
    assert hits_at(np.array([1, 0, 0]), np.array([1.0, 1.0, 1.0]), 2) == pytest.approx(2 / 3)
    assert np.isnan(auc(np.zeros(3), np.arange(3)))
    m = score_one(y, s, s)
    assert m["p_at_5"] == pytest.approx(2 / 5) and m["r_at_20"] == 1.0
    assert m["brier"] == pytest.approx(np.mean((s - y) ** 2))


def test_short_backtest(coalition_data, forecast_cache):
    r = backtest(coalition_data, start=1990, end=1991)
    ids = set(r.scores["intervention_id"])
    assert ids == {"MIP431", "MIP436", "MIP437"}
    assert set(r.scores["method"]) == set(METHODS)
    o = r.overall().set_index("method")
    assert (o["auc"] > 0.7).all() and o.loc["forecast", "auc"] > 0.85
    assert r.calibration()["n"].sum() == len(r.predictions[r.predictions["method"] == "forecast"])
    assert json.dumps(r.to_dict(), allow_nan=False)
    assert "Backtest" in r.summary().as_text()
