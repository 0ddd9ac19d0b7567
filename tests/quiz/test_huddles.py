"""The shift-huddle plan: every frontline objective comes back 1, 3 and 7 days after it is
learned (at most a day late), three questions a day, never a topic before it is taught."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from storecrm.errors import CourseError
from storecrm.quiz.bank import load_bank
from storecrm.quiz.huddles import (
    DAYS,
    FRONTLINE_MODULES,
    GAPS,
    PER_DAY,
    huddle_cards_html,
    plan_huddles,
)
from storecrm.quiz.model import Bank, Option, Question


@pytest.fixture(scope="module")
def banks() -> list[Bank]:
    return [load_bank(m) for m in FRONTLINE_MODULES]


@pytest.fixture(scope="module")
def plan(banks):
    return plan_huddles(banks)


def _choice(qid: str, objective: str) -> Question:
    options = (Option("a", "yes", "Right."), Option("b", "no", "Not quite."))
    return Question(qid, objective, "single", f"stem {qid}", options=options, answer_keys=("a",))


def test_every_objective_returns_after_each_gap_at_most_a_day_late(plan, banks):
    objectives = {q.objective for b in banks for q in b.questions if q.is_choice}
    returns = defaultdict(list)
    for h in plan:
        if h.reason != "mixed review":
            returns[h.question.objective].append(h.day - h.learned_day)
    assert set(returns) == objectives
    for objective, gaps_seen in returns.items():
        assert len(gaps_seen) == len(GAPS), objective
        for planned, seen in zip(GAPS, sorted(gaps_seen), strict=True):
            assert planned <= seen <= planned + 1, (objective, gaps_seen)


def test_three_a_day_no_repeat_topic_nothing_before_it_is_learned(plan):
    per_day = Counter(h.day for h in plan)
    assert set(per_day) == set(range(2, DAYS + 1))  # day 1: nothing learned yet
    assert max(per_day.values()) == PER_DAY
    assert all(per_day[d] == PER_DAY for d in range(4, DAYS + 1))
    for day in per_day:
        topics = [h.question.objective for h in plan if h.day == day]
        assert len(topics) == len(set(topics)), day
    assert all(h.learned_day < h.day for h in plan)
    assert all(h.question.is_choice for h in plan)


def test_a_returning_topic_brings_its_next_question(plan, banks):
    pools = defaultdict(list)
    for b in banks:
        for q in b.questions:
            if q.is_choice:
                pools[q.objective].append(q.id)
    seen = defaultdict(list)
    for h in plan:
        seen[h.question.objective].append(h.question.id)
    for objective, ids in seen.items():
        pool = pools[objective]
        assert ids == [pool[i % len(pool)] for i in range(len(ids))], objective


def test_hand_worked_plan():
    # Three objectives over ten days: span 10 - 7 = 3, so they are learned on days 1, 2, 3.
    bank = Bank(
        1,
        "t",
        tuple(_choice(f"m1-q0{i}", f"m1-o{i}") for i in (1, 2, 3)),
    )
    plan = plan_huddles([bank], days=10, per_day=3, gaps=(1, 3, 7))
    by_day = defaultdict(list)
    for h in plan:
        by_day[h.day].append((h.question.objective, h.reason))
    assert by_day[2] == [("m1-o1", "1 day after")]
    assert by_day[3] == [("m1-o2", "1 day after"), ("m1-o1", "mixed review")]
    assert by_day[4][:2] == [("m1-o1", "3 days after"), ("m1-o3", "1 day after")]
    assert ("m1-o1", "7 days after") in by_day[8]
    assert ("m1-o3", "7 days after") in by_day[10]


def test_impossible_plans_say_what_to_change(banks):
    with pytest.raises(CourseError, match="no time to learn"):
        plan_huddles(banks, days=5)
    with pytest.raises(CourseError, match="does not fit"):
        plan_huddles(banks, days=10, per_day=1)
    with pytest.raises(CourseError, match="no choice questions"):
        plan_huddles([Bank(1, "t", ())])


def test_cards_one_section_per_week_with_answers(plan):
    cards = huddle_cards_html(plan)
    assert cards.count('<section class="huddle-card">') == DAYS // 7
    assert "Week 1: days 1–7" in cards and "Day 28" in cards
    assert cards.count('class="huddle-answer"') == len(plan)
