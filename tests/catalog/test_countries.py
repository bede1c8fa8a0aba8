import pandas as pd
import pytest

from coalitionlab.catalog import countries as c
from coalitionlab.catalog import load
from coalitionlab.errors import CoverageError, UnknownCountryError
from tests.conftest import invoke


def test_ccode_2_is_united_states():
    us = c.resolve(2)
    assert us.name == "United States of America" and us.iso3 == "USA" and us.gwcode == 2


@pytest.mark.parametrize("name,code", [("Burma", 775), ("Myanmar", 775), ("UK", 200), ("Britain", 200),
                                       ("GBR", 200), ("200", 200), ("UKG", 200), ("United Kingdom", 200),
                                       ("South Korea", 732), ("Cote d'Ivoire", 437), ("AUS", 900),
                                       ("Austria", 305), ("Soviet Union", 365)])
def test_resolve_names_and_codes(name, code):
    assert c.resolve(name).ccode == code


def test_year_aware_germany_and_vietnam():
    assert c.resolve("Germany", 1970).ccode == 260
    assert c.resolve("Germany", 2000).ccode == 255
    assert c.resolve("Germany", 1938).ccode == 255
    assert c.resolve("East Germany", 1970).ccode == 265
    assert c.resolve("South Vietnam", 1965).ccode == 817
    # Gleditsch-Ward keeps 260 for united Germany
    assert c.resolve("Germany", 2000).gwcode == 260
    assert c.cow_to_gw(255, 2000) == 260 and c.gw_to_cow(260, 2000) == 255 and c.gw_to_cow(260, 1970) == 260


def test_year_outside_membership_or_coverage():
    with pytest.raises(CoverageError, match="1816-1945, 1990-2024"):
        c.resolve("Germany", 1950)
    with pytest.raises(CoverageError, match="1816-2024"):
        c.resolve("France", 1700)
    code, _, errs = invoke(["country", "France", "--year", "3000"])
    assert code == 2 and "1816-2024" in errs


def test_unknown_country_lists_closest_matches():
    with pytest.raises(UnknownCountryError) as info:
        c.resolve("Atlantis")
    assert info.value.suggestions and all(s in str(info.value) for s in info.value.suggestions)
    code, _, errs = invoke(["country", "Atlantis"])
    assert code == 2 and "Closest matches" in errs
    with pytest.raises(UnknownCountryError) as info:
        c.resolve("Grmany")
    assert "Germany" in info.value.suggestions


def _members_from_upstream(year: int) -> set[int]:
    """Independent count from the raw COW list: spells covering any day of the year."""
    s = load("cow_states")
    end = s["endyear"].where(s["endyear"] < 2016, 2024)
    return set(s.loc[(s["styear"] <= year) & (end >= year), "ccode"].astype(int))


@pytest.mark.parametrize("year,count", [(1946, 66), (1990, 165), (2016, 195)])
def test_cow_system_member_counts(year, count):
    got = c.members(year)
    assert len(got) == count
    assert set(got) == _members_from_upstream(year)


def test_members_on_a_date():
    # Germany reunified on 3 October 1990: COW ends 260 and 265 on 2/3 October, starts 255 on 3 October
    assert 255 not in c.members(1990, date="1990-06-01") and 260 in c.members(1990, date="1990-06-01")
    assert 255 in c.members(1990, date="1990-12-01") and 260 not in c.members(1990, date="1990-12-01")
    assert {255, 260, 265} <= set(c.members(1990))


def test_regions():
    assert c.cow_region(2) == "Americas" and c.cow_region(651) == "Middle East"
    assert c.cow_region(200) == "Europe" and c.cow_region(740) == "Asia" and c.cow_region(530) == "Africa"
    assert c.un_region(200)["subregion"] == "Northern Europe"
    assert c.un_region(740)["region"] == "Asia"


def test_country_table_covers_every_cow_state():
    t = c.country_table()
    assert t["ccode"].is_unique and len(t) == load("cow_states")["ccode"].nunique()
    assert t.loc[t.ccode == 2, "iso3"].item() == "USA"
    assert pd.isna(t.loc[t.ccode == 817, "iso3"]).item()  # no ISO code for South Vietnam


def test_cli_country_json():
    import json

    code, out, _ = invoke(["country", "Burma", "--json"])
    assert code == 0
    info = json.loads(out)
    assert info["ccode"] == 775 and info["iso3"] == "MMR" and info["cow_region"] == "Asia"


def test_explicit_schemes_both_directions():
    assert c.resolve("gw:260", 2000).ccode == 255 and c.resolve("gw:260", 1970).ccode == 260
    assert c.resolve("iso:276", 2000).ccode == 255 and c.resolve("iso:840").ccode == 2
    assert c.resolve("cow:AUS").ccode == 305 and c.resolve("AUS").ccode == 900
    us = c.resolve(2)
    assert c.resolve(f"iso:{us.iso3n}").ccode == 2 and c.resolve(us.iso3).ccode == 2
    with pytest.raises(UnknownCountryError):
        c.resolve("iso:999")
