"""`coalitionlab serve`: the web app and JSON API (uvicorn), on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from typing import Annotated

import typer

from coalitionlab.cli._show import err
from coalitionlab.errors import BadInputError


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on. The default, 127.0.0.1, is this machine only; "
                                           "0.0.0.0 exposes the app to the network (no login, read-only).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port, 1-65535.")] = 8000,
) -> None:
    """Serve the Coalition Builder and the JSON API (docs: /api, schema: /openapi.json). Ctrl-C stops it."""
    if not 1 <= port <= 65535:
        raise BadInputError(f"--port must be from 1 to 65535, got {port}.")
    import uvicorn

    from coalitionlab.web import Library, create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {host}: anyone who can reach this address can use the app.",
                  highlight=False, markup=False)
    err.print(f"coalitionlab: http://{host}:{port}/ (Ctrl-C to stop)", highlight=False, markup=False)
    # uvicorn picks uvloop and httptools (dependencies) where they install: a quarter to a half less CPU a request
    # than asyncio and h11 (docs/web.md); no access log (the log level is warning anyway). The server keeps
    # its data set for its whole life: out of the garbage collector's walks (Library's freeze_gc).
    uvicorn.run(create_app(Library(freeze_gc=True)), host=host, port=port, log_level="warning", access_log=False,
                server_header=False, proxy_headers=False, limit_concurrency=256, timeout_keep_alive=5)


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)
