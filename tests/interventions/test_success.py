"""Success against the stated objective: the rule, the curated overrides, their validation and the agreement with the
MID-outcome measure."""

import pandas as pd
import pytest

from coalitionlab.interventions.curated import (
    PUBLISHER_CLASSES,
    SUCCESS_CATEGORIES,
    CuratedFactError,
    load_curated_success,
)
from coalitionlab.interventions.success import (
    code_success_objective,
    cohen_kappa,
    judge_outcome,
    success_agreement,
)
from coalitionlab.interventions.universe import SUCCESS_RULE, load_interventions

STATUS_QUO = {"obj_buildreg": 1}
REVISIONIST = {"obj_foreignreg": 1}


@pytest.fixture(scope="module")
def iv():
    return load_interventions()


# --- the rule -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("outcome, expected", [
    (1, ("achieved", "rule:victory")), (4, ("achieved", "rule:target_yields")),
    (2, ("failed", "rule:target_victory")), (3, ("failed", "rule:us_yields")),
    (6, ("partial", "rule:compromise")),
    (0, ("unclear", "rule:no_outcome")), (8, ("unclear", "rule:no_outcome")), (9, ("unclear", "rule:no_outcome")),
    (None, ("unclear", "rule:no_outcome")), (pd.NA, ("unclear", "rule:no_outcome")),
])
def test_outcomes_that_do_not_depend_on_the_objective(outcome, expected):
    assert judge_outcome(outcome, STATUS_QUO) == expected
    assert judge_outcome(outcome, REVISIONIST) == expected


def test_released():
    assert judge_outcome(7, {"obj_protown": 1}) == ("achieved", "rule:released_protown")
    assert judge_outcome(7, {"obj_territory": 1, "obj_protown": 0}) == ("partial", "rule:released_other")


@pytest.mark.parametrize("objectives, expected", [
    ({"obj_buildreg": 1, "obj_territory": 1}, ("achieved", "rule:stalemate_status_quo")),
    ({"obj_empire": 1}, ("achieved", "rule:stalemate_status_quo")),
    ({"obj_economic": 1}, ("achieved", "rule:stalemate_status_quo")),
    ({"obj_protown": 1}, ("achieved", "rule:stalemate_status_quo")),
    ({"obj_policy": 1}, ("failed", "rule:stalemate_revisionist")),
    ({"obj_foreignreg": 1, "obj_policy": 1}, ("failed", "rule:stalemate_revisionist")),
    ({"obj_buildreg": 1, "obj_policy": 1}, ("partial", "rule:stalemate_mixed")),
    ({"obj_socialprot": 1}, ("partial", "rule:stalemate_mixed")),
    ({"obj_territory": 1, "obj_socialprot": 1}, ("partial", "rule:stalemate_mixed")),
    ({"obj_foreignreg": 0, "obj_policy": 0}, ("unclear", "rule:stalemate_no_objective")),
    ({"obj_buildreg": pd.NA}, ("unclear", "rule:stalemate_no_objective")),
    ({"obj_policy": 5}, ("failed", "rule:stalemate_revisionist")),  # MIP slips like Policy = 5 count as set
])
def test_stalemate_judged_by_the_objective(objectives, expected):
    assert judge_outcome(5, objectives) == expected


def test_stalemate_with_us_battle_deaths_fails_protecting_forces():
    assert judge_outcome(5, {"obj_protown": 1}, us_battle_deaths=17) == ("failed", "rule:stalemate_forces_lost")
    assert judge_outcome(5, {"obj_protown": 1, "obj_empire": 1}, 15) == ("partial", "rule:stalemate_mixed")
    # deaths do not touch other status-quo objectives (the Korean War's 34,000 did not undo defending the ROK)
    assert judge_outcome(5, {"obj_buildreg": 1, "obj_territory": 1}, 34000) == \
        ("achieved", "rule:stalemate_status_quo")
    assert judge_outcome(5, {"obj_protown": 1}, 0) == ("achieved", "rule:stalemate_status_quo")


def test_strict_variant_reads_a_held_status_quo_as_partial():
    assert judge_outcome(5, {"obj_buildreg": 1}, strict=True) == ("partial", "rule:stalemate_status_quo")
    assert judge_outcome(5, {"obj_policy": 1}, strict=True) == ("failed", "rule:stalemate_revisionist")
    assert judge_outcome(1, {"obj_buildreg": 1}, strict=True) == ("achieved", "rule:victory")


