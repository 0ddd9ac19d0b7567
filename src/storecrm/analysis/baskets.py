"""Baskets, "bought together" rules and targeted-campaign results for Module 8.

A store manager asks three questions of the receipts: "what do people buy together?", "what
should we suggest next?" and "did the offer we sent to one group work for that group?". The
functions here answer them from Maple Street Mart's data:

* :func:`basket_matrix` turns receipt lines into one row per receipt and one True/False
  column per product: the shape association-rule tools need.
* :func:`top_rules` finds rules such as "receipts with cup noodles also hold ham sausage"
  by counting pairs in a sparse matrix (:mod:`storecrm.analysis.pair_counts`), with the
  same support, confidence and lift as mlxtend's ``fpgrowth`` then ``association_rules``,
  and returns them in a fixed order with plain-text names, so a printed table never
  changes between runs. Its memory grows with the receipt lines, so it also works on a
  whole supermarket's export at product level (``basket_matrix(..., sparse=True)``).
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

from storecrm.analysis.checks import (
    check_ids_known,
    check_number,
    check_table,
)
from storecrm.analysis.grouping import factorize_runs
from storecrm.analysis.pair_counts import (
    basket_cells,
    column_rows,
    pair_rules,
    sparse_basket_frame,
)
from storecrm.errors import CourseError

__all__ = [
    "DENSE_LIMIT_BYTES",
    "EXAMPLE_PAIR",
    "PairCounts",
    "also_bought",
    "basket_matrix",
    "campaign_effect_by_group",
    "count_pair",
    "pair_lift",
    "top_rules",
]

#: Largest dense basket table :func:`basket_matrix` builds (one byte a cell): 1 GiB. Above
#: it, pass ``sparse=True`` (the course data needs about 80 MB; a 24,000-product
#: supermarket export would need several GB).
DENSE_LIMIT_BYTES: int = 2**30

#: The pair the chapter works through by hand: (product bought first, product suggested).
EXAMPLE_PAIR: tuple[str, str] = ("Cup noodles", "Ham sausage")


def basket_matrix(
    receipt_lines: pd.DataFrame,
    products: pd.DataFrame,
    min_baskets: int = 30,
    sparse: bool = False,
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
    sparse
        If True, every column is a pandas sparse True/False column that stores only the
        receipts holding the product. Use it for a whole store's export at product level
        (tens of thousands of products): a dense table holds one cell per receipt and
        product (several GB there), the sparse one only the receipt lines.
        :func:`top_rules` and :func:`count_pair` give the same answers on both.

    Returns
    -------
    pandas.DataFrame
        Boolean frame indexed by ``receipt_id`` (sorted), columns sorted by product name.

    Raises
    ------
    CourseError
        If a dense table would need more than :data:`DENSE_LIMIT_BYTES`; the message
        gives its size and says to pass ``sparse=True``.
    """
    check_table(receipt_lines, "receipt_lines", ["receipt_id", "product_id"])
    check_table(products, "products", ["product_id", "product_name"])
    check_number(min_baskets, "min_baskets", minimum=1, whole=True)
    if not isinstance(sparse, bool):
        raise CourseError(f"must be True or False, got {sparse!r}", column="sparse")
    names = products.drop_duplicates("product_id").set_index("product_id")["product_name"]
    # Each distinct product number is checked and named once, not once per line (the
    # large data set has 11 million lines and 6,000 products).
    product_codes, products_seen = pd.factorize(receipt_lines["product_id"], use_na_sentinel=False)
    if not pd.Index(products_seen).isin(names.index).all():
        check_ids_known(  # raises, naming the first unknown line
            receipt_lines["product_id"], "receipt_lines", "product_id", names.index, "products"
        )
    # Work on integer codes and count before building the table: a year of receipts holds
    # millions of receipts and thousands of products, and a dense table of all of them (then
    # grouped by name) took about a minute; only the kept columns are built here.
    receipt_codes, receipt_ids = factorize_runs(receipt_lines["receipt_id"], sort=True)
    seen_names = pd.Series(products_seen, dtype=object).map(names.astype(str))
    seen_codes, name_values = pd.factorize(seen_names, sort=True)  # two ids, one name: one code
    name_codes = seen_codes.astype(np.int32)[product_codes]
    del product_codes
    if (name_codes < 0).any():  # a product without a shelf name has no column
        named = name_codes >= 0
        receipt_codes, name_codes = receipt_codes[named], name_codes[named]
    cells = basket_cells(receipt_codes, name_codes, len(receipt_ids), len(name_values))
    del receipt_codes, name_codes
    keep = np.flatnonzero(np.diff(cells.indptr) >= min_baskets)
    cells = cells[:, keep]
    index = pd.Index(receipt_ids, name="receipt_id")
    kept_names = [str(name) for name in name_values[keep]]
    if sparse:
        return sparse_basket_frame(cells, index, kept_names)
    size = len(receipt_ids) * len(keep)
    if size > DENSE_LIMIT_BYTES:
        raise CourseError(
            f"{len(receipt_ids):,} receipts x {len(keep):,} products would make a True/False "
            f"table of {size / 2**30:.1f} GB",
            table="receipt_lines",
            hint="Pass sparse=True: basket_matrix(receipt_lines, products, min_baskets, "
            "sparse=True) stores only the receipt lines and gives top_rules the same rules "
            "(or raise min_baskets to keep fewer products)",
        )
    return pd.DataFrame(cells.toarray(), index=index, columns=kept_names)


