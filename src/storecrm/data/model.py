"""The in-memory data set (:class:`StoreData`) and the generator's size presets."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

__all__ = ["SIZES", "SizeSpec", "StoreData"]


@dataclass(frozen=True)
class SizeSpec:
    """How big a generated data set is.

    ``members`` is the number of loyalty members; ``walk_ins_per_store_day`` the average
    number of non-member receipts per store per day (before weekday and season factors).
    """

    members: int
    walk_ins_per_store_day: float


#: Size presets. ``small`` is the committed default data set.
SIZES: dict[str, SizeSpec] = {
    "small": SizeSpec(members=3_000, walk_ins_per_store_day=14.0),
    "medium": SizeSpec(members=30_000, walk_ins_per_store_day=140.0),
    "large": SizeSpec(members=160_000, walk_ins_per_store_day=750.0),
}


@dataclass(frozen=True)
class StoreData:
    """One store data set: one pandas DataFrame per table (see the data dictionary).

    Frozen so that a chapter cannot accidentally swap a table out from under the next
    cell; the DataFrames themselves are ordinary (copy before changing them).
    """

    stores: pd.DataFrame
    products: pd.DataFrame
    customers: pd.DataFrame
    receipts: pd.DataFrame
    receipt_lines: pd.DataFrame
    points_ledger: pd.DataFrame
    tier_changes: pd.DataFrame
    campaigns: pd.DataFrame
    coupon_sends: pd.DataFrame
    complaints: pd.DataFrame
    survey_responses: pd.DataFrame
    marketing_spend: pd.DataFrame

    @classmethod
    def table_names(cls) -> list[str]:
        """Table names in file order."""
        return [f.name for f in fields(cls)]

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name."""
        return {name: getattr(self, name) for name in self.table_names()}

    def row_counts(self) -> dict[str, int]:
        """Rows per table: a quick overview of a data set."""
        return {name: len(df) for name, df in self.tables().items()}
