"""Exposure monitor: ranked U.S. commitments with the partners' disputes, conflicts and rivalries; warnings."""

from __future__ import annotations

import json

import pytest

from coalitionlab.entanglement.exposure import exposure
from coalitionlab.errors import CoverageError
from tests.conftest import invoke


@pytest.fixture(scope="module")
def e1958():
    return exposure(1958)


def test_taiwan_in_1958(e1958):
    t = e1958.table.set_index("ccode")
    roc = t.loc[713]
    assert roc["obligation"] == "defense pledge" and roc["atopids"] == "3270"
    assert roc["n_rivalries"] == 1 and "China" in roc["why"]
    assert roc["latest_mid"] == 1958 and roc["n_mids"] > 0
    assert roc["rank"] <= 5
    assert list(e1958.table["rank"]) == list(range(1, len(t) + 1))
    assert e1958.table["score"].is_monotonic_decreasing


def test_score_is_the_documented_sum(e1958):
    r = e1958.table.iloc[0]
    assert r["score"] == pytest.approx(r["weight"] * (r["mid_score"] + r["conflict_score"] + r["rivalry_score"]))


def test_warnings_where_coverage_ends():
    e = exposure(2018)
    text = " ".join(e.warnings)
    assert "COW MIDs end in 2014" in text and "ends in 2016" in text
    assert e.table["latest_mid"].dropna().max() <= 2014
    json.dumps(e.to_dict(), allow_nan=False)
    assert "Strategic rivalries end" not in text  # 2018 is inside TSS (to 2020)


def test_bad_year_and_cli():
    with pytest.raises(CoverageError, match="1946-2018"):
        exposure(2020)
    code, out, _ = invoke(["exposure", "--year", "1958", "--json"])
    assert code == 0 and json.loads(out)["exposure"][0]["rank"] == 1
    code, _, err = invoke(["exposure", "--year", "1900"])
    assert code == 2 and "1946-2018" in err
