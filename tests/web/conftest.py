"""Fixtures of the web tests: an app whose results come from the session's data set and fits (nothing is rebuilt
or refitted here; their values are tested in tests/interventions, tests/models and tests/findings)."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("fastapi")


@pytest.fixture(scope="session")
def web_cache(tmp_path_factory):
    """COALITIONLAB_CACHE pointed at a fresh folder for the session (the user's cache is never touched)."""
    path = tmp_path_factory.mktemp("coalitionlab-web-cache")
    old = os.environ.get("COALITIONLAB_CACHE")
    os.environ["COALITIONLAB_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("COALITIONLAB_CACHE", None)
    else:
        os.environ["COALITIONLAB_CACHE"] = old


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
