"""Shared pieces of the entanglement package: the U.S. code, year checks, strict-JSON records
(``clean`` is :func:`coalitionlab.display.clean`, re-exported here for the modules that use it)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from coalitionlab.catalog import coverage
from coalitionlab.catalog.countries import resolve
from coalitionlab.display import clean
from coalitionlab.errors import BadInputError, CoverageError

US = 2
FIRST_YEAR = 1946


def check_year(year: Any, first: int, last: int, what: str) -> int:
    """A year as int inside ``first``-``last`` or a :class:`CoverageError` saying the coverage."""
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise BadInputError(f"Year must be an integer, e.g. 1990; got {year!r}.") from None
    if y < first or y > last:
        raise CoverageError(f"Year {y} is outside the coverage of {what}, {first}-{last}. "
                            f"Give a year from {first} to {last}.")
    return y


def partner_code(name: Any, year: int | None = None) -> int:
    """COW code of a partner given by name or code (unknown names raise UnknownCountryError with suggestions)."""
    rec = resolve(name, year)
    if rec.ccode is None:
        raise BadInputError(f"'{name}' has no Correlates of War code; give a state in the COW system.")
    if int(rec.ccode) == US:
        raise BadInputError("The partner cannot be the United States itself; give another state.")
    return int(rec.ccode)


def source_end(name: str) -> int:
    return int(coverage(name)[1])


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as strict-JSON-ready dicts (NaN/NA -> None, numpy scalars -> Python)."""
    return clean(df)
