"""Module 10 quiz-answer helpers (storecrm.quiz.answers.kpis) on small hand-built tables."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from storecrm.quiz.answers.kpis import (
    chain_nps,
    cheapest_acquisition_channel,
    cost_per_app_member,
    marketing_cost_share,
)


def test_chain_nps(committed) -> None:
    surveys = committed.survey_responses
    visits = surveys.loc[surveys["survey_type"] == "visit"].head(4).copy()
    visits["recommend_0_10"] = [10, 9, 7, 3]
    exits = surveys.loc[surveys["survey_type"] == "exit"].head(1)
    # Two promoters and one detractor of four visit answers: (2 - 1) / 4 -> +25; exits ignored.
    data = replace(committed, survey_responses=pd.concat([visits, exits]))
    assert chain_nps(data=data) == pytest.approx(25.0)


def _spend(rows: list[tuple[str, str | None, str | None, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "spend_id": [f"MS{i:04d}" for i in range(1, len(rows) + 1)],
            "month": pd.to_datetime([r[0] for r in rows]),
            "campaign_id": [r[1] for r in rows],
            "signup_channel": [r[2] for r in rows],
            "item": ["test"] * len(rows),
            "spend_cny": [r[3] for r in rows],
        }
    )


def test_marketing_cost_share(committed) -> None:
    receipts = committed.receipts.head(4).copy()
    receipts["net_cny"] = [100.0, 200.0, 300.0, 400.0]
    spend = _spend([("2025-01-01", "C01", None, 30.0), ("2025-01-01", None, "app", 20.0)])
    data = replace(committed, receipts=receipts, marketing_spend=spend)
    assert marketing_cost_share(data=data) == pytest.approx(50 / 1000)


def test_cost_per_app_member(committed) -> None:
    customers = committed.customers.head(5).copy()
    customers["signup_date"] = pd.to_datetime(
        ["2025-01-03", "2025-01-20", "2025-02-10", "2025-02-11", "2024-12-31"]
    )
    customers["signup_channel"] = ["app", "app", "in_store", "app", "app"]
    spend = _spend(
        [
            ("2025-01-01", None, "app", 120.0),
            ("2025-02-01", None, "app", 60.0),
            ("2025-02-01", None, "in_store", 10.0),
        ]
    )
    data = replace(committed, customers=customers, marketing_spend=spend)
    # App: 180 yuan for three January/February app sign-ups (December's is outside) -> 60.
    assert cost_per_app_member(data=data) == pytest.approx(60.0)
    assert cheapest_acquisition_channel(data=data) == "in_store"


def test_printed_counts_and_amounts_give_the_computed_answers(committed) -> None:
    # m10-q02, q06 and q07 print these figures; working from them gives the answer.
    from storecrm.quiz.answers import kpis

    n, p, d = (
        f(data=committed) for f in (kpis.nps_responses, kpis.nps_promoters, kpis.nps_detractors)
    )
    assert 0 < p + d <= n
    assert chain_nps(data=committed) == pytest.approx(100 * (p - d) / n)
    spend, sales = kpis.marketing_spend_cny(data=committed), kpis.net_sales_cny(data=committed)
    assert marketing_cost_share(data=committed) == pytest.approx(spend / sales)
    app_spend, app_members = (
        kpis.app_recruiting_spend_cny(data=committed),
        kpis.app_new_members(data=committed),
    )
    assert app_members > 0
    assert cost_per_app_member(data=committed) == pytest.approx(app_spend / app_members)
