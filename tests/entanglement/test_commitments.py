"""U.S. commitments by design: real treaties, direction kept, NA past the ATOP member-level file, bad input."""

from __future__ import annotations

import json
from functools import cache

import pandas as pd
import pytest

from coalitionlab.entanglement import commitments, create_us_commitments, us_pact_terms
from coalitionlab.errors import CoverageError, UnknownCountryError
from coalitionlab.panels import create_stateyears
from tests.conftest import invoke


@cache
def _panel() -> pd.DataFrame:
    return create_us_commitments()


def _row(ccode: int, year: int) -> pd.Series:
    d = _panel()
    sel = d[(d["ccode"] == ccode) & (d["year"] == year)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_rows_are_the_state_years_without_the_us():
    d = _panel()
    sy = create_stateyears("cow", (1946, 2018))
    assert len(d) == int((sy["ccode"] != 2).sum())
    assert not d.duplicated(["ccode", "year"]).any()
    assert (d["ccode"] != 2).all()


def test_japan_defense_pact_is_asymmetric_and_keeps_its_direction():
    r = _row(740, 1990)
    assert r["us_defense"] == 1 and r["partner_defense"] == 0  # the U.S. defends Japan, not the reverse
    assert r["asymmetric"] == 1
    assert "3375" in r["atopids"].split(";")
    assert r["relationship"] == "alliance"
    terms = us_pact_terms().query("atopid == 3220 and ccode == 740").iloc[0]  # the 1951 security treaty
    assert (terms["start_year"], terms["end_year"]) == (1951, 1960)
    assert terms["us_defense"] == 1 and terms["partner_defense"] == 0 and terms["asymmetric"] == 1


def test_south_korea_defense_pact_from_1953_conditional_on_location():
    assert _row(732, 1952)["us_defense"] == 0
    for y in (1953, 1954, 1990, 2016):
        r = _row(732, y)
        assert r["us_defense"] == 1
        assert "3240" in r["atopids"].split(";")  # the 2009 Treaty of Amity (3755) joins it later
        assert r["us_defense_conditional"] == 1 and r["cond_location"] == 1 and r["cond_nonprovocation"] == 0
    assert "defense conditional on location" in _row(732, 1990)["design"]


def test_nato_anzus_rio_taiwan():
    for ccode in (200, 220, 255, 640, 20):  # UK, France, Germany (from 1990), Turkey, Canada
        r = _row(ccode, 1990)
        assert r["us_defense"] == 1 and "3180" in r["atopids"].split(";")
    assert not (_panel()[["ccode", "year"]] == [255, 1989]).all(axis=1).any()  # West Germany was 260 to 1990
    assert "3180" in _row(260, 1989)["atopids"].split(";")
    assert "3215" in _row(900, 1955)["atopids"].split(";")  # ANZUS: Australia
    assert "3215" in _row(920, 1985)["atopids"].split(";")  # New Zealand until 1986 in ATOP
    assert "3215" not in _row(920, 1990)["atopids"].split(";")
    assert "3075" in _row(70, 1950)["atopids"].split(";")  # Rio Pact: Mexico
    taiwan = _row(713, 1955)
    assert taiwan["us_defense"] == 1 and taiwan["atopids"] == "3270" and taiwan["cond_location"] == 1
    assert _row(713, 1985)["us_defense"] == 0  # the treaty ended in 1980


def test_nato_counts_in_1990():
    d = _panel()
    y = d[d["year"] == 1990]
    nato = y[y["atopids"].fillna("").str.split(";").apply(lambda s: "3180" in s)]
    # 15 allies of the U.S. in NATO in 1990, with West Germany (260) and unified Germany (255) both in 1990
    assert len(nato) == 16
    assert {260, 255} <= set(nato["ccode"])
    assert int((y["us_defense"] == 1).sum()) == 53


def test_member_level_defense_agrees_with_atop_51():
    d = _panel()
    m = d[d["year"] <= 2016]
    assert ((m["us_defense_pacts"] > 0) == (m["us_defense"] == 1)).all()


def test_conditions_are_na_after_2016_never_carried():
    for y in (2017, 2018):
        r = _row(740, y)
        assert r["us_defense"] == 1  # ATOP 5.1 still covers the obligation
        for col in ("atopids", "n_pacts", "us_defense_conditional", "cond_location", "asymmetric"):
            assert pd.isna(r[col]), col
    res = commitments(2018, "Japan")
    assert any("ends in 2016" in n for n in res.notes)
    assert "conditions unknown" in str(res.summary())


def test_hostile_ties_veto_partnership():
    cuba = _row(40, 1990)  # U.S. troops at Guantanamo, but a rival of the U.S.
    assert cuba["troops"] > 1000 and cuba["us_rival"] == 1 and cuba["relationship"] == "none"
    syria = _row(652, 2018)  # U.S. troops in Syria, and a MID against the U.S. in 2009-2014
    assert syria["troops"] >= 100 and syria["mids_vs_us_10y"] >= 1 and syria["relationship"] == "none"
    assert _row(670, 1995)["relationship"] == "partnership"  # Saudi Arabia
    assert pd.isna(_row(40, 2018)["mids_vs_us_10y"]) is False  # 2009-2014 of the window are covered


def test_partnership_sources_na_outside_coverage():
    assert pd.isna(_row(200, 1975)["us_exercises_5y"])
    assert pd.isna(_row(200, 2012)["us_exercises_5y"])
    assert pd.isna(_row(200, 2012)["us_side_mids_10y"])
    assert pd.isna(_row(200, 1948)["troops"])
    assert _row(670, 1995)["us_side_mids_10y"] >= 1  # Saudi Arabia fought on the U.S. side in the Gulf War


def test_result_to_dict_is_strict_json():
    res = commitments(2017)
    text = json.dumps(res.to_dict(), allow_nan=False)
    assert '"year": 2017' in text
    assert res.counts()["alliances"] > 50


def test_bad_input():
    with pytest.raises(CoverageError, match="1946-2018"):
        commitments(1945)
    with pytest.raises(CoverageError, match="1946-2018"):
        commitments(2019)
    with pytest.raises(UnknownCountryError):
        commitments(1990, "Atlantis")


def test_cli():
    code, out, _ = invoke(["commitments", "--year", "1990", "--partner", "Japan", "--json"])
    assert code == 0
    data = json.loads(out)
    assert data["relationships"][0]["us_defense"] == 1 and data["relationships"][0]["partner_defense"] == 0
    code, out, err = invoke(["commitments", "--year", "2030"])
    assert code == 2 and "1946-2018" in err
    code, _, err = invoke(["commitments", "--year", "1990", "--partner", "Atlantis"])
    assert code == 2 and "Unknown country" in err


def test_coalition_experience_is_an_optional_partnership_signal():
    from coalitionlab.errors import BadInputError

    rosters = pd.DataFrame({"ccode": [70, 70], "first_year": [1990, 2003], "intervention_id": ["a", "b"]})
    d = create_us_commitments((1989, 2014), coalition_partners=rosters)
    mex = d[d["ccode"] == 70].set_index("year")["us_coalitions_10y"]
    assert (mex.loc[1989], mex.loc[1990], mex.loc[1999], mex.loc[2000], mex.loc[2003], mex.loc[2013]) == \
        (0, 1, 1, 0, 1, 0)
    assert len(d) == len(create_us_commitments((1989, 2014)))  # rows unchanged
    with pytest.raises(BadInputError, match="first_year"):
        create_us_commitments((1990, 1990), coalition_partners=pd.DataFrame({"ccode": [70]}))
