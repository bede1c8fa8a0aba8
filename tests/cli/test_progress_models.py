"""`coalitionlab fit` and `coalitionlab findings` show their progress on stderr: plain time-stamped lines when stderr
is not a terminal (here: captured), nothing with --quiet; the result on stdout stays clean (JSON with --json)."""

import json
import re

import pytest

from coalitionlab.io import json_dumps
from tests.conftest import invoke

LINE = re.compile(r"^\[ *\d+\.\d s\] (\w+) (\d+)/(\d+): (.+)$")


@pytest.fixture
def quick(monkeypatch, coalition_data, fitted, robust):
    """The session's data set, per-question fits and robustness stand in for rebuilding and refitting them, so
    that fit_all / fit_questions / score_findings still run their own loops (and call progress)."""
    import coalitionlab.findings as findings
    import coalitionlab.interventions.cache as cache
    import coalitionlab.models as models

    monkeypatch.setattr(cache, "load_dataset", lambda *a, **k: coalition_data)
    monkeypatch.setattr(models, "fit_question", lambda data, key, cv=True: fitted[key])
    monkeypatch.setattr(findings, "robustness", lambda *a, **k: robust)


def _lines(errs: str) -> list[tuple[str, int, int, str]]:
    out = []
    for raw in errs.splitlines():
        m = LINE.match(raw)
        assert m, f"not a progress line: {raw!r}"
        out.append((m[1], int(m[2]), int(m[3]), m[4]))
    return out


def test_fit_progress_lines_on_stderr_and_quiet(quick, fitted):
    code, out, errs = invoke(["fit", "all", "--json"])
    assert code == 0
    assert json.loads(out) == json.loads(json_dumps([fitted[k].to_dict() for k in ("q1", "q2", "q3")]))
    assert _lines(errs) == [("fit", 1, 4, "the data set (from the cache, or built)"),
                            ("fit", 2, 4, "fitting q1 (coalition use)"), ("fit", 3, 4, "fitting q2 (joining)"),
                            ("fit", 4, 4, "fitting q3 (success)")]
    code, out, errs = invoke(["fit", "q2"])
    assert code == 0 and "Main model and variants" in out and "fit 2/2: fitting q2" not in out
    assert [m for *_, m in _lines(errs)] == ["the data set (from the cache, or built)", "fitting q2 (joining)"]
    code, out, errs = invoke(["fit", "q3", "--json", "--quiet"])
    assert code == 0 and errs == "" and json.loads(out)[0]["key"] == "q3"
    code, out, errs = invoke(["fit", "q3", "-q"])
    assert code == 0 and errs == "" and "Main model and variants" in out


def test_findings_progress_lines_on_stderr_and_quiet(quick, fitted, robust):
    from coalitionlab.findings import scorecard

    code, out, errs = invoke(["findings", "--json", "--no-entanglement"])
    assert code == 0
    assert json.loads(out) == json.loads(json_dumps(scorecard(fitted, robust).to_dict()))
    assert _lines(errs) == [("findings", 1, 5, "the data set (from the cache, or built)"),
                            ("findings", 2, 5, "fitting q1 (coalition use)"),
                            ("findings", 3, 5, "fitting q2 (joining)"), ("findings", 4, 5, "fitting q3 (success)"),
                            ("findings", 5, 5, "robustness: refitting the alternative specifications")]
    code, out, errs = invoke(["findings", "--no-entanglement", "--no-robustness"])
    assert code == 0 and "F1" in out and [n for _, n, _, _ in _lines(errs)] == [1, 2, 3, 4]
    assert {t for _, _, t, _ in _lines(errs)} == {4}
    code, out, errs = invoke(["findings", "--json", "--no-entanglement", "--quiet"])
    assert code == 0 and errs == "" and json.loads(out) == json.loads(json_dumps(scorecard(fitted, robust).to_dict()))


def test_score_findings_steps_counts_the_calls():
    from coalitionlab.findings import score_findings_steps

    assert score_findings_steps() == 6
    assert score_findings_steps(robust=False, entanglement=False) == 4
    assert score_findings_steps(data_given=True, robust=True, entanglement=False) == 4
