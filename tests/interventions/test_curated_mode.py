"""A user's curated folder adds to the bundled facts (``--curated-mode add``, the default of ``build --curated``) or
replaces them (``--curated-mode replace``); the two are different data sets with different cache keys."""

import json

import pytest

from coalitionlab.errors import BadInputError
from coalitionlab.interventions.cache import dataset_key
from coalitionlab.interventions.curated import (
    CURATED_DIR,
    CuratedFolder,
    curated_files,
    curated_source,
    load_curated_igo,
    load_curated_partners,
    user_curated_files,
)
from coalitionlab.interventions.partners import build_partners, collect_evidence
from coalitionlab.interventions.universe import load_interventions
from tests.conftest import invoke

SOURCE = """  citation: "A test source"
  url: https://example.org/test
  publisher: "U.S. Army Center of Military History"
  publisher_class: government
"""
# Ireland in Korea is not a bundled fact (a made-up entry for the test); the U.K. in Korea is (as combat)
IRELAND = "- intervention_id: MIP252\n  partner: Ireland\n  ccode: 205\n  role: support\n" + SOURCE
UK_SUPPORT = "- intervention_id: MIP252\n  partner: United Kingdom\n  ccode: 200\n  role: support\n" + SOURCE


@pytest.fixture(scope="module")
def iv():
    return load_interventions()


@pytest.fixture(scope="module")
def bundled(iv):
    return load_curated_partners(iv)


@pytest.fixture
def facts(tmp_path):
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "partners.yaml").write_text(IRELAND + UK_SUPPORT)
    return folder


def _pairs(df, iid="MIP252"):
    return dict(zip(df.loc[df.intervention_id == iid, "ccode"], df.loc[df.intervention_id == iid, "role"],
                    strict=True))


