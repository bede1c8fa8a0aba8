"""Citations with every output: `coalitionlab cite`, `--version`, sources.bib and metadata beside build and panel
outputs (exactly the bundled data sets used), CITATION.cff."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import yaml

import coalitionlab
from coalitionlab.catalog.cite import bibtex, data_version, provenance, track_sources
from tests.conftest import invoke

ROOT = Path(__file__).resolve().parents[2]


def test_version():
    code, out, _ = invoke(["--version"])
    assert code == 0 and out.startswith(f"coalitionlab {coalitionlab.__version__} (data {data_version()}")
    assert len(data_version()) == 16


def test_cite_command():
    code, out, _ = invoke(["cite", "--bibtex"])
    assert code == 0 and out.count("@") == 3 and "RR-A859-1" in out and "RR-A739-3" in out
    code, out, _ = invoke(["cite", "nmc", "--json"])
    d = json.loads(out)
    assert code == 0 and [e["key"] for e in d["entries"]][-1] == "nmc" and d["data_version"] == data_version()
    code, out, _ = invoke(["cite"])
    assert code == 0 and "Kavanagh" in out


def test_track_sources_records_exactly_what_was_read():
    from coalitionlab.catalog import load

    with track_sources() as outer:
        load("nmc")
        with track_sources() as inner:
            load("cow_states")
        assert inner == {"cow_states"}
    assert outer == {"nmc", "cow_states"}
    text = bibtex(outer)
    assert text.count("@") == 3 and "{nmc," in text and "{cow_states," in text and "{coalitionlab," in text


def _cli(*args: str) -> subprocess.CompletedProcess:
    """The console script in a fresh process, as a user runs it (no data set read earlier in this process)."""
    return subprocess.run([str(Path(sys.executable).parent / "coalitionlab"), *args], capture_output=True,
                          text=True, timeout=300)


def test_panel_writes_bib_and_metadata(tmp_path):
    out = tmp_path / "s.dta"
    r = _cli("panel", "stateyears", "--years", "1990-1991", "--add", "nmc", "--out", str(out))
    assert r.returncode == 0, r.stderr
    bib = (tmp_path / "s.bib").read_text()
    meta = json.loads((tmp_path / "s.json").read_text())
    assert meta["sources"] == ["cow_states", "nmc"]  # the state system and the one covariate, nothing else
    assert bib.count("@") == 3 and "{nmc," in bib and "{cow_states," in bib and "{coalitionlab," in bib
    assert meta["version"] == coalitionlab.__version__ and meta["data_version"] == data_version()
    assert "commit" in meta and meta["rows"] == len(pd.read_stata(out)) == 342  # 165 states in 1990, 177 in 1991
    with pd.io.stata.StataReader(out) as reader:
        assert "coalitionlab" in reader.data_label
    out2 = tmp_path / "d.parquet"
    code, _, errs = invoke(["panel", "stateyears", "--years", "1990", "--system", "gw", "--out", str(out2)])
    assert code == 0, errs
    embedded = json.loads(pq.read_schema(out2).metadata[b"coalitionlab"])
    assert embedded["command"].startswith("coalitionlab panel stateyears --system gw")
    assert embedded["data_version"] == data_version()
    code, _, errs = invoke(["panel", "stateyears", "--years", "1990", "--out", str(out2)])
    assert code == 2 and "--force" in errs
    code, _, errs = invoke(["panel", "stateyears", "--years", "1990", "--out", str(out2), "--force"])
    assert code == 0, errs


def test_build_writes_bib_and_metadata(tmp_path, monkeypatch, coalition_data):
    import coalitionlab.interventions.cache as cache

    data = coalition_data
    monkeypatch.setattr(cache, "load_dataset", lambda *a, **k: data)
    monkeypatch.setattr(data, "sources", ("cow_states", "mip2022"))
    out = tmp_path / "ds"
    code, stdout, errs = invoke(["build", "--out", str(out), "--json"])
    assert code == 0, errs
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["sources"] == ["cow_states", "mip2022"] and meta["tables"]["interventions"]["rows"] == 221
    assert meta == {**meta, **{k: v for k, v in provenance().items() if k in ("version", "data_version", "commit")}}
    bib = (out / "sources.bib").read_text()
    assert "{mip2022," in bib and "Kushi" in bib
    assert json.loads(stdout)["provenance"]["sources"] == ["cow_states", "mip2022"]


def test_citation_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["version"] == coalitionlab.__version__
    assert {r["number"] for r in cff["references"]} == {"RR-A859-1", "RR-A739-3"}
