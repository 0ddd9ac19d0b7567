"""Module quiz pages in the built site, clicked through in headless Chromium.

Runs against ``_build/html`` with every ``https://`` request blocked, which is how a reader
with no internet (or no kernel) meets the quiz. The expected answers come from the bank
itself, so the test follows the questions as authors change them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storecrm.quiz import Bank, Question, load_bank
from storecrm.quiz.text import strip_verdict

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
# Every module with a bank and a quiz page; module 1's page must be among them.
QUIZ_PAGES = sorted(
    p.parent.relative_to(REPO).as_posix() + "/quiz.html"
    for p in (REPO / "chapters").glob("*/quiz.yml")
    if (p.parent / "quiz.md").is_file()
)


def _plain(text: str) -> str:
    """Bank text as the browser shows it (our small markdown subset removed)."""
    return re.sub(r"\*\*|`", "", strip_verdict(text))


def _first(bank: Bank, *types: str) -> tuple[int, Question]:
    for index, q in enumerate(bank.questions):
        if q.type in types:
            return index, q
    pytest.fail(f"{bank.path} has no question of type {'/'.join(types)}")


def _bank_for(page_path: str) -> Bank:
    folder = REPO / Path(page_path).parent
    module = int(folder.name.split("_", 1)[0])
    return load_bank(module, root=REPO)


def check_quiz_page(page, url: str, bank: Bank) -> None:  # page: playwright Page
    """Open a quiz page and check wrong/right clicks and a numeric answer within tolerance."""
    page.goto(url)
    page.wait_for_selector("div.Quiz", timeout=10_000)
    wrappers = page.locator("div.Quiz")
    assert wrappers.count() == len(bank.questions)

    index, q = _first(bank, "single", "scenario")
    quiz = wrappers.nth(index)
    buttons = quiz.locator("label.MCButton")
    assert buttons.count() == len(q.options)
    feedback = quiz.locator("div.Feedback")

    wrong_at = next(i for i, o in enumerate(q.options) if o.key not in q.answer_keys)
    buttons.nth(wrong_at).click()
    assert "incorrect" in (feedback.get_attribute("class") or "").split()
    shown = " ".join(feedback.inner_text().split())
    assert shown.startswith("Not quite.")
    assert _plain(q.options[wrong_at].feedback)[:40] in shown  # that option's own feedback
    right_at = next(i for i, o in enumerate(q.options) if o.key in q.answer_keys)
    assert f"The right answer is {'abcdefghij'[right_at]}:" in shown

    buttons.nth(right_at).click()
    assert "correct" in (feedback.get_attribute("class") or "").split()
    shown = " ".join(feedback.inner_text().split())
    assert shown.startswith("Correct.")
    assert _plain(q.options[right_at].feedback)[:40] in shown

    numeric = [(i, q) for i, q in enumerate(bank.questions) if q.type == "numeric"]
    if not numeric:
        return
    index, q = numeric[0]
    assert q.value is not None
    quiz = wrappers.nth(index)
    box = quiz.locator("input.Input-text")
    feedback = quiz.locator("div.Feedback")
    outside = q.value + q.tolerance + max(1.0, abs(q.value))
    inside = q.value + q.tolerance / 2
    for typed, verdict in ((outside, "incorrect"), (inside, "correct")):
        box.click()
        box.press_sequentially(f"{typed:.6f}".rstrip("0").rstrip("."))
        box.press("Enter")
        assert verdict in (feedback.get_attribute("class") or "").split(), typed
    assert " ".join(feedback.inner_text().split()).startswith("Correct.")


def test_module_1_has_a_quiz_page() -> None:
    assert "chapters/01_crm_basics/quiz.html" in QUIZ_PAGES


@pytest.mark.parametrize("page_path", QUIZ_PAGES)
def test_quiz_page_gives_feedback_in_the_browser(
    page_path: str, site_url: str, site_dir: Path, browser_page
) -> None:
    if not (site_dir / page_path).is_file():
        pytest.fail(f"{page_path} is missing from the built site")
    check_quiz_page(browser_page, site_url + page_path, _bank_for(page_path))
    assert browser_page.js_errors == []
