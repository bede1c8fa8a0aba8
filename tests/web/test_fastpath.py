"""The forecast fast path (web/fastpath.py): the same body bytes, under the same Content-Type, as a request already
validated and answered get the kept answer without routing or validation; everything else, and every safety
measure, is as on the full path."""

from __future__ import annotations

import asyncio
import json

import pytest

IRAQ = {"targets": ["Iraq"], "year": 1990, "igo": "un"}
ANSWER = b'{"stand-in": "a kept forecast answer"}\n'
JSON = {"content-type": "application/json"}


@pytest.fixture
def fast(coalition_data):
    """An app whose library keeps a stand-in answer for Iraq 1990 (UN): nothing is forecast here."""
    from fastapi.testclient import TestClient

    from coalitionlab.web import Library, create_app
    from coalitionlab.web.api import ScenarioIn

    lib = Library(data=coalition_data)
    lib.forecast(ScenarioIn(**IRAQ).model_dump_json(), lambda: ANSWER)
    with TestClient(create_app(lib), raise_server_exceptions=False) as c:
        yield c, lib


def _boom(*args, **kwargs):
    raise AssertionError("the full path was taken")


def test_same_bytes_answered_without_routing_with_every_header(fast, monkeypatch):
    client, lib = fast
    body = json.dumps(IRAQ).encode()
    first = client.post("/api/forecast", content=body, headers=JSON)
    assert first.status_code == 200 and first.content == ANSWER
    assert lib.forecast_for_body(b"application/json", body) == ANSWER
    monkeypatch.setattr(lib, "cached_forecast", _boom)  # the full path would now answer 500
    again = client.post("/api/forecast", content=body, headers=JSON)
    assert again.status_code == 200 and again.content == ANSWER
    assert again.headers["content-type"] == "application/json"
    assert int(again.headers["content-length"]) == len(ANSWER)
    for name in ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"):
        assert again.headers[name] == first.headers[name], name


def test_other_bytes_or_content_type_take_the_full_path(fast, monkeypatch):
    client, lib = fast
    body = json.dumps(IRAQ).encode()
    assert client.post("/api/forecast", content=body, headers=JSON).status_code == 200
    # the same scenario written otherwise: validated, same answer, and kept for those bytes too
    spaced = json.dumps(IRAQ, indent=1).encode()
    assert lib.forecast_for_body(b"application/json", spaced) is None
    assert client.post("/api/forecast", content=spaced, headers=JSON).content == ANSWER
    assert lib.forecast_for_body(b"application/json", spaced) == ANSWER
    # the same bytes under another content type are not JSON to FastAPI: 422 as before, never the kept answer
    r = client.post("/api/forecast", content=body, headers={"content-type": "text/plain"})
    assert r.status_code == 422 and r.content != ANSWER
    assert lib.forecast_for_body(b"text/plain", body) is None
    # bad input still gets 422 naming the field
    r = client.post("/api/forecast", json={**IRAQ, "igo": "eu"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "igo"]
    r = client.post("/api/forecast", json={**IRAQ, "year": 1900})
    assert r.status_code == 422 and "year" in r.json()["detail"][0]["loc"]


def test_body_limit_applies_to_the_fast_path(fast):
    client, _ = fast
    big = json.dumps({**IRAQ, "igo": "x" * 70_000}).encode()
    r = client.post("/api/forecast", content=big, headers=JSON)
    assert r.status_code == 413 and "limit" in r.json()["detail"]

    def chunks():  # no Content-Length: the body is counted as it arrives
        for _ in range(40):
            yield b" " * 2048

    r = client.post("/api/forecast", content=chunks(), headers=JSON)
    assert r.status_code == 413 and "limit" in r.json()["detail"]


def test_a_miss_hands_the_body_on_as_it_arrived():
    """A body in several messages reaches the app message by message, then the app's further receive() calls
    (a disconnect) go to the server."""
    from types import SimpleNamespace

    from coalitionlab.web import Library
    from coalitionlab.web.fastpath import ForecastFastPath

    incoming = [{"type": "http.request", "body": b'{"targets": ', "more_body": True},
                {"type": "http.request", "body": b'["Iraq"], "year": 1990}', "more_body": False},
                {"type": "http.disconnect"}]
    expected = list(incoming)
    seen: list[dict] = []

    async def app(scope, receive, send):
        for _ in range(3):
            seen.append(await receive())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"from the app"})

    async def receive():
        return incoming.pop(0)

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/forecast",
             "headers": [(b"content-type", b"application/json")],
             "app": SimpleNamespace(state=SimpleNamespace(library=Library(data=object())))}
    asyncio.run(ForecastFastPath(app)(scope, receive, send))
    assert seen == expected and sent[1]["body"] == b"from the app"


def test_kept_bodies_are_bounded():
    from coalitionlab.web import Library
    from coalitionlab.web.services import MAX_KEPT_BODY

    lib = Library(data=object())
    lib.forecast("k", lambda: ANSWER)
    for i in range(20):
        lib.remember_body(b"application/json", str(i).encode(), "k", size=10)
    assert lib.forecast_for_body(b"application/json", b"19") == ANSWER
    assert lib.forecast_for_body(b"application/json", b"0") is None  # the oldest went first
    assert len(lib._bodies) == 10
    lib.remember_body(b"application/json", b" " * (MAX_KEPT_BODY + 1), "k")
    assert lib.forecast_for_body(b"application/json", b" " * (MAX_KEPT_BODY + 1)) is None


def test_freeze_gc_after_the_data_set_loads():
    """`coalitionlab serve`'s library moves the loaded data set out of the collector's walks (gc.freeze)."""
    import gc

    from coalitionlab.web import Library

    assert Library(load_data=lambda: {"stand-in": [1, 2]}).data() and gc.get_freeze_count() == 0
    try:
        lib = Library(load_data=lambda: {"stand-in": [1, 2]}, freeze_gc=True)
        assert lib.data() == {"stand-in": [1, 2]} and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_serve_uses_the_freezing_library_and_no_access_log():
    import inspect

    from coalitionlab.cli import web

    source = inspect.getsource(web.serve)
    assert "Library(freeze_gc=True)" in source and "access_log=False" in source
