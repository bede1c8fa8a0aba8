"""RAND's findings as testable claims, their verdicts on our data, and how robust each verdict is."""

from coalitionlab.findings.robustness import robustness
from coalitionlab.findings.scorecard import FINDINGS, Scorecard, combine, scorecard, verdict

__all__ = ["FINDINGS", "Scorecard", "combine", "robustness", "score_findings", "scorecard", "verdict"]


def score_findings(data=None, robust: bool = True, cv: bool = False, entanglement: bool = True) -> Scorecard:
    """Fit the three questions on ``data`` (a CoalitionData; default: the data set of the bundled data, from
    the disk cache when nothing changed) and score F1-F12; with ``robust``, re-judge each verdict across the
    alternative specifications; with ``entanglement``, score E1-E7 of RR-A739-3 too (fits the MID-initiation
    models, about half a minute)."""
    from coalitionlab.interventions.cache import load_dataset
    from coalitionlab.models import fit_all

    data = load_dataset() if data is None else data
    reports = fit_all(data, cv=cv)
    card = scorecard(reports, robustness(reports) if robust else None)
    if entanglement:
        from coalitionlab.findings import entanglement as ent

        card.entanglement = ent.entanglement_findings()
    return card
