"""top_rules' sparse pair counting against two references it does not share code with.

1. A naive reference written here: plain Python sets and counts over hand-built baskets,
   including ties, checked for the names, the order and the measures.
2. mlxtend (``fpgrowth`` then ``association_rules``, the previous implementation's engine)
   on the committed course data, on a dense and on a sparse basket frame: the same rules,
   the same floats and the same order.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from mlxtend.frequent_patterns import association_rules, fpgrowth

from storecrm.analysis import baskets as baskets_module
from storecrm.analysis.baskets import basket_matrix, count_pair, top_rules
from storecrm.errors import CourseError

COLUMNS = ["if_bought", "then_bought", "baskets_with_both", "support", "confidence", "lift"]


def _frame(rows: list[set[str]], sparse: bool = False) -> pd.DataFrame:
    """A True/False basket frame (dense, or with sparse columns) from sets of product names."""
    items = sorted(set().union(*rows))
    frame = pd.DataFrame(
        [[item in row for item in items] for row in rows],
        index=pd.Index([f"R{i:03d}" for i in range(len(rows))], name="receipt_id"),
        columns=items,
    )
    return frame.astype(pd.SparseDtype(bool, False)) if sparse else frame


def _naive(
    rows: list[set[str]],
    min_baskets: int,
    min_lift: float = 1.0,
    min_confidence: float = 0.0,
    top: int | None = 10,
    one_per_pair: bool = True,
) -> list[tuple[str, str, int, float, float, float]]:
    """The rules by plain counting: for every two products, the baskets with each and both."""
    n = len(rows)
    items = sorted(set().union(*rows))
    count = {item: sum(item in row for row in rows) for item in items}
    rules = []
    for a, b in itertools.permutations(items, 2):
        both = sum(a in row and b in row for row in rows)
        if both < min_baskets:
            continue
        support = both / n
        confidence = support / (count[a] / n)
        lift = confidence / (count[b] / n)
        if lift >= min_lift and confidence >= min_confidence:
            rules.append((a, b, both, support, confidence, lift))
    if one_per_pair:
        best: dict[frozenset[str], tuple] = {}
        for rule in rules:
            key = frozenset(rule[:2])
            old = best.get(key)
            # higher confidence wins; on a tie the alphabetically first "if" product
            if old is None or (rule[4], old[0]) > (old[4], rule[0]):
                best[key] = rule
        rules = list(best.values())
    rules.sort(key=lambda r: (-r[5], r[0], r[1]))
    return rules if top is None else rules[:top]


def _as_tuples(rules: pd.DataFrame) -> list[tuple]:
    return list(rules[COLUMNS].itertuples(index=False, name=None))


def _same(got: pd.DataFrame, want: list[tuple]) -> None:
    assert list(got.columns) == COLUMNS
    rows = _as_tuples(got)
    assert [r[:3] for r in rows] == [w[:3] for w in want]  # names, order and counts exact
    for r, w in zip(rows, want, strict=True):
        assert r[3:] == pytest.approx(w[3:], rel=1e-12)


# Ties everywhere: X,Y and P,Q have identical counts (same lift, same confidence both ways),
# K is in every basket with M (confidence 1 one way), and "Tea" is a prefix of "Tea egg".
TIES = [
    {"X", "Y"},
    {"X", "Y"},
    {"P", "Q"},
    {"P", "Q"},
    {"K", "M", "Tea"},
    {"K", "M", "Tea egg"},
    {"K", "Tea", "Tea egg"},
    {"K", "Tea", "Tea egg", "X"},
    {"M", "P"},
    {"Z"},
    {"Z", "Tea"},
    {"Z", "K"},
]


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize(
    "kw",
    [
        {"min_baskets": 1},
        {"min_baskets": 2},
        {"min_baskets": 1, "min_lift": 0.0, "top": None, "one_per_pair": False},
        {"min_baskets": 1, "min_lift": 0.0, "top": None},
        {"min_baskets": 2, "min_lift": 0.0, "min_confidence": 0.5, "top": 3},
        {"min_baskets": 3, "min_lift": 0.0, "top": None},
        {"min_baskets": 5, "min_lift": 0.0, "top": None},
    ],
)
def test_top_rules_equals_plain_counting_with_ties(kw, sparse):
    _same(top_rules(_frame(TIES, sparse), **kw), _naive(TIES, **kw))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_top_rules_equals_plain_counting_on_random_baskets(seed):
    rng = np.random.default_rng(seed)
    names = [f"Item {k:02d}" for k in range(14)]
    weights = 1 / np.arange(1, len(names) + 1)  # a long tail, as in a real range
    rows = [
        set(rng.choice(names, size=int(rng.integers(1, 6)), p=weights / weights.sum()))
        for _ in range(300)
    ]
    for kw in (
        {"min_baskets": 4, "min_lift": 0.0, "top": None, "one_per_pair": False},
        {"min_baskets": 10, "top": None},
        {"min_baskets": 20, "min_confidence": 0.2, "top": 5},
    ):
        _same(top_rules(_frame(rows), **kw), _naive(rows, **kw))
        _same(top_rules(_frame(rows, sparse=True), **kw), _naive(rows, **kw))


def test_min_baskets_is_an_exact_count():
    # 25 baskets, a pair in exactly 7. mlxtend turns min_support 7/25 back into a count with
    # ceil(7/25 * 25) = 8 and so misses it; the count compared exactly keeps it.
    rows = [{"A", "B"}] * 7 + [{"A"}] * 3 + [{"C"}] * 15
    rules = top_rules(_frame(rows), min_baskets=7)
    assert _as_tuples(rules)[0][:3] == ("B", "A", 7)  # every B basket holds A
    _same(rules, _naive(rows, min_baskets=7))
    assert top_rules(_frame(rows), min_baskets=8).empty
    itemsets = fpgrowth(_frame(rows), min_support=7 / 25, max_len=2)
    assert itemsets["itemsets"].map(len).max() == 1  # the previous engine found no pair


def _mlxtend_rules(frame: pd.DataFrame, min_baskets: int, **kw) -> pd.DataFrame:
    """The previous top_rules: mlxtend finds the rules, pandas writes and orders them."""
    min_lift = kw.get("min_lift", 1.0)
    min_confidence = kw.get("min_confidence", 0.0)
    n = len(frame)
    itemsets = fpgrowth(frame, min_support=min_baskets / n, use_colnames=True, max_len=2)
    rules = association_rules(itemsets, metric="lift", min_threshold=min_lift)
    text = {"antecedents": None, "consequents": None}
    for side in text:
        text[side] = rules[side].map(lambda s: " + ".join(sorted(s)))
    out = pd.DataFrame(
        {
            "if_bought": text["antecedents"],
            "then_bought": text["consequents"],
            "baskets_with_both": (rules["support"] * n).round().astype(int),
            "support": rules["support"],
            "confidence": rules["confidence"],
            "lift": rules["lift"],
        }
    )
    out = out[out["confidence"] >= min_confidence]
    if kw.get("one_per_pair", True):
        sides = zip(out["if_bought"], out["then_bought"], strict=True)
        out["pair"] = [" + ".join(sorted(p)) for p in sides]
        out = out.sort_values(["pair", "confidence", "if_bought"], ascending=[True, False, True])
        out = out.drop_duplicates("pair").drop(columns="pair")
    out = out.sort_values(["lift", "if_bought", "then_bought"], ascending=[False, True, True])
    top = kw.get("top", 10)
    return (out if top is None else out.head(top)).reset_index(drop=True)


@pytest.fixture(scope="module")
def course_baskets(committed) -> pd.DataFrame:
    return basket_matrix(committed.receipt_lines, committed.products, min_baskets=30)


@pytest.mark.parametrize(
    "kw",
    [
        {"min_baskets": 50, "min_confidence": 0.25, "top": 12},  # the chapter's table
        {"min_baskets": 50, "one_per_pair": False, "top": None},  # recommendations page
        {"min_baskets": 50, "top": None},
        {"min_baskets": 20, "min_lift": 0.0, "one_per_pair": False, "top": None},
    ],
)
def test_top_rules_equals_mlxtend_on_the_course_data(course_baskets, kw):
    want = _mlxtend_rules(course_baskets, **kw)
    assert len(want) > 0
    pd.testing.assert_frame_equal(top_rules(course_baskets, **kw), want, check_exact=True)


def test_sparse_frame_gives_mlxtend_rules_on_the_course_data(committed, course_baskets):
    sparse = basket_matrix(committed.receipt_lines, committed.products, min_baskets=30, sparse=True)
    assert all(isinstance(t, pd.SparseDtype) for t in sparse.dtypes)
    assert sparse.shape == course_baskets.shape
    assert list(sparse.columns) == list(course_baskets.columns)
    kw = {"min_baskets": 50, "one_per_pair": False, "top": None}
    # mlxtend reads sparse frames itself: the oracle runs on the very same input.
    want = _mlxtend_rules(sparse, **kw)
    pd.testing.assert_frame_equal(top_rules(sparse, **kw), want, check_exact=True)
    dense = count_pair(course_baskets, "Cup noodles", "Ham sausage")
    assert count_pair(sparse, "Cup noodles", "Ham sausage") == dense


def test_basket_matrix_sparse_holds_the_same_cells(table):
    products = table(
        "products",
        [
            {"product_id": f"P{i}", "product_name": n}
            for i, n in enumerate(["Tea", "Egg", "Tea", "Bun"])
        ],
    )
    rng = np.random.default_rng(11)
    rows = [
        {"receipt_id": f"R{r:02d}", "line_no": k + 1, "product_id": f"P{p}", "quantity": 1}
        for r in range(40)
        for k, p in enumerate(rng.choice(4, size=int(rng.integers(1, 4))))
    ]
    lines = table("receipt_lines", rows)
    for min_baskets in (1, 15):
        dense = basket_matrix(lines, products, min_baskets=min_baskets)
        sparse = basket_matrix(lines, products, min_baskets=min_baskets, sparse=True)
        assert (sparse.dtypes == pd.SparseDtype(bool, False)).all()
        pd.testing.assert_frame_equal(sparse.sparse.to_dense(), dense)


@pytest.mark.parametrize("sparse", [False, True])
def test_basket_matrix_equals_plain_pandas_in_any_line_order(committed, sparse):
    """Lines in the till's order (receipt numbers only going up) take the fast path; the
    same lines shuffled, or with a receipt's lines split apart, must give the same table."""
    lines = committed.receipt_lines.head(3_000)
    names = committed.products.set_index("product_id")["product_name"]
    named = lines.assign(name=lines["product_id"].map(names))
    plain = pd.crosstab(named["receipt_id"], named["name"]) > 0
    plain = plain.loc[:, plain.sum() >= 5]
    plain.columns = list(plain.columns)
    shuffled = lines.sample(frac=1, random_state=3)
    doubled = pd.concat([lines, lines.head(40)])  # a product twice on a receipt, far apart
    for version in (lines, shuffled, doubled):
        got = basket_matrix(version, committed.products, min_baskets=5, sparse=sparse)
        if sparse:
            got = got.sparse.to_dense()
        pd.testing.assert_frame_equal(got, plain, check_names=False)


