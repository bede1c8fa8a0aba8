import importlib
import json
import shutil

import pandas as pd
import pytest

from coalitionlab.catalog import get, load, registry, verify
from coalitionlab.errors import DataFileError, UnknownDatasetError
from tests.conftest import invoke

registry_module = importlib.import_module("coalitionlab.catalog.registry")

NEEDED = ["cow_states", "gw_states", "cow_gw_panel", "codelist", "nmc", "democracy", "atop_dyad", "atop_member",
          "atop_alliance", "cow_mid_dyad", "gml_mid_participants", "cow_war_inter", "ucdp_acd", "igo_dyad",
          "trade_dyad", "mindist", "contiguity", "capitals", "td_rivalries", "un_idealpoints", "us_troops",
          "mme", "tago2005", "mip2022", "naturalearth_110m"]


def test_every_entry_has_citation_terms_and_checksum():
    reg = registry()
    assert set(NEEDED) <= set(reg)
    for ds in reg.values():
        assert ds.citation and str(ds.year) in ds.citation, ds.name
        assert ds.bibtex.startswith("@") and "title = {" in ds.bibtex, ds.name
        assert len(ds.terms) > 10, ds.name
        assert ds.url.startswith("http"), ds.name
        assert len(ds.sha256) == 64, ds.name
        if ds.coverage_start is not None:
            assert ds.coverage_start <= ds.coverage_end, ds.name


def test_bundle_is_small():
    total = sum(ds.path.stat().st_size for ds in registry().values())
    assert total < 15e6


def test_load_atop_dyad_real_values():
    atop = load("atop_dyad")
    assert isinstance(atop, pd.DataFrame)
    assert len(atop) == 273_296
    assert atop["year"].min() == 1815 and atop["year"].max() == 2018
    us_jpn = atop[(atop.ccode1 == 2) & (atop.ccode2 == 740) & (atop.year == 1990)]
    assert us_jpn["atop_defense"].tolist() == [1]


def test_coverage_matches_data():
    for name in ["atop_dyad", "nmc", "igo_dyad", "trade_dyad", "mindist", "un_idealpoints", "us_troops"]:
        ds, df = get(name), load(name)
        if name == "un_idealpoints":  # the column the package uses: the file's 2024 rows have idealpointfp only
            assert df.loc[df["year"] == 2024, "idealpointall"].isna().all()
            df = df[df["idealpointall"].notna()]
            assert (int(df["year"].min()), int(df["year"].max())) == (ds.coverage_start, ds.coverage_end) == (
                1946, 2023)
        assert df["year"].min() >= ds.coverage_start - 1 and df["year"].max() <= ds.coverage_end, name


def test_unknown_dataset_suggests():
    with pytest.raises(UnknownDatasetError, match="atop_dyad"):
        get("atop")
    code, _, errs = invoke(["data", "info", "atop"])
    assert code == 2 and "atop_dyad" in errs


def test_verify_detects_altered_file(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    shutil.copytree(registry_module.DATA_DIR, data_dir)
    monkeypatch.setattr(registry_module, "DATA_DIR", data_dir)
    registry_module.registry.cache_clear()
    try:
        verify("nmc")  # the copy is intact
        path = data_dir / "nmc.parquet"
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        path.write_bytes(bytes(raw))
        with pytest.raises(DataFileError, match="corrupt"):
            verify("nmc")
        code, _, errs = invoke(["data", "verify"])
        assert code == 2 and "nmc" in errs and "FAILED" in errs
        (data_dir / "mme.parquet").unlink()
        with pytest.raises(DataFileError, match="missing"):
            verify("mme")
    finally:
        registry_module.registry.cache_clear()


def test_cli_list_json_and_cite():
    code, out, _ = invoke(["data", "list", "--json"])
    assert code == 0
    rows = json.loads(out)
    assert {"name", "dataset", "version", "citation", "terms", "url", "coverage_start",
            "coverage_end"} <= set(rows[0])
    assert {r["name"] for r in rows} >= set(NEEDED)
    code, out, _ = invoke(["data", "cite", "atop_dyad", "mip2022", "--bibtex"])
    assert code == 0 and out.count("@article") == 2 and "Kushi" in out
    code, _, errs = invoke(["data", "cite", "atop_dyad", "nosuch"])
    assert code == 2 and "nosuch" in errs
    code, out, _ = invoke(["data", "verify"])
    assert code == 0 and "match" in out
