"""Allies' conflict behaviour: directed dyad-year models of MID initiation (challenger -> target).

Designs (see ``docs/entanglement.md`` and the reference file):

* ``leeds_jl``: Leeds 2003 (AJPS 47(2)) and Johnson & Leeds 2011 (FPA 7): does a target's defense pact deter,
  does a challenger with a defensive, offensive or neutrality pledge initiate more?
* ``benson``: Benson 2011 (JOP 73(4)): the challenger's and the target's pledges split into compellent (offense)
  and deterrent (defense), unconditional and conditional (ATOP member-level ``offcon`` / ``defcon``).
* ``us``: Benson's terms plus ``chal_us_defense`` (the U.S. has a defense pledge to the challenger): do U.S.
  allies initiate more?

Unit: every directed dyad-year of the COW system, 1946-2010 (``create_dyadyears``). Outcome ``init``: a GML MID
2.2.1 dispute began that year in which the challenger was an originator on side A against the target, also an
originator (``add_gml_mids(joiners=False)``: joiners are not initiators). Controls as in those papers, built
with the panels' ``add_*`` functions: ``cinc_ratio`` (challenger's share of the dyad's CINC), ``contig`` (land
contiguity), ``ln_capdist`` (log capital distance + 1), ``jdem`` (both Polity2 >= 6), ``idealpoint_distance``
(UN ideal-point distance, our stand-in for the S-score, which is not bundled), peace years ``pys``, ``pys2``/100,
``pys3``/1000 since the last MID onset in the directed dyad. Standard errors clustered on the non-directed dyad.

An ally counts only when it is a third state with the pledge to the challenger (or target) and *no* defense
pledge to the other side of the dyad (Leeds 2003's rule). Obligation types come from ATOP 5.1 directed
dyad-years (``atop_dyad``); conditions from the ATOP 4.01 member-level file (to 2016, past the 2010 sample).
Benson's probabilistic class (discretion clauses) cannot be built from ATOP's public variables: not modelled.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from coalitionlab.catalog import load
from coalitionlab.display import Summary
from coalitionlab.entanglement._common import US, check_year, clean, records
from coalitionlab.errors import BadInputError
from coalitionlab.models.inference import FitResult, average_marginal_effects, fit_logit
from coalitionlab.panels import (
    add_capital_distance,
    add_contiguity,
    add_democracy,
    add_gml_mids,
    add_nmc,
    add_peace_years,
    add_un_idealpoints,
    create_dyadyears,
)

SAMPLE = (1946, 2010)  # UN ideal points start in 1946; GML MIDs end in 2010
CONTROLS = ["cinc_ratio", "contig", "ln_capdist", "jdem", "idealpoint_distance", "pys", "pys2", "pys3"]
DESIGNS: dict[str, list[str]] = {
    "leeds_jl": ["target_defense", "chal_defense", "chal_offense", "chal_neutral"],
    "benson": ["chal_uncond_compel", "chal_cond_compel", "chal_uncond_deter", "chal_cond_deter",
               "target_uncond_deter", "target_cond_deter"],
    "us": ["chal_uncond_compel", "chal_cond_compel", "chal_uncond_deter", "chal_cond_deter",
           "target_uncond_deter", "target_cond_deter", "chal_us_defense"],
    "leeds_jl_no_large": ["target_defense_nl", "chal_defense_nl", "chal_offense_nl", "chal_neutral_nl"],
}
DEFAULT_DESIGNS = ("leeds_jl", "benson", "us")
# Johnson & Leeds 2011's robustness check: without the large multilateral pacts
LARGE_PACTS = {3180: "NATO", 3205: "Arab League", 3150: "OAS", 3075: "Rio Pact"}
TITLES = {"leeds_jl": "Leeds 2003 / Johnson & Leeds 2011 design", "benson": "Benson 2011 design",
          "us": "Benson design with U.S. defense pledges to the challenger",
          "leeds_jl_no_large": "Leeds / Johnson & Leeds design without NATO, Arab League, OAS and Rio (ATOP 4.01)"}
LABELS = {
    "target_defense": "target has a defense pledge from a third state",
    "chal_defense": "challenger has a defense pledge from a third state",
    "chal_offense": "challenger has an offense pledge from a third state",
    "chal_neutral": "challenger has a neutrality pledge from a third state",
    "chal_uncond_compel": "challenger has an unconditional compellent (offense) pledge",
    "chal_cond_compel": "challenger has a conditional compellent (offense) pledge",
    "chal_uncond_deter": "challenger has an unconditional deterrent (defense) pledge",
    "chal_cond_deter": "challenger has a conditional deterrent (defense) pledge",
    "target_uncond_deter": "target has an unconditional deterrent (defense) pledge",
    "target_cond_deter": "target has a conditional deterrent (defense) pledge",
    "chal_us_defense": "challenger has a U.S. defense pledge (and the target none)",
    "target_defense_nl": "target has a defense pledge from a third state, large pacts left out",
    "chal_defense_nl": "challenger has a defense pledge from a third state, large pacts left out",
    "chal_offense_nl": "challenger has an offense pledge from a third state, large pacts left out",
    "chal_neutral_nl": "challenger has a neutrality pledge from a third state, large pacts left out",
}


@dataclass(frozen=True)
class Published:
    """A published effect to print beside ours. ``percent`` is None where the source gives a direction only."""

    term: str
    study: str
    sample: str
    percent: float | None
    direction: int
    text: str


PUBLISHED: tuple[Published, ...] = (
    Published("target_defense", "Leeds 2003, AJPS 47(2)", "directed dyad-years, 1816-1944", None, -1,
              "defense pledges to targets reduce initiation"),
    Published("chal_offense", "Leeds 2003, AJPS 47(2)", "directed dyad-years, 1816-1944", None, +1,
              "offensive pledges to challengers raise initiation"),
    Published("chal_neutral", "Leeds 2003, AJPS 47(2)", "directed dyad-years, 1816-1944", None, +1,
              "neutrality promises to challengers raise initiation"),
    Published("target_defense", "Johnson & Leeds 2011, FPA 7", "directed dyad-years, 1816-2000", None, -1,
              "defensive alliances deter initiation (ptargdef)"),
    Published("chal_defense", "Johnson & Leeds 2011, FPA 7", "directed dyad-years, 1816-2000", None, 0,
              "no evidence that states with defensive allies initiate more (pchalally)"),
    Published("chal_uncond_compel", "Benson 2011, JOP 73(4)", "directed dyad-years, 1816-2000", 249.0, +1,
              "unconditional compellent: +249% likelihood of conflict when the member is the potential initiator"),
    Published("chal_cond_compel", "Benson 2011, JOP 73(4)", "directed dyad-years, 1816-2000", None, 0,
              "conditional compellent: no discernible relationship"),
    Published("target_cond_deter", "Benson 2011, JOP 73(4)", "directed dyad-years, 1816-2000", -18.0, -1,
              "deterrent pledges contingent on adversary attack: -18% likelihood that a third party attacks a "
              "member (fragile once dyadic clustering is corrected, Alley's reanalysis)"),
)


# --- alliance terms ---------------------------------------------------------------------------------------


def _year_matrices(pairs: pd.DataFrame, codes: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Boolean (code_from, code_to, year) array from rows (c_from, c_to, year)."""
    m = np.zeros((len(codes), len(codes), len(years)), bool)
    if len(pairs):
        a = np.searchsorted(codes, pairs.iloc[:, 0].to_numpy("int64"))
        b = np.searchsorted(codes, pairs.iloc[:, 1].to_numpy("int64"))
        y = pairs.iloc[:, 2].to_numpy("int64") - years[0]
        ok = (a < len(codes)) & (b < len(codes)) & (y >= 0) & (y < len(years))
        ok &= codes[np.minimum(a, len(codes) - 1)] == pairs.iloc[:, 0].to_numpy("int64")
        ok &= codes[np.minimum(b, len(codes) - 1)] == pairs.iloc[:, 1].to_numpy("int64")
        m[a[ok], b[ok], y[ok]] = True
    return m


