"""The checks every analysis helper runs on what it is given, before it computes anything.

A learner who points a helper at a store's own export, a frame they filtered to nothing or a
column read as text must get one clear sentence ("receipts.net_cny: 3 negative values (first
at row 17). ...") instead of a pandas traceback from deep inside the package, or worse, a
number that looks right and is not (a 160 % margin, a recency of -401 days). Every public
helper in :mod:`storecrm.analysis` therefore starts with a few of these calls, and every
failure is a :class:`~storecrm.errors.CourseError` naming the table, the column, what is
wrong and what to do next.

Where a column belongs to a course table, :func:`check_table` reads what it may hold from
:mod:`storecrm.data.schema` (the same list the generator, the loader and ``storecrm data
validate`` use), so the rules cannot drift. Frames that helpers make for each other (a member
summary, campaign activity, RFM table ...) are described in :data:`DERIVED_TABLES` in the
same terms.

The checks are cheap on purpose: the large data set has 11.5 million receipt lines, so a
check looks at a column at a time with one vectorised pass (a True/False array, one byte a
row) and never copies a frame.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from storecrm.data.schema import CATEGORY_VALUES, TABLES, Column
from storecrm.errors import CourseError

__all__ = [
    "DERIVED_TABLES",
    "MAX_WINDOW_DAYS",
    "MAX_YEARS",
    "check_choice",
    "check_column",
    "check_data",
    "check_horizon",
    "check_ids_known",
    "check_names",
    "check_not_before",
    "check_number",
    "check_order",
    "check_series",
    "check_table",
    "check_timestamp",
    "require_columns",
    "require_datetimes",
    "require_frame",
    "require_known",
    "require_no_missing",
    "require_numeric",
    "require_rows",
    "require_within",
]

#: Longest horizon (years) a lifetime-value sum may run: longer than any shopper's life
#: with a store, and small enough that nobody can ask for a billion-year array by mistake.
MAX_YEARS: int = 100

#: Longest window in days (ten years) a helper accepts for "visits in the last N days".
MAX_WINDOW_DAYS: int = 3660

_LOAD_HINT = "Load the course data with storecrm.data.load(), or check your own export"

C = Column
#: Frames the helpers make for each other, in the same terms as the schema: name ->
#: (how to make one, its columns). Messages call them by these names.
DERIVED_TABLES: dict[str, tuple[str, dict[str, Column]]] = {
    "summary": (
        "make it with member_summary(receipts, customers)",
        {
            c.name: c
            for c in (
                C("visits", "int", "count", "", minimum=0),
                C("spend_cny", "money", "yuan", "", minimum=0),
                C("gross_cny", "money", "yuan", "", minimum=0),
                C("discount_cny", "money", "yuan", "", minimum=0),
                C("avg_basket_cny", "money", "yuan", "", minimum=0),
                C("months_active", "int", "count", "", minimum=0),
                C("observed_days", "int", "days", "", minimum=1),
            )
        },
    ),
    "activity": (
        "make it with campaign_member_activity(campaigns, coupon_sends, receipts)",
        {
            c.name: c
            for c in (
                C("campaign_id", "id", "-", ""),
                C("customer_id", "id", "-", ""),
                C("group", "category", "-", "", values="group"),
                C("redeemed", "bool", "-", ""),
                C("visits", "int", "count", "", minimum=0),
                C("spend_cny", "money", "yuan", "", minimum=0),
            )
        },
    ),
    "results": (
        "make it with campaign_results(activity)",
        {
            c.name: c
            for c in (
                C("members", "int", "count", "", minimum=1),
                C("redemption_rate", "money", "share 0-1", "", minimum=0, maximum=1),
                C("visits_per_member", "money", "visits", "", minimum=0),
                C("spend_per_member_cny", "money", "yuan", "", minimum=0),
            )
        },
    ),
    "daily": (
        "make it with daily_sales(receipts)",
        {c.name: c for c in (C("net_cny", "money", "yuan", "", minimum=0),)},
    ),
    "rules": (
        "make it with top_rules(baskets, one_per_pair=False, top=None)",
        {
            c.name: c
            for c in (
                C("if_bought", "id", "-", ""),
                C("then_bought", "id", "-", ""),
                C("confidence", "money", "share 0-1", "", minimum=0, maximum=1),
            )
        },
    ),
    "rfm": (
        "make it with rfm_table(receipts)",
        {
            c.name: c
            for c in (
                C("recency_days", "int", "days", "", minimum=0),
                C("frequency", "int", "count", "", minimum=1),
                C("monetary_cny", "money", "yuan", "", minimum=0),
            )
        },
    ),
    "visits": (
        "make it with visits_around_complaints(complaints, receipts)",
        {
            c.name: c
            for c in (
                C("visits_before", "int", "count", "", minimum=0),
                C("visits_after", "int", "count", "", minimum=0),
            )
        },
    ),
    "features": (
        "make it with member_features(receipts, receipt_lines, products)",
        {},  # every column numeric and complete: see segments._check_features
    ),
    "profiles": ("make it with cluster_profiles(features, clusters)", {}),
    "baskets": ("make it with basket_matrix(receipt_lines, products)", {}),
}
del C


# --- small helpers --------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    """``"3 values below 1"`` from ``"value(s) below 1"``: "(s)" marks the plural."""
    return f"{n} " + word.replace("(s)", "" if n == 1 else "s")


def _first(index: pd.Index, mask: np.ndarray) -> str:
    """The index label of the first True in ``mask``, for "first at row ..."."""
    return str(index[int(np.argmax(mask))])


def _fail(
    mask: np.ndarray, index: pd.Index, what: str, *, table: str, column: str, hint: str | None
) -> None:
    """Raise if ``mask`` has any True: "N <what> (first at row R)"."""
    n = int(np.count_nonzero(mask))
    if n:
        raise CourseError(
            f"{_plural(n, what)} (first at row {_first(index, mask)})",
            table=table,
            column=column,
            hint=hint,
        )


def _spec(table: str, column: str) -> Column | None:
    if table in TABLES:
        for c in TABLES[table].columns:
            if c.name == column:
                return c
    if table in DERIVED_TABLES:
        return DERIVED_TABLES[table][1].get(column)
    return None


def _source_hint(table: str) -> str:
    if table in DERIVED_TABLES:
        return DERIVED_TABLES[table][0].capitalize()
    if table in TABLES:
        return f"Pass the {table} table ({_LOAD_HINT.lower()})"
    return "Check what you passed"


def _kind(dtype: Any) -> str:
    """What a column holds, in words: "text", "True/False values", "int64 values" ..."""
    if pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype):
        return "text"
    if pd.api.types.is_bool_dtype(dtype):
        return "True/False values"
    return f"{dtype} values"


def _as_array(values: pd.Series) -> np.ndarray:
    """The column's numbers as a numpy array, without a copy when pandas already holds one."""
    if isinstance(values.dtype, np.dtype):
        return values.to_numpy()
    return values.to_numpy(dtype=float, na_value=np.nan)  # nullable Int64 / Float64


