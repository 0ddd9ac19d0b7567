"""Membership tiers, points and their cost for Module 5.

Staff explain the programme at the counter every day, so the rules the book teaches must be
the rules the data follows. :func:`tier_rules` therefore builds the tier table straight from
:mod:`storecrm.rules`, the one source the generator also reads; the chapter and the Playbook
print it instead of retyping numbers that could drift.

The other functions answer the questions a store manager asks about the programme:

* :func:`tier_mix`: the share of current members in each tier; :func:`member_status_mix`
  the same over everyone who ever joined, with those who left counted as ``exited``.
* :func:`tier_movements`: how many members moved up, moved down or left at each monthly
  review.
* :func:`points_liability` and :func:`points_by_month`: how many points were earned, used
  and expired, and what the unused balance would cost the store if every point were spent.
  Unused points are a debt to the customer: accounting standards treat them as a separate
  promise whose value is deferred until the points are used or expire (IFRS 15 *Revenue
  from Contracts with Customers*, paragraphs B39-B43, "customer options for additional
  goods or services"). Here the debt is valued at face value (100 points = ¥1), an upper
  bound, because some points will never be used.
* :func:`member_vs_walk_in`: what a member receipt looks like next to a walk-in one.
* :func:`moved_up_example` and :func:`lapsed_example` pick real members for the worked
  examples, and :func:`tier_history` shows one member's log.

The numbers the Module 5 quiz asks for are built on these in
:mod:`storecrm.quiz.answers.membership`.
"""

from __future__ import annotations

import pandas as pd

from storecrm.analysis.checks import (
    MAX_WINDOW_DAYS,
    check_choice,
    check_horizon,
    check_not_before,
    check_number,
    check_table,
    check_timestamp,
)
from storecrm.errors import CourseError
from storecrm.rules import membership_rules

__all__ = [
    "CARRY_OVER_DAY",
    "EXAMPLE_RECEIPT",
    "POINTS_PER_YUAN_REDEEMED",
    "TIER_ZH",
    "lapsed_example",
    "member_status_mix",
    "member_vs_walk_in",
    "moved_up_example",
    "points_by_month",
    "points_for_receipt",
    "points_liability",
    "points_rules",
    "qualifying_spend",
    "review_moves",
    "review_spend",
    "tier_history",
    "tier_mix",
    "tier_movements",
    "tier_rules",
]

#: Chinese names of the tiers, as printed on the member card and the till screen.
TIER_ZH: dict[str, str] = {t.id: t.zh for t in membership_rules().tiers}

#: Points a member gives up for one yuan off (500 points = ¥5), from the store's rules.
POINTS_PER_YUAN_REDEEMED = membership_rules().points.points_per_yuan_redeemed

#: Tiers held when the new programme started were carried over and logged as an
#: ``upgrade`` on this day; they are not movements a member earned at a review.
CARRY_OVER_DAY = pd.Timestamp("2025-01-01")


def tier_rules() -> pd.DataFrame:
    """The tier rule table: what it takes to reach and keep each tier, and what it earns.

    Built from :mod:`storecrm.rules` (not typed in), the source the generator reads too, so
    the book, the Playbook and the synthetic data can never disagree. Spend is *qualifying
    spend* in the 90 days before a monthly review (1 April to 1 December), in yuan.

    Returns
    -------
    pandas.DataFrame
        One row per tier, lowest first, with columns ``tier``, ``tier_zh``,
        ``qualify_spend_cny`` (90-day spend needed to move up into the tier),
        ``keep_spend_cny`` (90-day spend needed to stay; below it the member drops one tier)
        and ``points_per_yuan`` (points earned per whole yuan paid).
    """
    tiers = membership_rules().tiers
    return pd.DataFrame(
        {
            "tier": [t.id for t in tiers],
            "tier_zh": [t.zh for t in tiers],
            "qualify_spend_cny": [float(t.entry_cny) for t in tiers],
            "keep_spend_cny": [float(t.keep_cny) for t in tiers],
            "points_per_yuan": [float(t.points_per_yuan) for t in tiers],
        }
    )


