"""The built data set, cached on disk: keyed by code, bundled data and curated files; a corrupt entry is rebuilt."""

import shutil

import pandas as pd

import coalitionlab.interventions.build as build
from coalitionlab.interventions.cache import dataset_cache_dir, dataset_key, load_dataset
from coalitionlab.interventions.curated import CURATED_DIR


def test_hit_after_miss_and_new_key_for_new_curated_files(tmp_path, monkeypatch, coalition_data):
    calls = []

    def fake_build(progress=None, curated_dir=None):
        calls.append(curated_dir)
        return coalition_data

    monkeypatch.setenv("COALITIONLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(build, "build_dataset", fake_build)
    stats: dict = {}
    load_dataset(stats=stats)
    assert stats["cache"] == "miss" and len(calls) == 1
    again = load_dataset(stats=stats)
    assert stats["cache"] == "hit" and len(calls) == 1
    pd.testing.assert_frame_equal(again.interventions, coalition_data.interventions)
    # a user's curated folder is another key; changing one of its files is another key again
    cur = tmp_path / "cur"
    shutil.copytree(CURATED_DIR, cur)
    k1 = dataset_key(cur)
    assert k1 != dataset_key()
    (cur / "war_links.yaml").write_text((cur / "war_links.yaml").read_text() + "\n# changed\n")
    assert dataset_key(cur) != k1
    load_dataset(cur, stats=stats)
    assert stats["cache"] == "miss" and len(calls) == 2
    # a truncated entry is rebuilt, not served
    entry = dataset_cache_dir() / f"{dataset_key()}.pkl"
    entry.write_bytes(entry.read_bytes()[:100])
    load_dataset(stats=stats)
    assert stats["cache"] == "miss" and len(calls) == 3
    load_dataset(use_cache=False, stats=stats)
    assert len(calls) == 4
