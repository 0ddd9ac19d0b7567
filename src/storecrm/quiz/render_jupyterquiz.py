"""Show a bank as an interactive quiz with ``jupyterquiz`` (JupyterLab and the built book).

jupyterquiz emits one HTML block and one script with the questions embedded, so the quiz
works in the static site with no kernel and no internet. We build its JSON ourselves so that:

- every option carries its own feedback, and a wrong pick also names the right answer;
- ``$`` never reaches it (it would be read as maths);
- numeric answers use a ``range`` (never ``precision``, which breaks at 0);
- the container id is derived from the call, not random, so re-executed notebooks produce the
  same output and nbval stays stable.
"""

from __future__ import annotations

import html
import itertools
import math
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storecrm.quiz.bank import load_bank
from storecrm.quiz.errors import QuizError
from storecrm.quiz.model import Question
from storecrm.quiz.selection import select_questions
from storecrm.quiz.text import LETTERS, format_number, strip_verdict, to_html

__all__ = [
    "INPUT_A11Y_FIX",
    "QUIZ_COLOURS",
    "QUIZ_CSS",
    "display_payload",
    "quiz_payload",
    "show_quiz",
    "to_jupyterquiz",
]

#: Colours with enough contrast for white text on a projector; right/wrong are also said in
#: words, so colour is never the only signal.
QUIZ_COLOURS: dict[str, str] = {
    "--jq-multiple-choice-bg": "#1d3f6e",
    "--jq-many-choice-bg": "#7a3a00",
    "--jq-numeric-bg": "#3d2a6b",
    "--jq-incorrect-color": "#b00020",
    "--jq-correct-color": "#00701a",
}

#: Readability tweaks on top of jupyterquiz's own CSS (16pt centred text is hard to read on a
#: phone): smaller, left-aligned feedback, and the scenario's situation on its own line.
QUIZ_CSS = """<style>
div.Quiz { font-size: 14pt; line-height: 1.3; }
div.Quiz div.Feedback { font-size: 13pt; text-align: left; padding: 4px 10px; }
div.Quiz .sq-situation { display: block; margin-bottom: 0.4em; }
@media only screen and (max-width: 480px) {
  div.Quiz { font-size: 12.5pt; }
  div.Quiz div.Feedback { font-size: 12pt; }
}
</style>"""

#: JupyterLab 4 defines ``window.MathJax`` without ``typeset``; jupyterquiz then throws after
#: every click and tries to fetch MathJax from a CDN. Our banks use no maths, so a no-op
#: ``typeset`` (only where it is missing) keeps the console clean and the quiz offline.
#: It runs again on every click/key press because JupyterLab may create MathJax later.
MATHJAX_SHIM = """(function () {
  if (window.storecrmMathJaxShim) { return; }
  window.storecrmMathJaxShim = true;
  function fix() {
    // Only a loaded MathJax 3 has a version; a page's config object (MathJax still loading)
    // must be left alone.
    if (typeof MathJax !== 'undefined' && MathJax.version && MathJax.version[0] === '3'
        && typeof MathJax.typeset !== 'function') {
      MathJax.typeset = function () {};
    }
  }
  fix();
  // JupyterLab may define MathJax later: fix it again just before jupyterquiz handles input.
  document.addEventListener('click', fix, true);
  document.addEventListener('keydown', fix, true);
})();"""

