"""The previous implementations the analysis benchmark compares with (not used by the course).

Each function below is the code as it was on main at commit 3852f09, before the speed work
of issue 14, copied unchanged (apart from this module's imports) so that
``benchmarks/analysis_sizes.py`` can time old and new side by side in one run on the same
machine. Functions that did not change are imported from the package rather than copied.
For basket rules this is the dense True/False table and mlxtend's ``fpgrowth``.

Nothing here is tested for speed; ``tests/analysis`` and ``tests/data`` check that the new
code gives the same answers, and the benchmark's ``--check`` option compares old and new
outputs on any data set.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from storecrm.analysis.checks import (
    check_data,
    check_number,
    check_table,
)
from storecrm.analysis.kpis import _joined_in_data
from storecrm.analysis.segments import (
    FEATURES,
    FRESH_CATEGORIES,
    cluster_members,
    cluster_profiles,
    name_clusters,
)
from storecrm.data.io import DataError, default_dir
from storecrm.data.model import StoreData
from storecrm.data.schema import CATEGORY_VALUES, DATE_FORMAT, DATETIME_FORMAT, TABLES
from storecrm.errors import CourseError

__all__ = [
    "basket_matrix",
    "cohort_retention",
    "load",
    "member_features",
    "monthly_retention",
    "store_clusters",
    "top_rules",
]


# --- loading (storecrm.data.io): CSV parsed and checked value by value, no cache -----------------


def _refuse_spaces(path: Path, folder: Path, column: str, ids: pd.Series) -> None:
    """Stop at an id with a space before or after it, as ``validate`` does.

    Keeping the space would make ``'P0005 '`` a different product from ``P0005``, so
    joins would silently lose rows; removing it quietly would hide a fault in the export.
    """
    text = ids.dropna()
    spaced = text.str.len() != text.str.strip().str.len()
    if spaced.any():
        row = int(spaced.idxmax()) + 2
        value = text[spaced.idxmax()]
        raise DataError(f"{path}, column {column}, row {row}: {value!r} has a space before or "
                        f"after it; delete it (run 'storecrm data validate {folder}' for "
                        "every problem).")  # fmt: skip


def _read_table(folder: Path, name: str, needed: list[str] | None = None) -> pd.DataFrame:
    table = TABLES[name]
    names = table.names if needed is None else [c for c in table.names if c in needed]
    path = folder / table.file
    if not path.is_file():
        raise DataError(f"{path} is missing: a data set folder needs all of "
                        f"{', '.join(t.file for t in TABLES.values())}.")  # fmt: skip
    dtypes: dict[str, str] = {}
    for col in table.columns:
        if col.kind in ("int", "points"):
            dtypes[col.name] = "Int64"
        elif col.kind == "money":
            dtypes[col.name] = "float64"
        else:
            dtypes[col.name] = "object"
    try:
        df = pd.read_csv(
            path,
            dtype=dtypes,
            encoding="utf-8",
            keep_default_na=False,
            na_values=[""],
        )
    except UnicodeDecodeError:
        raise DataError(
            f"{path} is not UTF-8 text (perhaps saved as GBK); re-save it as UTF-8 CSV."
        ) from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{path} is empty: it needs at least the header row.") from None
    except pd.errors.ParserError:
        hint = f"run 'storecrm data validate {folder}' to see which"
        raise DataError(f"{path} has a row with the wrong number of fields; {hint}.") from None
    except (ValueError, TypeError) as exc:
        hint = f"run 'storecrm data validate {folder}' for every problem"
        raise DataError(f"{path} has a value of the wrong type ({exc}); {hint}.") from None
    missing = [c for c in names if c not in df.columns]
    if missing:
        raise DataError(f"{path} lacks column(s) {', '.join(missing)}.")
    df = df[names]
    for col in table.columns:
        if col.kind == "id" and col.name in df.columns:
            _refuse_spaces(path, folder, col.name, df[col.name])
    try:
        for col in (c for c in table.columns if c.name in names):
            s = df[col.name]
            if col.kind in ("date", "datetime"):
                fmt = DATE_FORMAT if col.kind == "date" else DATETIME_FORMAT
                try:
                    df[col.name] = pd.to_datetime(s, format=fmt)
                except pd.errors.OutOfBoundsDatetime:
                    raise ValueError(f"column {col.name} has a date out of range (before "
                                     "1677 or after 2262); check the year") from None  # fmt: skip
            elif col.kind == "bool":
                # Same reading as `validate`, so a file it passes always loads.
                mapped = s.str.strip().str.lower().map({"true": True, "false": False})
                if mapped.isna().any():
                    raise ValueError(f"column {col.name} must be True or False")
                df[col.name] = mapped.astype(bool)
            elif col.kind in ("int", "points") and not col.nullable:
                if s.isna().any():
                    raise ValueError(f"column {col.name} has empty values")
                df[col.name] = s.astype("int64")
            elif col.kind == "category":
                if col.values:
                    cat = pd.Categorical(
                        s, categories=CATEGORY_VALUES[col.values], ordered=col.ordered
                    )
                    unknown = s[s.notna() & pd.isna(cat)]
                    if len(unknown):  # pd.Categorical would silently turn them into NaN
                        raise ValueError(
                            f"column {col.name} has an unknown value {unknown.iloc[0]!r}"
                        )
                    df[col.name] = cat
                else:
                    df[col.name] = s.astype("category")
    except (ValueError, TypeError) as exc:
        raise DataError(f"{path} cannot be read: {exc}; run 'storecrm data validate "
                        f"{folder}' for every problem.") from None  # fmt: skip
    return df


def load(path: str | Path | None = None) -> StoreData:
    """Load a data set folder (default: the committed Maple Street Mart data).

    Dates and times are parsed, categorical columns are pandas categoricals (``tier`` is
    ordered standard < silver < gold < diamond), and empty cells are missing values.

    Raises
    ------
    DataError
        With one clear sentence if the folder or a file is missing or unreadable.
    """
    folder = Path(path) if path is not None else default_dir()
    if not folder.is_dir():
        raise DataError(f"No data set folder at {folder}; generate one with "
                        "'storecrm data generate --out DIR' or pass the right path.")  # fmt: skip
    tables = {name: _read_table(folder, name) for name in StoreData.table_names()}
    return StoreData(**tables)


# --- clusters (storecrm.analysis.segments) -----------------------------------------------


def _member_receipts(receipts: pd.DataFrame, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    check_table(receipts, "receipts", ["customer_id", "purchased_at", "net_cny", *columns])
    members = receipts[receipts["customer_id"].notna()].copy()
    if members.empty:
        raise CourseError(
            "is empty in every row: these are all walk-in receipts",
            table="receipts",
            column="customer_id",
            hint="Segments need receipts of members",
        )
    members["customer_id"] = members["customer_id"].astype(str)
    return members


def member_features(
    receipts: pd.DataFrame,
    receipt_lines: pd.DataFrame,
    products: pd.DataFrame,
    *,
    min_visits: int = 6,
) -> pd.DataFrame:
    """How and when each member shops: one row per member, the columns of :data:`FEATURES`.

    ``visits`` is receipts in the data; ``avg_basket_cny`` mean ``net_cny``; the ``*_share``
    columns are shares (0-1) of the member's receipts in the morning (06:00-09:59), at lunch
    (11:00-13:59), late (21:00 or later) and at the weekend; ``discount_share`` is discounts
    over gross spend; ``fresh_share`` the share of line spend on :data:`FRESH_CATEGORIES`.

    Members with fewer than ``min_visits`` receipts are left out: with two or three receipts,
    shares such as "late share" are mostly chance, and they would blur the clusters.
    """
    members = _member_receipts(receipts, ("receipt_id", "gross_cny", "discount_cny"))
    check_table(receipt_lines, "receipt_lines", ["receipt_id", "product_id", "line_total_cny"])
    check_table(products, "products", ["product_id", "category"])
    check_number(min_visits, "min_visits", minimum=1, whole=True)
    hour = members["purchased_at"].dt.hour
    frame = pd.DataFrame(
        {
            "customer_id": members["customer_id"],
            "net_cny": members["net_cny"],
            "gross_cny": members["gross_cny"],
            "discount_cny": members["discount_cny"],
            "morning": hour.between(6, 9),
            "lunch": hour.between(11, 13),
            "late": hour >= 21,
            "weekend": members["purchased_at"].dt.dayofweek >= 5,
        }
    )
    grouped = frame.groupby("customer_id")
    features = pd.DataFrame(
        {
            "visits": grouped.size(),
            "avg_basket_cny": grouped["net_cny"].mean(),
            "morning_share": grouped["morning"].mean(),
            "lunch_share": grouped["lunch"].mean(),
            "late_share": grouped["late"].mean(),
            "weekend_share": grouped["weekend"].mean(),
            "discount_share": grouped["discount_cny"].sum() / grouped["gross_cny"].sum(),
        }
    )
    fresh = products.set_index("product_id")["category"].astype(str).isin(FRESH_CATEGORIES)
    lines = receipt_lines.merge(
        members[["receipt_id", "customer_id"]], on="receipt_id", how="inner"
    )
    lines["fresh_cny"] = lines["line_total_cny"].where(
        lines["product_id"].map(fresh).fillna(False).astype(bool), 0.0
    )
    by_member = lines.groupby("customer_id")[["fresh_cny", "line_total_cny"]].sum()
    share = by_member["fresh_cny"] / by_member["line_total_cny"].where(
        by_member["line_total_cny"] > 0
    )
    features["fresh_share"] = share.reindex(features.index).fillna(0.0)
    features = features[features["visits"] >= min_visits]
    if features.empty:
        raise CourseError(
            f"no member has {min_visits} or more receipts",
            table="receipts",
            column="customer_id",
            hint="Lower min_visits, or use receipts of a longer period",
        )
    return features[list(FEATURES)].fillna(0.0).sort_index()


def store_clusters(data: StoreData, k: int = 5, random_state: int = 0) -> pd.DataFrame:
    """Features, cluster number and profile name of every member with enough visits.

    One call for the chapter and the quiz: :func:`member_features` on ``data``, then
    :func:`cluster_members` and :func:`name_clusters`.
    """
    check_data(data)
    features = member_features(data.receipts, data.receipt_lines, data.products)
    clusters = cluster_members(features, k, random_state=random_state)
    names = name_clusters(cluster_profiles(features, clusters))
    out = features.copy()
    out["cluster"] = clusters
    out["profile"] = clusters.map(names)
    return out


# --- basket rules (storecrm.analysis.baskets): dense table + mlxtend -----------------------------
# One copy of the previous basket code serves both benchmarks: benchmarks/baselines_baskets.py.

from baselines_baskets import basket_matrix, top_rules  # noqa: E402  (benchmarks/ is on sys.path)

# --- retention (storecrm.analysis.kpis) ----------------------------------------------------------


def cohort_retention(
    customers: pd.DataFrame, receipts: pd.DataFrame, months: int = 6
) -> pd.DataFrame:
    """Retention by monthly sign-up cohort: who still buys 1, 2, ... months after joining.

    Definition (Farris et al. 2010, ch. 5): the retention rate of a cohort in month *k* is
    the share of the members who joined in the same calendar month (the cohort) who made at
    least one purchase in calendar month *join + k*. Month 0 is the joining month. Only
    members who joined while receipts were recorded are counted, so nobody is judged on
    months before the data starts; a cell the data cannot see yet (past its last month) is
    left empty rather than shown as 0.

    Parameters
    ----------
    customers, receipts
        The ``customers`` and ``receipts`` tables.
    months
        How many months after joining to follow (1-24).

    Returns
    -------
    pandas.DataFrame
        Index: cohort month (``"2025-03"``); columns ``members`` then ``0`` .. ``months``,
        each a retention rate (0-1).
    """
    check_number(months, "months", minimum=1, maximum=24, whole=True)
    new = _joined_in_data(customers, receipts)
    join = new.set_index("customer_id")["signup_date"].dt.to_period("M")
    bought = receipts.loc[receipts["customer_id"].isin(join.index)]
    bought_month = bought["purchased_at"].dt.to_period("M")
    offset = (bought_month - bought["customer_id"].map(join)).map(lambda d: d.n)
    active = pd.DataFrame({"customer_id": bought["customer_id"], "k": offset.to_numpy()})
    active = active.loc[(active["k"] >= 0) & (active["k"] <= months)].drop_duplicates()
    active["cohort"] = active["customer_id"].map(join)
    size = join.value_counts().sort_index()
    counts = active.groupby(["cohort", "k"]).size().unstack("k")
    counts = counts.reindex(index=size.index, columns=range(months + 1)).fillna(0)
    rates = counts.div(size, axis=0)
    last = receipts["purchased_at"].max().to_period("M")
    for cohort in rates.index:
        seen = (last - cohort).n
        rates.loc[cohort, [k for k in rates.columns if k > seen]] = np.nan
    rates.insert(0, "members", size.astype(int))
    rates.index = rates.index.astype(str)
    rates.index.name = "cohort"
    rates.columns = ["members", *[str(k) for k in range(months + 1)]]
    return rates


def monthly_retention(receipts: pd.DataFrame) -> pd.Series:
    """Month-to-month member retention: of last month's shoppers, the share who came back.

    Definition (Farris et al. 2010, ch. 5, retention rate): members with a receipt in month
    *m - 1* and again in month *m* / members with a receipt in month *m - 1*. Walk-in
    receipts (no ``customer_id``) are left out. It counts all members, old and new; the
    cohort table (:func:`cohort_retention`) follows new members only.

    Returns
    -------
    pandas.Series
        Indexed by month *m* (``"2025-02"`` ...), a rate (0-1) per month; the first month of
        the data has no month before it and is not listed.
    """
    check_table(receipts, "receipts", ["customer_id", "purchased_at"], nullable=["customer_id"])
    members = receipts.loc[receipts["customer_id"].notna()]
    month = members["purchased_at"].dt.to_period("M")
    active = members.groupby(month)["customer_id"].agg(set)
    if len(active) < 2:
        raise CourseError(
            "covers fewer than two months with member receipts",
            table="receipts",
            column="purchased_at",
            hint="Retention compares one month with the next; pass at least two months",
        )
    full = active.reindex(pd.period_range(active.index.min(), active.index.max(), freq="M"))
    rates = {}
    for before, after in zip(full.index[:-1], full.index[1:], strict=True):
        was = full[before] if isinstance(full[before], set) else set()
        now = full[after] if isinstance(full[after], set) else set()
        rates[str(after)] = len(was & now) / len(was) if was else np.nan
    return pd.Series(rates, name="retention_rate").rename_axis("month")
