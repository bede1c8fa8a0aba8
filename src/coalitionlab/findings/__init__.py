"""RAND's findings as testable claims, their verdicts on our data, and how robust each verdict is."""

from collections.abc import Callable

from coalitionlab.findings.robustness import robustness
from coalitionlab.findings.scorecard import FINDINGS, Scorecard, combine, scorecard, verdict

__all__ = ["FINDINGS", "Scorecard", "combine", "robustness", "score_findings", "score_findings_steps", "scorecard",
           "verdict"]


def score_findings(data=None, robust: bool = True, cv: bool = False, entanglement: bool = True,
                   progress: Callable[[str], None] | None = None) -> Scorecard:
    """Fit the three questions on ``data`` (a CoalitionData; default: the data set of the bundled data, from
    the disk cache when nothing changed) and score F1-F12; with ``robust``, re-judge each verdict across the
    alternative specifications; with ``entanglement``, score E1-E7 of RR-A739-3 too (fits the MID-initiation
    models, about half a minute). ``progress`` (optional) is called with a message before each step: the data
    set (when not given), each question, the robustness refits, the entanglement findings
    (:func:`score_findings_steps` of them)."""
    from coalitionlab.interventions.cache import load_dataset
    from coalitionlab.models import fit_all

    step = progress or (lambda _msg: None)
    if data is None:
        step("the data set (from the cache, or built)")
        data = load_dataset()
    reports = fit_all(data, cv=cv, progress=progress)
    if robust:
        step("robustness: refitting the alternative specifications")
    card = scorecard(reports, robustness(reports) if robust else None)
    if entanglement:
        from coalitionlab.findings import entanglement as ent

        step("entanglement findings E1-E7 (MID-initiation models)")
        card.entanglement = ent.entanglement_findings()
    return card


def score_findings_steps(data_given: bool = False, robust: bool = True, entanglement: bool = True) -> int:
    """How many times :func:`score_findings` calls ``progress`` with these arguments."""
    return (0 if data_given else 1) + 3 + int(robust) + int(entanglement)
