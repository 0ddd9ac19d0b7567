"""Quiz banks and role-play scenarios fill rule placeholders when loaded."""

from __future__ import annotations

import pytest

from storecrm.quiz import QuizError, parse_bank
from storecrm.widgets.roleplay import ScenarioError, parse_scenarios


def _bank(option_text: str) -> dict:
    return {
        "module": 2,
        "title": "Demo",
        "questions": [
            {
                "id": "m2-q01",
                "objective": "m2-o1",
                "type": "single",
                "stem": "When do you call for a second till?",
                "options": [
                    {"key": "a", "text": option_text, "feedback": "Right: the store's rule."},
                    {"key": "b", "text": "Never.", "feedback": "Queues cost shoppers."},
                ],
                "answer": "a",
            }
        ],
    }


def test_a_quiz_option_gets_the_rule_value():
    bank = parse_bank(_bank("When {{ second_till_queue }} are waiting."), "quiz.yml")
    assert bank.questions[0].options[0].text == "When 3 are waiting."


def test_an_unknown_placeholder_in_a_bank_names_file_and_question():
    with pytest.raises(QuizError) as info:
        parse_bank(_bank("When {{ second_till }} are waiting."), "chapters/02_x/quiz.yml")
    assert str(info.value).startswith(
        "chapters/02_x/quiz.yml: m2-q01: unknown placeholder {{ second_till }}"
    )


def _scenario(situation: str) -> dict:
    choice = {"text": "Say sorry", "reaction": "Calmer", "skill": "Empathy", "coaching": "Good"}
    return {
        "version": 1,
        "scenarios": [
            {
                "id": "queue",
                "title": "Queue",
                "category": "other",
                "channel": "in_store",
                "where": "Tills",
                "start": "s1",
                "nodes": [
                    {
                        "id": "s1",
                        "situation": situation,
                        "choices": [{**choice, "next": "good"}, {**choice, "next": "bad"}],
                    },
                    {"id": "good", "outcome": "good", "text": "Solved."},
                    {"id": "bad", "outcome": "poor", "text": "Lost."},
                ],
            }
        ],
    }


def test_a_scenario_gets_the_rule_value():
    scenarios = parse_scenarios(_scenario("Two of {{ tills_s05_word }} tills are open."))
    assert scenarios["queue"].node("s1").situation == "Two of six tills are open."


def test_an_unknown_placeholder_in_a_scenario_names_file_scenario_and_node():
    with pytest.raises(ScenarioError) as info:
        parse_scenarios(_scenario("Two of {{ tills_s99 }} tills are open."), "demo.yml")
    message = str(info.value)
    assert message.startswith("demo.yml, scenario queue, node s1: 'situation': unknown placeholder")
    assert "{{ tills_s99 }}" in message