def test_basket_matrix_refuses_a_huge_dense_table(committed, monkeypatch):
    monkeypatch.setattr(baskets_module, "DENSE_LIMIT_BYTES", 1_000)
    with pytest.raises(CourseError) as info:
        basket_matrix(committed.receipt_lines.head(500), committed.products, min_baskets=1)
    message = str(info.value)
    assert message.startswith("receipt_lines:")
    assert "sparse=True" in message and "GB" in message
    # the sparse table is built whatever its dense size would be
    sparse = basket_matrix(
        committed.receipt_lines.head(500), committed.products, min_baskets=1, sparse=True
    )
    assert len(sparse) == committed.receipt_lines.head(500)["receipt_id"].nunique()


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (lambda f: f.set_axis(["A", "A", "C"], axis=1), ("baskets.A:", "two columns")),
        (lambda f: f.astype(pd.SparseDtype(int, 0)), ("baskets.A:", "True/False")),
        (lambda f: f.astype(int), ("baskets.A:", "basket_matrix")),
        (
            lambda f: f.astype("boolean").where(f["B"], pd.NA, axis=0),
            ("baskets.A:", "1 empty cell"),
        ),
    ],
)
def test_top_rules_refuses_baskets_that_are_not_a_basket_matrix(bad, words):
    frame = _frame([{"A", "B"}, {"A", "C"}, {"B", "C"}])
    with pytest.raises(CourseError) as info:
        top_rules(bad(frame), min_baskets=1)
    for word in words:
        assert word in str(info.value)


def test_basket_matrix_sparse_must_be_true_or_false(committed):
    with pytest.raises(CourseError, match="sparse: must be True or False"):
        basket_matrix(committed.receipt_lines.head(50), committed.products, sparse="yes")
