"""Customer segments and customer value for Module 7: RFM scores, clusters and profiles.

Staff meet hundreds of members a week. To serve them well, the store groups members who
behave alike and decides what each group needs. This module does that grouping in two
standard ways, both from the receipts alone:

* **RFM analysis** (Hughes, *Strategic Database Marketing*, 1994): every member gets a
  recency, a frequency and a monetary score from 1 to 5, by quintiles. :func:`rfm_table`
  computes the three raw numbers, :func:`rfm_scores` the scores and :func:`rfm_segments`
  names the usual groups (champions, loyal, at risk, lost...).
* **Clustering** (k-means, MacQueen 1967, as implemented in scikit-learn): members are
  described by how and when they shop (:func:`member_features`), the features are put on one
  scale, and k-means groups similar members (:func:`cluster_members`). :func:`choose_k`
  reports inertia and silhouette (Rousseeuw 1987) for several k so the choice of k is
  visible, and :func:`cluster_profiles` turns clusters into plain-word customer profiles.

:func:`segment_value` then adds the value view the chapter teaches: spend and frequency,
loyalty and stability (months with a purchase), and influence (members who joined through a
referral).

Tie rule for quintiles: values are ranked with ``rank(method="first")`` after sorting the
members by ``customer_id``, then cut into five equal groups with ``pd.qcut``. In a tie, the
member with the lower ``customer_id`` gets the lower score (for recency as for frequency and
money). Two members with the same value can therefore get different scores, but always the
same ones on every run (pandas, ``qcut`` and ``Series.rank`` documentation).

The numbers the Module 7 quiz asks for are built on these in
:mod:`storecrm.quiz.answers.segments`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from storecrm.analysis.checks import (
    check_data,
    check_number,
    check_series,
    check_table,
    check_timestamp,
    require_numeric,
)
from storecrm.analysis.grouping import (
    GroupCodes,
    columns_at,
    day_numbers,
    distinct_per_group,
    group_codes,
    lookup_values,
    positions_in,
    rows_of_runs,
)
from storecrm.errors import CourseError

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "FEATURES",
    "FRESH_CATEGORIES",
    "PROFILE_NAMES",
    "RFM_GROUPS",
    "SILHOUETTE_SAMPLE",
    "choose_k",
    "cluster_members",
    "cluster_profiles",
    "member_features",
    "name_clusters",
    "quintile_scores",
    "rfm_group",
    "rfm_scores",
    "rfm_segments",
    "rfm_table",
    "segment_value",
    "store_clusters",
]

#: Product categories counted as fresh food for the ``fresh_share`` feature.
FRESH_CATEGORIES: tuple[str, ...] = ("fresh_produce", "meat_frozen", "dairy", "bakery")

#: The behaviour features used for clustering, in column order.
FEATURES: tuple[str, ...] = (
    "visits",
    "avg_basket_cny",
    "morning_share",
    "lunch_share",
    "late_share",
    "weekend_share",
    "discount_share",
    "fresh_share",
)

#: Named RFM groups, checked in this order (the first rule a member meets wins), with what
#: staff do for each. ``r``, ``f`` and ``m`` are the 1-5 scores.
RFM_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("Champions", "R>=4, F>=4, M>=4", "Thank them by name; tell them of new products first"),
    ("Loyal", "R>=3, F>=4", "Keep their usual items in stock; tell them their points balance"),
    ("New or promising", "R>=4, F<=2", "Welcome them; explain points; invite a second visit"),
    ("At risk", "R<=2, F>=3", "A care call or win-back offer (with consent) before they go"),
    ("Lost", "R<=2, F<=2", "One low-cost win-back message (with consent), then let go"),
    ("Needs attention", "everyone else", "Remind them of what they like; watch if they return"),
)  # fmt: skip

#: Plain-word profile names and the feature that marks each one out. With k = 5,
#: :func:`name_clusters` gives each cluster the name whose marker it scores highest on.
PROFILE_NAMES: dict[str, str] = {
    "Weekday commuters": "lunch_share",
    "Late-evening snackers": "late_share",
    "Weekend family shoppers": "avg_basket_cny",
    "Early-morning regulars": "morning_share",
    "Evening bargain hunters": "discount_share",
}


def _member_positions(receipts: pd.DataFrame, columns: tuple[str, ...] = ()) -> np.ndarray:
    """Positions of the member receipts (a ``customer_id``), after checking the table."""
    check_table(receipts, "receipts", ["customer_id", "purchased_at", "net_cny", *columns])
    rows = np.flatnonzero(receipts["customer_id"].notna().to_numpy())
    if len(rows) == 0:
        raise CourseError(
            "is empty in every row: these are all walk-in receipts",
            table="receipts",
            column="customer_id",
            hint="Segments need receipts of members",
        )
    return rows


def _member_receipts(receipts: pd.DataFrame) -> pd.DataFrame:
    """Member receipts with ``customer_id`` as text (a copy: for :func:`segment_value`)."""
    members = receipts.iloc[_member_positions(receipts)].copy()
    members["customer_id"] = members["customer_id"].astype(str)
    return members


def _member_rows(
    receipts: pd.DataFrame, columns: tuple[str, ...] = ()
) -> tuple[np.ndarray, GroupCodes]:
    """Positions of the member receipts, and each one's member code (member numbers as
    text, sorted as ``groupby`` sorts them).

    Why: copying the member receipts (as :func:`_member_receipts` does) was, on the large
    data set, 3 million rows of every column asked for, alive for the whole helper.
    Positions and integer codes are two whole-number arrays, and a helper takes only the
    columns it reads (:func:`~storecrm.analysis.grouping.columns_at`).
    """
    rows = _member_positions(receipts, columns)
    return rows, group_codes(receipts["customer_id"].iloc[rows], as_text=True)


def rfm_table(receipts: pd.DataFrame, as_of: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Recency, frequency and monetary value of every member with at least one receipt.

    Parameters
    ----------
    receipts
        The ``receipts`` table; walk-in receipts (no ``customer_id``) are ignored because an
        anonymous receipt cannot be tied to a person.
    as_of
        The day the analysis is done. Recency is counted in whole days from the member's last
        purchase to this day. Default: the day after the last receipt in the data, so a
        member who shopped on the last day has recency 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (sorted): ``last_purchase``, ``recency_days``,
        ``frequency`` (shopping days: days with at least one receipt, so a second receipt for
        a forgotten item, or an export with one row per line, is not counted as another
        visit) and ``monetary_cny`` (sum of ``net_cny``, what the member actually paid).
    """
    rows, members_of = _member_rows(receipts)
    members = columns_at(receipts, rows, ("purchased_at", "net_cny"))
    last = members["purchased_at"].max().normalize()
    when = check_timestamp(as_of, "as_of") if as_of is not None else last + pd.Timedelta(days=1)
    if when.normalize() < last:
        raise CourseError(
            f"{when:%Y-%m-%d} is before the last member receipt ({last:%Y-%m-%d}), so some "
            "recencies would be negative",
            column="as_of",
            hint="Use a day on or after the last receipt, or leave as_of out; to look back "
            "in time, filter the receipts up to that day first",
        )
    grouped = members.groupby(members_of.codes)
    days_shopped = day_numbers(members["purchased_at"])
    table = pd.DataFrame(
        {
            "last_purchase": grouped["purchased_at"].max().array,
            "frequency": distinct_per_group(members_of.codes, days_shopped, len(members_of)),
            "monetary_cny": grouped["net_cny"].sum().round(2).to_numpy(),
        },
        index=members_of.keys,
    )
    days = (when.normalize() - table["last_purchase"].dt.normalize()).dt.days
    table.insert(1, "recency_days", days.astype(int))
    return table.sort_index()