def points_rules() -> pd.Series:
    """How points are used, from :mod:`storecrm.rules` (so the book cannot drift).

    Returns
    -------
    pandas.Series
        ``block_points`` (points used together, e.g. 500), ``block_cny`` (what one block
        takes off, in yuan), ``min_receipt_cny`` (smallest receipt on which points can be
        used) and ``points_per_yuan_redeemed`` (points given up per yuan off).
    """
    points = membership_rules().points
    return pd.Series(
        {
            "block_points": int(points.block_points),
            "block_cny": float(points.block_cny),
            "min_receipt_cny": float(points.min_receipt_cny),
            "points_per_yuan_redeemed": POINTS_PER_YUAN_REDEEMED,
        },
        dtype=object,
    )


def points_for_receipt(paid_cny: float, tier: str) -> int:
    """Points one receipt earns: whole yuan paid (before any points discount) x the tier's
    multiplier, rounded down, as the till counts them.

    Rounding happens twice, both times down: first the yuan (¥57.80 counts as 57), then the
    points (57 x 1.5 = 85.5 gives 85). Members ask about exactly this at the till.
    """
    check_number(
        paid_cny, "paid_cny", minimum=0, maximum=1e7, hint="It is what the member paid, in yuan"
    )
    rules = tier_rules().set_index("tier")
    check_choice(tier, "tier", list(rules.index))
    whole_yuan = round(paid_cny * 100) // 100
    # Work in tenths so 57 x 1.2 is exact (the simulation does the same).
    mult10 = round(float(rules.loc[tier, "points_per_yuan"]) * 10)
    return whole_yuan * mult10 // 10


#: The receipt in the quiz: what a gold member paid, in yuan.
EXAMPLE_RECEIPT: tuple[float, str] = (57.80, "gold")


def tier_mix(customers: pd.DataFrame) -> pd.Series:
    """The tier mix (会员等级结构): the share (0-1) of current members in each tier.

    The course's one definition, the same as the Module 2 exercise checks: members whose
    membership lapsed have no tier and are left out, so the shares add up to 1 over the
    members a shop assistant can still meet at the till. For where *everyone who ever
    joined* stands, exits included, see :func:`member_status_mix`.

    Returns
    -------
    pandas.Series
        Named ``share``, index ``tier`` (standard, silver, gold, diamond), fractions 0-1
        (all 0 when nobody has a tier).
    """
    counts = member_status_mix(customers)["members"].drop("exited")
    total = counts.sum()
    shares = counts / total if total else counts.astype(float) * 0.0
    return shares.rename("share")


def member_status_mix(customers: pd.DataFrame) -> pd.DataFrame:
    """Where everyone who ever joined stands at the end of the data: each tier, or exited.

    Members who left the programme have no tier; they are counted as ``exited``, so the
    shares add up to 1 over everyone who ever joined: the base for "how many of the members
    we signed up have we lost?". Not the tier mix (:func:`tier_mix`), which leaves them out.

    Returns
    -------
    pandas.DataFrame
        Index ``tier`` (standard, silver, gold, diamond, exited), columns ``members`` and
        ``share`` (0-1).
    """
    check_table(customers, "customers", ["tier"])
    tiers = customers["tier"].astype("string").fillna("exited")
    order = [*membership_rules().tier_ids, "exited"]
    counts = tiers.value_counts().reindex(order, fill_value=0).astype(int)
    out = pd.DataFrame({"members": counts})
    total = counts.sum()
    out["share"] = out["members"] / total if total else 0.0
    out.index.name = "tier"
    return out


def tier_movements(tier_changes: pd.DataFrame, *, include_carry_over: bool = False) -> pd.DataFrame:
    """Upgrades, downgrades and exits per month, from the tier change log.

    Joins are left out (they are sign-ups, not movements). Carried-over tiers logged on
    :data:`CARRY_OVER_DAY` are left out unless ``include_carry_over`` is true, because
    nobody earned them at a review.

    Returns
    -------
    pandas.DataFrame
        Index ``month`` (a monthly :class:`pandas.Period`), integer columns ``upgrade``,
        ``downgrade`` and ``exit``; months with no movement are not listed.
    """
    check_table(tier_changes, "tier_changes", ["changed_on", "change"])
    if not isinstance(include_carry_over, bool):
        raise CourseError(
            f"must be True or False, got {include_carry_over!r}", column="include_carry_over"
        )
    kinds = ["upgrade", "downgrade", "exit"]
    log = tier_changes[tier_changes["change"].astype("string").isin(kinds)]
    if not include_carry_over:
        log = log[log["changed_on"] != CARRY_OVER_DAY]
    month = log["changed_on"].dt.to_period("M").rename("month")
    change = log["change"].astype("string").rename("change")
    out = pd.crosstab(month, change).reindex(columns=kinds, fill_value=0).astype(int)
    out.columns.name = None
    return out


