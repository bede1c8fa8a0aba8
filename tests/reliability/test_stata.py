"""Stata-grade files: the data set's tables and panel exports read back by pandas with variable labels, value
labels for coded variables, a data label, notes, and integers stored as integers (not doubles)."""

import pandas as pd

from coalitionlab.interventions.build import TABLES, write_dataset
from coalitionlab.io import stata_notes
from tests.conftest import invoke


def _read(path):
    with pd.io.stata.StataReader(path) as r:
        df = r.read()
        return df, r.data_label, r.variable_labels(), r.value_labels(), r._typlist


def test_dataset_tables_are_stata_grade(coalition_data, tmp_path):
    write_dataset(coalition_data, tmp_path, sources=["mip2022", "cow_states"])
    for name in TABLES:
        df, label, varlabels, _, types = _read(tmp_path / f"{name}.dta")
        assert name in label and "coalitionlab" in label
        assert varlabels["intervention_id"] == "Intervention id"
        notes = stata_notes(tmp_path / f"{name}.dta")
        assert notes[0].startswith("Written by coalitionlab") and "mip2022" in notes[2]
        parquet = getattr(coalition_data, name)
        ints = [c for c in parquet.columns if pd.api.types.is_integer_dtype(parquet[c])]
        doubles = [c for c, t in zip(df.columns, types, strict=True) if c in ints and t == "d"]
        assert ints and not doubles, (name, doubles)
    partners, _, _, values, _ = _read(tmp_path / "partners.dta")
    assert values["role"] == {1: "combat", 2: "support", 3: "basing"}
    assert partners["role"].dtype == "category"
    assert (partners["role"].astype(str).value_counts().to_dict()
            == coalition_data.partners["role"].value_counts().to_dict())
    iv, _, _, values, _ = _read(tmp_path / "interventions.dta")
    assert set(values["success"].values()) == {"achieved", "partial", "failed", "unclear"}
    assert iv.loc[iv.intervention_id == "MIP252", "coalition"].item() == 1  # Korea: a coalition, as a number
    assert int(iv["coalition"].sum()) == int(coalition_data.interventions["coalition"].sum())


def test_panel_dta_labels(tmp_path):
    out = tmp_path / "d.dta"
    code, _, errs = invoke(["panel", "dyadyears", "--years", "2000", "--add", "cow_mids,contiguity,nmc",
                            "--out", str(out)])
    assert code == 0, errs
    df, label, varlabels, values, types = _read(out)
    assert label == "coalitionlab directed dyad-year panel (COW)"
    assert varlabels["cinc1"] == "NMC: composite index of national capability (CINC) (state 1)"
    assert values["cowmid_hostlev1"][5] == "war" and values["conttype"][1] == "land border"
    us_can = df[(df.ccode1 == 2) & (df.ccode2 == 20)].iloc[0]
    assert us_can["conttype"] == "land border" and us_can["cowmidonset"] == 0
    assert dict(zip(df.columns, types, strict=True))["ccode1"] == "h"  # an int, not a double
    assert stata_notes(out)[1].startswith("Command: coalitionlab panel dyadyears")
