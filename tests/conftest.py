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
