"""The course's member and basket results computed in SQL by DuckDB, for exports too big for pandas.

Each function here gives the same table, with the same columns, types and order, as the
pandas helper it is named after, but reads the receipts through a
:class:`~storecrm.data.duckfolder.DuckFolder`: DuckDB scans the Parquet or CSV files in
pieces, keeps to its memory limit and spills to disk, so only the result (one row per member,
per pair or per cohort) has to fit in memory. The tests hold every function to its pandas
twin on the course data, so a supervisor can move a big export to DuckDB without the numbers
changing.

=====================  ================================================================
DuckDB                 pandas twin
=====================  ================================================================
:func:`rfm`            :func:`storecrm.analysis.segments.rfm_segments` (RFM, scores, group)
:func:`pair_rules`     :func:`storecrm.analysis.baskets.top_rules` on
                       :func:`~storecrm.analysis.baskets.basket_matrix` (pairs)
:func:`cohort_retention`  :func:`storecrm.analysis.kpis.cohort_retention`
:func:`member_summary` :func:`storecrm.analysis.customer_value.member_summary`
=====================  ================================================================

Definitions are those of the twins (Hughes 1994 for RFM with the equal-values-equal-scores
quintile rule; Agrawal et al. 1993 and Brin et al. 1997 for support, confidence and lift;
Farris et al. 2010 for retention); read the twins' docstrings for them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from storecrm.analysis.checks import check_number, check_timestamp
from storecrm.analysis.customer_value import DAYS_PER_YEAR
from storecrm.analysis.segments import rfm_group
from storecrm.data.duckfolder import DuckFolder
from storecrm.errors import CourseError

__all__ = ["QUINTILE_SQL", "cohort_retention", "member_summary", "pair_rules", "rfm"]

#: A 1-5 score by fifths, equal values equal score: ``1 + floor(5 * worse / n)`` where
#: ``worse`` counts members strictly worse (``rank() - 1`` from the worst end), as
#: :func:`storecrm.analysis.segments.quintile_scores`. ``{order}`` is the column and direction.
QUINTILE_SQL = "least(5, 1 + (5 * (rank() OVER (ORDER BY {order}) - 1)) // count(*) OVER ())"


def _check_db(db: DuckFolder) -> DuckFolder:
    if not isinstance(db, DuckFolder):
        raise CourseError(
            f"must be a DuckFolder, got {type(db).__name__}",
            column="db",
            hint="open the folder with storecrm.data.duckfolder.DuckFolder(folder)",
        )
    return db


def _ns(frame: pd.DataFrame, columns: list[str]) -> None:
    """Timestamps as pandas' loader gives them (nanoseconds), so frames compare equal."""
    for column in columns:
        frame[column] = frame[column].astype("datetime64[ns]")


