"""Baskets: which products each receipt holds, how many, and at what discount.

Products are drawn from a weight table per (shopper profile, store format, half-month), so
segments buy different things, convenience stores never sell what only the supermarket
stocks, and festival goods appear only in their season. Planted pairs are then added with
their given probability, which is what gives those pairs a lift far above 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storecrm.data.simulation import params as P
from storecrm.data.simulation.columns import GrowingColumns
from storecrm.data.simulation.sampling import grouped_inverse_cdf

__all__ = ["LINE_DTYPES", "Baskets", "Lines", "make_lines", "product_arrays"]

_FRESH = {"fresh_produce", "bakery", "ready_meals", "hot_food"}


@dataclass
class Lines:
    """One entry per receipt line, sorted by receipt then product."""

    receipt: np.ndarray
    line_no: np.ndarray
    product: np.ndarray
    quantity: np.ndarray
    price_fen: np.ndarray
    discount_fen: np.ndarray


def product_arrays() -> dict[str, np.ndarray]:
    """Product attributes as arrays aligned with product index."""
    cats = list(P.CATEGORIES)
    return {
        "price_fen": np.array([p[3] for p in P.PRODUCTS], dtype=np.int64),
        "cost_fen": np.array([round(p[3] * p[4]) for p in P.PRODUCTS], dtype=np.int64),
        "category": np.array([cats.index(p[2]) for p in P.PRODUCTS]),
        "popularity": np.array([p[5] for p in P.PRODUCTS]),
        "super_only": np.array([p[6] for p in P.PRODUCTS]),
        "season": np.array([p[7] or "" for p in P.PRODUCTS]),
    }


def _season_weights(season: np.ndarray, seasonal_only: np.ndarray) -> np.ndarray:
    """Multiplier per (half-month period, product) for seasonal goods.

    Festival-only goods (``seasonal_only``) sell nowhere outside their weeks.
    """
    w = np.ones((24, len(season)))
    summer = np.flatnonzero(season == "summer")
    w[np.ix_(np.r_[10:17], summer)] = 1.8  # June - August
    w[np.ix_(np.r_[0:4, 22:24], summer)] = 0.6
    spring = np.flatnonzero(season == "spring")
    autumn = np.flatnonzero(season == "autumn")
    w[:, np.flatnonzero(seasonal_only)] = 0.0
    w[0, spring] = 2.0
    w[1, spring] = 3.5  # the fortnight before Spring Festival (29 Jan)
    w[2, spring[seasonal_only[spring]]] = 0.3
    w[16, autumn] = 1.0  # early September
    w[17, autumn] = 2.5  # late September, before Mid-Autumn (6 Oct)
    w[18, autumn] = 1.0
    return w


def _weights(prod: dict[str, np.ndarray]) -> np.ndarray:
    """Product weights, shape (profile, format, period, product), rows summing to 1."""
    profiles = [*list(P.SEGMENTS.values()), P.WALK_IN["convenience"], P.WALK_IN["supermarket"]]
    cats = list(P.CATEGORIES)
    pop = prod["popularity"].copy()
    is_seasonal_cat = np.array([cats[c] == "seasonal" for c in prod["category"]])
    pop[is_seasonal_cat] = 1.0  # seasonal goods get their weight from the season table
    season = _season_weights(prod["season"], is_seasonal_cat)
    w = np.zeros((len(profiles), 2, 24, len(pop)))
    for i, prof in enumerate(profiles):
        catw = np.array([prof["cats"].get(c, 0.15) for c in cats])
        catw[cats.index("seasonal")] = 1.0
        base = catw[prod["category"]] * pop
        for fmt in (0, 1):
            b = base * (~prod["super_only"] if fmt == 0 else 1.0)
            w[i, fmt] = b[None, :] * season
    return w / w.sum(axis=3, keepdims=True)


#: Receipts filled per step; keeps temporary arrays small enough to stay in cache and be
#: reused by the allocator, which is faster than one pass over millions of lines.
_CHUNK = 200_000

#: Column types of the receipt-lines table as the baskets step leaves it: receipt and
#: product are still row numbers (the caller turns them into ids once, at the end).
LINE_DTYPES = {
    "receipt": np.int32,
    "line_no": np.int64,
    "product": np.int16,
    "quantity": np.int64,
    "unit_price_cny": np.float64,
    "discount_cny": np.float64,
    "line_total_cny": np.float64,
}


@dataclass
class Baskets:
    """Every receipt's lines (table columns) and each receipt's totals in fen."""

    lines: dict[str, np.ndarray]
    gross_fen: np.ndarray
    line_discount_fen: np.ndarray
    items: np.ndarray


@dataclass(frozen=True)
class _Catalogue:
    """Per-product and per-profile lookup arrays, computed once for all runs."""

    n_prod: int
    price_fen: np.ndarray
    cum: np.ndarray  # cumulative product weights, one row per (profile, format, period)
    partner: np.ndarray  # planted pair partner per product, -1 for none
    pair_p: np.ndarray  # probability the partner is added
    extra_rate: np.ndarray  # chance of a 2nd unit per product
    fresh: np.ndarray  # bool per product: marked down in the evening
    mean_lines: np.ndarray  # per profile
    promo_p: np.ndarray  # per profile: chance a line carries a promotion

    @classmethod
    def build(cls) -> _Catalogue:
        prod = product_arrays()
        n_prod = len(prod["price_fen"])
        profiles = [*P.SEGMENTS.values(), P.WALK_IN["convenience"], P.WALK_IN["supermarket"]]
        names = [p[0] for p in P.PRODUCTS]
        partner = np.full(n_prod, -1, dtype=np.int32)
        pair_p = np.zeros(n_prod, dtype=np.float32)
        for a, b, p in P.PAIRS:
            partner[names.index(a)] = names.index(b)
            pair_p[names.index(a)] = p
        cats = list(P.CATEGORIES)
        multi = np.isin(
            prod["category"], [cats.index(c) for c in ("beverages", "snacks", "hot_food")]
        )
        return cls(
            n_prod=n_prod,
            price_fen=prod["price_fen"],
            cum=np.cumsum(_weights(prod), axis=3).reshape(-1, n_prod),
            partner=partner,
            pair_p=pair_p,
            extra_rate=np.where(multi, 0.3, 0.11).astype(np.float32),
            fresh=np.isin(prod["category"], [cats.index(c) for c in _FRESH]),
            mean_lines=np.array([p["lines"] for p in profiles]),
            promo_p=np.array([p["promo"] for p in profiles]),
        )


def make_lines(
    rng: np.random.Generator,
    profile: np.ndarray,
    store_format: np.ndarray,
    period: np.ndarray,
    hour: np.ndarray,
) -> Baskets:
    """Fill every receipt (given in final receipt order) with product lines.

    Runs of receipts are filled one after another and written straight into the final
    columns (see :mod:`storecrm.data.simulation.columns` for why that matters).
    """
    cat = _Catalogue.build()
    n_rec = len(profile)
    cols = GrowingColumns(LINE_DTYPES, capacity=4 * n_rec)  # about 2.7 lines per receipt
    gross, line_disc, items = (np.empty(n_rec, np.int64) for _ in range(3))
    for lo in range(0, n_rec, _CHUNK):
        hi = min(lo + _CHUNK, n_rec)
        part = _fill(rng, cat, profile[lo:hi], store_format[lo:hi], period[lo:hi], hour[lo:hi])
        value = part.price_fen * part.quantity
        cols.append(
            receipt=part.receipt + lo,
            line_no=part.line_no,
            product=part.product,
            quantity=part.quantity,
            unit_price_cny=part.price_fen / 100,
            discount_cny=part.discount_fen / 100,
            line_total_cny=(value - part.discount_fen) / 100,
        )
        # Each receipt lies wholly in one run, so totals per run are the totals.
        gross[lo:hi] = np.bincount(part.receipt, value, hi - lo)
        line_disc[lo:hi] = np.bincount(part.receipt, part.discount_fen, hi - lo)
        items[lo:hi] = np.bincount(part.receipt, part.quantity, hi - lo)
    return Baskets(cols.columns(), gross, line_disc, items)


def _fill(
    rng: np.random.Generator,
    cat: _Catalogue,
    profile: np.ndarray,
    store_format: np.ndarray,
    period: np.ndarray,
    hour: np.ndarray,
) -> Lines:
    """Fill one run of receipts; receipt numbers in the result start at 0."""
    n_prod = cat.n_prod
    n_lines = 1 + rng.poisson(cat.mean_lines[profile] - 1)
    receipt = np.repeat(np.arange(len(profile), dtype=np.int32), n_lines)

    # Draw products from each group's weights; the draws are taken in group order.
    key = ((profile.astype(np.int16) * 2 + store_format) * 24 + period).astype(np.int16)
    order = np.argsort(key[receipt], kind="stable")
    group = key[receipt[order]]
    u = rng.random(len(order), dtype=np.float32)
    product = np.empty(len(receipt), dtype=np.int32)
    product[order] = np.minimum(grouped_inverse_cdf(cat.cum, group, u), n_prod - 1)
    del order, group, u

    # Planted pairs: drawn lines may pull in their partner with the pair's probability;
    # added partners may pull in theirs once more, so chains like hotpot base -> beef
    # slices -> meatballs work.
    new_r, new_p = receipt, product
    for _ in range(2):
        anchor = np.flatnonzero(cat.partner[new_p] >= 0)
        hit = anchor[rng.random(len(anchor), dtype=np.float32) < cat.pair_p[new_p[anchor]]]
        new_r, new_p = new_r[hit], cat.partner[new_p[hit]]
        receipt = np.concatenate([receipt, new_r])
        product = np.concatenate([product, new_p])

    # Repeated products on one receipt become one line with a larger quantity. Each drawn
    # product may also come as 2 or 3 units (drinks and snacks more often). Key, extra
    # units packed in one integer and sorted once: cheaper than np.unique's inverse.
    extra_rate = cat.extra_rate[product]
    u = rng.random(len(product), dtype=np.float32)
    extra = (u < extra_rate).astype(np.int64) + (u < extra_rate * extra_rate / 2)
    code = (receipt.astype(np.int64) * n_prod + product) * 4 + extra
    del receipt, product, u, extra, extra_rate
    code.sort()
    key = code >> 2
    first = np.empty(len(key), dtype=bool)
    first[0] = True
    np.not_equal(key[1:], key[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    quantity = np.add.reduceat(1 + (code & 3), starts)
    key = key[starts]
    del code, first, starts
    receipt = (key // n_prod).astype(np.int32)
    product = (key % n_prod).astype(np.int32)
    del key
    new_receipt = np.empty(len(receipt), dtype=bool)
    new_receipt[0] = True
    np.not_equal(receipt[1:], receipt[:-1], out=new_receipt[1:])
    idx = np.arange(len(receipt))
    line_no = idx - np.maximum.accumulate(np.where(new_receipt, idx, 0)) + 1

    price = cat.price_fen[product]
    value = price * quantity
    promo_p = cat.promo_p[profile][receipt]
    n = len(receipt)
    pct = np.where(rng.random(n, dtype=np.float32) < promo_p, rng.integers(1, 4, n) / 10, 0.0)
    # Evening markdown: fresh food left after 20:00 is sold at half price.
    markdown = cat.fresh[product] & (hour[receipt] >= 20) & (rng.random(n, dtype=np.float32) < 0.7)
    pct[markdown] = 0.5
    discount = np.round(value * pct / 10).astype(np.int64) * 10  # whole jiao
    return Lines(receipt, line_no, product, quantity, price, discount)
