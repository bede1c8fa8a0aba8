"""The pages: server-rendered, the results' own summaries, plotly.js served by the app (no CDN)."""

from __future__ import annotations

import json
import re

HTML = {"accept": "text/html"}


def _data_block(page: str, block_id: str):
    m = re.search(rf'<script type="application/json" id="{block_id}">(.*?)</script>', page, re.S)
    assert m, block_id
    return json.loads(m.group(1))


def test_dashboard_map_and_timeline(client, coalition_data):
    page = client.get("/").text
    assert '<script src="/vendor/plotly.min.js"></script>' in page
    assert 'id="map"' in page and 'id="timeline"' in page
    data = _data_block(page, "figure-data")
    assert len(data["interventions"]) == len(coalition_data.interventions)
    assert data["iso3"]["645"] == "IRQ"
    assert "The U.S. coalition intervention data set" in page  # the data set's own summary


def test_plotly_and_world_shapes_served_by_the_app(client):
    r = client.get("/vendor/plotly.min.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"] and len(r.content) > 1_000_000
    topo = client.get("/vendor/topojson/world_110m.json")
    assert topo.status_code == 200 and topo.json()["type"] == "Topology"
    assert client.get("/static/app.js").status_code == 200


def test_builder_form_and_config(client):
    page = client.get("/builder").text
    for field in ("targets", "year", "igo", "objective", "demand"):
        assert f'id="{field}"' in page
    assert '<option value="nato">' in page and '<option value="regional change">' not in page
    assert _data_block(page, "builder-config")["iso3"]["200"] == "GBR"


def test_builder_reads_the_scenario_from_the_url():
    from pathlib import Path

    import coalitionlab.web as web

    js = (Path(web.__file__).parent / "static" / "app.js").read_text()
    assert "URLSearchParams(window.location.search)" in js and "history.pushState" in js


def test_intervention_explorer_and_detail(client):
    page = client.get("/interventions", params={"q": "Korea"}).text
    assert "Korean War" in page or "Korea" in page
    assert 'href="/interventions/MIP' in page
    detail = client.get("/interventions/MIP246").text
    assert "United Kingdom" in detail and "House of Commons" in detail
    assert 'href="https://api.parliament.uk/' in detail
    assert client.get("/interventions/NOPE", headers=HTML).status_code == 404
    few = client.get("/interventions", params={"coalition": "yes", "year_from": 1990, "year_to": 1991}).text
    assert "Desert" in few


def test_findings_page(client, with_findings):
    page = client.get("/findings").text
    assert "F1" in page and "F12" in page and "<table>" in page


def test_monitor_page(client):
    page = client.get("/monitor", params={"year": 1990}).text
    assert "Japan" in page and "1990" in page
    bad = client.get("/monitor", params={"year": 1990, "partner": "Atlantis"}, headers=HTML)
    assert bad.status_code == 422 and "Atlantis" in bad.text


def test_data_page_citations_and_downloads(client):
    page = client.get("/data").text
    assert "How to cite coalitionlab" in page and "Correlates of War" in page
    assert 'href="/api/download/interventions.csv"' in page


def test_api_page_lists_the_endpoints(client):
    page = client.get("/api").text
    assert "/api/forecast" in page and "/openapi.json" in page
