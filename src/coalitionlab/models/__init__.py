"""Models of the three coalition questions (Q1 coalition use, Q2 joining, Q3 success) on shared inference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coalitionlab.display import Summary
from coalitionlab.errors import BadInputError
from coalitionlab.interventions.build import CoalitionData
from coalitionlab.models.question import QuestionResult

QUESTIONS = ("q1", "q2", "q3")
QUESTION_NAMES = {"q1": "coalition use", "q2": "joining", "q3": "success"}


def fit_question(data: CoalitionData, key: str, cv: bool = True) -> QuestionResult:
    """Fit one question's models: ``q1`` coalition use, ``q2`` joining, ``q3`` success.

    The many small fits (m imputations of every model, variants, cross-validation) run with one BLAS thread:
    with the default, the threads of one small matrix product fight each other and the fits take 2-3 times
    as long (measured: 61 s against 26 s for the three questions on 2 cores)."""
    from threadpoolctl import threadpool_limits

    from coalitionlab.models.coalition_use import fit_coalition_use
    from coalitionlab.models.joining import fit_joining
    from coalitionlab.models.success import fit_success

    fitters = {"q1": fit_coalition_use, "q2": lambda d: fit_joining(d, cv=cv), "q3": fit_success}
    if key not in fitters:
        raise BadInputError(f"Unknown question '{key}': use q1, q2, q3 or all.")
    with threadpool_limits(limits=1):
        return fitters[key](data)


def _fit_each(data: CoalitionData, keys: list[str], cv: bool,
              progress: Callable[[str], None] | None) -> dict[str, QuestionResult]:
    out = {}
    for k in keys:
        if progress is not None:
            progress(f"fitting {k} ({QUESTION_NAMES[k]})")
        out[k] = fit_question(data, k, cv=cv)
    return out


def fit_all(data: CoalitionData, cv: bool = True,
            progress: Callable[[str], None] | None = None) -> dict[str, QuestionResult]:
    """Every question's models. ``progress`` (optional) is called with a message before each question."""
    return _fit_each(data, list(QUESTIONS), cv, progress)


@dataclass
class QuestionSet:
    """The fitted questions a command asked for (``coalitionlab fit``)."""

    results: dict[str, QuestionResult]

    def summary(self) -> Summary:
        return Summary("The coalition questions", sections=[r.summary() for r in self.results.values()])

    def to_dict(self) -> list[dict]:
        return [r.to_dict() for r in self.results.values()]

    def __str__(self) -> str:
        return self.summary().as_text()


def fit_questions(question: str = "all", data: CoalitionData | None = None, cv: bool = True,
                  progress: Callable[[str], None] | None = None) -> QuestionSet:
    """Fit one question (``q1``, ``q2``, ``q3``) or ``all`` on ``data`` (default: the data set of the bundled
    data, from the disk cache when nothing changed; the question is checked first). ``progress`` (optional) is
    called with a message before each step: the data set (when not given), then each question."""
    keys = list(QUESTIONS) if question == "all" else [question]
    if any(k not in QUESTIONS for k in keys):
        raise BadInputError(f"Unknown question '{question}': use q1, q2, q3 or all.")
    if data is None:
        from coalitionlab.interventions.cache import load_dataset

        if progress is not None:
            progress("the data set (from the cache, or built)")
        data = load_dataset()
    return QuestionSet(_fit_each(data, keys, cv, progress))
