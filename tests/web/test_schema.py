"""A bounded property-based run against the OpenAPI schema (schemathesis): generated requests, valid and not,
to every operation; none may get a server error (5xx). A few examples per operation keep it to about a minute
(the forecast fits models for each new year it sees, so its years are folded onto a few)."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install -e .[dev] (schemathesis) to run it")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

EXAMPLES = 12


def test_no_server_error_on_any_operation(app, with_findings):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    seen = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            if isinstance(case.body, dict) and isinstance(case.body.get("year"), int):
                case.body["year"] = 1988 + case.body["year"] % 4  # bounded: few distinct years, few model fits
            response = case.call(headers={"accept": "application/json"})
            assert response.status_code < 500, (case.method, case.formatted_path, case.body, response.text[:300])
            case.validate_response(response, checks=[not_a_server_error])

        check()
        seen.append(operation.label)
    assert "POST /api/forecast" in seen
