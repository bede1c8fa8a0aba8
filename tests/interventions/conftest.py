"""The coalition data set, built once for the interventions tests."""

import pytest

from coalitionlab.interventions.build import build_dataset


@pytest.fixture(scope="session")
def data():
    return build_dataset()


def partners_of(data, iid: str) -> set[int]:
    """COW codes of the partners of one intervention."""
    return set(data.partners.loc[data.partners.intervention_id == iid, "ccode"])
