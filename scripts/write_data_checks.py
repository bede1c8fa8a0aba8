"""Write the data checks of the coalition data set into docs/ (a developer tool, run after curated changes):

* docs/tago_check.md: our coalition flag against Tago (2005), through the hand-checked crosswalk;
* docs/igo_check.md: every IGO sponsorship with its resolution or decision and its source.

    python scripts/write_data_checks.py
"""

from __future__ import annotations

from pathlib import Path

from coalitionlab.interventions.build import build_dataset
from coalitionlab.interventions.tago import tago_check_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)
    print(path)


def igo_markdown(data) -> str:
    iv = data.interventions
    s = iv[iv["igo_sponsored"] == 1]
    lines = ["# IGO sponsorship of the interventions", "",
             f"{len(s)} of {len(iv)} interventions have an IGO sponsorship: "
             f"{int(s.igo_source.str.contains('curated').sum())} "
             "from a curated entry that names the resolution or decision (each citing its text or a record of it), "
             "the rest "
             "from Tago (2005) alone (`igo_authorized_use_of_force`, which does not name the IGO).", "",
             "| intervention | name | IGO | kind | resolution or decision | source |", "|---|---|---|---|---|---|"]
    s = s.astype({"igo": "object", "igo_resolution": "object"}).where(s.notna(), None)
    for r in s.sort_values("start_year").itertuples():
        lines.append(f"| {r.intervention_id} | {r.name} ({r.start_year}) | {r.igo or ''} | {r.igo_kind} | "
                     f"{r.igo_resolution or ''} | {r.igo_source}: {r.igo_citation} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    data = build_dataset()
    partners = data.partners
    _write(DOCS / "tago_check.md", tago_check_markdown(data.tago_check(), partners))
    _write(DOCS / "igo_check.md", igo_markdown(data))


if __name__ == "__main__":
    main()
