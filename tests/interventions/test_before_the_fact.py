"""Covariates measured before the fact (issue 9): shared threat without the intervention's own disputes, NATO
aspiration from dates known at the time, and the coverage gaps of the candidates table."""

import numpy as np
import pandas as pd
import pytest

from coalitionlab.interventions.candidates import (
    MID_WINDOW,
    _mid_dyad_onsets,
    _nato_spells,
    counted_mids,
    coverage_gaps,
    crisis_state,
    intervention_disputes,
    nato_aspirant,
    nato_aspirant_hindsight,
)
from coalitionlab.interventions.curated import CuratedFactError, load_nato_aspirants

POLAND, HUNGARY, UKRAINE, GEORGIA, MONTENEGRO, SWEDEN, FINLAND = 290, 310, 369, 372, 341, 380, 375


def _asp(ccode: int, years) -> list[int]:
    years = list(years)
    return nato_aspirant(pd.Series([ccode] * len(years)), pd.Series(years)).tolist()


def _row(data, iid: str, ccode: int) -> pd.Series:
    c = data.candidates
    return c[(c.intervention_id == iid) & (c.ccode == ccode)].iloc[0]


# ------------------------------------------------------------------------------------------- NATO aspirants
def test_aspirant_file_real_values():
    a = load_nato_aspirants()
    assert len(a) == 22 and a.ccode.nunique() == 21  # Ukraine has two spells
    assert a.publisher_class.isin(["igo", "government", "academic", "news"]).all()
    assert not a.url.str.contains("wikipedia").any()
    pol = a.set_index("ccode").loc[POLAND]
    assert (pol.from_year, pol.joined, pol.basis) == (1992, 1999, "application")
    ukr = a[a.ccode == UKRAINE].sort_values("from_year")
    assert ukr.from_year.tolist() == [2005, 2017] and ukr.to_year.iloc[0] == 2010
    assert ukr.basis.tolist() == ["intensified_dialogue", "application"]
    assert a.set_index("ccode").loc[GEORGIA, "from_year"] == 2006  # Intensified Dialogue, September 2006
    assert a.set_index("ccode").loc[MONTENEGRO, "joined"] == 2017


def test_aspirant_dates_agree_with_atop():
    """ATOP codes NATO membership from the signature of the accession protocol: the aspiration starts no later
    than that and the accession comes in the same year or later."""
    a = load_nato_aspirants()
    atop = _nato_spells().groupby("ccode")["first"].min()
    both = a[a.ccode.isin(atop.index) & a.joined.notna()]
    assert len(both) == 17  # every accession through 2017 (ATOP 4.01 has Montenegro's 2016 protocol)
    for r in both.itertuples():
        assert r.from_year <= atop[r.ccode] <= r.joined <= atop[r.ccode] + 2, r.state


def test_nato_aspirant_known_at_the_time():
    assert _asp(POLAND, range(1990, 2002)) == [0, 0] + [1] * 7 + [0, 0, 0]  # 1992-1998, member from 1999
    assert _asp(HUNGARY, [1995, 1998, 1999]) == [1, 1, 0]
    assert _asp(366, [1996, 1997, 2003, 2004]) == [0, 1, 1, 0]  # Estonia: Otepaa communique May 1997
    assert _asp(349, [1995, 1996]) == [0, 1] and _asp(343, [1998, 1999, 2018]) == [0, 1, 1]  # Slovenia, Macedonia
    assert _asp(SWEDEN, [1995, 2015, 2018]) == [0, 0, 0] and _asp(FINLAND, [2015]) == [0]
    # Ukraine: Intensified Dialogue 2005, non-bloc law 2010, membership goal again 2017
    assert _asp(UKRAINE, [2004, 2005, 2009, 2010, 2014, 2016, 2017, 2018]) == [0, 1, 1, 0, 0, 0, 1, 1]
    assert _asp(GEORGIA, [2005, 2006, 2018]) == [0, 1, 1]
    assert _asp(MONTENEGRO, [2007, 2008, 2016, 2017]) == [0, 1, 1, 0]  # joined June 2017, past ATOP's end
    assert _asp(350, [1949, 1950, 1951, 1952]) == [0, 1, 1, 0]  # Greece: request 1950, accession 1952
    assert _asp(260, [1954, 1955]) == [1, 0] and _asp(230, [1980, 1981, 1982]) == [0, 1, 0]
    assert _asp(200, [1947, 1948]) == [0, 0]  # founding members were never aspirants
    # the hindsight proxy reads later accession: Poland in 1990, long before it sought membership
    pol = nato_aspirant_hindsight(pd.Series([POLAND] * 3), pd.Series([1988, 1990, 1996])).tolist()
    assert pol == [1, 1, 1] and _asp(POLAND, [1988, 1990, 1996]) == [0, 0, 1]


