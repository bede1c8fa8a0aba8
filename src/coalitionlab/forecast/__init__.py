"""Forecasts for a new crisis: who would join a U.S. coalition, how sure we are, why; and a backtest.

Public entries: :func:`load_scenario` / :func:`make_scenario` -> :class:`Scenario`; :func:`forecast_partners`
-> :class:`ForecastResult`; :func:`backtest` -> :class:`BacktestResult`. Each result has ``summary()`` (a
:class:`~coalitionlab.display.Summary`) and ``to_dict()`` (strict JSON).
"""

from coalitionlab.forecast.backtest import BacktestResult, backtest
from coalitionlab.forecast.partners import ForecastResult, forecast_partners
from coalitionlab.forecast.scenario import Scenario, load_scenario, make_scenario

__all__ = ["BacktestResult", "ForecastResult", "Scenario", "backtest", "forecast_partners", "load_scenario",
           "make_scenario"]
