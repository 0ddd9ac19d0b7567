"""Checking the quality of a member list for Module 6 (customer data).

A member list is only useful if it is right (accuracy), has no gaps (completeness) and is up
to date (timeliness): the three data-quality dimensions the chapter teaches, as they are
usually defined in data-quality work (e.g. DAMA UK, *The six primary dimensions for data
quality assessment*, 2013). The functions here put numbers on them, so staff see what "dirty
data" means in their own store:

* :func:`messy_member_export` makes a small, deterministic copy of some members with the
  mistakes people really make when they type a spreadsheet by hand. It never touches the
  committed data set; it is practice material.
* :func:`completeness` and :func:`quality_report` list what is wrong and how often, one
  problem per row, in words a shift leader can act on.
* :func:`mask_phone` writes a phone number in the masked form ``138****0427``, the only
  form allowed in an export or on a screen a customer can see.
* :func:`find_duplicates` finds the same person typed twice, using a normalised key (name
  without spaces, in lower case, plus the masked phone number).
* :func:`stale_member_share` measures timeliness: members the store has not seen for months,
  whose details may be out of date.

The number the Module 6 quiz asks for is built on these in
:mod:`storecrm.quiz.answers.data_quality`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from storecrm.analysis.checks import (
    MAX_WINDOW_DAYS,
    check_horizon,
    check_not_before,
    check_number,
    check_table,
    check_timestamp,
    require_columns,
    require_frame,
    require_rows,
)
from storecrm.data.schema import CATEGORY_VALUES
from storecrm.errors import CourseError

__all__ = [
    "DATE_PATTERN",
    "EXPORT_DAY",
    "MASKED_PHONE_PATTERN",
    "REPORT_COLUMNS",
    "completeness",
    "consent_share",
    "find_duplicates",
    "mask_phone",
    "messy_member_export",
    "normalise_name",
    "quality_report",
    "stale_member_share",
]

#: The day the practice export is taken: the last day of the data year. A sign-up after it
#: cannot be true.
EXPORT_DAY = pd.Timestamp("2025-12-31")

#: A Chinese mobile number with the middle four digits masked, e.g. ``138****0427``.
MASKED_PHONE_PATTERN = r"1\d{2}\*{4}\d{4}"

#: The one date format the store's systems read: year-month-day, e.g. ``2025-03-01``.
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"

#: Columns of :func:`quality_report`.
REPORT_COLUMNS = ["dimension", "column", "problem", "count", "example"]

_ID = "customer_id"


def _missing(values: pd.Series) -> pd.Series:
    """True where a cell is empty: a missing value or text made only of spaces.

    Exports from spreadsheets often hold ``""`` or ``" "`` instead of a true missing value;
    for the person reading the list both are a gap.
    """
    text = values.astype("string").str.strip()
    return values.isna() | text.eq("").fillna(False).astype(bool)


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as text as they would appear in a CSV export (dates as ``2025-03-01``)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d").astype("string")
    return values.astype("string").str.strip()


def _check_export(
    frame: object, columns: list[str] | None = None, table: str = "member list"
) -> pd.DataFrame:
    """A member list with rows and ``columns``; cells may be text (it may be a raw export)."""
    frame = require_frame(frame, table)
    require_columns(frame, table, columns or [])
    require_rows(frame, table)
    return frame


def normalise_name(names: pd.Series) -> pd.Series:
    """Names with every kind of space removed and in lower case, for matching records.

    Why: the same person is often typed as ``王春梅``, ``王 春梅`` (a space) or ``王　春梅``
    (a full-width space from a Chinese keyboard), and Latin names as ``Li Wei`` or ``li wei``.
    To a computer these are different names; after normalising they are the same.
    """
    if not isinstance(names, pd.Series):
        raise CourseError(
            f"expected a column (a pandas Series), got {type(names).__name__}",
            column="names",
            hint="Pass one column, e.g. customers['name']",
        )
    return names.astype("string").str.replace(r"\s+", "", regex=True).str.casefold()


def mask_phone(phone: str) -> str:
    """A Chinese mobile number in the masked form: ``"138 1234 0427"`` -> ``"138****0427"``.

    Why: a full phone number lets anyone call or message the member, so the store's exports
    and screens show only the first three and last four digits (masking, 脱敏, see Module 6).
    Spaces and hyphens typed between the digits are ignored; a number that is already masked
    comes back unchanged, so the function can run over a whole column.

    Raises
    ------
    CourseError
        If ``phone`` is not text, or not an 11-digit mobile number (starting with 1) or its
        masked form.
    """
    if not isinstance(phone, str):
        raise CourseError(
            f"expected a phone number as text, got {type(phone).__name__}",
            column="phone",
            hint="Pass one number, e.g. '13812340427'; for a column use .map(mask_phone)",
        )
    compact = "".join(phone.split()).replace("-", "")
    if re.fullmatch(MASKED_PHONE_PATTERN, compact):
        return compact
    if not re.fullmatch(r"1\d{10}", compact):
        raise CourseError(
            f"{phone!r} is not an 11-digit mobile number or its masked form 138****0427",
            column="phone",
            hint="Check the number with the member; do not guess missing digits",
        )
    return f"{compact[:3]}****{compact[-4:]}"


def completeness(frame: pd.DataFrame) -> pd.Series:
    """Share (0-1) of rows with a value in each column, lowest first.

    Completeness is the share of cells that are filled in. A blank counts as missing (see
    :func:`_missing`): in a text export an empty cell is ``""``, not a missing value, so
    ``notna()`` alone would call it filled. Lowest first, because the gaps are what someone
    has to chase. A share, like every rate in the course; pages show it with
    :func:`storecrm.format.percent`.
    """
    _check_export(frame)
    if len(frame.columns) == 0:
        raise CourseError("has no columns", table="member list", hint="Pass the member list")
    filled = {col: float((~_missing(frame[col])).mean()) for col in frame.columns}
    return pd.Series(filled, name="completeness", dtype=float).sort_values(kind="stable")


def find_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that look like the same person: same normalised name and same phone number.

    Returns those rows (all copies, not only the extra ones) with a ``match_key`` column,
    sorted so copies sit next to each other. Why name *and* phone: two different people can
    share a common name such as 王伟, and one family can share a phone number, but the two
    together rarely point to two different people. The result is a list for a person to
    check, not a list to delete automatically.

    Parameters
    ----------
    frame
        A member list with ``name`` and ``phone_masked`` columns.
    """
    _check_export(frame, ["name", "phone_masked"])
    key = normalise_name(frame["name"]) + "|" + frame["phone_masked"].astype("string").str.strip()
    usable = ~(_missing(frame["name"]) | _missing(frame["phone_masked"]))
    repeated = key.duplicated(keep=False) & usable
    out = frame.loc[repeated].assign(match_key=key[repeated])
    return out.sort_values(["match_key", *([_ID] if _ID in out else [])], kind="stable")