def test_nato_aspirant_in_candidates(data):
    c = data.candidates
    assert c.nato_aspirant.tolist() == nato_aspirant(c.ccode, c.ref_year).tolist()
    assert c.nato_aspirant_hindsight.tolist() == nato_aspirant_hindsight(c.ccode, c.ref_year).tolist()
    kosovo = _row(data, "MIP483", POLAND)  # March 1999, measured in 1998: invited, not yet acceded
    assert kosovo.ref_year == 1998 and kosovo.nato_aspirant == 1 and kosovo.nato_member == 1
    iraq = _row(data, "MIP510", POLAND)  # 2003: a member since 1999
    assert iraq.nato_aspirant == 0 and iraq.nato_aspirant_hindsight == 0
    assert int(c.nato_aspirant.sum()) == 657 and int(c.nato_aspirant_hindsight.sum()) == 625
    changed = c.nato_aspirant != c.nato_aspirant_hindsight
    assert int(changed.sum()) == 538


def _write(tmp_path, text: str):
    p = tmp_path / "nato_aspirants.yaml"
    p.write_text(text, encoding="utf-8")
    return p


GOOD = """- ccode: 290
  state: Poland
  from_year: 1992
  basis: application
  citation: a source
  url: https://www.nato.int/x
  publisher: NATO
  publisher_class: igo
"""


