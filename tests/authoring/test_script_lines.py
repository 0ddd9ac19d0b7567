"""Every line staff say is a ``{say}`` line with both languages, in every course source.

(a) every ``{say}`` line passes :func:`script_line_problems`; (b) no Chinese sentence sits
outside ``{say}``; (c) every cell of a table's "Say" column holds a ``{say}`` line. Each
failure names file:line. The small examples at the end show each check can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storecrm.authoring.say import find_script_lines, script_line_problems
from storecrm.authoring.scripts import FIX_HINT, say_column_problems, unmarked_script_lines
from storecrm.authoring.terms import COURSE_PAGES, course_files

ROOT = Path(__file__).resolve().parents[2]
#: Pages, plus quiz banks and role-play scenarios (their choices quote staff lines too).
SOURCES = (*COURSE_PAGES, "chapters/*/quiz.yml", "src/storecrm/widgets/scenarios/*.yml")


def _files() -> list[Path]:
    return list(course_files(ROOT, SOURCES))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems[:80])


def test_the_course_has_script_lines() -> None:
    total = sum(len(find_script_lines(p.read_text(encoding="utf-8"))) for p in _files())
    assert total >= 200, f"only {total} {{say}} lines found: is the scan looking at the pages?"


def test_every_say_line_has_both_languages() -> None:
    problems = [
        f"{_rel(path)}:{line.line}: {'; '.join(found)}"
        for path in _files()
        for line in find_script_lines(path.read_text(encoding="utf-8"))
        if (found := script_line_problems(line.zh, line.en))
    ]
    assert not problems, _report(problems)


def test_no_chinese_line_is_left_outside_say() -> None:
    problems = [
        f"{_rel(path)}:{p.line}: {p.text!r}: {p.message}"
        for path in _files()
        for p in unmarked_script_lines(path.read_text(encoding="utf-8"))
    ]
    assert not problems, _report(problems)


def test_every_cell_of_a_say_column_is_a_say_line() -> None:
    problems = [
        f"{_rel(path)}:{p.line}: {p.text[:60]!r}: {p.message}"
        for path in _files()
        for p in say_column_problems(path.read_text(encoding="utf-8"))
    ]
    assert not problems, _report(problems)


# -- the checks themselves, on small examples --------------------------------------------


def test_a_line_missing_its_english_is_found_with_its_line() -> None:
    source = "# Page\n\nGreet: {say}`欢迎光临！`\n"
    (line,) = find_script_lines(source)
    assert line.line == 3
    assert "English half is missing" in script_line_problems(line.zh, line.en)[0]


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("# Page\n\nSay: 不着急，您慢慢来。\n", 3),
        ("Intro\n\n| Step | Words |\n|---|---|\n| Greet | 早上好，欢迎光临！ |\n", 5),
        ('- "Thank you!" 谢谢您\n', 1),
    ],
)
def test_a_chinese_line_outside_say_is_found(source: str, line: int) -> None:
    problems = unmarked_script_lines(source)
    assert [p.line for p in problems] == [line]
    assert FIX_HINT in problems[0].message


@pytest.mark.parametrize(
    "source",
    [
        "A **membership tier** (会员等级) has its own benefits.\n",
        "Say {say}`不着急，您慢慢来。 / Take your time.` and smile.\n",
        "See {term}`consent <Marketing consent (同意接收营销信息)>` first.\n",
        '```{code-cell} python\nprint("谢谢您的光临。")\n```\n',
        "WeChat: **Me** (我) → **Services** (服务) → **Money** (收付款).\n",
        "The *You said, we did* poster (您说我改) by the door.\n",
    ],
)
def test_terms_code_and_say_lines_are_not_unmarked_lines(source: str) -> None:
    assert unmarked_script_lines(source) == []


def test_a_say_column_cell_without_say_is_found() -> None:
    source = (
        "| Step | You say | Why |\n|---|---|---|\n"
        "| Greet | {say}`欢迎光临！ / Welcome!` | Warm |\n"
        '| Pay | "That\'s ¥12.50." | Clear |\n'
        "| Wait | — | Nothing to say |\n"
        "\n| Step | Do |\n|---|---|\n| Greet | Smile |\n"
    )
    problems = say_column_problems(source)
    assert [(p.line, p.text) for p in problems] == [(4, '"That\'s ¥12.50."')]
    assert "column 2" in problems[0].message


def test_a_slash_inside_a_say_line_does_not_split_the_cell() -> None:
    source = "| Step | Say |\n|---|---|\n| Pay | {say}`扫这里。 / Scan here | there.` |\n"
    assert say_column_problems(source) == []
