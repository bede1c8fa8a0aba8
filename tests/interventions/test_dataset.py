"""Real-value tests of the U.S. coalition intervention data set, built from the bundled data."""

import pandas as pd

from tests.interventions.conftest import partners_of


def _iid(data, name, year):
    iv = data.interventions
    hit = iv[(iv.name.str.contains(name, regex=False)) & (iv.start_year == year)]
    assert len(hit) == 1, hit[["intervention_id", "name"]]
    return hit.intervention_id.item()


def test_universe(data):
    iv = data.interventions
    assert len(iv) == 221 and iv.intervention_id.is_unique
    assert iv.start_year.min() == 1946 and iv.start_year.max() == 2019
    korea = iv[iv.intervention_id == "MIP252"].iloc[0]
    assert korea["name"] == "Korean War" and set(korea["targets"]) == {710, 731}
    blue_bat = iv[iv.name == "Operation Blue Bat"].iloc[0]
    assert list(blue_bat["targets"]) == [660, 365, 645, 651]  # "LEB, RUS, IRQ, EGY"
    cambodia = iv[iv.name == "Cambodia Bombing Campaign"].iloc[0]
    assert list(cambodia["mids"]) == [1213, 1216, 1217, 1806]
    assert not any(len(u) for u in iv.targets_unresolved)


def test_hosts_and_success_rule(data):
    iv = data.interventions.set_index("intervention_id")
    shield = iv.loc[_iid(data, "Desert Shield", 1990)]
    assert 670 not in shield["adversaries"] and 670 in partners_of(data, shield.name)
    assert iv.loc["MIP425", "success"] == "achieved"  # Just Cause: MIP outcome 1
    assert set(iv["success"].dropna()) <= {"achieved", "partial", "failed", "unclear"}
    assert (iv.loc[iv.outcome == 5, "success"] == "failed").all()


def test_koreapartners_of(data):
    assert {200, 640, 900, 20, 840, 800, 100, 530} <= partners_of(data, "MIP252")
    assert data.interventions.set_index("intervention_id").loc["MIP252", "coalition"] == 1


def test_gulfpartners_of(data):
    storm = _iid(data, "Desert Storm", 1991)
    assert {670, 651, 652, 220, 200} <= partners_of(data, storm)


def test_grenada_vietnam_panama(data):
    assert {51, 53} <= partners_of(data, _iid(data, "Grenada", 1983))
    assert {732, 900, 920} <= partners_of(data, _iid(data, "Vietnam War", 1964))
    just_cause = _iid(data, "Just Cause", 1989)
    assert partners_of(data, just_cause) == set()
    assert data.interventions.set_index("intervention_id").loc[just_cause, "coalition"] == 0


def test_every_partner_has_evidence(data):
    p = data.partners
    assert (p.n_evidence >= 1).all() and p.evidence.str.len().gt(0).all()
    ev = data.evidence
    keys = set(zip(ev[ev.side == "us"].intervention_id, ev[ev.side == "us"].ccode, strict=True))
    assert set(zip(p.intervention_id, p.ccode, strict=True)) <= keys
    cur = ev[ev.source == "curated"]
    assert cur.citation.notna().all() and cur.url.str.startswith("http").all()
    assert 2 not in set(p.ccode)


def test_candidates_unique_and_complete(data):
    c = data.candidates
    assert not c.duplicated(["intervention_id", "ccode"]).any()
    assert 2 not in set(c.ccode)
    # every partner that was a state at the start is a candidate with joined = 1
    joined = set(zip(c.loc[c.joined_basing == 1, "intervention_id"], c.loc[c.joined_basing == 1, "ccode"],
                     strict=True))
    partners = set(zip(data.partners.intervention_id, data.partners.ccode, strict=True))
    assert partners - joined == set(data.partners_outside_system)
    p = data.partners
    forces = set(zip(p.loc[p.role != "basing", "intervention_id"], p.loc[p.role != "basing", "ccode"], strict=True))
    assert set(zip(c.loc[c.joined == 1, "intervention_id"], c.loc[c.joined == 1, "ccode"], strict=True)) <= forces
    # adversary targets are not candidates
    iv = data.interventions.set_index("intervention_id")
    for iid, g in c.groupby("intervention_id"):
        assert not set(g.ccode) & set(iv.loc[iid, "adversaries"])
    # MIP names the real target of Desert Shield only in a note, "0 (Iraq)": Iraq is an adversary, not a candidate
    shield = c[c.intervention_id == _iid(data, "Desert Shield", 1990)]
    assert 645 not in set(shield.ccode) and 670 in set(shield.ccode)
    assert (shield.crisis_ccode == 645).all()
    korea = c[c.intervention_id == "MIP252"]
    assert len(korea) == 75 - 3  # COW members in 1950 less the U.S., China and North Korea