def messy_member_export(customers: pd.DataFrame, n: int = 12, seed: int = 2026) -> pd.DataFrame:
    """A small member export typed by hand, with five planted mistakes, for practice.

    Takes ``n`` members picked at random (seeded, so the same every time) and turns every
    cell into text, as in a CSV file or spreadsheet. Then it plants the mistakes people
    really make when they copy a list by hand:

    1. **Duplicate**: the first member is typed again under a new member number, with a
       space in the middle of the name (``王 春梅``), so a plain comparison misses it.
    2. **Missing sign-up channel**: the second member's ``signup_channel`` is blank.
    3. **Unmasked phone**: the third member's phone number is written in full (11 digits)
       instead of the masked form ``138****0427``; a full number must never be in an export.
    4. **Wrong date format**: the fourth member's sign-up date is written day/month/year
       (``15/03/2024``) instead of ``2024-03-15``.
    5. **Future date**: the fifth member's sign-up year has two digits swapped
       (``2052`` for ``2025``), so they seem to join after the export day.

    The result has ``n + 1`` rows, in the original member order with the duplicate last.
    The committed data set is not changed: this works on a copy.

    Parameters
    ----------
    customers
        The ``customers`` table (or any frame with its columns).
    n
        How many members to copy (at least 5, one per planted mistake).
    seed
        Seed for numpy's random generator; the same seed gives the same export.
    """
    _check_export(
        customers,
        ["customer_id", "name", "phone_masked", "signup_date", "signup_channel"],
        "customers",
    )
    check_number(
        n,
        "n",
        minimum=5,
        maximum=len(customers),
        whole=True,
        hint="One member for each planted mistake, and no more than the table holds",
    )
    check_number(seed, "seed", minimum=0, whole=True)
    rng = np.random.default_rng(seed)
    picked = np.sort(rng.choice(len(customers), size=n, replace=False))
    rows = customers.iloc[picked]
    out = pd.DataFrame(index=range(n))
    for col in customers.columns:
        values = rows[col].reset_index(drop=True)
        text = values.map(lambda v: "" if pd.isna(v) else str(v)).astype(object)
        if pd.api.types.is_datetime64_any_dtype(values):
            text = values.dt.strftime("%Y-%m-%d").fillna("").astype(object)
        out[col] = text

    # 2. a blank sign-up channel
    out.loc[1, "signup_channel"] = ""
    # 3. a phone number written out in full: keep the visible digits, invent the middle four
    phone = str(out.loc[2, "phone_masked"])
    middle = "".join(str(d) for d in rng.integers(0, 10, size=4))
    out.loc[2, "phone_masked"] = phone[:3] + middle + phone[-4:]
    # 4. day/month/year instead of year-month-day
    day = pd.Timestamp(out.loc[3, "signup_date"])
    out.loc[3, "signup_date"] = day.strftime("%d/%m/%Y")
    # 5. year typed with two digits swapped: 2025 -> 2052, 2023 -> 2032 ...
    day = pd.Timestamp(out.loc[4, "signup_date"])
    year = str(day.year)
    out.loc[4, "signup_date"] = f"{year[:2]}{year[3]}{year[2]}" + day.strftime("-%m-%d")
    if pd.Timestamp(str(out.loc[4, "signup_date"])) <= EXPORT_DAY:  # e.g. 2022 -> 2022
        out.loc[4, "signup_date"] = f"2052{day.strftime('-%m-%d')}"
    # 1. the first member typed twice under a new member number, with a space in the name
    twin = out.loc[0].copy()
    name = str(twin["name"])
    twin["name"] = name[:1] + " " + name[1:]
    numbers = pd.to_numeric(customers[_ID].astype(str).str[1:], errors="coerce")
    twin[_ID] = f"M{int(numbers.max()) + 1:05d}"
    return pd.concat([out, twin.to_frame().T], ignore_index=True)


