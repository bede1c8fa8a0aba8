"""The JSON API: each endpoint answers the library result's to_dict() (the CLI's --json), validates its input
(422 naming the field) and shows real values of the data."""

from __future__ import annotations

import json

import pytest

from tests.conftest import invoke

IRAQ = {"targets": ["Iraq"], "year": 1990, "igo": "un"}


def _without_timing(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "seconds"}


def test_health(client):
    r = client.get("/api/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_datasets_with_citations_as_the_cli(client):
    code, out, _ = invoke(["data", "list", "--json"])
    r = client.get("/api/datasets")
    assert code == 0 and r.status_code == 200
    assert r.json() == json.loads(out)
    names = {d["name"]: d for d in r.json()}
    assert "Correlates of War" in names["cow_states"]["citation"]
    assert client.get("/api/datasets/cow_states").json()["version"] == "2016"
    assert client.get("/api/datasets/no_such_set").status_code == 404
    assert client.get("/api/datasets/..%2F..%2Fetc").status_code in (404, 422)


def test_interventions_filters(client, coalition_data):
    iv = coalition_data.interventions
    all_rows = client.get("/api/interventions").json()
    assert all_rows["count"] == len(iv) == 221
    coal = client.get("/api/interventions", params={"coalition": "true"}).json()
    assert coal["count"] == int(iv["coalition"].sum())
    assert all(r["coalition"] == 1 for r in coal["interventions"])
    korea = client.get("/api/interventions", params={"target": "North Korea", "year_from": 1950,
                                                     "year_to": 1950}).json()
    assert korea["count"] >= 1 and all(731 in r["targets"] for r in korea["interventions"])
    asia = client.get("/api/interventions", params={"region": "asia"}).json()
    assert asia["count"] > 0 and {r["un_region"] for r in asia["interventions"]} == {"Asia"}
    page = client.get("/api/interventions", params={"limit": 5, "offset": 5}).json()
    assert len(page["interventions"]) == 5
    assert page["interventions"][0]["intervention_id"] == all_rows["interventions"][5]["intervention_id"]
    gulf = client.get("/api/interventions", params={"q": "desert", "year": 1991}).json()
    assert gulf["count"] >= 1


def test_intervention_detail_partners_roles_evidence(client, coalition_data):
    p = coalition_data.partners
    iid = p["intervention_id"].value_counts().index[0]  # the intervention with the most partners
    d = client.get(f"/api/interventions/{iid}").json()
    assert d["intervention"]["intervention_id"] == iid
    assert len(d["partners"]) == int((p["intervention_id"] == iid).sum())
    assert {x["role"] for x in d["partners"]} <= {"combat", "support", "basing"}
    assert all(x["partner"] for x in d["partners"]) and d["evidence"]
    uk_greece = client.get("/api/interventions/MIP246").json()
    assert [x["partner"] for x in uk_greece["partners"]] == ["United Kingdom"]
    assert uk_greece["partners"][0]["citation"].startswith("House of Commons")
    assert client.get("/api/interventions/NOPE1").status_code == 404


def test_countries_commitments_exposure_as_the_cli(client):
    for url, args in [("/api/countries/Iraq", ["country", "Iraq", "--json"]),
                      ("/api/commitments?year=1990", ["commitments", "--year", "1990", "--json"]),
                      ("/api/commitments?year=1990&partner=Japan",
                       ["commitments", "--year", "1990", "--partner", "Japan", "--json"]),
                      ("/api/exposure?year=1990", ["exposure", "--year", "1990", "--json"])]:
        code, out, _ = invoke(args)
        r = client.get(url)
        assert code == 0 and r.status_code == 200, url
        assert r.json() == json.loads(out), url
    assert client.get("/api/countries/Iraq").json()["ccode"] == 645


def test_forecast_answers_what_the_cli_prints(client, monkeypatch, coalition_data):
    import importlib

    partners = importlib.import_module("coalitionlab.forecast.partners")
    monkeypatch.setattr(partners, "load_data", lambda *a, **k: coalition_data)
    code, out, _ = invoke(["forecast", "--target", "Iraq", "--year", "1990", "--igo", "un", "--json"])
    r = client.post("/api/forecast", json=IRAQ)
    assert code == 0 and r.status_code == 200
    assert _without_timing(r.json()) == _without_timing(json.loads(out))
    d = r.json()
    assert [p["name"] for p in d["partners"][:2]] == ["United Kingdom", "France"]
    assert d["scenario"]["igo"] == "un" and d["expected_size"]["mean"] > 1


@pytest.mark.parametrize("body, field", [
    ({"targets": ["Irak"], "year": 1990}, "targets"),
    ({"targets": ["Iraq"], "year": 1900}, "year"),
    ({"targets": ["Iraq"], "year": "nineteen"}, "year"),
    ({"targets": [], "year": 1990}, "targets"),
    ({"year": 1990}, "targets"),
    ({"targets": ["Iraq"], "year": 1990, "igo": "eu"}, "igo"),
    ({"targets": ["Iraq"], "year": 1990, "objective": ["conquest"]}, "objective"),
    ({"targets": ["Iraq"], "year": 1990, "demand": "huge"}, "demand"),
    ({"targets": ["Iraq"], "year": 1990, "colour": "red"}, "colour"),
    ({"targets": ["United States"], "year": 1990}, "targets"),
])
def test_forecast_bad_input_422_names_the_field(client, body, field):
    r = client.post("/api/forecast", json=body)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert any(e["loc"][:1] == ["body"] and field in e["loc"] for e in detail), detail
    assert all(e["msg"] for e in detail)


@pytest.mark.parametrize("url, field", [
    ("/api/commitments?year=1800", "year"),
    ("/api/commitments", "year"),
    ("/api/commitments?year=1990&partner=Atlantis", "partner"),
    ("/api/exposure?year=abc", "year"),
    ("/api/countries/Irak", "name"),
    ("/api/interventions?target=Narnia", "target"),
    ("/api/interventions?limit=0", "limit"),
])
def test_get_bad_input_422_names_the_field(client, url, field):
    r = client.get(url)
    assert r.status_code == 422, r.text
    assert any(e["loc"][-1] == field for e in r.json()["detail"]), r.json()
    if "Irak" in url:
        assert "Iraq" in r.json()["detail"][0]["msg"]  # the closest match is suggested


def test_findings_as_the_cli(client, with_findings, reuse_fits):
    r = client.get("/api/findings")
    code, out, _ = invoke(["findings", "--json"])
    assert r.status_code == 200 and code == 0
    assert r.json() == json.loads(out)
    ids = [f["id"] for f in r.json()["findings"]]
    assert ids[0] == "F1" and len(ids) == 12


def test_downloads(client, coalition_data):
    r = client.get("/api/download/interventions.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0].startswith("intervention_id,")
    assert len(r.text.splitlines()) == len(coalition_data.interventions) + 1 or "\n\"" in r.text
    assert client.get("/api/download/secrets.csv").status_code == 422


def test_openapi_schema_lists_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ["/api/health", "/api/datasets", "/api/interventions", "/api/interventions/{intervention_id}",
              "/api/findings", "/api/commitments", "/api/exposure", "/api/countries/{name}", "/api/forecast"]:
        assert p in paths
    assert "ScenarioIn" in json.dumps(paths["/api/forecast"])