def _check_baskets(baskets: pd.DataFrame) -> None:
    """A basket matrix: rows, one column per product, only True/False (dense or sparse)."""
    check_table(baskets, "baskets")
    names = baskets.columns.map(str)
    if names.has_duplicates:
        twice = names[names.duplicated()][0]
        raise CourseError(
            "has two columns for one product",
            table="baskets",
            column=twice,
            hint="Make the baskets with basket_matrix(receipt_lines, products), which "
            "gives each shelf name one column",
        )
    for column, dtype in baskets.dtypes.items():
        if not pd.api.types.is_bool_dtype(dtype):
            raise CourseError(
                f"holds {dtype} values, not True/False",
                table="baskets",
                column=str(column),
                hint="Make the baskets with basket_matrix(receipt_lines, products)",
            )
        if isinstance(dtype, pd.BooleanDtype) and baskets[column].isna().any():
            raise CourseError(
                f"has {int(baskets[column].isna().sum())} empty cell(s): in the basket or not?",
                table="baskets",
                column=str(column),
                hint="Fill them with False (baskets.fillna(False)) or make the baskets with "
                "basket_matrix(receipt_lines, products)",
            )


def top_rules(
    baskets: pd.DataFrame,
    min_baskets: int = 50,
    min_lift: float = 1.0,
    min_confidence: float = 0.0,
    top: int | None = 10,
    one_per_pair: bool = True,
) -> pd.DataFrame:
    """The strongest "bought together" rules, biggest lift first, in a fixed order.

    Finds every pair of products in at least ``min_baskets`` receipts (the minimum support,
    as a count so it means something to a store manager) and gives each direction its
    confidence and lift. Only rules with one product on each side are made: "if cup
    noodles, then ham sausage" is what staff can act on, and no page, exercise or quiz
    uses larger item sets (the previous version asked mlxtend for ``max_len=2`` too).

    The counting is sparse (:mod:`storecrm.analysis.pair_counts`): products in fewer than
    ``min_baskets`` receipts are dropped first, then one sparse matrix product counts every
    remaining pair, so memory grows with the receipt lines, not with receipts x products.
    The measures use the same arithmetic as mlxtend's ``fpgrowth`` and
    ``association_rules`` (which the tests use as the reference), so the rules, numbers and
    order are those the course printed before. One difference: ``min_baskets`` is compared
    as a whole count; mlxtend rounds ``min_baskets / receipts x receipts`` up, which for
    some sizes (7 of 25 receipts, for example) asks for one receipt more.

    Parameters
    ----------
    baskets
        The output of :func:`basket_matrix` (dense, or ``sparse=True`` for a big store).
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
        keep only the direction with the higher confidence (on a tie, the first name in
        alphabetical order), so a table shows each pair once.

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
    # Names in alphabetical order, so that comparing positions compares names.
    names = np.array([str(c) for c in baskets.columns], dtype=object)
    order = np.argsort(names.astype(str), kind="stable")
    rows_of = column_rows(baskets)
    rules = pair_rules([rows_of[k] for k in order], n, min_baskets, min_lift, min_confidence)
    if one_per_pair:
        # Per pair, the direction with the higher confidence; on a tie the first name.
        pair_lo = np.minimum(rules.first, rules.second)
        pair_hi = np.maximum(rules.first, rules.second)
        ranked = np.lexsort((rules.first, -rules.confidence, pair_hi, pair_lo))
        lo, hi = pair_lo[ranked], pair_hi[ranked]
        leads = np.ones(len(ranked), dtype=bool)
        leads[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
        rules = rules.take(ranked[leads])
    rules = rules.take(np.lexsort((rules.second, rules.first, -rules.lift)))
    if top is not None:
        rules = rules.take(slice(0, top))
    sorted_names = names[order]
    return pd.DataFrame(
        {
            "if_bought": sorted_names[rules.first],
            "then_bought": sorted_names[rules.second],
            "baskets_with_both": rules.both.astype(int),
            "support": rules.support,
            "confidence": rules.confidence,
            "lift": rules.lift,
        }
    )


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
