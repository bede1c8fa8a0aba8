"""RAND's findings as testable claims, their verdicts on our data, and how robust each verdict is."""

from coalitionlab.findings.robustness import robustness
from coalitionlab.findings.scorecard import FINDINGS, combine, scorecard, verdict

__all__ = ["FINDINGS", "combine", "robustness", "scorecard", "verdict"]
