"""The JSON API under ``/api``: each endpoint validates its input (pydantic, FastAPI), calls one library function
and answers its ``to_dict()``, serialised as the CLI's ``--json`` is (:func:`coalitionlab.io.json_dumps`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

import coalitionlab
from coalitionlab.errors import BadInputError
from coalitionlab.io import json_dumps

router = APIRouter(prefix="/api", tags=["api"])

Year = Annotated[int, Query(ge=1816, le=2100, description="A year.")]
NAME = r"^[\w .,'()&/-]{1,80}$"  # a country name, ISO3 or COW code: letters, digits, a few marks
# the columns of the interventions list (the codebook, docs/codebook.md, says what each one means)
LIST_COLUMNS = ["intervention_id", "name", "start_year", "end_year", "targets", "primary_ccode", "un_region",
                "subregion", "objective", "coalition", "coalition_size", "igo", "igo_kind", "outcome_label",
                "success", "max_troops"]
TABLES = ("interventions", "partners", "evidence", "candidates")


class StrictJSON(Response):
    """Strict JSON exactly as ``coalitionlab ... --json`` prints it (NaN as null)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        if isinstance(content, bytes):  # already rendered (a cached forecast)
            return content
        return (json_dumps(content) + "\n").encode()


def library(request: Request):
    return request.app.state.library


def _with_field(field: str, fn, *args, where: str = "query", **kwargs):
    """Call the library; its BadInputError names the field it is about (the handler answers 422)."""
    try:
        return fn(*args, **kwargs)
    except BadInputError as exc:
        exc.loc = [where, field]
        raise


class ScenarioIn(BaseModel):
    """A crisis scenario, as in a forecast scenario file: only ``targets`` and ``year`` are required."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"targets": ["Iraq"], "year": 1990, "igo": "un"}]})

    targets: Annotated[list[Annotated[str, Field(min_length=1, max_length=80)] | Annotated[int, Field(ge=2, le=999)]],
                       Field(min_length=1, max_length=8, description="Crisis targets (names, ISO3 or COW codes); "
                             "the first is the crisis state.")]
    year: Annotated[int, Field(ge=1946, le=2100, description="Start year of the crisis, 1946 to one year ahead.")]
    igo: Annotated[str | None, Field(max_length=40, description="IGO sponsorship: none, un, nato or regional.")] = None
    objective: Annotated[list[Annotated[str, Field(max_length=60)]] | Annotated[str, Field(max_length=60)] | None,
                         Field(max_length=8, description="MIP objective categories.")] = None
    demand: Annotated[str | None, Field(max_length=20, description="Operational demand: low, medium or high.")] = None


# which field a scenario error is about, from the library's message
_SCENARIO_FIELDS = (("Unknown IGO", "igo"), ("Unknown objective", "objective"), ("operational demand", "demand"),
                    ("Year", "year"), ("year", "year"), ("arget", "targets"), ("United States", "targets"))


def scenario_field(message: str) -> str:
    return next((f for key, f in _SCENARIO_FIELDS if key in message), "scenario")


def forecast_dict(body: ScenarioIn, lib) -> dict:
    """What ``coalitionlab forecast --json`` prints for this scenario."""
    from coalitionlab.forecast import forecast_partners, make_scenario

    try:
        scenario = make_scenario(body.targets, body.year, body.igo, body.objective, body.demand)
    except BadInputError as exc:
        exc.loc = ["body", scenario_field(str(exc))]
        raise
    return forecast_partners(scenario, lib.data()).to_dict()


def forecast_bytes(body: ScenarioIn, lib) -> bytes:
    """:func:`forecast_dict` rendered as the CLI prints it, kept per scenario by the app's library."""
    return lib.forecast(body.model_dump_json(), lambda: (json_dumps(forecast_dict(body, lib)) + "\n").encode())


@router.get("/health", summary="Is the app up")
def health() -> StrictJSON:
    return StrictJSON({"status": "ok", "version": coalitionlab.__version__})


@router.get("/datasets", summary="The bundled data sets, with citations")
def datasets() -> StrictJSON:
    from coalitionlab.catalog.registry import catalog

    return StrictJSON(catalog().to_dict())


@router.get("/datasets/{name}", summary="One data set: version, citation, terms, coverage")
def dataset(name: Annotated[str, Path(pattern=r"^[a-z0-9_]{1,64}$")]) -> StrictJSON:
    from coalitionlab.catalog import get
    from coalitionlab.errors import UnknownDatasetError

    try:
        return StrictJSON(get(name).to_dict())
    except UnknownDatasetError as exc:
        raise HTTPException(404, str(exc).strip("'\"")) from exc


def select_interventions(iv, year: int | None, year_from: int | None, year_to: int | None, region: str | None,
                         coalition: bool | None, target: int | None, q: str | None):
    """The rows of the interventions table that match the filters (a selection, nothing computed)."""
    keep = iv["intervention_id"].notna()
    if year is not None:
        keep &= (iv["start_year"] <= year) & (iv["end_year"].fillna(iv["start_year"]) >= year)
    if year_from is not None:
        keep &= iv["start_year"] >= year_from
    if year_to is not None:
        keep &= iv["start_year"] <= year_to
    if region:
        r = region.strip().lower()
        keep &= (iv["un_region"].str.lower() == r).fillna(False) | (iv["subregion"].str.lower() == r).fillna(False)
    if coalition is not None:
        keep &= iv["coalition"] == int(coalition)
    if target is not None:
        keep &= iv["targets"].map(lambda ts: target in list(ts))
    if q:
        keep &= iv["name"].str.contains(q, case=False, regex=False).fillna(False)
    return iv[keep.astype(bool)]