# --- frames and columns ---------------------------------------------------------------------


def require_frame(frame: Any, table: str) -> pd.DataFrame:
    """``frame`` itself if it is a pandas DataFrame; otherwise a CourseError saying what it is."""
    if not isinstance(frame, pd.DataFrame):
        raise CourseError(
            f"expected a table (a pandas DataFrame), got {type(frame).__name__}",
            table=table,
            hint=_source_hint(table),
        )
    return frame


def require_columns(frame: pd.DataFrame, table: str, columns: Iterable[str]) -> None:
    """Every one of ``columns`` is in ``frame``; the message lists all that are missing."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, list(frame.columns)[:12])) or "none"
        raise CourseError(
            f"missing column(s) {', '.join(missing)} (it has: {have})",
            table=table,
            column=missing[0],
            hint=_source_hint(table),
        )


def require_rows(frame: pd.DataFrame | pd.Series, table: str, minimum: int = 1) -> None:
    """``frame`` has at least ``minimum`` rows (an empty table gives no honest answer)."""
    if len(frame) < minimum:
        problem = "is empty" if len(frame) == 0 else f"has only {len(frame)} rows"
        need = "at least one row" if minimum == 1 else f"at least {minimum} rows"
        raise CourseError(
            f"{problem}; this needs {need}",
            table=table,
            hint="Check the filter that made it, or pass the whole table",
        )


def require_no_missing(values: pd.Series, table: str, column: str) -> None:
    """No empty cells (NaN, None, NaT) in ``values``.

    A text column whose every cell is text has none, and saying so is one scan in C
    (``infer_dtype``) where ``isna`` tests each of the large data set's 11 million receipt
    numbers for every kind of missing value: a third of a second per column per helper.
    """
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=False) == "string":
        return
    _fail(
        values.isna().to_numpy(),
        values.index,
        "empty value(s)",
        table=table,
        column=column,
        hint="Fill them in or drop those rows first",
    )


def require_numeric(
    values: pd.Series,
    table: str,
    column: str,
    *,
    allow_missing: bool = False,
    whole: bool = False,
) -> None:
    """Numbers, not text or True/False; finite; complete unless ``allow_missing``; whole if asked.

    Text numbers ("12.50") are refused rather than converted: pandas would add them up as
    text ("12.5012.50") or fail far from the cause, and a column read as text usually means
    one cell in the file is not a number at all.
    """
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        sample = values.dropna().head(1).tolist() if len(values) < 1_000_000 else []
        example = f" (e.g. {sample[0]!r})" if sample else ""
        raise CourseError(
            f"holds {_kind(dtype)}{example}, not numbers",
            table=table,
            column=column,
            hint=f"Convert it with pd.to_numeric(df[{column!r}]) and fix the cells it "
            "cannot read, or load the data with storecrm.data.load()",
        )
    if not allow_missing:
        require_no_missing(values, table, column)
    if dtype.kind == "f" or isinstance(dtype, pd.Float64Dtype):
        arr = _as_array(values)
        _fail(
            np.isinf(arr),
            values.index,
            "infinite value(s)",
            table=table,
            column=column,
            hint="Fix or drop those rows",
        )
        if whole:
            with np.errstate(invalid="ignore"):
                bad = ~np.isnan(arr) & (arr != np.round(arr))
            _fail(
                bad,
                values.index,
                "value(s) with a fraction (not whole numbers)",
                table=table,
                column=column,
                hint="Counts and scores are whole numbers; fix or drop those rows",
            )


def require_within(
    values: pd.Series,
    table: str,
    column: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    hint: str | None = None,
) -> None:
    """Every (non-missing) value is within ``[minimum, maximum]``; call after require_numeric."""
    arr = _as_array(values)
    with np.errstate(invalid="ignore"):
        if minimum is not None:
            what = "negative value(s)" if minimum == 0 else f"value(s) below {minimum:g}"
            if maximum is not None:
                extra = f"The scale runs from {minimum:g} to {maximum:g}"
            elif minimum == 0:
                extra = "Amounts and counts cannot be negative"
            else:
                extra = f"The smallest allowed value is {minimum:g}"
            _fail(
                arr < minimum,
                values.index,
                what,
                table=table,
                column=column,
                hint=hint or f"{extra}; fix or drop those rows",
            )
        if maximum is not None:
            extra = (
                f"The scale runs from {minimum:g} to {maximum:g}"
                if minimum is not None
                else f"The largest allowed value is {maximum:g}"
            )
            _fail(
                arr > maximum,
                values.index,
                f"value(s) above {maximum:g}",
                table=table,
                column=column,
                hint=hint or f"{extra}; fix or drop those rows",
            )


def require_datetimes(
    values: pd.Series, table: str, column: str, *, allow_missing: bool = False
) -> None:
    """A datetime column (not text dates); no empty cells unless ``allow_missing``."""
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        sample = values.dropna().head(1).tolist() if len(values) < 1_000_000 else []
        example = f" (e.g. {sample[0]!r})" if sample else ""
        raise CourseError(
            f"holds {_kind(values.dtype)}{example}, not dates and times",
            table=table,
            column=column,
            hint=f"Convert it with pd.to_datetime(df[{column!r}]), or load the data with "
            "storecrm.data.load()",
        )
    if not allow_missing:
        require_no_missing(values, table, column)


def require_known(
    values: pd.Series,
    table: str,
    column: str,
    allowed: Sequence[str],
    *,
    allow_missing: bool = False,
) -> None:
    """Every value is one of ``allowed``; unknown ones (and wrong capitals) are reported.

    A value such as ``"GOLD"`` or ``"platinum"`` is never dropped or counted as something
    else: the message lists it, says how many rows hold it and, when only the capitals are
    wrong, what to write instead.
    """
    if not allow_missing:
        require_no_missing(values, table, column)
    allowed_set = set(allowed)
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = values.dtype.categories
        if set(cats) <= allowed_set:
            return
        codes = np.unique(values.cat.codes.to_numpy())
        used = [cats[c] for c in codes if c >= 0]
    else:
        used = [v for v in pd.unique(values) if not (v is None or v is pd.NA or v != v)]
    unknown = [v for v in used if v not in allowed_set]
    if not unknown:
        return
    mask = values.isin(unknown).to_numpy()
    shown = ", ".join(repr(v) for v in unknown[:4]) + (" ..." if len(unknown) > 4 else "")
    lower = {a.casefold(): a for a in allowed}
    fixes = [
        f"{v!r} should be {lower[str(v).strip().casefold()]!r}"
        for v in unknown
        if str(v).strip().casefold() in lower
    ]
    hint = (
        f"Write them exactly as listed ({'; '.join(fixes[:3])})"
        if fixes
        else "Correct or drop those rows; nothing is counted under an unknown name"
    )
    raise CourseError(
        f"{_plural(int(mask.sum()), 'value(s)')} not among {', '.join(allowed)}: {shown} "
        f"(first at row {_first(values.index, mask)})",
        table=table,
        column=column,
        hint=hint,
    )


def _check_bool(values: pd.Series, table: str, column: str) -> None:
    if pd.api.types.is_bool_dtype(values.dtype):
        if values.dtype == object or isinstance(values.dtype, pd.BooleanDtype):
            require_no_missing(values, table, column)
        return
    ok = values.map(lambda v: isinstance(v, bool | np.bool_)).to_numpy(dtype=bool)
    _fail(
        ~ok,
        values.index,
        "value(s) not True or False",
        table=table,
        column=column,
        hint="Use True/False (not text, 1/0 or blanks), or load the data with storecrm.data.load()",
    )


def check_column(frame: pd.DataFrame, table: str, column: str, spec: Column) -> None:
    """Check one column against its schema entry: type, empty cells, range, allowed values."""
    values = frame[column]
    if spec.kind in ("int", "money", "points"):
        require_numeric(
            values, table, column, allow_missing=spec.nullable, whole=spec.kind != "money"
        )
        if spec.minimum is not None or spec.maximum is not None:
            require_within(values, table, column, minimum=spec.minimum, maximum=spec.maximum)
    elif spec.kind in ("date", "datetime"):
        require_datetimes(values, table, column, allow_missing=spec.nullable)
    elif spec.kind == "bool":
        _check_bool(values, table, column)
    elif spec.kind == "category" and spec.values:
        require_known(
            values, table, column, CATEGORY_VALUES[spec.values], allow_missing=spec.nullable
        )
    elif spec.kind in ("id", "category") and not spec.nullable:
        require_no_missing(values, table, column)


def check_table(
    frame: Any,
    table: str,
    columns: Iterable[str] = (),
    *,
    min_rows: int = 1,
    nullable: Iterable[str] = (),
) -> pd.DataFrame:
    """Check a table a helper was given, and return it unchanged.

    Parameters
    ----------
    frame
        What the caller passed.
    table
        Its name in the course: a schema table (``receipts``, ``receipt_lines``,
        ``customers``, ``complaints`` ...) or one of :data:`DERIVED_TABLES`. Messages start
        with it.
    columns
        The columns the helper reads. Each must be present; those the schema (or
        :data:`DERIVED_TABLES`) describes are checked for type, empty cells, range and
        allowed values. Others are only required to be present.
    min_rows
        Fewest rows that give an honest answer (0 lets an empty table through).
    nullable
        Columns where the helper deliberately skips empty cells, although the schema says
        they are always filled (survey answers, for example).
    """
    frame = require_frame(frame, table)
    columns = list(dict.fromkeys(columns))
    require_columns(frame, table, columns)
    if min_rows:
        require_rows(frame, table, min_rows)
    skip_missing = set(nullable)
    for column in columns:
        spec = _spec(table, column)
        if spec is None:
            continue
        if column in skip_missing and not spec.nullable:
            spec = Column(**{**spec.__dict__, "nullable": True})
        check_column(frame, table, column, spec)
    return frame


def check_order(frame: pd.DataFrame, table: str, earlier: str, later: str) -> None:
    """``frame[later]`` is never before ``frame[earlier]`` (e.g. resolved before opened)."""
    with np.errstate(invalid="ignore"):
        bad = (frame[later] < frame[earlier]).to_numpy(dtype=bool, na_value=False)
    _fail(
        bad,
        frame.index,
        f"row(s) where {later} is before {earlier}",
        table=table,
        column=later,
        hint="Times cannot run backwards; correct those rows or leave them out",
    )


def check_ids_known(
    values: pd.Series, table: str, column: str, known: Iterable[Any], ref: str
) -> None:
    """Every id in ``values`` is in ``known`` (the ids of table ``ref``)."""
    known_index = known if isinstance(known, pd.Index) else pd.Index(list(known))
    bad = ~values.isin(known_index).to_numpy(dtype=bool) & values.notna().to_numpy(dtype=bool)
    n = int(bad.sum())
    if n:
        first = values.to_numpy()[int(np.argmax(bad))]
        raise CourseError(
            f"{_plural(n, 'id(s)')} not found in {ref} (first at row "
            f"{_first(values.index, bad)}: {first!r})",
            table=table,
            column=column,
            hint=f"Pass the {ref} table from the same data set",
        )


def check_series(
    values: Any,
    name: str,
    *,
    min_rows: int = 1,
    allow_missing: bool = False,
    minimum: float | None = None,
    table: str | None = None,
) -> pd.Series:
    """A numeric pandas Series: complete (unless allowed), long enough, not below ``minimum``."""
    if not isinstance(values, pd.Series):
        raise CourseError(
            f"expected a column (a pandas Series), got {type(values).__name__}",
            table=table,
            column=name,
            hint="Pass one column of a table, e.g. df['net_cny']",
        )
    if len(values) < min_rows:
        need = "at least one value" if min_rows == 1 else f"at least {min_rows} values"
        raise CourseError(
            f"has {len(values)} values; this needs {need}",
            table=table,
            column=name,
            hint="Check the filter that made it",
        )
    require_numeric(values, table or "", name, allow_missing=allow_missing)
    if minimum is not None:
        require_within(values, table or "", name, minimum=minimum)
    return values


# --- parameters ------------------------------------------------------------------------------


def check_number(
    value: Any,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    above: float | None = None,
    below: float | None = None,
    whole: bool = False,
    hint: str | None = None,
) -> float:
    """A real, finite number within the given bounds; returns it as given.

    ``minimum``/``maximum`` are inclusive, ``above``/``below`` exclusive. ``whole`` asks
    for an integer value (``3`` or ``3.0``). True/False, text and NaN are refused.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise CourseError(
            f"must be a number, got {value!r} ({type(value).__name__})",
            column=name,
            hint=hint,
        )
    if not math.isfinite(float(value)):
        raise CourseError(f"must be a finite number, got {value!r}", column=name, hint=hint)
    v = float(value)
    if whole and v != round(v):
        raise CourseError(f"must be a whole number, got {value!r}", column=name, hint=hint)
    bounds = [
        (minimum, lambda b: v < b, "at least"),
        (above, lambda b: v <= b, "more than"),
        (maximum, lambda b: v > b, "at most"),
        (below, lambda b: v >= b, "less than"),
    ]
    for bound, broken, need in bounds:
        if bound is not None and broken(bound):
            raise CourseError(f"must be {need} {bound:g}, got {value!r}", column=name, hint=hint)
    return value