#: jupyterquiz's answer box for numeric questions has a "Type numeric answer here:" label
#: that is not tied to it (no ``for``), so a screen reader announces an unnamed edit box (axe
#: rule ``label``), and it refuses paste (``onpaste = () => false``), which breaks pasting from
#: a calculator and some input methods and on-screen keyboards. This runs after the quiz is
#: drawn (jupyterquiz may draw it later, on a timer, so new boxes are watched for) and ties
#: each label to its box and lets paste through. Nothing else about the box changes.
INPUT_A11Y_FIX = """(function () {
  function fix() {
    var boxes = document.querySelectorAll('div.Quiz input.Input-text');
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.dataset.storecrmA11y) { continue; }
      box.dataset.storecrmA11y = '1';
      box.onpaste = null;
      var label = box.previousElementSibling;
      if (label && label.tagName === 'LABEL' && box.id) {
        label.htmlFor = box.id;
      } else if (!box.getAttribute('aria-label')) {
        box.setAttribute('aria-label', 'Your answer (a number)');
      }
    }
  }
  fix();
  if (window.storecrmQuizInputObserver) { return; }
  window.storecrmQuizInputObserver = new MutationObserver(fix);
  window.storecrmQuizInputObserver.observe(document.documentElement,
                                           {childList: true, subtree: true});
})();"""

_calls = itertools.count()


def _question_html(q: Question, number: int, record_id: str | None = None) -> str:
    # The bank's id and objective ride on the number, so the site's progress script
    # (book/_static/quiz-progress.js) can record an answer under the question it belongs to.
    # An assessment records under its own id (``record_id``), apart from the self-check.
    number_html = (
        f'<span class="sq-number" data-sq-id="{html.escape(record_id or q.id)}" '
        f'data-sq-objective="{q.objective}">{number}.</span> '
    )
    parts = []
    if q.situation:
        parts.append(
            f'<span class="sq-situation">{number_html}<em>{to_html(q.situation)}</em></span>'
        )
    else:
        parts.append(number_html)
    parts.append(to_html(q.stem))
    if q.type == "multiple":
        parts.append(" <em>(Choose all that apply.)</em>")
    if q.type == "numeric":
        unit = f" ({to_html(q.unit)})" if q.unit else ""
        parts.append(f"<br><small>Type a number{unit} and press Enter.</small>")
    return "".join(parts)


def _quoted(text: str) -> str:
    """Put an option in quotes unless it is already a quotation (scenario replies often are)."""
    return text if text.startswith(("&quot;", "“", "「")) else f"“{text}”"


def _right_answer_html(q: Question) -> str:
    right = [
        f"{LETTERS[i]}: {_quoted(to_html(o.text))}"
        for i, o in enumerate(q.options)
        if o.key in q.answer_keys
    ]
    if len(right) == 1:
        sentence = f" The right answer is {right[0]}"
    else:
        sentence = " The right answers are " + ", ".join(right[:-1]) + f" and {right[-1]}"
    # A quoted reply that already ends a sentence ("... right now.”) needs no extra full stop.
    return sentence if re.search(r"[.!?](&quot;|”)?$", sentence) else sentence + "."


def to_jupyterquiz(q: Question, number: int = 1, *, record_id: str | None = None) -> dict[str, Any]:
    """Convert one question to jupyterquiz's JSON dict (``multiple_choice`` and friends).

    ``record_id`` is the id the site's progress script records the answer under (default:
    the question's id); the end-of-part assessment gives its own, so a learner's assessment
    answers are kept apart from the same question answered on a module's quiz page.
    """
    question = _question_html(q, number, record_id)
    if q.is_choice:
        answers = []
        for i, o in enumerate(q.options):
            correct = o.key in q.answer_keys
            if correct:
                feedback = f"<strong>Correct.</strong> {to_html(strip_verdict(o.feedback))}"
            else:
                feedback = (
                    f"<strong>Not quite.</strong> {to_html(strip_verdict(o.feedback))}"
                    f"{_right_answer_html(q)}"
                )
            text = f'<span class="sq-letter">{LETTERS[i]}.</span> {to_html(o.text)}'
            answers.append({"answer": text, "correct": correct, "feedback": feedback})
        qtype = "many_choice" if q.type == "multiple" else "multiple_choice"
        return {"question": question, "type": qtype, "answers": answers}
    if q.value is None:
        raise ValueError(f"{q.id}: numeric answer not computed yet; load with resolve=True")
    value, tol = q.value, q.tolerance
    slack = 1e-9 * max(1.0, abs(value))  # float noise: 12.0 must count for 12.5 +/- 0.5
    unit = f" {to_html(q.unit)}" if q.unit else ""
    low, high = format_number(value - tol, tol), format_number(value + tol, tol)
    accepted = f" (anything from {low} to {high} counts)" if tol > 0 else ""
    return {
        "question": question,
        "type": "numeric",
        "answers": [
            {
                "type": "range",
                "range": [value - tol - slack, math.nextafter(value + tol + slack, math.inf)],
                "correct": True,
                "feedback": (
                    f"<strong>Correct.</strong> {to_html(strip_verdict(q.feedback_correct or ''))}"
                ),
            },
            {
                "type": "default",
                "feedback": (
                    f"<strong>Not quite.</strong> "
                    f"{to_html(strip_verdict(q.feedback_incorrect or ''))} "
                    f"The answer is {format_number(value, tol)}{unit}{accepted}."
                ),
            },
        ],
    }


