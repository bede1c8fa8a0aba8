"""Shared, cached panels for the panel tests (built once per session)."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from coalitionlab.panels import create_dyadyears, create_stateyears


@cache
def full_dyads() -> pd.DataFrame:
    return create_dyadyears()


@cache
def full_states() -> pd.DataFrame:
    return create_stateyears()


@pytest.fixture(scope="session")
def dyads() -> pd.DataFrame:
    return full_dyads()


@pytest.fixture(scope="session")
def states() -> pd.DataFrame:
    return full_states()


def row(df: pd.DataFrame, a: int, b: int, year: int) -> pd.Series:
    hit = df[(df["ccode1"] == a) & (df["ccode2"] == b) & (df["year"] == year)]
    assert len(hit) == 1, f"expected one row for ({a}, {b}, {year}), got {len(hit)}"
    return hit.iloc[0]


def srow(df: pd.DataFrame, a: int, year: int) -> pd.Series:
    hit = df[(df["ccode"] == a) & (df["year"] == year)]
    assert len(hit) == 1
    return hit.iloc[0]
