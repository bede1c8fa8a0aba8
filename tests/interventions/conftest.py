"""The coalition data set for the interventions tests (built once per session, in tests/conftest.py)."""

import pytest


@pytest.fixture(scope="session")
def data(coalition_data):
    return coalition_data


def partners_of(data, iid: str) -> set[int]:
    """COW codes of the partners of one intervention."""
    return set(data.partners.loc[data.partners.intervention_id == iid, "ccode"])
