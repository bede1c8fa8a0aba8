"""Safe by default: a request body size limit, security headers (a content security policy that allows only the
app's own scripts), read-only methods, and errors that never show a stack trace.

Each piece is a plain ASGI middleware or an exception handler, installed by :func:`install`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from coalitionlab.errors import BadInputError

log = logging.getLogger("coalitionlab.web")

MAX_BODY = 64 * 1024  # bytes: a scenario is a few hundred
ALLOWED_METHODS = {"GET", "POST"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]


class SecurityHeaders:
    """Adds :data:`HEADERS` to every response; answers 405 to any method but GET and POST (read-only)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ALLOWED_METHODS:
            await _plain(send, 405, b'{"detail":"Method not allowed: this app is read-only."}',
                         extra=[(b"allow", b"GET, POST")])
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *[(k, v) for k, v in HEADERS if k not in names]]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses a request body over ``max_body`` bytes with 413, whether announced (Content-Length) or streamed."""

    def __init__(self, app, max_body: int = MAX_BODY) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    too_big = int(value) > self.max_body
                except ValueError:
                    too_big = True
                if too_big:
                    await _too_large(send, self.max_body)
                    return
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(send, self.max_body)


class _BodyTooLarge(Exception):
    pass


async def _plain(send, status: int, body: bytes, extra: list | None = None) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               *HEADERS, *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _too_large(send, limit: int) -> None:
    await _plain(send, 413, f'{{"detail":"Request body too large: the limit is {limit} bytes."}}'.encode())


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def error_page(request: Request, status: int, message: str):
    """The one error answer: JSON ``{"detail": message}`` for the API, a short page for a browser. No trace."""
    if _wants_html(request):
        templates = request.app.state.templates
        response = templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                              status_code=status)
    else:
        response = JSONResponse({"detail": message}, status_code=status)
    for key, value in HEADERS:  # a 500 is sent from outside the middlewares: set the headers here too
        response.headers[key.decode()] = value.decode()
    return response


def install(app: FastAPI, max_body: int = MAX_BODY) -> None:
    """Install the middlewares and exception handlers."""

    @app.exception_handler(BadInputError)
    async def bad_input(request: Request, exc: BadInputError):
        loc = getattr(exc, "loc", None) or ["body" if request.method == "POST" else "query", "input"]
        message = str(exc)
        if _wants_html(request):
            return error_page(request, 422, f"Bad input ({loc[-1]}): {message}")
        response = JSONResponse({"detail": [{"loc": loc, "msg": message, "type": "value_error"}]}, status_code=422)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
                   "type": str(e.get("type", ""))} for e in exc.errors()]
        if _wants_html(request):
            text = "; ".join(f"{'.'.join(e['loc'][1:]) or 'input'}: {e['msg']}" for e in errors)
            return error_page(request, 422, f"Bad input: {text}")
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.error("error on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        return error_page(request, 500, "Internal error: the server could not answer this request. It has been "
                                        "logged on the server; nothing was changed.")

    from coalitionlab.web.fastpath import ForecastFastPath

    app.add_middleware(ForecastFastPath)  # inside the two below: the limit and the headers apply to it too
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(SecurityHeaders)


__all__ = ["CSP", "HEADERS", "MAX_BODY", "BodyLimit", "HTMLResponse", "SecurityHeaders", "install"]
