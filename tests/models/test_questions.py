"""Regression tests of the three questions' models on the bundled data: a change in data or code shows here.
The full rounded snapshot is compared in test_snapshot.py; here the design choices of issue 9 are checked."""

import json

import numpy as np
import pandas as pd
import pytest

from coalitionlab.models import fit_question
from coalitionlab.models.coalition_use import Q1_TERMS
from coalitionlab.models.features import POST_HOC_TERMS
from coalitionlab.models.inference import ModelInputError, fit_logit
from coalitionlab.models.joining import Q2_TERMS
from coalitionlab.models.success import Q3_TERMS
from tests.conftest import invoke


def test_main_models_use_only_values_known_before_the_start():
    for terms in (Q1_TERMS, Q2_TERMS, Q3_TERMS):
        assert not set(POST_HOC_TERMS) & set(terms)
    assert "igo_sponsored" not in Q1_TERMS  # nearly the outcome: a described variant only


@pytest.mark.parametrize("key,rows,used", [("q1", 221, 221), ("q2", 10979, 10979), ("q3", 221, 176)])
def test_no_row_lost_silently(fitted, key, rows, used):
    r = fitted[key]
    main = r.samples["main"]
    assert (main["rows"], main["used"]) == (rows, used) == (main["rows"], r.main.n)
    assert main["used"] + main["dropped"] == main["rows"]
    assert main["dropped"] == sum(main["dropped_by_reason"].values())  # each drop has a reason
    for name, fit in r.variants.items():
        s = r.samples[name]
        assert s["used"] == fit.n or "conditional" in fit.method or "fixed" in name, name
        assert s["used"] + s["dropped"] == s["rows"], name


def test_pinned_main_estimates(fitted):
    # multiple imputation keeps the Korean War, Iraq 2003 and every intervention whose crisis state had no
    # UN ideal point; the estimates (coefficient, AME) of the main terms
    q1, q2, q3 = (fitted[k] for k in ("q1", "q2", "q3"))
    assert q1.main.params["regime_objective"] == pytest.approx(1.295, abs=2e-3)
    assert q1.ame.set_index("term").loc["protect_own", "ame"] == pytest.approx(-0.1708, abs=2e-3)
    assert q2.main.params["igo_sponsored"] == pytest.approx(1.789, abs=2e-3)
    assert q2.ame.set_index("term").loc["idealpoint_distance_us", "ci_high"] == pytest.approx(-0.0020, abs=1e-3)
    assert q3.main.params["coalition"] == pytest.approx(-0.324, abs=2e-3)
    assert q3.variants["among_coalitions"].n == 57
    assert q2.cv.auc == pytest.approx(0.859, abs=2e-3)


def test_imputation_and_listwise_differ_where_rows_are_missing(fitted):
    q1 = fitted["q1"]
    assert q1.samples["main"]["imputed_by_column"]["idealpoint_distance_target"] == 40
    assert q1.variants["listwise"].n == 178 < q1.main.n
    assert "multiple imputation (m=20" in q1.main.method
    fmi = q1.main.extra["mi_fmi"]
    assert fmi["idealpoint_distance_target"] > fmi["regime_objective"]  # the imputed term carries the most doubt


def test_inference_variants(fitted):
    q2, q3 = fitted["q2"], fitted["q3"]
    fe = q2.variants["conditional_logit"]
    assert fe.method == "conditional logit" and "igo_sponsored" not in fe.params.index
    assert fe.cov_type.startswith("cluster")
    two = q2.variants["two_way_cluster"]
    assert two.cov_type.startswith("two-way cluster")
    lw = q2.variants["listwise"]
    assert np.allclose(two.params, lw.params)  # same estimates, other SEs
    assert q2.variants["state_fixed_effects"].cov_type.startswith("cluster")
    assert q3.variants["ordered"].cov_type.startswith("cluster")
    assert q3.variants["ordered"].categories == ["failed", "partial", "achieved"]
    assert abs(q2.variants["rare_events"].params["const"]) < abs(lw.params["const"])
    assert q2.variants["sponsor_member"].n < lw.n  # membership unmeasured for regional organizations


def test_success_measures(fitted):
    q3 = fitted["q3"]
    assert q3.main.outcome == "success_bin" and q3.variants["success_mid_outcome"].outcome == "success_mid_bin"
    frame = q3.frame
    # the measure against the stated objective depends far less on whether MIP linked a MID
    linked = frame["mids"].map(len) > 0
    gap_obj = frame.loc[linked, "success_bin"].mean() - frame.loc[~linked, "success_bin"].mean()
    gap_mid = frame.loc[linked, "success_mid_bin"].mean() - frame.loc[~linked, "success_mid_bin"].mean()
    assert abs(gap_obj) < abs(gap_mid) / 2


def test_every_variant_described(fitted):
    for r in fitted.values():
        assert set(r.variant_info) == set(r.variants)
        assert all(info.description for info in r.variant_info.values())


def test_bad_input(coalition_data):
    frame = pd.DataFrame({"y": [0, 1, 0, 1], "x": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(ModelInputError, match="nosuch"):
        fit_logit(frame, "y", ["nosuch"])
    with pytest.raises(ModelInputError, match="variation"):
        fit_logit(frame.assign(y=0), "y", ["x"])
    with pytest.raises(Exception, match="Unknown question"):
        fit_question(coalition_data, "q9")


def test_cli_fit_errors_and_json(reuse_fits):
    code, _, errs = invoke(["fit", "q9"])
    assert code == 2 and "q1, q2, q3" in errs
    code, out, _ = invoke(["fit", "q3", "--json"])
    assert code == 0
    (q3,) = json.loads(out)
    assert q3["key"] == "q3" and q3["main"]["n"] == 176
    assert q3["samples"]["main"]["dropped_by_reason"] == {"outcome missing": 45}
