"""The ``{say}`` role: both languages on every script line, in source and in a real build."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from storecrm.authoring.say import find_script_lines, script_line_problems, split_line
from tests.authoring.minibuild import build_html


def test_the_first_spaced_slash_separates_the_halves() -> None:
    assert split_line("我带您过去。 / I'll show you. Aisle 3 / 4.") == (
        "我带您过去。",
        "I'll show you. Aisle 3 / 4.",
    )
    assert split_line("我带您过去。") == ("我带您过去。", "")


@pytest.mark.parametrize(
    ("zh", "en", "expected"),
    [
        ("我带您过去。", "I'll show you the way.", []),
        ("一共¥12.50，您扫这里。", "That's ¥12.50; scan here, please.", []),
        ("", "I'll show you the way.", ["Chinese half is missing"]),
        ("I'll show you", "I'll show you the way.", ["Chinese half is missing"]),
        ("我带您过去.", "I'll show you the way.", ["ASCII punctuation"]),
        ("好的,马上", "Sure, right away.", ["ASCII punctuation"]),
        ("我带您过去。", "", ["English half is missing"]),
        ("我带您过去。", "I'll show you 过去.", ["contains Chinese"]),
    ],
)
def test_problems_name_what_to_fix(zh: str, en: str, expected: list[str]) -> None:
    problems = script_line_problems(zh, en)
    assert len(problems) == len(expected)
    for problem, fragment in zip(problems, expected, strict=True):
        assert fragment in problem


def test_lines_are_found_with_their_line_numbers() -> None:
    source = (
        "Intro\n\n| Step | Say |\n|---|---|\n| 1 | {say}`您好！ / Hello!` |\n\n"
        "Then {say}`再见。 / Bye.`\n"
    )
    lines = find_script_lines(source)
    assert [(s.zh, s.en, s.line) for s in lines] == [("您好！", "Hello!", 5), ("再见。", "Bye.", 7)]


def _build(tmp_path: Path, body: str, conf: str = "") -> tuple[str, str]:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        # myst_nb, as the book uses: a myst_parser-only app in the same process leaves '.md'
        # mapped to a parser the next (myst_nb) app in tests/authoring does not register
        "extensions = ['myst_nb', 'storecrm.authoring.say']\nnb_execution_mode = 'off'\n" + conf,
        encoding="utf-8",
    )
    (src / "index.md").write_text(body, encoding="utf-8")
    out, warnings = build_html(src, tmp_path)
    return (out / "index.html").read_text(encoding="utf-8"), warnings


def test_a_build_marks_the_chinese_for_screen_readers_and_quotes_the_english(
    tmp_path: Path,
) -> None:
    html, warnings = _build(
        tmp_path, "# Page\n\n| Step | Say |\n|---|---|\n| Greet | {say}`欢迎光临！ / Welcome!` |\n"
    )
    assert warnings == ""
    span = BeautifulSoup(html, "html.parser").select_one("td .say")
    assert span is not None
    assert span.select_one(".say-zh")["lang"] == "zh-CN"
    assert span.select_one(".say-zh").get_text() == "欢迎光临！"
    assert span.select_one(".say-en").get_text() == "\u201cWelcome!\u201d"


def test_a_build_reports_a_line_missing_its_english(tmp_path: Path) -> None:
    _html, warnings = _build(tmp_path, "# Page\n\nSay {say}`欢迎光临！`\n")
    assert "English half is missing" in warnings


def test_a_build_fills_store_rule_placeholders_inside_a_line(tmp_path: Path) -> None:
    html, warnings = _build(
        tmp_path,
        "# Page\n\n{say}`排到{{ q }}位，我就开二号台。 / At {{ q }} waiting, I open till 2.`\n",
        conf="myst_substitutions = {'q': '3'}\n",
    )
    # A second Sphinx app in one process warns that nodes are "already registered"; only
    # warnings about the page matter here.
    assert [w for w in warnings.splitlines() if "already registered" not in w] == []
    span = BeautifulSoup(html, "html.parser").select_one(".say")
    assert span is not None
    assert span.select_one(".say-zh").get_text() == "排到3位，我就开二号台。"
    assert span.select_one(".say-en").get_text() == "\u201cAt 3 waiting, I open till 2.\u201d"


def test_a_build_reports_an_unknown_placeholder(tmp_path: Path) -> None:
    _html, warnings = _build(tmp_path, "# Page\n\n{say}`等{{ nope }}分钟。 / Wait {{ nope }}.`\n")
    assert "unknown placeholder nope" in warnings


def test_views_outside_sphinx_draw_a_line_the_same_way() -> None:
    from storecrm.authoring.say import html_with_script_lines

    out = html_with_script_lines("Say {say}`好的。 / <b>OK</b>` & wait.")
    assert out == (
        'Say <span class="say"><span class="say-zh" lang="zh-CN">好的。</span> '
        '<span class="say-en">\u201c&lt;b&gt;OK&lt;/b&gt;\u201d</span></span> &amp; wait.'
    )
