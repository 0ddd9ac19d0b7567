"""CPU and wall seconds of every analysis helper the chapters and exercises call, per data size.

Issue 14, point 4: on the large data set every helper the course teaches runs in at most
10 s. ``analysis_sizes.py`` measures seven big steps, each in a fresh process with its peak
memory; this script loads one data set once, as a learner's session does, then calls each
helper the way a notebook calls it (same arguments) and times it alone: CPU seconds
(``time.process_time``, all threads) and wall seconds. Inputs a helper takes from another
helper (``category_growth`` reads ``monthly_category_sales``) are computed before its
clock starts, so each row is one notebook line.

Usage::

    uv run python benchmarks/course_helpers.py                          # small, medium, large
    uv run python benchmarks/course_helpers.py --sizes large --data-dir /work/data
    uv run python benchmarks/course_helpers.py --sizes small --helpers rfm_table,add_times

Prints a Markdown table ``| helper | size | cpu s | wall s | within 10 s? |``, slowest first
within each size; a helper that raises shows its one-line error there. Medium and large
are read from ``--data-dir DIR/<size>``, else generated once into ``_build/bench-data``
(``analysis_sizes.data_folder``).
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis_sizes import (  # same folder: reuse, not copy
    SPARSE_LINES,
    add_data_arguments,
    check_data_arguments,
    data_folder,
)
from tqdm import tqdm

#: The goal of issue 14, point 4, in CPU seconds.
GOAL_S = 10.0


@dataclass(frozen=True)
class Helper:
    """One notebook line: ``call(data, *results of needs)``.

    ``needs`` names other rows of :data:`HELPERS` whose results this call takes as input
    (as the notebook passes the variable it made a cell earlier); they run first, off the
    clock when not measured themselves.
    """

    call: Callable[..., Any]
    needs: tuple[str, ...] = ()


# --- the helpers, as the notebooks call them (``d`` is ``storecrm.data.load()``) --------------


def _sparse(d) -> dict[str, bool]:
    """The dense True/False table refuses medium and large; the course tells a learner to
    pass ``sparse=True`` there (as ``analysis_sizes.py`` does)."""
    return {"sparse": True} if len(d.receipt_lines) > SPARSE_LINES else {}


def _holiday_lifts(daily) -> dict:
    from storecrm.analysis.promotions import HOLIDAYS_2025, holiday_lift

    return {name: holiday_lift(daily, day, days_before=7) for name, day in HOLIDAYS_2025.items()}


def _bundle(d) -> object:
    from storecrm.analysis.promotions import BUNDLE_EXAMPLE, bundle_quote, find_products

    names, price = BUNDLE_EXAMPLE
    return bundle_quote(d.products, find_products(d.products, names), price)


def _also_bought(rules) -> list:
    from storecrm.analysis.baskets import also_bought

    return [also_bought(rules, p, top=2) for p in ("Americano", "Cup noodles", "Beer 500 ml can")]


def _explorer_tables(data) -> list:
    from storecrm.analysis.segment_explorer import explorer_table, preset_settings

    return [explorer_table(setting, data) for setting in preset_settings().values()]


def _quintiles(rfm) -> tuple:
    from storecrm.analysis.segments import quintile_scores

    return (
        quintile_scores(rfm["recency_days"], higher_is_better=False),
        quintile_scores(rfm["frequency"]),
        quintile_scores(rfm["monetary_cny"]),
    )


def _today(gaps):
    import pandas as pd

    return gaps["day"].max() + pd.Timedelta(days=1)


def _helpers() -> dict[str, Helper]:
    """The table; built in a function so that importing this file imports no pandas."""
    import storecrm.analysis.baskets as bk
    import storecrm.analysis.churn as churn
    import storecrm.analysis.churn_dial as dial
    import storecrm.analysis.complaints as cp
    import storecrm.analysis.customer_value as cv
    import storecrm.analysis.data_quality as dq
    import storecrm.analysis.kpis as kpis
    import storecrm.analysis.membership as mb
    import storecrm.analysis.programme as pg
    import storecrm.analysis.promotions as pr
    import storecrm.analysis.segment_explorer as ex
    import storecrm.analysis.segments as sg
    import storecrm.analysis.service as sv
    import storecrm.analysis.trends as tr

    H = Helper
    return {
        # chapters/01_crm_basics/members-on-the-ladder.md, price-sensitive-and-brand-led-shoppers.md
        "member_summary": H(lambda d: cv.member_summary(d.receipts, d.customers)),
        "visit_bands": H(lambda d, s: cv.visit_bands(s), ("member_summary",)),
        "shopper_groups": H(lambda d, s: cv.shopper_groups(s), ("member_summary",)),
        # chapters/01_crm_basics/value-of-a-loyal-shopper.md
        "example_member": H(lambda d: cv.example_member(d)),
        "store_gross_margin_rate": H(lambda d: cv.store_gross_margin_rate(d)),
        # chapters/02_service_standards/checkout-speed-scores.md
        "checkout_speed_by_store": H(
            lambda d: sv.checkout_speed_by_store(d.survey_responses, d.stores, d.receipts)
        ),
        # chapters/02_service_standards/when-to-open-more-tills.md
        "hourly_profile": H(lambda d: sv.hourly_profile(d.receipts, d.stores, by="format")),
        "till_plan": H(
            lambda d: sv.till_plan(d.receipts, d.stores, daily_receipts=sv.EXAMPLE_DAILY_RECEIPTS)
        ),
        # chapters/03_complaints/complaint-data.md; exercises/ex05_complaints.ipynb (+ solution)
        "add_times": H(lambda d: cp.add_times(d.complaints)),
        "share_first_response_on_time": H(lambda d: cp.share_first_response_on_time(d.complaints)),
        "share_resolved_on_time": H(lambda d: cp.share_resolved_on_time(d.complaints)),
        "resolution_summary by=category": H(
            lambda d: cp.resolution_summary(d.complaints, by="category")
        ),
        "resolution_summary by=channel": H(
            lambda d: cp.resolution_summary(d.complaints, by="channel")
        ),
        "visits_around_complaints": H(
            lambda d: cp.visits_around_complaints(d.complaints, d.receipts, window_days=60)
        ),
        "speed_band": H(
            lambda d, v: cp.speed_band(v["resolution_h"]), ("visits_around_complaints",)
        ),
        "visit_change by=speed": H(
            lambda d, v: cp.visit_change(
                v.assign(speed=cp.speed_band(v["resolution_h"])), by="speed"
            ),
            ("visits_around_complaints",),
        ),
        "visit_change by=satisfaction_after": H(
            lambda d, v: cp.visit_change(v, by="satisfaction_after"), ("visits_around_complaints",)
        ),
        # chapters/03_complaints/surveys.md
        "survey_scores": H(lambda d: cp.survey_scores(d.survey_responses)),
        # chapters/04_channels_promotions/promotion-results.md
        "channel_mix": H(lambda d: pr.channel_mix(d.receipts)),
        "payment_mix": H(lambda d: pr.payment_mix(d.receipts)),
        "campaign_member_activity": H(
            lambda d: pr.campaign_member_activity(d.campaigns, d.coupon_sends, d.receipts)
        ),
        "campaign_results": H(lambda d, a: pr.campaign_results(a), ("campaign_member_activity",)),
        "campaign_uplift": H(lambda d, r: pr.campaign_uplift(r), ("campaign_results",)),
        "daily_sales": H(lambda d: pr.daily_sales(d.receipts)),
        "holiday_lift": H(lambda d, daily: _holiday_lifts(daily), ("daily_sales",)),
        # chapters/04_channels_promotions/promotions.md; exercises/ex09_baskets.ipynb
        "bundle_quote": H(_bundle),
        # chapters/05_membership/membership-data.md
        "tier_mix": H(lambda d: mb.tier_mix(d.customers)),
        "member_status_mix": H(lambda d: mb.member_status_mix(d.customers)),
        "tier_movements": H(lambda d: mb.tier_movements(d.tier_changes)),
        "points_by_month": H(lambda d: mb.points_by_month(d.points_ledger)),
        "points_liability": H(lambda d: mb.points_liability(d.points_ledger)),
        "points_liability on=2025-06-30": H(
            lambda d: mb.points_liability(d.points_ledger, on="2025-06-30")
        ),
        "member_vs_walk_in": H(lambda d: mb.member_vs_walk_in(d.receipts)),
        # chapters/05_membership/programme-simulator.md: store_programme_data() is
        # programme_data(load()); here the loaded data set is passed instead of the committed one
        "store_programme_data": H(lambda d: pg.programme_data(d)),
        "scenario_table": H(lambda d, p: pg.scenario_table(data=p), ("store_programme_data",)),
        # chapters/05_membership/two-members-through-the-reviews.md
        "moved_up_example": H(lambda d: mb.moved_up_example(d.tier_changes)),
        "lapsed_example": H(lambda d: mb.lapsed_example(d.tier_changes)),
        "tier_history": H(lambda d, m: mb.tier_history(d.tier_changes, m), ("moved_up_example",)),
        "review_spend": H(
            lambda d, m: mb.review_spend(d.receipts, d.receipt_lines, d.tier_changes, m),
            ("moved_up_example",),
        ),
        # chapters/06_customer_data/cleaning-data.md
        "messy_member_export": H(lambda d: dq.messy_member_export(d.customers, n=8, seed=2026)),
        "quality_report (messy export)": H(
            lambda d, m: dq.quality_report(m), ("messy_member_export",)
        ),
        "quality_report": H(lambda d: dq.quality_report(d.customers)),
        "completeness": H(lambda d: dq.completeness(d.customers)),
        "consent_share": H(lambda d: dq.consent_share(d.customers)),
        "stale_member_share": H(
            lambda d: dq.stale_member_share(d.customers, d.receipts, as_of="2025-12-31", days=180)
        ),
        # chapters/11_team/rewarding-the-right-thing.md (cleaning-data.md: on the messy export)
        "find_duplicates": H(lambda d: dq.find_duplicates(d.customers)),
        # chapters/07_segments_value/clusters-and-profiles.md
        "member_features": H(lambda d: sg.member_features(d.receipts, d.receipt_lines, d.products)),
        "choose_k": H(lambda d, f: sg.choose_k(f, range(2, 9)), ("member_features",)),
        "store_clusters": H(lambda d: sg.store_clusters(d, k=5)),
        "cluster_profiles": H(
            lambda d, c: sg.cluster_profiles(c[list(sg.FEATURES)], c["cluster"]),
            ("store_clusters",),
        ),
        # chapters/07_segments_value/rfm-scores.md; exercises/ex08_rfm.ipynb (+ solution)
        "rfm_table": H(lambda d: sg.rfm_table(d.receipts)),
        "rfm_segments": H(lambda d: sg.rfm_segments(d.receipts)),
        "quintile_scores": H(lambda d, rfm: _quintiles(rfm), ("rfm_table",)),
        # chapters/07_segments_value/value-and-strategy.md
        "segment_value": H(
            lambda d, c: sg.segment_value(d.receipts, d.customers, c["profile"]),
            ("store_clusters",),
        ),
        # chapters/07_segments_value/segment-explorer.md: store_explorer_data() is
        # explorer_data(load())
        "store_explorer_data": H(lambda d: ex.explorer_data(d)),
        "explorer_table (4 presets)": H(lambda d, e: _explorer_tables(e), ("store_explorer_data",)),
        "explore": H(lambda d, e: ex.explore(ex.ExplorerSetting(), e), ("store_explorer_data",)),
        # chapters/08_baskets_offers/basket-data.md, recommendations.md
        "basket_matrix": H(
            lambda d: bk.basket_matrix(d.receipt_lines, d.products, min_baskets=30, **_sparse(d))
        ),
        "basket_matrix min_baskets=1 sparse": H(
            lambda d: bk.basket_matrix(d.receipt_lines, d.products, min_baskets=1, sparse=True)
        ),
        "basket_matrix min_baskets=50 sparse": H(
            lambda d: bk.basket_matrix(d.receipt_lines, d.products, min_baskets=50, sparse=True)
        ),
        "count_pair": H(lambda d, b: bk.count_pair(b, *bk.EXAMPLE_PAIR), ("basket_matrix",)),
        "top_rules top=12": H(
            lambda d, b: bk.top_rules(b, min_baskets=50, min_confidence=0.25, top=12),
            ("basket_matrix",),
        ),
        "top_rules top=None": H(
            lambda d, b: bk.top_rules(b, min_baskets=50, top=None), ("basket_matrix",)
        ),
        "top_rules min_lift=0": H(
            lambda d, b: bk.top_rules(b, min_baskets=50, min_lift=0, top=None), ("basket_matrix",)
        ),
        "top_rules 1% min_lift=0": H(
            lambda d, b: bk.top_rules(
                b, min_baskets=math.ceil(0.01 * len(b)), min_lift=0, top=None
            ),
            ("basket_matrix",),
        ),
        "top_rules one_per_pair=False": H(
            lambda d, b: bk.top_rules(b, min_baskets=50, one_per_pair=False, top=None),
            ("basket_matrix",),
        ),
        "also_bought": H(lambda d, r: _also_bought(r), ("top_rules one_per_pair=False",)),
        # chapters/08_baskets_offers/targeted-offers.md
        "campaign_effect_by_group": H(
            lambda d, a: bk.campaign_effect_by_group(a, d.customers, "C03", "age_band"),
            ("campaign_member_activity",),
        ),
        # chapters/09_keeping_customers/at-risk-list.md
        "week_plan": H(lambda d: churn.week_plan(d, top=40)),
        # chapters/09_keeping_customers/churn-dial.md: store_dial_data() is dial_data(load())
        "store_dial_data": H(lambda d: dial.dial_data(d)),
        "turn_dial": H(lambda d, g: dial.turn_dial(dial.DialSetting(), g), ("store_dial_data",)),
        "dial_table": H(lambda d, g: dial.dial_table(data=g), ("store_dial_data",)),
        # chapters/09_keeping_customers/risk-model.md, testing-the-model.md, warning-signs.md
        "churn_study": H(lambda d: churn.churn_study(d, random_state=0)),
        "tree_rules": H(
            lambda d, s: churn.tree_rules(s.model, s.train_features, s.train_left),
            ("churn_study",),
        ),
        "risk_scores": H(
            lambda d, s: churn.risk_scores(s.model, s.holdout_features), ("churn_study",)
        ),
        "rule_flags": H(lambda d, s: churn.rule_flags(s.holdout_features), ("churn_study",)),
        "confusion_table": H(
            lambda d, s: churn.confusion_table(
                s.holdout_left, churn.risk_scores(s.model, s.holdout_features) >= 0.5
            ),
            ("churn_study",),
        ),
        "sign_summary": H(
            lambda d, s: churn.sign_summary(s.train_features, s.train_left), ("churn_study",)
        ),
        "visit_gaps before=cut": H(
            lambda d, s: churn.visit_gaps(d.receipts, before=s.train_cutoff), ("churn_study",)
        ),
        # chapters/09_keeping_customers/what-is-churn.md, why-they-left.md
        "visit_gaps": H(lambda d: churn.visit_gaps(d.receipts)),
        "lapse_thresholds": H(lambda d: churn.lapse_thresholds(d.receipts)),
        "lapse_status": H(lambda d, g: churn.lapse_status(d.receipts, _today(g)), ("visit_gaps",)),
        "lapse_reasons": H(
            lambda d, st: churn.lapse_reasons(st, d.complaints, d.survey_responses),
            ("lapse_status",),
        ),
        # chapters/10_measuring_improving/dashboard.md, satisfaction.md
        "nps_summary": H(lambda d: kpis.nps_summary(d.survey_responses)),
        "nps_summary by=store_id": H(lambda d: kpis.nps_summary(d.survey_responses, by="store_id")),
        "csat_by_question": H(lambda d: kpis.csat_by_question(d.survey_responses)),
        "cohort_retention months=3": H(
            lambda d: kpis.cohort_retention(d.customers, d.receipts, months=3)
        ),
        "active_member_rate": H(
            lambda d: kpis.active_member_rate(d.customers, d.receipts, "2025-12-31", days=90)
        ),
        "data_quality_score": H(lambda d: kpis.data_quality_score(d.customers)),
        # dashboard.md, review-rhythm.md, service-quality.md, rewarding-the-right-thing.md
        "complaint_times by=None": H(lambda d: kpis.complaint_times(d.complaints, by=None)),
        "complaint_times by=store_id": H(
            lambda d: kpis.complaint_times(d.complaints, by="store_id")
        ),
        "complaint_times by=channel": H(lambda d: kpis.complaint_times(d.complaints, by="channel")),
        "staff_complaint_performance": H(lambda d: kpis.staff_complaint_performance(d.complaints)),
        # chapters/10_measuring_improving/dashboard.md, marketing.md
        "marketing_cost_share": H(
            lambda d: kpis.marketing_cost_share(d.marketing_spend, d.receipts)
        ),
        "acquisition_cost": H(lambda d: kpis.acquisition_cost(d.marketing_spend, d.customers)),
        "gross_margin_rate": H(lambda d: cv.gross_margin_rate(d.receipt_lines, d.products)),
        "campaign_return": H(
            lambda d, u, m: kpis.campaign_return(u, d.marketing_spend, m),
            ("campaign_uplift", "gross_margin_rate"),
        ),
        # chapters/10_measuring_improving/demand-trends.md
        "monthly_category_sales": H(
            lambda d: tr.monthly_category_sales(d.receipt_lines, d.receipts, d.products)
        ),
        "category_growth": H(
            lambda d, m: tr.category_growth(m, window=3), ("monthly_category_sales",)
        ),
        "read_trends": H(lambda d, g: tr.read_trends(g), ("category_growth",)),
        # chapters/10_measuring_improving/keeping-members.md
        "cohort_retention months=6": H(
            lambda d: kpis.cohort_retention(d.customers, d.receipts, months=6)
        ),
        "repurchase_rate": H(lambda d: kpis.repurchase_rate(d.customers, d.receipts, days=30)),
    }


HELPERS: dict[str, Helper] = {}  # filled by :func:`helpers` on first use


def helpers() -> dict[str, Helper]:
    """:data:`HELPERS`, built on first use."""
    if not HELPERS:
        HELPERS.update(_helpers())
    return HELPERS


# --- measuring ------------------------------------------------------------------------------------


def _import_everything() -> None:
    """Import what the helpers use before any clock starts: imports are not a helper's cost."""
    import scipy.optimize  # noqa: F401  (segments imports it lazily)
    import sklearn.cluster
    import sklearn.metrics
    import sklearn.preprocessing  # noqa: F401

    helpers()


