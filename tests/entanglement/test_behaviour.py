"""Allies' behaviour: the alliance terms (real pledges, direction), the initiation frame and the pinned models."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pandas as pd
import pytest

from coalitionlab.entanglement.behaviour import (
    DEFAULT_DESIGNS,
    DESIGNS,
    LABELS,
    add_alliance_terms,
    create_initiation_frame,
    fit_initiation_models,
)
from coalitionlab.errors import BadInputError, CoverageError


@cache
def _shared_report():
    # the full 1946-2010 directed dyad-years, the three default designs and the no-large-pacts check
    return fit_initiation_models(designs=(*DEFAULT_DESIGNS, "leeds_jl_no_large"))


@pytest.fixture(scope="module")
def report():
    return _shared_report()


@pytest.fixture(scope="module")
def frame(report) -> pd.DataFrame:
    return report.frame.set_index(["ccode1", "ccode2", "year"])


def test_frame_rows_and_outcome(report):
    f = report.frame
    assert len(f) == 1_444_960  # every directed COW dyad-year 1946-2010 (create_dyadyears), none lost in merges
    assert not f.duplicated(["ccode1", "ccode2", "year"]).any()
    assert report.n_init == int(f["init"].sum()) == 1578


def test_real_pledges_keep_their_direction(frame):
    nk_rok = frame.loc[(731, 732, 1990)]
    rok_nk = frame.loc[(732, 731, 1990)]
    assert nk_rok["target_defense"] == 1 and nk_rok["target_cond_deter"] == 1  # the U.S. pledge to South Korea
    assert nk_rok["chal_us_defense"] == 0 and rok_nk["chal_us_defense"] == 1
    assert rok_nk["chal_cond_deter"] == 1 and rok_nk["chal_uncond_deter"] == 0
    prc_roc = frame.loc[(710, 713, 1958)]  # the second Taiwan Strait crisis: a PRC initiation against the ROC
    assert prc_roc["init"] == 1 and prc_roc["target_cond_deter"] == 1
    assert frame.loc[(645, 690, 1990), "init"] == 1  # Iraq's invasion of Kuwait


def test_target_and_challenger_terms_mirror(frame):
    a = frame["target_defense"]
    b = frame["chal_defense"].copy()
    b.index = b.index.set_names(["ccode2", "ccode1", "year"])
    b = b.reorder_levels(["ccode1", "ccode2", "year"]).reindex(a.index)
    assert (a.to_numpy() == b.to_numpy()).all()


def test_add_alliance_terms_na_past_2016_and_keeps_rows():
    df = pd.DataFrame({"ccode1": [731, 731, 2], "ccode2": [732, 732, 740], "year": [2016, 2017, 1990]})
    out = add_alliance_terms(df)
    assert len(out) == 3 and list(out["ccode1"]) == [731, 731, 2]
    assert out.loc[0, "target_defense"] == 1
    assert all(pd.isna(out.loc[1, t]) for t in LABELS)
    with pytest.raises(BadInputError):
        add_alliance_terms(out)


def test_models_rows_used_and_dropped(report):
    for m in report.models.values():
        r = m.result
        assert r.n == 985_286 and r.n_dropped == 459_674
        assert m.dropped == {"jdem": 336_950, "idealpoint_distance": 122_724}
        assert r.n_clusters == 13_991


PINNED = {  # coefficient, cluster-robust se (full 1946-2010 sample); the dispute kept for a dyad-year with several
    # is peacesciencer's pick (onset, fatalities, hostility, duration...; docs/panels.md), which moved these slightly
    ("leeds_jl", "target_defense"): (0.2505, 0.1045),
    ("leeds_jl", "chal_defense"): (-0.1295, 0.0962),
    ("leeds_jl", "chal_neutral"): (0.3029, 0.1276),
    ("benson", "chal_cond_deter"): (-0.4567, 0.1199),
    ("benson", "target_cond_deter"): (0.2970, 0.1392),
    ("us", "chal_us_defense"): (-0.2956, 0.2403),
    ("leeds_jl_no_large", "target_defense_nl"): (0.166, 0.102),  # without NATO, Arab League, OAS, Rio
}


@pytest.mark.parametrize("key,term", list(PINNED))
def test_pinned_estimates(report, key, term):
    coef, se = PINNED[(key, term)]
    r = report.models[key].result
    assert r.params[term] == pytest.approx(coef, abs=0.002)
    assert r.bse[term] == pytest.approx(se, abs=0.002)


def test_percent_changes_and_comparison(report):
    e = report.models["benson"].effects.set_index("term")
    assert e.loc["chal_cond_deter", "pct"] == pytest.approx(-35.0, abs=0.5)
    assert e.loc["chal_cond_deter", "pct_ci_high"] < 0  # conditional pledges go with less initiation
    assert np.isclose(e.loc["chal_cond_deter", "pct"], 100 * (np.exp(e.loc["chal_cond_deter", "coef"]) - 1),
                      atol=2)  # rare events: the risk ratio is close to the odds ratio
    c = report.comparison()
    benson = c[(c["term"] == "chal_uncond_compel")].iloc[0]
    assert benson["published_pct"] == 249.0 and "1816-2000" in benson["published_sample"]
    assert "1946-2010" in benson["ours_sample"]
    text = str(report.summary())
    assert "+249%" in text and "dropped" in text
    json.dumps(report.to_dict(), allow_nan=False)


def test_bad_input():
    with pytest.raises(CoverageError, match="1946-2010"):
        create_initiation_frame((1900, 1950))
    with pytest.raises(BadInputError, match="design"):
        fit_initiation_models(designs=("nope",), frame=pd.DataFrame())
    assert set(DESIGNS) == {"leeds_jl", "benson", "us", "leeds_jl_no_large"}
