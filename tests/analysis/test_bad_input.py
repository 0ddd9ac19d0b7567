"""Every public analysis helper refuses bad input with one clear CourseError.

The corpus below holds, for every public helper found in the modules' ``__all__``, one good
call (which must work) and a list of bad calls: empty tables, missing columns, text where
numbers belong, gaps, negative amounts, scores off the scale, dates outside the data and
absurd parameters. Each bad call must raise :class:`~storecrm.errors.CourseError` (no other
exception, no silent result) whose message names the table and column (or the parameter).

A new helper added to a module's ``__all__`` without a corpus entry fails
:func:`test_every_public_helper_has_a_corpus_entry`, so the rule cannot be forgotten. The
``quiz_*`` helpers are left out: they are moving into the quiz package.

At the end: the failures a hostile run found once, kept as named regression tests.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd
import pytest

from storecrm.analysis import (
    baskets,
    charts,
    churn,
    complaints,
    customer_value,
    data_quality,
    kpis,
    membership,
    promotions,
    segments,
    service,
    trends,
    wording,
)
from storecrm.analysis.checks import MAX_YEARS
from storecrm.data import StoreData, load
from storecrm.errors import CourseError

MODULES: tuple[ModuleType, ...] = (
    baskets,
    charts,
    churn,
    complaints,
    customer_value,
    data_quality,
    kpis,
    membership,
    promotions,
    segments,
    service,
    trends,
    wording,
)

#: Helpers that take no input at all: nothing to refuse. The test checks they really take
#: no parameters, so adding one moves the helper into the corpus.
NO_INPUT = {"use_store_style", "tier_rules", "points_rules"}


def public_helpers() -> dict[str, Callable[..., Any]]:
    """Every function and class in the modules' ``__all__``, except the ``quiz_*`` ones."""
    found: dict[str, Callable[..., Any]] = {}
    for module in MODULES:
        for name in module.__all__:
            obj = getattr(module, name)
            if name.startswith("quiz_") or not callable(obj):
                continue
            assert name not in found, f"{name} is public in two modules"
            found[name] = obj
    return found


# --- building bad inputs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad call and the words its message must contain."""

    label: str
    call: Callable[[], Any]
    names: tuple[str, ...]


def spoil(frame: pd.DataFrame, column: str, how: str | tuple[str, Any]) -> pd.DataFrame:
    """A copy of ``frame`` with one kind of damage in ``column``.

    ``drop`` removes it; ``nan`` blanks one cell; ``text`` turns the column into text
    (numbers or dates as strings, as a CSV read without types gives); ``negative`` makes one
    value negative; ``("value", v)`` writes ``v`` into one cell.
    """
    out = frame.copy()
    row = out.index[min(3, len(out) - 1)]
    if how == "drop":
        return out.drop(columns=column)
    if how == "text":
        out[column] = out[column].astype(str)
        return out
    if how == "nan":
        value: Any = np.nan
    elif how == "negative":
        value = -abs(float(out[column].max())) - 1
    else:
        value = how[1]
    if isinstance(out[column].dtype, pd.CategoricalDtype) or out[column].dtype == bool:
        out[column] = out[column].astype(object)
    if isinstance(value, str) and out[column].dtype.kind in "biufcM":
        out[column] = out[column].astype(object)
    elif out[column].dtype.kind in "iu" and not isinstance(value, int | np.integer):
        out[column] = out[column].astype(float)
    out.loc[row, column] = value
    return out


def table_cases(
    call: Callable[[pd.DataFrame], Any],
    frame: pd.DataFrame,
    table: str,
    damage: dict[str, Iterable[str | tuple[str, Any]]],
    *,
    empty: bool = True,
    drop: bool = True,
) -> list[Case]:
    """Bad calls that damage one table argument: empty, each column dropped, then ``damage``."""
    cases = []
    if empty:
        cases.append(Case(f"{table} empty", lambda: call(frame.iloc[:0]), (table,)))
    for column, kinds in damage.items():
        where = (f"{table}.{column}",)
        if drop:
            dropped = spoil(frame, column, "drop")
            cases.append(Case(f"{table}.{column} drop", _bind(call, dropped), where))
        for how in kinds:
            label = f"{table}.{column} {how if isinstance(how, str) else how[1]!r}"
            cases.append(Case(label, _bind(call, spoil(frame, column, how)), where))
    return cases


def _bind(call: Callable[[Any], Any], arg: Any) -> Callable[[], Any]:
    return lambda: call(arg)


def param_cases(call: Callable[..., Any], params: dict[str, Iterable[Any]]) -> list[Case]:
    """Bad calls that pass one absurd parameter each (the message names the parameter)."""
    return [
        Case(f"{name}={value!r}", _bind_kw(call, name, value), (f"{name}",))
        for name, values in params.items()
        for value in values
    ]


def missing_column_cases(call: Callable[..., Any], name: str, values: Iterable[str]) -> list[Case]:
    """Bad calls that name a column the table does not have (the message names that column)."""
    return [
        Case(f"{name}={value!r}", _bind_kw(call, name, value), (value, "missing column"))
        for value in values
    ]


def _bind_kw(call: Callable[..., Any], name: str, value: Any) -> Callable[[], Any]:
    return lambda: call(**{name: value})


def data_cases(
    call: Callable[[Any], Any], data: StoreData, table: str, column: str, how: Any = "negative"
) -> list[Case]:
    """Bad calls of a ``data=`` helper: not a StoreData, and one damaged table inside it."""
    spoiled = replace(data, **{table: spoil(getattr(data, table), column, how)})
    return [
        Case("data is a DataFrame", _bind(call, data.receipts), ("data",)),
        Case(f"data.{table}.{column} {how}", _bind(call, spoiled), (f"{table}.{column}",)),
    ]


NAN = float("nan")
BAD_NUMBERS = ("10", NAN, None, True)


@dataclass(frozen=True)
class Good:
    """Good inputs, made once: the committed data and the frames helpers make for each other."""

    d: StoreData
    summary: pd.DataFrame
    baskets: pd.DataFrame
    rules: pd.DataFrame
    activity: pd.DataFrame
    results: pd.DataFrame
    daily: pd.DataFrame
    rfm: pd.DataFrame
    features: pd.DataFrame
    clusters: pd.Series
    profiles: pd.DataFrame
    visits: pd.DataFrame


@cache
def good() -> Good:
    d = load()
    summary = customer_value.member_summary(d.receipts, d.customers)
    basket = baskets.basket_matrix(d.receipt_lines, d.products)
    rules = baskets.top_rules(basket, min_baskets=50, one_per_pair=False, top=None)
    activity = promotions.campaign_member_activity(d.campaigns, d.coupon_sends, d.receipts)
    features = segments.member_features(d.receipts, d.receipt_lines, d.products)
    clusters = segments.cluster_members(features, 5)
    return Good(
        d=d,
        summary=summary,
        baskets=basket,
        rules=rules,
        activity=activity,
        results=promotions.campaign_results(activity),
        daily=promotions.daily_sales(d.receipts),
        rfm=segments.rfm_table(d.receipts),
        features=features,
        clusters=clusters,
        profiles=segments.cluster_profiles(features, clusters),
        visits=complaints.visits_around_complaints(d.complaints, d.receipts),
    )


# --- the corpus: helper name -> (good call, bad calls) ----------------------------------------

Entry = tuple[Callable[[], Any], list[Case]]
CORPUS: dict[str, Callable[[Good], Entry]] = {}


def entry(name: str) -> Callable[[Callable[[Good], Entry]], Callable[[Good], Entry]]:
    def register(build: Callable[[Good], Entry]) -> Callable[[Good], Entry]:
        CORPUS[name] = build
        return build

    return register


# baskets ---------------------------------------------------------------------------------------


@entry("basket_matrix")
def _(g: Good) -> Entry:
    d = g.d
    lines = d.receipt_lines.head(5000)

    def call(**kw: Any) -> Any:
        return baskets.basket_matrix(
            kw.get("lines", lines), kw.get("products", d.products), kw.get("min_baskets", 1)
        )

    bad = table_cases(
        lambda x: call(lines=x),
        lines,
        "receipt_lines",
        {"receipt_id": ["nan"], "product_id": ["nan", ("value", "P9999")]},
    )
    bad += table_cases(lambda x: call(products=x), d.products, "products", {"product_id": []})
    bad += param_cases(call, {"min_baskets": [0, 2.5, *BAD_NUMBERS]})
    return call, bad


@entry("top_rules")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return baskets.top_rules(kw.pop("baskets", g.baskets), **{"min_baskets": 50, **kw})

    text = g.baskets.astype(int)
    bad = [
        Case("baskets empty", lambda: call(baskets=g.baskets.iloc[:0]), ("baskets",)),
        Case("baskets of 0/1", lambda: call(baskets=text), ("baskets.",)),
    ]
    bad += param_cases(
        call,
        {
            "min_baskets": [0, len(g.baskets) + 1, 2.5, *BAD_NUMBERS],
            "min_lift": [-1, NAN, "1"],
            "min_confidence": [-0.1, 25, NAN],  # 25: a percent where a share is due
            "top": [0, -3, 1.5, "10"],
        },
    )
    return call, bad


@entry("PairCounts")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        counts = {"n_baskets": 100, "n_a": 20, "n_b": 10, "n_both": 5, **kw}
        return baskets.PairCounts("A", "B", **counts)

    bad = param_cases(
        call,
        {
            "n_baskets": [-1, 10, NAN, "100"],
            "n_a": [-20, 2.5, None],
            "n_b": [-10],
            "n_both": [-5, 50, True],
        },
    )
    return call, bad


