"""Module 6 quiz numbers: marketing consent on the member list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storecrm.analysis.data_quality import consent_share
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = ["consenting_member_count", "marketing_consent_share", "member_rows"]


def marketing_consent_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of members who gave marketing consent (see ``consent_share``)."""
    return consent_share(resolve_data(data).customers)


def member_rows(*, data: StoreData | None = None) -> int:
    """Members on the member list: the denominator :func:`marketing_consent_share` uses."""
    return len(resolve_data(data).customers)


def consenting_member_count(*, data: StoreData | None = None) -> int:
    """Members who gave marketing consent, so a question can print the count it divides.

    Taken from :func:`consent_share` (a count over the list's rows), so the printed count and
    the computed share can never disagree.
    """
    return round(marketing_consent_share(data=data) * member_rows(data=data))
