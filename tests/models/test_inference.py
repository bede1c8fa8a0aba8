"""Tests for coalitionlab.models.inference (numbers checked against hand computations)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from firthmodels import FirthLogisticRegression
from scipy.special import expit
from statsmodels.miscmodels.ordinal_model import OrderedModel

from coalitionlab.errors import BadInputError
from coalitionlab.models.inference import (
    FitResult,
    ModelInputError,
    average_marginal_effects,
    fit_firth_logit,
    fit_logit,
    fit_logit_or_firth,
    fit_ordered_logit,
    fit_relogit,
    grouped_cv,
    simulate_first_difference,
    simulate_predictions,
)


def _binary_data(n: int, seed: int, coefs=(-0.3, 0.8, -0.6), n_clusters: int | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.integers(0, 2, n).astype(float)})
    eta = coefs[0] + coefs[1] * df["x1"] + coefs[2] * df["x2"]
    df["y"] = (rng.random(n) < expit(eta)).astype(int)
    if n_clusters:
        df["g"] = np.repeat(np.arange(n_clusters), n // n_clusters)
    return df


def _sm_logit(df: pd.DataFrame, terms: list[str], **kw):
    return sm.Logit(df["y"].to_numpy(float), sm.add_constant(df[terms].to_numpy(float))).fit(disp=0, **kw)


# ------------------------------------------------------------------ covariance


def test_cluster_se_equals_hand_crv1():
    df = _binary_data(40, seed=11, n_clusters=8)
    res = fit_logit(df, "y", ["x1", "x2"], cluster="g")
    # hand computation from an independent statsmodels fit
    beta = np.asarray(_sm_logit(df, ["x1", "x2"]).params)
    X = np.column_stack([np.ones(40), df["x1"], df["x2"]])
    y = df["y"].to_numpy(float)
    p = expit(X @ beta)
    A = sum(p[i] * (1 - p[i]) * np.outer(X[i], X[i]) for i in range(40))
    B = np.zeros((3, 3))
    for g in range(8):
        rows = np.flatnonzero(df["g"].to_numpy() == g)
        s = sum((y[i] - p[i]) * X[i] for i in rows)
        B += np.outer(s, s)
    N, K, G = 40, 3, 8
    V = G / (G - 1) * (N - 1) / (N - K) * np.linalg.inv(A) @ B @ np.linalg.inv(A)
    assert res.n == 40 and res.n_clusters == 8
    np.testing.assert_allclose(res.bse.to_numpy(), np.sqrt(np.diag(V)), rtol=0, atol=1e-8)
    np.testing.assert_allclose(res.cov.to_numpy(), V, rtol=0, atol=1e-8)
    # statsmodels' default cluster correction is exactly this G/(G-1)*(N-1)/(N-K) ...
    smc = _sm_logit(df, ["x1", "x2"], cov_type="cluster", cov_kwds={"groups": df["g"].to_numpy()})
    np.testing.assert_allclose(res.bse.to_numpy(), np.asarray(smc.bse), rtol=1e-9)
    # ... while Stata's ML commands use G/(G-1) only
    stata = fit_logit(df, "y", ["x1", "x2"], cluster="g", cluster_correction="stata_ml")
    np.testing.assert_allclose(stata.cov.to_numpy(), V * (N - K) / (N - 1), rtol=0, atol=1e-10)
    assert res.bse["x1"] != pytest.approx(fit_logit(df, "y", ["x1", "x2"]).bse["x1"], rel=1e-3)


def test_nonclustered_matches_statsmodels_default():
    df = _binary_data(300, seed=3)
    res = fit_logit(df, "y", ["x1", "x2"])
    ref = _sm_logit(df, ["x1", "x2"])
    np.testing.assert_allclose(res.params.to_numpy(), np.asarray(ref.params), rtol=1e-10)
    np.testing.assert_allclose(res.bse.to_numpy(), np.asarray(ref.bse), rtol=1e-10)
    np.testing.assert_allclose(res.conf_int.to_numpy(), np.asarray(ref.conf_int()), rtol=1e-10)
    assert res.llf == pytest.approx(ref.llf) and res.ll_null == pytest.approx(ref.llnull)
    assert res.pseudo_r2 == pytest.approx(ref.prsquared)
    assert res.aic == pytest.approx(ref.aic) and res.bic == pytest.approx(ref.bic)
    assert res.cov_type == "nonrobust" and res.n_clusters is None
    tab = res.table()
    assert list(tab.columns) == ["term", "coef", "se", "z", "p", "ci_low", "ci_high"]
    np.testing.assert_allclose(tab["p"], np.asarray(ref.pvalues), rtol=1e-8)
    np.testing.assert_allclose(res.predict(df), ref.predict(), rtol=1e-10)
    assert res.formula == "y ~ x1 + x2"


def test_bool_terms_and_na_dropping_reported():
    df = _binary_data(200, seed=5)
    df["x2"] = df["x2"].astype(bool)
    df.loc[[0, 1, 2], "x1"] = np.nan
    res = fit_logit(df, "y", ["x1", "x2"])
    assert res.n == 197 and res.n_dropped == 3


# ------------------------------------------------------------------ separation / Firth


def _separated(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = np.r_[rng.normal(-1.5, 0.5, 15), rng.normal(1.5, 0.5, 15)]
    return pd.DataFrame({"x": x, "z": rng.normal(size=30), "y": (x > 0).astype(int)})


def test_fit_logit_raises_on_separation_and_firth_is_finite():
    df = _separated()
    with pytest.raises(ModelInputError, match="fit_firth_logit") as err:
        fit_logit(df, "y", ["x", "z"])
    assert "'x'" in str(err.value)  # names the separating term
    res = fit_firth_logit(df, "y", ["x", "z"])
    assert np.isfinite(res.params).all() and np.isfinite(res.bse).all()
    assert 0 < res.params["x"] < 20 and res.extra["ci_method"].startswith("profile")
    assert (res.conf_int["low"] < res.params).all() and (res.params < res.conf_int["high"]).all()
    # estimates equal firthmodels' (intercept last there) to its tolerance, and solve Firth's modified score
    # to round-off; SEs are logistf's (X'WX)^{-1}
    ref = FirthLogisticRegression(max_iter=200).fit(df[["x", "z"]].to_numpy(), df["y"].to_numpy())
    np.testing.assert_allclose(res.params.to_numpy(), np.r_[ref.intercept_, ref.coef_], rtol=2e-3)
    X = np.column_stack([np.ones(30), df["x"], df["z"]])
    p = expit(X @ res.params.to_numpy())
    cov = np.linalg.inv(X.T @ np.diag(p * (1 - p)) @ X)
    h = np.diag(X @ cov @ X.T) * p * (1 - p)
    np.testing.assert_allclose(X.T @ (df["y"] - p + h * (0.5 - p)), 0, atol=1e-10)
    np.testing.assert_allclose(res.bse.to_numpy(), np.sqrt(np.diag(cov)), rtol=1e-10)
    assert 0 < res.predict(df).min() < 0.5 < res.predict(df).max() < 1


def test_quasi_separation_raises():
    df = pd.DataFrame({"x": [0, 0, 0, 1, 1, 1, 0, 1, 0, 0] * 2, "y": [0, 0, 0, 1, 1, 1, 0, 1, 1, 0] * 2})
    with pytest.raises(ModelInputError, match="separation"):
        fit_logit(df, "y", ["x"])


def test_firth_known_value():
    # x perfectly predicts y; Firth adds 1/2 to each cell of the 2x2 table: log odds ratio log(3.5^2/0.5^2)
    df = pd.DataFrame({"x": [0.0, 0, 0, 1, 1, 1], "y": [0, 0, 0, 1, 1, 1]})
    res = fit_firth_logit(df, "y", ["x"], profile=False)
    assert res.params["x"] == pytest.approx(np.log(49), abs=1e-9)
    assert res.params["const"] == pytest.approx(-np.log(7), abs=1e-9)
    assert res.extra["ci_method"] == "wald"


# ------------------------------------------------------------------ relogit


def _rare(n: int = 600, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n)})
    df["y"] = (rng.random(n) < expit(-3.5 + 0.8 * df["x1"] - 0.5 * df["x2"])).astype(int)
    return df


def _hand_bias(df: pd.DataFrame, tau: float | None) -> np.ndarray:
    X = np.column_stack([np.ones(len(df)), df["x1"], df["x2"]])
    y = df["y"].to_numpy(float)
    b = np.asarray(_sm_logit(df, ["x1", "x2"]).params)
    pi = expit(X @ b)
    ybar = y.mean()
    w1 = 1.0 if tau is None else tau / ybar
    w = np.ones_like(y) if tau is None else w1 * y + (1 - tau) / (1 - ybar) * (1 - y)
    W = np.diag(pi * (1 - pi) * w)
    Q = X @ np.linalg.inv(X.T @ W @ X) @ X.T
    xi = 0.5 * np.diag(Q) * ((1 + w1) * pi - w1)
    return np.linalg.inv(X.T @ W @ X) @ X.T @ W @ xi


def test_relogit_bias_correction_shrinks_and_matches_formula():
    df = _rare()
    assert 0.02 < df["y"].mean() < 0.08
    ml = fit_logit(df, "y", ["x1", "x2"])
    re = fit_relogit(df, "y", ["x1", "x2"])
    assert (re.params.abs() < ml.params.abs()).all()
    np.testing.assert_allclose(re.params.to_numpy(), ml.params.to_numpy() - _hand_bias(df, None), atol=1e-8)
    n, k = len(df), 3
    np.testing.assert_allclose(re.bse.to_numpy(), ml.bse.to_numpy() * n / (n + k), rtol=1e-10)


def test_relogit_prior_correction_formula():
    df = _rare()
    tau = 0.01
    ybar = df["y"].mean()
    offset = np.log((1 - tau) / tau * ybar / (1 - ybar))
    ml = fit_logit(df, "y", ["x1", "x2"])
    pc = fit_relogit(df, "y", ["x1", "x2"], tau=tau, bias_correct=False)
    assert pc.params["const"] == pytest.approx(ml.params["const"] - offset, abs=1e-10)
    np.testing.assert_allclose(pc.params[["x1", "x2"]], ml.params[["x1", "x2"]], atol=1e-12)
    np.testing.assert_allclose(pc.bse.to_numpy(), ml.bse.to_numpy(), rtol=1e-12)
    full = fit_relogit(df, "y", ["x1", "x2"], tau=tau)
    expected = ml.params.to_numpy() - _hand_bias(df, tau)
    expected[0] -= offset
    np.testing.assert_allclose(full.params.to_numpy(), expected, atol=1e-8)
    assert full.extra["prior_offset"] == pytest.approx(offset)
    assert full.predict(df).mean() < ml.predict(df).mean()  # tau < ybar lowers probabilities
    clus = fit_relogit(df.assign(g=np.arange(len(df)) // 20), "y", ["x1", "x2"], cluster="g")
    assert clus.n_clusters == 30 and np.all(clus.bse > 0)


# ------------------------------------------------------------------ marginal effects


def test_ame_continuous_equals_formula_and_delta_close_to_simulation():
    df = _binary_data(500, seed=7)
    res = fit_logit(df, "y", ["x1"])
    b = res.params.to_numpy()
    X = np.column_stack([np.ones(500), df["x1"]])
    p = expit(X @ b)
    delta = average_marginal_effects(res, df)
    row = delta.set_index("term").loc["x1"]
    assert row["ame"] == pytest.approx(np.mean(p * (1 - p)) * b[1], rel=1e-12)
    assert row["kind"] == "continuous"
    # analytic gradient of mean(p(1-p))*b1 for the delta method
    grad = np.mean((p * (1 - p) * (1 - 2 * p))[:, None] * X, axis=0) * b[1]
    grad[1] += np.mean(p * (1 - p))
    se = np.sqrt(grad @ res.cov.to_numpy() @ grad)
    assert row["se"] == pytest.approx(se, rel=1e-5) and row["se"] > 0
    sim = average_marginal_effects(res, df, method="simulation", n_sims=4000, seed=1).set_index("term")
    assert sim.loc["x1", "ame"] == row["ame"]
    assert sim.loc["x1", "se"] == pytest.approx(row["se"], rel=0.1)
    assert sim.loc["x1", "ci_low"] < row["ame"] < sim.loc["x1", "ci_high"]


def test_ame_binary_term_is_discrete_change():
    df = _binary_data(500, seed=8)
    res = fit_logit(df, "y", ["x1", "x2"])
    b = res.params.to_numpy()
    p1 = expit(b[0] + b[1] * df["x1"] + b[2])
    p0 = expit(b[0] + b[1] * df["x1"])
    out = average_marginal_effects(res, df, terms=["x2"]).set_index("term")
    assert out.loc["x2", "kind"] == "discrete"
    assert out.loc["x2", "ame"] == pytest.approx(np.mean(p1 - p0), rel=1e-12)
    assert out.loc["x2", "ci_low"] < out.loc["x2", "ame"] < out.loc["x2", "ci_high"]


# ------------------------------------------------------------------ simulation


def test_simulate_predictions_reproducible_and_contains_point():
    df = _binary_data(400, seed=9)
    res = fit_logit(df, "y", ["x1", "x2"])
    scen = pd.DataFrame({"x1": [-1.0, 0.0, 1.5], "x2": [0.0, 1.0, 1.0]}, index=["low", "mid", "high"])
    a = simulate_predictions(res, scen, n_sims=2000, seed=42)
    b = simulate_predictions(res, scen, n_sims=2000, seed=42)
    c = simulate_predictions(res, scen, n_sims=2000, seed=43)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["mean"], c["mean"])
    assert list(a.index) == ["low", "mid", "high"]
    assert ((a["ci_low"] < a["point"]) & (a["point"] < a["ci_high"])).all()
    np.testing.assert_allclose(a["mean"], a["point"], atol=0.02)
    np.testing.assert_allclose(a["point"], res.predict(scen))
    fd = simulate_first_difference(res, {"x1": 0.0, "x2": 0.0}, {"x1": 1.5, "x2": 1.0}, n_sims=2000, seed=42)
    fd2 = simulate_first_difference(res, {"x1": 0.0, "x2": 0.0}, {"x1": 1.5, "x2": 1.0}, n_sims=2000, seed=42)
    assert fd.mean == fd2.mean and fd.ci_low < fd.point < fd.ci_high
    # same seed -> same draws as simulate_predictions: difference of scenario means
    two = simulate_predictions(res, pd.DataFrame({"x1": [0.0, 1.5], "x2": [0.0, 1.0]}), 2000, 42)
    assert fd.mean == pytest.approx(two["mean"].iloc[1] - two["mean"].iloc[0], abs=1e-12)
    with pytest.raises(ModelInputError, match="x2"):
        simulate_first_difference(res, {"x1": 0.0}, {"x1": 1.0})


# ------------------------------------------------------------------ ordered logit


def _ordered(n: int = 3000, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n), "g": np.arange(n) % 60})
    latent = 1.0 * df["x1"] - 0.5 * df["x2"] + rng.logistic(size=n)
    df["o"] = np.digitize(latent, [-1.0, 0.5, 2.0])
    return df


def _sm_ordered_cov_in_cuts(model: OrderedModel, res, k: int = 2) -> np.ndarray:
    """Delta-method map of statsmodels' (a0, log-increments) covariance to the cuts."""
    raw = np.asarray(res.params)
    J = np.eye(len(raw))
    for r in range(k + 1, len(raw)):  # cut_r = a0 + sum_{m<=r} exp(a_m)
        J[r, k] = 1.0
        J[r, k + 1 : r + 1] = np.exp(raw[k + 1 : r + 1])
    return J @ np.asarray(res.cov_params()) @ J.T


