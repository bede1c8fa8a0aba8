"""Every command: its exit code, and `--json` equal to the library result's to_dict() (the CLI only shows)."""

import json

import pytest

from coalitionlab.io import json_dumps
from tests.conftest import invoke


def _same(out: str, result) -> None:
    assert json.loads(out) == json.loads(json_dumps(result.to_dict()))


def test_data_commands():
    from coalitionlab.catalog import get
    from coalitionlab.catalog.registry import catalog

    code, out, _ = invoke(["data", "list", "--json"])
    assert code == 0
    _same(out, catalog())
    code, out, _ = invoke(["data", "info", "nmc", "--json"])
    assert code == 0
    _same(out, get("nmc"))
    assert json.loads(out)["rows"] > 15_000
    code, out, _ = invoke(["data", "info", "nmc"])
    assert code == 0 and "Correlates of War National Material Capabilities" in out
    code, out, _ = invoke(["data", "cite", "nmc", "--bibtex"])
    assert code == 0 and out.startswith("@")


def test_country_and_codebook():
    from coalitionlab.catalog.countries import describe_country
    from coalitionlab.interventions.codebook import describe

    code, out, _ = invoke(["country", "Burma", "--year", "1990", "--json"])
    assert code == 0 and json.loads(out)["ccode"] == 775
    _same(out, describe_country("Burma", 1990))
    code, out, _ = invoke(["codebook", "role", "--json"])
    assert code == 0
    _same(out, describe("role"))
    code, out, _ = invoke(["codebook"])
    assert code == 0 and "success_objective" in out


def test_models_commands(reuse_fits, fitted, robust, entanglement_card):
    from coalitionlab.findings import scorecard

    code, out, _ = invoke(["fit", "q3", "--json"])
    assert code == 0
    assert json.loads(out) == json.loads(json_dumps([fitted["q3"].to_dict()]))
    code, out, _ = invoke(["findings", "--json"])
    assert code == 0
    card = scorecard(fitted, robust)
    card.entanglement = entanglement_card
    _same(out, card)
    assert [f["id"] for f in json.loads(out)["entanglement"]["findings"]] == [f"E{i}" for i in range(1, 8)]
    code, out, _ = invoke(["findings", "--json", "--no-entanglement", "--no-robustness"])
    assert code == 0 and "entanglement" not in json.loads(out)
    code, out, _ = invoke(["fit", "q1"])
    assert code == 0 and "Main model and variants" in out and "listwise" in out


def test_entanglement_commands():
    from coalitionlab.entanglement import commitments

    code, out, _ = invoke(["commitments", "--year", "2000", "--json"])
    assert code == 0
    _same(out, commitments(2000))
    for args in (["exposure", "--year", "2010", "--json"], ["cases", "--json"]):
        code, out, errs = invoke(args)
        assert code == 0, errs
        json.loads(out)


@pytest.mark.parametrize("args,message,hint", [
    (["data", "info", "nosuch"], "Unknown data set", "coalitionlab data list"),
    (["country", "Narnia"], "Narnia", None),
    (["country", "999"], "No COW state has the code", "coalitionlab country NAME"),
    (["codebook", "nosuch"], "No variable", "coalitionlab codebook"),
    (["fit", "q9"], "q1, q2, q3", None),
    (["commitments", "--year", "1800"], "1946", None),
    (["panel", "stateyears", "--add", "mindist"], "dyad-year", "coalitionlab panel dyadyears"),
])
def test_bad_input_exit_2_with_hint(args, message, hint):
    code, out, errs = invoke(args)
    assert code == 2 and message in errs and "Traceback" not in errs + out
    if hint:
        assert hint in errs


def test_build_shows_the_data_set(tmp_path, reuse_fits):
    code, out, errs = invoke(["build", "--out", str(tmp_path)])
    assert code == 0, errs
    assert "Interventions" in out and "221" in out and (tmp_path / "partners.csv").exists()
