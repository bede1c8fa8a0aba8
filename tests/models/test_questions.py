"""Regression tests of the three questions' models on the bundled data: a change in data or code shows here."""

import pandas as pd
import pytest

from coalitionlab.interventions.build import build_dataset
from coalitionlab.models import fit_all, fit_question
from coalitionlab.models.inference import ModelInputError, fit_logit
from tests.conftest import invoke


@pytest.fixture(scope="module")
def data():
    return build_dataset()


@pytest.fixture(scope="module")
def reports(data):
    return fit_all(data)


PINNED = {
    "q1": ("logit", 113, {"log_troops": 0.125, "regime_objective": 1.041, "protect_own": -0.230,
                           "igo_sponsored": 5.234, "log_capdist": 1.753, "post_911": -1.825}),
    "q2": ("logit", 8770, {"us_defense_pact": -0.184, "idealpoint_distance_us": -0.232, "same_cow_region": 0.449,
                           "shared_threat": 0.376, "log_us_troops": 0.113, "prior_coalitions": 0.084,
                           "igo_sponsored": 1.736, "nato_aspirant": 0.683}),
    "q3": ("logit", 122, {"coalition": 0.265, "log_troops": 0.134, "use_of_force": -1.225,
                          "post_cold_war": 1.425}),
}


@pytest.mark.parametrize("key", ["q1", "q2", "q3"])
def test_main_coefficients_pinned(reports, key):
    method, n, coefs = PINNED[key]
    res = reports[key].main
    assert res.method == method and res.n == n
    for term, value in coefs.items():
        assert res.params[term] == pytest.approx(value, abs=6e-4), term


def test_variants(reports):
    q1, q2, q3 = reports["q1"], reports["q2"], reports["q3"]
    tago = q1.variants["tago"]
    assert tago.n == 288 and tago.params["ground_forces"] == pytest.approx(1.118, abs=6e-4)
    fe = q2.variants["conditional_logit"]
    assert fe.method == "conditional logit" and "igo_sponsored" not in fe.params.index
    assert fe.params["log_us_troops"] == pytest.approx(0.110, abs=6e-4)
    assert fe.params["shared_threat"] == pytest.approx(0.528, abs=6e-4)
    # rare-events correction shrinks the intercept toward zero
    assert abs(q2.variants["rare_events"].params["const"]) < abs(q2.main.params["const"])
    assert q3.variants["among_coalitions"].n == 53
    # basing-only partners counted: Q1 keeps its sample, Q2 gains the coalitions made only of basing partners
    assert q1.variants["basing_counts"].n == q1.main.n and q2.variants["basing_counts"].n == 9506
    assert q2.variants["sponsor_member"].n < q2.main.n  # membership unmeasured for regional organizations
    assert q3.variants["ordered"].categories == ["failed", "partial", "achieved"]


def test_joining_cv(reports):
    cv = reports["q2"].cv
    assert cv.n == 8770 and cv.n_groups == 65
    assert cv.auc == pytest.approx(0.859, abs=0.001)
    assert cv.calibration["count"].sum() == cv.n


def test_clustered_by_intervention(reports, data):
    q2 = reports["q2"].main
    coal = data.interventions.coalition.sum()
    assert q2.n_clusters <= coal and q2.cov_type == "cluster (stata_ml)"


def test_bad_input(data):
    frame = reports_frame = pd.DataFrame({"y": [0, 1, 0, 1], "x": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(ModelInputError, match="nosuch"):
        fit_logit(frame, "y", ["nosuch"])
    with pytest.raises(ModelInputError, match="variation"):
        fit_logit(reports_frame.assign(y=0), "y", ["x"])
    with pytest.raises(Exception, match="Unknown question"):
        fit_question(data, "q9")


def test_cli_fit_errors_and_json():
    code, _, errs = invoke(["fit", "q9"])
    assert code == 2 and "q1, q2, q3" in errs
    code, out, _ = invoke(["fit", "q3", "--json"])
    assert code == 0
    import json

    (q3,) = json.loads(out)
    assert q3["key"] == "q3" and q3["main"]["n"] == 122