@cache
def _member_pledges() -> pd.DataFrame:
    """Directed pledges (giver, receiver, year, atopid, defense, offense, neutral, defcon, offcon) from ATOP 4.01
    member level."""
    m = load("atop_member")[["atopid", "phase", "member", "yrent", "yrexit", "defense", "offense", "neutral",
                             "defcon", "offcon"]].astype("int64")
    m["yrexit"] = m["yrexit"].where(m["yrexit"] != 0, 2016)
    m = m[(m["defense"] == 1) | (m["offense"] == 1) | (m["neutral"] == 1)]
    pairs = m.merge(m[["atopid", "phase", "member", "yrent", "yrexit"]], on=["atopid", "phase"],
                    suffixes=("", "_r"))
    pairs = pairs[pairs["member"] != pairs["member_r"]]
    pairs["s"] = np.maximum(pairs["yrent"], pairs["yrent_r"])
    pairs["e"] = np.minimum(pairs["yrexit"], pairs["yrexit_r"])
    pairs = pairs[pairs["e"] >= pairs["s"]]
    n = (pairs["e"] - pairs["s"] + 1).to_numpy()
    rep = pairs.loc[pairs.index.repeat(n)]
    year = rep["s"].to_numpy() + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    return pd.DataFrame({"giver": rep["member"].to_numpy(), "receiver": rep["member_r"].to_numpy(), "year": year,
                         "atopid": rep["atopid"].to_numpy(), "neutral": rep["neutral"].to_numpy(),
                         "defense": rep["defense"].to_numpy(), "offense": rep["offense"].to_numpy(),
                         "defcon": rep["defcon"].to_numpy(), "offcon": rep["offcon"].to_numpy()})