def _one_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else 'no message'}"


def _timed(helper: Helper, data, inputs: list) -> dict:
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        result = helper.call(data, *inputs)
    except Exception as error:
        return {"error": _one_line(error)}
    return {
        "cpu_seconds": time.process_time() - c0,
        "seconds": time.perf_counter() - t0,
        "result": result,
    }


def _with_needs(names: list[str]) -> list[str]:
    """``names`` plus every row they need, each after what it needs."""
    table, order = helpers(), []

    def visit(name: str) -> None:
        for need in table[name].needs:
            visit(need)
        if name not in order:
            order.append(name)

    for name in names:
        visit(name)
    return order


def measure_size(data, names: list[str], size: str) -> list[tuple[str, dict]]:
    """Run ``names`` (and off the clock what they need) on one loaded data set."""
    table = helpers()
    order = _with_needs(names)
    waiting = Counter(need for name in order for need in table[name].needs)
    results: dict[str, dict] = {}
    rows = []
    with tqdm(order, desc=f"{size}", unit=" helper", file=sys.stderr) as bar:
        for name in bar:
            bar.set_postfix_str(name)
            failed = [n for n in table[name].needs if "error" in results[n]]
            if failed:
                figures = {"error": f"needs {failed[0]}, which failed"}
            else:
                figures = _timed(
                    table[name], data, [results[n]["result"] for n in table[name].needs]
                )
            for need in table[name].needs:  # free inputs no later row needs
                waiting[need] -= 1
                if waiting[need] == 0 and need in results:
                    results[need].pop("result", None)
            if waiting[name] > 0:
                results[name] = figures
            if name in names:
                figures = {k: v for k, v in figures.items() if k != "result"}
                rows.append((name, figures))
                bar.write(table_row(name, size, figures), file=sys.stderr)  # kept if stopped
    return rows


