"""The model cache: miss, hit, corruption, keys."""

from __future__ import annotations

import pickle

from coalitionlab.forecast import cache
from coalitionlab.forecast.model import SUCCESS, clear_memory, fit_model


def test_miss_then_hit_then_memory(coalition_data, forecast_cache):
    clear_memory()
    path = cache.path_for("model", cache.data_fingerprint(coalition_data), SUCCESS.as_key(), 1985)
    path.unlink(missing_ok=True)
    stats: dict = {}
    a = fit_model(coalition_data, SUCCESS, 1985, stats=stats)
    assert stats == {"misses": 1} and path.exists() and path.parent == forecast_cache / "forecast"
    assert not list(path.parent.glob("*.tmp"))  # the write was atomic
    clear_memory()
    b = fit_model(coalition_data, SUCCESS, 1985, stats=stats)
    assert stats == {"misses": 1, "hits": 1}
    assert b.fit.params.equals(a.fit.params) and b.interventions == a.interventions
    fit_model(coalition_data, SUCCESS, 1985, stats=stats)
    assert stats["memory"] == 1


def test_corrupt_cache_file_is_ignored_and_rebuilt(coalition_data, forecast_cache):
    clear_memory()
    path = cache.path_for("model", cache.data_fingerprint(coalition_data), SUCCESS.as_key(), 1986)
    fit_model(coalition_data, SUCCESS, 1986)
    clear_memory()
    path.write_bytes(b"\x80\x05 not a pickle")
    stats: dict = {}
    m = fit_model(coalition_data, SUCCESS, 1986, stats=stats)
    assert stats == {"misses": 1} and m.cutoff == 1986
    assert cache.read(path) is not None  # rewritten whole
    path.write_bytes(pickle.dumps({"format": -1, "value": "stale"}))
    assert cache.read(path) is None


def test_keys_differ_by_spec_cutoff_and_data(coalition_data):
    fp = cache.data_fingerprint(coalition_data)
    assert fp == cache.data_fingerprint(coalition_data)
    p1 = cache.path_for("model", fp, SUCCESS.as_key(), 1990)
    assert p1 != cache.path_for("model", fp, SUCCESS.as_key(), 1991)
    assert p1 != cache.path_for("model", fp, {**SUCCESS.as_key(), "terms": ["coalition"]}, 1990)
    assert cache.data_version() in p1.name
    from coalitionlab.interventions.build import CoalitionData

    changed = CoalitionData(**{**coalition_data.__dict__,
                               "partners": coalition_data.partners.iloc[1:].reset_index(drop=True)})
    assert cache.data_fingerprint(changed) != fp
