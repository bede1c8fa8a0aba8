"""Writing outputs: atomic (no half-written file under the final name), formats by suffix, strict JSON."""

import json

import numpy as np
import pandas as pd
import pytest

from coalitionlab.errors import BadInputError
from coalitionlab.io import atomic_path, json_dumps, write_table, write_text


def test_atomic_path_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("previous")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "previous" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".dta"])
def test_write_table_round_trip(tmp_path, suffix):
    df = pd.DataFrame({"ccode": [2, 200], "name": ["United States", "United Kingdom"], "x": [0.5, np.nan]})
    path = write_table(df, tmp_path / f"t{suffix}")
    back = {".parquet": pd.read_parquet, ".csv": pd.read_csv, ".dta": pd.read_stata}[suffix](path)
    assert list(back["ccode"]) == [2, 200] and back["x"].isna().tolist() == [False, True]


def test_unknown_format_is_bad_input(tmp_path):
    with pytest.raises(BadInputError, match=".xlsx"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.xlsx")
    assert not list(tmp_path.iterdir())


def test_json_has_no_nan(tmp_path):
    text = json_dumps({"a": float("nan"), "b": np.int64(3), "c": [np.inf]})
    assert json.loads(text) == {"a": None, "b": 3, "c": [None]}
    path = write_text(tmp_path / "x.json", text)
    assert json.loads(path.read_text())["b"] == 3
