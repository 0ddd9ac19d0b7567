"""Module 6 quiz numbers: marketing consent on the member list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storecrm.analysis.data_quality import consent_share
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = ["marketing_consent_share"]


def marketing_consent_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of members who gave marketing consent (see ``consent_share``)."""
    return consent_share(resolve_data(data).customers)