@entry("pair_lift")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return baskets.pair_lift(**{"n_baskets": 100, "n_a": 20, "n_b": 10, "n_both": 5, **kw})

    bad = [Case("never bought", lambda: call(n_a=0, n_both=0), ("n_a:", "at least one"))]
    bad += param_cases(
        call,
        {
            "n_baskets": [-1, 10, NAN, "100"],
            "n_a": [NAN, -20, 2.5],
            "n_b": [-1, None],
            "n_both": [-5, 50, True],
        },
    )
    return call, bad


@entry("count_pair")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        args = {"baskets": g.baskets, "a": "Cup noodles", "b": "Ham sausage", **kw}
        return baskets.count_pair(args["baskets"], args["a"], args["b"])

    bad = [
        Case("baskets empty", lambda: call(baskets=g.baskets.iloc[:0]), ("baskets",)),
        Case("baskets as text", lambda: call(baskets=g.baskets.astype(str)), ("baskets.",)),
    ]
    bad += param_cases(call, {"a": ["cup noodles", None, 3], "b": ["Cup noodles", "Nope"]})
    return call, bad


@entry("also_bought")
def _(g: Good) -> Entry:
    product = str(g.rules["if_bought"].iloc[0])

    def call(**kw: Any) -> Any:
        args = {"rules": g.rules, "product": product, "top": 3, **kw}
        return baskets.also_bought(args["rules"], args["product"], args["top"])

    bad = table_cases(
        lambda x: call(rules=x),
        g.rules,
        "rules",
        {"if_bought": ["nan"], "confidence": ["text", "negative", ("value", 75.0)]},
    )
    bad += param_cases(call, {"product": [product.upper(), None], "top": [0, 1.5, "3"]})
    return call, bad


@entry("campaign_effect_by_group")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        args = {"activity": g.activity, "customers": g.d.customers, "campaign_id": "C03"}
        args |= {"by": "age_band", **kw}
        return baskets.campaign_effect_by_group(**args)

    bad = table_cases(
        lambda x: call(activity=x),
        g.activity,
        "activity",
        {"group": [("value", "Treatment")], "visits": ["text", "negative", "nan"]},
    )
    bad += table_cases(
        lambda x: call(customers=x),
        g.d.customers,
        "customers",
        {"customer_id": ["nan"], "age_band": [("value", "30-40")]},
    )
    bad += param_cases(call, {"campaign_id": ["C99", None], "by": ["customer_id", 3]})
    return call, bad


# complaints ------------------------------------------------------------------------------------

_TIME_DAMAGE: dict[str, list[Any]] = {
    "opened_at": ["text", "nan"],
    "first_response_at": ["nan", ("value", pd.Timestamp("2020-01-01"))],
    "resolved_at": ["text", ("value", pd.Timestamp("2020-01-01"))],
}


@entry("add_times")
def _(g: Good) -> Entry:
    def call(frame: pd.DataFrame = g.d.complaints) -> Any:
        return complaints.add_times(frame)

    return call, table_cases(call, g.d.complaints, "complaints", _TIME_DAMAGE)


@entry("speed_band")
def _(g: Good) -> Entry:
    hours = complaints.add_times(g.d.complaints)["resolution_h"]

    def call(values: Any = hours) -> Any:
        return complaints.speed_band(values)

    bad = [
        Case("empty", lambda: call(hours.iloc[:0]), ("resolution_h",)),
        Case("NaN", lambda: call(pd.Series([1.0, NAN])), ("resolution_h",)),
        Case("negative", lambda: call(pd.Series([1.0, -3.0])), ("resolution_h",)),
        Case("text", lambda: call(hours.astype(str)), ("resolution_h",)),
        Case("a list", lambda: call([1.0, 2.0]), ("resolution_h",)),
    ]
    return call, bad


@entry("resolution_summary")
def _(g: Good) -> Entry:
    c = g.d.complaints

    def call(**kw: Any) -> Any:
        return complaints.resolution_summary(kw.pop("frame", c), **kw)

    damage = {**_TIME_DAMAGE, "category": ["nan", ("value", "Queue")]}
    damage["satisfaction_after"] = [("value", 9), ("value", 0), "text", ("value", 2.5)]
    bad = table_cases(lambda x: call(frame=x), c, "complaints", damage)
    bad += missing_column_cases(call, "by", ["no_such_column"])
    bad += param_cases(
        call,
        {
            "by": [None],
            "first_response_standard_h": [0, -2, NAN, "2"],
            "resolution_standard_h": [0, None],
        },
    )
    return call, bad


@entry("visits_around_complaints")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        args = {"complaints": g.d.complaints, "receipts": g.d.receipts, **kw}
        return complaints.visits_around_complaints(**args)

    bad = table_cases(
        lambda x: call(complaints=x),
        g.d.complaints,
        "complaints",
        {"ticket_id": [], "customer_id": [], **_TIME_DAMAGE},
    )
    bad += table_cases(
        lambda x: call(receipts=x), g.d.receipts, "receipts", {"purchased_at": ["text", "nan"]}
    )
    bad += param_cases(
        call,
        {
            "window_days": [0, -30, 1e9, NAN, "60"],
            "period": [("2025-12-31", "2025-01-01"), ("soon", "later"), "2025"],
        },
    )
    return call, bad


@entry("visit_change")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return complaints.visit_change(kw.pop("visits", g.visits), **kw)

    bad = table_cases(
        lambda x: call(visits=x),
        g.visits,
        "visits",
        {
            "visits_before": ["text", "negative", "nan"],
            "visits_after": [("value", 1.5)],
            "satisfaction_after": ["nan"],
        },
    )
    bad += param_cases(call, {"by": [7]})
    bad += missing_column_cases(call, "by", ["nope"])
    return call, bad


@entry("survey_scores")
def _(g: Good) -> Entry:
    s = g.d.survey_responses

    def call(frame: pd.DataFrame = s) -> Any:
        return complaints.survey_scores(frame)

    damage = {
        "sat_checkout_speed": [("value", 9), ("value", 0), "text"],
        "sat_freshness": [("value", 3.5), ("value", "5")],
    }
    bad = table_cases(call, s, "survey_responses", damage)
    all_blank = s.assign(sat_cleanliness=np.nan)
    bad.append(Case("a question never answered", lambda: call(all_blank), ("sat_cleanliness",)))
    return call, bad


def _complaint_answer(helper: Callable[..., Any]) -> Callable[[Good], Entry]:
    def build(g: Good) -> Entry:
        c = g.d.complaints

        def call(frame: Any = c) -> Any:
            return helper(frame)

        bad = table_cases(call, c, "complaints", _TIME_DAMAGE)
        return call, bad

    return build


for _name in ("median_resolution_hours", "share_first_response_on_time", "share_resolved_on_time"):
    entry(_name)(_complaint_answer(getattr(complaints, _name)))


# customer value --------------------------------------------------------------------------------


@entry("member_summary")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        return customer_value.member_summary(
            kw.pop("receipts", d.receipts), kw.pop("customers", d.customers), **kw
        )

    money = ["text", "negative", "nan"]
    bad = table_cases(
        lambda x: call(receipts=x),
        d.receipts,
        "receipts",
        {"purchased_at": ["text"], "net_cny": money, "gross_cny": ["negative"]},
    )
    late = d.customers.assign(signup_date=pd.Timestamp("2030-01-01"))
    bad.append(Case("signed up after buying", lambda: call(customers=late), ("signup_date",)))
    bad += table_cases(
        lambda x: call(customers=x), d.customers, "customers", {"signup_date": ["text"]}
    )
    walk_ins = d.receipts.assign(customer_id=None)
    bad.append(Case("only walk-ins", lambda: call(receipts=walk_ins), ("receipts.customer_id",)))
    bad += param_cases(
        call,
        {"period_start": ["someday", 2025, "2031-01-01"], "period_end": ["2024-01-01", "x"]},
    )
    return call, bad


@entry("gross_margin_rate")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        args = {"receipt_lines": d.receipt_lines, "products": d.products, **kw}
        return customer_value.gross_margin_rate(**args)

    bad = table_cases(
        lambda x: call(receipt_lines=x),
        d.receipt_lines,
        "receipt_lines",
        {
            "quantity": ["negative", ("value", 0), "text", ("value", 1.5)],
            "line_total_cny": ["negative", "nan", "text"],
            "product_id": [("value", "P9999")],
        },
    )
    bad += table_cases(
        lambda x: call(products=x), d.products, "products", {"unit_cost_cny": ["negative", "nan"]}
    )
    bad += table_cases(
        lambda x: call(receipts=x), d.receipts, "receipts", {"net_cny": ["negative", "text"]}
    )
    bad += param_cases(call, {"receipt_ids": ["R000001", 5]})
    return call, bad


@entry("lifetime_value")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        args = {"avg_basket_cny": 25, "visits_per_year": 50, "margin_rate": 0.3}
        return customer_value.lifetime_value(**{**args, "expected_years": 5, **kw})

    return call, param_cases(
        call,
        {
            "avg_basket_cny": [-1, NAN, "25", None],
            "visits_per_year": [-50, math.inf, 1e9],
            "margin_rate": [30, -0.1, True],
            "expected_years": [1e9, MAX_YEARS + 1, -5, NAN],
            "discount_rate": [-0.1, 5, "0.05"],
        },
    )


