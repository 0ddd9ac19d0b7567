"""Module 8 quiz numbers: the worked pair (cup noodles and ham sausage) and planted pairs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from storecrm.analysis.baskets import EXAMPLE_PAIR, PairCounts, basket_matrix, count_pair
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "everyday_pair_lift",
    "everyday_pair_receipts",
    "example_both_receipts",
    "example_confidence",
    "example_lift",
    "example_noodle_receipts",
    "example_receipts",
    "example_sausage_receipts",
    "planted_pair_count",
    "seasonal_pair_lift",
    "seasonal_pair_receipts",
]

#: The festival pair and the everyday pair that quiz m8-q05 compares (lift against support).
SEASONAL_PAIR = ("Mooncake gift box", "Oolong tea leaves")
EVERYDAY_PAIR = ("Latte", "Ham and egg sandwich")


def _pair(pair: tuple[str, str], data: StoreData | None) -> PairCounts:
    """Count one pair over all receipts, building only the two products' columns.

    The full basket matrix (every receipt by every product) is large; the counts need only the
    two columns, plus every receipt as a row so that ``n_baskets`` is all receipts.
    """
    d = resolve_data(data)
    lines = d.receipt_lines
    ids = d.products.loc[d.products["product_name"].isin(pair), "product_id"]
    some = basket_matrix(lines[lines["product_id"].isin(ids)], d.products, min_baskets=1)
    every_receipt = pd.Index(np.sort(lines["receipt_id"].unique()), name="receipt_id")
    baskets = some.reindex(index=every_receipt, fill_value=False)
    return count_pair(baskets, *pair)


def _example(data: StoreData | None) -> PairCounts:
    return _pair(EXAMPLE_PAIR, data)


def example_lift(*, data: StoreData | None = None) -> float:
    """Lift of cup noodles -> ham sausage over all receipts."""
    return _example(data).lift


def example_confidence(*, data: StoreData | None = None) -> float:
    """Share (0-1) of receipts with cup noodles that also hold ham sausage."""
    return _example(data).confidence


def example_receipts(*, data: StoreData | None = None) -> int:
    """All receipts: the denominator of the example pair's support."""
    return _example(data).n_baskets


def example_noodle_receipts(*, data: StoreData | None = None) -> int:
    """Receipts holding cup noodles (the "if" product of the example pair)."""
    return _example(data).n_a


def example_sausage_receipts(*, data: StoreData | None = None) -> int:
    """Receipts holding ham sausage (the suggested product of the example pair)."""
    return _example(data).n_b


def example_both_receipts(*, data: StoreData | None = None) -> int:
    """Receipts holding both cup noodles and ham sausage."""
    return _example(data).n_both


def planted_pair_count() -> int:
    """How many product pairs the generator plants as bought together (for trainer pages)."""
    from storecrm.data.simulation.params import PAIRS

    return len(PAIRS)


def seasonal_pair_receipts(*, data: StoreData | None = None) -> int:
    """Receipts holding both a mooncake gift box and oolong tea (a festival pair)."""
    return _pair(SEASONAL_PAIR, data).n_both


def seasonal_pair_lift(*, data: StoreData | None = None) -> float:
    """Lift of mooncake gift box -> oolong tea over all receipts."""
    return _pair(SEASONAL_PAIR, data).lift


def everyday_pair_receipts(*, data: StoreData | None = None) -> int:
    """Receipts holding both a latte and a ham and egg sandwich (an everyday pair)."""
    return _pair(EVERYDAY_PAIR, data).n_both


def everyday_pair_lift(*, data: StoreData | None = None) -> float:
    """Lift of latte -> ham and egg sandwich over all receipts."""
    return _pair(EVERYDAY_PAIR, data).lift