def test_cohen_kappa_known_values():
    a = pd.Series(["achieved", "achieved", "failed", "failed"])
    assert cohen_kappa(a, a) == pytest.approx(1.0)
    assert cohen_kappa(a, pd.Series(["failed", "failed", "achieved", "achieved"])) == pytest.approx(-1.0)
    # 2x2 with po = 0.7, pe = 0.5
    x = pd.Series(["a"] * 5 + ["b"] * 5)
    y = pd.Series(["a"] * 4 + ["b"] + ["a"] * 2 + ["b"] * 3)
    assert cohen_kappa(x, y) == pytest.approx(0.4)


def test_curated_overrides_the_rule(iv):
    cur = pd.DataFrame({"intervention_id": ["MIP252"], "success_objective": ["partial"]})
    coded = code_success_objective(iv, cur).set_index("intervention_id")
    assert tuple(coded.loc["MIP252"]) == ("partial", "curated")
    assert tuple(code_success_objective(iv).set_index("intervention_id").loc["MIP252"]) == \
        ("achieved", "rule:stalemate_status_quo")


# --- the built data set ------------------------------------------------------------------------------------------

def test_every_intervention_has_a_value(data):
    t = data.interventions
    assert len(t) == 221
    assert t["success_objective"].notna().all() and t["success_basis"].notna().all()
    assert set(t["success_objective"]) <= set(SUCCESS_CATEGORIES)
    assert list(t.columns[list(t.columns).index("success"):][:3]) == ["success", "success_objective", "success_basis"]
    # the MID-outcome measure is unchanged
    assert (t["success"] == t["outcome"].map(SUCCESS_RULE).astype("string")).all()


def test_real_values(data):
    t = data.interventions.set_index("intervention_id")
    expect = {
        "MIP437": ("achieved", "curated"),                   # Desert Storm: Kuwait liberated
        "MIP451": ("failed", "curated"),                     # UNOSOM II
        "MIP441": ("achieved", "curated"),                   # UNITAF / Restore Hope
        "MIP252": ("achieved", "curated"),                   # Korean War: a MID stalemate, ROK defended
        "MIP316": ("failed", "curated"),                     # Vietnam
        "MIP385": ("failed", "curated"),                     # Lebanon 1982-84
        "MIP495": ("failed", "curated"),                     # Afghanistan: MIP outcome missing
        "MIP553": ("partial", "curated"),                    # Inherent Resolve (Iraq): MIP joins ongoing war
        "MIP299": ("achieved", "rule:stalemate_status_quo"), # Quemoy shelling 1962: maintain the ROC
        "MIP364": ("failed", "rule:stalemate_revisionist"),  # Caribbean task force 1979: policy change
        "MIP287": ("failed", "rule:stalemate_forces_lost"),  # 1958 C-130 shoot-down over Armenia, 17 U.S. dead
        "MIP490": ("failed", "rule:stalemate_forces_lost"),  # 2000: 17 U.S. dead (USS Cole)
        "MIP333": ("achieved", "rule:released_protown"),     # USS Pueblo crew released
        "MIP334": ("unclear", "rule:stalemate_no_objective"),
    }
    for iid, (value, basis) in expect.items():
        assert (t.loc[iid, "success_objective"], t.loc[iid, "success_basis"]) == (value, basis), iid
    assert t.loc["MIP252", "success"] == "failed"  # the MID-outcome reading of the same case


def test_bundled_curated_entries(data):
    cur = load_curated_success(data.interventions)
    assert len(cur) == 18
    assert cur["intervention_id"].is_unique
    assert set(cur["publisher_class"]) <= set(PUBLISHER_CLASSES)
    assert cur["publisher_class"].value_counts().to_dict() == {"government": 14, "igo": 3, "news": 1}
    assert cur["source_line"].str.startswith("success/").all()
    assert (data.interventions["success_basis"] == "curated").sum() == 18


