"""Shared fixtures: one simulated small data set (with its planted truth) per test session."""

from __future__ import annotations

import pytest

from storecrm.data.simulation import simulate


@pytest.fixture(scope="session")
def sim():
    """The small data set for seed 2026 and what was planted in it."""
    return simulate("small", 2026)


@pytest.fixture(scope="session")
def data(sim):
    """The small data set for seed 2026 (the same as the committed one)."""
    return sim[0]


@pytest.fixture(scope="session")
def truth(sim):
    """What the simulation planted in the small data set."""
    return sim[1]
