"""Baskets, "bought together" rules and targeted-campaign results for Module 8.

A store manager asks three questions of the receipts: "what do people buy together?", "what
should we suggest next?" and "did the offer we sent to one group work for that group?". The
functions here answer them from Maple Street Mart's data:

* :func:`basket_matrix` turns receipt lines into one row per receipt and one True/False
  column per product: the shape association-rule tools need.
* :func:`top_rules` finds rules such as "receipts with cup noodles also hold ham sausage"
  with mlxtend (``fpgrowth`` then ``association_rules``) and returns them in a fixed order,
  with the itemsets written as plain text, so a printed table never changes between runs.
* :func:`count_pair` and :func:`pair_lift` work out support, confidence and lift for one
  pair from four counts, the way the chapter does it by hand. Support and confidence are
  the measures of Agrawal, Imielinski and Swami (1993); lift ("interest") is from Brin,
  Motwani, Ullman and Tsur (1997).
* :func:`also_bought` reads item-to-item suggestions ("people who buy X also buy Y") off
  the rules.
* :func:`campaign_effect_by_group` splits one coupon campaign's treatment-versus-control
  result by a member group (age band, signup store...) and shows the group sizes and a
  rough margin of error, because small groups give noisy answers.

The numbers the Module 8 quiz asks for are built on these in
:mod:`storecrm.quiz.answers.baskets`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from mlxtend.frequent_patterns import association_rules, fpgrowth

from storecrm.analysis.checks import (
    check_ids_known,
    check_number,
    check_table,
)
from storecrm.errors import CourseError

__all__ = [
    "EXAMPLE_PAIR",
    "PairCounts",
    "also_bought",
    "basket_matrix",
    "campaign_effect_by_group",
    "count_pair",
    "pair_lift",
    "top_rules",
]

#: The pair the chapter works through by hand: (product bought first, product suggested).
EXAMPLE_PAIR: tuple[str, str] = ("Cup noodles", "Ham sausage")


def basket_matrix(
    receipt_lines: pd.DataFrame, products: pd.DataFrame, min_baskets: int = 30
) -> pd.DataFrame:
    """One row per receipt, one True/False column per product: "was it in this basket?".

    Association rules ask only whether a product was in a basket, not how many, so two
    cans of beer count once. Products in fewer than ``min_baskets`` receipts are dropped:
    a rule about a product bought a handful of times a year is noise, and dropping them
    keeps the search fast.

    Parameters
    ----------
    receipt_lines
        The ``receipt_lines`` table (``receipt_id``, ``product_id``).
    products
        The ``products`` table; columns are named by ``product_name`` (the shelf label).
    min_baskets
        Keep only products found in at least this many receipts.

    Returns
    -------
    pandas.DataFrame
        Boolean frame indexed by ``receipt_id`` (sorted), columns sorted by product name.
    """
    check_table(receipt_lines, "receipt_lines", ["receipt_id", "product_id"])
    check_table(products, "products", ["product_id", "product_name"])
    check_number(min_baskets, "min_baskets", minimum=1, whole=True)
    names = products.drop_duplicates("product_id").set_index("product_id")["product_name"]
    check_ids_known(
        receipt_lines["product_id"], "receipt_lines", "product_id", names.index, "products"
    )
    # Work on integer codes and count before building the table: a year of receipts holds
    # tens of thousands of receipts and a thousand products, and a dense table of all of them
    # (then grouped by name) took about a minute; only the kept columns are built here.
    receipt_codes, receipt_ids = pd.factorize(receipt_lines["receipt_id"], sort=True)
    line_names = receipt_lines["product_id"].map(names.astype(str))
    name_codes, name_values = pd.factorize(line_names, sort=True)  # two ids, one name: one code
    named = name_codes >= 0
    receipt_codes, name_codes = receipt_codes[named], name_codes[named]
    pairs = np.unique(receipt_codes.astype(np.int64) * len(name_values) + name_codes)
    baskets_per_name = np.bincount(pairs % len(name_values), minlength=len(name_values))
    keep = np.flatnonzero(baskets_per_name >= min_baskets)
    column_of = np.full(len(name_values), -1)
    column_of[keep] = np.arange(len(keep))
    columns = column_of[name_codes]
    present = np.zeros((len(receipt_ids), len(keep)), dtype=bool)
    present[receipt_codes[columns >= 0], columns[columns >= 0]] = True
    return pd.DataFrame(
        present,
        index=pd.Index(receipt_ids, name="receipt_id"),
        columns=[str(name) for name in name_values[keep]],
    )


def _check_baskets(baskets: pd.DataFrame) -> None:
    """A basket matrix: rows, and only True/False columns (what mlxtend needs)."""
    check_table(baskets, "baskets")
    for column in baskets.columns:
        if not pd.api.types.is_bool_dtype(baskets[column].dtype):
            raise CourseError(
                f"holds {baskets[column].dtype} values, not True/False",
                table="baskets",
                column=str(column),
                hint="Make the baskets with basket_matrix(receipt_lines, products)",
            )


def _as_text(itemset: frozenset[str]) -> str:
    """A frozenset of product names as text in a fixed (alphabetical) order."""
    return " + ".join(sorted(itemset))


def top_rules(
    baskets: pd.DataFrame,
    min_baskets: int = 50,
    min_lift: float = 1.0,
    min_confidence: float = 0.0,
    top: int | None = 10,
    one_per_pair: bool = True,
) -> pd.DataFrame:
    """The strongest "bought together" rules, biggest lift first, in a fixed order.

    Uses mlxtend's ``fpgrowth`` to find item sets in at least ``min_baskets`` receipts
    (the minimum support, as a count so it means something to a store manager), then
    ``association_rules`` for confidence and lift. Only rules with one product on each side
    are kept: "if cup noodles, then ham sausage" is what staff can act on.

    Parameters
    ----------
    baskets
        The output of :func:`basket_matrix`.
    min_baskets
        Minimum number of receipts holding both products. Raising it makes the search faster
        and the rules more trustworthy; lowering it finds rarer pairs.
    min_lift
        Keep rules with at least this lift (1.0 = no better than chance).
    min_confidence
        Keep rules whose confidence is at least this share (a fraction 0-1: 0.25 keeps
        rules where a quarter of the baskets with the first product hold the second). Big
        shopping trips hold many products, so two staples can show a high lift although few
        shoppers who buy one take the other; a minimum confidence filters those out.
    top
        How many rules to return (``None`` for all).
    one_per_pair
        A pair gives two rules (A then B, B then A) with the same support and lift. If True,
        keep only the direction with the higher confidence, so a table shows each pair once.

    Returns
    -------
    pandas.DataFrame
        Columns ``if_bought``, ``then_bought``, ``baskets_with_both``, ``support`` and
        ``confidence`` (shares, fractions 0-1) and ``lift``; sorted by lift (high first),
        then by the names, so ties always come out in the same order.
    """
    _check_baskets(baskets)
    n = len(baskets)
    check_number(
        min_baskets,
        "min_baskets",
        minimum=1,
        maximum=n,
        whole=True,
        hint=f"It counts receipts; the baskets hold {n}",
    )
    check_number(min_lift, "min_lift", minimum=0)
    check_number(
        min_confidence,
        "min_confidence",
        minimum=0,
        maximum=1,
        hint="A share between 0 and 1: 0.25 for a quarter, not 25",
    )
    if top is not None:
        check_number(top, "top", minimum=1, whole=True, hint="Or None for all rules")
    columns = [
        "if_bought",
        "then_bought",
        "baskets_with_both",
        "support",
        "confidence",
        "lift",
    ]
    itemsets = fpgrowth(baskets, min_support=min_baskets / n, use_colnames=True, max_len=2)
    pairs = itemsets[itemsets["itemsets"].map(len) == 2]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    rules = association_rules(itemsets, metric="lift", min_threshold=min_lift)
    rules = rules[(rules["antecedents"].map(len) == 1) & (rules["consequents"].map(len) == 1)]
    out = pd.DataFrame(
        {
            "if_bought": rules["antecedents"].map(_as_text),
            "then_bought": rules["consequents"].map(_as_text),
            "baskets_with_both": (rules["support"] * n).round().astype(int),
            "support": rules["support"],
            "confidence": rules["confidence"],
            "lift": rules["lift"],
        }
    )
    out = out[out["confidence"] >= min_confidence]
    if one_per_pair:
        out["pair"] = [
            _as_text(frozenset((a, b)))
            for a, b in zip(out["if_bought"], out["then_bought"], strict=True)
        ]
        out = out.sort_values(["pair", "confidence", "if_bought"], ascending=[True, False, True])
        out = out.drop_duplicates("pair").drop(columns="pair")
    out = out.sort_values(
        ["lift", "if_bought", "then_bought"], ascending=[False, True, True]
    ).reset_index(drop=True)
    return out if top is None else out.head(top).reset_index(drop=True)


@dataclass(frozen=True)
class PairCounts:
    """The four counts behind a rule "if ``a`` then ``b``", and the three measures.

    Attributes
    ----------
    a, b
        Product names: ``a`` is in the basket, ``b`` is what we would suggest.
    n_baskets
        All receipts.
    n_a, n_b
        Receipts holding ``a``; receipts holding ``b``.
    n_both
        Receipts holding both.
    """

    a: str
    b: str
    n_baskets: int
    n_a: int
    n_b: int
    n_both: int

    def __post_init__(self) -> None:
        _check_counts(self.n_baskets, self.n_a, self.n_b, self.n_both)

    @property
    def support(self) -> float:
        """Share of all receipts holding both (0-1): how common the pair is."""
        return self.n_both / self.n_baskets

    @property
    def confidence(self) -> float:
        """Share of receipts with ``a`` that also hold ``b`` (0-1)."""
        return self.n_both / self.n_a

    @property
    def lift(self) -> float:
        """Confidence divided by how common ``b`` is anyway (1 = no link)."""
        return pair_lift(self.n_baskets, self.n_a, self.n_b, self.n_both)


def _check_counts(n_baskets: int, n_a: int, n_b: int, n_both: int) -> None:
    """Four receipt counts that can all be true at once."""
    for name, v in {"n_baskets": n_baskets, "n_a": n_a, "n_b": n_b, "n_both": n_both}.items():
        check_number(v, name, minimum=0, whole=True, hint="It counts receipts")
    if n_both > min(n_a, n_b):
        raise CourseError(
            f"is {n_both}, more than the baskets with one of the products ({min(n_a, n_b)})",
            column="n_both",
            hint="Baskets with both are also baskets with each; check the counts",
        )
    if n_a + n_b - n_both > n_baskets:
        raise CourseError(
            f"is {n_baskets}, fewer than the baskets holding A or B ({n_a + n_b - n_both})",
            column="n_baskets",
            hint="n_baskets counts all receipts; check the counts",
        )


def pair_lift(n_baskets: int, n_a: int, n_b: int, n_both: int) -> float:
    """Lift of a pair from four counts: (n_both / n_a) / (n_b / n_baskets).

    Read it as "a basket with A holds B this many times more often than an average basket
    does". 1 means no link, above 1 the pair goes together, below 1 they tend not to.
    The formula is symmetric: the lift of A-then-B equals that of B-then-A.

    Raises
    ------
    CourseError
        If a count is negative, a product was never bought, or the counts are impossible
        (more baskets with both than with one of them, or more baskets with A or B than
        baskets in all).
    """
    _check_counts(n_baskets, n_a, n_b, n_both)
    if n_a == 0 or n_b == 0:
        raise CourseError(
            "is 0: both products must be in at least one basket",
            column="n_a" if n_a == 0 else "n_b",
            hint="Lift is not defined for a product nobody bought",
        )
    return (n_both / n_a) / (n_b / n_baskets)


def count_pair(baskets: pd.DataFrame, a: str, b: str) -> PairCounts:
    """Count the receipts with ``a``, with ``b`` and with both, for a worked example.

    Raises
    ------
    CourseError
        If a product is not a column of ``baskets``, or ``a`` and ``b`` are the same.
    """
    _check_baskets(baskets)
    for name, value in (("a", a), ("b", b)):
        if not isinstance(value, str) or value not in baskets.columns:
            raise CourseError(
                f"{value!r} is not a product column of the baskets",
                column=name,
                hint="Use the name as on the shelf label (e.g. 'Cup noodles'); rare products "
                "are dropped by basket_matrix's min_baskets",
            )
    if a == b:
        raise CourseError(f"is the same product as a ({a!r})", column="b")
    has_a, has_b = baskets[a].astype(bool), baskets[b].astype(bool)
    return PairCounts(
        a=a,
        b=b,
        n_baskets=len(baskets),
        n_a=int(has_a.sum()),
        n_b=int(has_b.sum()),
        n_both=int((has_a & has_b).sum()),
    )


def also_bought(rules: pd.DataFrame, product: str, top: int = 3) -> pd.DataFrame:
    """Item-to-item suggestions: what to offer a shopper who has ``product`` in the basket.

    Takes rules in the shape :func:`top_rules` returns (call it with ``one_per_pair=False``
    and ``top=None`` so both directions are there) and keeps those starting from
    ``product``, ranked by confidence: the share of such baskets that already hold the
    suggestion is the best guess of how often the suggestion is welcome.
    """
    check_table(rules, "rules", ["if_bought", "then_bought", "confidence"])
    check_number(top, "top", minimum=1, whole=True)
    if not isinstance(product, str) or not (rules["if_bought"] == product).any():
        raise CourseError(
            f"no rule starts from {product!r}",
            column="product",
            hint="Check the spelling (names as on the shelf label, e.g. 'Cup noodles'), or "
            "make the rules with a lower min_baskets",
        )
    mine = rules[rules["if_bought"] == product]
    mine = mine.sort_values(["confidence", "then_bought"], ascending=[False, True])
    return mine.head(top).reset_index(drop=True)


def campaign_effect_by_group(
    activity: pd.DataFrame, customers: pd.DataFrame, campaign_id: str, by: str
) -> pd.DataFrame:
    """One campaign's extra visits per member (treatment minus control), per member group.

    Use a group known before the campaign started (age band, signup store or channel), not
    one the campaign could change, such as the tier at the end of the year.

    Parameters
    ----------
    activity
        The output of :func:`storecrm.analysis.promotions.campaign_member_activity`.
    customers
        The ``customers`` table (``customer_id`` and the ``by`` column).
    campaign_id
        Which campaign, for example ``"C07"``.
    by
        The customers column that defines the groups.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``treatment_members``, ``control_members``,
        ``treatment_visits`` and ``control_visits`` (visits per member in the campaign
        dates), ``extra_visits`` (the difference) and ``margin`` (about 1.96 standard
        errors: differences smaller than this could easily be chance), plus an ``All
        members`` row.
    """
    check_table(activity, "activity", ["campaign_id", "customer_id", "group", "visits"])
    check_table(
        customers, "customers", ["customer_id", by] if isinstance(by, str) else ["customer_id"]
    )
    if not isinstance(by, str) or by == "customer_id":
        raise CourseError(
            f"must name a customers column such as 'age_band', got {by!r}", column="by"
        )
    one = activity[activity["campaign_id"] == campaign_id]
    if one.empty:
        known = ", ".join(sorted(map(str, activity["campaign_id"].unique()))[:10])
        raise CourseError(
            f"no coupon sends for campaign {campaign_id!r} (campaigns here: {known})",
            table="activity",
            column="campaign_id",
        )
    one = one.merge(customers[["customer_id", by]], on="customer_id", how="left")
    one[by] = one[by].astype(str)
    rows = []
    groups = [(str(g), part) for g, part in one.groupby(by, sort=True)]
    for name, part in [*groups, ("All members", one)]:
        treat = part.loc[part["group"] == "treatment", "visits"]
        ctrl = part.loc[part["group"] == "control", "visits"]
        if len(treat) == 0 or len(ctrl) == 0:
            continue
        se = np.sqrt(treat.var(ddof=1) / len(treat) + ctrl.var(ddof=1) / len(ctrl))
        rows.append(
            {
                by: name,
                "treatment_members": len(treat),
                "control_members": len(ctrl),
                "treatment_visits": float(treat.mean()),
                "control_visits": float(ctrl.mean()),
                "extra_visits": float(treat.mean() - ctrl.mean()),
                "margin": float(1.96 * se) if np.isfinite(se) else float("nan"),
            }
        )
    return pd.DataFrame(rows).set_index(by)