def _third_party(p: np.ndarray, d: np.ndarray) -> np.ndarray:
    """out[a, b, y] = some c not in {a, b} has pledge p[c, a, y] and no defense pledge d[c, b, y]."""
    pt = np.ascontiguousarray(p.transpose(2, 1, 0), dtype=np.float32)  # (year, a, c) = p[c, a, y]
    nd = np.ascontiguousarray(d.transpose(2, 0, 1), dtype=np.float32)  # (year, c, b) = d[c, b, y]
    np.subtract(1.0, nd, out=nd)
    count = np.matmul(pt, nd)  # count[y, a, b] = sum_c p[c, a] (1 - d[c, b]); batched BLAS
    count -= pt * (1.0 - np.eye(p.shape[0], dtype=np.float32))  # drop c = b: p[b, a] (1 - d[b, b]) = p[b, a]
    return (count > 0.5).transpose(1, 2, 0)


def add_alliance_terms(df: pd.DataFrame) -> pd.DataFrame:
    """Add the challenger/target alliance terms of :data:`LABELS` (0/1, Int8) to a COW directed dyad-year frame
    (``ccode1`` = challenger, ``ccode2`` = target). NA outside 1815-2016 (ATOP 4.01 member level ends in 2016).
    Row count and order unchanged."""
    need = {"ccode1", "ccode2", "year"}
    if not need <= set(df.columns):
        raise BadInputError(f"add_alliance_terms() needs a COW directed dyad-year frame with {sorted(need)}.")
    new = [t for t in LABELS if t in df.columns]
    if new:
        raise BadInputError(f"add_alliance_terms(): the frame already has {new}; drop them first.")
    c1 = df["ccode1"].to_numpy("int64")
    c2 = df["ccode2"].to_numpy("int64")
    yr = df["year"].to_numpy("int64")
    lo, hi = max(int(yr.min()), 1815), min(int(yr.max()), 2016)
    years = np.arange(lo, hi + 1)
    a = load("atop_dyad")
    codes = np.unique(np.concatenate([c1, c2, a["ccode1"].to_numpy("int64"), a["ccode2"].to_numpy("int64")]))
    a = a[(a["year"] >= lo) & (a["year"] <= hi)]

    def typed(col: str) -> np.ndarray:
        return _year_matrices(a.loc[a[col] == 1, ["ccode1", "ccode2", "year"]], codes, years)

    d51, o51, n51 = typed("atop_defense"), typed("atop_offense"), typed("atop_neutral")
    mp = _member_pledges()
    mp = mp[(mp["year"] >= lo) & (mp["year"] <= hi)]

    def member(sel: pd.Series) -> np.ndarray:
        return _year_matrices(mp.loc[sel, ["giver", "receiver", "year"]], codes, years)

    dm = member(mp["defense"] == 1)
    terms = {
        "chal_defense": _third_party(d51, d51),
        "chal_offense": _third_party(o51, d51),
        "chal_neutral": _third_party(n51, d51),
        "chal_uncond_compel": _third_party(member((mp["offense"] == 1) & (mp["offcon"] == 0)), dm),
        "chal_cond_compel": _third_party(member((mp["offense"] == 1) & (mp["offcon"] == 1)), dm),
        "chal_uncond_deter": _third_party(member((mp["defense"] == 1) & (mp["defcon"] == 0)), dm),
        "chal_cond_deter": _third_party(member((mp["defense"] == 1) & (mp["defcon"] == 1)), dm),
    }
    small = ~mp["atopid"].isin(list(LARGE_PACTS))
    dm_small = member((mp["defense"] == 1) & small)
    terms["chal_defense_nl"] = _third_party(dm_small, dm_small)
    terms["chal_offense_nl"] = _third_party(member((mp["offense"] == 1) & small), dm_small)
    terms["chal_neutral_nl"] = _third_party(member((mp["neutral"] == 1) & small), dm_small)
    ia, ib = np.searchsorted(codes, c1), np.searchsorted(codes, c2)
    iy = yr - lo
    inside = (yr >= lo) & (yr <= hi)
    iy = np.where(inside, iy, 0)
    out = df.copy()

    def put(name: str, arr: np.ndarray, first: np.ndarray, second: np.ndarray) -> None:
        v = arr[first, second, iy].astype("int8")
        out[name] = pd.array(np.where(inside, v, 0), dtype="Int8")
        out.loc[~inside, name] = pd.NA

    for name in ("chal_defense", "chal_offense", "chal_neutral", "chal_uncond_compel", "chal_cond_compel",
                 "chal_uncond_deter", "chal_cond_deter", "chal_defense_nl", "chal_offense_nl", "chal_neutral_nl"):
        put(name, terms[name], ia, ib)
    # target side: a third state with a defense pledge to the target and none to the challenger
    put("target_defense", terms["chal_defense"], ib, ia)
    put("target_uncond_deter", terms["chal_uncond_deter"], ib, ia)
    put("target_cond_deter", terms["chal_cond_deter"], ib, ia)
    put("target_defense_nl", terms["chal_defense_nl"], ib, ia)
    us = np.searchsorted(codes, US)
    us_def = d51[us]  # (receiver, year): the U.S. defense pledge, ATOP 5.1
    # the U.S. pledge to the challenger, when the U.S. has none to the target (Leeds' rule, as for third states)
    us_chal = us_def[ia, iy] & ~us_def[ib, iy] & (c2 != US)
    out["chal_us_defense"] = pd.array(np.where(inside, us_chal, 0).astype("int8"),
                                      dtype="Int8")
    out.loc[~inside, "chal_us_defense"] = pd.NA
    return out


