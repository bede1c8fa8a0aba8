"""`coalitionlab forecast` and `backtest`: thin adapters (the session's data set stands in for the cached one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import invoke

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture
def use_session_data(monkeypatch, coalition_data, forecast_cache):
    import importlib

    bt = importlib.import_module("coalitionlab.forecast.backtest")  # the package's name `backtest` is the function
    partners = importlib.import_module("coalitionlab.forecast.partners")

    monkeypatch.setattr(partners, "load_data", lambda *a, **k: coalition_data)
    monkeypatch.setattr(bt, "load_data", lambda *a, **k: coalition_data)


def test_forecast_json_in_the_issues_shape(use_session_data):
    code, out, _ = invoke(["forecast", "--target", "Iraq", "--year", "1990", "--igo", "un", "--json"])
    assert code == 0
    d = json.loads(out)
    assert [p["name"] for p in d["partners"][:2]] == ["United Kingdom", "France"]
    assert d["models"]["joining"]["last_start_year"] < 1990


def test_forecast_table_and_scenario_file(use_session_data):
    code, out, _ = invoke(["forecast", "--scenario", str(EXAMPLES / "iraq_1990.yaml"), "--top", "5"])
    assert code == 0 and "United Kingdom" in out and "Partner forecast" in out


@pytest.mark.parametrize("args, message", [
    (["--target", "Irak", "--year", "1990"], "Iraq"),
    (["--target", "Iraq", "--year", "1900"], "from 1946"),
    (["--target", "Iraq", "--year", "1990", "--igo", "eu"], "Unknown IGO"),
    (["--target", "Iraq", "--year", "1990", "--objective", "conquest"], "Unknown objective"),
    (["--target", "Iraq"], "--year"),
    (["--scenario", str(EXAMPLES / "iraq_1990.yaml"), "--target", "Iraq"], "not both"),
])
def test_bad_input_exits_2(use_session_data, args, message):
    code, _, err = invoke(["forecast", *args])
    assert code == 2 and message in err


def test_malformed_scenario_file_exits_2(use_session_data, tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("targets: [Iraq\n")
    code, _, err = invoke(["forecast", "--scenario", str(p)])
    assert code == 2 and "malformed YAML" in err


def test_backtest_bad_range_exits_2(use_session_data):
    code, _, err = invoke(["backtest", "--start", "2030"])
    assert code == 2 and "No U.S. coalition intervention" in err
