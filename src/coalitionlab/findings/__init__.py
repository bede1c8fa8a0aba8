"""RAND's findings as testable claims, and their verdicts on our data."""

from coalitionlab.findings.scorecard import FINDINGS, scorecard, verdict

__all__ = ["FINDINGS", "scorecard", "verdict"]
