"""Questions for exercise 9, "A breakfast pair: shelf, bundle or nothing" (Module 8).

:func:`build` turns any data with ``receipt_lines`` and ``products`` tables into the questions,
so tests can use a small hand-made data set and the notebook the real one (see ``ex09``).
Every right answer is computed with the helpers the chapter pages use:
:func:`~storecrm.analysis.baskets.basket_matrix` and
:func:`~storecrm.analysis.baskets.count_pair` for support and confidence (Agrawal, Imielinski
and Swami 1993) and lift (Brin, Motwani, Ullman and Tsur 1997),
:func:`~storecrm.analysis.baskets.top_rules` for the strongest pairs, and
:func:`~storecrm.analysis.promotions.bundle_quote` for a bundle's margin (Module 4).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pandas as pd

from storecrm.analysis.baskets import PairCounts, basket_matrix, count_pair, top_rules
from storecrm.analysis.promotions import BundleQuote, bundle_quote, find_products
from storecrm.exercises.compare import SHARE_TOLERANCE
from storecrm.exercises.questions import (
    ChoiceQuestion,
    Misconception,
    Option,
    Question,
    ReflectionQuestion,
    TableQuestion,
    ValueQuestion,
)
from storecrm.format import percent, yuan

__all__ = [
    "BUNDLE_PRICE_CNY",
    "MATRIX_MIN_BASKETS",
    "MAX_WIN_SHARE",
    "MIN_BASKETS",
    "MIN_CONFIDENCE",
    "MIN_LIFT",
    "PAIR",
    "TOP_RULES",
    "build",
    "extra_sets",
    "right_action",
]

#: The pair the shift leader asks about: (product in the basket, product to suggest). The
#: breakfast set of the chapter's "acting on rules" page.
PAIR: tuple[str, str] = ("Latte", "Ham and egg sandwich")
#: The bundle price on the poster the marketing team proposes, in yuan.
BUNDLE_PRICE_CNY: float = 19.90
#: The chapter's basket table leaves out products in fewer receipts than this.
MATRIX_MIN_BASKETS = 30
#: The chapter's minimum: a pair in fewer receipts could be a few lucky receipts.
MIN_BASKETS = 50
#: The chapter's minimum confidence (a share 0-1, as ``top_rules`` takes it) for its rules table.
MIN_CONFIDENCE = 0.25
#: How many rules the chapter's rules table shows.
TOP_RULES = 12
#: The store's rule of thumb for acting on a pair: twice as likely together as by chance.
MIN_LIFT = 2.0
#: The store's planning assumption for a bundle: it can win at most this share of the
#: shoppers who buy the first product without the second. A bundle that needs more than this
#: to pay for its discount is not planned.
MAX_WIN_SHARE = 0.25


def extra_sets(pair: PairCounts, quote: BundleQuote) -> float:
    """Extra sets a year the bundle must sell to earn the margin the pair earns today.

    Today ``pair.n_both`` receipts hold both products at full price. At the bundle price each
    of those sets leaves less margin, so the bundle must sell ``bundles_to_match`` sets for each
    of them: ``n_both x (bundles_to_match - 1)`` more than today.
    """
    return pair.n_both * (quote.bundles_to_match - 1)


def right_action(pair: PairCounts, quote: BundleQuote) -> str:
    """The option the numbers support: "c" nothing, "b" bundle, "a" place together.

    A pair in fewer than :data:`MIN_BASKETS` receipts, or with a lift below :data:`MIN_LIFT`,
    is not worth a shelf change. A strong pair gets a bundle only if the extra sets it needs
    are at most :data:`MAX_WIN_SHARE` of the baskets with the first product but not the
    second; otherwise the cheap action is to place the two together, without a discount.
    """
    if pair.n_both < MIN_BASKETS or pair.lift < MIN_LIFT:
        return "c"
    without_b = pair.n_a - pair.n_both
    if quote.margin_cny > 0 and extra_sets(pair, quote) <= MAX_WIN_SHARE * without_b:
        return "b"
    return "a"


def _model_answer(pair: PairCounts, quote: BundleQuote, action: str) -> str:
    a, b = pair.a.lower(), pair.b.lower()
    facts = (
        f"{percent(pair.confidence, 0)} of {a} receipts already hold a {b}, and the lift is "
        f"{pair.lift:.1f} in {pair.n_both:,} receipts."
    )
    plans = {
        "a": (
            f"At {yuan(quote.bundle_price_cny)} the bundle would have to sell "
            f"{extra_sets(pair, quote):,.0f} extra sets a year just to keep today's margin, so "
            f"we place the {b} next to the {a} instead and suggest it at the till, once, when "
            "a shopper orders."
        ),
        "b": (
            f"The bundle at {yuan(quote.bundle_price_cny)} needs only "
            f"{extra_sets(pair, quote):,.0f} extra sets a year to pay for its discount, so we "
            "try it for a month in some stores and compare with the others."
        ),
        "c": "That is too weak or too rare to move a shelf for; we keep the space as it is.",
    }
    return (
        f"{facts} {plans[action]} We check the sales of the pair after four weeks, because a "
        "rule shows what goes together, not what a change will do."
    )


def build(
    data: Any, *, pair: tuple[str, str] = PAIR, bundle_price_cny: float = BUNDLE_PRICE_CNY
) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q8`` on ``receipt_lines`` and ``products``."""
    lines = data.receipt_lines
    products = data.products
    first, second = pair

    @cache
    def baskets() -> pd.DataFrame:
        return basket_matrix(lines, products, min_baskets=MATRIX_MIN_BASKETS)

    @cache
    def counts() -> PairCounts:
        return count_pair(baskets(), first, second)

    @cache
    def quote() -> BundleQuote:
        return bundle_quote(products, find_products(products, pair), bundle_price_cny)

    def lines_of(name: str) -> pd.DataFrame:
        ids = products.loc[products["product_name"] == name, "product_id"]
        return lines[lines["product_id"].isin(ids)]

    q1 = ValueQuestion(
        number=1,
        title=f"receipts with a {first.lower()}",
        variable="n_first",
        expected=lambda: counts().n_a,
        what=f"the number of receipts (baskets) that hold at least one {first.lower()}",
        misconceptions=[
            Misconception.equals(
                lambda: int(lines_of(first)["quantity"].sum()),
                f"`{{name}}` adds up the quantity: that is how many {first.lower()}s were sold. "
                "The task asks for the number of receipts that hold one: count receipts.",
            ),
            Misconception.equals(
                lambda: len(lines_of(first)),
                "`{name}` counts receipt lines. One receipt can have the product on two lines: "
                "count each receipt once with `.nunique()`.",
            ),
        ],
        hints=[
            "Two steps: find the product's id in `products`, then count the receipts whose "
            "lines hold that id.",
            f"`products.loc[products['product_name'] == '{first}', 'product_id']` gives the id; "
            "`receipt_lines['product_id'].isin(ids)` marks its lines.",
            "Count each receipt once: `receipt_lines.loc[...,'receipt_id'].nunique()`.",
        ],
        solution=(
            f"ids = products.loc[products['product_name'] == '{first}', 'product_id']\n"
            "mine = receipt_lines[receipt_lines['product_id'].isin(ids)]\n"
            "n_first = mine['receipt_id'].nunique()"
        ),
        meaning=lambda n: (
            f"Right: {n:,} receipts hold a {first.lower()}. This is the 'receipts with A' of the "
            "chapter, the starting point of confidence."
        ),
    )
    q2 = ValueQuestion(
        number=2,
        title="support of the pair",
        variable="support",
        expected=lambda: counts().support,
        what=f"the share of all receipts that hold both a {first.lower()} and a "
        f"{second.lower()}, as a fraction between 0 and 1",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: counts().n_both,
                "`{name}` is a number of receipts. Support is a share: divide by the number "
                "of all receipts, `len(baskets)`.",
            ),
            Misconception.equals(
                lambda: counts().confidence,
                f"`{{name}}` divides by the receipts with a {first.lower()}: that is confidence. "
                "Support divides by all receipts.",
                **SHARE_TOLERANCE,
            ),
            Misconception.percent_not_fraction(),
        ],
        hints=[
            "Support (支持度) = receipts with both ÷ all receipts.",
            f"In `baskets`, `baskets['{first}'] & baskets['{second}']` is True for receipts "
            "with both; `.sum()` counts them and `len(baskets)` is all receipts.",
        ],
        solution=(
            f"both = baskets['{first}'] & baskets['{second}']\n"
            "support = both.sum() / len(baskets)"
        ),
        meaning=lambda s: (
            f"Right: {percent(s, 2)} of all receipts hold the pair. Support is small for "
            "almost any pair in a convenience store; what matters is that it comes from "
            "enough receipts to trust."
        ),
    )
    q3 = ValueQuestion(
        number=3,
        title="confidence",
        variable="confidence",
        expected=lambda: counts().confidence,
        what=f"the share of receipts with a {first.lower()} that also hold a {second.lower()}, "
        "as a fraction between 0 and 1",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: counts().n_both / counts().n_b,
                f"`{{name}}` divides by the receipts with a {second.lower()}: that is the rule "
                f"the other way round. Divide by the receipts with a {first.lower()}.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: counts().support,
                "`{name}` is the support. Confidence divides the receipts with both by the "
                f"receipts with a {first.lower()}, not by all receipts.",
                **SHARE_TOLERANCE,
            ),
            Misconception.percent_not_fraction(),
        ],
        hints=[
            f"Confidence (置信度) ({first.lower()} → {second.lower()}) = receipts with both ÷ "
            f"receipts with a {first.lower()}.",
            f"`both.sum() / baskets['{first}'].sum()`.",
        ],
        solution=f"confidence = both.sum() / baskets['{first}'].sum()",
        meaning=lambda c: (
            f"Right: {percent(c, 0)} of {first.lower()} shoppers also take a "
            f"{second.lower()}. The rest are the shoppers a shelf or a bundle could still win."
        ),
    )
    q4 = ValueQuestion(
        number=4,
        title="lift",
        variable="lift",
        expected=lambda: counts().lift,
        what=f"how many times more often a {first.lower()} receipt holds a {second.lower()} "
        "than an average receipt does",
        rtol=0.001,
        misconceptions=[
            Misconception.equals(
                lambda: counts().confidence,
                "`{name}` is the confidence. Lift divides it by how common the second product "
                "is anyway: its share of all receipts.",
                rtol=0.001,
            ),
            Misconception.equals(
                lambda: counts().n_both / (counts().n_a * counts().n_b),
                "`{name}` divides the receipts with both by the product of the two counts. "
                "Work with shares: confidence ÷ (receipts with the second product ÷ all "
                "receipts).",
                rtol=0.001,
            ),
        ],
        hints=[
            "Lift (提升度) = confidence ÷ (receipts with the second product ÷ all receipts). "
            "1 means no link.",
            f"`confidence / (baskets['{second}'].sum() / len(baskets))`; or use "
            f"`count_pair(baskets, '{first}', '{second}').lift`.",
        ],
        solution=f"lift = confidence / (baskets['{second}'].sum() / len(baskets))",
        meaning=lambda v: (
            f"Right: a {first.lower()} receipt holds a {second.lower()} {v:.1f} times as often "
            "as an average receipt. Far above 1: the two go together."
        ),
    )
    q5 = TableQuestion(
        number=5,
        title="the strongest pairs",
        variable="top_pairs",
        expected=lambda: top_rules(
            baskets(), min_baskets=MIN_BASKETS, min_confidence=MIN_CONFIDENCE, top=TOP_RULES
        ),
        what=f"the {TOP_RULES} rules with the highest lift, among pairs in at least {MIN_BASKETS} "
        f"receipts with a confidence of at least {percent(MIN_CONFIDENCE, 0)}, as `top_rules` "
        "returns them",
        row_word="rule",
        rtol=0.001,
        misconceptions=[
            Misconception.equals(
                lambda: top_rules(baskets(), min_baskets=MIN_BASKETS, top=TOP_RULES),
                "`{name}` has no minimum confidence, so pairs from big family shops that few "
                "shoppers buy together crowd in. Add `min_confidence=0.25`.",
                rtol=0.001,
            ),
            Misconception.equals(
                lambda: top_rules(
                    baskets(), min_confidence=MIN_CONFIDENCE, top=TOP_RULES, min_baskets=1
                ),
                "`{name}` lets in pairs from a handful of receipts. Keep the chapter's minimum: "
                "`min_baskets=50`.",
                rtol=0.001,
            ),
        ],
        hints=[
            "The chapter's function `top_rules` finds every pair (the same rules as mlxtend) "
            "and sorts by lift. Give it the same minimums as the chapter.",
            "`top_rules(baskets, min_baskets=50, min_confidence=0.25, top=12)`.",
        ],
        solution=(
            "top_pairs = top_rules(baskets, min_baskets=50, min_confidence=0.25, top=12)"
        ),
        meaning=(
            "Right. These are the pairs worth a conversation at the next shift meeting. Look at "
            "`baskets_with_both` too: a huge lift from 100 receipts is a smaller business than "
            "a good lift from 1,000."
        ),
    )
    q6 = ValueQuestion(
        number=6,
        title="the bundle's margin check",
        variable="extra_needed",
        expected=lambda: extra_sets(counts(), quote()),
        what="the number of extra sets a year the bundle must sell so the store keeps the "
        "margin it earns on the pair today",
        rtol=0.001,
        misconceptions=[
            Misconception.equals(
                lambda: counts().n_both * quote().bundles_to_match,
                "`{name}` is all the sets the bundle must sell, including the ones sold today. "
                "The task asks for the *extra* sets: subtract today's sets.",
                rtol=0.001,
            ),
            Misconception.equals(
                lambda: counts().n_both
                * (quote().separate_price_cny / quote().bundle_price_cny - 1),
                "`{name}` compares prices. The store lives on the margin (price minus cost): "
                "use `quote.bundles_to_match`, which compares margins.",
                rtol=0.001,
            ),
            Misconception.equals(
                lambda: quote().bundles_to_match,
                "`{name}` is the number of bundles per set sold today. Multiply the extra part "
                "by today's sets (receipts with both).",
                rtol=0.001,
            ),
        ],
        hints=[
            "Today the pair is on a number of receipts at full price (receipts with both). "
            "Each bundle leaves less margin, so more sets must be sold to earn the same.",
            "`quote.bundles_to_match` is how many bundles earn the margin of one full-price "
            "set. The extra part is `bundles_to_match - 1` per set sold today.",
            "`extra_needed = both.sum() * (quote.bundles_to_match - 1)`.",
        ],
        solution="extra_needed = both.sum() * (quote.bundles_to_match - 1)",
        meaning=lambda v: (
            f"Right: about {v:,.0f} extra sets a year, just to stand still. Compare it with "
            f"the receipts with a {first.lower()} but no {second.lower()}: those are the "
            "shoppers the bundle would have to win."
        ),
    )

    def why(key: str) -> Callable[[], str]:
        def text() -> str:
            c, q = counts(), quote()
            without_b = c.n_a - c.n_both
            need = extra_sets(c, q)
            strong = c.n_both >= MIN_BASKETS and c.lift >= MIN_LIFT
            strength = (
                f"The lift is {c.lift:.1f} in {c.n_both:,} receipts"
                + (
                    f", well above the store's minimum of {MIN_LIFT:.0f} in {MIN_BASKETS}."
                    if strong
                    else f", below the store's minimum of {MIN_LIFT:.0f} in {MIN_BASKETS}."
                )
            )
            winnable = (
                f"The bundle needs {need:,.0f} extra sets a year, "
                f"{percent(need / without_b, 0) if without_b else 'all'} of the {without_b:,} "
                f"{first.lower()} receipts without a {second.lower()}; the store plans on "
                f"winning at most {percent(MAX_WIN_SHARE, 0)}."
            )
            if key == "c":
                return strength
            if key == "b":
                return f"{strength} {winnable}" if strong else strength
            return (
                f"{strength} Placing them together costs no discount. {winnable}"
                if strong
                else strength
            )

        return text

    q7 = ChoiceQuestion(
        number=7,
        title="shelf, bundle or nothing",
        variable="my_choice",
        expected=lambda: right_action(counts(), quote()),
        options=[
            Option(
                "a",
                f"Place them together: the {second.lower()} on a shelf beside the "
                f"{first.lower()}, and one suggestion at the till",
                why("a"),
            ),
            Option(
                "b",
                f"Bundle them at {yuan(bundle_price_cny)} for the pair",
                why("b"),
            ),
            Option("c", "Do nothing: keep the shelves as they are", why("c")),
        ],
        hints=[
            f"First: is the pair strong enough to act on (lift of at least {MIN_LIFT:.0f} in "
            f"at least {MIN_BASKETS} receipts)? Tasks 3 and 4.",
            "Then: can the bundle win the extra sets of task 6? Compare them with the "
            f"{first.lower()} receipts that have no {second.lower()} yet (task 1 minus the "
            f"receipts with both); the store plans on winning at most "
            f"{percent(MAX_WIN_SHARE, 0)} of them.",
        ],
        meaning=(
            "Whatever you change, note the date and compare the pair's sales four weeks "
            "before and after, or against a store that did not change."
        ),
    )
    q8 = ReflectionQuestion(
        number=8,
        title="what does this mean for the store",
        variable="my_answer",
        model_answer=lambda: _model_answer(counts(), quote(), right_action(counts(), quote())),
        rubric=[
            "It names the action and the numbers behind it (lift, receipts, extra sets).",
            "It says why a bundle discount can cost money when many shoppers buy both anyway.",
            "It says what staff do on the floor or at the till.",
            "It plans a check after the change, because a rule shows what goes together, not "
            "what causes what.",
        ],
        hints=[
            "Put tasks 3, 4 and 6 side by side: how strong is the pair, and what would the "
            "bundle cost?",
            "Write two or three sentences: your choice, the number behind it, and what staff "
            "do.",
        ],
    )
    return {
        "q1": q1,
        "q2": q2,
        "q3": q3,
        "q4": q4,
        "q5": q5,
        "q6": q6,
        "q7": q7,
        "q8": q8,
    }
