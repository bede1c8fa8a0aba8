"""The reliability tests write their caches into a temporary folder, never into the user's cache."""

import pytest


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("COALITIONLAB_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