# --- the frame and the models -----------------------------------------------------------------------------


def create_initiation_frame(years: tuple[int, int] = SAMPLE) -> pd.DataFrame:
    """Directed dyad-years ``years`` (within 1946-2010) with ``init``, the alliance terms and the controls."""
    lo = check_year(years[0], SAMPLE[0], SAMPLE[1], "the initiation models (UN ideal points 1946-, GML MIDs -2010)")
    hi = check_year(years[1], lo, SAMPLE[1], "the initiation models (UN ideal points 1946-, GML MIDs -2010)")
    d = create_dyadyears("cow", directed=True, years=(lo, hi))
    d = add_gml_mids(d, keep=(), joiners=False)
    d = add_nmc(d)
    d = add_contiguity(d)
    d = add_capital_distance(d)
    d = add_democracy(d, ["polity2"])
    d = add_un_idealpoints(d)
    d = add_peace_years(d, "gmlmidonset")
    out = d[["ccode1", "ccode2", "year"]].copy()
    out["init"] = ((d["gmlmidonset"] == 1) & (d["gmlmid_sidea1"] == 1)).fillna(False).astype("int8")
    out["dispnum"] = d["gmlmid_dispnum"].where(out["init"] == 1)
    out["cinc_ratio"] = d["cinc_ratio"].astype("float64")
    out["contig"] = (d["conttype"] == 1).astype("float64").where(d["conttype"].notna())
    out["ln_capdist"] = np.log1p(d["capdist"].astype("float64"))
    p1, p2 = d["polity21"].astype("float64"), d["polity22"].astype("float64")
    out["jdem"] = ((p1 >= 6) & (p2 >= 6)).astype("float64").where(p1.notna() & p2.notna())
    out["idealpoint_distance"] = d["idealpoint_distance"].astype("float64")
    out["pys"] = d["pys"].astype("float64")
    out["pys2"] = d["pys2"].astype("float64") / 100
    out["pys3"] = d["pys3"].astype("float64") / 1000
    lo_c, hi_c = np.minimum(out["ccode1"], out["ccode2"]), np.maximum(out["ccode1"], out["ccode2"])
    out["dyad"] = lo_c.astype("int64") * 1000 + hi_c.astype("int64")
    out = add_alliance_terms(out)
    for t in LABELS:
        out[t] = out[t].astype("float64")
    return out