def _rule_rows(frame: pd.DataFrame, as_of: pd.Timestamp) -> list[dict]:
    """One row per accuracy rule that some cells break."""
    rows: list[dict] = []

    def add(column: str, problem: str, failed: pd.Series) -> None:
        if failed.any():
            first = frame.loc[failed].iloc[0]
            example = str(first[_ID]) if _ID in frame else str(failed.idxmax())
            rows.append(
                {
                    "dimension": "accuracy",
                    "column": column,
                    "problem": problem,
                    "count": int(failed.sum()),
                    "example": example,
                }
            )

    if _ID in frame:
        ids = _as_text(frame[_ID])
        add(
            _ID,
            "same member number on more than one row",
            ids.duplicated(keep=False).fillna(False).astype(bool) & ~_missing(frame[_ID]),
        )
    if {"name", "phone_masked"} <= set(frame.columns):
        dups = find_duplicates(frame)
        extra = dups["match_key"].duplicated(keep="first")
        failed = pd.Series(False, index=frame.index)
        failed[dups.index[extra.to_numpy()]] = True
        add("name", "same person typed twice (same name and phone, spaces ignored)", failed)
    if "phone_masked" in frame:
        phone = _as_text(frame["phone_masked"])
        ok = phone.str.fullmatch(MASKED_PHONE_PATTERN).fillna(False).astype(bool)
        add(
            "phone_masked",
            "phone not in the masked form 138****0427",
            ~ok & ~_missing(frame["phone_masked"]),
        )
    if "signup_date" in frame:
        raw = frame["signup_date"]
        present = ~_missing(raw)
        text = _as_text(raw)
        shaped = text.str.fullmatch(DATE_PATTERN).fillna(False).astype(bool)
        dates = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce")
        add(
            "signup_date", "date not written as year-month-day (2025-03-01)", present & dates.isna()
        )
        add(
            "signup_date",
            f"sign-up date after the export day ({as_of:%Y-%m-%d})",
            (dates > as_of).fillna(False).astype(bool),
        )
    if "signup_channel" in frame:
        allowed = CATEGORY_VALUES["signup_channel"]
        channel = _as_text(frame["signup_channel"])
        add(
            "signup_channel",
            "not one of " + ", ".join(allowed),
            ~channel.isin(allowed).fillna(False).astype(bool) & ~_missing(frame["signup_channel"]),
        )
    if "marketing_consent" in frame:
        consent = _as_text(frame["marketing_consent"]).str.lower()
        add(
            "marketing_consent",
            "consent not recorded as True or False",
            ~consent.isin(["true", "false"]).fillna(False).astype(bool)
            & ~_missing(frame["marketing_consent"]),
        )
    return rows


