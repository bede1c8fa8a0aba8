"""E1-E7 in the scorecard's shape: verdicts from the scorecard's rule, cases for the findings only cases can bear."""

from __future__ import annotations

import json

import pytest

from coalitionlab.findings.entanglement import FINDINGS, design_frame, us_partner_frame
from coalitionlab.findings.scorecard import scorecard


@pytest.fixture(scope="module")
def card(entanglement_card):
    return entanglement_card


def test_ids_and_columns(card):
    t = card.table
    assert list(t["id"]) == [f"E{i}" for i in range(1, 8)] == [f.id for f in FINDINGS]
    assert {"id", "claim", "implication", "estimate", "ci_low", "ci_high", "n", "model", "verdict", "proxy",
            "parts"} <= set(t.columns)
    assert "cases" in t.columns
    assert callable(scorecard)  # the same rule module the E-findings use


def test_case_only_findings_are_not_testable_with_cases(card):
    t = card.table.set_index("id")
    for fid in ("E1", "E2", "E3", "E7"):
        assert t.loc[fid, "verdict"] == "not testable"
        assert t.loc[fid, "estimate"] is None or t.loc[fid, "estimate"] != t.loc[fid, "estimate"]  # no number
        assert t.loc[fid, "cases"], fid
    e1 = {c["id"] for c in t.loc["E1", "cases"]}
    assert {"korea_1950", "vietnam_1964", "libya_2011", "taiwan_strait_1954"} <= e1


def test_verdicts_and_estimates(card):
    t = card.table.set_index("id")
    assert t.loc["E4", "verdict"] == "supported"
    assert t.loc["E4", "estimate"] == pytest.approx(-0.0240, abs=0.001)
    assert t.loc["E4", "n"] == 1601
    assert t.loc["E6", "verdict"] == "supported"
    assert t.loc["E6", "ci_high"] < 0 and t.loc["E6", "n"] == 985_286
    e5 = t.loc["E5"]
    assert e5["parts"][0]["verdict"] == "supported"  # U.S. pledges more often conditional: 13 of 19 vs 199 of 600
    assert e5["parts"][0]["estimate"] == pytest.approx(0.3525, abs=0.005)
    assert e5["parts"][1]["verdict"] in {"not supported", "contrary"}
    assert e5["verdict"] == "partly supported"  # the scorecard's combine(): one part supported, none contrary


def test_design_frames():
    d = design_frame()
    us = d[d["us_pledge"] == 1]
    assert (len(us), int(us["conditional"].sum())) == (19, 13)
    u = us_partner_frame()
    jp = u[(u["ccode"] == 740) & (u["atopid"] == 3375)].iloc[0]
    assert jp["conditional"] == 0  # the 1960 U.S.-Japan treaty: an unconditional U.S. pledge in ATOP
    assert u[(u["ccode"] == 640) & (u["atopid"] == 3360)].iloc[0]["rivalry_at_entry"] == 1  # Turkey 1959


def test_json_and_summary(card):
    json.dumps(card.to_dict(), allow_nan=False)
    summary = card.summary()
    table = summary.tables[0]
    assert [row[:2] for row in table.rows][3] == ["E4", "supported"]
    text = str(summary)
    assert "E4: supported" in text and "not testable" in text and "Case records" in text
    json.dumps(summary.to_dict(), allow_nan=False)
