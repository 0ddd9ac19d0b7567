"""Fast CSV writing that gives exactly the bytes pandas' ``to_csv`` gives.

Why this exists: ``DataFrame.to_csv(float_format="%.2f", date_format=...)`` formats every
float with one Python ``"%.2f" % v`` call and every timestamp with one ``strftime`` call.
For the large data set (about 19 million rows) that is most of a minute. Here each column
of a block of rows is turned into bytes with whole-array numpy operations, the fields of
the block are laid side by side in one byte matrix (one row per CSV line, unused cells
left 0), and the matrix is squeezed into the final text in one step by dropping the 0
bytes. A 0 byte never appears in UTF-8 text except for the NUL character, which is
checked for.

The data set is checked by SHA-256, so the output must equal pandas' byte for byte.
Whatever this module does not recognise, or cannot prove it writes exactly like pandas,
goes to pandas instead: :func:`write_csv_pandas` is both the fallback and the reference
the tests compare against.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["CHUNK_ROWS", "write_csv", "write_csv_pandas"]

#: Rows formatted at a time: big enough that numpy's per-call overhead vanishes, small
#: enough that a block's byte matrix (rows x line width) stays around 25-50 MB.
CHUNK_ROWS = 250_000

_DATETIME = "%Y-%m-%d %H:%M:%S"
_DATE = "%Y-%m-%d"

#: Above this size (in yuan) a float is not sent down the integer-cents path. Below it a
#: double is within 1/8,000 of a cent of the cents value it equals, so ``"%.2f"`` cannot
#: round it to a neighbouring cent; the bound keeps a wide margin.
_MAX_FAST_MONEY = 1e12

_NULLABLE_INTS = (
    pd.Int8Dtype,
    pd.Int16Dtype,
    pd.Int32Dtype,
    pd.Int64Dtype,
    pd.UInt8Dtype,
    pd.UInt16Dtype,
    pd.UInt32Dtype,
)

_Encoder = Callable[[int, int], np.ndarray]


class _Fallback(Exception):
    """The frame holds something the fast path does not write exactly like pandas."""


def write_csv_pandas(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    date_format: str = _DATETIME,
    column_formats: Mapping[str, str] | None = None,
) -> None:
    """Write ``frame`` with pandas, the way the project always has (the reference).

    Columns named in ``column_formats`` (date-only columns) are first turned into text
    with their own format; other datetimes use ``date_format``; floats get ``"%.2f"``.
    """
    if column_formats:
        frame = frame.copy()
        for name, fmt in column_formats.items():
            frame[name] = frame[name].dt.strftime(fmt)
    frame.to_csv(
        path,
        index=False,
        encoding="utf-8",
        lineterminator="\n",
        float_format="%.2f",
        date_format=date_format,
    )


def write_csv(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    date_format: str = _DATETIME,
    column_formats: Mapping[str, str] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> bool:
    """Write ``frame`` to ``path`` byte for byte as :func:`write_csv_pandas` would, faster.

    Parameters
    ----------
    frame
        The table; written without its index, columns in frame order.
    path
        The CSV file to (over)write.
    date_format, column_formats
        As for :func:`write_csv_pandas`.
    chunk_rows
        Rows formatted at a time; bounds the extra memory (tests make it tiny to put
        chunk boundaries between interesting rows).

    Returns
    -------
    bool
        ``True`` if the fast path wrote the file, ``False`` if it was handed to pandas
        (a column kind it does not know, or a value it cannot prove it writes exactly).
    """
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be at least 1, not {chunk_rows}")
    formats = dict(column_formats or {})
    try:
        dtypes = dict(zip(frame.columns, frame.dtypes, strict=True))
        if any(getattr(dtypes.get(name), "kind", None) != "M" for name in formats):
            raise _Fallback  # not a datetime column: pandas' ``.dt`` raises the error
        encoders = [
            _encoder(frame.iloc[:, j], formats.get(name, date_format))
            for j, name in enumerate(frame.columns)
        ]
        header = _header(frame.columns)
        with open(path, "wb") as fh:
            fh.write(header)
            for start in range(0, len(frame), chunk_rows):
                stop = min(start + chunk_rows, len(frame))
                fh.write(_lines([enc(start, stop) for enc in encoders]))
    except _Fallback:
        # Rare: pandas rewrites the whole file (opening it truncates what we wrote).
        write_csv_pandas(frame, path, date_format=date_format, column_formats=column_formats)
        return False
    return True


# --------------------------------------------------------------------------- layout


def _lines(fields: Sequence[np.ndarray]) -> bytes:
    """Join per-column byte matrices into CSV lines: ``,`` between fields, ``\\n`` after.

    Each matrix has one row per line, its field's bytes followed (or, for numbers,
    preceded) by 0 padding; dropping every 0 byte of the laid-out block leaves the text.
    """
    n = fields[0].shape[0]
    width = sum(f.shape[1] for f in fields) + len(fields)
    block = np.zeros((n, width), dtype=np.uint8)
    pos = 0
    for i, f in enumerate(fields):
        block[:, pos : pos + f.shape[1]] = f
        pos += f.shape[1]
        block[:, pos] = ord(",") if i < len(fields) - 1 else ord("\n")
        pos += 1
    return block[block != 0].tobytes()


def _header(columns: pd.Index) -> bytes:
    """The header line; the fast path needs at least two plainly named columns.

    A one-column frame is left to pandas because the csv module writes a lone empty
    field as ``""``, which the 0-dropping layout cannot express.
    """
    if len(columns) < 2 or not all(isinstance(c, str) for c in columns):
        raise _Fallback
    return (",".join(_quote_if_needed(c) for c in columns) + "\n").encode("utf-8")


@cache
def _quote_chars() -> str:
    """Characters that make the csv module quote a field, asked of the csv module itself.

    The set differs between Python versions (3.11 quotes ``,`` ``"`` and the line
    terminator ``\\n`` but not ``\\r``; newer versions also quote ``\\r``), so it is
    probed, with the settings pandas uses, rather than assumed.
    """
    hits = ""
    for code in range(128):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([f"a{chr(code)}b", "x"])
        if out.getvalue().startswith('"'):
            hits += chr(code)
    return hits


def _needs_quotes(text: str) -> bool:
    """Whether the csv module would quote ``text`` (one substring scan per character)."""
    return any(char in text for char in _quote_chars())


def _quote_if_needed(text: str) -> str:
    """One field as ``csv.QUOTE_MINIMAL`` writes it: quoted, inner quotes doubled."""
    if _needs_quotes(text):
        return '"' + text.replace('"', '""') + '"'
    return text


# --------------------------------------------------------------------------- encoders


def _encoder(series: pd.Series, date_format: str) -> _Encoder:
    """Pick the formatter for one column from its dtype, or give up on the frame."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _category_encoder(series.array)
    if isinstance(dtype, _NULLABLE_INTS):
        ext = series.array

        def nullable_int(lo: int, hi: int) -> np.ndarray:
            part = ext[lo:hi]
            values = part.to_numpy(dtype="int64", na_value=0)
            return _int_field(values, missing=np.asarray(part.isna()))

        return nullable_int
    if isinstance(dtype, pd.StringDtype):
        ext = series.array
        return _text_encoder(lambda lo, hi: ext[lo:hi].to_numpy(dtype=object, na_value=None))
    if not isinstance(dtype, np.dtype):
        raise _Fallback  # any other extension type (Float64, boolean, tz-aware, ...)
    values = series.to_numpy()
    if dtype == np.float64:
        return lambda lo, hi: _money_field(values[lo:hi])
    if dtype.kind == "i" or (dtype.kind == "u" and dtype.itemsize <= 4):
        return lambda lo, hi: _int_field(values[lo:hi].astype(np.int64, copy=False))
    if dtype.kind == "b":
        return lambda lo, hi: _bool_field(values[lo:hi])
    if dtype.kind == "M" and date_format in (_DATETIME, _DATE):
        return lambda lo, hi: _datetime_field(values[lo:hi], with_time=date_format == _DATETIME)
    if dtype.kind == "O":
        return _text_encoder(lambda lo, hi: values[lo:hi])
    raise _Fallback