def quiz_payload(
    module: int | None = None,
    ids: Sequence[str] | None = None,
    sample: int | None = None,
    seed: int = 0,
    shuffle: bool = False,
    *,
    path: Path | str | None = None,
    root: Path | None = None,
) -> list[dict[str, Any]]:
    """The jupyterquiz JSON list :func:`show_quiz` would display (useful for tests)."""
    bank = load_bank(module, path=path, root=root)
    chosen = select_questions(bank, ids=ids, sample=sample, seed=seed, shuffle=shuffle)
    return [to_jupyterquiz(q, n) for n, q in enumerate(chosen, start=1)]


def show_quiz(
    module: int | None = None,
    ids: Sequence[str] | None = None,
    sample: int | None = None,
    seed: int = 0,
    shuffle: bool = False,
    *,
    path: Path | str | None = None,
    root: Path | None = None,
) -> None:
    """Display a module's self-check quiz (all questions, chosen ones, or a seeded sample).

    Works in JupyterLab (trainers show it on a projector) and in the built book, where the
    questions are embedded in the page. A broken bank raises :class:`QuizError` whose message
    lists ``file: question id: problem``, which fails the book build with that message.

    Parameters
    ----------
    module
        Module number; the bank is ``chapters/NN_*/quiz.yml``.
    ids
        Show only these question ids, in this order.
    sample
        Show this many questions, drawn with ``seed``.
    seed
        Seed for ``sample`` and ``shuffle``.
    shuffle
        Shuffle questions and options (deterministically, with ``seed``).
    path
        Load this bank file instead of the module's (fixtures, drafts).
    root
        Course root; found automatically.
    """
    try:
        payload = quiz_payload(module, ids, sample, seed, shuffle, path=path, root=root)
    except QuizError as exc:
        # Re-raise from here, without the loader's frames, so the message is what people see.
        raise QuizError(exc.problems) from None

    key = f"storecrm-quiz|{module}|{path}|{list(ids or [])}|{sample}|{seed}|{shuffle}"
    display_payload(payload, key)


def display_payload(payload: list[dict[str, Any]], key: str) -> None:
    """Display jupyterquiz questions (from :func:`to_jupyterquiz`) with the course's styling.

    Every quiz on the site goes through here (module quizzes and the end-of-part assessment),
    so they look and behave the same and the progress script records them alike. ``key``
    names the call: jupyterquiz names its container with Python's global random module, so we
    seed it from ``key`` and the page output is the same on every execution.
    """
    from IPython.display import HTML, Javascript, display
    from jupyterquiz import display_quiz  # heavy-ish import only when a quiz is shown

    key = f"{key}|{next(_calls)}"
    display(HTML(QUIZ_CSS))
    display(Javascript(MATHJAX_SHIM))
    state = random.getstate()
    random.seed(key)
    try:
        display_quiz(
            payload,
            shuffle_answers=False,  # order is ours (``shuffle``) so trainers can say "option b"
            shuffle_questions=False,
            max_width=760,
            colors=QUIZ_COLOURS,
        )
    finally:
        random.setstate(state)
    display(Javascript(INPUT_A11Y_FIX))
