"""`coalitionlab commitments`, `exposure` and `cases`: the entanglement half of the mission."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coalitionlab.cli._show import show_or_json

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def commitments_cmd(
    year: Annotated[int, typer.Option(help="Year, 1946-2018 (ATOP 5.1; treaty conditions to 2016).")],
    partner: Annotated[str | None, typer.Option(help="One partner (name or COW code).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """U.S. security commitments in a year: type, direction and conditions of each pact, and partnerships."""
    from coalitionlab.entanglement import commitments

    show_or_json(commitments(year, partner), as_json)


def exposure_cmd(
    year: Annotated[int, typer.Option(help="Year, 1946-2024 (commitments to 2018, then 2018's; MIDs to 2014).")],
    as_json: JsonOpt = False,
) -> None:
    """Entanglement exposure of every U.S. commitment in a year: partners' recent disputes, conflicts, rivalries."""
    from coalitionlab.entanglement.exposure import exposure

    show_or_json(exposure(year), as_json)


def cases_cmd(
    file: Annotated[list[Path] | None, typer.Option("--file", help="Your case file(s) (YAML) instead of the "
                                                     "bundled library.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The entanglement case library (or your case files, checked): cases, mechanisms, outcomes, sources."""
    from coalitionlab.entanglement.cases import case_library

    show_or_json(case_library(file or None), as_json)


def register(root: typer.Typer) -> None:
    root.command("commitments")(commitments_cmd)
    root.command("exposure")(exposure_cmd)
    root.command("cases")(cases_cmd)
