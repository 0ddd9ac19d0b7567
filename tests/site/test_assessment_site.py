"""The end-of-part assessment and the certificate, as a learner and a trainer meet them.

A learner answers on a part's page: the question responds like a module quiz, the answer is
kept under the part's own id and the score box counts it; "Start this part again" forgets
that part only. A trainer types a name into the certificate form: it shows as typed (an
HTML-like name is text, not markup) and prints on exactly one A4 page. The expected
questions come from the draw, so the test follows the banks as authors change them.
"""

from __future__ import annotations

import pytest

from storecrm.authoring.playbook import count_pdf_pages
from storecrm.quiz.assessment import draw_assessment, record_id

pytestmark = pytest.mark.site

PART = 1
PAGE = f"book/trainers/assessment/part-{PART}.html"
CERTIFICATE = "book/trainers/assessment/certificate.html"
STORAGE = "storecrm-quiz-progress-v1"
_ANSWERS = f"() => (JSON.parse(localStorage.getItem('{STORAGE}') || '{{}}').answers || {{}})"


def test_an_assessment_question_responds_and_is_kept_apart(
    browser_page: object, site_url: str
) -> None:
    page = browser_page
    test = draw_assessment(PART)
    index, q = next(
        (i, q) for i, q in enumerate(test.questions) if q.type in ("single", "scenario")
    )
    wrong = next(i for i, o in enumerate(q.options) if o.key not in q.answer_keys)
    page.goto(site_url + PAGE)  # type: ignore[attr-defined]
    page.wait_for_selector("div.Quiz", timeout=10_000)  # type: ignore[attr-defined]
    quizzes = page.locator("div.Quiz")  # type: ignore[attr-defined]
    assert quizzes.count() == len(test.questions)
    box = quizzes.nth(index)
    box.locator("label.MCButton").nth(wrong).click()
    feedback = box.locator(".Feedback")
    page.wait_for_function(  # type: ignore[attr-defined]
        "(el) => el.classList.contains('incorrect')", arg=feedback.element_handle()
    )
    assert "Not quite" in feedback.inner_text()
    answers = page.evaluate(_ANSWERS)  # type: ignore[attr-defined]
    assert answers == {
        record_id(PART, q.id): {
            "objective": q.objective,
            "first_right": False,
            "tries": 1,
            "last_right": False,
            "date": answers[record_id(PART, q.id)]["date"],
        }
    }
    status = page.inner_text(".sq-assessment-status")  # type: ignore[attr-defined]
    assert status.startswith(f"Answered 1 of {len(test.questions)}; right at the first try: 0.")
    assert not page.js_errors, page.js_errors  # type: ignore[attr-defined]

    page.evaluate(  # a module quiz answer must survive starting the part again
        f"() => {{ const d = JSON.parse(localStorage.getItem('{STORAGE}'));"
        f" d.answers['m1-q01'] = {{objective: 'm1-o1', first_right: true, tries: 1}};"
        f" localStorage.setItem('{STORAGE}', JSON.stringify(d)); }}"
    )
    page.on("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]
    page.click(".sq-assessment-reset")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    page.wait_for_selector(".sq-assessment-status")  # type: ignore[attr-defined]
    assert list(page.evaluate(_ANSWERS)) == ["m1-q01"]  # type: ignore[attr-defined]


NAME = '<img src=x onerror="window.injected=1">Li <b>Na</b>'


def test_the_certificate_shows_the_name_as_text_and_prints_on_one_a4_page(
    browser_page: object, site_url: str
) -> None:
    page = browser_page
    page.goto(site_url + CERTIFICATE)  # type: ignore[attr-defined]
    page.wait_for_selector(".sq-cert-form")  # type: ignore[attr-defined]
    certificate = page.locator(".sq-certificate")  # type: ignore[attr-defined]

    page.click(".sq-cert-show")  # type: ignore[attr-defined]  # no name yet
    assert "Type the learner's name first" in page.inner_text(".sq-cert-message")  # type: ignore[attr-defined]
    assert not certificate.is_visible()

    page.fill("#sq-cert-name", NAME)  # type: ignore[attr-defined]
    page.select_option("#sq-cert-part", index=1)  # type: ignore[attr-defined]
    page.fill("#sq-cert-trainer", "Zhang Min")  # type: ignore[attr-defined]
    page.fill("#sq-cert-date", "2026-12-07")  # type: ignore[attr-defined]
    page.click(".sq-cert-show")  # type: ignore[attr-defined]
    assert certificate.is_visible()
    assert certificate.locator(".sq-cert-name").inner_text() == NAME
    assert certificate.locator("img, b").count() == 0, "the name was injected as HTML"
    assert page.evaluate("() => window.injected") is None  # type: ignore[attr-defined]
    text = certificate.inner_text()
    assert "Part II" in text and "Zhang Min" in text and "2026-12-07" in text
    assert page.inner_text(".sq-cert-message") == ""  # type: ignore[attr-defined]

    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert certificate.is_visible()
    assert not page.locator(".sq-cert-form").is_visible()  # type: ignore[attr-defined]
    assert not page.locator("article.bd-article h1").first.is_visible()  # type: ignore[attr-defined]
    pdf = page.pdf(format="A4")  # type: ignore[attr-defined]
    assert pdf[:4] == b"%PDF"
    assert count_pdf_pages(pdf) == 1, f"the certificate prints on {count_pdf_pages(pdf)} pages"
    assert not page.js_errors, page.js_errors  # type: ignore[attr-defined]
