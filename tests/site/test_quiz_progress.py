"""Quiz progress kept in the learner's browser, as a learner and a trainer meet it.

A learner answers on a module's quiz page, comes back later (a reload), sees their progress on
the quizzes page, saves a results file, and the trainer's command reads that file. Forget my
answers clears it all. The expected answers come from the bank, so the test follows the
questions as authors change them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storecrm.cli import main
from storecrm.quiz import load_bank

pytestmark = pytest.mark.site

MODULE = 1
QUIZ_PAGE = "chapters/01_crm_basics/quiz.html"
QUIZZES = "book/quizzes.html"


def _row_text(page: object) -> str:
    row = page.locator(f'table.sq-progress tr[data-module="{MODULE}"]')  # type: ignore[attr-defined]
    return " ".join(row.inner_text().split())


def test_progress_survives_a_reload_round_trips_and_resets(
    browser_page: object, site_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = browser_page
    bank = load_bank(MODULE)
    index, q = next(
        (i, q) for i, q in enumerate(bank.questions) if q.type in ("single", "scenario")
    )
    wrong = next(i for i, o in enumerate(q.options) if o.key not in q.answer_keys)
    right = next(i for i, o in enumerate(q.options) if o.key in q.answer_keys)

    page.goto(site_url + QUIZ_PAGE)  # type: ignore[attr-defined]
    page.wait_for_selector("div.Quiz", timeout=10_000)  # type: ignore[attr-defined]
    buttons = page.locator("div.Quiz").nth(index).locator("label.MCButton")  # type: ignore[attr-defined]
    buttons.nth(wrong).click()  # a wrong first try ...
    buttons.nth(right).click()  # ... then the right one: still wrong at the first try
    page.wait_for_function(  # type: ignore[attr-defined]
        "(id) => (JSON.parse(localStorage.getItem('storecrm-quiz-progress-v1') || '{}')"
        ".answers || {})[id]?.tries === 2",
        arg=q.id,
    )

    page.reload()  # type: ignore[attr-defined]
    page.goto(site_url + QUIZZES)  # type: ignore[attr-defined]
    page.wait_for_selector("table.sq-progress", timeout=10_000)  # type: ignore[attr-defined]
    assert _row_text(page).endswith(f"1 of {len(bank.questions)} 0")
    assert "1 answers are kept" in page.inner_text(".sq-progress-status")  # type: ignore[attr-defined]

    page.fill("#sq-learner-name", "Li Na")  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click(".sq-progress-download")  # type: ignore[attr-defined]
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["learner"] == "Li Na"
    assert data["answers"][q.id]["first_right"] is False
    assert data["answers"][q.id]["objective"] == q.objective
    # The trainer's command reads the file the browser wrote.
    capsys.readouterr()
    assert main(["quiz", "results", str(saved)]) == 0
    assert q.objective in capsys.readouterr().out

    page.on("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]
    page.click(".sq-progress-reset")  # type: ignore[attr-defined]
    assert _row_text(page).endswith(f"0 of {len(bank.questions)} –")
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector("table.sq-progress")  # type: ignore[attr-defined]
    assert "No answers are kept" in page.inner_text(".sq-progress-status")  # type: ignore[attr-defined]
