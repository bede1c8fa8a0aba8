"""Summary: one way for every result to show itself, as plain text, Markdown, HTML or strict JSON.

Every result a user meets (a model fit, a question's models, the scorecard, the data set, a data source, a
country, a forecast, the entanglement results) has ``summary()`` returning a :class:`Summary` and
``to_dict()`` returning strict JSON. The CLI, the report and the web app only show these; they compute
nothing of their own. A Summary is a title, facts (label-value pairs), tables and notes, and may hold
sections (Summaries of its own, e.g. one per model). It imports nothing of coalitionlab and no renderer
(rich is the CLI's business).

Numbers are kept as they are and formatted only when rendered (``digits`` decimals for floats, thousands
separators for large integers); ``to_dict()`` keeps full precision, with NaN and infinities as ``None``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd


def clean(value: Any) -> Any:
    """A value as strict JSON: numpy scalars to Python, NaN/inf/NA to None, containers recursively."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return [clean(v) for v in value.tolist()]
    if isinstance(value, pd.Series):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, pd.DataFrame):
        return [clean(r) for r in value.to_dict(orient="records")]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        v = float(value)
        return v if math.isfinite(v) else None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value if isinstance(value, str) else str(value)


def fmt(value: Any, digits: int = 3) -> str:
    """A cell as text: floats with ``digits`` decimals, integers with thousands separators, missing as ''."""
    value = clean(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        if value != 0 and abs(value) < 10 ** -digits:
            return f"{value:.{max(digits - 1, 1)}e}"
        return f"{value:,.{digits}f}" if abs(value) >= 10_000 else f"{value:.{digits}f}"
    if isinstance(value, list):
        return ", ".join(fmt(v, digits) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {fmt(v, digits)}" for k, v in value.items())
    return str(value)


@dataclass
class Table:
    """A table: column names, rows of raw values, an optional title; ``digits`` for its floats."""

    columns: list[str]
    rows: list[list[Any]]
    title: str | None = None
    digits: int = 3

    @classmethod
    def from_frame(cls, df: pd.DataFrame, title: str | None = None, digits: int = 3,
                   index: bool = False) -> Table:
        frame = df.reset_index() if index else df
        return cls([str(c) for c in frame.columns], frame.astype(object).values.tolist(), title, digits)

    def numeric_columns(self) -> list[bool]:
        """Per column: every cell a number or missing (such columns align right)."""
        return [all(_numeric(r[i]) for r in self.rows) and bool(self.rows) for i in range(len(self.columns))]

    def cells(self) -> list[list[str]]:
        return [[fmt(v, self.digits) for v in row] for row in self.rows]

    def to_dict(self) -> dict:
        return {"title": self.title, "columns": self.columns,
                "rows": [dict(zip(self.columns, clean(list(r)), strict=True)) for r in self.rows]}

    def as_text(self) -> str:
        cells = self.cells()
        widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(self.columns)]
        numeric = self.numeric_columns()

        def line(values: Sequence[str]) -> str:
            return "  ".join(v.rjust(w) if num else v.ljust(w)
                             for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

        out = [self.title] if self.title else []
        out += [line(self.columns), "  ".join("-" * w for w in widths)]
        out += [line(r) for r in cells]
        return "\n".join(out)

    def as_markdown(self) -> str:
        esc = [[c.replace("|", "\\|").replace("\n", " ") for c in r] for r in self.cells()]
        numeric = self.numeric_columns()
        out = [f"**{self.title}**", ""] if self.title else []
        out.append("| " + " | ".join(self.columns) + " |")
        out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        out += ["| " + " | ".join(r) + " |" for r in esc]
        return "\n".join(out)

    def as_html(self) -> str:
        numeric = self.numeric_columns()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f'<td{" class=num" if n else ""}>{html.escape(c)}</td>'
                                        for c, n in zip(r, numeric, strict=True)) + "</tr>"
                       for r in self.cells())
        caption = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _numeric(v: Any) -> bool:
    v = clean(v)
    return v is None or (isinstance(v, int | float) and not isinstance(v, bool))


@dataclass
class Summary:
    """What a result shows: a title, facts (label, value), tables, notes, and sections (sub-summaries)."""

    title: str
    facts: list[tuple[str, Any]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sections: list[Summary] = field(default_factory=list)
    digits: int = 3

    def add_fact(self, label: str, value: Any) -> Summary:
        self.facts.append((label, value))
        return self

    def add_table(self, table: Table | pd.DataFrame, title: str | None = None, digits: int | None = None
                  ) -> Summary:
        if isinstance(table, pd.DataFrame):
            table = Table.from_frame(table, title, self.digits if digits is None else digits)
        self.tables.append(table)
        return self

    def add_notes(self, notes: Iterable[str]) -> Summary:
        self.notes.extend(notes)
        return self

    def to_dict(self) -> dict:
        out = {"title": self.title, "facts": {label: clean(v) for label, v in self.facts},
               "tables": [t.to_dict() for t in self.tables], "notes": list(self.notes)}
        if self.sections:
            out["sections"] = [s.to_dict() for s in self.sections]
        return out

    def as_text(self, level: int = 0) -> str:
        rule = "=" if level == 0 else "-"
        out = [self.title, rule * min(len(self.title), 100)]
        if self.facts:
            width = max(len(label) for label, _ in self.facts)
            out += [f"{label.ljust(width)}  {fmt(v, self.digits)}" for label, v in self.facts]
        for t in self.tables:
            out += ["", t.as_text()]
        if self.notes:
            out += [""] + [f"Note: {n}" for n in self.notes]
        for s in self.sections:
            out += ["", s.as_text(level + 1)]
        return "\n".join(out)

    def as_markdown(self, level: int = 1) -> str:
        out = [f"{'#' * min(level, 6)} {self.title}", ""]
        if self.facts:
            out += [f"- **{label}**: {fmt(v, self.digits)}" for label, v in self.facts] + [""]
        for t in self.tables:
            out += [t.as_markdown(), ""]
        if self.notes:
            out += [f"> {n}" for n in self.notes] + [""]
        for s in self.sections:
            out += [s.as_markdown(level + 1)]
        return "\n".join(out).rstrip() + "\n"

    def as_html(self, level: int = 2) -> str:
        h = min(level, 6)
        out = [f'<section class="summary"><h{h}>{html.escape(self.title)}</h{h}>']
        if self.facts:
            out.append("<dl>" + "".join(f"<dt>{html.escape(label)}</dt><dd>{html.escape(fmt(v, self.digits))}</dd>"
                                        for label, v in self.facts) + "</dl>")
        out += [t.as_html() for t in self.tables]
        if self.notes:
            out.append("<ul class=notes>" + "".join(f"<li>{html.escape(n)}</li>" for n in self.notes) + "</ul>")
        out += [s.as_html(level + 1) for s in self.sections]
        out.append("</section>")
        return "".join(out)

    def __str__(self) -> str:
        return self.as_text()

    def _repr_html_(self) -> str:
        return self.as_html()
