"""Pair counting for "bought together" rules, in memory that grows with the receipt lines.

:func:`storecrm.analysis.baskets.top_rules` used to hand a dense True/False table (one row
per receipt, one column per product) to mlxtend. At product level in a big store that table
is the problem: a supermarket export of about 818,000 lines, 24,000 products and a few
hundred thousand baskets makes a table of several billion cells, and the analysis needed
14 GB. The receipts themselves hold fewer than a million "this product was in this basket"
facts, so this module works on those facts alone:

1. Each product's baskets, as the row numbers where it is True (:func:`column_rows`, which
   reads a dense or a pandas *sparse* basket frame without densifying it).
2. Products in fewer than ``min_baskets`` baskets are dropped before any pair is counted:
   a pair can never be in more baskets than either of its products (the Apriori property,
   Agrawal and Srikant 1994).
3. The kept products become a compressed sparse matrix ``X`` (baskets x products, 0/1);
   ``X.T @ X`` counts, for every pair at once, the baskets holding both. Only pairs that
   share a basket take memory.
4. :func:`pair_rules` turns the counts into rules with exactly the arithmetic mlxtend's
   ``fpgrowth`` + ``association_rules`` use (support = count / baskets, confidence =
   support(A and B) / support(A), lift = confidence / support(B)), so the floats, the
   filters and therefore the order of tied rules are the same as before.

Only pairs are counted: the course's rules have one product on each side ("if cup noodles,
then ham sausage"), and the previous implementation asked mlxtend for ``max_len=2`` and
kept only one-to-one rules, so larger item sets never reached a page, an exercise or a quiz.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from pandas._libs.sparse import IntIndex  # what DataFrame.sparse.from_spmatrix uses

__all__ = ["PairRules", "basket_cells", "column_rows", "pair_rules", "sparse_basket_frame"]

#: The dtype of a sparse basket column: True where the product is in the basket, and
#: False (not stored) everywhere else.
SPARSE_BOOL = pd.SparseDtype(bool, False)


def basket_cells(
    receipt_codes: np.ndarray, name_codes: np.ndarray, n_receipts: int, n_names: int
) -> sp.csc_matrix:
    """The True cells of a basket table (receipt, product), each once, as a sparse matrix.

    Why scipy: it removes a product listed twice on one receipt and sorts each product's
    receipts with counting sorts in C, in memory that grows with the lines. The previous
    version sorted one 64-bit key per line (receipt x products + product) and then every
    cell again by product: two full sorts of 11 million numbers on the large data set.

    Parameters
    ----------
    receipt_codes, name_codes
        For each receipt line, its receipt's row (0 to ``n_receipts - 1``) and its product's
        column (0 to ``n_names - 1``).

    Returns
    -------
    scipy.sparse.csc_matrix
        ``n_receipts`` x ``n_names``, True where the product is in the basket; within each
        column the rows are in order (``indices[indptr[j]:indptr[j + 1]]`` are product
        ``j``'s baskets, so ``np.diff(indptr)`` counts each product's baskets).
    """
    ones = np.ones(len(receipt_codes), dtype=np.int32)
    shape = (n_receipts, n_names)
    if len(receipt_codes) and np.all(receipt_codes[1:] >= receipt_codes[:-1]):
        # Lines already grouped by receipt in order (as a till writes them): the rows'
        # boundaries are known, so no (row, column) pair list has to be sorted into rows.
        indptr = np.concatenate(([0], np.cumsum(np.bincount(receipt_codes, minlength=n_receipts))))
        by_receipt = sp.csr_matrix((ones, name_codes, indptr), shape=shape)
    else:
        by_receipt = sp.csr_matrix((ones, (receipt_codes, name_codes)), shape=shape)
    by_receipt.sum_duplicates()  # a product twice on one receipt is one cell
    cells = by_receipt.tocsc()
    cells.data = np.ones(cells.nnz, dtype=bool)
    return cells


def sparse_basket_frame(
    cells: sp.csc_matrix, index: pd.Index, names: Sequence[str]
) -> pd.DataFrame:
    """A basket frame with sparse True/False columns from :func:`basket_cells`' matrix.

    Parameters
    ----------
    cells
        Receipts x products, True where the product is in the basket (rows in order within
        each column, as :func:`basket_cells` gives them).
    index
        The row labels (receipt ids); ``len(index)`` rows.
    names
        The column labels; one per column of ``cells``.

    Returns
    -------
    pandas.DataFrame
        One ``Sparse[bool, False]`` column per name: it stores only the rows holding the
        product, so its memory grows with the receipt lines, not with receipts x products.
    """
    n_rows = len(index)
    rows = cells.indices.astype(np.int32, copy=False)
    bounds = cells.indptr
    arrays = {}
    for j, name in enumerate(names):
        at = rows[bounds[j] : bounds[j + 1]]
        arrays[name] = pd.arrays.SparseArray(
            np.ones(len(at), dtype=bool),
            sparse_index=IntIndex(n_rows, at),
            dtype=SPARSE_BOOL,
        )
    return pd.DataFrame(arrays, index=index, columns=pd.Index(list(names), dtype=object))


def column_rows(baskets: pd.DataFrame) -> list[np.ndarray]:
    """For each column of a True/False basket frame, the row positions where it is True.

    A sparse column (``Sparse[bool, False]``, what ``basket_matrix(..., sparse=True)``
    makes) is read from its stored positions without building the dense column, so a frame
    of 24,000 products costs only its True cells. A dense column is scanned once.
    """
    if not any(isinstance(dtype, pd.SparseDtype) for dtype in baskets.dtypes):
        # All dense: one pass over the table (a view when pandas holds one bool block).
        rows, cols = np.nonzero(baskets.to_numpy(dtype=bool))
        by_column = np.argsort(cols, kind="stable")  # rows stay sorted within a column
        rows, cols = rows[by_column], cols[by_column]
        bounds = np.searchsorted(cols, np.arange(baskets.shape[1] + 1))
        return [rows[bounds[j] : bounds[j + 1]] for j in range(baskets.shape[1])]
    out = []
    for _, column in baskets.items():
        values = column.array
        if isinstance(values, pd.arrays.SparseArray) and not values.fill_value:
            at = values.sp_index.indices
            out.append(at[np.asarray(values.sp_values, dtype=bool)])
        else:
            out.append(np.flatnonzero(np.asarray(values, dtype=bool)))
    return out


@dataclass(frozen=True)
class PairRules:
    """Directed rules "if ``first`` then ``second``" as parallel arrays (one entry a rule).

    ``first`` and ``second`` are positions in the list of names the rules were made from;
    ``both`` counts the baskets holding the two products; the three measures are fractions
    (support, confidence) and a ratio (lift), computed as mlxtend computes them.
    """

    first: np.ndarray
    second: np.ndarray
    both: np.ndarray
    support: np.ndarray
    confidence: np.ndarray
    lift: np.ndarray

    def take(self, keep: np.ndarray) -> PairRules:
        """The rules at ``keep`` (a True/False mask or positions), in that order."""
        return PairRules(*(getattr(self, f)[keep] for f in self.__dataclass_fields__))


def pair_rules(
    rows_of: list[np.ndarray],
    n_baskets: int,
    min_baskets: int,
    min_lift: float,
    min_confidence: float,
) -> PairRules:
    """Every rule between two products found together in at least ``min_baskets`` baskets.

    Parameters
    ----------
    rows_of
        For each product, the baskets (row positions) holding it, as :func:`column_rows`
        gives them.
    n_baskets
        The number of baskets (rows), the denominator of every support.
    min_baskets
        Fewest baskets holding both products (a count, compared exactly).
    min_lift, min_confidence
        Keep rules with at least this lift and this confidence.

    Returns
    -------
    PairRules
        Both directions of every pair that pass the filters, in no particular order.
    """
    counts = np.array([len(r) for r in rows_of], dtype=np.int64)
    kept = np.flatnonzero(counts >= min_baskets)  # Apriori: a rarer product has no pair
    n = float(n_baskets)
    if len(kept) < 2:
        empty = np.array([], dtype=np.int64)
        return PairRules(empty, empty, empty, *(np.array([], dtype=float),) * 3)
    rows = np.concatenate([rows_of[j] for j in kept])
    indptr = np.concatenate(([0], np.cumsum(counts[kept])))
    x = sp.csc_matrix(
        (np.ones(len(rows), dtype=np.int32), rows, indptr), shape=(n_baskets, len(kept))
    )
    together = sp.triu(x.T @ x, k=1).tocoo()  # upper triangle: each pair once, i < j
    frequent = together.data >= min_baskets
    i, j = together.row[frequent], together.col[frequent]
    both = together.data[frequent].astype(np.int64)
    # The same float operations, in the same order, as mlxtend 0.23-0.25: fpgrowth's
    # support is count / float(rows); association_rules' confidence is sAC / sA and its
    # lift is confidence / sC. Equal floats mean equal filters and equal tie order.
    support_item = counts[kept] / n
    support = both / n
    first = np.concatenate((i, j))
    second = np.concatenate((j, i))
    support2 = np.concatenate((support, support))
    confidence = support2 / support_item[first]
    lift = confidence / support_item[second]
    rules = PairRules(
        kept[first],
        kept[second],
        np.concatenate((both, both)),
        support2,
        confidence,
        lift,
    )
    return rules.take((lift >= min_lift) & (confidence >= min_confidence))
