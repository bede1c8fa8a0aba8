"""Progress: plain time-stamped lines on stderr when not on a terminal (logs), nothing with --quiet; results stay on
stdout."""

import json

from tests.conftest import invoke


def test_progress_lines_and_quiet(tmp_path, monkeypatch, coalition_data):
    import coalitionlab.interventions.cache as cache

    code, out, errs = invoke(["panel", "stateyears", "--years", "1990", "--add", "nmc"])
    assert code == 0 and "panel 1/1: creating stateyears with nmc" in errs and "s] " in errs
    code, out, errs = invoke(["panel", "stateyears", "--years", "1990", "--quiet"])
    assert code == 0 and errs == ""

    def fake(curated_dir=None, progress=None, use_cache=None, stats=None):
        progress("interventions (MIP 2022)")
        stats["cache"] = "hit"
        return coalition_data

    monkeypatch.setattr(cache, "load_dataset", fake)
    code, out, errs = invoke(["build", "--out", str(tmp_path / "a")])
    assert code == 0 and "build 1/5: interventions" in errs and "build 2/5: writing" in errs
    code, out, errs = invoke(["build", "--out", str(tmp_path / "b"), "--quiet", "--json"])
    assert code == 0 and errs == "" and json.loads(out)["cache"] == "hit"
