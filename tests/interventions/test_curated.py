"""Bad curated facts fail the build with a message naming the file, the line and the rule."""

import pytest

from coalitionlab.interventions.curated import (
    PUBLISHER_CLASSES,
    REFUSED_HOSTS,
    CuratedFactError,
    load_curated_exclusions,
    load_curated_igo,
    load_curated_partners,
    load_war_links,
    refused_reason,
)
from coalitionlab.interventions.universe import load_interventions


@pytest.fixture(scope="module")
def iv():
    return load_interventions()


GOOD = """- intervention_id: MIP252
  partner: United Kingdom
  ccode: 200
  role: combat
  start: 1950-08
  end: 1953-07
  citation: "A source"
  url: https://example.org/uk
  publisher: "U.S. Army Center of Military History"
  publisher_class: government
"""
EXCLUSION = """- intervention_id: MIP273
  partner: United Kingdom
  ccode: 200
  reason: "invaded Egypt; the U.S. opposed the invasion"
  citation: "Office of the Historian, 'Suez Crisis, 1956'"
  url: https://history.state.gov/milestones/1953-1960/suez
  publisher: "U.S. Department of State"
  publisher_class: government
"""


def _write(tmp_path, text, name="partners.yaml"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_good_entry(iv, tmp_path):
    df = load_curated_partners(iv, _write(tmp_path, GOOD))
    row = df.iloc[0]
    assert df.ccode.tolist() == [200] and df.source_line.tolist() == ["partners.yaml:1"]
    assert (row.role, row.first_year, row.first_month, row.last_year, row.last_month) == ("combat", 1950, 8, 1953, 7)
    assert row.publisher_class == "government"


def test_window_defaults_to_the_intervention(iv, tmp_path):
    text = GOOD.replace("  start: 1950-08\n", "").replace("  end: 1953-07\n", "")
    df = load_curated_partners(iv, _write(tmp_path, text))
    assert (df.first_year[0], df.first_month[0], df.last_year[0], df.last_month[0]) == (1950, 6, 1953, 7)


@pytest.mark.parametrize("bad,good,message", [
    ('  citation: "A source"\n', "", "no citation"),
    ("United Kingdom", "Atlantis", "Atlantis"),
    ("role: combat", "role: cheering", "role 'cheering'"),
    ("publisher_class: government", "publisher_class: blog", "publisher_class 'blog'"),
    ("publisher_class: government", "", "publisher_class ''"),
    ('  publisher: "U.S. Army Center of Military History"\n', "", "names no publisher"),
    ("https://example.org/uk", "https://owiki.org/wiki/Korean_War", "copy of Wikipedia"),
    ("https://example.org/uk", "https://en.wikipedia.org/wiki/Korean_War", "copy of Wikipedia"),
    ("https://example.org/uk", "https://es.stringtranslate.com/x", "machine translation"),
    ("https://example.org/uk", "https://wikisum.wiki/x", "AI summary"),
    ("https://example.org/uk", "https://www.globalsecurity.org/x", "aggregator"),
    ("https://example.org/uk", "https://sputnikglobe.com/x", "propaganda"),
    ("end: 1953-07", "end: 1954-02", "window within the intervention"),
    ("start: 1950-08", "start: 1949-12", "window within the intervention"),
    ("start: 1950-08", "start: 1953-09", "window within the intervention"),
    ("start: 1950-08", "start: 1950-13", "not a year or a year-month"),
])
def test_bad_entries_name_file_line_and_rule(iv, tmp_path, bad, good, message):
    second = GOOD.replace("MIP252", "MIP252").replace("ccode: 200", "ccode: 200").replace(bad, good)
    first = GOOD.replace("United Kingdom", "France").replace("ccode: 200", "ccode: 220")
    p = _write(tmp_path, first + second)
    with pytest.raises(CuratedFactError) as info:
        load_curated_partners(iv, p)
    assert "partners.yaml:11" in str(info.value) and message in str(info.value)


def test_unknown_intervention_and_duplicate(iv, tmp_path):
    with pytest.raises(CuratedFactError, match="partners.yaml:11.*MIP999.*does not exist"):
        load_curated_partners(iv, _write(tmp_path, GOOD + GOOD.replace("MIP252", "MIP999")))
    with pytest.raises(CuratedFactError, match="partners.yaml:11: a second entry"):
        load_curated_partners(iv, _write(tmp_path, GOOD + GOOD))


def test_code_and_name_disagree(iv, tmp_path):
    p = _write(tmp_path, GOOD.replace("ccode: 200", "ccode: 220"))
    with pytest.raises(CuratedFactError, match="partners.yaml:1.*COW 200"):
        load_curated_partners(iv, p)


def test_partner_outside_system(iv, tmp_path):
    p = _write(tmp_path, GOOD.replace("United Kingdom", "Czechoslovakia").replace("ccode: 200", "ccode: 315")
               .replace("MIP252", "MIP451").replace("1950-08", "1993-03").replace("1953-07", "1994-01"))
    with pytest.raises(CuratedFactError, match="not in the (COW )?state system"):
        load_curated_partners(iv, p)


def test_malformed_yaml_non_utf8_and_igo_kind(iv, tmp_path):
    p = _write(tmp_path, "- intervention_id: [unclosed\n")
    with pytest.raises(CuratedFactError, match="not valid YAML"):
        load_curated_partners(iv, p)
    q = tmp_path / "latin1.yaml"
    q.write_bytes(GOOD.replace("A source", "S\xe3o Paulo").encode("latin-1"))
    with pytest.raises(CuratedFactError, match="not UTF-8"):
        load_curated_partners(iv, q)
    igo = GOOD.split("  partner:")[0] + '  igo: UN\n  kind: blessed\n  citation: "x"\n  url: https://e.org\n' \
        '  publisher: "United Nations"\n  publisher_class: igo\n'
    with pytest.raises(CuratedFactError, match="igo.yaml:1.*kind"):
        load_curated_igo(iv, _write(tmp_path, igo, "igo.yaml"))


def test_exclusion_contradicting_a_curated_partner_fails(iv, tmp_path):
    partners = load_curated_partners(iv, _write(tmp_path, GOOD))
    ex = load_curated_exclusions(iv, partners, _write(tmp_path, EXCLUSION, "exclusions.yaml"))
    assert ex[["intervention_id", "ccode"]].values.tolist() == [["MIP273", 200]]
    clash = EXCLUSION.replace("MIP273", "MIP252")
    with pytest.raises(CuratedFactError, match="exclusions.yaml:1.*contradicts the curated partner entry at "
                                               "partners.yaml:1"):
        load_curated_exclusions(iv, partners, _write(tmp_path, clash, "exclusions.yaml"))
    refused = EXCLUSION.replace("https://history.state.gov/milestones/1953-1960/suez", "https://iiab.me/x")
    with pytest.raises(CuratedFactError, match="exclusions.yaml:1.*source of record"):
        load_curated_exclusions(iv, partners, _write(tmp_path, refused, "exclusions.yaml"))


def test_refused_hosts_and_classes():
    assert refused_reason("https://en.m.wikipedia.org/wiki/X") and refused_reason("https://www.owiki.org/x")
    assert refused_reason("https://www.nato.int/cps/en/natohq/topics_52060.htm") is None
    assert refused_reason("https://history.army.mil/books/korea/") is None
    assert set(PUBLISHER_CLASSES) == {"government", "igo", "academic", "news"}
    assert "wikisum.wiki" in REFUSED_HOSTS


def test_bundled_curated_files_are_valid_and_of_record(iv):
    partners = load_curated_partners(iv)
    assert len(partners) > 300 and partners.citation.str.len().gt(0).all()
    assert not partners.duplicated(["intervention_id", "ccode"]).any()
    assert set(partners.publisher_class) <= set(PUBLISHER_CLASSES)
    assert not any(refused_reason(u) for u in partners.url)
    assert set(partners.role) <= {"combat", "support", "basing"}
    load_curated_exclusions(iv, partners)
    links = load_war_links(iv)
    assert dict(zip(links.intervention_id, links.warnum, strict=True))["MIP252"] == 151
    igo = load_curated_igo(iv)
    assert {"un_authorized", "nato_led"} <= set(igo.kind)
    assert not any(refused_reason(u) for u in igo.url)


def test_cli_build_with_bad_curated_folder_exits_2(tmp_path):
    from tests.conftest import invoke

    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "partners.yaml").write_text(GOOD + GOOD.replace("MIP252", "MIP999"))
    out = tmp_path / "out"
    code, _, errs = invoke(["build", "--out", str(out), "--curated", str(folder)])
    assert code == 2 and "partners.yaml:11" in errs and "MIP999" in errs
    assert not out.exists() or not any(out.iterdir())  # nothing half-written


def test_cli_build_refuses_a_mirror_citation(tmp_path):
    from tests.conftest import invoke

    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "partners.yaml").write_text(GOOD.replace("https://example.org/uk", "https://piglix.com/korea"))
    code, _, errs = invoke(["build", "--out", str(tmp_path / "out"), "--curated", str(folder)])
    assert code == 2 and "partners.yaml:1" in errs and "source of record" in errs
