"""Real values: known facts of the bundled data, checked through the panel functions."""

import numpy as np
import pandas as pd
import pytest

from coalitionlab import panels as P
from coalitionlab.catalog import load
from tests.panels.conftest import row, srow


@pytest.fixture(scope="module")
def d9091():
    return P.create_dyadyears(years=(1950, 1991))


def test_atop_direction_us_japan_1990(d9091):
    x = P.add_atop_alliance(d9091)
    assert row(x, 2, 740, 1990)["atop_defense"] == 1  # the U.S. defends Japan
    assert row(x, 740, 2, 1990)["atop_defense"] == 0  # Japan has no defense obligation to the U.S.
    assert row(x, 740, 2, 1990)["atop_consul"] == 1
    nd = P.add_atop_alliance(d9091, ndir=True)
    assert row(nd, 2, 740, 1990)["atop_defense"] == 1 and row(nd, 740, 2, 1990)["atop_defense"] == 1


def test_atop_na_after_2018():
    x = P.add_atop_alliance(P.create_dyadyears(years=(2017, 2020)))
    assert row(x, 2, 200, 2018)["atop_defense"] == 1
    assert pd.isna(row(x, 2, 200, 2019)["atop_defense"])
    assert x.loc[x.year > 2018, "atop_defense"].isna().all()
    assert x.loc[x.year <= 2018, "atop_defense"].notna().all()


def test_atop_state_counts_us_1990():
    s = P.add_atop_alliance(P.create_stateyears(years=(1990, 1990)))
    a = load("atop_dyad")
    expect = int(a[(a.ccode1 == 2) & (a.year == 1990)]["atop_defense"].sum())
    assert srow(s, 2, 1990)["atop_defense_n"] == expect > 40  # NATO + Rio Pact + Asian treaties


def test_us_canada_mexico_geography():
    d = P.create_dyadyears(years=(1990, 1990))
    x = P.add_contiguity(P.add_minimum_distance(P.add_capital_distance(d)))
    assert row(x, 2, 20, 1990)["mindist"] == 0 and row(x, 20, 2, 1990)["mindist"] == 0
    assert row(x, 2, 70, 1990)["conttype"] == 1 and row(x, 70, 2, 1990)["conttype"] == 1
    assert row(x, 2, 200, 1990)["conttype"] == 0
    assert row(x, 2, 40, 1990)["conttype"] == 4  # Cuba: 150 miles of water or less
    # Washington-Ottawa is about 735 km; Washington-London about 5,900 km
    assert 700 < row(x, 2, 20, 1990)["capdist"] < 770
    assert 5800 < row(x, 2, 200, 1990)["capdist"] < 6000


def test_contiguity_state_years():
    s = P.add_contiguity(P.create_stateyears(years=(1990, 1990)))
    assert srow(s, 2, 1990)["land_borders"] == 2  # Canada, Mexico


def test_us_iraq_1990_mid_onset_and_joiners(d9091):
    x = P.add_cow_mids(d9091)
    r = row(x, 2, 645, 1990)
    assert r["cowmidonset"] == 1 and r["cowmidongoing"] == 1 and r["cowmid_dispnum"] == 3957
    # Gulf War MID 3957: Iraq (645) and Kuwait (690) originated it; the U.S., U.K., France and Saudi Arabia joined
    assert r["cowmid_orig1"] == 0 and r["cowmid_orig2"] == 1
    for joiner in (200, 220, 670):
        j = row(x, joiner, 645, 1990)
        assert j["cowmid_dispnum"] == 3957 and j["cowmid_orig1"] == 0, joiner
    k = row(x, 690, 645, 1990)
    assert k["cowmid_orig1"] == 1 and k["cowmid_orig2"] == 1
    # the U.S. and the U.K. were on the same side, never on opposite sides
    us_uk = row(x, 2, 200, 1990)
    assert us_uk["cowmid_sameside"] == 1 and us_uk["cowmidongoing"] == 0
    # without joiners, the U.S.-Iraq dyad of 1990 is not a MID dyad; Kuwait-Iraq still is
    y = P.add_cow_mids(d9091, joiners=False)
    assert row(y, 2, 645, 1990)["cowmidongoing"] == 0 and row(y, 690, 645, 1990)["cowmidonset"] == 1


