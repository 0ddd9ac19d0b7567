"""A learner who does not read the questions scores near chance on every module bank.

The end-of-part assessment's scenario files (``book/trainers/assessment/part-N.yml``) are
played too, each as one bank.

Each test-wise strategy of :mod:`storecrm.quiz.cues` is played on every bank's one-answer
questions; the score must stay within :data:`MARGIN` of blind guessing. The figures are
printed (``pytest -s``) so authors see how close a bank is to the limit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storecrm.quiz import Option, Question
from storecrm.quiz.assessment import ASSESSMENT_DIR, find_part, read_scenarios
from storecrm.quiz.bank import bank_paths, read_bank_file, resolve_question
from storecrm.quiz.cues import (
    STRATEGIES,
    chance_score,
    fixed_key,
    longest_right_share,
    one_answer_questions,
    specificity,
    strategy_score,
)

REPO = Path(__file__).resolve().parents[2]
BANKS = bank_paths(REPO)
SCENARIO_FILES = sorted((REPO / ASSESSMENT_DIR).glob("part-*.yml"))

#: A strategy may beat blind guessing by at most this many percentage points (as a share).
MARGIN = 0.20

#: Strategies a bank must defeat; the others are printed for authors but not enforced.
ENFORCED = (
    "longest option",
    "shortest option",
    "most specific wording",
    *(f"always {k}" for k in "abcd"),
)


def _name(path: Path) -> str:
    return path.stem if path in SCENARIO_FILES else path.parent.name


def _questions(path: Path) -> list[Question]:
    # Only values-bearing questions are resolved: the texts learners see, without loading
    # the data for the numeric answers the strategies never play.
    if path in SCENARIO_FILES:
        part = find_part(int(path.stem.split("-")[1]), REPO)
        found = [q for q in read_scenarios(path, part) if q.type in ("single", "scenario")]
    else:
        found = one_answer_questions(read_bank_file(path))
    return [resolve_question(q) if q.values else q for q in found]


@pytest.fixture(scope="module")
def questions() -> dict[str, list[Question]]:
    return {_name(p): _questions(p) for p in BANKS + SCENARIO_FILES}


def test_every_bank_is_played() -> None:
    assert len(BANKS) >= 10, [p.parent.name for p in BANKS]


@pytest.mark.parametrize("path", BANKS + SCENARIO_FILES, ids=_name)
@pytest.mark.parametrize("name", ENFORCED)
def test_a_strategy_scores_near_chance(
    questions: dict[str, list[Question]], path: Path, name: str
) -> None:
    qs = questions[_name(path)]
    chance, score = chance_score(qs), strategy_score(qs, STRATEGIES[name])
    print(f"{_name(path)}: {name}: {score:.0%} (chance {chance:.0%})")
    assert score <= chance + MARGIN, (
        f"{_name(path)}: '{name}' scores {score:.0%} against chance {chance:.0%} over "
        f"{len(qs)} one-answer questions; rewrite options so their form gives nothing away"
    )


def test_report(questions: dict[str, list[Question]]) -> None:
    """Print every bank's figures in one table (``pytest -s``); always passes by design."""
    print()
    for bank, qs in questions.items():
        scores = " ".join(f"{n}={strategy_score(qs, s):.0%}" for n, s in STRATEGIES.items())
        longest = longest_right_share(qs)
        chance = chance_score(qs)
        print(f"{bank}: n={len(qs)} chance={chance:.0%} right-is-longest={longest:.0%} {scores}")


# --- the strategies themselves, on hand-made questions ------------------------------------


def _q(answer: str, *texts: str, stem: str = "What do you do?") -> Question:
    options = tuple(
        Option(key=k, text=t, feedback="Why.") for k, t in zip("abcd", texts, strict=False)
    )
    return Question(
        id="m1-q01",
        objective="m1-o1",
        type="single",
        stem=stem,
        options=options,
        answer_keys=(answer,),
    )


def test_longest_picks_the_longest_and_splits_ties() -> None:
    q = _q("b", "Short.", "A much longer option.", "Mid one.", "Tiny")
    assert strategy_score([q], STRATEGIES["longest option"]) == 1.0
    tie = _q("a", "Same size", "Same size", "x", "y")
    assert strategy_score([tie], STRATEGIES["longest option"]) == 0.5
    assert longest_right_share([tie]) == 0.0


def test_fixed_key_guesses_when_the_key_is_missing() -> None:
    three = _q("a", "One", "Two", "Three")
    assert strategy_score([three], fixed_key("d")) == pytest.approx(1 / 3)
    assert strategy_score([three], fixed_key("a")) == 1.0


def test_specificity_counts_numbers_and_quotes() -> None:
    assert specificity('Say "sorry" and refund ¥12.50 within 2 hours.') == 3
    assert specificity("Apologise and refund her.") == 0
    q = _q("c", "A long option with no figures at all in it.", "Tiny.", 'Say "sorry" in 2 min.')
    assert strategy_score([q], STRATEGIES["most specific wording"]) == 1.0


def test_echo_strategy_picks_the_option_sharing_words_with_the_stem() -> None:
    q = _q(
        "d",
        "Call the manager.",
        "Wait.",
        "Ignore it.",
        "Refund the yoghurt.",
        stem="A woman brings back sour yoghurt and asks for a refund.",
    )
    assert strategy_score([q], STRATEGIES["most words shared with the question"]) == 1.0


def test_chance_is_the_mean_of_one_over_the_options() -> None:
    assert chance_score([_q("a", "1", "2", "3", "4"), _q("a", "1", "2")]) == pytest.approx(0.375)