@entry("retention_lifetime_value")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        args = {"annual_margin_cny": 375.0, "retention_rate": 0.8, **kw}
        return customer_value.retention_lifetime_value(**args)

    return call, param_cases(
        call,
        {
            "annual_margin_cny": [-1, NAN, "375"],
            "retention_rate": [1, 80, -0.2, None],
            "discount_rate": [-0.1, 3],
        },
    )


_SUMMARY_DAMAGE: dict[str, list[Any]] = {
    "visits": ["text", "negative", "nan"],
    "spend_cny": ["negative", "text"],
}


@entry("pick_example_member")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return customer_value.pick_example_member(kw.pop("summary", g.summary), **kw)

    damage = {
        "visits": ["text", "nan"],
        "months_active": ["negative"],
        "observed_days": [("value", 0)],
    }
    bad = table_cases(lambda x: call(summary=x), g.summary, "summary", damage)
    bad += param_cases(call, {"min_months_active": [0, 2.5, "10", 13]})
    return call, bad


@entry("visit_bands")
def _(g: Good) -> Entry:
    def call(summary: pd.DataFrame = g.summary) -> Any:
        return customer_value.visit_bands(summary)

    return call, table_cases(call, g.summary, "summary", _SUMMARY_DAMAGE)


@entry("shopper_groups")
def _(g: Good) -> Entry:
    def call(summary: pd.DataFrame = g.summary) -> Any:
        return customer_value.shopper_groups(summary)

    damage = {
        **_SUMMARY_DAMAGE,
        "avg_basket_cny": ["negative", "nan"],
        "discount_cny": ["negative"],
        "gross_cny": ["text"],
    }
    return call, table_cases(call, g.summary, "summary", damage)


def _data_helper(
    helper: Callable[..., Any], table: str, column: str, how: Any
) -> Callable[[Good], Entry]:
    def build(g: Good) -> Entry:
        def call(data: Any = g.d) -> Any:
            return helper(data)

        return call, data_cases(call, g.d, table, column, how)

    return build


# The quiz-only helpers that also took data= now live in storecrm.quiz.answers (not public
# analysis helpers); these two take a StoreData as their first argument.
for _name, _table, _column, _how in (
    ("store_gross_margin_rate", "receipt_lines", "quantity", "negative"),
    ("example_member", "receipts", "net_cny", "negative"),
):
    entry(_name)(_data_helper(getattr(customer_value, _name), _table, _column, _how))


# data quality ----------------------------------------------------------------------------------


@entry("normalise_name")
def _(g: Good) -> Entry:
    def call(names: Any = g.d.customers["name"]) -> Any:
        return data_quality.normalise_name(names)

    return call, [
        Case("one string", lambda: call("王 春梅"), ("names",)),
        Case("a table", lambda: call(g.d.customers), ("names",)),
    ]


@entry("mask_phone")
def _(g: Good) -> Entry:
    def call(phone: Any = "138 1234 0427") -> Any:
        return data_quality.mask_phone(phone)

    return call, [
        Case("a number, not text", lambda: call(13812340427), ("phone",)),
        Case("too few digits", lambda: call("1381234042"), ("phone",)),
        Case("letters", lambda: call("138abcd0427"), ("phone",)),
        Case("a landline", lambda: call("021-6123-4567"), ("phone",)),
        Case("a column", lambda: call(g.d.customers["phone_masked"]), ("phone",)),
        Case("empty", lambda: call(""), ("phone",)),
    ]


def _member_list(helper: Callable[[pd.DataFrame], Any], columns: dict[str, list[Any]]):
    def build(g: Good) -> Entry:
        c = g.d.customers

        def call(frame: Any = c) -> Any:
            return helper(frame)

        bad = table_cases(call, c, "member list", columns)
        bad.append(Case("not a table", lambda: call(c["name"]), ("member list",)))
        return call, bad

    return build


entry("completeness")(_member_list(data_quality.completeness, {}))
entry("find_duplicates")(
    _member_list(data_quality.find_duplicates, {"name": [], "phone_masked": []})
)
entry("quality_report")(_member_list(data_quality.quality_report, {}))


@entry("consent_share")
def _(g: Good) -> Entry:
    def call(frame: Any = g.d.customers) -> Any:
        return data_quality.consent_share(frame)

    # An empty member list has 0 % consent by definition (documented), so no "empty" case.
    bad = table_cases(call, g.d.customers, "customers", {"marketing_consent": []}, empty=False)
    bad.append(Case("not a table", lambda: call(["yes"]), ("customers",)))
    return call, bad


@entry("messy_member_export")
def _(g: Good) -> Entry:
    c = g.d.customers

    def call(**kw: Any) -> Any:
        return data_quality.messy_member_export(kw.pop("customers", c), **kw)

    bad = table_cases(
        lambda x: call(customers=x), c, "customers", {"phone_masked": [], "signup_date": []}
    )
    bad += param_cases(call, {"n": [4, len(c) + 1, 7.5, "12"], "seed": [-1, NAN]})
    return call, bad


@entry("stale_member_share")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        args = {"customers": d.customers, "receipts": d.receipts, **kw}
        return data_quality.stale_member_share(**args)

    bad = table_cases(lambda x: call(customers=x), d.customers, "customers", {"customer_id": []})
    bad += table_cases(
        lambda x: call(receipts=x), d.receipts, "receipts", {"purchased_at": ["text", "nan"]}
    )
    bad += param_cases(
        call, {"as_of": ["2020-01-01", "last week", None], "days": [0, -180, 1e9, 1.5]}
    )
    return call, bad


# membership ------------------------------------------------------------------------------------


@entry("points_for_receipt")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return membership.points_for_receipt(**{"paid_cny": 57.8, "tier": "gold", **kw})

    return call, param_cases(
        call, {"paid_cny": [-10, NAN, "57.80", 1e12], "tier": ["GOLD", "platinum", None]}
    )


@entry("tier_mix")
def _(g: Good) -> Entry:
    def call(frame: pd.DataFrame = g.d.customers) -> Any:
        return membership.tier_mix(frame)

    damage = {"tier": [("value", "GOLD"), ("value", "platinum")]}
    return call, table_cases(call, g.d.customers, "customers", damage)


@entry("member_status_mix")
def _(g: Good) -> Entry:
    def call(frame: pd.DataFrame = g.d.customers) -> Any:
        return membership.member_status_mix(frame)

    damage = {"tier": [("value", "GOLD"), ("value", "platinum")]}
    return call, table_cases(call, g.d.customers, "customers", damage)


@entry("review_moves")
def _(g: Good) -> Entry:
    def call(frame: pd.DataFrame = g.d.tier_changes) -> Any:
        return membership.review_moves(frame)

    damage = {"changed_on": ["text", "nan"], "change": [("value", "promoted"), "nan"]}
    return call, table_cases(call, g.d.tier_changes, "tier_changes", damage)


@entry("tier_movements")
def _(g: Good) -> Entry:
    t = g.d.tier_changes

    def call(**kw: Any) -> Any:
        return membership.tier_movements(kw.pop("frame", t), **kw)

    damage = {"changed_on": ["text", "nan"], "change": [("value", "promoted"), "nan"]}
    bad = table_cases(lambda x: call(frame=x), t, "tier_changes", damage)
    bad += param_cases(call, {"include_carry_over": ["yes", 1]})
    return call, bad


_LEDGER_DAMAGE: dict[str, list[Any]] = {
    "occurred_at": ["text", "nan"],
    "kind": [("value", "bonus"), "nan"],
    "points": ["text", "nan", ("value", 2.5), ("value", -40)],
}


@entry("points_liability")
def _(g: Good) -> Entry:
    ledger = g.d.points_ledger

    def call(**kw: Any) -> Any:
        return membership.points_liability(kw.pop("ledger", ledger), **kw)

    bad = table_cases(lambda x: call(ledger=x), ledger, "points_ledger", _LEDGER_DAMAGE)
    bad += param_cases(call, {"on": ["2020-06-30", "June", 5]})
    return call, bad


@entry("points_by_month")
def _(g: Good) -> Entry:
    def call(ledger: pd.DataFrame = g.d.points_ledger) -> Any:
        return membership.points_by_month(ledger)

    return call, table_cases(call, g.d.points_ledger, "points_ledger", _LEDGER_DAMAGE)


@entry("member_vs_walk_in")
def _(g: Good) -> Entry:
    def call(receipts: pd.DataFrame = g.d.receipts) -> Any:
        return membership.member_vs_walk_in(receipts)

    damage = {
        "is_member": ["nan", ("value", "yes")],
        "net_cny": ["text", "negative", "nan"],
        "items": [("value", 0), ("value", 1.5)],
    }
    return call, table_cases(call, g.d.receipts, "receipts", damage)


@entry("qualifying_spend")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        args = {"receipts": d.receipts, "receipt_lines": d.receipt_lines}
        return membership.qualifying_spend(**{**args, "review_day": "2025-07-01", **kw})

    bad = table_cases(
        lambda x: call(receipts=x), d.receipts, "receipts", {"purchased_at": ["text"]}
    )
    bad += table_cases(
        lambda x: call(receipt_lines=x),
        d.receipt_lines,
        "receipt_lines",
        {"line_total_cny": ["text", "negative", "nan"]},
    )
    bad += param_cases(
        call, {"review_day": ["2024-01-01", "July", None], "window_days": [0, 1e9, 2.5]}
    )
    return call, bad