def test_korean_war_joiners(d9091):
    x = P.add_cow_mids(d9091)
    m = load("cow_mid_dyad")
    assert set(m.loc[(m.dispnum == 51) & (m.orig1 == 1), "ccode1"]) == {731, 732}
    r = row(x, 731, 732, 1950)
    assert r["cowmidonset"] == 1 and r["cowmid_orig1"] == 1 and r["cowmid_orig2"] == 1
    for joiner in (2, 200, 900):  # U.S., U.K., Australia joined the South Korean side
        j = row(x, joiner, 731, 1950)
        assert j["cowmidongoing"] == 1 and j["cowmid_orig1"] == 0 and j["cowmid_sidea1"] == 0, joiner


def test_gml_us_iraq_and_coverage():
    x = P.add_gml_mids(P.create_dyadyears(years=(1990, 2012)))
    assert row(x, 2, 645, 1990)["gmlmidonset"] == 1
    assert x.loc[x.year > 2010, "gmlmidonset"].isna().all()
    assert x.loc[x.year <= 2010, "gmlmidonset"].notna().all()


def test_mids_aggregate_several_disputes():
    m = load("cow_mid_dyad")
    many = m.groupby(["ccode1", "ccode2", "year"]).dispnum.nunique()
    (a, b, y), n = many.idxmax(), many.max()
    assert n > 1
    x = P.add_cow_mids(P.create_dyadyears(years=(int(y), int(y))))
    assert row(x, int(a), int(b), int(y))["cowmid_ndisputes"] == n


def test_us_troops(d9091):
    s = P.add_us_troops(P.create_stateyears(years=(1990, 2024)))
    assert srow(s, 260, 1990)["troops"] > 200_000  # West Germany
    assert srow(s, 740, 1990)["troops"] > 40_000  # Japan
    assert srow(s, 255, 1990)["troops"] == 0  # united Germany's row in 1990 is a real 0
    assert s.loc[s.year > 2021, "troops"].isna().all()
    x = P.add_us_troops(d9091)
    assert row(x, 2, 732, 1990)["troops2"] > 40_000


def test_nmc_and_cinc_ratio(d9091):
    x = P.add_nmc(d9091)
    r = row(x, 2, 645, 1990)
    assert r["cinc1"] > r["cinc2"] > 0
    assert r["cinc_ratio"] == pytest.approx(r["cinc1"] / (r["cinc1"] + r["cinc2"]))
    back = row(x, 645, 2, 1990)
    assert back["cinc_ratio"] == pytest.approx(1 - r["cinc_ratio"])
    s = P.add_nmc(P.create_stateyears(years=(2020, 2024)))
    assert s.loc[s.year > 2022, "cinc"].isna().all() and s.loc[s.year <= 2022, "cinc"].notna().any()


def test_democracy_coverage_by_variable():
    s = P.add_democracy(P.create_stateyears(years=(2017, 2024)))
    assert srow(s, 2, 2018)["polity2"] == 8
    # Polity5 ends in 2018, except the U.S., which the Polity project updated through 2020 (7, then 5)
    assert s.loc[(s.year > 2018) & (s.ccode != 2), "polity2"].isna().all()
    assert srow(s, 2, 2020)["polity2"] == 5 and pd.isna(srow(s, 2, 2021)["polity2"])
    assert srow(s, 2, 2022)["v2x_polyarchy"] > 0.7
    assert srow(s, 710, 2022)["v2x_polyarchy"] < 0.2


def test_trade_direction():
    d = P.create_dyadyears(years=(2000, 2000))
    x = P.add_trade(d)
    t = load("trade_dyad")
    src = t[(t.ccode1 == 2) & (t.ccode2 == 710) & (t.year == 2000)].iloc[0]
    us_cn, cn_us = row(x, 2, 710, 2000), row(x, 710, 2, 2000)
    assert us_cn["flow1"] == src["flow1"] and us_cn["flow2"] == src["flow2"]
    assert cn_us["flow1"] == src["flow2"] and cn_us["flow2"] == src["flow1"]  # flipped with the dyad
    assert us_cn["flow1"] > us_cn["flow2"]  # U.S. imports from China exceed its exports to China
    assert 0 < us_cn["trade_dependence1"] < us_cn["trade_dependence2"] < 1
    s = P.add_trade(P.create_stateyears(years=(2014, 2016)))
    assert s.loc[s.year > 2014, "imports"].isna().all()


def test_un_idealpoints():
    x = P.add_un_idealpoints(P.create_dyadyears(years=(1990, 1990)))
    r = row(x, 2, 365, 1990)
    assert r["idealpoint_distance"] == pytest.approx(abs(r["idealpointall1"] - r["idealpointall2"]))
    assert r["idealpointall1"] > 1 > r["idealpointall2"]
    assert pd.isna(row(P.add_un_idealpoints(P.create_dyadyears(years=(1940, 1940))), 2, 200, 1940)["idealpointall1"])


