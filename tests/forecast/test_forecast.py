"""The partner forecast: real values, invariants, no leakage, the same measurement code as the data set."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coalitionlab.errors import BadInputError
from coalitionlab.forecast import ForecastResult, forecast_partners, make_scenario
from coalitionlab.forecast.measure import scenario_candidates
from coalitionlab.forecast.model import JOINING, fit_model, training_frame

UK, FRANCE, SAUDI, IRAQ = 200, 220, 670, 645
DESERT_SHIELD = "MIP431"


def test_iraq_1990_ranks_the_uk_and_france_first(iraq_1990):
    p = iraq_1990.partners.set_index("ccode")
    assert p.loc[UK, "rank"] == 1 and p.loc[FRANCE, "rank"] == 2
    # Saudi Arabia (the host, which the scenario cannot know) is just outside the top 10: pinned, as the truth
    assert 10 <= p.loc[SAUDI, "rank"] <= 12
    assert 0.7 < p.loc[UK, "probability"] < 0.95
    assert any(r.startswith("joined 12 earlier U.S. coalitions") for r in p.loc[UK, "reasons"])
    assert 5 < iraq_1990.expected_size["mean"] < 11
    assert iraq_1990.warnings and "never saw a U.S. coalition against Iraq" in " ".join(iraq_1990.warnings)


def test_forecast_invariants(iraq_1990, coalition_data):
    p = iraq_1990.partners
    assert p["ccode"].is_unique and IRAQ not in set(p["ccode"]) and 2 not in set(p["ccode"])
    assert len(p) == 163  # every COW state of 1990 less the U.S. and Iraq
    assert p["probability"].between(0, 1).all() and p["low"].between(0, 1).all() and p["high"].between(0, 1).all()
    assert (p["low"] <= p["probability"]).all() and (p["probability"] <= p["high"]).all()
    assert list(p["rank"]) == list(range(1, len(p) + 1))
    assert p["probability"].is_monotonic_decreasing
    es = iraq_1990.expected_size
    assert es["low"] <= es["mean"] <= es["high"] and es["predictive_low"] <= es["predictive_high"]
    assert np.isclose(es["mean"], p["probability"].sum())
    for part in (iraq_1990.coalition, iraq_1990.success["with_coalition"], iraq_1990.success["without_coalition"]):
        assert 0 <= part["low"] <= part["probability"] <= part["high"] <= 1
    assert p["name"].notna().all()


def test_no_leakage_the_1990_models_never_saw_1990(iraq_1990, coalition_data):
    iv = coalition_data.interventions.set_index("intervention_id")
    for info in iraq_1990.models.values():
        assert info["cutoff"] == 1990 and info["last_start_year"] < 1990
    model = fit_model(coalition_data, JOINING, 1990)
    assert DESERT_SHIELD not in model.interventions
    assert iv.loc[model.interventions, "start_year"].max() == 1986
    assert len(model.interventions) == 30 and model.n_rows == 3712
    train = training_frame(coalition_data, JOINING, 1990)
    assert (train["start_year"] < 1990).all() and DESERT_SHIELD not in set(train["intervention_id"])
    # the history features see earlier starts only
    uk = train[(train["ccode"] == UK)]
    assert (uk["joins_10y"] <= uk["prior_coalitions"]).all()


def test_a_scenario_is_measured_by_the_data_sets_code(coalition_data):
    """Iraq 1990 as a scenario gives Desert Shield's candidate covariates (a scenario has no start date, so
    states that entered or left the system during 1990 are candidates, and the MID window ends at 1 January)."""
    cands, _ = scenario_candidates(make_scenario("Iraq", 1990, igo="un"), coalition_data)
    ref = coalition_data.candidates[coalition_data.candidates["intervention_id"] == DESERT_SHIELD].set_index("ccode")
    got = cands.set_index("ccode").loc[ref.index]
    assert set(cands["ccode"]) - set(ref.index) == {223, 255, 678, 680}
    cols = ["us_defense_pact", "idealpoint_distance_us", "trade_share_us", "us_troops", "igos_with_us",
            "same_cow_region", "mindist_target", "rivalry_with_target", "v2x_polyarchy", "cinc", "major_power",
            "middle_power", "nato_member", "prior_coalitions", "sponsor_member", "igo_sponsored"]
    for col in cols:
        a, b = ref[col].astype("float64"), got[col].astype("float64")
        assert ((a == b) | (a.isna() & b.isna())).all(), col
    assert (ref["mids_with_target_10y"] != got["mids_with_target_10y"]).sum() <= 1


def test_strict_json_in_the_issues_shape(iraq_1990):
    d = iraq_1990.to_dict()
    text = json.dumps(d, allow_nan=False)
    assert set(d) >= {"scenario", "partners", "expected_size", "coalition", "success", "flags", "warnings"}
    first = d["partners"][0]
    assert set(first) == {"ccode", "name", "probability", "low", "high", "rank", "reasons"}
    assert first["name"] == "United Kingdom" and isinstance(first["reasons"], list)
    assert d["scenario"]["targets"] == [{"ccode": 645, "name": "Iraq"}] and d["scenario"]["igo"] == "un"
    assert "NaN" not in text


def test_summary_shows_the_top_and_the_warnings(iraq_1990):
    s = iraq_1990.summary(top=10)
    text = s.as_text()
    assert "United Kingdom" in text and "Warning:" in text
    assert len(s.tables[0].rows) == 10
    assert json.dumps(s.to_dict(), allow_nan=False)


def test_entanglement_flags_are_committed_states_with_a_threat(iraq_1990):
    flags = {f["ccode"]: f for f in iraq_1990.flags}
    assert flags[666]["reason"] == "rival of Iraq" and flags[666]["commitment"] == "defense pact"  # Israel
    assert UK in flags and 670 not in flags  # Saudi Arabia: no U.S. commitment in 1989


def test_a_future_crisis_runs_with_carried_warnings(coalition_data, forecast_cache):
    r = forecast_partners(make_scenario("Iran", 2026), coalition_data, n_sims=200)
    assert isinstance(r, ForecastResult)
    text = " ".join(r.warnings)
    assert "carried forward" in text and "ATOP alliances (last year 2018)" in text
    assert "membership is known to 2024" in text and "interventions end in 2019" in text
    assert r.partners["probability"].between(0, 1).all() and len(r.partners) > 180


def test_bad_input_to_forecast(coalition_data):
    with pytest.raises(BadInputError, match="needs a Scenario"):
        forecast_partners({"targets": ["Iraq"], "year": 1990}, coalition_data)
    with pytest.raises(BadInputError, match="too few to fit"):
        forecast_partners(make_scenario("North Korea", 1950), coalition_data)


def test_kosovo_1999_nato_members_lead(coalition_data, forecast_cache):
    from coalitionlab.forecast import load_scenario
    from coalitionlab.forecast.scenario import IGO_KIND

    s = load_scenario(Path(__file__).parents[2] / "examples" / "kosovo_1999.json")
    assert s.igo == "nato" and IGO_KIND[s.igo] == "nato_led"
    r = forecast_partners(s, coalition_data, n_sims=200)
    top5 = list(r.partners["ccode"].head(5))
    assert set(top5) <= {200, 220, 255, 325, 230, 210, 211, 20, 385, 390, 350}  # NATO members of 1998
    assert r.partners.loc[r.partners["ccode"] == 345, "probability"].empty  # Yugoslavia, the target, is out


def test_several_targets_are_all_out_of_the_candidates(coalition_data, forecast_cache):
    r = forecast_partners(make_scenario(["Iraq", "Iran"], 1990), coalition_data, n_sims=100)
    assert not {IRAQ, 630} & set(r.partners["ccode"])
    assert r.scenario.target_codes == [IRAQ, 630] and len(r.partners) == 162


def test_reasons_in_words():
    from coalitionlab.forecast.partners import _reason

    assert _reason("prior_coalitions", {"prior_coalitions": 1.0}, "Iraq") == "joined 1 earlier U.S. coalition"
    assert _reason("joins_same_target", {"joins_same_target": 3.0}, "Iraq") == \
        "joined 3 earlier U.S. coalitions against Iraq"
    assert _reason("shared_threat", {"shared_threat": 1.0, "rivalry_with_target": 1.0}, "Iraq") == "rival of Iraq"
    assert _reason("shared_threat", {"shared_threat": 1.0, "rivalry_with_target": 0.0,
                                     "mids_with_target_10y": 1.0}, "Iraq") == \
        "1 militarized dispute with Iraq in the past 10 years"
    assert _reason("log_mindist_target", {"log_mindist_target": 0.0}, "Iraq") == "borders Iraq"
    assert _reason("us_defense_pact", {"us_defense_pact": float("nan")}, "Iraq") is None


def test_early_years_thin_but_fitted_or_refused(coalition_data, forecast_cache):
    """1958: five coalitions before, some covariates collinear (dropped), the forecast runs and warns; 1950: refused."""
    r = forecast_partners(make_scenario("Lebanon", 1958), coalition_data, n_sims=100)
    assert any(w.startswith("Thin data") for w in r.warnings)
    assert r.partners["probability"].between(0, 1).all()
    with pytest.raises(BadInputError, match="Give a later year"):
        forecast_partners(make_scenario("North Korea", 1950), coalition_data)