def test_candidate_covariates_real_values(data):
    c = data.candidates.set_index(["intervention_id", "ccode"])
    storm = _iid(data, "Desert Storm", 1991)
    uk = c.loc[(storm, 200)]
    assert uk.us_defense_pact == 1 and uk.nato_member == 1 and uk.ref_year == 1990
    assert c.loc[(storm, 651), "same_cow_region"] == 1  # Egypt, Middle East like Iraq
    assert c.loc[(storm, 690), "mids_with_target_10y"] >= 1  # Kuwait vs Iraq, 1990
    # coverage: a 2019 intervention is measured in 2018, inside ATOP (to 2018) but past COW Trade (to 2014)
    late = data.candidates[data.candidates.start_year == 2019]
    assert late.carried.str.contains("trade:2014").all() and not late.carried.str.contains("atop").any()
    assert late.us_defense_pact.notna().all() and late.trade_share_us.notna().any()
    early = data.candidates[data.candidates.start_year == 1946]
    assert early.idealpoint_distance_us.isna().all()  # UN votes start in 1946; ref_year is 1945
    assert early.carried.isna().all()


def test_tago_crosswalk_and_agreement(data):
    chk = data.tago_check()
    assert chk["n_tago"] == 288 and chk["n_cases_matched"] == 101 and chk["n_matched"] == 72
    assert chk["agreement"] >= 0.75  # measured 0.750 on 72 interventions with the hand-checked crosswalk
    assert chk["crosstab"].loc[1, 1] == 18 and chk["crosstab"].loc[0, 0] == 36
    t = data.tago.set_index("tago_row")
    assert t.loc[4, "intervention_id"] == "MIP248"  # 1948 Security of Berlin, airlift: the Berlin Airlift
    assert t.loc[t.conflict.str.startswith("Korean War (Defense of ROK)"), "intervention_id"].eq("MIP252").all()
    assert t.match_note.notna().all()  # every case, matched or not, says why
    assert (t.intervention_id == "MIP436").sum() >= 5  # several no-fly-zone episodes, one MIP intervention


def test_codebook_covers_every_column(data):
    from pathlib import Path

    from coalitionlab.interventions.build import TABLES
    from coalitionlab.interventions.codebook import codebook, render_markdown

    book = codebook()
    for table in TABLES:
        missing = [c for c in getattr(data, table).columns if c not in book]
        assert not missing, (table, missing)
    for name, entry in book.items():
        assert entry.get("definition") and entry.get("source") and entry.get("rule"), name
    docs = Path(__file__).resolve().parents[2] / "docs" / "codebook.md"
    assert docs.read_text() == render_markdown(), "regenerate: coalitionlab codebook --markdown > docs/codebook.md"


def test_build_writes_stata_with_labels(data, tmp_path):
    from coalitionlab.interventions.build import write_dataset

    write_dataset(data, tmp_path)
    reader = pd.io.stata.StataReader(tmp_path / "partners.dta")
    with reader:
        labels = reader.variable_labels()
    assert labels["ccode"] == "COW code of the state"
    back = pd.read_parquet(tmp_path / "interventions.parquet")
    assert len(back) == 221 and list(back.loc[back.intervention_id == "MIP252", "targets"].item()) == [710, 731]
    csv = pd.read_csv(tmp_path / "candidates.csv", low_memory=False)
    assert len(csv) == len(data.candidates)
