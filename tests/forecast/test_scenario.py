"""Scenarios: parsing, validation and messages that say how to fix bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coalitionlab.errors import BadInputError, UnknownCountryError
from coalitionlab.forecast import load_scenario, make_scenario

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_minimal_scenario_resolves_names_and_codes():
    s = make_scenario(["Iraq", 645, "IRQ"], 1990)
    assert s.target_codes == [645]  # one target, named three ways
    assert s.igo is None and s.objective == () and s.demand is None
    s = make_scenario("North Korea", "1950", igo="UN", objective=["Regime-change", "humanitarian"], demand="High")
    assert s.target_codes == [731] and s.year == 1950 and s.igo == "un"
    assert s.objective == ("regime change", "humanitarian") and s.demand == "high"
    assert make_scenario("Serbia", 1999, igo="North Atlantic Treaty Organization").igo == "nato"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.*")), ids=lambda p: p.name)
def test_example_files_load(path):
    s = load_scenario(path)
    assert s.targets and 1946 <= s.year


def test_unknown_target_suggests_closest_matches():
    with pytest.raises(UnknownCountryError) as exc:
        make_scenario("Irak", 1990)
    assert "Unknown target 'Irak'" in str(exc.value) and "Iraq" in str(exc.value)
    assert "Iraq" in exc.value.suggestions


@pytest.mark.parametrize("year, fix", [(1945, "from 1946"), (dt.datetime.now(dt.UTC).year + 2, "one year ahead"),
                                       ("soon", "whole number"), (None, "needs a year")])
def test_year_out_of_range_or_malformed(year, fix):
    with pytest.raises(BadInputError, match=fix):
        make_scenario("Iraq", year)


def test_next_year_is_allowed():
    assert make_scenario("Iran", dt.datetime.now(dt.UTC).year + 1).year == dt.datetime.now(dt.UTC).year + 1


@pytest.mark.parametrize("kw, message", [
    ({"igo": "eu"}, "Unknown IGO sponsorship 'eu'.*none, un, nato, regional"),
    ({"objective": "conquest"}, "Unknown objective 'conquest'.*regime change"),
    ({"objective": "regime chnage"}, "Did you mean 'regime change'"),
    ({"demand": "huge"}, "Unknown operational demand 'huge'.*low, medium, high"),
])
def test_unknown_categories(kw, message):
    with pytest.raises(BadInputError, match=message):
        make_scenario("Iraq", 1990, **kw)


def test_target_must_exist_in_the_year_and_not_be_the_us():
    with pytest.raises(BadInputError, match="existed in 1950"):
        make_scenario("Kuwait", 1950)
    with pytest.raises(BadInputError, match="United States cannot be the target"):
        make_scenario("USA", 1990)
    with pytest.raises(BadInputError, match="at least one target"):
        make_scenario([], 1990)


@pytest.mark.parametrize("name, text, message", [
    ("bad.yaml", "targets: [Iraq\nyear: 1990\n", "malformed YAML"),
    ("bad.json", '{"targets": ["Iraq"], "year": 1990,}', "malformed JSON"),
    ("list.yaml", "- Iraq\n- 1990\n", "must be a mapping"),
    ("keys.yaml", "targets: [Iraq]\nyear: 1990\ncountry: UK\n", "unknown key"),
    ("noyear.yaml", "targets: [Iraq]\n", "missing year"),
    ("code.yaml", "targets: !!python/object/apply:os.system ['echo hacked']\nyear: 1990\n", "malformed YAML"),
])
def test_malformed_files(tmp_path, name, text, message):
    p = tmp_path / name
    p.write_text(text)
    with pytest.raises(BadInputError, match=message):
        load_scenario(p)


def test_missing_file():
    with pytest.raises(BadInputError, match="not found"):
        load_scenario("no/such/scenario.yaml")


def test_singular_target_key(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("target: Iraq\nyear: 1990\nigo: un\n")
    assert load_scenario(p).target_codes == [645]