def test_rivalries():
    d = P.create_dyadyears(years=(1950, 2020))
    x = P.add_strategic_rivalries(d)
    assert row(x, 2, 365, 1960)["td_rivalry"] == 1 and row(x, 365, 2, 1960)["td_rivalry"] == 1
    assert row(x, 750, 770, 1990)["td_rivalry"] == 1  # India-Pakistan
    assert row(x, 2, 20, 1990)["td_rivalry"] == 0
    assert x.loc[x.year > 2010, "td_rivalry"].isna().all()
    y = P.add_strategic_rivalries(d, source="tss")
    assert row(y, 750, 770, 2020)["tss_rivalry"] == 1


def test_igos_us_canada():
    x = P.add_igos(P.create_dyadyears(years=(2000, 2016)))
    assert row(x, 2, 20, 2000)["dyadigos"] == row(x, 20, 2, 2000)["dyadigos"] > 30
    assert x.loc[x.year > 2014, "dyadigos"].isna().all()


def _btscs(events: list[int]) -> list[int]:
    """DAMisc::btscs's loop, transcribed: the reference for add_peace_years."""
    out, run = [0] * len(events), 0
    for j in range(1, len(events)):
        if events[j] == 0 and events[j - 1] == 0:
            run += 1
            out[j] = run
        elif events[j] != 0 and events[j - 1] == 0:
            out[j] = run + 1
            run = 0
        elif events[j] == 0 and events[j - 1] != 0:
            out[j] = run = 0
    return out


@pytest.mark.parametrize("since", ["ongoing", "onset"])
def test_peace_years_match_btscs(since):
    event = f"cowmid{since}"
    d = P.add_peace_years(P.add_cow_mids(P.create_dyadyears(years=(1946, 2024))), since=since)
    for a, b in [(2, 645), (2, 365), (750, 770), (645, 690), (2, 20)]:
        s = d[(d.ccode1 == a) & (d.ccode2 == b)].sort_values("year")
        inside = s[s[event].notna()]
        assert inside["pys"].tolist() == _btscs(inside[event].astype(int).tolist())
        assert s.loc[s[event].isna(), "pys"].isna().all()
        assert (inside["pys3"] == inside["pys"] ** 3).all()
    # U.S.-Iraq: the Gulf War MID 3957 began in 1990; 3974 began in 1991, so 1991 is 0 both ways. MID 4273
    # began in 1997 and went on to 2003: 2003 is 0 since the last ongoing year, 5 since the last onset
    assert row(d, 2, 645, 1991)["pys"] == 0
    assert row(d, 2, 645, 2003)["pys"] == {"ongoing": 0, "onset": 5}[since]
    assert row(d, 2, 645, 2004)["pys"] == {"ongoing": 0, "onset": 6}[since]


def test_peace_years_unsorted_input_same_result():
    d = P.add_cow_mids(P.create_dyadyears(years=(1980, 2000)))
    shuffled = d.sample(frac=1.0, random_state=1)
    a = P.add_peace_years(d)
    b = P.add_peace_years(shuffled).loc[a.index]
    assert np.array_equal(a["pys"].to_numpy(), b["pys"].to_numpy())


def test_democracy_columns():
    d = P.create_dyadyears(years=(1990, 1990))
    x = P.add_democracy(d)
    assert [c for c in x.columns if c not in d.columns] == ["polity21", "v2x_polyarchy1", "euds1", "polity22",
                                                            "v2x_polyarchy2", "euds2"]
    r = row(x, 2, 365, 1990)
    assert r["polity21"] == 10 and r["euds1"] > r["euds2"]
    y = P.add_democracy(d, columns=["aeuds"])
    assert "aeuds1" in y.columns and "polity21" not in y.columns
    with pytest.raises(ValueError, match="xm_qudsest"):
        P.add_democracy(d, columns=["xm_qudsest"])


def test_trade_dependence_is_a_share():
    from coalitionlab.panels import create_dyadyears
    from coalitionlab.panels.add.trade import add_trade

    d = add_trade(create_dyadyears(years=(1946, 1960)))
    dep = d["trade_dependence1"].dropna()
    assert len(dep) > 10_000 and dep.between(0, 1).all()
    # Poland-U.S. 1960: COW's dyadic flows exceed Poland's national total, so the share is missing
    row = d[(d.ccode1 == 290) & (d.ccode2 == 2) & (d.year == 1960)]
    assert row["flow1"].notna().item() and pd.isna(row["trade_dependence1"].item())
