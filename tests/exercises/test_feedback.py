"""Feedback renders as coloured HTML and as plain text with the same words."""

from __future__ import annotations

import pytest

from storecrm.exercises import Feedback, Status, show
from storecrm.exercises.placeholder import ____, is_placeholder, uses_placeholder


@pytest.mark.parametrize(
    ("status", "word"),
    [
        (Status.CORRECT, "Correct"),
        (Status.INCORRECT, "Not quite"),
        (Status.NOT_ATTEMPTED, "Not attempted"),
        (Status.ERROR, "Problem in your code"),
    ],
)
def test_every_status_starts_with_a_word_not_only_a_colour(status: Status, word: str) -> None:
    fb = Feedback(status, "Look at `by_hour`.", title="Task 2, receipts by hour")
    assert str(fb).startswith(f"{word} (Task 2, receipts by hour): ")
    html = fb._repr_html_()
    assert f"<strong>{word} (Task 2, receipts by hour):</strong>" in html
    assert "<code>by_hour</code>" in html
    assert "border-left: 6px solid #" in html


def test_html_escapes_learner_text() -> None:
    fb = Feedback(Status.INCORRECT, "`x` is '<b>'")
    assert "<b>" not in fb._repr_html_()
    assert "&lt;b&gt;" in fb._repr_html_()


def test_code_block_is_shown_in_both_renderings() -> None:
    fb = Feedback(Status.SOLUTION, "One way:", code="x = 1 < 2")
    assert str(fb).endswith("\n\nx = 1 < 2")
    assert "<pre" in fb._repr_html_() and "x = 1 &lt; 2" in fb._repr_html_()


def test_show_prints_plain_text_outside_jupyter(capsys: pytest.CaptureFixture[str]) -> None:
    show(Feedback(Status.CORRECT, "Well done."))
    assert capsys.readouterr().out == "Correct: Well done.\n"


def test_placeholder_detection() -> None:
    assert is_placeholder(____)
    assert is_placeholder([1, ____])
    assert is_placeholder({"a": ____})
    assert not is_placeholder(0)
    assert not is_placeholder(None)
    assert repr(____) == "____"
    assert not ____


def test_uses_placeholder_looks_inside_function_bodies() -> None:
    def starter(customer_id):
        return ____

    def nested(customer_id):
        return [____ for _ in range(2)]

    def written(customer_id):
        return 0.0

    assert uses_placeholder(starter)
    assert uses_placeholder(nested)
    assert not uses_placeholder(written)
    assert not uses_placeholder(len)


def test_line_breaks_survive_in_html() -> None:
    html = Feedback(Status.REFLECTION, "Model.\n\nA good answer:\n- one\n- two")._repr_html_()
    assert "A good answer:<br>- one<br>- two" in html
