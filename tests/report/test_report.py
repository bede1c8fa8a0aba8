"""The offline HTML report: every section is there, every plot has its data, nothing points off the machine,
and the same results give the same bytes. Runs on the session's data set and fits (``reuse_fits``); the
entanglement and forecast results are the real ones (the backtest on a short window, the initiation models and
E1-E7 those the entanglement tests share), and so is the data audit (the judged samples against the session's
data set)."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import invoke

SECTIONS = ["data", "scorecard", "models", "maps", "exposure", "backtest", "forecast", "audit"]
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # http:, https:, data:, file:, //host ...


@pytest.fixture(scope="module")
def built(tmp_path_factory, coalition_data, fitted, robust, entanglement_card):
    import coalitionlab.findings.entanglement as ent
    import coalitionlab.report.main_job as mj
    from coalitionlab.forecast import backtest
    from coalitionlab.interventions.audit import partner_audit
    from tests.entanglement.test_behaviour import _shared_report

    mp = pytest.MonkeyPatch()
    mp.setenv("COALITIONLAB_CACHE", str(tmp_path_factory.mktemp("cache")))
    mp.setattr(mj, "load_dataset", lambda *a, **k: coalition_data)
    mp.setattr(mj, "fit_all", lambda *a, **k: fitted)
    mp.setattr(mj, "robustness", lambda *a, **k: robust)
    mp.setattr(mj, "_backtest", lambda data: backtest(data, start=2016))
    mp.setattr(mj, "_initiation", _shared_report)
    mp.setattr(mj, "_audit", lambda *a, **k: partner_audit(coalition_data))
    mp.setattr(ent, "entanglement_findings", lambda *a, **k: entanglement_card)
    outs = []
    for name in ("a", "b"):
        out = tmp_path_factory.mktemp(name)
        code, stdout, errs = invoke(["report", "--out", str(out)])
        assert code == 0, errs
        outs.append((out, stdout))
    mp.undo()
    return outs


def _figures(page: str) -> dict[str, dict]:
    call = r'\(function\(d\)\{Plotly\.newPlot\("fig-([a-z0-9_]+)",d\.data,d\.layout,CONFIG\);\}\)'
    found = re.findall(call + r"\((.*?)\);$", page, re.M)
    return {fid: json.loads(js.replace("<\\/", "</")) for fid, js in found}


def test_every_section_and_plot_is_there(built):
    out, stdout = built[0]
    page = (out / "index.html").read_text()
    assert f"Report: {out / 'index.html'}" in stdout.replace("\n", "")
    for sid in SECTIONS:
        assert f'<section id="{sid}">' in page and f'href="#{sid}"' in page
    figs = _figures(page)
    divs = re.findall(r'<div id="fig-([a-z0-9_]+)"', page)
    assert divs == list(figs) and len(figs) >= 18
    assert {"interventions_per_year", "coalitions_by_decade", "timeline", "top_partners", "scorecard_f",
            "scorecard_e", "coef_q1", "coef_q2", "coef_q3", "initiation_leeds_jl", "map_joined",
            "map_commitments", "exposure",
            "backtest_overall", "forecast_check_partners", "forecast_check_map", "forecast_present_map"} <= set(figs)
    for fid, fig in figs.items():
        assert fig["data"], fid
        for trace in fig["data"]:
            values = trace.get("z") or trace.get("x") or []
            assert [v for v in values if v is not None], (fid, trace.get("name"))
        assert (out / "figures" / f"{fid}.svg").read_text().startswith("<?xml")
    # real values: 221 interventions, the UK joined the most coalitions, F1-F12 and E1-E7 in the scorecard
    per_year = figs["interventions_per_year"]["data"]
    assert sum(len(t["x"]) for t in per_year) == 221
    assert figs["top_partners"]["data"][0]["y"][0] == "United Kingdom"
    joined = figs["map_joined"]["data"][0]
    assert dict(zip(joined["locations"], joined["z"], strict=True))["GBR"] == max(joined["z"])
    for fid in [f"F{i}" for i in range(1, 13)] + [f"E{i}" for i in range(1, 8)]:
        assert f"<td>{fid}</td>" in page
    assert 'class="verdict"' in page
    # the Iraq 1990 forecast: Britain first, and the partners of Desert Shield beside it
    assert figs["forecast_check_partners"]["data"][0]["y"][0] == "1. United Kingdom"
    assert "Operation Desert Shield" in page
    # the data audit: sampled precision by sample and stratum with Wilson intervals, the rows judged wrong
    assert '<section id="audit"><h2>Data audit</h2>' in page and "Precision by sample and stratum" in page
    audit = [y for t in figs["audit_precision"]["data"] for y in t["y"]]
    assert audit[0] == "before: all (55/64)" and "final: all (60/63)" in audit and "before: mid (9/14)" in audit
    assert [t["name"] for t in figs["audit_precision"]["data"]] == ["all", "curated", "mid", "war", "ucdp"]
    assert "Rows judged wrong, with the reviewer&#x27;s reason" in page
    assert "sections not available: none" in stdout.replace("\n", "")
    tables = sorted(p.name for p in (out / "tables").glob("*.csv"))
    assert "scorecard_01_findings.csv" in tables and len(tables) >= 15
    assert (out / "tables" / "scorecard_01_findings.csv").read_text().splitlines()[0] == "id,implication,verdict"
    assert "Benson" in page  # the initiation models' own summary


def test_nothing_points_off_the_machine(built):
    out, _ = built[0]
    page = (out / "index.html").read_text()
    refs = re.findall(r'\b(?:src|href)\s*=\s*["\']?([^"\'\s>]+)', page)
    assert refs and any(r == "assets/plotly.min.js" for r in refs)
    for ref in refs:
        assert not EXTERNAL.match(ref), ref
        if not ref.startswith("#"):
            assert (out / ref).is_file(), ref
    assert not re.search(r"<(?:link|iframe|object|embed)\b", page)
    # no URL inside the plot data or the page's own script; plotly.js gets its world shapes from the folder
    scripts = "".join(re.findall(r"<script>(.*?)</script>", page, re.S))
    assert "http" not in scripts and "//" not in scripts.replace("<\\/", "")
    assert '"topojsonURL":"assets/topojson/"' in scripts
    assert (out / "assets" / "topojson" / "world_110m.json").is_file()
    geo = (out / "assets" / "world_110m.js").read_text()
    assert geo.startswith("window.PlotlyGeoAssets") and "http" not in geo
    assert (out / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    for svg in (out / "figures").glob("*.svg"):
        text = svg.read_text()
        assert not re.search(r'(?:href|src)="(?!#|data:)', text), svg.name  # no linked images or fonts


def test_same_results_same_bytes(built):
    (a, _), (b, _) = built
    names = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file() and "dataset" not in p.parts)
    assert names == sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file() and "dataset" not in p.parts)
    build = re.compile(rb'<p class="build">[^<]*</p>')  # the one line that may differ (the commit, if edited)
    for n in names:
        if n == "metadata.json":  # provenance: when it was written, and by which commit; the rest the same
            ma, mb = (json.loads((x / n).read_text()) for x in (a, b))
            assert {k: v for k, v in ma.items() if k not in ("created", "commit")} == {
                k: v for k, v in mb.items() if k not in ("created", "commit")}
            assert ma["sources"] and ma["command"] == "coalitionlab report"
        elif n.endswith((".html", ".svg", ".csv", ".json", ".md")):
            assert build.sub(b"", (a / n).read_bytes()) == build.sub(b"", (b / n).read_bytes()), n
    page = (a / "index.html").read_text()
    assert not re.search(r"20\d\d-\d\d-\d\d[ T]\d\d:\d\d", page)  # no timestamp
    assert page.count('class="build"') == 1


def test_world_shapes_decode():
    from coalitionlab.report.figures import world_shapes

    shapes = world_shapes()
    assert {"USA", "GBR", "IRQ", "FRA"} <= set(shapes)
    lon, lat = zip(*[p for ring in shapes["GBR"] for p in ring], strict=True)
    assert -9 < min(lon) < max(lon) < 2.5 and 49 < min(lat) < max(lat) < 61


def test_report_needs_out():
    code, _, errs = invoke(["report"])
    assert code == 2 and "--out" in errs


