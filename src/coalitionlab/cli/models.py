"""`coalitionlab fit` and `coalitionlab findings`: the models of the three questions and the scorecard."""

from __future__ import annotations

from typing import Annotated

import typer

from coalitionlab.cli._show import QuietOpt, progress_steps, show_or_json

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def fit(
    question: Annotated[str, typer.Argument(help="q1 (coalition use), q2 (joining), q3 (success) or all.")],
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Fit the models of one question (or all) on the bundled data: the main model, its variants side by side,
    and the rows each used and dropped. Progress goes to stderr (a bar on a terminal, plain lines in logs)."""
    from coalitionlab.models import QUESTIONS, fit_questions

    steps = 1 + (len(QUESTIONS) if question == "all" else 1)
    with progress_steps("fit", steps, quiet) as step:
        result = fit_questions(question, progress=step)
    show_or_json(result, as_json)


def findings(
    as_json: JsonOpt = False,
    robust: Annotated[bool, typer.Option("--robustness/--no-robustness",
                                         help="Re-judge each verdict across the alternative specifications "
                                              "(about half a minute).")] = True,
    entangle: Annotated[bool, typer.Option("--entanglement/--no-entanglement",
                                           help="Score E1-E7 of RR-A739-3 too (fits the MID-initiation models, "
                                                "about half a minute).")] = True,
    quiet: QuietOpt = False,
) -> None:
    """The scorecard: each RAND finding (F1-F12; E1-E7 of the entanglement report), each part's estimate, and
    verdicts from fixed rules, with Holm-adjusted p-values and how many alternative specifications keep each
    verdict. Progress goes to stderr (a bar on a terminal, plain lines in logs)."""
    from coalitionlab.findings import score_findings, score_findings_steps

    with progress_steps("findings", score_findings_steps(robust=robust, entanglement=entangle), quiet) as step:
        result = score_findings(robust=robust, entanglement=entangle, progress=step)
    show_or_json(result, as_json)


def register(root: typer.Typer) -> None:
    root.command("fit")(fit)
    root.command("findings")(findings)
