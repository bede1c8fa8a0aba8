"""Invariants of every add_* function, checked with hypothesis on random windows of the cached full panels."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalitionlab import panels as P
from coalitionlab.catalog import get, load
from coalitionlab.errors import BadInputError
from coalitionlab.panels import PanelUnitError
from tests.panels.conftest import full_dyads, full_states

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))

DYAD_ADDERS = {
    "atop": P.add_atop_alliance,
    "atop_ndir": lambda df: P.add_atop_alliance(df, ndir=True),
    "nmc": P.add_nmc,
    "democracy": P.add_democracy,
    "mindist": P.add_minimum_distance,
    "capdist": P.add_capital_distance,
    "contiguity": P.add_contiguity,
    "igos": P.add_igos,
    "trade": P.add_trade,
    "un": P.add_un_idealpoints,
    "troops": P.add_us_troops,
    "td": P.add_strategic_rivalries,
    "tss": lambda df: P.add_strategic_rivalries(df, source="tss"),
    "cow_mids": P.add_cow_mids,
    "gml_mids": lambda df: P.add_gml_mids(df, keep=("hostlev", "hiact")),
    "peace_years": lambda df: P.add_peace_years(P.add_cow_mids(df)),
    "peace_years_onset": lambda df: P.add_peace_years(P.add_gml_mids(df), since="onset", source="gml"),
}
STATE_ADDERS = {k: DYAD_ADDERS[k] for k in ("atop", "nmc", "democracy", "contiguity", "trade", "un", "troops",
                                              "cow_mids", "gml_mids", "peace_years", "peace_years_onset")}
DYAD_ONLY = {"add_minimum_distance": P.add_minimum_distance, "add_capital_distance": P.add_capital_distance,
             "add_igos": P.add_igos, "add_strategic_rivalries": P.add_strategic_rivalries}

# (function, column, source name for coverage, value inside coverage where the source has no row)
SYMMETRIC = [(P.add_minimum_distance, "mindist"), (P.add_contiguity, "conttype"), (P.add_igos, "dyadigos"),
             (P.add_capital_distance, "capdist"), (P.add_strategic_rivalries, "td_rivalry"),
             (lambda df: P.add_atop_alliance(df, ndir=True), "atop_defense"), (P.add_cow_mids, "cowmidonset"),
             (P.add_cow_mids, "cowmid_sameside"), (P.add_un_idealpoints, "idealpoint_distance")]

years = st.integers(1816, 2024).flatmap(lambda a: st.tuples(st.just(a), st.integers(a, min(a + 3, 2024))))


def window(df: pd.DataFrame, span: tuple[int, int]) -> pd.DataFrame:
    return df[(df["year"] >= span[0]) & (df["year"] <= span[1])]


def messy(df: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A user's frame: shuffled rows, a non-default index, an extra column, nullable keys."""
    out = df.sample(frac=1.0, random_state=seed).copy()
    out.index = np.arange(len(out))[::-1] * 3
    out["mine"] = np.arange(len(out))
    return out.astype({c: "Int32" for c in df.columns})


@given(span=years, name=st.sampled_from(sorted(DYAD_ADDERS)), seed=st.integers(0, 10_000))
@SETTINGS
def test_dyad_adders_keep_rows_order_and_columns(span, name, seed):
    df = messy(window(full_dyads(), span), seed)
    out = DYAD_ADDERS[name](df)
    assert len(out) == len(df)
    assert out.index.equals(df.index)
    pd.testing.assert_frame_equal(out[df.columns], df)
    assert "mine" in out.columns and (out["mine"] == df["mine"]).all()


@given(span=years, name=st.sampled_from(sorted(STATE_ADDERS)), seed=st.integers(0, 10_000))
@SETTINGS
def test_state_adders_keep_rows_order_and_columns(span, name, seed):
    df = messy(window(full_states(), span), seed)
    out = STATE_ADDERS[name](df)
    assert len(out) == len(df) and out.index.equals(df.index)
    pd.testing.assert_frame_equal(out[df.columns], df)


@given(span=years, which=st.integers(0, len(SYMMETRIC) - 1))
@SETTINGS
def test_symmetric_relations_are_symmetric_in_directed_data(span, which):
    func, col = SYMMETRIC[which]
    out = func(window(full_dyads(), span))
    a = out[["ccode1", "ccode2", "year", col]]
    b = a.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1", col: "rev"})
    m = a.merge(b, on=["ccode1", "ccode2", "year"], how="left", validate="one_to_one")
    assert len(m) == len(a)
    x, y = m[col].astype("float64").to_numpy(), m["rev"].astype("float64").to_numpy()
    assert np.array_equal(np.isnan(x), np.isnan(y))
    ok = ~np.isnan(x)
    assert np.allclose(x[ok], y[ok])


@cache
def _atop_source() -> pd.DataFrame:
    return load("atop_dyad").set_index(["ccode1", "ccode2", "year"])