def _check_ledger(points_ledger: pd.DataFrame) -> None:
    """A points ledger whose signs match the kinds: earn adds points, redeem and expire take."""
    check_table(points_ledger, "points_ledger", ["occurred_at", "kind", "points"])
    kind = points_ledger["kind"].astype("string").to_numpy()
    pts = points_ledger["points"].to_numpy()
    wrong = ((kind == "earn") & (pts <= 0)) | ((kind != "earn") & (pts >= 0))
    if wrong.any():
        first = points_ledger.index[int(wrong.argmax())]
        raise CourseError(
            f"{int(wrong.sum())} rows whose sign does not match their kind (first at row {first})",
            table="points_ledger",
            column="points",
            hint="Earned points are positive; redeemed and expired points are negative",
        )


def _signed_points(points_ledger: pd.DataFrame) -> pd.DataFrame:
    kind = points_ledger["kind"].astype("string")
    pts = points_ledger["points"].abs()
    return pd.DataFrame(
        {
            "earned": pts.where(kind == "earn", 0),
            "redeemed": pts.where(kind == "redeem", 0),
            "expired": pts.where(kind == "expire", 0),
        }
    ).astype("int64")


def points_liability(
    points_ledger: pd.DataFrame, on: str | pd.Timestamp | None = None
) -> pd.Series:
    """Points earned, redeemed and expired up to a date, and the unused balance in yuan.

    The unused balance is what the store still owes its members: every 100 points can be
    taken as ¥1 off a future receipt (see the module docstring for why this is a debt).

    Parameters
    ----------
    points_ledger
        The ``points_ledger`` table (``kind`` earn/redeem/expire, signed ``points``).
    on
        Count entries up to the end of this day (a date or timestamp). ``None`` counts the
        whole ledger.

    Returns
    -------
    pandas.Series
        ``earned``, ``redeemed``, ``expired`` and ``outstanding`` (points, all positive
        integers) and ``outstanding_cny`` (yuan).
    """
    _check_ledger(points_ledger)
    ledger = points_ledger
    if on is not None:
        day = check_timestamp(on, "on")
        check_not_before(
            day,
            "on",
            points_ledger["occurred_at"],
            "points_ledger",
            "occurred_at",
            what="ledger entry",
        )
        end = day.normalize() + pd.Timedelta(days=1)
        ledger = ledger[ledger["occurred_at"] < end]
    sums = _signed_points(ledger).sum()
    outstanding = int(sums["earned"] - sums["redeemed"] - sums["expired"])
    return pd.Series(
        {
            "earned": int(sums["earned"]),
            "redeemed": int(sums["redeemed"]),
            "expired": int(sums["expired"]),
            "outstanding": outstanding,
            "outstanding_cny": outstanding / POINTS_PER_YUAN_REDEEMED,
        },
        dtype=object,
    )


def points_by_month(points_ledger: pd.DataFrame) -> pd.DataFrame:
    """Points earned, redeemed and expired in each month (all positive numbers).

    Shows whether members actually use what they earn: if earning runs far ahead of
    redeeming month after month, the debt grows and members may not see the points as a
    benefit at all.

    Returns
    -------
    pandas.DataFrame
        Index ``month`` (monthly period), columns ``earned``, ``redeemed``, ``expired``.
    """
    _check_ledger(points_ledger)
    parts = _signed_points(points_ledger)
    parts.index = points_ledger["occurred_at"].dt.to_period("M").rename("month").values
    out = parts.groupby(level=0).sum()
    out.index.name = "month"
    return out