def _records(frame, columns: list[str] | None = None) -> list[dict]:
    from coalitionlab.display import clean

    return clean(frame[columns] if columns else frame)


@router.get("/interventions", summary="U.S. military interventions, 1946-2018 (filter by year, region, "
                                       "coalition, target)")
def interventions(
    request: Request,
    year: Annotated[int | None, Query(ge=1946, le=2100, description="Under way in this year.")] = None,
    year_from: Annotated[int | None, Query(ge=1946, le=2100, description="Started in or after.")] = None,
    year_to: Annotated[int | None, Query(ge=1946, le=2100, description="Started in or before.")] = None,
    region: Annotated[str | None, Query(max_length=40, description="UN region or subregion, e.g. Asia.")] = None,
    coalition: Annotated[bool | None, Query(description="Only coalitions (true) or unilateral (false).")] = None,
    target: Annotated[str | None, Query(max_length=80, pattern=NAME, description="A target state.")] = None,
    q: Annotated[str | None, Query(max_length=80, description="Words in the name.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> StrictJSON:
    from coalitionlab.catalog.countries import ccode_of

    code = None if not target else _with_field("target", ccode_of, target, year)
    rows = select_interventions(library(request).data().interventions, year, year_from, year_to, region, coalition,
                                code, q)
    return StrictJSON({"count": len(rows), "offset": offset, "limit": limit,
                       "interventions": _records(rows.iloc[offset:offset + limit], LIST_COLUMNS)})


def intervention_detail(data, intervention_id: str) -> dict:
    """One intervention's row, its partners (roles, contributions, citations) and the evidence records."""
    iv = data.interventions
    row = iv[iv["intervention_id"] == intervention_id]
    if row.empty:
        raise HTTPException(404, f"No intervention with the id '{intervention_id}': GET /api/interventions lists "
                                 "them.")
    from coalitionlab.catalog.countries import country_table

    names = dict(zip(country_table()["ccode"], country_table()["name"], strict=True))
    partners = data.partners[data.partners["intervention_id"] == intervention_id].copy()
    partners.insert(2, "partner", partners["ccode"].map(names))
    evidence = data.evidence[data.evidence["intervention_id"] == intervention_id]
    return {"intervention": _records(row)[0], "partners": _records(partners), "evidence": _records(evidence)}


@router.get("/interventions/{intervention_id}", summary="One intervention: partners with their roles and evidence")
def intervention(request: Request,
                 intervention_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$")]) -> StrictJSON:
    return StrictJSON(intervention_detail(library(request).data(), intervention_id))


@router.get("/findings", summary="The findings scorecard: F1-F12 (RR-A859-1), E1-E7 (RR-A739-3)")
def findings(request: Request) -> StrictJSON:
    return StrictJSON(library(request).findings().to_dict())


@router.get("/commitments", summary="U.S. security commitments in a year")
def commitments(year: Annotated[int, Query(ge=1946, le=2018, description="Year, 1946-2018 (ATOP 5.1).")],
                partner: Annotated[str | None, Query(max_length=80, pattern=NAME)] = None) -> StrictJSON:
    from coalitionlab.entanglement import commitments as make

    return StrictJSON(_with_field("partner" if partner else "year", make, year, partner).to_dict())


@router.get("/exposure", summary="Entanglement exposure of every U.S. commitment in a year")
def exposure(year: Annotated[int, Query(ge=1946, le=2100, description="Year, 1946-2024.")]) -> StrictJSON:
    from coalitionlab.entanglement.exposure import exposure as make

    return StrictJSON(_with_field("year", make, year).to_dict())


@router.get("/countries/{name}", summary="A country: COW, G-W and ISO codes, regions, system membership")
def country(name: Annotated[str, Path(max_length=80, pattern=NAME)],
            year: Annotated[int | None, Query(ge=1816, le=2100)] = None) -> StrictJSON:
    from coalitionlab.catalog.countries import describe_country

    return StrictJSON(_with_field("name", describe_country, name, year, where="path").to_dict())


@router.post("/forecast", summary="Forecast the partners of a U.S. coalition in a crisis (as `coalitionlab "
                                  "forecast --json`)")
async def forecast(request: Request, body: ScenarioIn) -> StrictJSON:
    from coalitionlab.web.fastpath import request_content_type_and_body

    lib = library(request)
    key = body.model_dump_json()
    answer = lib.cached_forecast(key)  # a known scenario answers without a thread hop
    if answer is None:
        from starlette.concurrency import run_in_threadpool

        answer = await run_in_threadpool(forecast_bytes, body, lib)
    # the same body bytes next time: answered by web.fastpath, before routing and validation
    lib.remember_body(*await request_content_type_and_body(request), key)
    return StrictJSON(answer)


@router.get("/download/{table}.csv", summary="A table of the data set as CSV (see the codebook)")
def download(request: Request, table: Literal[TABLES]) -> Response:  # type: ignore[valid-type]
    from coalitionlab.interventions.build import _flat

    frame = getattr(library(request).data(), table)
    return Response(_flat(frame).to_csv(index=False), media_type="text/csv",
                    headers={"content-disposition": f'attachment; filename="coalitionlab_{table}.csv"'})
