import numpy as np
import pandas as pd
import pytest

from coalitionlab.catalog import load
from coalitionlab.catalog.countries import members
from coalitionlab.errors import BadInputError, CoverageError
from coalitionlab.panels import create_dyadyears, create_stateyears, is_directed, panel_unit, parse_years
from coalitionlab.panels.unit import PanelUnit


def test_cow_directed_matches_peacesciencer_count(dyads):
    assert len(dyads) == 2_214_930
    assert list(dyads.columns) == ["ccode1", "ccode2", "year"]
    assert not dyads.duplicated().any()
    assert (dyads["ccode1"] != dyads["ccode2"]).all()


def test_non_directed_is_half_and_ordered(dyads):
    nd = create_dyadyears(directed=False)
    assert len(nd) == len(dyads) // 2 == 1_107_465
    assert (nd["ccode1"] < nd["ccode2"]).all()
    assert not is_directed(nd) and is_directed(dyads)


def test_sorted_by_keys(dyads):
    key = (dyads["ccode1"].to_numpy("int64") * 1000 + dyads["ccode2"]) * 10000 + dyads["year"]
    assert np.all(np.diff(key.to_numpy()) > 0)


@pytest.mark.parametrize("system", ["cow", "gw"])
@pytest.mark.parametrize("year", [1816, 1871, 1919, 1945, 1990, 2016, 2024])
def test_members_by_year_match_catalog(system, year):
    code = "ccode" if system == "cow" else "gwcode"
    sy = create_stateyears(system, years=(year, year))
    assert sorted(sy[code].tolist()) == members(year, system)
    dy = create_dyadyears(system, years=(year, year))
    n = len(sy)
    false = load("false_cow_dyads" if system == "cow" else "false_gw_dyads")
    nfalse = int((false["year"] == year).sum())
    assert len(dy) == n * (n - 1) - nfalse


def test_false_dyads_removed_both_directions(dyads):
    false = load("false_cow_dyads")
    k = set(zip(dyads.ccode1.to_numpy(), dyads.ccode2.to_numpy(), dyads.year.to_numpy(), strict=True))
    for a, b, y in zip(false.ccode1, false.ccode2, false.year, strict=True):
        assert (a, b, y) not in k and (b, a, y) not in k


def test_mid_year_entry_counts():
    # South Sudan (626) entered on 2011-07-09: in the 2011 panel; Germany 255 re-entered 1990-10-03
    assert 626 in set(create_stateyears(years=(2011, 2011))["ccode"])
    s1990 = set(create_stateyears(years=(1990, 1990))["ccode"])
    assert {255, 260, 265} <= s1990


def test_gw_panel_keys():
    g = create_dyadyears("gw", years=(2000, 2000))
    assert list(g.columns) == ["gwcode1", "gwcode2", "year"]
    assert panel_unit(g) == PanelUnit("dyad_year", "gw")
    assert panel_unit(create_stateyears("gw", years=(2000, 2000))) == PanelUnit("state_year", "gw")


def test_years_window_and_errors():
    d = create_dyadyears(years=(1946, 1950))
    assert d["year"].min() == 1946 and d["year"].max() == 1950
    with pytest.raises(CoverageError, match="1816-2024"):
        create_dyadyears(years=(1700, 1800))
    with pytest.raises(CoverageError, match="reversed"):
        create_stateyears(years=(2000, 1990))
    with pytest.raises(BadInputError, match="gw"):
        create_stateyears("polity")
    assert parse_years("1946-2014") == (1946, 2014)
    assert parse_years("1990") == (1990, 1990)
    with pytest.raises(BadInputError, match="START-END"):
        parse_years("nineteen")
    with pytest.raises(CoverageError, match="1816-2024"):
        parse_years("1700-1800")


def test_panel_unit_inference():
    assert panel_unit(pd.DataFrame({"ccode": [2], "year": [1990]})) == PanelUnit("state_year", "cow")
    both = pd.DataFrame({"ccode": [2], "ccode1": [2], "ccode2": [20], "year": [1990]})
    assert panel_unit(both) == PanelUnit("dyad_year", "cow")
    assert panel_unit(pd.DataFrame({"x": [1]})) is None