def _cpu(figures: dict) -> float:
    return figures.get("cpu_seconds", math.inf)  # a failure sorts first: it must not be missed


def table_row(name: str, size: str, figures: dict) -> str:
    """``| helper | size | cpu s | wall s | within 10 s? |``; an error fills the last cell."""
    if "error" in figures:
        cells = ["-", "-", f"failed: {figures['error']}".replace("|", "/")]
    else:
        ok = "yes" if figures["cpu_seconds"] <= GOAL_S else "**no**"
        cells = [f"{figures['cpu_seconds']:.2f}", f"{figures['seconds']:.2f}", ok]
    return "| " + " | ".join([name, size, *cells]) + " |"


HEAD = f"| helper | size | cpu s | wall s | within {GOAL_S:g} s? |\n|---|---|---|---|---|"


def _load(folder: Path):
    from storecrm.data import load

    return load(folder)


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument(
        "--helpers",
        default=None,
        help="comma-separated rows to run (default: all); a helper's name alone selects all "
        "its rows, e.g. top_rules",
    )
    parser.add_argument(
        "--skip",
        default=None,
        help="comma-separated rows not to run, named as for --helpers (on large, choose_k "
        "took an estimated eleven minutes before it sampled the silhouette: see "
        "benchmarks/README.md)",
    )
    args = parser.parse_args(argv)
    check_data_arguments(parser, args)
    args.helpers = _select(parser, args.helpers)
    if args.skip is not None:
        skipped = _select(parser, args.skip)
        args.helpers = [h for h in args.helpers if h not in skipped]
    if not args.helpers:
        parser.error("--skip leaves no helper to run")
    return args


