"""The audit of the partner rosters as a library result: the judged samples that ship with the package, their
precision with Wilson 95% intervals (the numbers of docs/audit.md), and what became of the judged rows in a
partner table (fixed, lost)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from coalitionlab.errors import DataFileError
from coalitionlab.interventions.audit import SAMPLES_DIR, partner_audit, wilson_interval

ROOT = Path(__file__).resolve().parents[2]
# (sample, rows judged, correct) as the reviewers judged them
JUDGED = [("before", 64, 55), ("after", 65, 62), ("after_fixes", 64, 59), ("after_review", 62, 59),
          ("after_hainan_fix", 61, 59), ("final", 63, 60)]


@pytest.fixture(scope="module")
def audit():
    return partner_audit()


def test_wilson_interval_by_hand():
    # 8 of 10, z = 1.96: p = 0.8, z^2/n = 0.38416, d = 1.38416, centre = (0.8 + 0.19208) / d = 0.716738,
    # half = 1.96 * sqrt(0.8 * 0.2 / 10 + 3.8416 / 400) / d = 1.96 * sqrt(0.025604) / d = 0.226581
    lo, hi = wilson_interval(8, 10)
    assert lo == pytest.approx(0.716738 - 0.226581, abs=2e-6) and hi == pytest.approx(0.716738 + 0.226581, abs=2e-6)
    assert (round(lo, 3), round(hi, 3)) == (0.490, 0.943)
    # 5 of 5: z^2/n = 0.76832, centre = (1 + 0.38416) / 1.76832 = 0.782755, half = 1.96 * 0.196 / 1.76832 = 0.217246
    lo, hi = wilson_interval(5, 5)
    assert lo == pytest.approx(0.565509, abs=1e-6) and hi == 1.0
    assert wilson_interval(0, 3)[0] == 0.0
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
    with pytest.raises(ValueError):
        wilson_interval(4, 3)


def test_samples_ship_with_the_package_outside_the_curated_facts(audit):
    assert SAMPLES_DIR.is_dir() and SAMPLES_DIR.parent.name == "interventions"
    assert "curated" not in SAMPLES_DIR.parts  # not read by the data-set build
    assert [s.label for s in audit.samples] == [label for label, _, _ in JUDGED]
    assert [s.file for s in audit.samples] == [f"sample_{label}.yaml" for label, _, _ in JUDGED]
    before = audit.sample("before")
    assert (before.population, before.seed) == (656, 8) and "f88b1ab" in " ".join(before.description)
    assert audit.sample("final").seed == 31337
    with pytest.raises(KeyError, match="final"):
        audit.sample("nope")


def test_no_sample_links_to_a_refused_host(audit):
    # the 'before' sample judged rows that cited copies of Wikipedia and aggregators: its citation text names
    # them, and the package ships no link to them
    from coalitionlab.interventions.curated import refused_reason

    urls = [u for s in audit.samples for u in s.rows["url"] if u is not None]
    assert len(urls) > 100 and [u for u in urls if refused_reason(u)] == []
    before = audit.sample("before").rows
    assert before["citation"].str.contains("copy at wikisum.wiki", na=False).sum() == 6


def test_precision_of_the_judged_samples(audit):
    for label, n, k in JUDGED:
        s = audit.sample(label)
        p = s.precision()
        assert (p["rows"], p["correct"]) == (n, k), label
        assert p["precision"] == pytest.approx(k / n)
        assert len(s.unjudged) == 0 and len(s.wrong()) == n - k
    final = audit.sample("final").precision()
    assert (round(final["ci_low"], 3), round(final["ci_high"], 3)) == (0.869, 0.984)
    before = audit.sample("before").precision()
    assert (round(before["precision"], 3), round(before["ci_low"], 3), round(before["ci_high"], 3)) == (
        0.859, 0.754, 0.924)


def test_precision_by_stratum(audit):
    prec = audit.precision().set_index(["sample", "stratum"])
    # before issue 8: curated rows all right, rows on MID and war records alone often wrong
    assert prec.loc[("before", "curated"), ["rows", "correct"]].tolist() == [40, 40]
    assert prec.loc[("before", "mid"), ["rows", "correct"]].tolist() == [14, 9]
    assert prec.loc[("before", "war"), ["rows", "correct"]].tolist() == [5, 2]
    assert prec.loc[("before", "ucdp"), ["rows", "correct"]].tolist() == [5, 4]
    assert prec.loc[("before", "curated"), "ci_low"] == pytest.approx(0.912, abs=5e-4)
    assert prec.loc[("final", "curated"), ["rows", "correct"]].tolist() == [58, 58]
    assert prec.loc[("final", "mid"), ["rows", "correct"]].tolist() == [5, 2]
    assert ("final", "war") not in prec.index  # a stratum the sample did not draw is not shown
    # the strata add up to the sample
    for label, n, k in JUDGED:
        assert prec.loc[label].drop("all")[["rows", "correct"]].sum().tolist() == [n, k]
    # after the rebuild, MID-only rows were right 20 times in 29 and curated rows 270 times in 274 (docs/audit.md)
    later = prec.drop("before", level="sample").reset_index()
    assert later.loc[later.stratum == "mid", ["rows", "correct"]].sum().tolist() == [29, 20]
    assert later.loc[later.stratum == "curated", ["rows", "correct"]].sum().tolist() == [274, 270]


def test_the_document_shows_the_library_numbers(audit):
    """docs/audit.md is written by scripts/audit_partners.py from partner_audit(): its table is these numbers."""
    text = (ROOT / "docs" / "audit.md").read_text()
    table = re.findall(r"^\| (\w+) \| (\d+) \| (\d+) \| ([\d.]+) \| ([\d.]+)-([\d.]+) \|$", text, re.M)
    assert [(label, int(n), int(k)) for label, n, k, *_ in table] == JUDGED
    for label, _n, _k, share, lo, hi in table:
        p = audit.sample(label).precision()
        assert (f"{p['precision']:.3f}", f"{p['ci_low']:.3f}", f"{p['ci_high']:.3f}") == (share, lo, hi)


def test_summary_and_strict_json(audit):
    s = audit.summary()
    titles = [t.title for t in s.tables]
    assert titles == ["Precision by sample (Wilson 95% interval)", "Precision by sample and stratum",
                      "Rows judged wrong, with the reviewer's reason"]
    assert len(s.tables[2].rows) == sum(n - k for _, n, k in JUDGED) == 25
    assert dict(s.facts)["Rows judged"] == 379
    d = json.loads(json.dumps(audit.to_dict(), allow_nan=False))
    assert d["checked_against_data"] is False and d["partner_rows"] is None
    final = d["samples"][-1]
    assert (final["label"], final["rows"], final["correct"]) == ("final", 63, 60)
    assert {r["stratum"] for r in final["by_stratum"]} == {"curated", "mid"}
    assert len(final["wrong"]) == 3 and all(r["reason"] for r in final["wrong"])
    assert "lost" not in final


# ------------------------------------------------------------------------------------- fixed and lost rows

SAMPLE = """# Audit sample 'before': 4 partner rows of 40, seed 3, strata {'curated': 30, 'mid': 10}.
# A synthetic sample.
# Judge each row: verdict correct | wrong, and a reason (what the documented history says, with a source).
- {intervention_id: MIP1, intervention: One (1990-1990), ccode: 2, partner: A, stratum: curated, verdict: correct,
   reason: right}