def test_ordered_logit_recovers_thresholds_and_matches_statsmodels():
    df = _ordered()
    res = fit_ordered_logit(df, "o", ["x1", "x2"])
    np.testing.assert_allclose(res.params[["cut1", "cut2", "cut3"]], [-1.0, 0.5, 2.0], atol=0.15)
    np.testing.assert_allclose(res.params[["x1", "x2"]], [1.0, -0.5], atol=0.1)
    model = OrderedModel(df["o"].to_numpy(), df[["x1", "x2"]].to_numpy(), distr="logit")
    ref = model.fit(method="bfgs", disp=0, maxiter=2000)
    assert res.llf == pytest.approx(ref.llf, rel=1e-8)
    assert res.ll_null == pytest.approx(ref.llnull, rel=1e-6)
    np.testing.assert_allclose(res.cov.to_numpy(), _sm_ordered_cov_in_cuts(model, ref), rtol=2e-3)
    probs = res.predict(df.head(5))
    assert probs.shape == (5, 4)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    # clustered: equals statsmodels' own cov_type="cluster" mapped to the cut parameterization
    clus = fit_ordered_logit(df, "o", ["x1", "x2"], cluster="g")
    refc = model.fit(method="bfgs", disp=0, maxiter=2000, cov_type="cluster", cov_kwds={"groups": df["g"]})
    assert clus.n_clusters == 60
    np.testing.assert_allclose(clus.cov.to_numpy(), _sm_ordered_cov_in_cuts(model, refc), rtol=5e-3)