def _byte_matrix(texts: list[str], *, ascii: bool) -> np.ndarray:
    """Rows of UTF-8 bytes, 0-padded on the right; ASCII text takes numpy's fast cast."""
    if ascii:
        arr = np.array(texts, dtype="S")
    else:
        arr = np.array([t.encode("utf-8") for t in texts], dtype="S")
    return arr.view(np.uint8).reshape(len(texts), arr.dtype.itemsize)


def _text_encoder(chunk: Callable[[int, int], np.ndarray]) -> _Encoder:
    """Text column; remembers the widest field so far as a width hint for the next block."""
    width = 0

    def encode(lo: int, hi: int) -> np.ndarray:
        nonlocal width
        field = _text_field(chunk(lo, hi), width)
        width = max(width, field.shape[1])
        return field

    return encode


def _text_field(values: np.ndarray, width_hint: int = 0) -> np.ndarray:
    """Text (object) column: missing values empty, quoting as the csv module does it.

    pandas blanks whatever ``pd.isna`` calls missing (None, NaN, NA, NaT). Any other
    non-text object is sent to pandas, which writes it with ``str``/``repr``.

    numpy casts ASCII text to bytes two to three times faster when told the width
    (it need not measure every string first). A cast to ``width_hint`` bytes cuts
    longer text short, which shows as fewer non-0 bytes than the block has characters;
    then the width is measured after all.
    """
    if pd.api.types.infer_dtype(values, skipna=False) != "string":
        missing = pd.isna(values)
        values = values.copy()
        values[missing] = ""
        if pd.api.types.infer_dtype(values, skipna=False) != "string":
            raise _Fallback
    texts = values.tolist()
    joined = "".join(texts)
    if "\0" in joined:
        raise _Fallback  # a NUL would vanish with the padding
    if _needs_quotes(joined):  # one scan of the whole block decides
        texts = [_quote_if_needed(t) for t in texts]
    elif width_hint and joined.isascii():
        field = values.astype(f"S{width_hint}").view(np.uint8).reshape(len(texts), width_hint)
        if np.count_nonzero(field) == len(joined):
            return field
    return _byte_matrix(texts, ascii=joined.isascii())


