import json

import pytest

from tests.conftest import invoke


@pytest.fixture
def quick_extras(monkeypatch):
    """The demo's entanglement and forecast steps left out (tests/report renders them): the demo test checks
    the job's assembly, and that a result that cannot be had leaves its section saying so."""
    import coalitionlab.report.main_job as mj

    def left_out(*_a, **_k):
        raise NotImplementedError("left out of the demo test")

    for name in ("_commitments", "_exposure", "_initiation", "_backtest", "_forecast"):
        monkeypatch.setattr(mj, name, left_out)


def test_demo_runs_the_main_job(tmp_path, reuse_fits, fitted, quick_extras):
    code, out, errs = invoke(["demo", "--out", str(tmp_path)])
    assert code == 0, errs
    # the demo ends with the path of the HTML report, and says which sections could not be built
    assert f"Report: {tmp_path / 'index.html'}" in out.replace("\n", "")
    assert out.replace("\n", "").rstrip().endswith(
        "sections not available: Entanglement exposure, Backtest of the partner forecast")
    # sources.bib and metadata.json beside the report: the data sets used, the version, the sections missing
    meta = json.loads((tmp_path / "metadata.json").read_text())
    assert meta["command"] == "coalitionlab demo" and "cow_states" in meta["sources"]
    assert meta["sections_missing"] == ["Entanglement exposure", "Backtest of the partner forecast"]
    assert "@misc{coalitionlab" in (tmp_path / "sources.bib").read_text()
    page = (tmp_path / "index.html").read_text()
    assert '<section id="scorecard">' in page and "NotImplementedError: left out of the demo test" in page
    assert (tmp_path / "figures" / "scorecard_f.svg").exists() and (tmp_path / "assets" / "plotly.min.js").exists()
    findings = json.loads((tmp_path / "findings.json").read_text())
    assert [f["id"] for f in findings["findings"]] == [f"F{i}" for i in range(1, 13)]
    # every finding carries the specifications it was re-judged in
    assert {s["spec"] for s in findings["findings"][0]["specifications"]} >= {"listwise", "post_hoc"}
    assert (tmp_path / "dataset" / "interventions.dta").exists()
    report = (tmp_path / "report.md").read_text()
    assert "## RAND RR-A859-1 findings checked against the data" in report
    assert "- **Interventions**: 221" in report
    assert "fragile" in report and "Each part:" in report
    assert "outcome missing 45" in report  # Q3 says which rows it lost and why
    # the report shows the results' own summaries, not a copy of them
    assert fitted["q2"].summary().as_markdown(level=2) in report
    assert not list(tmp_path.rglob(".*.tmp"))
    models = json.loads((tmp_path / "models.json").read_text())
    assert models["q3"] == json.loads(json.dumps(fitted["q3"].to_dict()))