def _member_id(g: Good) -> str:
    return membership.moved_up_example(g.d.tier_changes)


@entry("tier_history")
def _(g: Good) -> Entry:
    who = _member_id(g)

    def call(**kw: Any) -> Any:
        args = {"tier_changes": g.d.tier_changes, "customer_id": who, **kw}
        return membership.tier_history(**args)

    damage = {"changed_on": ["text"], "to_tier": [("value", "Gold")], "change": ["nan"]}
    bad = table_cases(lambda x: call(tier_changes=x), g.d.tier_changes, "tier_changes", damage)
    bad += param_cases(call, {"customer_id": ["M99999", None]})
    return call, bad


@entry("review_spend")
def _(g: Good) -> Entry:
    d = g.d
    who = _member_id(g)

    def call(**kw: Any) -> Any:
        args = {"receipts": d.receipts, "receipt_lines": d.receipt_lines}
        args |= {"tier_changes": d.tier_changes, "customer_id": who, **kw}
        return membership.review_spend(**args)

    bad = table_cases(lambda x: call(receipts=x), d.receipts, "receipts", {"purchased_at": ["nan"]})
    bad += table_cases(
        lambda x: call(receipt_lines=x),
        d.receipt_lines,
        "receipt_lines",
        {"line_total_cny": ["negative"]},
    )
    bad += table_cases(
        lambda x: call(tier_changes=x), d.tier_changes, "tier_changes", {"change": ["nan"]}
    )
    bad += param_cases(call, {"customer_id": ["nobody"]})
    return call, bad


def _tier_example(helper: Callable[[pd.DataFrame], Any]) -> Callable[[Good], Entry]:
    def build(g: Good) -> Entry:
        t = g.d.tier_changes

        def call(frame: pd.DataFrame = t) -> Any:
            return helper(frame)

        damage = {"changed_on": ["text"], "change": [("value", "Upgrade"), "nan"]}
        bad = table_cases(call, t, "tier_changes", damage)
        joins_only = t[t["change"] == "join"]
        bad.append(Case("no movements", lambda: call(joins_only), ("tier_changes.change",)))
        return call, bad

    return build


entry("moved_up_example")(_tier_example(membership.moved_up_example))
entry("lapsed_example")(_tier_example(membership.lapsed_example))


# promotions ------------------------------------------------------------------------------------


def _share(helper: Callable[..., Any], column: str) -> Callable[[Good], Entry]:
    def build(g: Good) -> Entry:
        r = g.d.receipts

        def call(**kw: Any) -> Any:
            return helper(kw.pop("receipts", r), **kw)

        damage = {column: ["nan", ("value", "Delivery")], "store_id": ["nan"]}
        if helper is promotions.share_table:
            damage = {"channel": ["nan"], "store_id": ["nan"]}
            bad = table_cases(lambda x: call(receipts=x, column="channel"), r, "receipts", damage)
            bad += param_cases(
                lambda **kw: call(**{"column": "channel", **kw}), {"column": ["nope", 3]}
            )
            bad += missing_column_cases(lambda **kw: call(column="channel", **kw), "by", ["nope"])
            return (lambda: call(column="channel")), bad
        bad = table_cases(lambda x: call(receipts=x), r, "receipts", damage)
        bad += param_cases(call, {"by": [None]})
        bad += missing_column_cases(call, "by", ["nope"])
        return call, bad

    return build


entry("share_table")(_share(promotions.share_table, "channel"))
entry("channel_mix")(_share(promotions.channel_mix, "channel"))
entry("payment_mix")(_share(promotions.payment_mix, "payment_method"))


@entry("BundleQuote")
def _(g: Good) -> Entry:
    items = pd.DataFrame({"product_name": ["Tea egg"], "unit_price_cny": [2.0]})

    def call(**kw: Any) -> Any:
        args = {"items": items, "separate_price_cny": 12.0, "bundle_price_cny": 8.5}
        return promotions.BundleQuote(**{**args, "cost_cny": 5.0, **kw})

    return call, param_cases(
        call,
        {
            "items": [None, [1, 2]],
            "separate_price_cny": [-1, NAN],
            "bundle_price_cny": [0, -8.5, "8.50"],
            "cost_cny": [-5, None],
        },
    )


@entry("find_products")
def _(g: Good) -> Entry:
    p = g.d.products

    def call(**kw: Any) -> Any:
        args = {"products": p, "names": ["Tea egg", "Hot soy milk"], **kw}
        return promotions.find_products(**args)

    bad = table_cases(lambda x: call(products=x), p, "products", {"product_name": []})
    bad += param_cases(call, {"names": ["Tea egg", [], ["tea egg"], [3], None]})
    return call, bad


@entry("bundle_quote")
def _(g: Good) -> Entry:
    p = g.d.products
    ids = promotions.find_products(p, ["Tea egg", "Hot soy milk"])

    def call(**kw: Any) -> Any:
        args = {"products": p, "product_ids": ids, "bundle_price_cny": 4.0, **kw}
        return promotions.bundle_quote(**args)

    damage = {"unit_price_cny": ["negative", "text", "nan"], "unit_cost_cny": ["negative"]}
    bad = table_cases(lambda x: call(products=x), p, "products", damage)
    bad += param_cases(
        call,
        {
            "product_ids": [[], ["P9999"], ids[0], None],
            "bundle_price_cny": [0, -4, NAN, "4.00", 1e9],
        },
    )
    return call, bad


@entry("tiered_discount")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return promotions.tiered_discount(**{"spend_cny": 59.9, "tiers": [(30, 3), (60, 8)], **kw})

    return call, param_cases(
        call,
        {
            "spend_cny": [NAN, -1, "59.90", None, math.inf],
            "tiers": [[], "30-3", [(30,)], [(30, -3)], [(3, 30)], [(NAN, 3)], None],
        },
    )


@entry("campaign_member_activity")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        args = {"campaigns": d.campaigns, "coupon_sends": d.coupon_sends, "receipts": d.receipts}
        return promotions.campaign_member_activity(**{**args, **kw})

    swapped = d.campaigns.assign(starts_on=d.campaigns["ends_on"], ends_on=d.campaigns["starts_on"])
    twice = pd.concat([d.campaigns, d.campaigns.head(1)])
    bad = table_cases(
        lambda x: call(campaigns=x),
        d.campaigns,
        "campaigns",
        {"campaign_id": ["nan"], "starts_on": ["text", "nan"], "ends_on": ["nan"]},
    )
    bad.append(
        Case("ends before it starts", lambda: call(campaigns=swapped), ("campaigns.ends_on",))
    )
    bad.append(Case("campaign twice", lambda: call(campaigns=twice), ("campaigns.campaign_id",)))
    bad += table_cases(
        lambda x: call(coupon_sends=x),
        d.coupon_sends,
        "coupon_sends",
        {
            "campaign_id": [("value", "C99")],
            "group": [("value", "Control"), "nan"],
            "redeemed_at": ["text"],
        },
    )
    bad += table_cases(
        lambda x: call(receipts=x), d.receipts, "receipts", {"net_cny": ["text", "negative"]}
    )
    return call, bad


@entry("campaign_results")
def _(g: Good) -> Entry:
    def call(activity: pd.DataFrame = g.activity) -> Any:
        return promotions.campaign_results(activity)

    damage = {
        "redeemed": [("value", "yes"), "nan"],
        "visits": ["negative", "text"],
        "spend_cny": ["negative", "nan"],
        "group": [("value", "test")],
    }
    return call, table_cases(call, g.activity, "activity", damage)


@entry("campaign_uplift")
def _(g: Good) -> Entry:
    def call(results: pd.DataFrame = g.results) -> Any:
        return promotions.campaign_uplift(results)

    damage = {
        "members": [("value", 0), "nan"],
        "redemption_rate": [("value", 1.8), "text"],
        "spend_per_member_cny": ["negative"],
    }
    bad = table_cases(call, g.results, "results", damage)
    treated = g.results.xs("treatment", level="group", drop_level=False)
    bad.append(Case("no control group", lambda: call(treated), ("results.group",)))
    bad.append(Case("flat index", lambda: call(g.results.reset_index()), ("results",)))
    return call, bad


@entry("daily_sales")
def _(g: Good) -> Entry:
    def call(receipts: pd.DataFrame = g.d.receipts) -> Any:
        return promotions.daily_sales(receipts)

    damage = {"purchased_at": ["text", "nan"], "net_cny": ["text", "negative", "nan"]}
    return call, table_cases(call, g.d.receipts, "receipts", damage | {"receipt_id": []})


@entry("holiday_lift")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        args = {"daily": g.daily, "holiday": pd.Timestamp("2025-01-29"), **kw}
        return promotions.holiday_lift(**args)

    bad = table_cases(
        lambda x: call(daily=x), g.daily, "daily", {"net_cny": ["text", "negative", "nan"]}
    )
    bad.append(Case("flat index", lambda: call(daily=g.daily.reset_index()), ("daily",)))
    bad += param_cases(
        call,
        {
            "holiday": ["2030-01-01", "Spring Festival", None],
            "days_before": [-1, 1e9, 2.5],
            "days_after": [-7, "0"],
        },
    )
    return call, bad


# segments --------------------------------------------------------------------------------------

_RECEIPT_DAMAGE: dict[str, list[Any]] = {
    "purchased_at": ["text", "nan"],
    "net_cny": ["text", "negative", "nan"],
}


