"""The Summary type: every rendering carries the same content; to_dict is strict JSON."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from coalitionlab.display import Summary, Table, clean, fmt


@pytest.fixture
def summary():
    s = Summary("Q9: a test <model>", facts=[("N", 12345), ("share", 0.25), ("missing", float("nan"))])
    s.add_table(pd.DataFrame({"term": ["x|y", "z"], "coef": [1.23456, np.float64(-0.5)], "n": [np.int64(3), 4]}),
                "coefficients")
    s.add_notes(["a note & more"])
    s.sections.append(Summary("inner", facts=[("k", "v")]))
    return s


def test_renderings_carry_the_content(summary):
    text, md, html = summary.as_text(), summary.as_markdown(), summary.as_html()
    for out in (text, md, html):
        assert "1.235" in out and "-0.500" in out and "12,345" in out and "inner" in out
    assert str(summary) == text and summary._repr_html_() == html
    assert "x\\|y" in md and "| term | coef | n |" in md  # a pipe in a cell does not break the table
    assert "&lt;model&gt;" in html and "&amp; more" in html  # escaped, never raw markup
    assert "<model>" not in html


def test_to_dict_is_strict_json(summary):
    d = summary.to_dict()
    text = json.dumps(d, allow_nan=False)  # raises on NaN
    back = json.loads(text)
    assert back["facts"] == {"N": 12345, "share": 0.25, "missing": None}
    assert back["tables"][0]["rows"][0] == {"term": "x|y", "coef": 1.23456, "n": 3}
    assert back["sections"][0]["title"] == "inner"


def test_clean_and_fmt():
    assert clean({"a": np.float32(1.5), "b": [np.int64(2), math.inf], "c": pd.NA}) == {"a": 1.5, "b": [2, None],
                                                                                        "c": None}
    assert fmt(0.00001234) == "1.23e-05" and fmt(None) == "" and fmt(True) == "yes" and fmt(3) == "3"
    assert Table(["a"], [[1.0]], digits=1).cells() == [["1.0"]]


def test_results_show_themselves(fitted, coalition_data):
    # every result a user meets: summary() is a Summary, to_dict() strict JSON, print() readable
    from coalitionlab.catalog import get
    from coalitionlab.catalog.countries import describe_country

    for result in (fitted["q1"], fitted["q1"].main, coalition_data, get("nmc"), describe_country("Japan")):
        assert isinstance(result.summary(), Summary)
        json.dumps(result.to_dict(), allow_nan=False)
    assert "regime_objective" in str(fitted["q1"].main) and "Main model and variants" in str(fitted["q1"])
