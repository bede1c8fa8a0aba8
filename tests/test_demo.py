import json

from tests.conftest import invoke


def test_demo_runs_the_main_job(tmp_path, reuse_fits):
    code, out, errs = invoke(["demo", "--out", str(tmp_path)])
    assert code == 0, errs
    findings = json.loads((tmp_path / "findings.json").read_text())
    assert [f["id"] for f in findings] == [f"F{i}" for i in range(1, 13)]
    assert (tmp_path / "dataset" / "interventions.dta").exists()
    report = (tmp_path / "report.md").read_text()
    assert "Scorecard of RAND's findings" in report
    assert "221 U.S. military interventions" in report
    assert not list(tmp_path.rglob(".*.tmp"))
    assert "fragile" in report and "Each part of each finding" in report
    assert "dropped: outcome missing 45" in report  # Q3 says which rows it lost and why
    robustness = json.loads((tmp_path / "robustness.json").read_text())
    assert {r["id"] for r in robustness} == {f"F{i}" for i in range(1, 13)}
