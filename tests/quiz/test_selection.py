"""Choosing questions: ids, seeded samples and seeded shuffles."""

from __future__ import annotations

from pathlib import Path

import pytest

from storecrm.quiz import load_bank, select_questions


@pytest.fixture()
def bank(demo_bank_path: Path):
    return load_bank(path=demo_bank_path)


def test_default_is_every_question_in_bank_order(bank) -> None:
    assert select_questions(bank) == list(bank.questions)


def test_sample_is_seeded_and_keeps_bank_order(bank) -> None:
    order = [q.id for q in bank.questions]
    samples = {tuple(q.id for q in select_questions(bank, sample=2, seed=s)) for s in range(20)}
    assert len(samples) > 1  # different seeds draw different questions
    for sample in samples:
        assert list(sample) == sorted(sample, key=order.index)
    assert select_questions(bank, sample=2, seed=5) == select_questions(bank, sample=2, seed=5)
    assert select_questions(bank, sample=10) == list(bank.questions)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_sample_must_be_a_positive_whole_number(bank, bad) -> None:
    with pytest.raises(ValueError, match="sample must be a whole number"):
        select_questions(bank, sample=bad)


def test_shuffle_reorders_questions_and_options_but_keeps_answers(bank) -> None:
    versions = [select_questions(bank, shuffle=True, seed=s) for s in range(10)]
    orders = {tuple(q.id for q in v) for v in versions}
    option_orders = {tuple(o.key for o in v[0].options) for v in versions}
    assert len(orders) > 1 and len(option_orders) > 1
    for version in versions:
        for q in version:
            original = bank.question(q.id)
            assert q.answer_keys == original.answer_keys
            assert sorted(q.options, key=lambda o: o.key) == list(original.options)
    assert select_questions(bank, shuffle=True, seed=3) == select_questions(
        bank, shuffle=True, seed=3
    )


def test_one_id_given_as_text_selects_that_question(bank) -> None:
    first = bank.questions[0].id
    assert [q.id for q in select_questions(bank, ids=first)] == [first]
