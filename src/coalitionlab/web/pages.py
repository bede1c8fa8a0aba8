"""The pages, rendered on the server with Jinja2: results show themselves (``summary().as_html()``, escaped by
the library), figures are drawn in the browser by plotly.js (served by the app) from the same JSON the API
answers, passed in ``<script type="application/json">`` blocks (no inline script, so the CSP can forbid them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from coalitionlab.errors import BadInputError
from coalitionlab.web import api

router = APIRouter(include_in_schema=False)
NAV = [("/", "Dashboard"), ("/builder", "Coalition Builder"), ("/interventions", "Interventions"),
       ("/findings", "Findings"), ("/monitor", "Commitments & exposure"), ("/data", "Data & citations"),
       ("/api", "API")]


def _render(request: Request, template: str, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, {"nav": NAV, **context})


def _json(obj) -> Markup:
    """JSON for a ``<script type="application/json">`` block: nothing in it can close the tag."""
    from coalitionlab.io import json_dumps

    text = json_dumps(obj).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for a script data block


def _iso3() -> dict[str, str]:
    from coalitionlab.catalog.countries import country_table

    t = country_table().dropna(subset=["iso3"])
    return {str(int(c)): str(i) for c, i in zip(t["ccode"], t["iso3"], strict=True)}


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    data = request.app.state.library.data()
    rows = api._records(data.interventions, api.LIST_COLUMNS)
    return _render(request, "dashboard.html", summary=Markup(data.summary().as_html()),
                   figure_data=_json({"interventions": rows, "iso3": _iso3()}))


@router.get("/builder", response_class=HTMLResponse)
def builder(request: Request) -> HTMLResponse:
    from coalitionlab.forecast.scenario import DEMANDS, IGOS, OBJECTIVES

    return _render(request, "builder.html", igos=IGOS, objectives=list(OBJECTIVES), demands=list(DEMANDS),
                   config=_json({"iso3": _iso3()}))


@router.get("/interventions", response_class=HTMLResponse)
def interventions(
    request: Request,
    q: Annotated[str | None, Query(max_length=80)] = None,
    year_from: Annotated[int | None, Query(ge=1946, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1946, le=2100)] = None,
    region: Annotated[str | None, Query(max_length=40)] = None,
    coalition: Annotated[str | None, Query(pattern="^(|yes|no)$")] = None,
) -> HTMLResponse:
    iv = request.app.state.library.data().interventions
    flag = {"yes": True, "no": False}.get(coalition or "")
    rows = api.select_interventions(iv, None, year_from, year_to, region, flag, None, q)
    regions = sorted(iv["un_region"].dropna().unique().tolist())
    return _render(request, "interventions.html", rows=api._records(rows, api.LIST_COLUMNS), regions=regions,
                   query={"q": q or "", "year_from": year_from or "", "year_to": year_to or "",
                          "region": region or "", "coalition": coalition or ""})


@router.get("/interventions/{intervention_id}", response_class=HTMLResponse)
def intervention(request: Request,
                 intervention_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$")]) -> HTMLResponse:
    detail = api.intervention_detail(request.app.state.library.data(), intervention_id)
    return _render(request, "intervention.html", d=detail)


@router.get("/findings", response_class=HTMLResponse)
def findings(request: Request) -> HTMLResponse:
    card = request.app.state.library.findings()
    return _render(request, "findings.html", summary=Markup(card.summary().as_html()))


@router.get("/monitor", response_class=HTMLResponse)
def monitor(request: Request, year: Annotated[int, Query(ge=1946, le=2018)] = 2018,
            partner: Annotated[str | None, Query(max_length=80, pattern=api.NAME)] = None) -> HTMLResponse:
    from coalitionlab.entanglement import commitments
    from coalitionlab.entanglement.exposure import exposure

    try:
        com = commitments(year, partner or None)
    except BadInputError as exc:
        exc.loc = ["query", "partner"]
        raise
    exp = exposure(year)
    return _render(request, "monitor.html", year=year, partner=partner or "",
                   commitments=Markup(com.summary().as_html()), exposure=Markup(exp.summary().as_html()))


@router.get("/data", response_class=HTMLResponse)
def data(request: Request) -> HTMLResponse:
    from coalitionlab.catalog.cite import cite
    from coalitionlab.catalog.registry import catalog

    return _render(request, "data.html", catalog=Markup(catalog().summary().as_html()),
                   cite=Markup(cite([]).summary().as_html()), tables=api.TABLES)


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = [(method.upper(), path, op.get("summary", "")) for path, ops in schema["paths"].items()
                 for method, op in ops.items()]
    return _render(request, "api.html", endpoints=endpoints)
