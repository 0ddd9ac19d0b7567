"""The printables step: what it promises per module, and the HTML it cuts from built pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from storecrm.authoring.printables import (
    PRINTABLES_DIR,
    PrintablesError,
    assessment_catalogue,
    catalogue,
    render,
    write_printables,
)
from storecrm.errors import CourseError
from storecrm.quiz.bank import load_all_banks
from storecrm.quiz.handout import handout_html
from storecrm.rules import store_rules

REPO = Path(__file__).resolve().parents[2]
ITEMS = catalogue(REPO)
#: Every module with a quiz bank (chapters/NN_*/quiz.yml): each gets its printables.
MODULES = sorted(b.module for b in load_all_banks(REPO, resolve=False))


def test_every_module_with_a_bank_is_catalogued() -> None:
    assert sorted({i.module for i in ITEMS if i.module is not None}) == MODULES
    # the rest are the programmes' agendas (tests/trainers checks those)
    assert {i.kind for i in ITEMS if i.module is None} == {"agenda"}
    assert len(MODULES) >= 10


def test_every_module_has_handout_key_and_one_page_plans() -> None:
    for module in MODULES:
        kinds = sorted(i.kind for i in ITEMS if i.module == module)
        assert kinds.count("handout") == 2 and kinds.count("key") == 2, module
        plans = [i for i in ITEMS if i.module == module and i.kind == "plan"]
        assert [p.pages for p in plans] == [1, 1]


def test_module_3_has_cards_ticket_and_contacts() -> None:
    kinds = {i.kind for i in ITEMS if i.module == 3}
    assert {"cards", "ticket", "contacts"} <= kinds


def test_cards_follow_the_trainer_pages() -> None:
    with_cards = {i.module for i in ITEMS if i.kind == "cards"}
    for module in MODULES:
        text = (REPO / f"book/trainers/module-{module:02d}.md").read_text("utf-8")
        assert (module in with_cards) == (module == 3 or "\n## Role-play" in text), module


def test_unknown_module_is_a_course_error() -> None:
    with pytest.raises(PrintablesError, match="module 12"):
        catalogue(REPO, [12])


def test_ticket_has_every_channel_and_the_follow_up_rule() -> None:
    ticket = next(i for i in ITEMS if i.kind == "ticket")
    text = render(ticket, site=Path("/nowhere"), root=REPO)
    rules = store_rules()
    for channel in rules.complaints.channels:
        assert channel.name in text
    assert f"Within {rules.complaints.follow_up_days} days" in text
    assert "投诉登记单" in text and "<script" not in text


def test_handout_parts_separate_questions_from_key() -> None:
    bank = load_all_banks(REPO)[0]
    questions = bank.questions
    sheet = handout_html(bank, questions, shuffle=False, seed=0, part="questions")
    key = handout_html(bank, questions, shuffle=False, seed=0, part="key")
    assert "Answer key" not in sheet and "Name:" in sheet
    assert "Answer key" in key and "Name:" not in key
    with pytest.raises(CourseError, match="part must be one of"):
        handout_html(bank, questions, shuffle=False, seed=0, part="answers")


def _fake_site(tmp_path: Path) -> Path:
    """A built site with just the pages the printables cut from."""
    section = (
        '<section id="s{n}"><h2>{title}<a class="headerlink" href="#s{n}">#</a></h2>'
        '<table><tr><th>Minutes</th></tr><tr><td><a href="../x.html">Read</a> 0-5</td></tr>'
        "</table></section>"
    )
    body = "".join(
        section.format(n=n, title=t)
        for n, t in enumerate(["60-minute workshop", "90-minute workshop", "Role-play cards"])
    )
    for module in MODULES:
        page = tmp_path / f"book/trainers/module-{module:02d}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f'<html><body><article class="bd-article"><section><h1>Module {module} plan</h1>'
            f"{body}</section></article><script>x()</script></body></html>"
        )
    from storecrm.trainers.programmes import load_programmes

    for programme in load_programmes(REPO):  # one section per day, as the {programme} page has
        days = "".join(
            f'<section id="d{n}"><h2>{day.name}: {day.heading}</h2><table><tr><td>09:00</td>'
            "</tr></table></section>"
            for n, day in enumerate(programme.days)
        )
        page = tmp_path / f"book/trainers/programmes/{programme.id}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<article class="bd-article"><h1>{programme.title}</h1>{days}</article>')
    cards = '<article class="bd-article"><h1>Cards</h1><section><h2>1. Yoghurt</h2></section>'
    (tmp_path / "book/trainers/roleplay-cards.html").write_text(cards + "</article>")
    steps = tmp_path / "book/playbook/complaint-steps.html"
    steps.parent.mkdir(parents=True)
    steps.write_text(
        '<article class="bd-article"><h1>Job aid: steps</h1><table><thead><tr><th>Step</th>'
        "</tr></thead><tbody><tr><td>1. Receive</td></tr></tbody></table></article>"
    )
    return tmp_path


def test_write_printables_cuts_sections_from_the_built_pages(tmp_path: Path) -> None:
    site = _fake_site(tmp_path)
    written = write_printables(site, REPO, pdf=False, progress=False)
    assert len(written) == len(ITEMS) + len(assessment_catalogue(REPO))
    sheet = (site / PRINTABLES_DIR / "part-2/part-2-assessment-questions.html").read_text("utf-8")
    assert "Part II assessment" in sheet and "Answer key" not in sheet
    plan = (site / PRINTABLES_DIR / "module-02/module-02-plan-90.html").read_text("utf-8")
    assert "Module 2 plan: 90-minute workshop" in plan and "60-minute" not in plan
    assert "headerlink" not in plan and "<a " not in plan and "Read 0-5" in plan
    contacts = (site / PRINTABLES_DIR / "module-03/complaint-contacts.html").read_text("utf-8")
    assert "Name at our store" in contacts and "Phone (电话)" in contacts


def test_write_printables_names_a_missing_page(tmp_path: Path) -> None:
    site = _fake_site(tmp_path)
    (site / "book/trainers/module-05.html").unlink()
    with pytest.raises(PrintablesError, match=r"module-05\.html is missing"):
        write_printables(site, REPO, pdf=False, progress=False)
