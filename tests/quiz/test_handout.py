"""Paper handouts: lettered options, an answer key page with explanations, seeded versions."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from storecrm.quiz import load_bank, select_questions, write_handout
from storecrm.quiz.handout import find_chromium, handout_html, html_to_pdf
from storecrm.quiz.text import LETTERS


class _Text(HTMLParser):
    """Visible text of the questions part and of the answer key, separately."""

    def __init__(self) -> None:
        super().__init__()
        self.part = "head"
        self.text: dict[str, list[str]] = {"head": [], "questions": [], "key": []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section":
            self.part = "key" if "key" in classes else "questions"

    def handle_data(self, data: str) -> None:
        self.text[self.part].append(data)


def _parts(html: str) -> tuple[str, str]:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.text["questions"]), "".join(parser.text["key"])


@pytest.fixture()
def bank(demo_bank_path: Path):
    return load_bank(path=demo_bank_path)


def test_questions_then_answer_key_on_its_own_page(bank) -> None:
    html = handout_html(bank, list(bank.questions), shuffle=False, seed=0)
    questions, key = _parts(html)
    assert "section.key { break-before: page;" in html
    assert html.index('<section class="key">') > html.index('<ol class="questions">')
    for q in bank.questions:
        assert q.stem.replace("**", "") in questions
        for option in q.options:
            assert option.text in questions
            assert option.feedback in key  # every option's explanation is in the key
            assert option.feedback not in questions  # and never on the learner's sheet
    assert html.count('<span class="box"></span>') == sum(len(q.options) for q in bank.questions)
    assert "Answer: 12.5 yuan" in key and "accept 12 to 13" in key
    assert "$" not in html


def test_key_letters_match_the_printed_option_order(bank) -> None:
    for seed in range(5):
        questions = select_questions(bank, shuffle=True, seed=seed)
        html = handout_html(bank, questions, shuffle=True, seed=seed)
        stated = re.findall(r'<span class="right-answer">Answer: ([a-z, ]+)</span>', html)
        expected = [
            ", ".join(LETTERS[i] for i, o in enumerate(q.options) if o.key in q.answer_keys)
            for q in questions
            if q.is_choice
        ]
        assert stated == expected


def test_same_seed_same_file_two_seeds_two_versions(bank, tmp_path: Path) -> None:
    (a,) = write_handout(bank, tmp_path / "a", shuffle=True, seed=1)
    (b,) = write_handout(bank, tmp_path / "b", shuffle=True, seed=1)
    (c,) = write_handout(bank, tmp_path / "c", shuffle=True, seed=2)
    assert a.name == "module-99-quiz-seed-1.html"
    assert a.read_bytes() == b.read_bytes()
    assert _parts(a.read_text("utf-8"))[0] != _parts(c.read_text("utf-8"))[0]
    assert "Version 1" in a.read_text("utf-8") and "Version 2" in c.read_text("utf-8")


def test_unshuffled_handout_name_and_label(bank, tmp_path: Path) -> None:
    (path,) = write_handout(bank, tmp_path)
    assert path.name == "module-99-quiz.html"
    assert "Standard version" in path.read_text("utf-8")


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium (make system-deps)")
def test_pdf_is_printed_with_chromium(bank, tmp_path: Path) -> None:
    _, pdf = write_handout(bank, tmp_path, shuffle=True, seed=4, pdf=True)
    assert pdf == tmp_path / "module-99-quiz-seed-4.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 2  # questions + answer key


def test_missing_chromium_is_one_clear_sentence(
    bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORECRM_CHROMIUM", str(tmp_path / "no-such-browser"))
    (html,) = write_handout(bank, tmp_path)
    with pytest.raises(RuntimeError, match="Chromium is not installed"):
        html_to_pdf(html, tmp_path / "x.pdf")
