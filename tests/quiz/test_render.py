"""The jupyterquiz renderer: JSON format, feedback wording, money, numeric ranges, stable ids."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import jupyterquiz.dynamic.display as jq_display
import pytest

from storecrm.quiz import QuizError, load_bank, quiz_payload, show_quiz, to_jupyterquiz
from storecrm.quiz import render_jupyterquiz as render
from storecrm.quiz.text import format_number, strip_verdict

SANITIZE_CFG = Path(__file__).resolve().parents[1] / "nbval_sanitize.cfg"


@pytest.fixture()
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collects what jupyterquiz displays (HTML and JavaScript source) instead of showing it."""
    outputs: list[str] = []
    monkeypatch.setattr(jq_display, "display", lambda obj: outputs.append(obj.data))
    monkeypatch.setattr(render, "_calls", itertools.count())
    return outputs


def _check(q: dict, number: str) -> str:
    """Mimic jupyterquiz's numeric check (``range`` is [low, high)); return the feedback."""
    value = float(number)
    for answer in q["answers"]:
        if "range" in answer and answer["range"][0] <= value < answer["range"][1]:
            return answer["feedback"]
    return next(a["feedback"] for a in q["answers"] if a.get("type") == "default")


def test_choice_questions_map_to_jupyterquiz_types(demo_bank_path: Path) -> None:
    payload = quiz_payload(path=demo_bank_path)
    assert [q["type"] for q in payload] == [
        "multiple_choice",  # scenario
        "multiple_choice",  # single
        "many_choice",  # multiple
        "numeric",
    ]
    for q in payload[:3]:
        assert all(set(a) == {"answer", "correct", "feedback"} for a in q["answers"])


def test_scenario_shows_situation_then_stem(demo_bank_path: Path) -> None:
    question = quiz_payload(path=demo_bank_path)[0]["question"]
    assert question.index("Evening rush") < question.index("What do you say first?")


def test_each_option_carries_its_own_feedback(demo_bank_path: Path) -> None:
    bank = load_bank(path=demo_bank_path)
    q = bank.question("m99-q02")
    rendered = to_jupyterquiz(q)
    for option, answer in zip(q.options, rendered["answers"], strict=True):
        assert option.feedback in answer["feedback"]
        assert answer["correct"] == (option.key == "b")
        expected = (
            "<strong>Correct.</strong>" if answer["correct"] else "<strong>Not quite.</strong>"
        )
        assert answer["feedback"].startswith(expected)


def test_wrong_option_names_the_right_answer(demo_bank_path: Path) -> None:
    payload = quiz_payload(path=demo_bank_path)
    wrong_single = payload[1]["answers"][0]["feedback"]
    assert "The right answer is b: “Check that you understood it”" in wrong_single
    wrong_multiple = payload[2]["answers"][1]["feedback"]
    assert "The right answers are a: “The member-day discount” and c:" in wrong_multiple


def test_numeric_accepts_inside_tolerance_only(demo_bank_path: Path) -> None:
    q = quiz_payload(path=demo_bank_path)[3]
    assert "precision" not in q  # "precision": 0 breaks jupyterquiz's numeric check
    for inside in ("12", "12.5", "12.99", "13"):
        assert _check(q, inside).startswith("<strong>Correct.</strong>"), inside
    for outside in ("11.9", "13.01", "2.5"):
        assert _check(q, outside).startswith("<strong>Not quite.</strong>"), outside
    assert "The answer is 12.5 yuan (anything from 12 to 13 counts)." in _check(q, "1")


def test_money_never_reaches_jupyterquiz_as_dollar(demo_bank_path: Path) -> None:
    bank = load_bank(path=demo_bank_path)
    q = bank.question("m99-q02")
    option = q.options[0].__class__(key="a", text="Costs $3 <b>", feedback="Cheap & quick")
    rendered = to_jupyterquiz(q.with_options((option, *q.options[1:])))
    text = json.dumps(rendered)
    assert "$" not in text
    assert "&#36;3 &lt;b&gt;" in rendered["answers"][0]["answer"]
    assert "¥15.00" in quiz_payload(path=demo_bank_path)[3]["question"]


def test_sample_and_ids(demo_bank_path: Path) -> None:
    assert len(quiz_payload(path=demo_bank_path, sample=2, seed=1)) == 2
    chosen = quiz_payload(path=demo_bank_path, ids=["m99-q04", "m99-q01"])
    assert [q["type"] for q in chosen] == ["numeric", "multiple_choice"]
    with pytest.raises(QuizError, match="m99-q77: no such question"):
        quiz_payload(path=demo_bank_path, ids=["m99-q77"])


def test_show_quiz_embeds_questions_without_loading_urls(
    demo_bank_path: Path, shown: list[str]
) -> None:
    show_quiz(path=demo_bank_path)
    html, script = shown
    assert 'data-shuffleanswers="False"' in html
    assert "Check that you understood it" in script  # questions embedded in the page
    assert "fetch(" not in script and "XMLHttpRequest" not in script


