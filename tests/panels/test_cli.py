import pandas as pd
import pytest
from typer.testing import CliRunner

from coalitionlab.cli.panel import app as panel_app
from coalitionlab.errors import BadInputError, CoverageError
from coalitionlab.panels.add.registry import ADDERS, parse_add

runner = CliRunner()


def test_dyadyears_to_parquet(tmp_path):
    out = tmp_path / "d.parquet"
    r = runner.invoke(panel_app, ["dyadyears", "--years", "1990-1991", "--add", "atop,contiguity,cow_mids,peace_years",
                                  "--out", str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_parquet(out)
    assert len(df) == 58_196
    assert {"atop_defense", "conttype", "cowmidonset", "pys"} <= set(df.columns)
    us_jp = df[(df.ccode1 == 2) & (df.ccode2 == 740) & (df.year == 1990)].iloc[0]
    assert us_jp["atop_defense"] == 1


def test_ndir_dyadyears_to_stata(tmp_path):
    out = tmp_path / "d.dta"
    r = runner.invoke(panel_app, ["dyadyears", "--ndir", "--years", "1990", "--add", "atop,mindist", "--out",
                                  str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_stata(out)
    assert (df.ccode1 < df.ccode2).all()
    assert df[(df.ccode1 == 2) & (df.ccode2 == 740)]["atop_defense"].iloc[0] == 1  # max of both directions


def test_stateyears_gw_csv(tmp_path):
    out = tmp_path / "s.csv"
    r = runner.invoke(panel_app, ["stateyears", "--system", "gw", "--years", "2000-2001", "--add", "democracy,nmc",
                                  "--out", str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out)
    assert list(df.columns[:2]) == ["gwcode", "year"] and "v2x_polyarchy" in df.columns


def test_stateyears_prints_summary():
    r = runner.invoke(panel_app, ["stateyears", "--years", "1990", "--add", "troops"])
    assert r.exit_code == 0 and "Rows        165" in r.output and "troops" in r.output


def test_bad_input_raises_bad_input_error():
    r = runner.invoke(panel_app, ["dyadyears", "--years", "1700-1800"])
    assert isinstance(r.exception, CoverageError) and "1816-2024" in str(r.exception)
    r = runner.invoke(panel_app, ["dyadyears", "--years", "2000-1990"])
    assert isinstance(r.exception, CoverageError)
    r = runner.invoke(panel_app, ["dyadyears", "--years", "1990", "--add", "atop,polity9"])
    assert isinstance(r.exception, BadInputError) and "polity9" in str(r.exception) and "mindist" in str(r.exception)


def test_parse_add():
    assert parse_add("peace_years, cow_mids", "dyad") == ["cow_mids", "peace_years"]
    assert parse_add(None, "dyad") == []
    with pytest.raises(BadInputError, match="dyad-year"):
        parse_add("mindist", "state")
    with pytest.raises(BadInputError, match="cow_mids"):
        parse_add("peace_years", "dyad")
    assert "atop" in ADDERS and "trade" in ADDERS


def test_main_command_exit_codes(tmp_path):
    from tests.conftest import invoke

    out = tmp_path / "d.csv"
    code, _, errs = invoke(["panel", "dyadyears", "--years", "1700-1800", "--out", str(out)])
    assert code == 2 and "1816" in errs and not out.exists()
    code, _, errs = invoke(["panel", "dyadyears", "--years", "1990-1991", "--add", "atop,nosuch", "--out", str(out)])
    assert code == 2 and "nosuch" in errs and not out.exists()
    code, _, errs = invoke(["panel", "stateyears", "--years", "1990-1991", "--add", "nmc", "--out", str(out)])
    assert code == 0, errs
    import pandas as pd

    df = pd.read_csv(out)
    assert len(df) == len(set(zip(df.ccode, df.year, strict=True))) and df.cinc.notna().any()