def _drop_reasons(frame: pd.DataFrame, cols: list[str]) -> dict[str, int]:
    """Rows with a missing value, by the first missing column (in model order)."""
    miss = frame[cols].isna()
    reasons: dict[str, int] = {}
    left = np.ones(len(frame), bool)
    for c in cols:
        hit = miss[c].to_numpy() & left
        if hit.any():
            reasons[c] = int(hit.sum())
        left &= ~hit
    return reasons


def percent_change(result: FitResult, frame: pd.DataFrame, term: str, X: np.ndarray | None = None
                   ) -> tuple[float, float, float]:
    """Percent change in the average predicted probability of initiation when a 0/1 ``term`` goes from 0 to 1
    for every row of the estimation sample, 100 * (mean P(1) / mean P(0) - 1), with a delta-method 95% interval
    computed on the log ratio. ``X``: the design of ``frame``'s complete rows, when already at hand."""
    if X is None:
        X = result.design(frame)
        X = X[np.isfinite(X).all(axis=1)]
    j = list(result.params.index).index(term)
    beta = result.params.to_numpy()
    xb = X @ beta
    p1, p0 = expit(xb + (1.0 - X[:, j]) * beta[j]), expit(xb - X[:, j] * beta[j])
    m1, m0 = p1.mean(), p0.mean()
    w1, w0 = p1 * (1 - p1), p0 * (1 - p0)
    g1, g0 = w1 @ X, w0 @ X  # gradients of the means with column j set to 1 and to 0
    g1[j], g0[j] = w1.sum(), 0.0
    g = g1 / len(X) / m1 - g0 / len(X) / m0  # d log(m1 / m0) / d beta
    se = float(np.sqrt(g @ result.cov.to_numpy() @ g))
    lr = float(np.log(m1 / m0))
    z = float(stats.norm.ppf(0.975))
    return 100 * (np.exp(lr) - 1), 100 * (np.exp(lr - z * se) - 1), 100 * (np.exp(lr + z * se) - 1)