@entry("rfm_table")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return segments.rfm_table(kw.pop("receipts", g.d.receipts), **kw)

    bad = table_cases(lambda x: call(receipts=x), g.d.receipts, "receipts", _RECEIPT_DAMAGE)
    bad += param_cases(call, {"as_of": ["2024-12-01", "2025-06-30", "tomorrow", 5]})
    return call, bad


@entry("rfm_segments")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return segments.rfm_segments(kw.pop("receipts", g.d.receipts), **kw)

    bad = table_cases(lambda x: call(receipts=x), g.d.receipts, "receipts", _RECEIPT_DAMAGE)
    bad += param_cases(call, {"as_of": ["2024-12-01", "tomorrow"]})
    return call, bad


@entry("quintile_scores")
def _(g: Good) -> Entry:
    values = g.rfm["monetary_cny"]

    def call(**kw: Any) -> Any:
        return segments.quintile_scores(kw.pop("values", values), **kw)

    bad = [
        Case(
            "NaN",
            lambda: call(values=spoil(g.rfm, "monetary_cny", "nan")["monetary_cny"]),
            ("monetary_cny",),
        ),
        Case("text", lambda: call(values=values.astype(str)), ("monetary_cny",)),
        Case("four values", lambda: call(values=values.head(4)), ("monetary_cny",)),
        Case("a list", lambda: call(values=[1, 2, 3, 4, 5, 6]), ("values",)),
    ]
    bad += param_cases(call, {"higher_is_better": ["no"]})
    return call, bad


@entry("rfm_group")
def _(g: Good) -> Entry:
    scores = pd.Series([5, 4, 3, 2, 1], index=list("abcde"))

    def call(**kw: Any) -> Any:
        r, f, m = (kw.pop(k, scores) for k in ("r", "f", "m"))
        return segments.rfm_group(r, f, m, **kw)

    bad = [
        Case("NaN score", lambda: call(r=scores.astype(float).where(scores > 1)), ("r",)),
        Case("score 0", lambda: call(f=scores - 1), ("f",)),
        Case("text scores", lambda: call(m=scores.astype(str)), ("m",)),
    ]
    bad += param_cases(call, {"low": [0, 5, 2.5, "2"], "high": [2, 6, "4"]})
    return call, bad


@entry("rfm_scores")
def _(g: Good) -> Entry:
    def call(rfm: pd.DataFrame = g.rfm) -> Any:
        return segments.rfm_scores(rfm)

    damage = {
        "recency_days": ["negative", "nan"],
        "frequency": ["text", ("value", 0)],
        "monetary_cny": ["nan", "negative"],
    }
    bad = table_cases(call, g.rfm, "rfm", damage)
    bad.append(Case("four members", lambda: call(g.rfm.head(4)), ("rfm",)))
    return call, bad


@entry("member_features")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        args = {"receipts": d.receipts, "receipt_lines": d.receipt_lines, "products": d.products}
        return segments.member_features(**{**args, **kw})

    bad = table_cases(
        lambda x: call(receipts=x),
        d.receipts,
        "receipts",
        {**_RECEIPT_DAMAGE, "gross_cny": ["negative"], "discount_cny": ["text"]},
    )
    bad += table_cases(
        lambda x: call(receipt_lines=x),
        d.receipt_lines,
        "receipt_lines",
        {"line_total_cny": ["negative", "text"], "receipt_id": ["nan"]},
    )
    bad += table_cases(lambda x: call(products=x), d.products, "products", {"category": []})
    bad += param_cases(call, {"min_visits": [0, 2.5, "6", 10**6]})
    return call, bad


def _features_damage() -> dict[str, list[Any]]:
    return {"visits": ["text", "nan"], "late_share": [("value", "high")]}


@entry("cluster_members")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return segments.cluster_members(**{"features": g.features, "k": 3, **kw})

    bad = table_cases(
        lambda x: call(features=x), g.features, "features", _features_damage(), drop=False
    )
    bad += param_cases(call, {"k": [1, 0, 2.5, "5", len(g.features) + 1], "random_state": [-1]})
    return call, bad


@entry("choose_k")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return segments.choose_k(**{"features": g.features, "ks": [2, 3], **kw})

    bad = table_cases(
        lambda x: call(features=x), g.features, "features", _features_damage(), drop=False
    )
    bad += param_cases(
        call, {"ks": [[], [1, 2], [2.5], "2-8", [len(g.features)]], "random_state": ["0"]}
    )
    return call, bad


@entry("cluster_profiles")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return segments.cluster_profiles(**{"features": g.features, "clusters": g.clusters, **kw})

    bad = table_cases(
        lambda x: call(features=x), g.features, "features", _features_damage(), drop=False
    )
    bad += [
        Case(
            "clusters with NaN",
            lambda: call(clusters=g.clusters.astype(float).where(g.clusters > 1)),
            ("clusters",),
        ),
        Case(
            "clusters of other members", lambda: call(clusters=g.clusters.iloc[:-5]), ("clusters",)
        ),
        Case("clusters as a list", lambda: call(clusters=list(g.clusters)), ("clusters",)),
    ]
    return call, bad


@entry("name_clusters")
def _(g: Good) -> Entry:
    def call(profiles: pd.DataFrame = g.profiles) -> Any:
        return segments.name_clusters(profiles)

    damage = {"lunch_share": ["text", "nan"], "late_share": []}
    return call, table_cases(call, g.profiles, "profiles", damage)


@entry("store_clusters")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return segments.store_clusters(**{"data": g.d, "k": 3, **kw})

    spoiled = replace(g.d, receipts=spoil(g.d.receipts, "net_cny", "text"))
    bad = [
        Case("data is a DataFrame", lambda: call(data=g.d.receipts), ("data",)),
        Case("data.receipts.net_cny text", lambda: call(data=spoiled), ("receipts.net_cny",)),
    ]
    bad += param_cases(call, {"k": [1, "5", NAN], "random_state": [-3]})
    return call, bad


@entry("segment_value")
def _(g: Good) -> Entry:
    d = g.d
    seg = g.clusters.map(str)

    def call(**kw: Any) -> Any:
        args = {"receipts": d.receipts, "customers": d.customers, "segment": seg, **kw}
        return segments.segment_value(**args)

    bad = table_cases(lambda x: call(receipts=x), d.receipts, "receipts", _RECEIPT_DAMAGE)
    bad += table_cases(
        lambda x: call(customers=x),
        d.customers,
        "customers",
        {"signup_channel": [("value", "Referral")], "marketing_consent": [("value", "yes")]},
    )
    bad += param_cases(
        call,
        {
            "segment": [
                None,
                seg.iloc[:0],
                seg.where(seg != "1"),
                seg.set_axis([f"X{i}" for i in range(len(seg))]),
            ]
        },
    )
    return call, bad


# service ---------------------------------------------------------------------------------------


@entry("hourly_profile")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        return service.hourly_profile(
            kw.pop("receipts", d.receipts), kw.pop("stores", d.stores), **kw
        )

    bad = table_cases(
        lambda x: call(receipts=x),
        d.receipts,
        "receipts",
        {
            "store_id": [("value", "S99")],
            "purchased_at": ["text", "nan"],
            "channel": [("value", "In store"), "nan"],
        },
    )
    bad += table_cases(
        lambda x: call(stores=x), d.stores, "stores", {"format": ["nan", ("value", "Kiosk")]}
    )
    bad += param_cases(call, {"by": [None], "channels": ["in_store", [], ["shop"], ["IN_STORE"]]})
    bad += missing_column_cases(call, "by", ["size"])
    only_online = d.receipts[d.receipts["channel"] != "in_store"]
    bad.append(Case("no till shoppers", lambda: call(receipts=only_online), ("receipts.channel",)))
    return call, bad


@entry("tills_to_open")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return service.tills_to_open(**{"receipts_per_hour": 50.0, **kw})

    return call, param_cases(
        call,
        {
            "receipts_per_hour": [
                -5,
                NAN,
                "50",
                None,
                pd.Series([], dtype=float),
                pd.Series([10.0, NAN]),
                pd.Series([10.0, -1.0]),
                pd.Series(["10"]),
            ],
            "minutes_per_receipt": [0, -1, 1e9, NAN],
            "max_busy_share": [0, 80, -0.5, "0.8"],
        },
    )


@entry("till_plan")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        return service.till_plan(**{"receipts": d.receipts, "stores": d.stores, **kw})

    bad = table_cases(
        lambda x: call(stores=x),
        d.stores,
        "stores",
        {"tills": ["nan", ("value", 0), "text"], "store_name": []},
    )
    bad += table_cases(
        lambda x: call(receipts=x), d.receipts, "receipts", {"purchased_at": ["text"]}
    )
    bad += param_cases(
        call,
        {
            "daily_receipts": [-100, NAN, "1000", {"S01": 1000}, {"S01": -1}],
            "minutes_per_receipt": [0, NAN],
            "max_busy_share": [1.5],
        },
    )
    return call, bad


@entry("checkout_speed_by_store")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        return service.checkout_speed_by_store(
            **{"surveys": d.survey_responses, "stores": d.stores, "receipts": d.receipts, **kw}
        )

    bad = table_cases(
        lambda x: call(surveys=x),
        d.survey_responses,
        "survey_responses",
        {"sat_checkout_speed": [("value", 9), "text", ("value", 0)], "store_id": ["nan"]},
    )
    bad += table_cases(lambda x: call(stores=x), d.stores, "stores", {"tills": ["text"]})
    bad += table_cases(
        lambda x: call(receipts=x), d.receipts, "receipts", {"purchased_at": ["text"]}
    )
    other = d.survey_responses.assign(store_id="S99")
    bad.append(
        Case(
            "surveys of unknown stores", lambda: call(surveys=other), ("survey_responses.store_id",)
        )
    )
    return call, bad