def test_add_keeps_the_bundled_rows_adds_and_overrides(iv, bundled, facts):
    added = load_curated_partners(iv, user_curated_files(CuratedFolder(facts, "add"), "partners"))
    assert len(bundled) > 500 and len(added) == len(bundled) + 1  # Ireland added; the U.K. entry replaced
    korea = _pairs(added)
    assert korea[205] == "support" and korea[200] == "support" and _pairs(bundled)[200] == "combat"
    assert {k: v for k, v in korea.items() if k not in (200, 205)} == {
        k: v for k, v in _pairs(bundled).items() if k != 200}
    # every bundled row but the replaced one is still there, unchanged
    other = bundled[~((bundled.intervention_id == "MIP252") & (bundled.ccode == 200))]
    merged = other.merge(added, on=list(other.columns), how="left", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert added.loc[(added.ccode == 205) & (added.intervention_id == "MIP252"), "source_line"].tolist() == [
        "partners.yaml:1"]


def test_replace_drops_the_bundled_rows(iv, facts):
    replaced = load_curated_partners(iv, user_curated_files(CuratedFolder(facts, "replace"), "partners"))
    assert sorted(zip(replaced.ccode, replaced.role, strict=True)) == [(200, "support"), (205, "support")]
    # a plain path is replace, as before
    assert user_curated_files(facts, "partners") == [facts / "partners.yaml"]
    assert user_curated_files(CuratedFolder(facts, "add"), "partners") == (
        curated_files(CURATED_DIR, "partners") + [facts / "partners.yaml"])
    # replace reads no bundled war links or IGO facts from a folder that has none
    assert user_curated_files(CuratedFolder(facts, "replace"), "war_links") == []
    assert not load_curated_igo(iv, user_curated_files(CuratedFolder(facts, "replace"), "igo_sponsorship",
                                                       "igo")).shape[0]
    igo_add = load_curated_igo(iv, user_curated_files(CuratedFolder(facts, "add"), "igo_sponsorship", "igo"))
    assert igo_add.equals(load_curated_igo(iv))


def test_partners_table_in_both_modes(iv, bundled, facts):
    """Through the evidence rules to the partners table: add has the bundled partners of Korea and Ireland,
    replace has only the two states of the user's folder among Korea's curated partners."""
    add, _ = build_partners(iv, collect_evidence(iv, CuratedFolder(facts, "add")).accepted)
    rep, _ = build_partners(iv, collect_evidence(iv, CuratedFolder(facts, "replace")).accepted)
    korea_add = set(add.loc[add.intervention_id == "MIP252", "ccode"])
    korea_rep = set(rep.loc[rep.intervention_id == "MIP252", "ccode"])
    assert korea_add == set(_pairs(bundled)) | {205}
    assert _pairs(add)[200] == "support"  # the user's entry replaced the bundled one (combat)
    assert korea_rep == {200, 205, 732}  # South Korea from the data sets' own records; no Australia, Luxembourg
    assert len(add) > len(rep) + 300


def test_the_cache_key_depends_on_the_mode(facts):
    keys = {dataset_key(), dataset_key(CuratedFolder(facts, "add")), dataset_key(CuratedFolder(facts, "replace"))}
    assert len(keys) == 3
    assert dataset_key(facts) == dataset_key(CuratedFolder(facts, "replace"))  # a plain path replaces


def test_curated_source():
    assert curated_source(None) is None
    assert curated_source("x").mode == "replace" and curated_source("x", "add").mode == "add"
    assert curated_source(CuratedFolder("x", "add"), "replace") == CuratedFolder("x", "replace")
    with pytest.raises(BadInputError, match="add, replace"):
        CuratedFolder("x", "merge")
    with pytest.raises(BadInputError, match="--curated DIR"):
        curated_source(None, "add")


def test_cli_mode_reaches_the_build_and_bad_input_exits_2(tmp_path, facts, monkeypatch, coalition_data):
    import coalitionlab.interventions.cache as cache

    seen = []

    def fake(curated_dir=None, progress=None, use_cache=None, stats=None):
        seen.append(curated_dir)
        stats["cache"] = "hit"
        return coalition_data

    monkeypatch.setattr(cache, "load_dataset", fake)
    code, out, _ = invoke(["build", "--out", str(tmp_path / "a"), "--curated", str(facts), "--json", "-q"])
    assert code == 0 and seen[-1] == CuratedFolder(facts, "add")  # add is the default with --curated
    meta = json.loads((tmp_path / "a" / "metadata.json").read_text())
    assert meta["command"] == f"coalitionlab build --curated {facts} --curated-mode add"
    code, _, _ = invoke(["build", "--out", str(tmp_path / "b"), "--curated", str(facts), "--curated-mode",
                         "replace", "-q"])
    assert code == 0 and seen[-1] == CuratedFolder(facts, "replace")
    code, _, _ = invoke(["build", "--out", str(tmp_path / "c"), "-q"])
    assert code == 0 and seen[-1] is None
    # bad input: exit 2 with a message, nothing written
    empty = tmp_path / "empty"
    empty.mkdir()
    for args, message in [
        (["--curated", str(empty)], "holds no curated facts"),
        (["--curated", str(empty), "--curated-mode", "replace"], "no partners.yaml"),
        (["--curated", str(facts), "--curated-mode", "merge"], "not one of add, replace"),
        (["--curated-mode", "add"], "give --curated DIR"),
        (["--curated", str(tmp_path / "nope")], "does not exist"),
    ]:
        code, _, errs = invoke(["build", "--out", str(tmp_path / "d"), *args])
        assert code == 2 and message in errs, (args, errs)
        assert not (tmp_path / "d").exists()
    # an exclusion-only folder is fine for add (it is checked, then built)
    only = tmp_path / "only"
    (only / "exclusions").mkdir(parents=True)
    (only / "exclusions" / "x.yaml").write_text("")
    code, _, errs = invoke(["build", "--out", str(tmp_path / "e"), "--curated", str(only), "-q"])
    assert code == 0 and seen[-1] == CuratedFolder(only, "add")
