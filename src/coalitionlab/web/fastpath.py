"""A known forecast answered without FastAPI's routing, dependencies and validation (issue 15: 100 clients).

``POST /api/forecast`` with a body that the full path has already validated and answered (the same bytes under the
same Content-Type: FastAPI's parsing and pydantic's validation depend on nothing else) is answered from the
library's per-process cache of rendered answers; any other request goes through FastAPI unchanged, with its body
handed on as it arrived. The middleware sits inside :class:`~coalitionlab.web.safety.BodyLimit` and
:class:`~coalitionlab.web.safety.SecurityHeaders`, so the body limit and the security headers apply to both paths.
"""

from __future__ import annotations

PATH = "/api/forecast"


class ForecastFastPath:
    """Pure ASGI middleware: the cached answer for a body already seen, else the app."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        messages = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        answer = scope["app"].state.library.forecast_for_body(_content_type(scope), body)
        if answer is not None and messages[-1]["type"] == "http.request":
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-length", str(len(answer)).encode()),
                                    (b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": answer})
            return

        async def replay():
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


async def request_content_type_and_body(request) -> tuple[bytes, bytes]:
    """The Content-Type header (its first value, as FastAPI reads it) and the body of a request."""
    return _content_type(request.scope), await request.body()


def _content_type(scope) -> bytes:
    """The first Content-Type header of a request, as FastAPI reads it (b"" when there is none)."""
    return next((v for k, v in scope["headers"] if k == b"content-type"), b"")