# churn (Module 9) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChurnGood:
    """Good inputs for the churn helpers: the cached study on the committed data."""

    cutoff: pd.Timestamp
    features: pd.DataFrame
    left: pd.Series
    model: Any
    risk: pd.Series
    status: pd.DataFrame


@cache
def churn_good() -> ChurnGood:
    study = churn.default_study()
    status = churn.lapse_status(good().d.receipts, study.holdout_cutoff)
    return ChurnGood(
        cutoff=study.holdout_cutoff,
        features=study.holdout_features,
        left=study.holdout_left,
        model=study.model,
        risk=churn.risk_scores(study.model, study.holdout_features),
        status=status,
    )


_RECEIPT_DAMAGE: dict[str, list[Any]] = {
    "purchased_at": ["text", "nan"],
    "net_cny": ["negative", "text", "nan"],
}
_FEATURE_DAMAGE: dict[str, list[Any]] = {
    "days_since_last": ["negative", "nan", "text"],
    "basket_trend": [("value", np.inf)],
}
_BAD_DATES = ("2020-01-01", "next week", None, 5)
_BAD_DAYS = (0, -5, NAN, "30", 2.5, 10**9)


def _receipts_helper(
    helper: Callable[..., Any], fixed: Callable[[ChurnGood], dict[str, Any]], **params: Any
) -> Callable[[Good], Entry]:
    """A churn helper whose first argument is the receipts table."""

    def build(g: Good) -> Entry:
        base = fixed(churn_good())

        def call(receipts: Any = g.d.receipts, **kw: Any) -> Any:
            return helper(receipts, **{**base, **kw})

        bad = table_cases(call, g.d.receipts, "receipts", _RECEIPT_DAMAGE)
        bad.append(Case("receipts is a list", lambda: call([1, 2]), ("receipts",)))
        return call, bad + param_cases(call, params)

    return build


def _no_extra(c: ChurnGood) -> dict[str, Any]:
    return {}


def _on_cutoff(name: str, **more: Any) -> Callable[[ChurnGood], dict[str, Any]]:
    return lambda c: {name: c.cutoff, **more}


entry("visit_gaps")(_receipts_helper(churn.visit_gaps, _no_extra, before=["soon", True]))
entry("lapse_thresholds")(
    _receipts_helper(
        churn.lapse_thresholds,
        _no_extra,
        quantile=[0, 1.5, NAN, "0.9"],
        floor_days=[0, NAN, 200],
        cap_days=[-1, 10**9],
        min_gaps=[0, 2.5],
    )
)
entry("lapse_status")(
    _receipts_helper(
        churn.lapse_status,
        _on_cutoff("as_of"),
        as_of=_BAD_DATES,
        thresholds=[pd.DataFrame({"x": [1]})],
    )
)
entry("is_lapsed")(_receipts_helper(churn.is_lapsed, _on_cutoff("as_of"), as_of=_BAD_DATES))
entry("study_cutoffs")(_receipts_helper(churn.study_cutoffs, _no_extra, horizon_days=_BAD_DAYS))
entry("save_value_cny")(
    _receipts_helper(
        churn.save_value_cny,
        _on_cutoff("cutoff", margin_rate=0.3),
        cutoff=_BAD_DATES,
        margin_rate=[0, 1.5, NAN, "0.3", -0.2],
        days=_BAD_DAYS,
    )
)


@entry("warning_features")
def _(g: Good) -> Entry:
    d, cut = g.d, churn_good().cutoff
    recent = d.receipts[d.receipts["purchased_at"] >= cut - pd.Timedelta(days=400)]

    def call(**kw: Any) -> Any:
        args = {
            "receipts": recent,
            "cutoff": cut,
            "complaints": d.complaints,
            "coupon_sends": d.coupon_sends,
            "tier_changes": d.tier_changes,
        }
        return churn.warning_features(**{**args, **kw})

    bad = table_cases(lambda x: call(receipts=x), recent, "receipts", _RECEIPT_DAMAGE)
    bad += table_cases(
        lambda x: call(complaints=x),
        d.complaints,
        "complaints",
        {"opened_at": ["text", "nan"], "outcome": [("value", "Fixed")]},
    )
    bad += table_cases(
        lambda x: call(coupon_sends=x),
        d.coupon_sends,
        "coupon_sends",
        {"assigned_at": ["text"], "group": [("value", "Treatment")]},
    )
    bad += table_cases(
        lambda x: call(tier_changes=x), d.tier_changes, "tier_changes", {"changed_on": ["text"]}
    )
    return call, bad + param_cases(call, {"cutoff": _BAD_DATES, "window_days": _BAD_DAYS})


@entry("leaver_labels")
def _(g: Good) -> Entry:
    c = churn_good()

    def call(**kw: Any) -> Any:
        args = {"receipts": g.d.receipts, "members": c.features.index, "cutoff": c.cutoff}
        return churn.leaver_labels(**{**args, **kw})

    bad = table_cases(lambda x: call(receipts=x), g.d.receipts, "receipts", _RECEIPT_DAMAGE)
    return call, bad + param_cases(
        call,
        {
            "members": ["M00001", None],
            "cutoff": (*_BAD_DATES, "2099-01-01"),
            "horizon_days": _BAD_DAYS,
        },
    )


def _features_helper(
    helper: Callable[..., Any],
    extra: Callable[[ChurnGood], dict[str, Any]],
    **params: Iterable[Any],
) -> Callable[[Good], Entry]:
    """A churn helper that takes the early-warning features (and maybe labels or risks)."""

    def build(g: Good) -> Entry:
        c = churn_good()

        def call(features: Any = c.features, **kw: Any) -> Any:
            return helper(**{"features": features, **extra(c), **kw})

        bad = table_cases(call, c.features, "features", _FEATURE_DAMAGE)
        bad.append(Case("features is a Series", lambda: call(c.left), ("features",)))
        return call, bad + param_cases(call, params)

    return build


_TEXT_LABELS = ["leaves", "stays"]
_NOT_A_MODEL = [None, "tree"]
entry("fit_tree")(
    _features_helper(
        churn.fit_tree,
        lambda c: {"labels": c.left},
        labels=[None, pd.Series(_TEXT_LABELS)],
        max_depth=[0, 2.5, "3", 10**9],
        min_samples_leaf=[0, NAN],
        random_state=[-1, True],
    )
)
entry("risk_scores")(
    _features_helper(churn.risk_scores, lambda c: {"model": c.model}, model=_NOT_A_MODEL)
)
entry("rule_flags")(_features_helper(churn.rule_flags, lambda c: {}, days=_BAD_DAYS))
entry("scorecard")(
    _features_helper(
        churn.scorecard,
        lambda c: {"model": c.model, "actual": c.left},
        model=_NOT_A_MODEL,
        actual=[None, pd.Series([], dtype=bool)],
        rule_days=_BAD_DAYS,
        share=[0, 1.5, NAN, "0.1"],
    )
)
entry("tree_rules")(
    _features_helper(
        churn.tree_rules,
        lambda c: {"model": c.model, "actual": c.left},
        model=_NOT_A_MODEL,
        actual=[None, pd.Series([], dtype=bool)],
    )
)
entry("sign_summary")(
    _features_helper(
        churn.sign_summary, lambda c: {"left": c.left}, left=[None, pd.Series([], dtype=bool)]
    )
)


@entry("at_risk_list")
def _(g: Good) -> Entry:
    c = churn_good()

    def call(**kw: Any) -> Any:
        args = {"features": c.features, "risk": c.risk, "customers": g.d.customers}
        return churn.at_risk_list(**{**args, **kw})

    bad = table_cases(lambda x: call(features=x), c.features, "features", _FEATURE_DAMAGE)
    bad += table_cases(
        lambda x: call(customers=x),
        g.d.customers,
        "customers",
        {"marketing_consent": [("value", "yes")], "tier": [("value", "GOLD")]},
    )
    bad.append(Case("risk above 1", lambda: call(risk=c.risk * 3), ("risk",)))
    bad.append(Case("risk as text", lambda: call(risk=c.risk.astype(str)), ("risk",)))
    return call, bad + param_cases(call, {"top": [0, 2.5, True, "20"], "risk": [None]})


@entry("draw_tree")
def _(g: Good) -> Entry:
    import matplotlib.pyplot as plt

    def call(**kw: Any) -> Any:
        ax = churn.draw_tree(**{"model": churn_good().model, **kw})
        plt.close(ax.figure)
        return ax

    return call, param_cases(call, {"model": [*_NOT_A_MODEL, object()], "ax": ["axes", 3]})


def _label_pair(helper: Callable[..., Any], second: str) -> Callable[[Good], Entry]:
    """confusion_table / top_share_capture: the real outcome and a second column to match."""

    def build(g: Good) -> Entry:
        c = churn_good()
        other = c.risk >= 0.5 if second == "flagged" else c.risk

        def call(**kw: Any) -> Any:
            return helper(**{"actual": c.left, second: other, **kw})

        gaps = other.copy().astype(float)
        gaps.iloc[3] = NAN
        bad = [
            Case(f"{second} with a gap", lambda: call(**{second: gaps}), (second,)),
            Case("no leavers", lambda: call(actual=c.left & False, **{second: other}), ("left",)),
        ]
        params: dict[str, Iterable[Any]] = {"actual": [None, pd.Series([], dtype=bool)]}
        if second == "risk":
            params["share"] = [0, 1.5, NAN, "0.1"]
        else:
            bad = bad[:1]
        return call, bad + param_cases(call, params)

    return build


