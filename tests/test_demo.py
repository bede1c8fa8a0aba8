import json

from tests.conftest import invoke


def test_demo_runs_the_main_job(tmp_path, reuse_fits, fitted):
    code, out, errs = invoke(["demo", "--out", str(tmp_path)])
    assert code == 0, errs
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