def _digits(magnitude: np.ndarray) -> np.ndarray:
    """Decimal digits of non-negative int64s, right-aligned, leading positions 0."""
    top = int(magnitude.max()) if magnitude.size else 0
    width = len(str(top))
    out = np.zeros((magnitude.size, width), dtype=np.uint8)
    rest = magnitude.copy()
    for col in range(width - 1, -1, -1):
        digit = (rest % 10).astype(np.uint8) + ord("0")
        if col < width - 1:
            digit[rest == 0] = 0  # no leading zeros; the units digit is always written
        out[:, col] = digit
        rest //= 10
    return out


def _signed(magnitude_field: np.ndarray, negative: np.ndarray) -> np.ndarray:
    """Put a ``-`` column in front of a right-aligned number where ``negative``."""
    if not negative.any():
        return magnitude_field
    sign = np.where(negative, ord("-"), 0).astype(np.uint8)[:, None]
    return np.hstack([sign, magnitude_field])


def _int_field(values: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    """Integers as ``str(int)`` writes them; missing (nullable ints) empty."""
    if values.size and values.min() == np.iinfo(np.int64).min:
        raise _Fallback  # its magnitude does not fit in int64
    negative = values < 0
    field = _signed(_digits(np.abs(values)), negative)
    if missing is not None:
        field[missing] = 0
    return field


def _money_field(values: np.ndarray) -> np.ndarray:
    """Floats as ``"%.2f" % v``; NaN empty.

    The integer-cents path is taken only when every value of the block is exactly a
    whole number of cents (``rint(x * 100) / 100 == x``) and small: then ``"%.2f"`` can
    only print those cents. Values such as 2.675 (stored as 2.67499...) or 0.005 fail
    that test and the block is formatted one value at a time, as pandas does.
    """
    nan = np.isnan(values)
    with np.errstate(invalid="ignore", over="ignore"):
        cents = np.rint(values * 100)
        exact = (cents / 100 == values) & (np.abs(values) < _MAX_FAST_MONEY)
    if not (exact | nan).all():
        # Exactly what pandas does for each value (hence % rather than format()).
        texts = ["" if v != v else "%.2f" % v for v in values.tolist()]  # noqa: UP031
        return _byte_matrix(texts, ascii=True)
    magnitude = np.abs(np.where(nan, 0.0, cents)).astype(np.int64)
    frac = magnitude % 100
    point = np.full((values.size, 1), ord("."), dtype=np.uint8)
    tenths = (frac // 10).astype(np.uint8)[:, None] + ord("0")
    hundredths = (frac % 10).astype(np.uint8)[:, None] + ord("0")
    field = np.hstack([_digits(magnitude // 100), point, tenths, hundredths])
    field = _signed(field, np.signbit(values) & ~nan)  # signbit: -0.0 prints "-0.00"
    field[nan] = 0
    return field


def _bool_field(values: np.ndarray) -> np.ndarray:
    """``True`` / ``False``, as the csv module writes Python bools."""
    arr = np.where(values, b"True", b"False")
    return arr.view(np.uint8).reshape(values.size, arr.dtype.itemsize)


def _category_encoder(cat: pd.Categorical) -> _Encoder:
    """Categorical: each category formatted once, then looked up by code.

    The table gets one extra all-0 row at the end, so code -1 (missing) indexes it and
    comes out empty.
    """
    categories = np.asarray(cat.categories, dtype=object)
    if pd.api.types.infer_dtype(categories, skipna=False) not in ("string", "empty"):
        raise _Fallback  # numbers or dates as categories: pandas formats those
    if any("\0" in c for c in categories):
        raise _Fallback
    texts = [_quote_if_needed(c) for c in categories.tolist()] + [""]
    table = _byte_matrix(texts, ascii="".join(texts).isascii())
    codes = cat.codes
    return lambda lo, hi: table[codes[lo:hi]]


@cache
def _clock_table() -> np.ndarray:
    """``HH:MM:SS`` as bytes for each second of the day (86,400 x 8)."""
    sod = np.arange(86_400)
    out = np.empty((86_400, 8), dtype=np.uint8)
    for col, value in ((0, sod // 3600), (3, sod // 60 % 60), (6, sod % 60)):
        out[:, col] = value // 10 + ord("0")
        out[:, col + 1] = value % 10 + ord("0")
    out[:, [2, 5]] = ord(":")
    return out


def _datetime_field(values: np.ndarray, *, with_time: bool) -> np.ndarray:
    """Naive datetimes as ``%Y-%m-%d %H:%M:%S`` (or ``%Y-%m-%d``); NaT empty.

    The block's span of days is formatted once with numpy and looked up per row, and
    the time of day comes from a table of all 86,400 seconds. Fractions of a second or
    years outside 1000-9999 (where ``strftime`` and numpy differ) go to pandas.
    """
    nat = np.isnat(values)
    ticks = values.view(np.int64)
    per_second = np.timedelta64(1, "s") // np.timedelta64(1, np.datetime_data(values.dtype)[0])
    if per_second < 1 or (ticks[~nat] % per_second).any():
        raise _Fallback
    if nat.all():
        return np.zeros((values.size, 0), dtype=np.uint8)
    days, second_of_day = np.divmod(ticks // per_second, 86_400)
    first, last = int(days[~nat].min()), int(days[~nat].max())
    days[nat], second_of_day[nat] = first, 0  # any valid row; blanked below
    lowest = np.datetime64("1000-01-01", "D").astype(np.int64)
    highest = np.datetime64("9999-12-31", "D").astype(np.int64)
    if first < lowest or last > highest:
        raise _Fallback
    span = np.arange(first, last + 1).astype("datetime64[D]")
    calendar = np.datetime_as_string(span).astype("S10").view(np.uint8).reshape(-1, 10)
    field = calendar[days - first]
    if with_time:
        space = np.full((values.size, 1), ord(" "), dtype=np.uint8)
        field = np.hstack([field, space, _clock_table()[second_of_day]])
    field[nat] = 0
    return field
