"""Baskets: which products each receipt holds, how many, and at what discount.

Products are drawn from a weight table per (shopper profile, store, half-month), so
segments buy different things, a store sells only the lines it lists (see
:mod:`.assortment`), and festival goods appear only in their season. Planted pairs are then
added with their given probability, which is what gives those pairs a lift far above 1.

A few baskets are big: an office's drinks order, a party, a family stocking up before a
festival. They have many lines and often several units of a line, which is what gives real
basket values their long right tail (see ``BIG_BASKET``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storecrm.data.simulation import params as P
from storecrm.data.simulation.assortment import product_range
from storecrm.data.simulation.columns import GrowingColumns
from storecrm.data.simulation.sampling import grouped_inverse_cdf, threshold_table

__all__ = ["BIG_BASKET", "LINE_DTYPES", "Baskets", "Lines", "make_lines", "product_arrays"]

_FRESH = {"fresh_produce", "bakery", "ready_meals", "hot_food"}
_STORE_FORMAT = np.array([0 if s[3] == "convenience" else 1 for s in P.STORES])

#: Big baskets by store format (convenience, supermarket): the chance a receipt is one,
#: the median number of lines it has (log-normal spread 0.5), and the chance each of its
#: lines is bought by the case (3 to 24 units).
BIG_BASKET = {"share": (0.004, 0.025), "median_lines": (12.0, 22.0), "bulk_line_p": 0.25}


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
    """Product attributes as arrays aligned with product index (see :mod:`.assortment`)."""
    r = product_range()
    return {
        "price_fen": r.price_fen,
        "cost_fen": r.cost_fen,
        "category": r.category,
        "popularity": r.popularity,
        "listed": r.listed,
        "season": r.season,
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
    """Product weights, shape (profile, store, period, product), rows summing to 1.

    A profile's category weights set each category's share of its lines; within a
    category, the lines the store lists share that weight by popularity. So a store with
    a longer range spreads the same demand over more lines (the long tail), and a line a
    store does not list never sells there.
    """
    profiles = [*list(P.SEGMENTS.values()), P.WALK_IN["convenience"], P.WALK_IN["supermarket"]]
    cats = list(P.CATEGORIES)
    n_cat = len(cats)
    pop = prod["popularity"]
    is_seasonal_cat = prod["category"] == cats.index("seasonal")
    season = _season_weights(prod["season"], is_seasonal_cat)  # (period, product)
    listed = prod["listed"]  # (store, product)
    # Popularity of each category's listed lines, per store, so a category's share of a
    # profile's lines does not grow with the number of lines it has.
    cat_pop = np.stack([np.bincount(prod["category"], pop * listed[s], n_cat)
                        for s in range(len(listed))])  # fmt: skip
    within = pop[None, :] * listed / np.maximum(cat_pop[:, prod["category"]], 1e-12)
    w = np.zeros((len(profiles), len(listed), 24, len(pop)), dtype=np.float64)
    for i, prof in enumerate(profiles):
        catw = np.array([prof["cats"].get(c, 0.15) for c in cats])
        catw[cats.index("seasonal")] = 0.6
        base = catw[prod["category"]][None, :] * within  # (store, product)
        w[i] = base[:, None, :] * season[None, :, :]
    w /= w.sum(axis=3, keepdims=True)
    return w


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
    cum: np.ndarray  # cumulative product weights, one row per (profile, store, period)
    table: np.ndarray  # cum's integer search table for float32 draws (built once)
    partner: np.ndarray  # planted pair partner per product, -1 for none
    pair_p: np.ndarray  # probability the partner is added
    extra_rate: np.ndarray  # chance of a 2nd unit per product
    fresh: np.ndarray  # bool per product: marked down in the evening
    mean_lines: np.ndarray  # per profile
    big_p: np.ndarray  # per store: chance a basket is big
    big_median: np.ndarray  # per store: median lines of a big basket
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
        cum = np.cumsum(_weights(prod), axis=3).reshape(-1, n_prod)
        return cls(
            n_prod=n_prod,
            price_fen=prod["price_fen"],
            cum=cum,
            table=threshold_table(cum, np.float32),
            partner=partner,
            pair_p=pair_p,
            extra_rate=np.where(multi, 0.3, 0.11).astype(np.float32),
            fresh=np.isin(prod["category"], [cats.index(c) for c in _FRESH]),
            mean_lines=np.array([p["lines"] for p in profiles]),
            big_p=np.array(BIG_BASKET["share"])[_STORE_FORMAT],
            big_median=np.array(BIG_BASKET["median_lines"])[_STORE_FORMAT],
            promo_p=np.array([p["promo"] for p in profiles]),
        )


def make_lines(
    rng: np.random.Generator,
    profile: np.ndarray,
    store: np.ndarray,
    period: np.ndarray,
    hour: np.ndarray,
    size: np.ndarray,
) -> Baskets:
    """Fill every receipt (given in final receipt order) with product lines.

    ``size`` scales each receipt's expected number of lines beyond the first (a member's
    own basket habit, shrinking as they drift away); walk-ins have 1.

    Runs of receipts are filled one after another and written straight into the final
    columns (see :mod:`storecrm.data.simulation.columns` for why that matters).
    """
    cat = _Catalogue.build()
    n_rec = len(profile)
    cols = GrowingColumns(LINE_DTYPES, capacity=4 * n_rec)  # about 2.7 lines per receipt
    gross, line_disc, items = (np.empty(n_rec, np.int64) for _ in range(3))
    for lo in range(0, n_rec, _CHUNK):
        hi = min(lo + _CHUNK, n_rec)
        part = _fill(
            rng, cat, profile[lo:hi], store[lo:hi], period[lo:hi], hour[lo:hi], size[lo:hi]
        )
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
    store: np.ndarray,
    period: np.ndarray,
    hour: np.ndarray,
    size: np.ndarray,
) -> Lines:
    """Fill one run of receipts; receipt numbers in the result start at 0."""
    n_prod = cat.n_prod
    n = len(profile)
    n_lines = 1 + rng.poisson((cat.mean_lines[profile] - 1) * size)
    big = rng.random(n) < cat.big_p[store] * np.minimum(size, 1.5)
    big_lines = np.rint(cat.big_median[store] * rng.lognormal(0.0, 0.5, n)).astype(np.int64)
    n_lines = np.where(big, np.clip(big_lines, 8, 150), n_lines)
    receipt = np.repeat(np.arange(n, dtype=np.int32), n_lines)

    # Draw products from each group's weights; the draws are taken in group order.
    n_st = len(P.STORES)
    key = ((profile.astype(np.int32) * n_st + store) * 24 + period).astype(np.int32)
    order = np.argsort(key[receipt], kind="stable")
    group = key[receipt[order]]
    u = rng.random(len(order), dtype=np.float32)
    product = np.empty(len(receipt), dtype=np.int32)
    product[order] = np.minimum(grouped_inverse_cdf(cat.cum, group, u, cat.table), n_prod - 1)
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

    # Big baskets buy some lines by the case (an office's water, a party's beer).
    bulk = big[receipt] & (rng.random(len(receipt), dtype=np.float32) < BIG_BASKET["bulk_line_p"])
    quantity = quantity + np.where(bulk, rng.integers(2, 12, len(receipt)), 0)

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
