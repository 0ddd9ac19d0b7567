"""The previous implementation of basket analysis, kept as the benchmark's baseline.

This is ``basket_matrix`` and ``top_rules`` from ``storecrm.analysis.baskets`` as they were
before pair counting became sparse (git main at 3852f09), copied unchanged: a dense
True/False table of receipts x products handed to mlxtend's ``fpgrowth`` and
``association_rules``. ``benchmarks/basket_scale.py`` runs it beside the new code; nothing
in the package imports it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from mlxtend.frequent_patterns import association_rules, fpgrowth

from storecrm.analysis.checks import (
    check_ids_known,
    check_number,
    check_table,
)
from storecrm.errors import CourseError

__all__ = ["basket_matrix", "top_rules"]


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
