"""The case library (citations of record, file and line in errors) and the entanglement episodes (real MIDs)."""

from __future__ import annotations

import json

import pytest

from coalitionlab.entanglement.cases import CaseFileError, cases_for_finding, load_cases
from coalitionlab.entanglement.episodes import entanglement_episodes, wilson
from coalitionlab.interventions.curated import PUBLISHER_CLASSES, refused_reason


def test_bundled_cases_have_sources_of_record():
    cases = {c.id: c for c in load_cases()}
    assert len(cases) == 11
    for c in cases.values():
        assert c.sources
        for s in c.sources:
            assert s["publisher_class"] in PUBLISHER_CLASSES and refused_reason(s["url"]) is None
    t54 = cases["taiwan_strait_1954"]
    assert (t54.start, t54.end) == (1954, 1955) and t54.partners == (713,) and t54.adversaries == (710,)
    assert 3270 in t54.atopids and "reputation" in t54.mechanisms
    assert any("history.state.gov" in s["url"] for s in t54.sources)
    assert cases["korea_1950"].relationship == "partner"  # no treaty until 1953
    assert all(c.entangled != "yes" for c in cases.values())  # RAND: contributing, never the only cause
    assert {c["id"] for c in cases_for_finding("E7")} == {"taiwan_strait_1958", "roc_restraint_1954_1962",
                                                          "rok_restraint_1953"}


GOOD = """- id: x
  name: X
  years: [1958, 1958]
  relationship: ally
  partners: [Taiwan]
  adversaries: [710]
  mechanisms: [reputation]
  mechanism_basis: inferred
  outcome: crisis_commitment
  entangled: partial
  findings: [E1]
  sources:
    - citation: A book
      url: https://press.princeton.edu/x
      publisher: Princeton University Press
      publisher_class: academic
"""


def test_user_case_file(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text(GOOD)
    (case,) = load_cases(f)
    assert case.partners == (713,) and case.line == 1


@pytest.mark.parametrize("old,new,match", [
    ("outcome: crisis_commitment", "outcome: victory", r"c\.yaml:1: case 'x': 'outcome' has \['victory'\]"),
    ("partners: [Taiwan]", "partners: [Atlantis]", r"c\.yaml:1: .*unknown state 'Atlantis'"),
    ("https://press.princeton.edu/x", "https://en.wikipedia.org/wiki/X", "copy of Wikipedia"),
    ("publisher_class: academic", "publisher_class: blog", "publisher_class 'blog'"),
    ("years: [1958, 1958]", "years: [1958]", "'years' must be"),
    ("  mechanism_basis: inferred\n", "", r"c\.yaml:1: entry 'x' lacks \['mechanism_basis'\]"),
])
def test_malformed_case_file_names_file_and_line(tmp_path, old, new, match):
    f = tmp_path / "c.yaml"
    f.write_text(GOOD.replace(old, new))
    with pytest.raises(CaseFileError, match=match):
        load_cases(f)


def test_second_entry_line_and_duplicate_id(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text(GOOD + GOOD)
    with pytest.raises(CaseFileError, match=r"c\.yaml:17: case id 'x' is already used"):
        load_cases(f)
    f.write_text("- id: [unclosed\n")
    with pytest.raises(CaseFileError, match="not valid YAML"):
        load_cases(f)


@pytest.fixture(scope="module")
def episodes():
    return entanglement_episodes()


def test_episode_counts(episodes):
    c = episodes.counts()
    assert c == {"partner_disputes": 1601, "disputes": 1094, "us_joined_later": 36, "us_co_originator": 103,
                 "us_opposite_side": 71, "us_stayed_out": 1391, "episode_disputes": 35}


def test_taiwan_strait_episodes(episodes):
    t = episodes.table.set_index(["dispnum", "ccode"])
    r58 = t.loc[(173, 713)]  # 1958: the ROC an originator, the U.S. joined later on its side (a treaty ally)
    assert r58["us_role"] == "joined_later" and r58["commitment"] == "defense pact"
    assert r58["conditionality"] == "conditional" and r58["partner_initiated"] == 0
    r95 = t.loc[(4064, 713)]  # 1995-96: Taiwan a partner without a pact (Taiwan Relations Act)
    assert r95["us_role"] == "joined_later" and r95["commitment"] == "partnership (no pact)"
    assert (4137, 339) in t.index and t.loc[(4137, 339), "us_role"] == "joined_later"  # Kosovo: Albania
    # Cuba: a Rio Pact member in ATOP until 1962, then no partner (troops at Guantanamo, a U.S. rival)
    assert 40 not in set(t.loc[t["start_year"].between(1963, 2010)].index.get_level_values("ccode"))


def test_rates_and_json(episodes):
    r = episodes.rates("partner_initiated").set_index("partner_initiated")
    assert (r.loc[1, "joined_later"], r.loc[1, "n"]) == (7, 736)
    assert (r.loc[0, "joined_later"], r.loc[0, "n"]) == (29, 865)
    assert 173 in r.loc[0, "episode_dispnums"]
    json.dumps(episodes.to_dict(), allow_nan=False)
    assert "joined later" in str(episodes.summary())


def test_wilson():
    lo, hi = wilson(7, 807)
    assert lo == pytest.approx(0.00421, abs=1e-4) and hi == pytest.approx(0.01778, abs=1e-4)


def test_cases_cli(tmp_path):
    from tests.conftest import invoke

    code, out, _ = invoke(["cases", "--json"])
    assert code == 0
    ids = [c["id"] for c in json.loads(out)["cases"]]
    assert "taiwan_strait_1954" in ids and len(ids) == 11
    f = tmp_path / "bad.yaml"
    f.write_text(GOOD.replace("outcome: crisis_commitment", "outcome: victory"))
    code, _, err = invoke(["cases", "--file", str(f)])
    assert code == 2 and "bad.yaml:1" in err and "outcome" in err