@dataclass
class InitiationModel:
    """One design: its fit, rows used and dropped (with reasons), AMEs and percent changes per alliance term."""

    key: str
    title: str
    result: FitResult
    effects: pd.DataFrame  # term, label, coef, se, p, ame, ame_ci_low/high, pct, pct_ci_low/high
    dropped: dict[str, int]
    seconds: float

    def to_dict(self) -> dict:
        r = self.result
        return {"key": self.key, "title": self.title, "n": r.n, "n_dropped": r.n_dropped,
                "dropped_by_first_missing_column": self.dropped, "n_clusters": r.n_clusters,
                "cov_type": r.cov_type, "llf": clean(r.llf), "pseudo_r2": clean(r.pseudo_r2),
                "coefficients": records(r.table()), "effects": records(self.effects),
                "seconds": round(self.seconds, 2)}


@dataclass
class InitiationReport:
    """The initiation models of one sample, and the published figures they are compared with."""

    years: tuple[int, int]
    n_rows: int
    n_init: int
    models: dict[str, InitiationModel]
    notes: list[str] = field(default_factory=list)
    frame: pd.DataFrame | None = field(default=None, repr=False)

    def comparison(self) -> pd.DataFrame:
        """Our percent changes beside each published figure (one row per published claim)."""
        rows = []
        for pub in PUBLISHED:
            for key, m in self.models.items():
                e = m.effects.set_index("term")
                term = pub.term if pub.term in e.index else f"{pub.term}_nl"  # the no-large-pacts variant
                if term not in e.index or (key == "us" and "benson" in self.models):
                    continue
                r = e.loc[term]
                rows.append({"term": term, "model": key, "ours_pct": r["pct"], "ours_ci_low": r["pct_ci_low"],
                             "ours_ci_high": r["pct_ci_high"], "ours_sample": f"directed dyad-years, "
                             f"{self.years[0]}-{self.years[1]}, N = {m.result.n:,}",
                             "published_pct": pub.percent, "published_direction": pub.direction,
                             "study": pub.study, "published_sample": pub.sample, "published": pub.text})
        return pd.DataFrame(rows)

    def summary(self) -> Summary:
        out = Summary(f"MID initiation, directed dyad-years {self.years[0]}-{self.years[1]}")
        out.add_fact("rows", self.n_rows)
        out.add_fact("initiations (GML MID 2.2.1 originators on side A)", self.n_init)
        for m in self.models.values():
            r = m.result
            sec = Summary(f"{m.title}: logit")
            sec.add_fact("rows used", r.n)
            sec.add_fact("rows dropped", f"{r.n_dropped:,} (" + (", ".join(f"{k} missing {v:,}" for k, v in
                                                                            m.dropped.items()) or "none") + ")")
            sec.add_fact("dyad clusters", r.n_clusters)
            sec.add_fact("pseudo-R2", r.pseudo_r2)
            sec.add_fact("seconds", round(m.seconds, 1))
            e = m.effects[["term", "coef", "se", "p", "pct", "pct_ci_low", "pct_ci_high"]].rename(
                columns={"pct": "% change P(init)", "pct_ci_low": "95% low", "pct_ci_high": "95% high"})
            sec.add_table(e, "Alliance terms")
            out.sections.append(sec)
        rows = []
        for c in self.comparison().itertuples():
            pub = (f"{c.published_pct:+.0f}%" if c.published_pct is not None and np.isfinite(c.published_pct)
                   else {1: "+ (direction)", -1: "- (direction)", 0: "no effect"}[c.published_direction])
            rows.append({"term": c.term, "ours": f"{c.ours_pct:+.0f}% [{c.ours_ci_low:+.0f}, {c.ours_ci_high:+.0f}]",
                         "model": c.model, "our sample": c.ours_sample, "published": pub, "study": c.study,
                         "published sample": c.published_sample, "claim": c.published})
        out.add_table(pd.DataFrame(rows), "Ours beside the published figures (% change in P(initiation))")
        return out.add_notes(self.notes)

    def to_dict(self) -> dict:
        return {"years": list(self.years), "n_rows": self.n_rows, "n_init": self.n_init,
                "models": {k: m.to_dict() for k, m in self.models.items()},
                "comparison": records(self.comparison()), "notes": list(self.notes)}