def member_vs_walk_in(receipts: pd.DataFrame) -> pd.DataFrame:
    """Receipts, share of receipts and average basket for members and walk-in shoppers.

    Returns
    -------
    pandas.DataFrame
        Index ``shopper`` (``member``, ``walk-in``), columns ``receipts``,
        ``receipt_share`` (the group's share of all receipts, a fraction 0-1; pages show it
        with :func:`storecrm.format.percent`), ``avg_basket_cny`` (mean ``net_cny``) and
        ``avg_items``.
    """
    check_table(receipts, "receipts", ["is_member", "net_cny", "items"])
    who = receipts["is_member"].map({True: "member", False: "walk-in"}).rename("shopper")
    out = receipts.groupby(who).agg(
        receipts=("net_cny", "size"),
        avg_basket_cny=("net_cny", "mean"),
        avg_items=("items", "mean"),
    )
    out = out.reindex(["member", "walk-in"])
    out.insert(1, "receipt_share", out["receipts"] / out["receipts"].sum())
    return out


def qualifying_spend(
    receipts: pd.DataFrame,
    receipt_lines: pd.DataFrame,
    review_day: str | pd.Timestamp,
    *,
    window_days: int = 90,
) -> pd.Series:
    """Each member's qualifying spend in the ``window_days`` before a review day, in yuan.

    Qualifying spend is what the tier review looks at: the price of the goods minus shelf
    (line) discounts, *before* coupons and points. So a member who uses a coupon or points
    does not lose progress towards the next tier. It is the sum of ``line_total_cny``.

    Returns
    -------
    pandas.Series
        Indexed by ``customer_id``; members with no receipt in the window are not listed.
    """
    check_table(receipts, "receipts", ["receipt_id", "customer_id", "purchased_at"])
    check_table(receipt_lines, "receipt_lines", ["receipt_id", "line_total_cny"])
    start, day = _review_window(receipts, review_day, window_days)
    return _spend_in_window(receipts, receipt_lines, start, day)


