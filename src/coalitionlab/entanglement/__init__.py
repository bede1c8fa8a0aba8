"""Entanglement: U.S. commitments by design, allies' conflict behaviour, entanglement episodes, the case library,
and an exposure monitor for RAND RR-A739-3 (Priebe, Rooney, McCulloch and Burdette 2021).
See ``docs/entanglement.md``. The model names are imported on first use (they load statsmodels); the findings
E1-E7 are scored in ``coalitionlab.findings.entanglement``.
The exposure monitor is ``coalitionlab.entanglement.exposure.exposure`` (the module has the function's name)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from coalitionlab.entanglement.commitments import (
    CommitmentsResult,
    commitments,
    create_us_commitments,
    us_pact_terms,
)

_LAZY = {
    "create_initiation_frame": "behaviour", "fit_initiation_models": "behaviour", "add_alliance_terms": "behaviour",
    "entanglement_episodes": "episodes", "episode_table": "episodes",
    "load_cases": "cases", "case_library": "cases",
}

__all__ = ["CommitmentsResult", "commitments", "create_us_commitments", "us_pact_terms", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"coalitionlab.entanglement.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'coalitionlab.entanglement' has no attribute {name!r}")