def quality_report(frame: pd.DataFrame, as_of: str | pd.Timestamp = EXPORT_DAY) -> pd.DataFrame:
    """Every data-quality problem in a member list: one row per problem, with a count.

    Columns (:data:`REPORT_COLUMNS`): ``dimension`` (``completeness`` or ``accuracy``),
    ``column``, ``problem`` (in plain words), ``count`` (rows affected) and ``example`` (the
    first member number affected, so someone can look it up). An empty report means no
    problem was found.

    Completeness rows list each column with empty cells. Accuracy rows apply the rules the
    store's systems need: a member number used once, no person typed twice (see
    :func:`find_duplicates`), phone numbers masked, dates written ``2025-03-01`` and not
    after ``as_of``, a known sign-up channel, consent recorded as True or False. Columns the
    frame does not have are skipped, so it works on the real ``customers`` table (typed
    columns) and on a text export alike.

    Why a count and not just "dirty / clean": one blank channel and 300 blank channels need
    different fixes (a word with one colleague, or a change to the sign-up form).

    Parameters
    ----------
    frame
        A member list shaped like ``customers`` (all columns optional).
    as_of
        The day the list was exported; a sign-up after it is reported.
    """
    _check_export(frame)
    day = check_timestamp(as_of, "as_of")
    rows: list[dict] = []
    for column in frame.columns:
        gaps = _missing(frame[column])
        if gaps.any():
            first = frame.loc[gaps].iloc[0]
            rows.append(
                {
                    "dimension": "completeness",
                    "column": column,
                    "problem": "empty cells",
                    "count": int(gaps.sum()),
                    "example": str(first[_ID]) if _ID in frame else str(gaps.idxmax()),
                }
            )
    rows += _rule_rows(frame, day)
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    return report.astype({"count": "int64"})


def consent_share(customers: pd.DataFrame) -> float:
    """Share (0-1) of members whose ``marketing_consent`` is True.

    Only these members may receive offers (an empty list gives 0.0). A missing answer
    counts as "no": consent must be given, never assumed. Works on the typed ``customers``
    table (booleans) and on a text export alike (``"True"``, in any case, is a yes), as
    :func:`quality_report` does; any other value counts as "no".
    """
    require_frame(customers, "customers")
    require_columns(customers, "customers", ["marketing_consent"])
    if customers.empty:
        return 0.0
    consent = _as_text(customers["marketing_consent"]).str.lower().eq("true")
    return float(consent.fillna(False).astype(bool).mean())


def stale_member_share(
    customers: pd.DataFrame,
    receipts: pd.DataFrame,
    as_of: str | pd.Timestamp = EXPORT_DAY,
    days: int = 180,
) -> float:
    """Share (0-1) of members with no receipt in the ``days`` days up to ``as_of``.

    A measure of timeliness: the store last confirmed these members' details long ago, so
    their phone number, district or tier may no longer be true. Members who never bought
    anything count as not seen. Receipts after ``as_of`` are ignored.

    Parameters
    ----------
    customers, receipts
        The ``customers`` and ``receipts`` tables.
    as_of
        The day the list is judged (default: the last day of the data year).
    days
        How long without a visit makes a record stale (default 180, the exit rule's span).
    """
    check_table(customers, "customers", [_ID])
    check_table(receipts, "receipts", ["customer_id", "purchased_at"])
    check_horizon(days, "days", MAX_WINDOW_DAYS, "days")
    check_number(days, "days", minimum=1, whole=True)
    day = check_timestamp(as_of, "as_of")
    check_not_before(
        day, "as_of", receipts["purchased_at"], "receipts", "purchased_at", what="receipt"
    )
    end = day + pd.Timedelta(days=1)  # the whole of the as_of day
    start = end - pd.Timedelta(days=days)
    window = receipts[(receipts["purchased_at"] >= start) & (receipts["purchased_at"] < end)]
    seen = set(window["customer_id"].dropna())
    return float((~customers[_ID].isin(seen)).mean())