def _select(parser: argparse.ArgumentParser, wanted: str | None) -> list[str]:
    """The rows named by ``--helpers``: a row's full name, or a helper's name for all its rows."""
    rows = list(helpers())
    if wanted is None:
        return rows
    chosen: list[str] = []
    for word in (w.strip() for w in wanted.split(",")):
        hits = [r for r in rows if word in (r, r.split(" ")[0])]
        if not hits:
            parser.error(f"unknown helper {word!r}: run with --help, or see HELPERS in {__file__}")
        chosen += [h for h in hits if h not in chosen]
    if not chosen:
        parser.error("--helpers names no helper")
    return chosen


def main(argv: list[str]) -> int:
    args = _parse(argv)
    _import_everything()
    print("Course helpers by data size, each called as its notebook calls it, after one load of "
          "the data set.\ncpu s: CPU seconds (all threads); wall s: wall-clock seconds (on a "
          "shared machine, read cpu). Slowest first within each size.\n")  # fmt: skip
    all_rows = []
    for size in args.sizes:
        folder = data_folder(size, args.data_dir)
        print(f"loading {size} from {folder}", file=sys.stderr, flush=True)
        data = _load(folder)
        rows = measure_size(data, args.helpers, size)
        del data
        gc.collect()
        rows.sort(key=lambda row: _cpu(row[1]), reverse=True)
        all_rows += [(name, size, figures) for name, figures in rows]
    print(HEAD)
    for name, size, figures in all_rows:
        print(table_row(name, size, figures))
    slow = [r for r in all_rows if "error" not in r[2] and r[2]["cpu_seconds"] > GOAL_S]
    failed = [r for r in all_rows if "error" in r[2]]
    print(f"\n{len(all_rows)} rows: {len(slow)} over {GOAL_S:g} s of CPU, {len(failed)} failed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
