"""Fixtures of the forecast tests: a private model cache for the session and the Iraq 1990 forecast."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def forecast_cache(tmp_path_factory):
    """COALITIONLAB_CACHE pointed at a fresh folder for the whole session (the user's cache is never touched)."""
    path = tmp_path_factory.mktemp("coalitionlab-cache")
    old = os.environ.get("COALITIONLAB_CACHE")
    os.environ["COALITIONLAB_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("COALITIONLAB_CACHE", None)
    else:
        os.environ["COALITIONLAB_CACHE"] = old


@pytest.fixture(scope="session")
def iraq_1990(coalition_data, forecast_cache):
    from coalitionlab.forecast import forecast_partners, make_scenario

    return forecast_partners(make_scenario("Iraq", 1990, igo="un"), coalition_data)