@given(span=years)
@SETTINGS
def test_atop_direction_preserved(span):
    out = P.add_atop_alliance(window(full_dyads(), span)).set_index(["ccode1", "ccode2", "year"])
    src = _atop_source()
    cols = list(P.add.alliance.ATOP_VARS)
    inside = out[out.index.get_level_values("year") <= 2018]
    common = inside.index.intersection(src.index)
    assert (inside.loc[common, cols].astype(int).to_numpy() == src.loc[common, cols].to_numpy()).all()
    rest = inside.drop(common)
    assert (rest[cols].astype(int).to_numpy() == 0).all()  # no ATOP row inside coverage: no alliance
    assert out[out.index.get_level_values("year") > 2018][cols].isna().all().all()


# (function, column, data set for coverage, source frame loader -> key set, or None when 0 fills absences)
COVERAGE = [
    (P.add_minimum_distance, "mindist", "mindist", "mindist"),
    (P.add_igos, "dyadigos", "igo_dyad", "igo_dyad"),
    (P.add_trade, "flow1", "trade_dyad", None),
    (P.add_contiguity, "conttype", "contiguity", None),
    (P.add_atop_alliance, "atop_defense", "atop_dyad", None),
    (P.add_cow_mids, "cowmidonset", "cow_mid_dyad", None),
    (P.add_gml_mids, "gmlmidonset", "gml_mid_dyad", None),
    (P.add_strategic_rivalries, "td_rivalry", "td_rivalries", None),
    (P.add_nmc, "cinc1", "nmc", None),
    (P.add_un_idealpoints, "idealpointall1", "un_idealpoints", None),
    (P.add_us_troops, "troops1", "us_troops", None),
]


@cache
def _nondirected_keys(name: str) -> set:
    s = load(name, ["ccode1", "ccode2", "year"])
    return set(zip(s.ccode1, s.ccode2, s.year, strict=True))


@given(span=years, which=st.integers(0, len(COVERAGE) - 1))
@SETTINGS
def test_na_outside_coverage_and_present_inside(span, which):
    func, col, name, keyed = COVERAGE[which]
    out = func(window(full_dyads(), span))
    ds = get(name)
    outside = (out.year < ds.coverage_start) | (out.year > ds.coverage_end)
    assert out.loc[outside, col].isna().all()
    if keyed is not None:  # a value wherever the (non-directed) source has the dyad-year
        keys = _nondirected_keys(keyed)
        lo, hi = np.minimum(out.ccode1, out.ccode2), np.maximum(out.ccode1, out.ccode2)
        has = np.array([(a, b, y) in keys for a, b, y in zip(lo, hi, out.year, strict=True)], bool)
        assert out.loc[has & ~outside, col].notna().all()
    elif name in ("contiguity", "atop_dyad", "cow_mid_dyad", "gml_mid_dyad", "td_rivalries"):
        assert out.loc[~outside, col].notna().all()  # 0/1 relations: 0 where the source has no row


@pytest.mark.parametrize("name,func", sorted(DYAD_ONLY.items()))
def test_dyad_function_on_state_years_names_create_dyadyears(name, func):
    with pytest.raises(PanelUnitError, match=rf"{name}\(\).*create_dyadyears\(\)"):
        func(full_states().head(10))


@pytest.mark.parametrize("func", [P.add_nmc, P.add_atop_alliance, P.add_peace_years])
def test_frames_without_keys_are_refused(func):
    with pytest.raises(PanelUnitError, match="create_dyadyears|create_stateyears"):
        func(pd.DataFrame({"country": ["USA"], "yr": [1990]}))


def test_missing_keys_give_na_not_zero():
    df = pd.DataFrame({"ccode1": pd.array([2, None, 2], dtype="Int32"),
                       "ccode2": pd.array([740, 740, 5000], dtype="Int32"), "year": [1990, 1990, 1990]})
    out = P.add_atop_alliance(P.add_contiguity(df))
    assert out["atop_defense"].tolist()[:1] == [1] and pd.isna(out["atop_defense"][1])
    assert pd.isna(out["conttype"][1]) and pd.isna(out["conttype"][2])


def test_adding_twice_is_refused():
    d = P.add_nmc(full_dyads().head(5))
    with pytest.raises(BadInputError, match="overwrite"):
        P.add_nmc(d)


def test_peace_years_needs_event_column():
    with pytest.raises(BadInputError, match="add_cow_mids"):
        P.add_peace_years(full_dyads().head(5))


def test_gw_frames_translate_to_cow():
    g = P.create_dyadyears("gw", years=(1990, 1990))
    out = P.add_atop_alliance(P.add_democracy(g))
    r = out[(out.gwcode1 == 2) & (out.gwcode2 == 740)].iloc[0]
    assert r["atop_defense"] == 1 and r["polity21"] == 10
    s = P.add_nmc(P.create_stateyears("gw", years=(1990, 1990)))
    assert s.loc[s.gwcode == 2, "cinc"].iloc[0] > 0.1
