"""Bad curated facts fail the build with a message naming the file and line."""

import pytest

from coalitionlab.interventions.curated import CuratedFactError, load_curated_igo, load_curated_partners
from coalitionlab.interventions.universe import load_interventions


@pytest.fixture(scope="module")
def iv():
    return load_interventions()


GOOD = """- intervention_id: MIP252
  partner: United Kingdom
  ccode: 200
  citation: "A source"
  url: https://example.org/uk
"""


def _write(tmp_path, text):
    p = tmp_path / "partners.yaml"
    p.write_text(text)
    return p


def test_good_entry(iv, tmp_path):
    df = load_curated_partners(iv, _write(tmp_path, GOOD))
    assert df.ccode.tolist() == [200] and df.source_line.tolist() == ["partners.yaml:1"]


@pytest.mark.parametrize("bad,message", [
    ('  citation: "A source"\n', "no citation"),
    ("  ccode: 200\n", "Atlantis"),
    ("MIP252", "does not exist"),
])
def test_bad_entries_name_file_and_line(iv, tmp_path, bad, message):
    text = GOOD + GOOD
    if bad == "MIP252":
        second = GOOD.replace("MIP252", "MIP999")
    elif "citation" in bad:
        second = GOOD.replace(bad, "")
    else:
        second = GOOD.replace(bad, "").replace("United Kingdom", "Atlantis")
    p = _write(tmp_path, GOOD + second)
    with pytest.raises(CuratedFactError) as info:
        load_curated_partners(iv, p)
    assert "partners.yaml:6" in str(info.value) and message in str(info.value)
    assert text  # the first entry alone is fine


def test_code_and_name_disagree(iv, tmp_path):
    p = _write(tmp_path, GOOD.replace("ccode: 200", "ccode: 220"))
    with pytest.raises(CuratedFactError, match="partners.yaml:1.*COW 200"):
        load_curated_partners(iv, p)


def test_partner_outside_system(iv, tmp_path):
    p = _write(tmp_path, GOOD.replace("United Kingdom", "Czechoslovakia").replace("ccode: 200", "ccode: 315")
               .replace("MIP252", "MIP451"))
    with pytest.raises(CuratedFactError, match="not in the state system"):
        load_curated_partners(iv, p)


def test_malformed_yaml_and_igo_kind(iv, tmp_path):
    p = _write(tmp_path, "- intervention_id: [unclosed\n")
    with pytest.raises(CuratedFactError, match="not valid YAML"):
        load_curated_partners(iv, p)
    q = tmp_path / "igo.yaml"
    q.write_text('- intervention_id: MIP252\n  igo: UN\n  kind: blessed\n  citation: "x"\n  url: https://e.org\n')
    with pytest.raises(CuratedFactError, match="igo.yaml:1.*kind"):
        load_curated_igo(iv, q)


def test_bundled_curated_files_are_valid(iv):
    partners = load_curated_partners(iv)
    assert len(partners) > 300 and partners.citation.str.len().gt(0).all()
    assert not partners.duplicated(["intervention_id", "ccode"]).any()
    igo = load_curated_igo(iv)
    assert {"un_authorized", "nato_led", "regional_org"} <= set(igo.kind)


def test_cli_build_with_bad_curated_folder_exits_2(tmp_path):
    import shutil

    from coalitionlab.interventions.curated import CURATED_DIR
    from tests.conftest import invoke

    folder = tmp_path / "facts"
    folder.mkdir()
    shutil.copy(CURATED_DIR / "igo_sponsorship.yaml", folder)
    (folder / "partners.yaml").write_text(GOOD + GOOD.replace("MIP252", "MIP999"))
    out = tmp_path / "out"
    code, _, errs = invoke(["build", "--out", str(out), "--curated", str(folder)])
    assert code == 2 and "partners.yaml:6" in errs and "MIP999" in errs
    assert not out.exists() or not any(out.iterdir())  # nothing half-written
