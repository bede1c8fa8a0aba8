"""Ambiguous country names: a warning that lists the candidates, or an error with them where no year decides."""

import pytest

from coalitionlab.catalog.countries import resolve
from coalitionlab.errors import AmbiguousCountryError, AmbiguousCountryWarning
from tests.conftest import invoke


@pytest.mark.parametrize("name,year,code,also", [
    ("Congo", 1990, 484, "COW 490"),
    ("Korea", 1990, 732, "North Korea = COW 731"),
    ("Sudan", 2015, 625, "South Sudan = COW 626"),
    ("Germany", 1970, 260, "East Germany"),
    ("Vietnam", 1970, 816, "South Vietnam (1954-1975) = COW 817"),
    ("Germany", None, 255, "West Germany"),
    ("Korea", None, 730, "South Korea = COW 732"),
])
def test_ambiguous_name_warns_with_candidates(name, year, code, also):
    with pytest.warns(AmbiguousCountryWarning, match="ambiguous") as caught:
        assert resolve(name, year).ccode == code
    assert also in str(caught[0].message)


@pytest.mark.parametrize("name,year,code", [("Sudan", 2000, 625), ("Yemen", 1960, 678), ("Yemen", 2000, 679),
                                            ("Germany", 2000, 255), ("South Korea", 1990, 732),
                                            ("Democratic Republic of the Congo", 1990, 490)])
def test_a_year_that_decides_or_an_exact_name_is_quiet(recwarn, name, year, code):
    assert resolve(name, year).ccode == code
    assert not [w for w in recwarn if issubclass(w.category, AmbiguousCountryWarning)]


def test_no_year_decides_is_an_error_listing_the_candidates():
    with pytest.raises(AmbiguousCountryError, match="North Yemen.*678.*South Yemen.*680") as exc:
        resolve("Yemen", 1985)
    assert len(exc.value.suggestions) == 2
    code, out, errs = invoke(["country", "Yemen", "--year", "1985"])
    assert code == 2 and "COW 678" in errs and "COW 680" in errs and "Traceback" not in errs


def test_cli_shows_the_warning_as_one_line():
    code, out, errs = invoke(["country", "Congo", "--year", "1990", "--json"])
    assert code == 0 and '"ccode": 484' in out
    assert errs.startswith("warning: 'Congo' is ambiguous in 1990") and "COW 490" in errs
