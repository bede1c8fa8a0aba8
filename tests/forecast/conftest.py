"""Fixtures of the forecast tests: a private model cache for the session and the Iraq 1990 forecast."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def forecast_cache(private_cache):
    """The session's private cache folder (tests/conftest.py: the user's cache is never touched)."""
    return private_cache


@pytest.fixture(scope="session")
def iraq_1990(coalition_data, forecast_cache):
    from coalitionlab.forecast import forecast_partners, make_scenario

    return forecast_partners(make_scenario("Iraq", 1990, igo="un"), coalition_data)
