"""Our estimators against R on frozen real-data frames (issue 10, item 5).

The frames (``tests/models/results/*.csv``) are snapshots of the bundled data; the reference values beside
them were computed by ``tests/models/results/make_reference.R`` (glm + sandwich::vcovCL, brglm2 Firth,
survival::clogit, MASS::polr). R is not needed to run these tests, only to regenerate the references.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coalitionlab.models.inference import (
    FitResult,
    fit_conditional_logit,
    fit_firth_logit,
    fit_logit,
    fit_logit_or_firth,
    fit_ordered_logit,
)

RESULTS = Path(__file__).parent / "results"
Q1_TERMS = ["log_troops", "log_duration", "use_of_force", "regime_objective", "protect_own", "post_cold_war"]
Q2_TERMS = ["us_defense_pact", "idealpoint_distance_us", "log_mindist_target", "same_cow_region", "cinc",
            "major_power", "prior_coalitions"]
Q3_TERMS = ["coalition", "log_troops", "use_of_force", "regime_objective", "post_cold_war"]
RTOL = 1e-6  # coefficients and SEs, relative (found: logit 4e-8, Firth 6e-13, clogit 4e-9)
POLR_RTOL = 1e-5  # polr's covariance comes from optim's finite-difference Hessian (found: 2e-6)
LLF_RTOL = 1e-8


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(RESULTS / "reference.csv", dtype={"coef": float, "se": float})


@pytest.fixture(scope="module")
def fits() -> pd.DataFrame:
    return pd.read_csv(RESULTS / "fits.csv").set_index("model")


@pytest.fixture(scope="module")
def interventions() -> pd.DataFrame:
    return pd.read_csv(RESULTS / "interventions.csv")


@pytest.fixture(scope="module")
def joining() -> pd.DataFrame:
    return pd.read_csv(RESULTS / "joining.csv")


def _ref(reference: pd.DataFrame, model: str, cov: str) -> pd.DataFrame:
    out = reference[(reference["model"] == model) & (reference["cov"] == cov)].set_index("term")
    assert len(out) > 0, f"no reference rows for {model}/{cov}"
    return out


def _compare(res: FitResult, ref: pd.DataFrame, se: np.ndarray | pd.Series | None = None, rtol: float = RTOL
             ) -> None:
    assert list(res.params.index) == list(ref.index)
    np.testing.assert_allclose(res.params.to_numpy(), ref["coef"].to_numpy(), rtol=rtol, atol=0)
    np.testing.assert_allclose(np.asarray(res.bse if se is None else se), ref["se"].to_numpy(), rtol=rtol, atol=0)


def _llf(res: FitResult, fits: pd.DataFrame, model: str) -> None:
    # R's clogit counts the rows of groups without variation in the outcome (which add nothing); we drop them
    assert res.n + (res.n_dropped if res.method == "conditional logit" else 0) == fits.loc[model, "n"]
    assert res.llf == pytest.approx(float(fits.loc[model, "llf"]), rel=LLF_RTOL)


def test_frames_are_the_frozen_snapshots(interventions, joining):
    # the references hold for these frames only: a changed snapshot must be regenerated with R
    assert interventions.shape == (221, 13) and joining.shape == (3406, 11)
    assert interventions["coalition"].sum() == 69 and joining["joined"].sum() == 130
    assert joining["intervention_id"].nunique() == 23


def test_logit_against_glm_and_vcovcl(reference, fits, interventions):
    model = fit_logit(interventions, "coalition", Q1_TERMS)
    assert model.n_dropped == 221 - 142
    _compare(model, _ref(reference, "logit_q1", "model"))
    _llf(model, fits, "logit_q1")
    by_id = fit_logit(interventions, "coalition", Q1_TERMS, cluster="intervention_id", cluster_correction="stata_ml")
    _compare(by_id, _ref(reference, "logit_q1", "cluster_id_hc0"))
    region = fit_logit(interventions, "coalition", Q1_TERMS, cluster="un_region", cluster_correction="stata_ml")
    _compare(region, _ref(reference, "logit_q1", "cluster_region_hc0"))
    assert region.n_clusters == fits.loc["logit_q1", "n_clusters"] == 5
    # vcovCL(type = "HC1", cadjust = TRUE) is CRV1: G/(G-1) (N-1)/(N-K)
    crv1 = fit_logit(interventions, "coalition", Q1_TERMS, cluster="un_region", cluster_correction="crv1")
    _compare(crv1, _ref(reference, "logit_q1", "cluster_region_hc1"))


def test_two_way_logit_against_vcovcl(reference, fits, joining):
    one = fit_logit(joining, "joined", Q2_TERMS, cluster="intervention_id", cluster_correction="stata_ml")
    _compare(one, _ref(reference, "logit_q2", "cluster_id_hc0"))
    _llf(one, fits, "logit_q2")
    _compare(fit_logit(joining, "joined", Q2_TERMS), _ref(reference, "logit_q2", "model"))
    two = fit_logit(joining, "joined", Q2_TERMS, cluster=["intervention_id", "ccode"], cluster_correction="stata_ml")
    # on this frame V_a + V_b - V_ab is not positive semi-definite (R: min eigenvalue -1.8e-4): the fix applies
    assert two.extra["eigen_fix"] and two.n_clusters == (23, joining["ccode"].nunique())
    assert two.cov_type == "two-way cluster (intervention_id, ccode; stata_ml)"
    _compare(two, _ref(reference, "logit_q2", "twoway_hc0_fix"))
    raw = np.sqrt(np.diag(two.extra["cov_before_eigen_fix"]))
    _compare(two, _ref(reference, "logit_q2", "twoway_hc0"), se=raw)
    crv1 = fit_logit(joining, "joined", Q2_TERMS, cluster=["intervention_id", "ccode"], cluster_correction="crv1")
    _compare(crv1, _ref(reference, "logit_q2", "twoway_hc1"), se=np.sqrt(np.diag(crv1.extra["cov_before_eigen_fix"])))


def test_firth_against_brglm2(reference, fits, interventions):
    terms = [*Q1_TERMS, "igo_sponsored"]
    interventions = interventions[interventions["start_year"] >= 1970]  # every sponsored one a coalition
    with pytest.raises(ValueError, match=r"separation involving \['igo_sponsored'\]"):
        fit_logit(interventions, "coalition", terms)
    model = fit_firth_logit(interventions, "coalition", terms, profile=False)
    _compare(model, _ref(reference, "firth_q1", "model"))
    _llf(model, fits, "firth_q1")
    region = fit_firth_logit(interventions, "coalition", terms, cluster="un_region", cluster_correction="stata_ml")
    _compare(region, _ref(reference, "firth_q1", "cluster_region_hc0"))
    assert region.cov_type == "cluster (stata_ml) sandwich at Firth estimates"
    # the fallback of fit_logit_or_firth keeps the clusters: Stata's factor, each intervention its own cluster
    fallback = fit_logit_or_firth(interventions, "coalition", terms, cluster="intervention_id")
    assert fallback.method == "firth_logit" and "separation" in fallback.extra["fallback"]
    _compare(fallback, _ref(reference, "firth_q1", "cluster_id_hc0"))


def test_conditional_logit_against_clogit(reference, fits, joining):
    model = fit_conditional_logit(joining, "joined", Q2_TERMS, "intervention_id")
    _compare(model, _ref(reference, "clogit_q2", "model"))
    _llf(model, fits, "clogit_q2")
    by_id = fit_conditional_logit(joining, "joined", Q2_TERMS, "intervention_id", cluster="intervention_id",
                                  cluster_correction="none")
    _compare(by_id, _ref(reference, "clogit_q2", "cluster_id_none"))
    decade = fit_conditional_logit(joining, "joined", Q2_TERMS, "intervention_id", cluster="decade",
                                   cluster_correction="none")
    _compare(decade, _ref(reference, "clogit_q2", "cluster_decade_none"))
    # Stata's clogit, vce(cluster): the same sandwich times G/(G-1)
    stata = fit_conditional_logit(joining, "joined", Q2_TERMS, "intervention_id", cluster="decade")
    G = joining.groupby("intervention_id").filter(lambda g: g["joined"].nunique() > 1)["decade"].nunique()
    assert stata.n_clusters == G == 7  # decades holding an informative intervention
    np.testing.assert_allclose(stata.bse, decade.bse * np.sqrt(G / (G - 1)), rtol=1e-12)


def test_ordered_logit_against_polr(reference, fits, interventions):
    model = fit_ordered_logit(interventions, "success_ord", Q3_TERMS)
    _compare(model, _ref(reference, "polr_q3", "model"), rtol=POLR_RTOL)
    _llf(model, fits, "polr_q3")
    by_id = fit_ordered_logit(interventions, "success_ord", Q3_TERMS, cluster="intervention_id",
                              cluster_correction="stata_ml")
    _compare(by_id, _ref(reference, "polr_q3", "cluster_id_hc0"), rtol=POLR_RTOL)
    region = fit_ordered_logit(interventions, "success_ord", Q3_TERMS, cluster="un_region",
                               cluster_correction="stata_ml")
    _compare(region, _ref(reference, "polr_q3", "cluster_region_hc0"), rtol=POLR_RTOL)