def quintile_scores(values: pd.Series, *, higher_is_better: bool = True) -> pd.Series:
    """Scores 1-5 by fifths of the members, 5 for the best fifth; equal values, equal score.

    A member's score is one plus the number of whole fifths of members who did strictly worse:
    ``1 + floor(5 * worse / n)``. So the score never depends on anything but the values:
    members with the same value always get the same score, whatever their member numbers
    (splitting ties by id, as ``qcut`` on ``rank(method="first")`` does, gives one-time
    buyers F scores of 1, 2 or 3 and moves a fifth of members to another group when ids are
    renumbered). Where many members share a value, the groups are uneven: when 40 % of
    members came once, all of them score 1 and no member scores 2. That is the honest
    answer: they did the same.

    Parameters
    ----------
    values
        One number per member.
    higher_is_better
        ``False`` for recency, where fewer days since the last visit is better.

    Returns
    -------
    pandas.Series
        Integer scores 1-5 with the same index as ``values``.
    """
    name = str(values.name) if isinstance(values, pd.Series) and values.name else "values"
    check_series(values, name, min_rows=5)
    if not isinstance(higher_is_better, bool):
        raise CourseError(
            f"must be True or False, got {higher_is_better!r}", column="higher_is_better"
        )
    # rank "min" from the worst end: rank - 1 members did strictly worse than this one.
    worse = values.rank(method="min", ascending=higher_is_better).astype(int) - 1
    return (5 * worse // len(values) + 1).clip(upper=5).astype(int)


def rfm_scores(rfm: pd.DataFrame) -> pd.DataFrame:
    """Add ``r``, ``f``, ``m`` scores (1-5) and the three-digit ``rfm_code`` to an RFM table."""
    check_table(rfm, "rfm", ["recency_days", "frequency", "monetary_cny"], min_rows=5)
    scored = rfm.copy()
    scored["r"] = quintile_scores(scored["recency_days"], higher_is_better=False)
    scored["f"] = quintile_scores(scored["frequency"])
    scored["m"] = quintile_scores(scored["monetary_cny"])
    scored["rfm_code"] = scored["r"].astype(str) + scored["f"].astype(str) + scored["m"].astype(str)
    return scored


def rfm_group(
    r: pd.Series, f: pd.Series, m: pd.Series, *, high: int = 4, low: int = 2
) -> pd.Series:
    """The rules of :data:`RFM_GROUPS` with "high" meaning a score of at least ``high`` and
    "low" at most ``low`` (the chapter's cuts are 4 and 2; the segment explorer moves them)."""
    for name, scores in (("r", r), ("f", f), ("m", m)):
        check_series(scores, name, minimum=1, table="rfm")
    check_number(low, "low", minimum=1, maximum=4, whole=True, hint="Use a score from 1 to 4")
    check_number(
        high, "high", above=low, maximum=5, whole=True,
        hint=f"The high cut must be above the low cut ({low}) and at most 5",
    )  # fmt: skip
    conditions = [
        (r >= high) & (f >= high) & (m >= high),
        (r > low) & (f >= high),
        (r >= high) & (f <= low),
        (r <= low) & (f > low),
        (r <= low) & (f <= low),
    ]
    names = [name for name, _, _ in RFM_GROUPS]
    group = np.select(conditions, names[:-1], default=names[-1])
    return pd.Series(pd.Categorical(group, categories=names), index=r.index)


def rfm_segments(receipts: pd.DataFrame, as_of: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """RFM table with scores and the named group of every member (rules in :data:`RFM_GROUPS`).

    The first rule a member meets wins, so a member with R=5, F=5, M=5 is a champion and not
    also "loyal".
    """
    scored = rfm_scores(rfm_table(receipts, as_of))
    scored["group"] = rfm_group(scored["r"], scored["f"], scored["m"])
    return scored


def member_features(
    receipts: pd.DataFrame,
    receipt_lines: pd.DataFrame,
    products: pd.DataFrame,
    *,
    min_visits: int = 6,
) -> pd.DataFrame:
    """How and when each member shops: one row per member, the columns of :data:`FEATURES`.

    ``visits`` is receipts in the data; ``avg_basket_cny`` mean ``net_cny``; the ``*_share``
    columns are shares (0-1) of the member's receipts in the morning (06:00-09:59), at lunch
    (11:00-13:59), late (21:00 or later) and at the weekend; ``discount_share`` is discounts
    over gross spend; ``fresh_share`` the share of line spend on :data:`FRESH_CATEGORIES`.

    Members with fewer than ``min_visits`` receipts are left out: with two or three receipts,
    shares such as "late share" are mostly chance, and they would blur the clusters.
    """
    rows, members_of = _member_rows(receipts, ("receipt_id", "gross_cny", "discount_cny"))
    check_table(receipt_lines, "receipt_lines", ["receipt_id", "product_id", "line_total_cny"])
    check_table(products, "products", ["product_id", "category"])
    check_number(min_visits, "min_visits", minimum=1, whole=True)
    members = columns_at(receipts, rows, ("purchased_at", "net_cny", "gross_cny", "discount_cny"))
    hour = members["purchased_at"].dt.hour
    frame = pd.DataFrame(
        {
            "customer_id": members_of.codes,
            "net_cny": members["net_cny"],
            "gross_cny": members["gross_cny"],
            "discount_cny": members["discount_cny"],
            "morning": hour.between(6, 9),
            "lunch": hour.between(11, 13),
            "late": hour >= 21,
            "weekend": members["purchased_at"].dt.dayofweek >= 5,
        }
    )
    del members, hour
    grouped = frame.groupby("customer_id")
    features = pd.DataFrame(
        {
            "visits": grouped.size(),
            "avg_basket_cny": grouped["net_cny"].mean(),
            "morning_share": grouped["morning"].mean(),
            "lunch_share": grouped["lunch"].mean(),
            "late_share": grouped["late"].mean(),
            "weekend_share": grouped["weekend"].mean(),
            "discount_share": grouped["discount_cny"].sum() / grouped["gross_cny"].sum(),
        }
    ).set_axis(members_of.keys)
    del frame, grouped  # the lines' step below needs the room
    features["fresh_share"] = _fresh_share(
        receipt_lines, products, receipts["receipt_id"], rows, members_of, in_order=True
    )
    features = features[features["visits"] >= min_visits]
    if features.empty:
        raise CourseError(
            f"no member has {min_visits} or more receipts",
            table="receipts",
            column="customer_id",
            hint="Lower min_visits, or use receipts of a longer period",
        )
    return features[list(FEATURES)].fillna(0.0).sort_index()


def _fresh_share(
    receipt_lines: pd.DataFrame,
    products: pd.DataFrame,
    all_receipts: pd.Series,
    rows: np.ndarray,
    members_of: GroupCodes,
    *,
    in_order: bool = True,
) -> np.ndarray:
    """Each member's share of line spend on fresh food, in ``members_of`` order (0 if none).

    ``all_receipts`` is the receipts table's ``receipt_id``, ``rows`` the positions of the
    member receipts in it and ``members_of`` their members. Each line finds its receipt's
    member by position rather than by a merge on the receipt number: with 11 million lines
    the merge built a second copy of the lines. When the lines follow the receipts
    table's order (``in_order``; :func:`_members_in_order`), runs of lines are matched to
    receipts by comparing neighbours; otherwise each run of a receipt's lines looks its
    receipt up once (:func:`~storecrm.analysis.grouping.positions_in`). Lines keep their
    order, so the sums are added exactly as before; lines of walk-in (or unknown)
    receipts go to one extra group that is dropped, instead of copying the member lines.
    """
    fresh = products.set_index("product_id")["category"].astype(str).isin(FRESH_CATEGORIES)
    n = len(members_of)
    # receipt (by position) -> its member's code; n for walk-ins and unknown receipts
    member_of = np.append(members_of.codes.astype(_small_int(n + 1)), n)
    member = None
    if in_order:
        member = _members_in_order(receipt_lines["receipt_id"], all_receipts, rows, member_of)
    if member is None:
        member_receipts = pd.Index(all_receipts.iloc[rows])
        if not member_receipts.is_unique:
            # a receipt listed twice counts its lines twice, as the merge always did
            return _fresh_share_by_merge(receipt_lines, fresh, member_receipts, members_of)
        member = member_of[positions_in(member_receipts, receipt_lines["receipt_id"])]
    is_fresh = _is_fresh(receipt_lines["product_id"], fresh)
    spend = receipt_lines["line_total_cny"].to_numpy()
    return _share_by_member(np.where(is_fresh, spend, 0.0), spend, member, n)


def _share_by_member(part: np.ndarray, whole: np.ndarray, member: np.ndarray, n: int) -> np.ndarray:
    """Sum of ``part`` over sum of ``whole`` for members 0..n-1 (0 where ``whole`` is 0).

    Rows of member ``n`` (not a member's) are summed into a group of their own and left
    out. The sums go through ``groupby().sum()`` row by row, as before.
    """
    by_member = pd.Categorical.from_codes(member, categories=pd.RangeIndex(n + 1))
    fresh_cny = pd.Series(part).groupby(by_member, observed=False).sum().to_numpy()[:n]
    total = pd.Series(whole).groupby(by_member, observed=False).sum().to_numpy()[:n]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = fresh_cny / np.where(total > 0, total, np.nan)
    return np.where(np.isnan(share), 0.0, share)


def _fresh_share_by_merge(
    receipt_lines: pd.DataFrame,
    fresh: pd.Series,
    member_receipts: pd.Index,
    members_of: GroupCodes,
) -> np.ndarray:
    """:func:`_fresh_share` the old way, for receipt numbers listed more than once."""
    lines = receipt_lines.merge(
        pd.DataFrame({"receipt_id": member_receipts.to_numpy(), "member": members_of.codes}),
        on="receipt_id",
        how="inner",
    )
    is_fresh = _is_fresh(lines["product_id"], fresh)
    spend = lines["line_total_cny"].to_numpy()
    n = len(members_of)
    return _share_by_member(np.where(is_fresh, spend, 0.0), spend, lines["member"].to_numpy(), n)


def _is_fresh(product_ids: pd.Series, fresh: pd.Series) -> np.ndarray:
    """``product_ids.map(fresh)`` with unknown products as False, as a numpy array."""
    return lookup_values(product_ids, fresh, False)[0]


def _small_int(n: int) -> type[np.signedinteger]:
    """int32 when numbers up to ``n`` fit in it (half the memory over 11 million lines)."""
    return np.int32 if n < np.iinfo(np.int32).max else np.int64


def _members_in_order(
    line_receipts: pd.Series, all_receipts: pd.Series, rows: np.ndarray, member_of: np.ndarray
) -> np.ndarray | None:
    """Each line's member code, when lines and receipts share one order.

    ``rows`` are the positions of the member receipts in ``all_receipts`` and
    ``member_of[k]`` the code of the member of the k-th of them; its last entry is the
    code for lines of walk-in receipts and of receipt numbers not in the table.

    Why: in an export the lines come receipt by receipt in the receipts table's own order,
    with receipt numbers that only go up. Then the lines' runs are found by comparing
    neighbours (:func:`~storecrm.analysis.grouping.rows_of_runs`), and no receipt number
    needs hashing (on the large data set that was a hash table of 3 M receipts, looked up
    4 M times). Spreading each receipt's member code over its run of lines directly makes
    one array of 11 million small integers, with no array of positions in between.
    ``None`` when the order does not hold (the caller then looks receipts up by number,
    as before); numbers that only go up are never repeated, so the answer is the one the
    look-up gives.
    """
    found = rows_of_runs(line_receipts, all_receipts)
    if found is None:
        return None
    runs, lengths = found
    # one extra slot at the end for runs whose receipt is not in the table (run -1)
    by_receipt = np.full(len(all_receipts) + 1, member_of[-1], dtype=member_of.dtype)
    by_receipt[rows] = member_of[:-1]
    return np.repeat(by_receipt[runs], lengths)


def _check_features(features: pd.DataFrame, min_rows: int = 1) -> None:
    """Member features: numbers in every cell (k-means cannot use text or gaps)."""
    check_table(features, "features", min_rows=min_rows)
    if len(features.columns) == 0:
        raise CourseError(
            "has no columns",
            table="features",
            hint="Make it with member_features(receipts, receipt_lines, products)",
        )
    for column in features.columns:
        require_numeric(features[column], "features", str(column))


def _scaled(features: pd.DataFrame) -> np.ndarray:
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(features.to_numpy(dtype=float))


def _one_thread() -> threadpool_limits:
    """Run k-means on one thread.

    A few thousand to a hundred thousand members with eight features is a small job:
    scikit-learn's OpenMP threads spent far longer waiting for each other and spinning on
    a busy 2-core machine than computing (the medium data's members: about 2 s of CPU and
    13 s of waiting on two threads, 0.1 s and 0.4 s on one, with the same clusters).
    """
    return threadpool_limits(limits=1)


def cluster_members(features: pd.DataFrame, k: int, random_state: int = 0) -> pd.Series:
    """Group members with k-means on standardised features; clusters numbered 1..k by size.

    Each feature is standardised (mean 0, standard deviation 1) first, so that ``visits`` (tens)
    does not outweigh shares (0-1). ``n_init=10`` and a fixed ``random_state`` make the result
    the same on every run. Cluster 1 is the largest; ties in size keep k-means' order.

    Returns
    -------
    pandas.Series
        The cluster number (int) of each member, indexed like ``features``.
    """
    from sklearn.cluster import KMeans

    _check_features(features, min_rows=2)
    check_number(
        k,
        "k",
        minimum=2,
        maximum=len(features),
        whole=True,
        hint=f"k must be between 2 and the number of members ({len(features)})",
    )
    check_number(random_state, "random_state", minimum=0, whole=True)
    with _one_thread():
        model = KMeans(n_clusters=k, n_init=10, random_state=random_state)
        raw = model.fit_predict(_scaled(features))
    sizes = pd.Series(raw).value_counts(sort=False)
    order = sorted(sizes.index, key=lambda c: (-sizes[c], c))
    renumber = {old: new for new, old in enumerate(order, start=1)}
    return pd.Series([renumber[c] for c in raw], index=features.index, name="cluster")


#: Above this many members :func:`choose_k` estimates the silhouette from a sample of this
#: many (the course data set has about 3,000, so its figures are exact).
SILHOUETTE_SAMPLE: int = 5_000


def choose_k(
    features: pd.DataFrame, ks: range | list[int] = range(2, 9), random_state: int = 0
) -> pd.DataFrame:
    """Inertia and silhouette for several numbers of clusters, to choose k honestly.

    Inertia (sum of squared distances to the cluster centre) always falls as k grows; look for
    the bend. The silhouette (-1 to 1) is higher when members sit clearly inside their own
    cluster; look for the highest value. Computed on the same standardised features as
    :func:`cluster_members`.

    With more than :data:`SILHOUETTE_SAMPLE` members the silhouette is estimated from a
    random sample of that many (scikit-learn's ``sample_size``, drawn with
    ``random_state``, so it is the same on every run): the exact score compares every pair
    of members: for the large data set's 107,000 members with features, an estimated nine
    minutes. On the
    course's medium data set (20,056 members) every sampled score was within 0.005 of the
    exact one (4.6 s of CPU in all against 23.5 s), while k = 5 and k = 6 scored within
    0.0005 of each other: treat scores that close as a tie and take the smaller k, as the
    chapter does. On large, choose_k takes about 6 s of CPU with the sample.
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    _check_features(features, min_rows=3)
    if isinstance(ks, str) or not isinstance(ks, range | list | tuple) or len(ks) == 0:
        raise CourseError(
            f"must be a non-empty list of numbers of clusters, got {ks!r}",
            column="ks",
            hint="e.g. range(2, 9)",
        )
    for k in ks:
        check_number(
            k,
            "ks",
            minimum=2,
            maximum=len(features) - 1,
            whole=True,
            hint=f"Each k runs from 2 to one less than the members ({len(features)})",
        )
    check_number(random_state, "random_state", minimum=0, whole=True)
    x = _scaled(features)
    sample = (
        {"sample_size": SILHOUETTE_SAMPLE, "random_state": random_state}
        if len(x) > SILHOUETTE_SAMPLE
        else {}
    )
    rows = []
    for k in ks:
        with _one_thread():
            model = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(x)
        rows.append(
            {
                "k": k,
                "inertia": float(model.inertia_),
                "silhouette": float(silhouette_score(x, model.labels_, **sample)),
            }
        )
    return pd.DataFrame(rows).set_index("k")


def cluster_profiles(features: pd.DataFrame, clusters: pd.Series) -> pd.DataFrame:
    """Average of each feature per cluster, with members and share of members (0-1).

    This is the raw material of a customer profile: read each row against the "all members"
    average to see what marks the group out.
    """
    _check_features(features)
    check_series(clusters, "clusters", table="clusters")
    if not clusters.index.equals(features.index):
        raise CourseError(
            "is not indexed like the features (one cluster number per member)",
            table="clusters",
            hint="Make it with cluster_members(features, k) from the same features",
        )
    profile = features.groupby(clusters).mean()
    profile.insert(0, "members", clusters.value_counts().reindex(profile.index))
    profile.insert(1, "share", profile["members"] / len(clusters))
    profile.index.name = "cluster"
    return profile


def name_clusters(profiles: pd.DataFrame) -> pd.Series:
    """Give each of five clusters one plain-word name from :data:`PROFILE_NAMES`.

    Each feature is put on one scale across the clusters (z-score of the cluster averages), and
    names are matched to clusters so that the total score of the marking features is as high
    as possible (the assignment problem, solved exactly with SciPy). For any k other than 5,
    clusters are simply called "Cluster n".
    """
    check_table(profiles, "profiles", list(PROFILE_NAMES.values()))
    for column in PROFILE_NAMES.values():
        require_numeric(profiles[column], "profiles", column)
    if len(profiles) != len(PROFILE_NAMES):
        return pd.Series([f"Cluster {c}" for c in profiles.index], index=profiles.index)
    from scipy.optimize import linear_sum_assignment

    markers = profiles[list(PROFILE_NAMES.values())]
    spread = markers.std(ddof=0).replace(0, 1.0)
    z = (markers - markers.mean()) / spread
    rows, cols = linear_sum_assignment(-z.to_numpy())
    names = list(PROFILE_NAMES)
    named = {profiles.index[r]: names[c] for r, c in zip(rows, cols, strict=True)}
    return pd.Series(named, name="profile").reindex(profiles.index)


def store_clusters(data: StoreData, k: int = 5, random_state: int = 0) -> pd.DataFrame:
    """Features, cluster number and profile name of every member with enough visits.

    One call for the chapter and the quiz: :func:`member_features` on ``data``, then
    :func:`cluster_members` and :func:`name_clusters`.
    """
    check_data(data)
    features = member_features(data.receipts, data.receipt_lines, data.products)
    clusters = cluster_members(features, k, random_state=random_state)
    names = name_clusters(cluster_profiles(features, clusters))
    out = features.copy()
    out["cluster"] = clusters
    out["profile"] = clusters.map(names)
    return out


def segment_value(
    receipts: pd.DataFrame, customers: pd.DataFrame, segment: pd.Series
) -> pd.DataFrame:
    """Value of each segment: spend and frequency, loyalty and stability, influence.

    Parameters
    ----------
    receipts, customers
        The store tables.
    segment
        The segment name of each member, indexed by ``customer_id`` (for example the
        ``profile`` column of :func:`store_clusters`, or RFM ``group``).

    Returns
    -------
    pandas.DataFrame
        One row per segment: ``members``; ``spend_per_member_cny`` (net spend in the data);
        ``visits_per_member``; ``avg_basket_cny``; ``active_months`` (mean number of calendar
        months with a purchase: stability); ``still_active_share`` (share who shopped in the
        last 60 days of the data: loyalty); ``referral_share`` (share who joined through
        another member's referral: influence); ``consent_share`` (share who agreed to
        marketing messages, the only ones the store may contact with offers). Shares are
        fractions 0-1.
    """
    members = _member_receipts(receipts)
    check_table(customers, "customers", ["customer_id", "signup_channel", "marketing_consent"])
    if not isinstance(segment, pd.Series) or segment.empty:
        raise CourseError(
            f"must be a non-empty Series of segment names indexed by customer_id, got "
            f"{type(segment).__name__}",
            column="segment",
        )
    if segment.isna().any():
        raise CourseError(
            f"{int(segment.isna().sum())} members have no segment",
            column="segment",
            hint="Give every member a segment, or drop those members first",
        )
    members = members[members["customer_id"].isin(segment.index)]
    if members.empty:
        raise CourseError(
            "none of its members has a receipt",
            column="segment",
            hint="Index it by customer_id, as the receipts are",
        )
    seg = segment.rename("segment")
    end = members["purchased_at"].max()
    grouped = members.groupby("customer_id")
    # Calendar months per member counted as whole numbers in one pass: a per-member
    # ``apply`` made one Python call for each of the large data set's 160,000 members.
    member_of = group_codes(members["customer_id"])
    months = members["purchased_at"].dt.to_period("M").array.asi8
    per_member = pd.DataFrame(
        {
            "spend": grouped["net_cny"].sum(),
            "visits": grouped.size(),
            "months": pd.Series(
                distinct_per_group(member_of.codes, months, len(member_of)), index=member_of.keys
            ),
            "recent": grouped["purchased_at"].max() > end - pd.Timedelta(days=60),
        }
    ).join(seg, how="inner")
    info = customers.set_index(customers["customer_id"].astype(str))
    per_member["referral"] = (
        info["signup_channel"].astype(str).reindex(per_member.index) == "referral"
    )
    consent = info["marketing_consent"].reindex(per_member.index)
    per_member["consent"] = consent.eq(True)  # unknown (missing) is not consent
    by = per_member.groupby("segment", observed=True)
    table = pd.DataFrame(
        {
            "members": by.size(),
            "spend_per_member_cny": by["spend"].mean(),
            "visits_per_member": by["visits"].mean(),
            "avg_basket_cny": by["spend"].sum() / by["visits"].sum(),
            "active_months": by["months"].mean(),
            "still_active_share": by["recent"].mean(),
            "referral_share": by["referral"].mean(),
            "consent_share": by["consent"].mean(),
        }
    )
    return table.sort_values("spend_per_member_cny", ascending=False)
