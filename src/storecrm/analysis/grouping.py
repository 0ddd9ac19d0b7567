"""Group millions of receipts by member quickly, with the same answers as ``groupby``.

Why: member numbers are text, and pandas hashes a text key again for each ``groupby`` or
merge. Turning the member numbers into integer codes once (sorted, as ``groupby`` sorts
them) lets a helper carry "whose receipt is this?" to millions of receipt lines as a plain
integer array instead of merging on text. Sums still go through pandas'
``groupby().sum()`` on rows in the same order, so money totals come out the same to the
last digit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "GroupCodes",
    "columns_at",
    "day_numbers",
    "distinct_per_group",
    "factorize_runs",
    "group_codes",
    "lookup_values",
    "positions_in",
    "rows_of_runs",
    "sorted_unique",
]


class GroupCodes:
    """Integer codes 0..n-1 for a key column, and the sorted keys they stand for.

    Attributes
    ----------
    codes
        One code per row (no missing keys allowed).
    keys
        The distinct keys, sorted; ``keys[code]`` is a row's key.
    """

    def __init__(self, codes: np.ndarray, keys: pd.Index) -> None:
        self.codes = codes
        self.keys = keys

    def __len__(self) -> int:
        return len(self.keys)


def group_codes(keys: pd.Series, name: str | None = None, *, as_text: bool = False) -> GroupCodes:
    """Codes for ``keys`` (sorted as ``groupby(sort=True)`` sorts), named ``name``.

    ``as_text=True`` groups ``keys.astype(str)`` (member numbers typed as numbers group as
    their text, as the course always did), without that copy when every key is text.
    """
    if as_text and not _is_text_column(keys):
        keys = keys.astype(str)
    codes, uniques = pd.factorize(keys, sort=True)
    if (codes < 0).any():
        raise ValueError("group_codes needs a key in every row")
    index = pd.Index(uniques, name=name if name is not None else keys.name)
    return GroupCodes(codes, index)


def positions_in(index: pd.Index, values: pd.Series) -> np.ndarray:
    """``index.get_indexer(values)``, looking each run of equal neighbouring values up once.

    Why: receipt lines come grouped by receipt (a receipt's lines sit together), so the
    large data set's 11 million lines hold only 4 million runs of one receipt number.
    Comparing each line with the one before it is a cheap C loop; hashing a text key is
    not, so finding each run's receipt once and repeating the answer for the run's lines
    takes about a third of the time, with exactly the same positions. Values that cannot
    be compared that way (pandas' NA, extension arrays) or that do not come in runs are
    looked up one by one, as ``get_indexer`` does.
    """
    runs = _runs(values)
    if runs is None:
        return index.get_indexer(values)
    array, starts, lengths = runs
    return np.repeat(index.get_indexer(array[starts]), lengths)


def factorize_runs(values: pd.Series, *, sort: bool = False) -> tuple[np.ndarray, Any]:
    """``pd.factorize(values, sort=sort)``, factorising each run of equal neighbours once.

    Why: the same as :func:`positions_in`; the basket table numbers 11 million lines by
    receipt, and a receipt's lines sit together. Every distinct value starts some run, so
    the distinct values (and their sorted order) are the same as ``pd.factorize`` finds;
    they come back as a numpy array (``pd.Index(uniques)`` is the same either way).
    """
    runs = _runs(values)
    if runs is None:
        return pd.factorize(values, sort=sort)
    array, starts, lengths = runs
    heads = array[starts]
    if _strictly_increasing(heads):
        # Receipt numbers that only go up (as a till writes them) are distinct and already
        # in sorted order, so run k is code k: no hashing and no sort of 4 million texts.
        return np.repeat(np.arange(len(heads), dtype=np.intp), lengths), heads
    codes, uniques = pd.factorize(heads, sort=sort)
    return np.repeat(codes, lengths), uniques


def _strictly_increasing(array: np.ndarray) -> bool:
    """True if every value is greater than the one before (so all are distinct and sorted).

    Only for text or whole numbers: floats are left to ``pd.factorize`` (its ``nan`` and
    ``-0.0`` rules), and text mixed with anything else, or a missing value, cannot be
    ordered and answers False.
    """
    if len(array) < 2:
        return False
    if array.dtype == object:
        if not all(isinstance(v, str) for v in (array[0], array[-1])):
            return False
    elif not np.issubdtype(array.dtype, np.integer):
        return False
    try:
        return bool(np.all(array[1:] > array[:-1]))
    except TypeError:  # text beside a number or a missing value
        return False


def _runs(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The values as a numpy array, where each run of equal neighbours starts, its length.

    ``None`` when runs would not help or cannot be found safely: extension arrays (their
    own missing-value rules), values that cannot be compared (pandas' NA), or hardly any
    repeats (the comparison would save nothing).
    """
    array = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    if not isinstance(array.dtype, np.dtype) or array.ndim != 1 or len(array) < 2:
        return None
    if isinstance(values, pd.Series) and not isinstance(values.dtype, np.dtype):
        return None
    starts = _run_starts(array)
    if starts is None or len(starts) > len(array) // 2:
        return None
    return array, starts, np.diff(np.append(starts, len(array)))


def _run_starts(array: np.ndarray) -> np.ndarray | None:
    """Where each run of equal neighbours starts; ``None`` if values cannot be compared."""
    try:
        changed = np.asarray(array[1:] != array[:-1], dtype=bool)
    except (TypeError, ValueError):  # e.g. pd.NA, whose truth value is ambiguous
        return None
    return np.flatnonzero(np.concatenate(([True], changed)))


def rows_of_runs(values: pd.Series, table: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """For each run of equal neighbouring ``values``: the row of ``table`` holding it, and
    the run's length; ``None`` when that cannot be found by comparing alone.

    Why: in the simulator's data (and real exports) the receipt lines come receipt by
    receipt, in the receipts table's order, with receipt numbers that only go up. Then
    comparing each line with its neighbour finds the runs, and run k is usually receipt k;
    hashing the 4 million receipt numbers of the large data set (to ``isin`` or
    ``get_indexer`` them) cost seconds. A receipt without lines is skipped by a binary
    search in the sorted table. The answer is the row whose text equals the run's text
    (-1 when no row does), exactly what a look-up of ``values.astype(str)`` in
    ``table.astype(str)`` gives, since numbers that only go up are never repeated.

    ``None`` (the caller then hashes, as before) unless both columns are plain text with
    nothing missing, the table's numbers only go up, and so do the runs' numbers (lines
    out of order, or a receipt's lines split in two, are not runs in this sense); also
    for a single run or a table of one receipt, where there is nothing to compare.
    """
    array, keys = _plain_objects(values), _plain_objects(table)
    if array is None or keys is None or len(array) < 2 or not _strictly_increasing(keys):
        return None
    starts = _run_starts(array)
    if starts is None:
        return None
    runs = array[starts]
    if not _strictly_increasing(runs):
        return None
    lengths = np.empty_like(starts)
    np.subtract(starts[1:], starts[:-1], out=lengths[:-1])
    lengths[-1] = len(array) - starts[-1]
    del starts
    if len(runs) == len(keys) and (runs == keys).all():
        return np.arange(len(keys)), lengths
    rows = np.searchsorted(keys, runs)
    found = rows < len(keys)
    found[found] = keys[rows[found]] == runs[found]
    return np.where(found, rows, -1), lengths


def _plain_objects(values: pd.Series) -> np.ndarray | None:
    """``values`` as a numpy object array, or ``None`` for any other kind of column."""
    if isinstance(values, pd.Series) and values.dtype != object:
        return None
    array = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    return array if array.dtype == object and array.ndim == 1 else None


def _is_text_column(values: pd.Series) -> bool:
    """A plain object column holding text in every row (so ``astype(str)`` changes nothing)."""
    return values.dtype == object and pd.api.types.infer_dtype(values, skipna=False) == "string"


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct whole numbers of ``values``, sorted: what ``np.unique(values)`` gives.

    Why: numpy 2.4's ``np.unique`` finds the distinct values with a hash table before
    sorting them, which on the 2 million (receipt, product) pairs of the medium data set
    took 2 s of CPU; sorting a copy and keeping each value that differs from the one
    before takes 0.03 s. For whole numbers only (``np.unique`` treats ``nan`` specially).
    """
    array = np.sort(np.asarray(values).ravel())
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"sorted_unique needs whole numbers, not {array.dtype}")
    if len(array) < 2:
        return array
    return array[np.concatenate(([True], array[1:] != array[:-1]))]


#: Largest (groups x range of values) table of seen/not seen that
#: :func:`distinct_per_group` fills in (16 MB of True/False: members x months of the large
#: data set is 2 MB); beyond it (members x days), it sorts.
_SEEN_CELLS = 1 << 24


def distinct_per_group(codes: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """How many distinct whole numbers ``values`` each group ``0..n_groups-1`` holds.

    What ``pd.Series(values).groupby(codes).nunique()`` gives (as int64, one per group,
    0 for a group with no rows), for whole numbers such as month or day numbers. Why: the
    groupby sorts millions of (member, month) pairs; when groups x months is small, ticking
    each pair off in a table of seen pairs is a single pass. Otherwise the pairs are
    sorted as whole numbers, in place, still cheaper than the groupby.
    """
    codes = np.asarray(codes, dtype=np.int64)
    values = np.asarray(values)
    if not np.issubdtype(values.dtype, np.integer):
        raise TypeError(f"distinct_per_group needs whole numbers, not {values.dtype}")
    if len(values) == 0:
        return np.zeros(n_groups, dtype=np.int64)
    low = int(values.min())
    span = int(values.max()) - low + 1
    if n_groups * span >= 1 << 62:  # (group, value) pairs would not fit in int64
        by_group = pd.Series(values).groupby(codes).nunique()
        return by_group.reindex(range(n_groups), fill_value=0).to_numpy(dtype=np.int64)
    pairs = values.astype(np.int64)
    pairs -= low
    pairs += codes * span
    if n_groups * span <= _SEEN_CELLS:
        seen = np.zeros(n_groups * span, dtype=bool)
        seen[pairs] = True
        return seen.reshape(n_groups, span).sum(axis=1, dtype=np.int64)
    pairs.sort()  # in place: the pairs are this function's own copy
    first = np.concatenate(([True], pairs[1:] != pairs[:-1]))
    return np.bincount(pairs[first] // span, minlength=n_groups).astype(np.int64)


def columns_at(frame: pd.DataFrame, rows: np.ndarray, columns: tuple[str, ...]) -> pd.DataFrame:
    """``columns`` of ``frame`` at positions ``rows``, indexed 0..n-1, dtypes kept.

    Why: ``frame.loc[mask].copy()`` copies every column of millions of receipts (the
    receipts table has twelve, four of them text) when a helper reads three or four.
    """
    return pd.DataFrame({c: frame[c].array.take(rows) for c in columns}, copy=False)


def day_numbers(when: pd.Series | pd.api.extensions.ExtensionArray) -> np.ndarray:
    """The calendar day of each date and time as a whole number (days since 1970-01-01).

    Two values get the same number exactly when ``dt.normalize()`` makes them equal: for
    dates with a time zone the day is the local one, as ``normalize`` takes it. Whole
    numbers let :func:`distinct_per_group` count shopping days without a groupby.
    """
    values = when.array if isinstance(when, pd.Series) else when
    if getattr(values, "tz", None) is not None:
        values = values.tz_localize(None)  # local wall-clock time
    return np.asarray(values, dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)


#: Keys looked up at a time by :func:`lookup_values`.
_LOOKUP_CHUNK = 1 << 20


def lookup_values(
    keys: pd.Series, table: pd.Series, default: Any, *, as_text: bool = False
) -> tuple[np.ndarray, bool]:
    """``keys.map(table)`` as a numpy array, ``default`` for keys not in ``table``'s index,
    and whether every key was found.

    ``as_text=True`` looks up ``keys.astype(str)``. Why: ``map`` with a Series is
    ``table.index.get_indexer`` and a take, but ``get_indexer`` on the 11 million product
    numbers of the large data set's lines briefly took 450 MB besides its answer, and
    factorising them first 200 MB. A million keys at a time, the answer is the same and
    the extra memory a few tens of MB.
    """
    answers = np.append(table.to_numpy(), default)  # position -1: not in the table
    array = keys.array
    out = np.empty(len(array), dtype=answers.dtype)
    found = True
    for start in range(0, len(array), _LOOKUP_CHUNK):
        part = slice(start, start + _LOOKUP_CHUNK)
        chunk = pd.Series(array[part], copy=False)
        if as_text and not _is_text_column(chunk):
            chunk = chunk.astype(str)
        positions = table.index.get_indexer(chunk)
        found = found and bool((positions >= 0).all())
        out[part] = answers[positions]
    return out, found