def rfm(db: DuckFolder, as_of: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Recency, frequency, money, the 1-5 scores, the code and the named group per member.

    The same as ``rfm_segments(receipts, as_of)``: frequency counts shopping days,
    ``monetary_cny`` is net spend rounded to fen, recency counts whole days to ``as_of``
    (default the day after the last member receipt), and the scores follow
    :data:`QUINTILE_SQL`. The group comes from :func:`~storecrm.analysis.segments.rfm_group`
    itself (one row per member fits in memory), so the rules live in one place.
    """
    _check_db(db).require("receipts", ["customer_id", "purchased_at", "net_cny"])
    last = db.query(
        "SELECT CAST(max(purchased_at) AS DATE) AS last, count(*) AS n "
        "FROM receipts WHERE customer_id IS NOT NULL"
    )
    if int(last["n"].iloc[0]) == 0:
        raise CourseError(
            "is empty in every row: these are all walk-in receipts",
            table="receipts",
            column="customer_id",
            hint="Segments need receipts of members",
        )
    last_day = pd.Timestamp(last["last"].iloc[0]).normalize()
    when = check_timestamp(as_of, "as_of") if as_of is not None else last_day + pd.Timedelta(days=1)
    if when.normalize() < last_day:
        raise CourseError(
            f"{when:%Y-%m-%d} is before the last member receipt ({last_day:%Y-%m-%d}), so some "
            "recencies would be negative",
            column="as_of",
            hint="Use a day on or after the last receipt, or leave as_of out",
        )
    members = db.query("SELECT count(DISTINCT customer_id) AS n FROM receipts")["n"].iloc[0]
    if int(members) < 5:
        raise CourseError(
            f"has {int(members)} members with receipts; RFM scores by fifths need at least 5",
            table="receipts",
            column="customer_id",
        )
    r = QUINTILE_SQL.format(order="recency_days DESC")
    f = QUINTILE_SQL.format(order="frequency")
    m = QUINTILE_SQL.format(order="monetary_cny")
    out = db.query(
        f"""
        WITH t AS (
            SELECT customer_id,
                   max(purchased_at) AS last_purchase,
                   count(DISTINCT CAST(purchased_at AS DATE)) AS frequency,
                   round(fsum(net_cny), 2) AS monetary_cny
            FROM receipts WHERE customer_id IS NOT NULL GROUP BY customer_id
        ), d AS (
            SELECT *, date_diff('day', CAST(last_purchase AS DATE), CAST(? AS DATE))
                      AS recency_days
            FROM t
        )
        SELECT customer_id, last_purchase, recency_days, frequency, monetary_cny,
               {r} AS r, {f} AS f, {m} AS m
        FROM d ORDER BY customer_id
        """,
        [when.date()],
    )
    _ns(out, ["last_purchase"])
    out = out.astype({c: "int64" for c in ("recency_days", "frequency", "r", "f", "m")})
    out = out.set_index("customer_id")
    out["rfm_code"] = out["r"].astype(str) + out["f"].astype(str) + out["m"].astype(str)
    out["group"] = rfm_group(out["r"], out["f"], out["m"])
    return out


def pair_rules(
    db: DuckFolder,
    min_baskets: int = 50,
    min_lift: float = 1.0,
    min_confidence: float = 0.0,
    top: int | None = 10,
    one_per_pair: bool = True,
    *,
    min_product_baskets: int = 30,
) -> pd.DataFrame:
    """ "Bought together" rules for pairs of products, counted in SQL instead of a basket table.

    Gives what ``top_rules(basket_matrix(receipt_lines, products, min_product_baskets),
    min_baskets, min_lift, min_confidence, top, one_per_pair)`` gives, without building the
    receipts-by-products True/False table (a year of a chain's receipts by a few thousand
    products is billions of cells). Products are counted by shelf name, a product in fewer
    than ``min_product_baskets`` receipts is left out, and ``support`` divides by all
    receipts with at least one line. Shelf names are numbered first (in name order, so
    "first name < second name" is "first code < second code"), and the pairs are joined
    and grouped on those numbers rather than on text: on the large data set that took the
    query from 43 s to 14 s.
    """
    _check_db(db).require("receipt_lines", ["receipt_id", "product_id"])
    db.require("products", ["product_id", "product_name"])
    check_number(min_product_baskets, "min_product_baskets", minimum=1, whole=True)
    counts = db.query(
        """
        SELECT (SELECT count(DISTINCT receipt_id) FROM receipt_lines) AS n,
               (SELECT count(*) FROM receipt_lines l
                WHERE l.product_id NOT IN (SELECT product_id FROM products)
                   OR l.product_id IS NULL) AS unknown,
               (SELECT min(l.product_id) FROM receipt_lines l
                WHERE l.product_id NOT IN (SELECT product_id FROM products)) AS first_unknown
        """
    )
    n = int(counts["n"].iloc[0])
    if n == 0:
        raise CourseError("has no rows", table="receipt_lines",
                          hint="Rules need receipt lines")  # fmt: skip
    if int(counts["unknown"].iloc[0]):
        raise CourseError(
            f"{int(counts['unknown'].iloc[0])} receipt line(s) name a product not in products "
            f"(first: {counts['first_unknown'].iloc[0]!r})",
            table="receipt_lines",
            column="product_id",
            hint="Use the products table of the same export",
        )
    check_number(min_baskets, "min_baskets", minimum=1, maximum=n, whole=True,
                 hint=f"It counts receipts; the baskets hold {n}")  # fmt: skip
    check_number(min_lift, "min_lift", minimum=0)
    check_number(min_confidence, "min_confidence", minimum=0, maximum=1,
                 hint="A share between 0 and 1: 0.25 for a quarter, not 25")  # fmt: skip
    if top is not None:
        check_number(top, "top", minimum=1, whole=True, hint="Or None for all rules")
    if not isinstance(one_per_pair, bool):
        raise CourseError(f"must be True or False, got {one_per_pair!r}", column="one_per_pair")
    # One name per product id, the first in the file (as pandas' drop_duplicates): the
    # products table is small, so it is read in file order and handed back to DuckDB.
    names = db.query("SELECT product_id, product_name AS item FROM products", in_order=True)
    db.con.register("_names", names.drop_duplicates("product_id"))
    keep_one = (
        "QUALIFY row_number() OVER (PARTITION BY pair ORDER BY confidence DESC, if_bought) = 1"
        if one_per_pair
        else ""
    )
    limit = f"LIMIT {int(top)}" if top is not None else ""
    out = db.query(
        f"""
        WITH codes AS (
            SELECT product_id, item, dense_rank() OVER (ORDER BY item) AS code
            FROM _names WHERE item IS NOT NULL
        ), items AS (
            SELECT DISTINCT l.receipt_id, c.code
            FROM receipt_lines l JOIN codes c USING (product_id)
        ), kept AS (
            SELECT code, count(*) AS baskets FROM items GROUP BY code
            HAVING count(*) >= greatest(?, ?)
        ), kept_items AS (
            SELECT receipt_id, code FROM items WHERE code IN (SELECT code FROM kept)
        ), both_codes AS (
            SELECT a.code AS a, b.code AS b, count(*) AS together
            FROM kept_items a JOIN kept_items b ON a.receipt_id = b.receipt_id AND a.code < b.code
            GROUP BY a.code, b.code HAVING count(*) >= ?
        ), both_items AS (
            SELECT na.item AS a, nb.item AS b, together, ka.baskets AS n_a, kb.baskets AS n_b
            FROM both_codes
            JOIN (SELECT DISTINCT code, item FROM codes) na ON na.code = a
            JOIN (SELECT DISTINCT code, item FROM codes) nb ON nb.code = b
            JOIN kept ka ON ka.code = both_codes.a JOIN kept kb ON kb.code = both_codes.b
        ), rules AS (
            SELECT a AS if_bought, b AS then_bought, together, a || ' + ' || b AS pair,
                   n_a AS n_if, n_b AS n_then
            FROM both_items
            UNION ALL
            SELECT b, a, together, a || ' + ' || b, n_b, n_a FROM both_items
        ), measured AS (
            SELECT if_bought, then_bought, together AS baskets_with_both, pair,
                   together / ? AS support,
                   (together / ?) / (n_if / ?) AS confidence,
                   ((together / ?) / (n_if / ?)) / (n_then / ?) AS lift
            FROM rules
        )
        SELECT if_bought, then_bought, baskets_with_both, support, confidence, lift
        FROM (SELECT * FROM measured WHERE lift >= ? AND confidence >= ? {keep_one})
        ORDER BY lift DESC, if_bought, then_bought
        {limit}
        """,
        [
            min_product_baskets,
            min_baskets,
            min_baskets,
            *([float(n)] * 6),
            float(min_lift),
            float(min_confidence),
        ],
    )
    columns = ["if_bought", "then_bought", "baskets_with_both", "support", "confidence", "lift"]
    if out.empty:
        return pd.DataFrame(columns=columns)
    return out.astype({"baskets_with_both": "int64"})[columns].reset_index(drop=True)


def cohort_retention(db: DuckFolder, months: int = 6) -> pd.DataFrame:
    """Retention by monthly sign-up cohort, as ``kpis.cohort_retention(customers, receipts)``.

    The share of the members who joined in a calendar month (and while receipts were
    recorded) who bought in the month ``k`` months later; cells past the data's last month
    are empty. DuckDB counts the (member, month) pairs; only the small cohort table is pivoted
    in pandas.
    """
    _check_db(db).require("customers", ["customer_id", "signup_date"])
    db.require("receipts", ["customer_id", "purchased_at"])
    check_number(months, "months", minimum=1, maximum=24, whole=True)
    new = """
        WITH bounds AS (SELECT min(purchased_at) AS start, max(purchased_at) AS last
                        FROM receipts),
        new AS (SELECT customer_id, date_trunc('month', signup_date) AS cohort
                FROM customers, bounds WHERE signup_date >= CAST(start AS DATE))
    """
    size = db.query(
        f"{new} SELECT strftime(cohort, '%Y-%m') AS cohort, count(*) AS members, "
        "any_value(date_diff('month', cohort, date_trunc('month', (SELECT last FROM bounds)))) "
        "AS seen FROM new GROUP BY cohort ORDER BY cohort"
    )
    if size.empty:
        raise CourseError(
            "no member signed up inside the period the receipts cover",
            table="customers",
            column="signup_date",
            hint="Cohorts follow members who joined while the receipts were recorded",
        )
    active = db.query(
        f"""{new}
        SELECT strftime(cohort, '%Y-%m') AS cohort, k, count(*) AS buyers FROM (
            SELECT DISTINCT r.customer_id, n.cohort,
                   date_diff('month', n.cohort, date_trunc('month', r.purchased_at)) AS k
            FROM receipts r JOIN new n USING (customer_id)
        ) WHERE k BETWEEN 0 AND ? GROUP BY ALL
        """,
        [months],
    )
    size = size.set_index("cohort")
    counts = active.pivot(index="cohort", columns="k", values="buyers")
    counts = counts.reindex(index=size.index, columns=range(months + 1)).fillna(0)
    rates = counts.div(size["members"], axis=0).astype(float)
    past = np.arange(months + 1)[None, :] > size["seen"].to_numpy()[:, None]
    rates = rates.mask(past)
    rates.insert(0, "members", size["members"].astype(int))
    rates.index.name = "cohort"
    rates.columns = ["members", *[str(k) for k in range(months + 1)]]
    return rates


def member_summary(
    db: DuckFolder,
    *,
    use_customers: bool = True,
    period_start: pd.Timestamp | str | None = None,
    period_end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """Visits, spend, basket, discount share and visits per year per member, as
    ``customer_value.member_summary(receipts, customers, ...)``.

    With ``use_customers`` (and a customers table in the folder) a member who signed up
    inside the period is observed from the sign-up day, as the twin does when given
    ``customers``.
    """
    _check_db(db).require(
        "receipts", ["customer_id", "purchased_at", "gross_cny", "discount_cny", "net_cny"]
    )
    if use_customers:
        db.require("customers", ["customer_id", "signup_date"])
    start = check_timestamp(period_start, "period_start") if period_start is not None else None
    end = check_timestamp(period_end, "period_end") if period_end is not None else None
    bounds = db.query(
        "SELECT CAST(min(purchased_at) AS DATE) AS first, CAST(max(purchased_at) AS DATE) AS last, "
        "count(customer_id) AS members FROM receipts"
    )
    if int(bounds["members"].iloc[0]) == 0:
        raise CourseError(
            "is empty in every row: these are all walk-in receipts",
            table="receipts",
            column="customer_id",
            hint="A member summary needs receipts of members",
        )
    start = start if start is not None else pd.Timestamp(bounds["first"].iloc[0])
    end = end if end is not None else pd.Timestamp(bounds["last"].iloc[0])
    if end < start:
        raise CourseError(
            f"{end:%Y-%m-%d} is before the period's start ({start:%Y-%m-%d})",
            column="period_end" if period_end is not None else "period_start",
            hint="The period runs from period_start to period_end",
        )
    signup = (
        "LEFT JOIN (SELECT customer_id, any_value(signup_date) AS signup_date FROM customers "
        "GROUP BY customer_id) c USING (customer_id)"
        if use_customers
        else "LEFT JOIN (SELECT NULL::VARCHAR AS customer_id, NULL::DATE AS signup_date) c "
        "USING (customer_id)"
    )
    out = db.query(
        f"""
        WITH g AS (
            SELECT customer_id, count(*) AS visits, fsum(net_cny) AS spend_cny,
                   fsum(gross_cny) AS gross_cny, fsum(discount_cny) AS discount_cny,
                   min(purchased_at) AS first_visit, max(purchased_at) AS last_visit,
                   count(DISTINCT date_trunc('month', purchased_at)) AS months_active
            FROM receipts
            WHERE customer_id IS NOT NULL AND purchased_at >= CAST(? AS TIMESTAMP)
              AND purchased_at < CAST(? AS TIMESTAMP)
            GROUP BY customer_id
        )
        SELECT g.*, c.signup_date FROM g {signup} ORDER BY customer_id
        """,
        [start.to_pydatetime(), (end + pd.Timedelta(days=1)).to_pydatetime()],
    )
    if out.empty:
        raise CourseError(
            f"no member receipt between {start:%Y-%m-%d} and {end:%Y-%m-%d}",
            table="receipts",
            column="purchased_at",
            hint="Pick a period inside the data",
        )
    _ns(out, ["first_visit", "last_visit", "signup_date"])
    out = out.set_index("customer_id")
    early = out["first_visit"].dt.normalize() < out["signup_date"]
    if early.any():
        raise CourseError(
            f"{int(early.sum())} members have receipts before they signed up (first: "
            f"{out.index[early.to_numpy()][0]})",
            table="customers",
            column="signup_date",
            hint="Use the customers table of the same data set, or fix those dates",
        )
    out["avg_basket_cny"] = out["spend_cny"] / out["visits"]
    gross = out["gross_cny"].where(out["gross_cny"] > 0)
    out["discount_share"] = (out["discount_cny"] / gross).fillna(0.0)
    later = out["signup_date"].notna() & (out["signup_date"] > start)
    observed_from = pd.Series(start, index=out.index).where(~later, out["signup_date"])
    out["observed_days"] = (end - observed_from).dt.days + 1
    out["visits_per_year"] = out["visits"] * DAYS_PER_YEAR / out["observed_days"]
    out = out.astype({"visits": "int64", "months_active": "int64"})
    return out[
        [
            "visits",
            "spend_cny",
            "gross_cny",
            "discount_cny",
            "avg_basket_cny",
            "discount_share",
            "first_visit",
            "last_visit",
            "months_active",
            "observed_days",
            "visits_per_year",
        ]
    ]
