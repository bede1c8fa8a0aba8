"""Write docs/success_check.md: the objective success measure (success_objective) against the MID-outcome measure
(success), from the built data set, with the curated judgements and their sources (a developer tool, run after
changes to the rule or to curated/success/*.yaml).

    python scripts/write_success_check.py
"""

from __future__ import annotations

from pathlib import Path

from coalitionlab.interventions.build import build_dataset
from coalitionlab.interventions.curated import load_curated_success
from coalitionlab.interventions.success import agreement_markdown, success_agreement

OUT = Path(__file__).resolve().parents[1] / "docs" / "success_check.md"


def curated_markdown(interventions, curated) -> str:
    names = interventions.set_index("intervention_id")
    lines = ["## Curated judgements", "",
             f"{len(curated)} interventions are decided by a curated entry (`curated/success/*.yaml`), each with a "
             "source of record.", "",
             "| intervention | name | MIP outcome | success | success_objective | reason | source |",
             "|---|---|---|---|---|---|---|"]
    for r in curated.itertuples():
        iv = names.loc[r.intervention_id]
        lines.append(f"| {r.intervention_id} | {iv['name']} ({iv['start_year']}) | {iv['outcome_label']} | "
                     f"{iv['success']} | {r.success_objective} | {r.reason} | {r.publisher} ({r.publisher_class}): "
                     f"[{r.citation}]({r.url}) |")
    return "\n".join(lines) + "\n"


def main() -> None:
    data = build_dataset()
    iv = data.interventions
    text = agreement_markdown(success_agreement(iv)) + "\n" + curated_markdown(iv, load_curated_success(iv))
    tmp = OUT.with_suffix(".md.tmp")
    tmp.write_text(text)
    tmp.replace(OUT)
    print(OUT)


if __name__ == "__main__":
    main()