def test_answer_box_repair_follows_the_quiz(
    demo_bank_path: Path, shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # jupyterquiz's numeric box has an untied label and refuses paste; our script, shown
    # right after the quiz, repairs both (checked in a browser by tests/site).
    import IPython.display

    ours: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: ours.append(obj.data))
    show_quiz(path=demo_bank_path)
    assert shown, "the quiz itself was not shown"
    assert ours[-1] == render.INPUT_A11Y_FIX
    assert "box.onpaste = null" in ours[-1] and "label.htmlFor = box.id" in ours[-1]


def test_show_quiz_output_is_stable_across_runs(
    demo_bank_path: Path, shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    random.seed(123)
    before = random.random()
    random.seed(123)
    show_quiz(path=demo_bank_path)
    assert random.random() == before  # the caller's random state is left alone
    first = list(shown)
    shown.clear()
    monkeypatch.setattr(render, "_calls", itertools.count())  # a fresh kernel
    show_quiz(path=demo_bank_path)
    assert shown == first
    shown.clear()
    show_quiz(path=demo_bank_path)  # second quiz on the same page: its own container id
    ids = {re.search(r'<div id="(\w+)"', out).group(1) for out in (first[0], shown[0])}
    assert len(ids) == 2


def test_broken_bank_raises_quiz_error_naming_file(tmp_path: Path) -> None:
    bad = tmp_path / "quiz.yml"
    bad.write_text("module: 1\ntitle: T\nquestions: []\n", encoding="utf-8")
    with pytest.raises(QuizError, match=r"quiz.yml: 'questions' must be a non-empty list"):
        show_quiz(path=bad)


def _sanitize_rules() -> list[tuple[str, str]]:
    """The (regex, replace) pairs nbval reads from tests/nbval_sanitize.cfg."""
    text = SANITIZE_CFG.read_text(encoding="utf-8")
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)


def test_nbval_rules_hide_jupyterquiz_random_ids(
    demo_bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs: list[list[str]] = []
    for seed in (1, 2):
        shown: list[str] = []
        monkeypatch.setattr(jq_display, "display", lambda obj, s=shown: s.append(obj.data))
        random.seed(seed)
        jq_display.display_quiz(quiz_payload(path=demo_bank_path))  # raw: random ids
        outputs.append(shown)
    assert outputs[0] != outputs[1]
    rules = _sanitize_rules()
    assert len(rules) >= 5

    def clean(text: str) -> str:
        for regex, replace in rules:
            text = re.sub(regex, replace, text)
        return text

    assert [clean(t) for t in outputs[0]] == [clean(t) for t in outputs[1]]


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("<Figure at 0x7f3a2c1b9d90>", "<Figure at 0xADDRESS>"),
        ("saved 2026-11-23 12:15:03.123456", "saved TIMESTAMP"),
        ("purchased_at 2025-03-01 08:15:00", "purchased_at 2025-03-01 08:15:00"),
    ],
)
def test_nbval_rules_for_addresses_and_timestamps(raw: str, cleaned: str) -> None:
    for regex, replace in _sanitize_rules():
        raw = re.sub(regex, replace, raw)
    assert raw == cleaned


@pytest.mark.parametrize(
    ("feedback", "shown"),
    [
        ("Right. CRM is an idea.", "CRM is an idea."),
        ("Wrong: it is only the tools.", "It is only the tools."),
        ("Not quite - check the date.", "Check the date."),
        ("Yes, because it is fast.", "Because it is fast."),
        ("Rightly, she asked first.", "Rightly, she asked first."),
        ("No-one owns it that way.", "No-one owns it that way."),
        ("Correct!", "Correct!"),
    ],
)
def test_author_verdicts_are_not_doubled(feedback: str, shown: str) -> None:
    assert strip_verdict(feedback) == shown


@pytest.mark.parametrize(
    ("value", "tolerance", "shown"),
    [
        (337.249638, 15, "337"),
        (337.249638, 1, "337.2"),
        (12.5, 0.5, "12.5"),
        (12.0, 0.5, "12"),
        (0.123456, 0.0, "0.1235"),
        (2.5, 0.01, "2.5"),
        (-0.0001, 1, "0"),
    ],
)
def test_numbers_are_shown_to_a_sensible_precision(
    value: float, tolerance: float, shown: str
) -> None:
    assert format_number(value, tolerance) == shown


def test_a_script_line_renders_as_on_the_pages() -> None:
    from storecrm.quiz.text import to_html

    out = to_html("Say {say}`好久不见！ / Good to see you again!` and wait.")
    assert out == (
        'Say <span class="say"><span class="say-zh" lang="zh-CN">好久不见！</span> '
        '<span class="say-en">\u201cGood to see you again!\u201d</span></span> and wait.'
    )
    # Escaped first, so a line cannot inject markup.
    assert "<b>" not in to_html("{say}`好。 / <b>OK</b>`")
