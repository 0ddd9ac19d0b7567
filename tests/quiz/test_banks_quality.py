"""Quality of the real module banks (``chapters/*/quiz.yml``), read as raw YAML.

The end-of-part assessment's scenario files (``book/trainers/assessment/part-N.yml``, the
same question schema with ``part:`` for ``module:``) are checked by every test that is about
questions rather than about one module's folder.

These tests parametrize over whatever banks exist, so each new module's bank is checked as
soon as it lands. They read the YAML directly (not through the schema) so they are an
independent second look at the same rules the validator enforces.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from storecrm.quiz import QuizError, read_bank_file, read_objectives, resolve_compute
from storecrm.quiz.assessment import ASSESSMENT_DIR, find_part, read_scenarios

REPO = Path(__file__).resolve().parents[2]
BANKS = sorted((REPO / "chapters").glob("*/quiz.yml"))
SCENARIO_FILES = sorted((REPO / ASSESSMENT_DIR).glob("part-*.yml"))
MIN_PER_OBJECTIVE = 2


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _parses(path: Path) -> bool:
    """Unparsable banks are reported by test_bank_passes_the_schema, not at collection."""
    try:
        return isinstance(_load(path), dict)
    except yaml.YAMLError:
        return False


def _bank_id(path: Path) -> str:
    return path.stem if path in SCENARIO_FILES else path.parent.name


def _read(path: Path) -> object:
    if path in SCENARIO_FILES:
        return read_scenarios(path, find_part(int(path.stem.split("-")[1]), REPO))
    return read_bank_file(path)


def _questions() -> list[tuple[Path, dict]]:
    return [
        (p, q)
        for p in BANKS + SCENARIO_FILES
        if _parses(p)
        for q in (_load(p).get("questions") or [])
        if isinstance(q, dict)
    ]


PARSED = [p for p in BANKS if _parses(p)]
PARSED_ALL = PARSED + [p for p in SCENARIO_FILES if _parses(p)]
QUESTIONS = _questions()
CHOICE = [(p, q) for p, q in QUESTIONS if q.get("type") != "numeric"]
COMPUTED = [(p, q) for p, q in QUESTIONS if q.get("type") == "numeric" and "compute" in q]


def _ids(pairs: list[tuple[Path, dict]]) -> list[str]:
    return [str(q.get("id", f"{p.parent.name}-#{i}")) for i, (p, q) in enumerate(pairs)]


def test_at_least_one_bank_exists() -> None:
    assert BANKS, "no quiz banks at all: expected chapters/NN_slug/quiz.yml files"
    assert SCENARIO_FILES, f"no assessment scenario files in {ASSESSMENT_DIR}"


@pytest.mark.parametrize("path", BANKS + SCENARIO_FILES, ids=_bank_id)
def test_bank_passes_the_schema(path: Path) -> None:
    try:
        _read(path)
    except QuizError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.mark.parametrize("path", PARSED, ids=_bank_id)
def test_module_number_matches_folder(path: Path) -> None:
    folder_number = int(re.match(r"(\d+)_", path.parent.name).group(1))
    assert _load(path)["module"] == folder_number


@pytest.mark.parametrize(("path", "q"), CHOICE, ids=_ids(CHOICE))
def test_answer_is_among_options(path: Path, q: dict) -> None:
    keys = [o["key"] for o in q["options"]]
    answers = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
    assert answers and set(answers) <= set(keys), f"{path}: {q['id']}: {answers} vs {keys}"


@pytest.mark.parametrize(("path", "q"), CHOICE, ids=_ids(CHOICE))
def test_every_option_has_feedback(path: Path, q: dict) -> None:
    missing = [o.get("key") for o in q["options"] if not str(o.get("feedback") or "").strip()]
    assert not missing, f"{path}: {q['id']}: options without feedback: {missing}"


def test_ids_unique_across_all_banks() -> None:
    counts = Counter(q.get("id") for _, q in QUESTIONS)
    assert [i for i, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("path", PARSED, ids=_bank_id)
def test_every_listed_objective_has_two_questions(path: Path) -> None:
    objectives = read_objectives(path.parent / "index.md")
    assert objectives, f"{path.parent / 'index.md'} lists no objectives"
    counts = Counter(q["objective"] for q in _load(path)["questions"])
    thin = {o: counts[o] for o in objectives if counts[o] < MIN_PER_OBJECTIVE}
    assert thin == {}, f"{path}: objectives tested by fewer than {MIN_PER_OBJECTIVE} questions"


@pytest.mark.parametrize("path", PARSED, ids=_bank_id)
def test_every_question_objective_is_on_the_module_page(path: Path) -> None:
    objectives = set(read_objectives(path.parent / "index.md"))
    stray = {q["id"]: q["objective"] for q in _load(path)["questions"]}
    stray = {qid: o for qid, o in stray.items() if o not in objectives}
    assert stray == {}, f"{path}: objectives not listed on index.md"


@pytest.mark.parametrize("path", [p for p in SCENARIO_FILES if _parses(p)], ids=_bank_id)
def test_every_scenario_objective_is_on_its_module_page(path: Path) -> None:
    listed = {o for index in (REPO / "chapters").glob("*/index.md") for o in read_objectives(index)}
    stray = {q["id"]: q["objective"] for q in _load(path)["questions"]}
    assert {qid: o for qid, o in stray.items() if o not in listed} == {}


#: Possible ranges of a computed answer, by its unit.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "%": (0.0, 1.0),  # a share: the bank shows it as a percent
    "o'clock": (0.0, 23.0),
    "hours": (0.0, 24.0 * 366),
    "tills": (1.0, 20.0),
    "yuan": (-10_000.0, 100_000.0),
}


@pytest.mark.parametrize(("path", "q"), COMPUTED, ids=_ids(COMPUTED))
def test_computed_answers_are_plausible_for_their_unit(path: Path, q: dict) -> None:
    # resolve_compute already rejects non-finite values; here a wrapper that filters on the
    # wrong rows or returns a percent where a share (0-1) belongs gives an impossible answer.
    value = resolve_compute(q["compute"])
    unit = q.get("unit", "")
    low, high = PLAUSIBLE.get(unit, (-math.inf, math.inf))
    assert low <= value <= high, f"{q['id']}: {value} {unit} is outside {low}..{high}"


def test_no_dollar_signs_in_any_bank() -> None:
    offenders = [p.name for p in BANKS + SCENARIO_FILES if "$" in p.read_text(encoding="utf-8")]
    assert offenders == []


#: No letter may be the right answer of more than this share of a bank's one-answer questions.
MAX_SAME_POSITION = 0.4

#: The right option may be the strictly longest in at most about a third of a bank's
#: one-answer questions (a little over 1/3 so a bank of 14 may have 5).
MAX_LONGEST_RIGHT = 0.36


def _one_answer(path: Path) -> list[dict]:
    return [
        q
        for q in _load(path).get("questions") or []
        if q.get("type") in ("single", "scenario") and isinstance(q.get("answer"), str)
    ]


@pytest.mark.parametrize("path", PARSED_ALL, ids=_bank_id)
def test_right_answers_are_spread_over_the_positions(path: Path) -> None:
    # The online quiz shows options in bank order, so if most right answers sat in one
    # position, "always click b" would score well without reading the question.
    questions = _one_answer(path)
    if len(questions) < 6:
        pytest.skip("too few one-answer questions to judge")
    keys = Counter(q["answer"] for q in questions)
    letter, count = keys.most_common(1)[0]
    assert count / len(questions) <= MAX_SAME_POSITION, (
        f"{path.parent.name}: {count} of {len(questions)} one-answer questions have answer "
        f"{letter!r}; reorder options so the right answer moves around"
    )
    offered = Counter(o["key"] for q in questions for o in q["options"])
    common = {k for k, n in offered.items() if n >= len(questions) / 2}
    assert common <= set(keys), (
        f"{path.parent.name}: no right answer is ever {sorted(common - set(keys))}; "
        "a guesser learns to skip that position"
    )


def _raw_length(option: dict) -> int:
    return len(" ".join(str(option["text"]).split()))


@pytest.mark.parametrize("path", PARSED_ALL, ids=_bank_id)
def test_the_right_option_is_not_usually_the_longest(path: Path) -> None:
    # Writers add the qualifications that make an answer right, so right answers grow long;
    # a learner who always picks the longest option would then pass without reading.
    questions = _one_answer(path)
    longest = [
        q["id"]
        for q in questions
        for right in [next(o for o in q["options"] if o["key"] == q["answer"])]
        if all(_raw_length(right) > _raw_length(o) for o in q["options"] if o["key"] != q["answer"])
    ]
    assert len(longest) <= MAX_LONGEST_RIGHT * len(questions), (
        f"{path.parent.name}: the right option is the longest in {len(longest)} of "
        f"{len(questions)} one-answer questions ({', '.join(longest)}); shorten the right "
        "answers and write the wrong ones as fully"
    )


#: Stems that send the learner to a page to copy a figure instead of using an idea.
LOOKUP_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bon the\b[^.?:]{0,60}\bpage\b",
        r"\bon the same page\b",
        r"\baccording to\b",
        r"\b(look|looking) at the (table|chart|figure|graph|row|column)\b",
        r"\bthe page (says|shows|quotes|lists|gives)\b",
        r"\bin the worked example\b",
    )
]


@pytest.mark.parametrize(("path", "q"), QUESTIONS, ids=_ids(QUESTIONS))
def test_no_question_is_a_page_lookup(path: Path, q: dict) -> None:
    asked = " ".join(str(q.get(k) or "") for k in ("situation", "stem"))
    found = [m.group(0) for p in LOOKUP_PATTERNS for m in [p.search(asked)] if m]
    assert not found, (
        f"{path.parent.name}: {q['id']} asks the learner to look a figure up ({found[0]!r}); "
        "set it at Maple Street Mart and give the figures the learner must use"
    )
