import json

import pytest

from coalitionlab.findings import FINDINGS, scorecard, verdict
from coalitionlab.interventions.build import build_dataset
from coalitionlab.models import fit_all
from tests.conftest import invoke


@pytest.mark.parametrize("direction,low,high,expected", [
    (+1, 0.1, 0.3, "supported"), (+1, -0.3, -0.1, "contrary"), (+1, -0.1, 0.2, "not supported"),
    (-1, -0.3, -0.1, "supported"), (-1, 0.1, 0.2, "contrary"), (0, -0.1, 0.1, "supported"),
    (0, 0.1, 0.2, "contrary"), (+1, float("nan"), float("nan"), "not testable"),
])
def test_rule(direction, low, high, expected):
    assert verdict(direction, low, high) == expected


@pytest.fixture(scope="module")
def card():
    return scorecard(fit_all(build_dataset(), cv=False))


def test_combining_parts():
    from coalitionlab.findings.scorecard import _combine

    assert _combine(["supported", "supported"]) == "supported"
    assert _combine(["supported", "not supported"]) == "not supported"
    assert _combine(["contrary", "not supported"]) == "contrary"
    assert _combine(["contrary", "supported"]) == "not supported"
    assert _combine(["not testable"]) == "not testable"


def test_every_finding_once_and_verdicts_follow_rule(card):
    assert card["id"].tolist() == [f"F{i}" for i in range(1, 13)] == [f.id for f in FINDINGS]
    for r in card.itertuples():
        parts = [verdict(p["direction"], p["ci_low"], p["ci_high"]) for p in r.parts]
        assert [p["verdict"] for p in r.parts] == parts
        if all(v == "supported" for v in parts):
            assert r.verdict == "supported"
        assert r.ci_low <= r.estimate <= r.ci_high and r.n > 0


def test_scorecard_as_it_stands(card):
    c = card.set_index("id")
    # estimates (AME on the probability) on the rosters rebuilt from sources of record (issue 8)
    for fid, est in {"F4": -0.0077, "F5": 0.0203, "F6": 0.0175, "F7": 0.0768, "F9": 0.0491, "F10": -0.3849}.items():
        assert c.loc[fid, "estimate"] == pytest.approx(est, abs=5e-4), fid
    assert c.loc["F7", "verdict"] == "supported"  # IGO sponsorship raises joining
    assert c.loc["F9", "verdict"] == "supported"  # no clear coalition-versus-unilateral difference in success
    assert c.loc["F10", "verdict"] == "contrary"  # share of partners with a shared threat goes with less success
    assert c.loc["F4", "verdict"] == c.loc["F5", "verdict"] == c.loc["F6", "verdict"] == "not supported"


def test_cli_findings_json():
    code, out, _ = invoke(["findings", "--json"])
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 12
    assert {"id", "claim", "implication", "estimate", "ci_low", "ci_high", "n", "model", "verdict"} <= set(rows[0])
