"""The codebook: one YAML entry per variable, rendered to Markdown and shown by `coalitionlab codebook`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from coalitionlab.display import Summary, Table, clean
from coalitionlab.errors import BadInputError

CODEBOOK_FILE = Path(str(resources.files("coalitionlab") / "interventions" / "codebook.yaml"))
FIELDS = ("label", "table", "definition", "unit", "source", "coverage", "rule")


@cache
def codebook() -> dict[str, dict]:
    """Variable name -> entry (label, table, definition, unit, source, coverage, rule)."""
    return yaml.safe_load(CODEBOOK_FILE.read_text())


def entry(variable: str) -> dict:
    book = codebook()
    if variable not in book:
        close = difflib.get_close_matches(variable, list(book), n=5, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise BadInputError(f"No variable '{variable}' in the codebook.{hint}")
    return book[variable]


def variable_labels() -> dict[str, str]:
    """Short labels for Stata."""
    return {k: str(v.get("label", k)) for k, v in codebook().items()}


def render_markdown() -> str:
    lines = ["# Codebook: the U.S. coalition intervention data set", "",
             "Generated from `src/coalitionlab/interventions/codebook.yaml` by `coalitionlab codebook --markdown`.",
             "Tables: interventions (one row per U.S. intervention), partners (intervention x partner state), "
             "candidates (intervention x state that could have joined), evidence (one row per source record).", ""]
    for name, e in codebook().items():
        lines += [f"## `{name}`", "", f"**{e.get('label', '')}** ({e.get('table', '')})", ""]
        for f in ("definition", "unit", "source", "coverage", "rule"):
            if e.get(f):
                lines.append(f"- {f}: {e[f]}")
        lines.append("")
    return "\n".join(lines)


@dataclass(frozen=True)
class CodebookView:
    """The codebook, or one variable of it (``coalitionlab codebook [VARIABLE]``)."""

    entries: dict[str, dict]

    def summary(self) -> Summary:
        if len(self.entries) == 1:
            (name, e), = self.entries.items()
            return Summary(f"{name}: {e.get('label', '')}", facts=[(f, e[f]) for f in FIELDS[1:] if e.get(f)])
        return Summary("Codebook of the U.S. coalition intervention data set").add_table(
            Table(["variable", "table", "label"], [[n, e.get("table", ""), e.get("label", "")]
                                                    for n, e in self.entries.items()]))

    def to_dict(self) -> dict:
        return clean(self.entries)

    def __str__(self) -> str:
        return self.summary().as_text()


def describe(variable: str | None = None) -> CodebookView:
    """One variable's entry, or the whole codebook when ``variable`` is None."""
    return CodebookView({variable: entry(variable)} if variable else dict(codebook()))
