import json

from tests.conftest import invoke


def test_demo_writes_summary(tmp_path):
    code, out, errs = invoke(["demo", "--out", str(tmp_path)])
    assert code == 0, errs
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["cow_system_members"]["2016"] == 195
    names = {d["name"] for d in summary["datasets"]}
    assert "atop_dyad" in names and "mip2022" in names
    assert not list(tmp_path.glob(".*.tmp"))
