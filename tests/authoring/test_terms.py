"""One term per concept: no course file uses a word the glossary says not to use.

The glossary's table "Words we do not use" (book/glossary.md) is the list; these tests read
it, check every course source against it, and check Chinese phrases for ASCII punctuation.
Small negative examples show each check can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storecrm.authoring.terms import (
    COURSE_PAGES,
    AvoidedTerm,
    ascii_punctuation_problems,
    avoided_term_problems,
    course_files,
    prose_lines,
    read_avoid_list,
)
from storecrm.errors import CourseError

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "book" / "glossary.md"

#: The terms issue 20 fixed; the table must keep them.
FIXED = {
    "营销同意": "同意接收营销信息",
    "善意补偿": "致歉补偿",
    "会员退出": "会籍失效",
    "会员计划": "会员体系",
    "时限标准": "处理时限",
    "陈列相邻": "关联陈列",
    "大妈": "阿姨",
    "付钱": "收付款",
    "你说我做": "您说我改",
    "客户": "顾客",
}


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])


@pytest.fixture(scope="module")
def avoid_list() -> list[AvoidedTerm]:
    return read_avoid_list(GLOSSARY)


def test_the_glossary_lists_the_fixed_terms(avoid_list: list[AvoidedTerm]) -> None:
    table = {term.avoid: term.use for term in avoid_list}
    for avoid, use in FIXED.items():
        assert table.get(avoid) == use, f"book/glossary.md: '{avoid}' should map to '{use}'"
    kehu = next(term for term in avoid_list if term.avoid == "客户")
    assert "客户关系管理" in kehu.allowed_inside
    assert "客户终身价值" in kehu.allowed_inside


def test_no_course_file_uses_an_avoided_term(avoid_list: list[AvoidedTerm]) -> None:
    problems = [
        f"{_rel(path)}:{p.line}: {p.message}"
        for path in course_files(ROOT)
        for p in avoided_term_problems(path.read_text(encoding="utf-8"), avoid_list)
    ]
    assert not problems, _report(problems)


def test_no_chinese_phrase_in_a_page_uses_ascii_punctuation() -> None:
    problems = [
        f"{_rel(path)}:{p.line}: {p.message}"
        for path in course_files(ROOT, COURSE_PAGES)
        for p in ascii_punctuation_problems(path.read_text(encoding="utf-8"))
    ]
    assert not problems, _report(problems)


# -- the checks themselves, on small examples --------------------------------------------

TERMS = [
    AvoidedTerm("营销同意", "同意接收营销信息"),
    AvoidedTerm("客户", "顾客", ("客户关系管理", "以客户为中心")),
]


def test_an_avoided_term_is_reported_with_its_line_and_replacement() -> None:
    source = "# Page\n\nAsk for {term}`consent <Marketing consent (营销同意)>` first.\n"
    problems = avoided_term_problems(source, TERMS)
    assert [(p.line, p.message) for p in problems] == [
        (3, "'营销同意' is not used in this course: write '同意接收营销信息'")
    ]


def test_a_word_is_allowed_inside_its_terms_of_art_only() -> None:
    fine = "CRM (客户关系管理) is 以客户为中心.\n"
    assert avoided_term_problems(fine, TERMS) == []
    wrong = "CRM (客户关系管理): greet every 客户.\n"
    assert [p.message for p in avoided_term_problems(wrong, TERMS)] == [
        "'客户' is not used in this course: write '顾客'"
    ]


def test_inline_code_may_quote_a_wrong_term_but_a_code_cell_may_not() -> None:
    assert avoided_term_problems("Do not write `营销同意`.\n", TERMS) == []
    cell = '```{code-cell} python\nax.set_title("营销同意 share")\n```\n'
    assert [p.line for p in avoided_term_problems(cell, TERMS)] == [2]


def test_ascii_punctuation_inside_a_chinese_phrase_is_reported() -> None:
    source = "Say it warmly:\n  不着急,您慢慢来。\n"
    problems = ascii_punctuation_problems(source)
    assert [p.line for p in problems] == [2]
    assert "，。？！：；" in problems[0].message


@pytest.mark.parametrize(
    "line",
    [
        "The {term}`CLV <Customer lifetime value (客户终身价值, CLV)>` (客户终身价值, CLV) is",
        "Price ¥12.50 and 满赠. Then the next sentence.",
        "不着急，您慢慢来。",
        'Use `df.groupby("门店").sum()` here.',
    ],
)
def test_english_sentences_and_code_are_not_chinese_phrases(line: str) -> None:
    assert ascii_punctuation_problems(line + "\n") == []


def test_code_blocks_are_skipped_but_prose_directives_are_not() -> None:
    source = (
        "```{code-cell} python\nprint('一,二')\n```\n"
        ":::{note}\nnot fenced by backticks\n:::\n"
        "```{admonition} Key points\n- 好的,谢谢\n```\n"
    )
    assert [number for number, _line in prose_lines(source) if "一" in _line] == []
    assert [p.line for p in ascii_punctuation_problems(source)] == [8]


def test_a_glossary_without_the_table_is_a_course_error(tmp_path: Path) -> None:
    page = tmp_path / "glossary.md"
    page.write_text("# Glossary\n\n## Core terms\n", encoding="utf-8")
    with pytest.raises(CourseError, match="Words we do not use"):
        read_avoid_list(page)
    page.write_text("# Glossary\n\n## Words we do not use\n\n| `营销同意` | |\n", encoding="utf-8")
    with pytest.raises(CourseError, match=r"glossary.md:5: a row needs"):
        read_avoid_list(page)
    with pytest.raises(CourseError, match="file not found"):
        read_avoid_list(tmp_path / "missing.md")
