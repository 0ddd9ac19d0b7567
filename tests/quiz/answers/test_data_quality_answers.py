"""Module 6 quiz-answer helper (storecrm.quiz.answers.data_quality) on a hand-made data set."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storecrm.quiz.answers.data_quality import (
    consenting_member_count,
    marketing_consent_share,
    member_rows,
)


def test_marketing_consent_share(committed, table) -> None:
    base = {
        "name": "测试",
        "phone_masked": "138****0427",
        "signup_date": "2025-01-01",
        "signup_channel": "in_store",
        "signup_store_id": "S01",
        "tier": "standard",
        "age_band": "25-34",
        "gender": "female",
        "district": "Old Town",
    }
    rows = [
        {**base, "customer_id": f"M0000{i}", "marketing_consent": consent}
        for i, consent in enumerate([True, True, True, False, False], start=1)
    ]
    data = replace(committed, customers=table("customers", rows))
    # 3 of 5 members consented -> 60 %.
    assert marketing_consent_share(data=data) == pytest.approx(0.6)
    # The question prints these two counts; dividing them gives the share exactly.
    assert (consenting_member_count(data=data), member_rows(data=data)) == (3, 5)


def test_printed_counts_divide_to_the_share_on_the_committed_data(committed) -> None:
    consent, members = consenting_member_count(data=committed), member_rows(data=committed)
    assert 0 < consent < members
    assert marketing_consent_share(data=committed) == pytest.approx(consent / members)
