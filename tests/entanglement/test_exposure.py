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
    assert "Pakistan" in str(e.summary()) and "COW MIDs end in 2014" in str(e.summary())
    assert "Strategic rivalries end" not in text  # 2018 is inside TSS (to 2020)


def test_after_2018_commitments_of_2018_said_and_na_where_sources_end():
    e = exposure(2024)
    assert "those of 2018, not of 2024" in e.warnings[0]
    assert (e.table["commitments_as_of"] == 2018).all()
    assert e.table["n_mids"].isna().all()  # no COW MID year in 2015-2024: NA, never 0
    assert e.table["n_rivalries"].isna().all()  # rivalries end in 2020
    assert e.table["latest_conflict"].max() == 2024  # UCDP runs to 2024


def test_bad_year_and_cli():
    with pytest.raises(CoverageError, match="1946-2024"):
        exposure(2025)
    code, out, _ = invoke(["exposure", "--year", "1958", "--json"])
    assert code == 0 and json.loads(out)["exposure"][0]["rank"] == 1
    code, _, err = invoke(["exposure", "--year", "1900"])
    assert code == 2 and "1946-2024" in err