def check_horizon(value: Any, name: str, cap: float, unit: str) -> float:
    """A non-negative length of time no longer than ``cap`` (so no huge arrays by mistake)."""
    return check_number(
        value,
        name,
        minimum=0,
        maximum=cap,
        hint=f"It is in {unit}; the helpers stop at {cap:g} {unit}, far beyond any real plan",
    )


def check_timestamp(value: Any, name: str) -> pd.Timestamp:
    """A date or date-time (``"2025-12-31"``, a Timestamp ...) as a pandas Timestamp."""
    if value is None or isinstance(value, bool | numbers.Number):
        raise CourseError(
            f"must be a date such as '2025-12-31', got {value!r}",
            column=name,
        )
    try:
        when = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        when = pd.NaT
    if when is pd.NaT:
        raise CourseError(
            f"{value!r} is not a date; write it as '2025-12-31'",
            column=name,
        )
    return when


def check_not_before(
    when: pd.Timestamp, name: str, values: pd.Series, table: str, column: str, *, what: str
) -> None:
    """``when`` is not before the earliest of ``values`` (a date before the data is useless)."""
    first = values.min()
    if pd.notna(first) and when < first.normalize():
        raise CourseError(
            f"{when:%Y-%m-%d} is before the first {what} in {table}.{column} ({first:%Y-%m-%d})",
            column=name,
            hint="Pick a day inside the data",
        )


