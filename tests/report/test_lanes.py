"""The main job's second lane: the entanglement work and the backtest run in a spawned worker process beside the
data set and the models; a worker that cannot start or dies leaves its work to the main process."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd
import pytest

import coalitionlab.report.main_job as mj


def _die_in_worker(parent: int) -> dict:
    """Kills the worker process it runs in; run in the parent (the fallback), it answers."""
    if os.getpid() != parent:
        os._exit(3)
    return {"ran_in": os.getpid()}


def _where() -> dict:
    return {"ran_in": os.getpid()}


def test_a_lane_runs_in_another_process():
    with mj._Lanes(True) as lanes:
        assert lanes.submit(_where)()["ran_in"] != os.getpid()


def test_a_dead_worker_leaves_the_work_to_this_process():
    with mj._Lanes(True) as lanes:
        assert lanes.submit(_die_in_worker, os.getpid())() == {"ran_in": os.getpid()}
        # the pool is broken now: later work runs here too
        assert lanes.submit(_where)() == {"ran_in": os.getpid()}


def test_serial_lanes_run_here_when_asked():
    calls = []
    lanes = mj._Lanes(False)
    result = lanes.submit(lambda: calls.append(1) or {"ran_in": os.getpid()})
    assert calls == []  # nothing runs until the result is asked for: the same order as the serial job
    assert result() == {"ran_in": os.getpid()} and calls == [1]


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), ("0", None), ("two", None), ("", None)])
def test_workers_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("COALITIONLAB_WORKERS", value)
    default = 2 if (os.cpu_count() or 1) >= 2 else 1
    assert mj.workers() == (expected if expected is not None else default)


@dataclass
class _FakeInitiation:
    models: dict
    frame: pd.DataFrame | None


def test_the_entanglement_lane_keeps_errors_and_drops_the_frame(monkeypatch):
    frame = pd.DataFrame({"init": [0, 1]})
    monkeypatch.setattr(mj, "_commitments", lambda: "commitments")
    monkeypatch.setattr(mj, "_exposure", lambda: (_ for _ in ()).throw(ValueError("no exposure")))
    monkeypatch.setattr(mj, "_initiation", lambda: _FakeInitiation({"a": 1}, frame))
    seen = {}
    monkeypatch.setattr(mj, "_efindings", lambda init: seen.setdefault("frame", init.frame) is frame and "E1-E7")
    lane = mj._entanglement_lane()
    assert lane["commitments"] == "commitments" and lane["exposure"] is None
    assert lane["_errors"] == {"exposure": "ValueError: no exposure"}
    assert lane["efindings"] == "E1-E7"  # E1-E7 were scored on the frame ...
    assert lane["initiation"].frame is None and lane["initiation"].models == {"a": 1}  # ... then it was dropped
    assert lane["_sources"] == []


def test_merge_takes_the_errors_and_sources():
    results = {"_errors": {"data": "x"}}
    sources = {"nmc"}
    mj._merge(results, {"_errors": {"backtest": "y"}, "_sources": ["atop_dyad"], "backtest": None}, sources)
    assert results == {"_errors": {"data": "x", "backtest": "y"}, "backtest": None}
    assert sources == {"nmc", "atop_dyad"}