def test_ordered_logit_accepts_ordered_categorical():
    df = _ordered(800, seed=5)
    labels = ["defeat", "stalemate", "partial", "victory"]
    cat = pd.Categorical.from_codes(df["o"], categories=[*labels, "unused"], ordered=True)
    res = fit_ordered_logit(df.assign(o=cat), "o", ["x1", "x2"])
    assert res.categories == labels and res.family == "ordered_logit"
    ints = fit_ordered_logit(df, "o", ["x1", "x2"])
    np.testing.assert_allclose(res.params.to_numpy(), ints.params.to_numpy(), atol=1e-8)
    with pytest.raises(ModelInputError, match="unordered"):
        fit_ordered_logit(df.assign(o=pd.Categorical(df["o"])), "o", ["x1"])


# ------------------------------------------------------------------ cross-validation


def _grouped(n_groups: int, per: int, signal: float, seed: int, k: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = n_groups * per
    df = pd.DataFrame(rng.normal(size=(n, k)), columns=[f"v{i}" for i in range(k)])
    df["intervention"] = [f"op{i}" for i in np.repeat(np.arange(n_groups), per)]
    df["y"] = (rng.random(n) < expit(-0.5 + signal * df["v0"])).astype(int)
    return df


def test_grouped_cv_folds_keep_groups_together_and_auc():
    noise = _grouped(200, 20, signal=0.0, seed=1)
    res = grouped_cv(noise, "y", ["v0", "v1", "v2"], "intervention", n_splits=5, seed=0)
    per_group = res.folds.groupby(noise.loc[res.folds.index, "intervention"]).nunique()
    assert (per_group == 1).all() and res.folds.nunique() == 5
    assert res.n == 4000 and res.n_groups == 200
    assert abs(res.auc - 0.5) < 0.05
    assert res.calibration["count"].sum() == 4000 and len(res.calibration) == 10
    strong = grouped_cv(_grouped(200, 20, signal=3.0, seed=2), "y", ["v0", "v1"], "intervention")
    assert strong.auc > 0.9 and strong.brier < 0.15
    cal = strong.calibration
    np.testing.assert_allclose(cal["mean_predicted"], cal["observed_rate"], atol=0.1)
    firth = grouped_cv(_grouped(60, 10, signal=3.0, seed=3), "y", ["v0"], "intervention", fitter="firth")
    assert firth.auc > 0.85


def test_grouped_cv_is_fast():
    df = _grouped(1000, 20, signal=1.0, seed=4, k=15)
    start = time.perf_counter()
    res = grouped_cv(df, "y", [f"v{i}" for i in range(15)], "intervention")
    assert time.perf_counter() - start < 10
    assert res.n == 20000 and res.auc > 0.6


# ------------------------------------------------------------------ errors


def test_missing_term_is_named_with_available_columns():
    df = _binary_data(50, seed=1)
    with pytest.raises(ModelInputError, match=r"'gdp_pc' not found.*available columns: x1, x2, y"):
        fit_logit(df, "y", ["x1", "gdp_pc"])
    with pytest.raises(ModelInputError, match="outcome column 'joined' not found"):
        fit_logit(df, "joined", ["x1"])


def test_constant_outcome_says_so():
    df = _binary_data(50, seed=1).assign(y=1)
    with pytest.raises(ModelInputError, match="no variation.*always 1"):
        fit_logit(df, "y", ["x1"])
    df.loc[0, "y"] = 0
    df.loc[0, "x1"] = np.nan  # variation disappears only after NA dropping
    with pytest.raises(ModelInputError, match="after dropping 1 row"):
        fit_relogit(df, "y", ["x1"])


def test_other_input_errors():
    df = _binary_data(50, seed=1)
    with pytest.raises(ModelInputError, match="binary"):
        fit_logit(df.assign(y=df["y"] * 2 + df["x2"]), "y", ["x1"])
    with pytest.raises(ModelInputError, match="more rows than parameters"):
        fit_logit(pd.DataFrame({"y": [0, 1, 1], "x1": [0.1, 0.5, 0.2], "x2": [1.0, 0, 3]}), "y", ["x1", "x2"])
    with pytest.raises(ModelInputError, match="numeric or bool"):
        fit_logit(df.assign(s=["a"] * 50), "y", ["x1", "s"])
    with pytest.raises(ModelInputError, match="rank deficient"):
        fit_logit(df.assign(x3=2 * df["x1"]), "y", ["x1", "x3"])
    assert isinstance(fit_logit(df, "y", "x1"), FitResult)
    assert issubclass(ModelInputError, ValueError) and issubclass(ModelInputError, BadInputError)


def test_conditional_logit_matches_statsmodels():
    from statsmodels.discrete.conditional_models import ConditionalLogit

    from coalitionlab.models.inference import fit_conditional_logit

    rng = np.random.default_rng(1)
    parts = []
    for g in range(25):
        n = int(rng.integers(5, 12))
        x1, x2 = rng.normal(size=n), rng.integers(0, 2, n).astype(float)
        u = 0.8 * x1 - 0.5 * x2 + rng.gumbel(size=n)
        y = np.zeros(n)
        y[np.argsort(-u)[: int(rng.integers(1, 4))]] = 1
        parts.append(pd.DataFrame({"g": g, "x1": x1, "x2": x2, "y": y}))
    d = pd.concat(parts, ignore_index=True)
    ours = fit_conditional_logit(d, "y", ["x1", "x2"], "g")
    ref = ConditionalLogit(d.y.to_numpy(), d[["x1", "x2"]].to_numpy(), groups=d.g.to_numpy()).fit(disp=0)
    np.testing.assert_allclose(ours.params.to_numpy(), ref.params, atol=5e-4)
    np.testing.assert_allclose(ours.bse.to_numpy(), ref.bse, rtol=1e-3)
    assert ours.llf == pytest.approx(ref.llf, abs=1e-5)
    with pytest.raises(ModelInputError, match="do not vary within"):
        fit_conditional_logit(d.assign(z=d.g % 2), "y", ["x1", "z"], "g")


# ------------------------------------------------------------------ two-way clustering


def _hand_sandwich(scores: np.ndarray, bread: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Stata-ML sandwich G/(G-1) * bread B bread, written out cluster by cluster."""
    labels = np.unique(groups)
    B = sum(np.outer(scores[groups == g].sum(axis=0), scores[groups == g].sum(axis=0)) for g in labels)
    return len(labels) / (len(labels) - 1) * bread @ B @ bread


def _two_way_data(seed: int = 21) -> pd.DataFrame:
    df = _binary_data(240, seed=seed)
    rng = np.random.default_rng(seed)
    return df.assign(a=np.repeat(np.arange(24), 10), b=rng.integers(0, 15, 240), row=np.arange(240))


def test_two_way_cluster_equals_cgm_by_hand():
    df = _two_way_data()
    res = fit_logit(df, "y", ["x1", "x2"], cluster=["a", "b"], cluster_correction="stata_ml")
    X = np.column_stack([np.ones(240), df["x1"], df["x2"]])
    beta = res.params.to_numpy()
    p = expit(X @ beta)
    S = (df["y"].to_numpy() - p)[:, None] * X
    bread = np.linalg.inv(X.T @ (X * (p * (1 - p))[:, None]))
    a, b = df["a"].to_numpy(), df["b"].to_numpy()
    V = _hand_sandwich(S, bread, a) + _hand_sandwich(S, bread, b) - _hand_sandwich(S, bread, a * 100 + b)
    assert not res.extra["eigen_fix"] and np.linalg.eigvalsh(V).min() > 0
    np.testing.assert_allclose(res.cov.to_numpy(), V, rtol=1e-10)
    assert res.n_clusters == (24, 15) and res.cov_type == "two-way cluster (a, b; stata_ml)"
    assert res.extra["n_clusters"]["a x b"] == len(np.unique(a * 100 + b))
    # the order of the two dimensions does not matter
    flipped = fit_logit(df, "y", ["x1", "x2"], cluster=("b", "a"), cluster_correction="stata_ml")
    np.testing.assert_allclose(flipped.cov.to_numpy(), res.cov.to_numpy(), rtol=1e-12)
    # the rare-events logit scales the same sandwich by (n/(n+k))^2
    re = fit_relogit(df, "y", ["x1", "x2"], cluster=["a", "b"], cluster_correction="stata_ml")
    np.testing.assert_allclose(re.bse.to_numpy(), res.bse.to_numpy() * 240 / 243, rtol=1e-10)


def test_two_way_with_row_id_is_one_way():
    # clustering on the row id: V_row = V_(a x row) (same N singleton clusters, same factor) -> V = V_a
    df = _two_way_data()
    for correction in ("crv1", "stata_ml", "none"):
        one = fit_logit(df, "y", ["x1", "x2"], cluster="a", cluster_correction=correction)
        two = fit_logit(df, "y", ["x1", "x2"], cluster=["a", "row"], cluster_correction=correction)
        np.testing.assert_allclose(two.cov.to_numpy(), one.cov.to_numpy(), rtol=1e-10, atol=1e-14)
        assert two.n_clusters == (24, 240) and one.n_clusters == 24
    # the same holds for the ordered logit, whose sandwich is the same helper
    od = _ordered(600, seed=6).assign(row=np.arange(600))
    o1 = fit_ordered_logit(od, "o", ["x1", "x2"], cluster="g", cluster_correction="stata_ml")
    o2 = fit_ordered_logit(od, "o", ["x1", "x2"], cluster=["g", "row"], cluster_correction="stata_ml")
    np.testing.assert_allclose(o2.cov.to_numpy(), o1.cov.to_numpy(), rtol=1e-10, atol=1e-14)
    assert o2.cov_type == "two-way cluster (g, row; stata_ml)" and o1.n_clusters == 60
    # clustering on a nested pair (a, a-cell) is one-way on the coarser: V_cell = V_(a x cell)
    nested = fit_logit(df.assign(c=df["a"] // 4), "y", ["x1", "x2"], cluster=["c", "a"], cluster_correction="none")
    fine = fit_logit(df, "y", ["x1", "x2"], cluster="a", cluster_correction="none")
    coarse = fit_logit(df.assign(c=df["a"] // 4), "y", ["x1", "x2"], cluster="c", cluster_correction="none")
    np.testing.assert_allclose(nested.cov.to_numpy(), coarse.cov.to_numpy(), rtol=1e-10)
    assert not np.allclose(fine.cov.to_numpy(), coarse.cov.to_numpy(), rtol=1e-3)
    with pytest.raises(ModelInputError, match="two distinct column names"):
        fit_logit(df, "y", ["x1"], cluster=["a", "a"])
    with pytest.raises(ModelInputError, match="two distinct column names"):
        fit_logit(df, "y", ["x1"], cluster=["a", "b", "row"])


def test_two_way_eigenvalue_fix():
    from coalitionlab.models.inference import _robust_cov

    # scores for which V_a + V_b - V_ab has a negative eigenvalue: the intersection dominates
    rng = np.random.default_rng(0)
    sub = pd.DataFrame({"a": np.repeat([0, 1, 2], 4), "b": np.tile([0, 1, 2, 3], 3)})
    for _ in range(200):
        scores = rng.normal(size=(12, 2))
        extra: dict = {}
        cov, n_cl, _label = _robust_cov(scores, np.eye(2), sub, ["a", "b"], "none", extra)
        raw = sum(_hand_sandwich(scores, np.eye(2), sub[c].to_numpy()) * (G - 1) / G
                  for c, G in (("a", 3), ("b", 4)))
        raw -= _hand_sandwich(scores, np.eye(2), np.arange(12)) * 11 / 12
        evals, evecs = np.linalg.eigh(raw)
        if evals.min() < 0:
            break
    assert extra["eigen_fix"] and n_cl == (3, 4)
    np.testing.assert_allclose(cov, evecs @ np.diag(np.maximum(evals, 0)) @ evecs.T, atol=1e-12)
    assert np.linalg.eigvalsh(cov).min() > -1e-12


# ------------------------------------------------------------------ Firth with clusters


def test_firth_cluster_sandwich_and_fallback_keeps_clusters():
    df = _separated().assign(g=np.arange(30) % 10)
    res = fit_firth_logit(df, "y", ["x", "z"], cluster="g", cluster_correction="stata_ml")
    plain = fit_firth_logit(df, "y", ["x", "z"])
    assert plain.cov_type == "model-based (Firth)" and plain.extra["ci_method"].startswith("profile")
    assert res.cov_type == "cluster (stata_ml) sandwich at Firth estimates" and res.n_clusters == 10
    np.testing.assert_allclose(res.params.to_numpy(), plain.params.to_numpy(), rtol=1e-12)
    X = np.column_stack([np.ones(30), df["x"], df["z"]])
    p = expit(X @ res.params.to_numpy())
    bread = np.linalg.inv(X.T @ np.diag(p * (1 - p)) @ X)
    V = _hand_sandwich((df["y"].to_numpy() - p)[:, None] * X, bread, df["g"].to_numpy())
    np.testing.assert_allclose(res.cov.to_numpy(), V, rtol=1e-10)
    # Wald intervals from the sandwich SEs, not profile ones
    assert res.extra["ci_method"] == "wald"
    np.testing.assert_allclose(res.conf_int["high"] - res.params, 1.959963984540054 * res.bse, rtol=1e-10)
    # the fallback passes cluster and correction on, and says why it fell back
    fb = fit_logit_or_firth(df, "y", ["x", "z"], cluster="g")
    assert fb.method == "firth_logit" and "separation" in fb.extra["fallback"]
    np.testing.assert_allclose(fb.cov.to_numpy(), res.cov.to_numpy(), rtol=1e-12)
    assert fb.cov_type == res.cov_type
    two = fit_logit_or_firth(df.assign(h=np.arange(30) // 10), "y", ["x", "z"], cluster=["g", "h"])
    assert two.cov_type == "two-way cluster (g, h; stata_ml) sandwich at Firth estimates"
    assert two.n_clusters == (10, 3)
    # not separated: the ML logit runs, no fallback recorded
    ml = fit_logit_or_firth(_binary_data(100, seed=2, n_clusters=10), "y", ["x1"], cluster="g")
    assert ml.method == "logit" and "fallback" not in ml.extra and ml.cov_type == "cluster (stata_ml)"


# ------------------------------------------------------------------ conditional logit, clustered


def _choice_sets(n_groups: int = 30, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for g in range(n_groups):
        n = int(rng.integers(4, 9))
        x1, x2 = rng.normal(size=n), rng.integers(0, 2, n).astype(float)
        u = 0.8 * x1 - 0.5 * x2 + rng.gumbel(size=n)
        y = np.zeros(n)
        y[np.argsort(-u)[: int(rng.integers(1, 4))]] = 1
        parts.append(pd.DataFrame({"g": g, "region": g % 7, "state": rng.integers(0, 40, n),
                                   "x1": x1, "x2": x2, "y": y}))
    return pd.concat(parts, ignore_index=True)


def _group_ll_by_enumeration(beta: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """log P(chosen set | k events) by summing over all k-subsets (only for small groups)."""
    from itertools import combinations

    k = int(y.sum())
    eta = X @ beta
    denom = sum(np.exp(eta[list(c)].sum()) for c in combinations(range(len(y)), k))
    return float(eta[y == 1].sum() - np.log(denom))


def test_conditional_logit_cluster_by_groups_equals_hand_sandwich():
    from coalitionlab.models.inference import fit_conditional_logit

    d = _choice_sets()
    plain = fit_conditional_logit(d, "y", ["x1", "x2"], "g")
    res = fit_conditional_logit(d, "y", ["x1", "x2"], "g", cluster="g")
    assert plain.cov_type == "nonrobust"
    assert res.cov_type == "cluster (stata_ml) by g, group scores" and res.n_clusters == 30
    beta = res.params.to_numpy()
    np.testing.assert_allclose(beta, plain.params.to_numpy(), rtol=1e-12)
    # each group's score: central-difference gradient of its log-likelihood by enumeration
    scores = []
    for _, grp in d.groupby("g"):
        X, y = grp[["x1", "x2"]].to_numpy(), grp["y"].to_numpy()
        h = 1e-6
        scores.append([(_group_ll_by_enumeration(beta + h * e, X, y) - _group_ll_by_enumeration(beta - h * e, X, y))
                       / (2 * h) for e in np.eye(2)])
    scores = np.asarray(scores)
    np.testing.assert_allclose(scores.sum(axis=0), 0, atol=1e-5)  # at the optimum
    V = _hand_sandwich(scores, plain.cov.to_numpy(), np.arange(30))
    np.testing.assert_allclose(res.cov.to_numpy(), V, rtol=1e-6)
    none = fit_conditional_logit(d, "y", ["x1", "x2"], "g", cluster="g", cluster_correction="none")
    np.testing.assert_allclose(res.cov.to_numpy(), none.cov.to_numpy() * 30 / 29, rtol=1e-12)
    # a cluster that nests the groups sums their scores
    nested = fit_conditional_logit(d, "y", ["x1", "x2"], "g", cluster="region")
    V7 = _hand_sandwich(scores, plain.cov.to_numpy(), np.arange(30) % 7)
    assert nested.n_clusters == 7
    np.testing.assert_allclose(nested.cov.to_numpy(), V7, rtol=1e-6)
    # one that cuts across the choice sets is refused, as are two clusters
    with pytest.raises(ModelInputError, match="cuts across the choice sets"):
        fit_conditional_logit(d, "y", ["x1", "x2"], "g", cluster="state")
    with pytest.raises(ModelInputError, match="Two-way"):
        fit_conditional_logit(d, "y", ["x1", "x2"], "g", cluster=["g", "state"])