entry("confusion_table")(_label_pair(churn.confusion_table, "flagged"))
entry("top_share_capture")(_label_pair(churn.top_share_capture, "risk"))


@entry("winback_plan")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        args = {
            "members": 40,
            "contact_cost_cny": 2.0,
            "offer_cost_cny": 5.0,
            "save_rate": 0.1,
            "value_per_save_cny": 60.0,
            "budget_cny": 300.0,
        }
        return churn.winback_plan(**{**args, **kw})

    return call, param_cases(
        call,
        {
            "members": [-1, 2.5, True, "40"],
            "contact_cost_cny": [-2, NAN, "2", np.inf],
            "offer_cost_cny": [-5, None],
            "save_rate": [1.5, -0.1, NAN, 10],
            "value_per_save_cny": [NAN, -60],
            "budget_cny": [-1, "300"],
        },
    )


@entry("measured_save_rate")
def _(g: Good) -> Entry:
    def call(activity: Any = g.activity, **kw: Any) -> Any:
        return churn.measured_save_rate(activity, **{"campaign_id": churn.WINBACK_CAMPAIGN, **kw})

    bad = table_cases(
        call,
        g.activity,
        "activity",
        {"visits": ["negative", "text", "nan"], "group": [("value", "Control")]},
    )
    return call, bad + param_cases(call, {"campaign_id": ["C99"]})


@entry("lapse_reasons")
def _(g: Good) -> Entry:
    d, c = g.d, churn_good()

    def call(**kw: Any) -> Any:
        args = {
            "status": c.status,
            "complaints": d.complaints,
            "survey_responses": d.survey_responses,
        }
        return churn.lapse_reasons(**{**args, **kw})

    bad = table_cases(lambda x: call(status=x), c.status, "status", {"lapsed": [("value", "yes")]})
    bad += table_cases(
        lambda x: call(complaints=x),
        d.complaints,
        "complaints",
        {"opened_at": ["text"], "resolved_at": [("value", "soon")]},
    )
    bad += table_cases(
        lambda x: call(survey_responses=x),
        d.survey_responses,
        "survey_responses",
        {"sat_freshness": [("value", 9), "text"]},
    )
    return call, bad


def _study_helper(helper: Callable[..., Any], **params: Iterable[Any]) -> Callable[[Good], Entry]:
    """churn_study / week_plan / default_study: a StoreData in, a whole study out."""

    def build(g: Good) -> Entry:
        def call(data: Any = g.d, **kw: Any) -> Any:
            return helper(data, **kw)

        return call, data_cases(call, g.d, "receipts", "net_cny") + param_cases(call, params)

    return build


entry("churn_study")(_study_helper(churn.churn_study, random_state=[-1, 2.5, "0"]))
entry("default_study")(_study_helper(churn.default_study))
entry("week_plan")(
    _study_helper(
        churn.week_plan,
        top=[0, 2.5, "40"],
        contact_cost_cny=[-2, NAN],
        budget_cny=[-300, "300"],
        campaign_id=["C99"],
    )
)
entry("week_inputs")(_study_helper(churn.week_inputs, campaign_id=["C99"]))


# wording -----------------------------------------------------------------------------------------


@entry("compare_word")
def _(g: Good) -> Entry:
    def call(**kw: Any) -> Any:
        return wording.compare_word(**{"a": 3.0, "b": 2.0, **kw})

    return call, param_cases(
        call,
        {
            "a": ["3", NAN, None, True, np.inf],
            "b": [NAN, "2"],
            "tolerance": [-0.1, NAN, 1.5],
            "more": [None, 3],
        },
    )


# kpis ------------------------------------------------------------------------------------------


def _survey_kpi(helper: Callable[..., Any]) -> Callable[[Good], Entry]:
    def build(g: Good) -> Entry:
        s = g.d.survey_responses

        def call(frame: Any = s, **kw: Any) -> Any:
            return helper(frame, **kw)

        column = "recommend_0_10" if helper is kpis.nps_summary else "sat_freshness"
        top = 10 if column == "recommend_0_10" else 5
        damage = {column: [("value", top + 9), "negative", "text"], "survey_type": ["nan"]}
        bad = table_cases(call, s, "survey_responses", damage)
        bad += param_cases(lambda **kw: call(s, **kw), {"by": [7]})
        bad += missing_column_cases(lambda **kw: call(s, **kw), "by", ["till"])
        return call, bad

    return build


entry("nps_summary")(_survey_kpi(kpis.nps_summary))
entry("csat_by_question")(_survey_kpi(kpis.csat_by_question))


def _member_kpi(
    helper: Callable[..., Any], params: dict[str, list[Any]]
) -> Callable[[Good], Entry]:
    def build(g: Good) -> Entry:
        d = g.d

        def call(**kw: Any) -> Any:
            return helper(kw.pop("customers", d.customers), kw.pop("receipts", d.receipts), **kw)

        bad = table_cases(
            lambda x: call(customers=x), d.customers, "customers", {"signup_date": ["text", "nan"]}
        )
        bad += table_cases(
            lambda x: call(receipts=x),
            d.receipts,
            "receipts",
            {"purchased_at": ["text", "nan"]},
            empty=False,
        )
        bad += param_cases(call, params)
        return call, bad

    return build


entry("cohort_retention")(
    _member_kpi(kpis.cohort_retention, {"months": [0, 1.5, 99, *BAD_NUMBERS]})
)
entry("repurchase_rate")(
    _member_kpi(kpis.repurchase_rate, {"days": [0, -3, 1000000000, 2.5, *BAD_NUMBERS]})
)


@entry("monthly_retention")
def _(g: Good) -> Entry:
    r = g.d.receipts

    def call(frame: Any = r) -> Any:
        return kpis.monthly_retention(frame)

    return call, table_cases(call, r, "receipts", {"purchased_at": ["text", "nan"]})


@entry("monthly_kpis")
def _(g: Good) -> Entry:
    r = g.d.receipts

    def call(frame: Any = r) -> Any:
        return kpis.monthly_kpis(frame)

    return call, table_cases(
        call, r, "receipts", {"purchased_at": ["text", "nan"], "net_cny": ["text", "nan"]}
    )


@entry("active_member_rate")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        args = {"customers": d.customers, "receipts": d.receipts, "as_of": "2025-12-31", **kw}
        return kpis.active_member_rate(**args)

    bad = table_cases(lambda x: call(customers=x), d.customers, "customers", {"customer_id": []})
    bad += table_cases(
        lambda x: call(receipts=x), d.receipts, "receipts", {"purchased_at": ["text"]}
    )
    bad += param_cases(call, {"as_of": ["soon", None, "1999-01-01"], "days": [0, -5, NAN, "90"]})
    return call, bad


@entry("complaint_times")
def _(g: Good) -> Entry:
    c = g.d.complaints

    def call(frame: Any = c, **kw: Any) -> Any:
        return kpis.complaint_times(frame, **kw)

    damage = {**_TIME_DAMAGE, "satisfaction_after": [("value", 9), "negative"]}
    bad = table_cases(call, c, "complaints", damage)
    bad += param_cases(lambda **kw: call(c, **kw), {"by": [7]})
    bad += missing_column_cases(lambda **kw: call(c, **kw), "by", ["till"])
    return call, bad


@entry("staff_complaint_performance")
def _(g: Good) -> Entry:
    c = g.d.complaints

    def call(frame: Any = c, **kw: Any) -> Any:
        return kpis.staff_complaint_performance(frame, **kw)

    damage = {**_TIME_DAMAGE, "store_id": ["nan"], "satisfaction_after": [("value", 0)]}
    bad = table_cases(call, c, "complaints", damage)
    bad.append(
        Case("no staff ids", lambda: call(c.assign(staff_id=None)), ("complaints.staff_id",))
    )
    bad += param_cases(lambda **kw: call(c, **kw), {"min_tickets": [0, -1, 2.5, *BAD_NUMBERS]})
    return call, bad


@entry("data_quality_score")
def _(g: Good) -> Entry:
    c = g.d.customers

    def call(frame: Any = c, **kw: Any) -> Any:
        return kpis.data_quality_score(frame, **kw)

    bad = [
        Case("customers empty", lambda: call(c.iloc[:0]), ("member list",)),
        Case("not a table", lambda: call(c["name"]), ("member list",)),
    ]
    bad += param_cases(lambda **kw: call(c, **kw), {"as_of": ["soon", 3]})
    return call, bad


_SPEND_DAMAGE: dict[str, list[Any]] = {
    "spend_cny": ["negative", "nan", "text"],
    "month": ["text"],
}


@entry("marketing_cost_share")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        return kpis.marketing_cost_share(
            kw.get("spend", d.marketing_spend), kw.get("receipts", d.receipts)
        )

    bad = table_cases(lambda x: call(spend=x), d.marketing_spend, "marketing_spend", _SPEND_DAMAGE)
    bad += table_cases(
        lambda x: call(receipts=x), d.receipts, "receipts", {"net_cny": ["negative", "nan"]}
    )
    return call, bad


