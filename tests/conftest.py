"""Shared fixtures (analysis and quiz-answer tests): the committed data once, a tiny-table builder.

The quiz-answer helpers take a whole :class:`~storecrm.data.StoreData` as ``data=``. Tests
build a tiny one with ``dataclasses.replace(committed, receipts=..., ...)``, replacing only
the tables the helper reads; :func:`table` makes those tiny tables with exactly the columns
and dtypes of the real ones (categoricals, datetimes, bools), so the helpers see the same
kinds of frames as in the course.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import pytest

from storecrm.data import StoreData, load


@pytest.fixture(scope="session")
def committed() -> StoreData:
    """The committed data set, read once per test session (never modified by the tests)."""
    return load()


TableBuilder = Callable[[str, Sequence[Mapping[str, Any]]], pd.DataFrame]


@pytest.fixture(scope="session")
def table(committed: StoreData) -> TableBuilder:
    """``table(name, rows)``: a frame shaped like the committed table ``name``.

    ``rows`` are dicts of column -> value. Columns a row leaves out are missing values, which
    is only allowed for columns that can hold them (not bool or integer columns), so a test
    cannot silently get ``True`` for a forgotten ``is_member``. Unknown columns and values
    outside a categorical's categories are errors too.
    """

    def build(name: str, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
        template = getattr(committed, name)
        unknown = {key for row in rows for key in row} - set(template.columns)
        if unknown:
            raise KeyError(f"{name} has no column(s) {sorted(unknown)}")
        frame = pd.DataFrame(list(rows), columns=list(template.columns), dtype=object)
        for column, dtype in template.dtypes.items():
            values = frame[column]
            if isinstance(dtype, pd.CategoricalDtype):
                cast = pd.Series(pd.Categorical(values, dtype=dtype), index=frame.index)
                if (cast.isna() & values.notna()).any():
                    raise ValueError(f"{name}.{column}: value not among the categories")
                frame[column] = cast
            elif dtype.kind in "biu":
                if values.isna().any():
                    raise ValueError(f"{name}.{column} needs a value in every row")
                frame[column] = values.astype(dtype)
            elif dtype.kind == "M":
                frame[column] = pd.to_datetime(values).astype(dtype)
            else:
                frame[column] = values.astype(dtype)
        return frame

    return build


# ------------------------------------------------------------- live workshop tools (issue 15)


@pytest.fixture()
def programme_hand():
    """Two members worked by hand for the programme simulator (see tests/analysis/
    test_programme.py's docstring for every number)."""
    import numpy as np

    from storecrm.analysis.programme import ProgrammeData

    return ProgrammeData(
        member_ids=np.array(["A", "B"]),
        signup_day=np.array([-100, 0]),
        member=np.array([0, 1, 1]),
        day=np.array([10, 100, 200]),
        qualifying_fen=np.array([40000, 80000, 10000]),
        paid_fen=np.array([40000, 80000, 10000]),
        net_fen=np.array([40000, 80000, 10000]),
        used_share=np.array([0.5, 0.0]),
        margin_rate=0.3,
    )


def _churn_features(days: dict[str, int]) -> pd.DataFrame:
    from storecrm.analysis.churn import FEATURES

    frame = pd.DataFrame(0.0, index=pd.Index(list(days), name="customer_id"), columns=FEATURES)
    frame["days_since_last"] = [float(v) for v in days.values()]
    frame["overdue_ratio"] = frame["days_since_last"] / 10
    return frame


@pytest.fixture()
def churn_hand():
    """A week and a test period worked by hand for the churn dial (see tests/analysis/
    test_churn_dial.py's docstring for every number)."""
    from storecrm.analysis.churn import WeekInputs
    from storecrm.analysis.churn_dial import DialData

    week = WeekInputs(
        cutoff=pd.Timestamp("2026-01-01"),
        features=_churn_features({"A": 40, "B": 40, "C": 10, "D": 50}),
        risk=pd.Series({"A": 0.7, "B": 0.3, "C": 0.8, "D": 0.6}, name="risk"),
        consent=pd.Series({"A": True, "B": True, "C": True, "D": False}),
        save_rates=pd.Series({"save_rate": 0.4}),
        offer_cost_cny=5.0,
        value_per_save_cny=30.0,
    )
    return DialData(
        week=week,
        holdout_features=_churn_features({"H1": 40, "H2": 40, "H3": 5, "H4": 60}),
        holdout_left=pd.Series({"H1": True, "H2": False, "H3": True, "H4": True}),
        holdout_risk=pd.Series({"H1": 0.7, "H2": 0.6, "H3": 0.9, "H4": 0.2}, name="risk"),
    )


@pytest.fixture()
def segments_hand():
    """Seven members worked by hand for the segment explorer (see tests/analysis/
    test_segment_explorer.py's docstring for every number)."""
    from storecrm.analysis.segment_explorer import ExplorerData

    ids = pd.Index(list("ABCDEFG"), name="customer_id")
    scores = pd.DataFrame(
        {"r": [5, 3, 4, 1, 2, 3, 1], "f": [5, 4, 1, 4, 1, 3, 3], "m": [5, 2, 1, 4, 1, 3, 3]},
        index=ids,
    )
    members = pd.DataFrame(
        {
            "spend": [500.0, 200.0, 50.0, 150.0, 20.0, 80.0, 0.0],
            "visits": [10, 8, 1, 5, 1, 4, 2],
            "active_months": [12, 10, 1, 6, 1, 5, 2],
            "still_active": [1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0],
            "referral": [0.0] * 7,
            "consent": [1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0],
        },
        index=ids,
    )
    clusters = pd.Series(
        ["Slipping" if c in "DG" else "Others" for c in ids], index=ids, name="segment"
    )
    return ExplorerData(scores=scores, members=members, clusters={2: clusters})
