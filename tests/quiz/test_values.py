"""Computed figures in question text: formats, placeholders, schema checks and resolution."""

from __future__ import annotations

import pytest

from storecrm.errors import CourseError
from storecrm.format import count, percent, yuan
from storecrm.quiz import QuizError, parse_bank
from storecrm.quiz.bank import resolve_bank
from storecrm.quiz.values import fill


def test_formatter_shows_shares_money_and_counts() -> None:
    assert percent(0.3975) == "39.8 %"
    assert percent(0.3975, 0) == "40 %"
    assert yuan(65.3) == "¥65.30"
    assert yuan(3600, 0) == "¥3,600"
    assert count(1234) == "1,234"


def test_percent_refuses_a_percent_passed_as_a_share() -> None:
    with pytest.raises(CourseError, match="fraction from 0 to 1"):
        percent(39.8)


def test_fill_formats_and_names_missing_values() -> None:
    assert fill("{m:percent} at {s}", {"m": 0.398, "s": "Old Town"}) == "39.8 % at Old Town"
    with pytest.raises(ValueError, match="no value"):
        fill("{x:percent}", {})


def _bank(question: dict) -> dict:
    base = {"id": "m1-q01", "objective": "m1-o1"}
    return {"module": 1, "title": "T", "questions": [{**base, **question}]}


NUMERIC = {
    "type": "numeric",
    "stem": "Margin is {m:percent}?",
    "values": {"m": "storecrm.quiz.answers.value:store_margin_rate"},
    "compute": "storecrm.quiz.answers.value:one_visit_member_share",
    "unit": "%",
    "tolerance": 1,
    "feedback_correct": "Yes, {answer:percent}.",
    "feedback_incorrect": "No.",
}


def test_schema_rejects_unknown_placeholders_and_unused_values() -> None:
    with pytest.raises(QuizError, match="not under 'values:'"):
        parse_bank(_bank({**NUMERIC, "stem": "Margin is {other:percent}?"}))
    with pytest.raises(QuizError, match="no text uses it"):
        parse_bank(_bank({**NUMERIC, "stem": "Margin?"}))
    with pytest.raises(QuizError, match="unknown format"):
        parse_bank(_bank({**NUMERIC, "stem": "Margin is {m:pct}?"}))


def test_resolving_fills_texts_and_shows_a_share_as_percent() -> None:
    from storecrm.quiz.answers.value import one_visit_member_share, store_margin_rate

    q = resolve_bank(parse_bank(_bank(NUMERIC))).questions[0]
    assert q.stem == f"Margin is {percent(store_margin_rate())}?"
    assert q.value == pytest.approx(100 * one_visit_member_share())
    assert q.feedback_correct == f"Yes, {percent(one_visit_member_share())}."


def test_a_percent_unit_refuses_a_compute_that_returns_a_percent() -> None:
    spec = "storecrm.quiz.answers.membership:example_receipt_points"  # 85, not a share
    bank = parse_bank(_bank({**NUMERIC, "compute": spec, "feedback_correct": "Yes."}))
    with pytest.raises(QuizError, match="share from 0 to 1"):
        resolve_bank(bank)