- {intervention_id: MIP1, intervention: One (1990-1990), ccode: 20, partner: B, stratum: mid, verdict: wrong,
   reason: 'not there'}
- {intervention_id: MIP2, intervention: Two (1991-1991), ccode: 200, partner: C, stratum: mid, verdict: correct,
   reason: right}
- {intervention_id: MIP2, intervention: Two (1991-1991), ccode: 220, partner: D, stratum: curated, verdict: wrong,
   reason: 'not there either'}
"""
LATER = """# Audit sample 'zzz': 2 partner rows of 39, seed 4, strata {'curated': 39}.
- {intervention_id: MIP2, intervention: Two (1991-1991), ccode: 2, partner: A, stratum: curated, verdict: correct,
   reason: right}
- {intervention_id: MIP2, intervention: Two (1991-1991), ccode: 20, partner: B, stratum: curated, verdict: null,
   reason: null}
"""


@pytest.fixture
def samples(tmp_path):
    (tmp_path / "sample_zzz.yaml").write_text(LATER)
    (tmp_path / "sample_before.yaml").write_text(SAMPLE)
    return tmp_path


def test_fixed_and_lost_on_a_small_partner_table(samples):
    # now: MIP1/A stays, MIP1/B is gone (fixed), MIP2/C is gone (lost, by a rule), MIP2/D stays (not fixed)
    partners = pd.DataFrame({"intervention_id": ["MIP1", "MIP2", "MIP2", "MIP3"], "ccode": [2, 220, 2, 20]})
    rejected = pd.DataFrame({"intervention_id": ["MIP2", "MIP2", "MIP1"], "ccode": [200, 200, 2],
                             "rule": ["mid_uncorroborated", "dates", "dates"]})
    res = partner_audit(SimpleNamespace(partners=partners, evidence_rejected=rejected), samples=samples)
    assert res.checked and res.partner_rows == 4
    assert [s.label for s in res.samples] == ["before", "zzz"]  # known labels in their order, then by name
    before, later = res.samples
    assert before.rows["in_partners"].tolist() == [True, False, False, True]
    assert before.wrong()["partner"].tolist() == ["B", "D"]
    assert before.lost()["partner"].tolist() == ["C"]
    # the rule is given only for a row that is out of the table
    assert before.rows["rejected_by"].tolist() == [None, None, "dates, mid_uncorroborated", None]
    d = json.loads(json.dumps(res.to_dict(), allow_nan=False))
    b = d["samples"][0]
    assert b["fixed"] == 1 and [(r["partner"], r["status"]) for r in b["wrong"]] == [("B", "fixed"),
                                                                                    ("D", "not fixed")]
    assert [r["partner"] for r in b["lost"]] == ["C"]
    assert (b["rows"], b["correct"], b["unjudged"]) == (4, 2, 0)
    # the unjudged row is left out of the precision and said
    assert (later.precision()["rows"], len(later.unjudged)) == (1, 1)
    assert later.lost().empty  # MIP2/A (ccode 2) is in the table
    s = res.summary()
    facts = dict(s.facts)
    assert facts["Rows judged wrong, now out of the table (fixed)"] == "1 of 2"
    assert facts["Rows judged correct, now out of the table (lost)"] == "1 of 3"
    assert facts["Rows not yet judged (left out of the precision)"] == 1
    by_sample = s.tables[0]
    assert by_sample.columns[-3:] == ["wrong", "fixed since", "correct lost since"]
    assert by_sample.rows[0][-3:] == [2, 1, 1]
    wrong = s.tables[2].to_dict()["rows"]
    assert [r["now"] for r in wrong] == ["fixed", "not fixed"]
    assert s.tables[3].to_dict()["rows"][0]["taken out by rule"] == "dates, mid_uncorroborated"
    # a bare partners DataFrame works too (no rules then)
    bare = partner_audit(partners, samples=samples)
    assert bare.samples[0].rows["rejected_by"].tolist() == [None, None, None, None]


def test_a_broken_sample_is_named(tmp_path):
    (tmp_path / "sample_x.yaml").write_text("- {intervention_id: MIP1, partner: A, verdict: correct}\n")
    with pytest.raises(DataFileError, match=r"sample_x.yaml: row 1 has no ccode, stratum"):
        partner_audit(samples=tmp_path)
    (tmp_path / "sample_x.yaml").write_text("a: [1\n")
    with pytest.raises(DataFileError, match="cannot be read"):
        partner_audit(samples=tmp_path)
    with pytest.raises(DataFileError, match="no audit samples"):
        partner_audit(samples=tmp_path / "empty")


def test_on_the_data_set(data):
    """The judged rows against today's rosters: the rows on MID records alone that 'final' drew are out (the rule
    mid_uncorroborated), the curated rows it judged correct are all still there."""
    res = partner_audit(data)
    assert res.partner_rows == len(data.partners)
    final = res.sample("final")
    rows = final.rows
    mid = rows[rows.stratum == "mid"]
    assert len(mid) == 5 and not mid.in_partners.any()
    assert mid.rejected_by.str.contains("mid_uncorroborated").all()
    assert not final.wrong().in_partners.any()  # every row 'final' judged wrong is fixed
    cur = rows[(rows.stratum == "curated") & (rows.verdict == "correct")]
    lost = cur[~cur.in_partners]
    assert lost.empty, f"curated rows judged correct in 'final' are no longer partner rows: {lost.to_dict('records')}"
    assert "Rows judged correct that are no longer in the partner table (lost)" in [t.title for t in
                                                                                     res.summary().tables]