def _review_window(
    receipts: pd.DataFrame, review_day: str | pd.Timestamp, window_days: int
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The checked window ``[start, day)`` of a review; ``receipts`` is the whole table, so a
    day before the data is refused whichever member is asked about."""
    check_horizon(window_days, "window_days", MAX_WINDOW_DAYS, "days")
    check_number(window_days, "window_days", minimum=1, whole=True)
    day = check_timestamp(review_day, "review_day").normalize()
    first = receipts["purchased_at"].min()
    if day <= first.normalize():
        raise CourseError(
            f"{day:%Y-%m-%d} is on or before the first receipt ({first:%Y-%m-%d}): the "
            f"{window_days} days before it hold no data",
            column="review_day",
            hint="Pick a review day inside the data",
        )
    return day - pd.Timedelta(days=window_days), day


def _spend_in_window(
    receipts: pd.DataFrame, receipt_lines: pd.DataFrame, start: pd.Timestamp, day: pd.Timestamp
) -> pd.Series:
    """Sum of line totals per member over the receipts bought in ``[start, day)``."""
    member = receipts[receipts["customer_id"].notna()]
    win = member[(member["purchased_at"] >= start) & (member["purchased_at"] < day)]
    lines = receipt_lines[receipt_lines["receipt_id"].isin(win["receipt_id"])]
    per_receipt = lines.groupby("receipt_id")["line_total_cny"].sum()
    who = win.set_index("receipt_id")["customer_id"]
    out = per_receipt.groupby(who.reindex(per_receipt.index)).sum().round(2)
    out.index.name = "customer_id"
    return out.rename("qualifying_spend_cny")


def tier_history(tier_changes: pd.DataFrame, customer_id: str) -> pd.DataFrame:
    """One member's tier log, oldest first: date, from tier, to tier and the kind of change.

    Ready to show on a page: a missing tier (before joining, after leaving) is shown as
    ``"-"`` rather than ``NaN``, which new staff would not understand.
    """
    cols = ["changed_on", "from_tier", "to_tier", "change"]
    check_table(tier_changes, "tier_changes", ["customer_id", *cols])
    rows = tier_changes[tier_changes["customer_id"] == customer_id]
    if rows.empty:
        raise CourseError(
            f"no tier changes for member {customer_id!r}",
            table="tier_changes",
            column="customer_id",
            hint="Check the member number (e.g. 'M00012')",
        )
    out = rows.sort_values("changed_on", kind="stable")[cols].reset_index(drop=True)
    for col in ("from_tier", "to_tier", "change"):
        out[col] = out[col].astype("string").fillna("-")
    return out


def review_spend(
    receipts: pd.DataFrame,
    receipt_lines: pd.DataFrame,
    tier_changes: pd.DataFrame,
    customer_id: str,
) -> pd.DataFrame:
    """A member's tier changes at reviews, each with the qualifying spend that caused it.

    Puts the rule and the evidence side by side ("¥210 in 90 days, below gold's ¥350 keep
    amount, so down to silver"), which is how staff explain a tier change to a member.
    Joins, exits and carried-over tiers are left out: no spend decided them.

    Returns
    -------
    pandas.DataFrame
        Columns ``changed_on``, ``from_tier``, ``to_tier``, ``change`` and
        ``spend_last_90_days_cny``, oldest first.
    """
    log = tier_history(tier_changes, customer_id)
    check_table(receipts, "receipts", ["receipt_id", "customer_id", "purchased_at"])
    check_table(receipt_lines, "receipt_lines", ["receipt_id", "line_total_cny"])
    log = log[log["change"].isin(["upgrade", "downgrade"]) & (log["changed_on"] != CARRY_OVER_DAY)]
    # Only this member's receipts and lines can add to their spend: pick them out once
    # (one pass over the lines) instead of summing the whole chain at every review, which
    # took 11 s on the large data set. Same sums, in the same order, so the same floats.
    mine = receipts[receipts["customer_id"] == customer_id]
    my_lines = receipt_lines[receipt_lines["receipt_id"].isin(mine["receipt_id"])]
    spend = []
    for day in log["changed_on"]:
        start, end = _review_window(receipts, day, 90)
        spend.append(float(_spend_in_window(mine, my_lines, start, end).get(customer_id, 0.0)))
    return log.assign(spend_last_90_days_cny=spend).reset_index(drop=True)


def review_moves(tier_changes: pd.DataFrame) -> pd.DataFrame:
    """Upgrades, downgrades and exits made at reviews (carry-overs and joins left out)."""
    check_table(tier_changes, "tier_changes", ["customer_id", "changed_on", "change"])
    kind = tier_changes["change"].astype("string")
    moves = tier_changes[kind.isin(["upgrade", "downgrade", "exit"])]
    return moves[moves["changed_on"] != CARRY_OVER_DAY]


def moved_up_example(tier_changes: pd.DataFrame) -> str:
    """A member who climbed at least two tiers at reviews and never dropped: the model story.

    Among such members, the one with the most review upgrades, then the earliest-joined
    customer id, so the choice is repeatable. Falls back to any member with an upgrade.
    """
    moves = review_moves(tier_changes)
    kind = moves["change"].astype("string")
    ups = moves[kind == "upgrade"].groupby("customer_id").size()
    down_or_exit = set(moves.loc[kind != "upgrade", "customer_id"])
    clean = ups[~ups.index.isin(down_or_exit)]
    pool = clean[clean >= 2] if (clean >= 2).any() else (clean if len(clean) else ups)
    if pool.empty:
        raise CourseError(
            "no member moved up at a review",
            table="tier_changes",
            column="change",
            hint="Pass the whole tier_changes table",
        )
    best = pool[pool == pool.max()]
    return str(sorted(best.index)[0])


def lapsed_example(tier_changes: pd.DataFrame) -> str:
    """A member who had moved up, then dropped a tier and finally left the programme.

    Picks the member with the longest such log (ties: lowest customer id). Falls back to
    any member who exited, so the chapter always has a lapsed story to tell.
    """
    moves = review_moves(tier_changes)
    kind = moves["change"].astype("string")
    exited = set(moves.loc[kind == "exit", "customer_id"])
    if not exited:
        raise CourseError(
            "no member left the programme",
            table="tier_changes",
            column="change",
            hint="Pass the whole tier_changes table",
        )
    log = tier_changes[tier_changes["customer_id"].isin(exited)]
    lk = log["change"].astype("string")
    upped = set(log.loc[lk == "upgrade", "customer_id"])
    downed = set(log.loc[lk == "downgrade", "customer_id"])
    pool = (upped & downed) or upped or exited
    size = log[log["customer_id"].isin(pool)].groupby("customer_id").size()
    best = size[size == size.max()]
    return str(sorted(best.index)[0])
