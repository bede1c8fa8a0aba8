"""State-year panels carry the state's name after the keys (statenme for COW, statename for G-W, as peacesciencer's
create_stateyears); dyad-year panels carry codes only."""

import pandas as pd

from coalitionlab.panels import create_stateyears
from coalitionlab.panels.build import add_state_name, make_panel
from tests.conftest import invoke


def _name(df: pd.DataFrame, code: str, value: int, year: int, col: str) -> str:
    hit = df.loc[(df[code] == value) & (df["year"] == year), col]
    assert len(hit) == 1
    return hit.iloc[0]


def test_cow_state_names_in_the_panel():
    df = make_panel("stateyears", "cow", "1946-2014", "nmc").frame
    assert list(df.columns[:3]) == ["ccode", "year", "statenme"] and "cinc" in df.columns
    assert _name(df, "ccode", 2, 1990, "statenme") == "United States of America"
    assert _name(df, "ccode", 260, 1989, "statenme") == "German Federal Republic"
    assert _name(df, "ccode", 255, 1991, "statenme") == "Germany"
    assert _name(df, "ccode", 365, 1990, "statenme") == "Russia"
    assert _name(df, "ccode", 645, 1990, "statenme") == "Iraq"
    assert df["statenme"].notna().all()
    # same rows, same keys, same covariate values as without the name
    plain = create_stateyears("cow", (1946, 2014))
    pd.testing.assert_frame_equal(df[["ccode", "year"]], plain)


def test_gw_state_names_and_rows_kept():
    df = make_panel("stateyears", "gw", "1990-1991").frame
    assert list(df.columns) == ["gwcode", "year", "statename"]
    assert _name(df, "gwcode", 365, 1991, "statename") == "Russia (Soviet Union)"
    assert _name(df, "gwcode", 265, 1990, "statename") == "German Democratic Republic"
    assert ((df["gwcode"] == 265) & (df["year"] == 1991)).sum() == 0  # the GDR left in October 1990
    full = add_state_name(create_stateyears("gw"))
    assert len(full) == len(create_stateyears("gw")) == 20652 and full["statename"].notna().all()


def test_dyadyears_keep_codes_only():
    df = make_panel("dyadyears", "cow", "1990").frame
    assert list(df.columns) == ["ccode1", "ccode2", "year"]


def test_cli_csv_has_the_name(tmp_path):
    out = tmp_path / "sy.csv"
    code, _, errs = invoke(["panel", "stateyears", "--years", "1990", "--out", str(out), "--quiet"])
    assert code == 0 and errs == ""
    df = pd.read_csv(out)
    assert df.loc[df.ccode == 2, "statenme"].tolist() == ["United States of America"]
    assert df.loc[df.ccode == 200, "statenme"].tolist() == ["United Kingdom"]