def check_names(values: Any, name: str, *, allow_empty: bool = False) -> list[str]:
    """A list of names or ids (not one string, which would be read letter by letter)."""
    if isinstance(values, str) or not isinstance(values, Sequence | pd.Series | pd.Index):
        raise CourseError(
            f"must be a list of names, got {values!r}",
            column=name,
            hint="Put even a single name in a list, e.g. ['Tea egg']",
        )
    out = list(values)
    if not out and not allow_empty:
        raise CourseError("is empty; give at least one", column=name)
    bad = [v for v in out if not isinstance(v, str)]
    if bad:
        raise CourseError(f"must hold text, got {bad[0]!r}", column=name)
    return out


def check_data(data: Any, name: str = "data") -> Any:
    """A :class:`~storecrm.data.StoreData` (what :func:`storecrm.data.load` returns)."""
    from storecrm.data import StoreData

    if not isinstance(data, StoreData):
        raise CourseError(
            f"expected a StoreData (what storecrm.data.load() returns), got {type(data).__name__}",
            column=name,
        )
    return data


def check_choice(value: Any, name: str, allowed: Mapping[str, Any] | Sequence[str]) -> str:
    """``value`` is one of ``allowed``; wrong capitals get a "write it as" hint."""
    options = list(allowed)
    if isinstance(value, str) and value in options:
        return value
    lower = {str(a).casefold(): a for a in options}
    key = str(value).strip().casefold()
    hint = f"Write it as {lower[key]!r}" if key in lower else None
    raise CourseError(
        f"unknown {name} {value!r}: expected one of {', '.join(map(str, options))}",
        column=name,
        hint=hint,
    )