@entry("acquisition_cost")
def _(g: Good) -> Entry:
    d = g.d

    def call(**kw: Any) -> Any:
        return kpis.acquisition_cost(
            kw.get("spend", d.marketing_spend), kw.get("customers", d.customers)
        )

    damage = {**_SPEND_DAMAGE, "signup_channel": [("value", "billboard")]}
    bad = table_cases(lambda x: call(spend=x), d.marketing_spend, "marketing_spend", damage)
    bad += table_cases(
        lambda x: call(customers=x),
        d.customers,
        "customers",
        {"signup_date": ["text", "nan"], "signup_channel": ["nan"]},
    )
    return call, bad


@entry("campaign_return")
def _(g: Good) -> Entry:
    d = g.d
    uplift = promotions.campaign_uplift(g.results)

    def call(**kw: Any) -> Any:
        args = {"uplift": uplift, "marketing_spend": d.marketing_spend, "margin_rate": 0.4, **kw}
        return kpis.campaign_return(**args)

    bad = table_cases(
        lambda x: call(uplift=x),
        uplift,
        "uplift",
        {"treatment_members": ["negative", "nan"], "extra_spend_per_member_cny": ["text"]},
    )
    bad += table_cases(
        lambda x: call(marketing_spend=x), d.marketing_spend, "marketing_spend", _SPEND_DAMAGE
    )
    no_cost = d.marketing_spend.loc[d.marketing_spend["campaign_id"] != "C01"]
    bad.append(Case("campaign without cost", lambda: call(marketing_spend=no_cost), ("C01",)))
    bad += param_cases(call, {"margin_rate": [-0.1, 40, *BAD_NUMBERS]})
    return call, bad


# trends ----------------------------------------------------------------------------------------


@entry("monthly_category_sales")
def _(g: Good) -> Entry:
    d = g.d
    lines = d.receipt_lines.head(3000)

    def call(**kw: Any) -> Any:
        return trends.monthly_category_sales(
            kw.get("lines", lines), kw.get("receipts", d.receipts), kw.get("products", d.products)
        )

    damage = {"line_total_cny": ["negative", "nan", "text"], "product_id": [("value", "P9999")]}
    bad = table_cases(lambda x: call(lines=x), lines, "receipt_lines", damage)
    bad += table_cases(
        lambda x: call(receipts=x), d.receipts, "receipts", {"purchased_at": ["text", "nan"]}
    )
    bad += table_cases(lambda x: call(products=x), d.products, "products", {"category": ["nan"]})
    return call, bad


@cache
def _monthly() -> pd.DataFrame:
    d = good().d
    return trends.monthly_category_sales(d.receipt_lines, d.receipts, d.products)


@entry("category_growth")
def _(g: Good) -> Entry:
    m = _monthly()

    def call(frame: Any = m, **kw: Any) -> Any:
        return trends.category_growth(frame, **kw)

    bad = table_cases(call, m, "monthly", {"snacks": ["negative", "nan", "text"]}, drop=False)
    bad += param_cases(lambda **kw: call(m, **kw), {"window": [0, 7, 1.5, *BAD_NUMBERS]})
    return call, bad


@entry("read_trends")
def _(g: Good) -> Entry:
    growth = trends.category_growth(_monthly())

    def call(frame: Any = growth, **kw: Any) -> Any:
        return trends.read_trends(frame, **kw)

    bad = table_cases(call, growth, "growth", {"growth_rate": ["text"]})
    bad += param_cases(lambda **kw: call(growth, **kw), {"threshold": [0, 1, 10, *BAD_NUMBERS]})
    return call, bad


# --- the tests ---------------------------------------------------------------------------------


def test_every_public_helper_has_a_corpus_entry() -> None:
    helpers = set(public_helpers())
    missing = sorted(helpers - set(CORPUS) - NO_INPUT)
    assert not missing, f"public helpers without bad-input cases: {missing}"
    assert not sorted(set(CORPUS) - helpers), "corpus entries for helpers that are gone"


@pytest.mark.parametrize("name", sorted(NO_INPUT))
def test_no_input_helpers_take_no_parameters(name: str) -> None:
    assert not inspect.signature(public_helpers()[name]).parameters


def test_the_corpus_covers_every_kind_of_bad_input() -> None:
    g = good()
    labels = " | ".join(case.label for build in CORPUS.values() for case in build(g)[1])
    for kind in ("empty", "drop", "'text'", "nan", "negative", "as_of=", "9", "1000000000"):
        assert kind in labels, f"no bad call of kind {kind!r}"


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_input_raises_a_course_error_naming_the_column(name: str) -> None:
    good_call, bad = CORPUS[name](good())
    good_call()  # the base call works, so each bad call fails for its own damage only
    assert bad, f"{name} has no bad calls"
    problems = []
    for case in bad:
        try:
            result = case.call()
        except CourseError as exc:
            message = str(exc)
            if not all(word in message for word in case.names):
                problems.append(f"{case.label}: message {message!r} lacks {case.names}")
        except Exception as exc:
            problems.append(f"{case.label}: raw {type(exc).__name__}: {exc}")
        else:
            problems.append(f"{case.label}: accepted silently, returned {type(result).__name__}")
    assert not problems, f"{name}:\n" + "\n".join(problems)


# --- regressions: failures one hostile run found ------------------------------------------------


def _raises(call: Callable[[], Any], *words: str) -> str:
    with pytest.raises(CourseError) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, message
    return message


def test_points_for_a_negative_receipt() -> None:
    _raises(lambda: membership.points_for_receipt(-10, "gold"), "paid_cny", "at least 0")


def test_tiered_discount_of_nan() -> None:
    _raises(lambda: promotions.tiered_discount(NAN, [(30, 3)]), "spend_cny", "finite")


def test_quintile_scores_with_nan() -> None:
    values = pd.Series([1.0, 2.0, NAN, 4.0, 5.0, 6.0], name="monetary_cny")
    _raises(lambda: segments.quintile_scores(values), "monetary_cny", "1 empty value")


def test_tier_movements_on_an_empty_table() -> None:
    empty = good().d.tier_changes.iloc[:0]
    _raises(lambda: membership.tier_movements(empty), "tier_changes", "is empty")


def test_tills_to_open_with_no_shoppers() -> None:
    none = pd.Series([], dtype=float)
    _raises(lambda: service.tills_to_open(none), "receipts_per_hour", "0 values")


def test_basket_matrix_refuses_a_line_without_receipt() -> None:
    lines = good().d.receipt_lines.head(50).copy()
    lines.loc[lines.index[7], "receipt_id"] = None
    message = _raises(
        lambda: baskets.basket_matrix(lines, good().d.products, 1),
        "receipt_lines.receipt_id",
        "1 empty value",
    )
    assert "row 7" in message


def test_gross_margin_rate_refuses_negative_quantities() -> None:
    d = good().d
    lines = d.receipt_lines.head(200).copy()
    lines["quantity"] = -lines["quantity"]
    _raises(
        lambda: customer_value.gross_margin_rate(lines, d.products),
        "receipt_lines.quantity",
        "200 values below 1",
    )


def test_tier_mix_reports_wrong_capitals_and_unknown_tiers() -> None:
    customers = good().d.customers.head(10).copy()
    customers["tier"] = customers["tier"].astype(object)
    customers.loc[[2, 5], "tier"] = ["GOLD", "platinum"]
    message = _raises(lambda: membership.tier_mix(customers), "customers.tier", "2 values")
    assert "'GOLD' should be 'gold'" in message and "'platinum'" in message


def test_rfm_table_refuses_all_nan_money() -> None:
    receipts = good().d.receipts.assign(net_cny=NAN)
    _raises(lambda: segments.rfm_table(receipts), "receipts.net_cny", "empty value")


def test_rfm_table_refuses_an_as_of_before_the_data() -> None:
    _raises(lambda: segments.rfm_table(good().d.receipts, "2024-12-01"), "as_of", "negative")


def test_member_summary_never_gives_negative_visits_per_year() -> None:
    d = good().d
    late = d.customers.assign(signup_date=pd.Timestamp("2026-06-01"))
    _raises(
        lambda: customer_value.member_summary(d.receipts, late),
        "customers.signup_date",
        "before they signed up",
    )
    _raises(
        lambda: customer_value.member_summary(
            d.receipts, d.customers, period_start="2025-06-01", period_end="2025-01-01"
        ),
        "period_end",
    )


def test_daily_sales_refuses_text_amounts() -> None:
    receipts = good().d.receipts.head(100).astype({"net_cny": str})
    _raises(lambda: promotions.daily_sales(receipts), "receipts.net_cny", "pd.to_numeric")


def test_resolution_summary_refuses_resolved_before_opened() -> None:
    c = good().d.complaints.copy()
    c.loc[c.index[4], "resolved_at"] = c.loc[c.index[4], "opened_at"] - pd.Timedelta(hours=3)
    _raises(
        lambda: complaints.resolution_summary(c),
        "complaints.resolved_at",
        "1 row where resolved_at is before opened_at (first at row 4)",
    )


def test_survey_scores_refuse_a_9_on_a_1_to_5_scale() -> None:
    s = good().d.survey_responses.copy()
    s.loc[s.index[0], "sat_freshness"] = 9
    _raises(
        lambda: complaints.survey_scores(s),
        "survey_responses.sat_freshness",
        "above 5",
        "from 1 to 5",
    )


def test_lifetime_value_caps_the_horizon_quickly() -> None:
    _raises(lambda: customer_value.lifetime_value(25, 50, 0.3, 1e9), "expected_years", "at most")
