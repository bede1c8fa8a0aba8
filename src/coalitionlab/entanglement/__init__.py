"""Entanglement: U.S. commitments by design, allies' conflict behaviour, entanglement episodes, exposure, and the
findings E1-E7 of RAND RR-A739-3 (Priebe, Rooney, McCulloch and Burdette 2021). See ``docs/entanglement.md``."""

from coalitionlab.entanglement.commitments import (
    CommitmentsResult,
    commitments,
    create_us_commitments,
    us_pact_terms,
)

__all__ = ["CommitmentsResult", "commitments", "create_us_commitments", "us_pact_terms"]