@pytest.mark.parametrize(("change", "message"), [
    (("ccode: 290", "ccode: 999"), "nato_aspirants.yaml:1: unknown ccode 999"),
    (("from_year: 1992", "from_year: 1940"), "nato_aspirants.yaml:1: from_year 1940 of Poland is out of range"),
    (("state: Poland", "state: Hungary"), "nato_aspirants.yaml:1: state 'Hungary' is COW 310"),
    (("basis: application", "basis: rumour"), "nato_aspirants.yaml:1: basis 'rumour'"),
    (("  url: https://www.nato.int/x\n", ""), "nato_aspirants.yaml:1: entry for Poland has no url"),
    (("https://www.nato.int/x", "https://en.wikipedia.org/wiki/Poland"), "a copy of Wikipedia"),
    (("publisher_class: igo", "publisher_class: blog"), "publisher_class 'blog'"),
    (("basis: application", "basis: application\n  joined: 1999"), "gives no joined_url"),
])
def test_aspirant_file_is_validated(tmp_path, change, message):
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(CuratedFactError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_nato_aspirants(path)


def test_aspirant_spells_must_not_overlap(tmp_path):
    assert len(load_nato_aspirants(_write(tmp_path, GOOD))) == 1
    with pytest.raises(CuratedFactError, match=r"nato_aspirants.yaml:9: the spell of Poland from 1995 overlaps"):
        load_nato_aspirants(_write(tmp_path, GOOD + GOOD.replace("1992", "1995")))


# --------------------------------------------------------------------------------------------- shared threat
def test_candidate_rows_unchanged(data):
    assert len(data.candidates) == 34801
    assert not data.candidates.duplicated(["intervention_id", "ccode"]).any()
    assert (data.candidates.ref_year == data.candidates.start_year - 1).all()


def test_own_disputes(data):
    own = intervention_disputes(data.interventions, data.partners)
    keys = set(zip(own.intervention_id, own.dispnum, own.link, strict=True))
    # MIP links Desert Storm to the post-war dispute 3974; the Gulf War itself (MID 3957) is its war link 211
    assert {("MIP437", 3974, "mip"), ("MIP437", 3957, "war"), ("MIP431", 3957, "mip")} <= keys
    assert ("MIP510", 4273, "war") in keys  # Iraq 2003: no MID from MIP, the 1997-2003 Iraq dispute via war 227
    assert ("MIP252", 51, "mip") in keys and ("MIP495", 4283, "war") in keys
    assert not own.duplicated(["intervention_id", "dispnum"]).any()


def test_gulf_war_dispute_does_not_count(data):
    # Kuwait in Desert Storm (January 1991): Iraq's invasion (MID 3957, June 1990) is the war the intervention is
    # part of; the earlier Iraq-Kuwait dispute of February 1985 (MID 3029) still counts
    kuwait = _row(data, "MIP437", 690)
    assert kuwait.mids_with_target_10y == 1 and kuwait.rivalry_with_target == 1 and kuwait.shared_threat == 1
    assert _row(data, "MIP437", 200).mids_with_target_10y == 3  # the U.K.: 3957 no longer counted
    # Desert Shield (August 1990): its own dispute 3957 does not count for Kuwait either
    assert _row(data, "MIP431", 690).mids_with_target_10y == 1
    # Iraq 2003: Australia and Poland joined dispute 4273 in January and March 2003, as the coalition formed
    for ccode in (900, 290):
        assert _row(data, "MIP510", ccode).mids_with_target_10y == 0
    # Protection of Taiwan (February 1951): Belgium's onset against China in the Korean War (January 1951) counts
    assert _row(data, "MIP255", 211).mids_with_target_10y == 1


def _counted(data) -> pd.DataFrame:
    c = data.candidates.reset_index(drop=True)
    own = intervention_disputes(data.interventions, data.partners)
    return counted_mids(c, c.crisis_ccode, data.interventions, own).assign(
        iid=lambda h: c.intervention_id.to_numpy()[h.row]), c, own


def test_shared_threat_never_counts_a_later_or_own_mid(data):
    hit, c, own = _counted(data)
    assert np.bincount(hit.row, minlength=len(c)).tolist() == c.mids_with_target_10y.tolist()
    iv = data.interventions.set_index("intervention_id")
    # provably before: the onset's latest possible date precedes the start's earliest possible date
    latest = list(zip(hit.year, hit.month.fillna(12), hit.day.fillna(31), strict=True))
    start = list(zip(hit.iid.map(iv.start_year), hit.iid.map(iv.start_month).fillna(1),
                     hit.iid.map(iv.start_day).fillna(1), strict=True))
    assert all(a < b for a, b in zip(latest, start, strict=True))
    assert (hit.year >= hit.iid.map(iv.start_year).clip(upper=2015) - MID_WINDOW).all()
    assert not set(zip(hit.iid, hit.dispnum, strict=True)) & set(zip(own.intervention_id, own.dispnum, strict=True))
    threat = (c.mids_with_target_10y > 0) | (c.rivalry_with_target == 1)
    assert c.shared_threat.tolist() == threat.astype(int).tolist()


def test_shared_threat_change_counts(data):
    c = data.candidates
    assert int(c.shared_threat.sum()) == 1635 and int(c.mids_with_target_10y.sum()) == 3069
    coalitions = set(data.interventions.loc[data.interventions.coalition == 1, "intervention_id"])
    assert int(c.loc[c.intervention_id.isin(coalitions), "shared_threat"].sum()) == 591


def test_mid_onset_dates():
    on = _mid_dyad_onsets().set_index(["dispnum", "ccode1", "ccode2"])
    assert on.loc[(3957, 690, 645), ["year", "month", "day"]].tolist() == [1990, 6, 26]
    assert on.loc[(4273, 900, 645), ["year", "month", "day"]].tolist() == [2003, 1, 12]
    assert on.loc[(4273, 290, 645), ["year", "month", "day"]].tolist() == [2003, 3, 19]
    assert len(on) == 7440 and on.month.isna().sum() == 492


def test_window_past_2014_is_flagged(data):
    c = data.candidates
    assert c.loc[c.start_year >= 2015, "carried"].str.contains("mid:2014").all()
    assert not c.loc[c.start_year <= 2014, "carried"].fillna("").str.contains("mid:").any()


def test_rivalry_measured_in_ref_year(data):
    # Israel (1948) was not a state in 1947: the Arab-Israeli rivalries that TSS dates to 1948 are not "before" the
    # July 1948 evacuation at year precision
    c = data.candidates
    evac = c[c.intervention_id == "MIP247"]
    assert (evac.crisis_ccode == 666).all() and (evac.rivalry_with_target == 0).all()
    assert int(c.rivalry_with_target.sum()) == 398
    assert crisis_state(data.interventions).loc[data.interventions.intervention_id == "MIP437"].item() == 645


# --------------------------------------------------------------------------------------------- coverage gaps
def test_coverage_gaps(data):
    g = coverage_gaps(data.candidates, data.interventions)
    assert set(g.covariate) == {c for c in data.candidates.columns if c not in (
        "intervention_id", "ccode", "start_year", "ref_year", "crisis_ccode", "is_host", "joined", "joined_basing",
        "crisis_year", "carried")}
    gaps = g.set_index(["covariate", g.reason.str.split().str[:4].str.join(" ")])[["n_rows", "n_interventions"]]
    assert gaps.loc[("us_troops", "ref_year before the troop")].tolist() == [209, 3]  # 1946, 1948 and Korea 1950
    assert gaps.loc[("idealpoint", "no UNGA ideal point")].tolist() == [612, 69]
    assert gaps.loc[("idealpoint", "not yet a state")].tolist() == [59, 24]
    assert gaps.loc[("polity2", "no Polity5 polity2 for")].tolist() == [1470, 69]
    assert gaps.loc[("exercises_us_5y", "the five-year window starts")].tolist() == [3553, 29]
    assert gaps.loc[("sponsor_member", "the sponsor's membership is")].tolist() == [960, 7]
    assert gaps.loc[("trade_share_us", "no total trade of")].tolist() == [642, 67]
    # distances: a candidate born in ref_year is measured on 1 January of the start year (CShapes), still before
    # the start; only states born in the start year itself stay NA
    assert g.loc[g.covariate == "mindist_target", "n_rows"].tolist() == [49]
    assert (g.loc[g.reason == "complete", "n_rows"] == 0).all() and "other" not in set(g.reason)
    korea = data.candidates[data.candidates.intervention_id == "MIP252"]
    assert korea.us_troops.isna().all() and len(korea) == 72
    estonia = _row(data, "MIP441", 366)  # born September 1991, candidate in 1992
    assert estonia.ref_year == 1991 and estonia.mindist_target > 0
