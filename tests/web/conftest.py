"""Fixtures of the web tests: an app whose results come from the session's data set and fits (nothing is rebuilt
or refitted here; their values are tested in tests/interventions, tests/models and tests/findings)."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")


@pytest.fixture(scope="session")
def web_cache(private_cache):
    """The session's private cache folder (tests/conftest.py: the user's cache is never touched)."""
    return private_cache


@pytest.fixture(scope="session")
def library(coalition_data, web_cache):
    """Results from the session's data set; the findings scorecard only when a test asks for it."""
    from coalitionlab.web import Library

    return Library(data=coalition_data)


@pytest.fixture(scope="session")
def app(library):
    from coalitionlab.web import create_app

    return create_app(library)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def with_findings(library, fitted, robust, entanglement_card):
    """The session's fits stand in for score_findings (the scorecard is assembled from them, not refitted)."""
    from coalitionlab.findings import scorecard

    card = scorecard(fitted, robust)
    card.entanglement = entanglement_card
    library._findings = card
    return card