NOTES = [
    "Sample 1946-2010: UN ideal points (our foreign-policy similarity, in place of the S-score) start in 1946 and "
    "GML MIDs end in 2010; the published papers cover 1816-1944 (Leeds 2003) or 1816-2000.",
    "Alliance terms count third states only, and only those with no defense pledge to the other side "
    "(Leeds 2003's rule); Benson's compellent/deterrent and conditional classes are built from ATOP 4.01 "
    "offense/defense and offcon/defcon; his probabilistic class is not modelled.",
    "Percent change = change in the average predicted probability of initiation over the estimation sample "
    "when the term goes from 0 to 1 (delta-method 95% interval on the log ratio); standard errors clustered on "
    "the non-directed dyad (CRV1).",
]


def fit_initiation_models(years: tuple[int, int] = SAMPLE, designs: tuple[str, ...] = DEFAULT_DESIGNS,
                          frame: pd.DataFrame | None = None, ame: bool = False) -> InitiationReport:
    """Fit the MID-initiation designs on directed dyad-years ``years`` (default the full 1946-2010).

    ``ame=True`` adds average marginal effects (``coalitionlab.models.inference``, delta method) of the alliance
    terms; they take about as long as the fits, so they are off by default (NaN columns)."""
    unknown = [d for d in designs if d not in DESIGNS]
    if unknown:
        raise BadInputError(f"Unknown design(s) {unknown}; choose from {list(DESIGNS)}.")
    if frame is None:
        frame = create_initiation_frame(years)
    models: dict[str, InitiationModel] = {}
    for key in designs:
        t0 = time.perf_counter()
        terms = DESIGNS[key] + CONTROLS
        res = fit_logit(frame, "init", terms, cluster="dyad")
        used = frame.dropna(subset=["init", *terms])
        if ame:
            ames = average_marginal_effects(res, used, DESIGNS[key]).set_index("term")
        else:
            ames = pd.DataFrame(np.nan, index=DESIGNS[key], columns=["ame", "ci_low", "ci_high"])
        rows = []
        X = res.design(used)
        X = X[np.isfinite(X).all(axis=1)]
        for t in DESIGNS[key]:
            pct, lo, hi = percent_change(res, used, t, X)
            rows.append({"term": t, "label": LABELS[t], "coef": float(res.params[t]), "se": float(res.bse[t]),
                         "p": float(res.pvalues[t]), "ame": float(ames.loc[t, "ame"]),
                         "ame_ci_low": float(ames.loc[t, "ci_low"]), "ame_ci_high": float(ames.loc[t, "ci_high"]),
                         "pct": pct, "pct_ci_low": lo, "pct_ci_high": hi, "share_of_rows": float(used[t].mean())})
        models[key] = InitiationModel(key, TITLES[key], res, pd.DataFrame(rows),
                                      _drop_reasons(frame, ["init", *terms]), time.perf_counter() - t0)
    return InitiationReport((int(frame["year"].min()), int(frame["year"].max())), len(frame),
                            int(frame["init"].sum()), models, list(NOTES), frame)
