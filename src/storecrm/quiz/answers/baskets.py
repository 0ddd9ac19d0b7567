"""Module 8 quiz numbers: the worked pair (cup noodles and ham sausage) and planted pairs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storecrm.analysis.baskets import EXAMPLE_PAIR, PairCounts, basket_matrix, count_pair
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = ["example_confidence", "example_lift", "planted_pair_count"]


def _example(data: StoreData | None) -> PairCounts:
    d = resolve_data(data)
    return count_pair(basket_matrix(d.receipt_lines, d.products, min_baskets=1), *EXAMPLE_PAIR)


def example_lift(*, data: StoreData | None = None) -> float:
    """Lift of cup noodles -> ham sausage over all receipts."""
    return _example(data).lift


def example_confidence(*, data: StoreData | None = None) -> float:
    """Share (0-1) of receipts with cup noodles that also hold ham sausage."""
    return _example(data).confidence


def planted_pair_count() -> int:
    """How many product pairs the generator plants as bought together (for trainer pages)."""
    from storecrm.data.simulation.params import PAIRS

    return len(PAIRS)
