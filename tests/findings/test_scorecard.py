import json
import math

import pytest

from coalitionlab.findings import FINDINGS, combine, scorecard, verdict
from coalitionlab.findings.scorecard import EQUIVALENCE_MARGIN, holm
from tests.conftest import invoke


@pytest.mark.parametrize("direction,low,high,expected", [
    (+1, 0.1, 0.3, "supported"), (+1, -0.3, -0.1, "contrary"), (+1, -0.1, 0.2, "not supported"),
    (-1, -0.3, -0.1, "supported"), (-1, 0.1, 0.2, "contrary"), (+1, float("nan"), float("nan"), "not testable"),
])
def test_directional_rule(direction, low, high, expected):
    assert verdict(direction, low, high) == expected


def test_equivalence_rule():
    # no clear difference is supported only when the 90% interval lies inside the margin
    assert verdict(0, -0.08, 0.07, -0.06, 0.05) == "supported"
    assert verdict(0, -0.2, 0.09, -0.18, 0.07) == "not supported"  # includes 0 but too wide: inconclusive
    assert verdict(0, 0.01, 0.05, 0.015, 0.045) == "contrary"
    assert verdict(0, -0.05, 0.05, -0.04, 0.04, margin=None) == "not testable"
    assert EQUIVALENCE_MARGIN == 0.10


def test_combining_parts():
    assert combine(["supported", "supported"]) == "supported"
    assert combine(["supported", "not supported"]) == "partly supported"
    assert combine(["contrary", "not supported"]) == "contrary"
    assert combine(["contrary", "supported"]) == "mixed"
    assert combine(["not testable"]) == "not testable"
    assert combine(["not supported", "not testable"]) == "not supported"


def test_holm():
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5, float("nan")])[0] == 0.5 and math.isnan(holm([0.5, float("nan")])[1])


@pytest.fixture(scope="module")
def card(fitted, robust):
    return scorecard(fitted, robust).table


def test_every_part_shown_and_verdicts_follow_rules(card):
    assert card["id"].tolist() == [f"F{i}" for i in range(1, 13)] == [f.id for f in FINDINGS]
    for r, f in zip(card.itertuples(), FINDINGS, strict=True):
        assert [p["term"] for p in r.parts] == [p.term for p in f.parts]
        assert r.verdict == combine([p["verdict"] for p in r.parts])
        for p in r.parts:
            assert p["ci_low"] <= p["estimate"] <= p["ci_high"] and p["n"] > 0
            assert p["p"] <= p["p_holm"] <= 1
            if p["direction"] != 0:
                assert p["verdict"] == verdict(p["direction"], p["ci_low"], p["ci_high"])
        assert r.specs_total >= 3 and 0 <= r.specs_held <= r.specs_total
        assert r.fragile == (r.specs_held / r.specs_total < 0.8)


def test_two_part_findings_show_the_supported_part(card):
    c = card.set_index("id")
    # F4 and F8: the first part is not supported, the second is; the finding is partly supported, not hidden
    for fid, supported_term in (("F4", "idealpoint_distance_us"), ("F8", "middle_power")):
        parts = {p["term"]: p for p in c.loc[fid, "parts"]}
        assert parts[supported_term]["verdict"] == "supported"
        assert c.loc[fid, "verdict"] == "partly supported"
    assert c.loc["F4", "joint_p"] == pytest.approx(0.0433, abs=5e-3)


def test_pinned_numbers(card):
    c = card.set_index("id")
    # AME on the probability and its interval ends (see also tests/models/test_snapshot.py)
    expect = {"F5": (0.0243, 0.0001, 0.0485), "F7": (0.0717, 0.0392, 0.1042), "F9": (-0.0574, -0.2087, 0.0938),
              "F10": (-0.2209, -0.5514, 0.1097)}
    for fid, (est, low, high) in expect.items():
        p = c.loc[fid, "parts"][0]
        assert (p["estimate"], p["ci_low"], p["ci_high"]) == pytest.approx((est, low, high), abs=2e-3), fid
    assert c.loc["F7", "parts"][0]["p_holm"] < 0.01  # IGO sponsorship survives the multiple-testing adjustment


def test_robustness_table(robust):
    assert set(robust["id"]) == {f.id for f in FINDINGS}
    loo = robust[robust["kind"] == "leave-one-out"]
    assert len(loo) == 12 and (loo["refits"] >= 50).all()
    na = robust[robust["verdict"] == "not applicable"]
    assert na["holds"].isna().all()
    # F9 cannot be judged against a probability margin by the ordered logit's coefficient
    assert "ordered" in set(na.loc[na["id"] == "F9", "spec"])
    # the F5 verdict rests on imputation: it does not hold on complete cases (fragile)
    f5 = robust[(robust["id"] == "F5") & (robust["spec"] == "listwise")]
    assert not bool(f5["holds"].iloc[0])


def test_cli_findings_json(reuse_fits):
    code, out, _ = invoke(["findings", "--json"])
    assert code == 0
    rows = json.loads(out)["findings"]
    assert len(rows) == 12
    assert {"id", "claim", "implication", "estimate", "ci_low", "ci_high", "n", "model", "verdict", "parts",
            "joint_p"} <= set(rows[0])
    assert {"p", "p_holm", "verdict", "term"} <= set(rows[0]["parts"][0])
    assert {"specs_held", "specs_total", "fragile", "specifications"} <= set(rows[0])
    code, out, _ = invoke(["findings"])
    assert code == 0 and "F12" in out and "fragile" in out