def test_agreement_figures(data):
    r = success_agreement(data.interventions)
    assert r["n"] == 221
    assert r["counts"]["success_objective"] == {"achieved": 135, "partial": 24, "failed": 17, "unclear": 45}
    assert r["counts"]["success"] == {"achieved": 96, "partial": 20, "failed": 58, "unclear": 47}
    assert r["crosstab"]["achieved"] == {"achieved": 96, "partial": 10, "failed": 28, "unclear": 1}
    assert r["n_both"] == 172
    assert r["agreement"] == pytest.approx(122 / 172, abs=1e-9)
    assert r["kappa"] == pytest.approx(0.4410, abs=5e-4)
    obj, mid = r["p_achieved"]["success_objective"], r["p_achieved"]["success"]
    assert obj["mid_linked"]["p_achieved"] == pytest.approx(73 / 104, abs=1e-9)
    assert obj["not_linked"]["p_achieved"] == pytest.approx(62 / 72, abs=1e-9)
    assert mid["mid_linked"]["p_achieved"] == pytest.approx(36 / 106, abs=1e-9)
    assert mid["not_linked"]["p_achieved"] == pytest.approx(60 / 68, abs=1e-9)
    # the point of the measure: the MID link moves P(achieved) far less
    assert abs(obj["gap"]) < 0.2 < 0.5 < abs(mid["gap"])
    assert r["p_achieved_strict_rule"]["gap"] == pytest.approx(-0.440, abs=5e-3)


# --- curated validation ------------------------------------------------------------------------------------------

GOOD = """- intervention_id: MIP437
  success_objective: achieved
  reason: "Kuwait was liberated."
  citation: "Office of the Historian, 'The Gulf War, 1991'"
  url: https://history.state.gov/milestones/1989-1992/gulf-war
  publisher: U.S. Department of State, Office of the Historian
  publisher_class: government
"""


def _write(tmp_path, text, name="success.yaml"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_good_entry(iv, tmp_path):
    df = load_curated_success(iv, _write(tmp_path, GOOD))
    assert df.to_dict("records")[0] == {
        "intervention_id": "MIP437", "success_objective": "achieved", "reason": "Kuwait was liberated.",
        "citation": "Office of the Historian, 'The Gulf War, 1991'",
        "url": "https://history.state.gov/milestones/1989-1992/gulf-war",
        "publisher": "U.S. Department of State, Office of the Historian", "publisher_class": "government",
        "source_line": "success.yaml:1"}


@pytest.mark.parametrize("old, new, message", [
    ("MIP437", "MIP999", "success.yaml:2: intervention_id 'MIP999' does not exist"),
    ("success_objective: achieved", "success_objective: won", "success.yaml:2: entry for MIP437 has "
                                                              "success_objective 'won'"),
    ('  reason: "Kuwait was liberated."\n', "", "success.yaml:2: entry for MIP437 gives no reason"),
    ("  url: https://history.state.gov/milestones/1989-1992/gulf-war\n", "", "success.yaml:2: entry for MIP437 has "
                                                                              "no url"),
    ("https://history.state.gov/milestones/1989-1992/gulf-war", "https://en.wikipedia.org/wiki/Gulf_War",
     "success.yaml:2: entry for MIP437 (rule: source of record): en.wikipedia.org is a copy of Wikipedia"),
    ("publisher_class: government", "publisher_class: blog", "publisher_class 'blog' is not one of"),
])
def test_bad_entries_name_file_and_line(iv, tmp_path, old, new, message):
    text = "# a comment line first\n" + GOOD.replace(old, new)
    with pytest.raises(CuratedFactError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_curated_success(iv, _write(tmp_path, text))


def test_duplicate_entry(iv, tmp_path):
    with pytest.raises(CuratedFactError, match=r"success.yaml:8: a second success entry for MIP437 \(first at "
                                               r"success.yaml:1\)"):
        load_curated_success(iv, _write(tmp_path, GOOD + GOOD))


def test_user_folder_replaces_the_bundled_overrides(iv, tmp_path):
    from coalitionlab.interventions.success import add_success_objective

    folder = tmp_path / "curated"
    (folder / "success").mkdir(parents=True)
    _write(folder / "success", GOOD.replace("achieved", "partial"), "mine.yaml")
    out = add_success_objective(iv, folder).set_index("intervention_id")
    assert tuple(out.loc["MIP437", ["success_objective", "success_basis"]]) == ("partial", "curated")
    assert (out["success_basis"] == "curated").sum() == 1
    assert out.loc["MIP451", "success_basis"] == "rule:us_yields"  # the bundled UNOSOM II entry is not read
