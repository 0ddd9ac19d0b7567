"""One term per concept: the glossary's "words we do not use" table, and checks against it.

The glossary (``book/glossary.md``) is the one source for terms. Its table "Words we do not
use" lists each wrong or retired Chinese term with the term to write instead, and, for a
word such as ``客户`` that is right inside a few fixed management terms (客户关系管理),
the terms where it stays. Keeping the list in the glossary page itself, rather than in a
file only a test reads, means a writer sees it where they look terms up, and a test checks
every course file against exactly what the reader is told.

The same module checks Chinese punctuation: inside a Chinese phrase, a comma or stop written
in ASCII (``不着急,您慢慢来``) looks wrong to a Chinese reader and breaks line wrapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from storecrm.errors import CourseError

__all__ = [
    "AVOID_HEADING",
    "COURSE_PAGES",
    "COURSE_SOURCES",
    "AvoidedTerm",
    "TermProblem",
    "ascii_punctuation_problems",
    "avoided_term_problems",
    "course_files",
    "prose_lines",
    "read_avoid_list",
]

#: Pages a reader sees: chapters, the book (playbook, trainer's kit, glossary), exercises.
COURSE_PAGES = ("chapters/*/*.md", "book/**/*.md", "exercises/**/*.md")
#: Everything that puts words in front of a reader: pages, quiz banks, exercise notebooks,
#: the data card, and the package (figure labels, role-plays and printables are written by code).
COURSE_SOURCES = (
    *COURSE_PAGES,
    "chapters/*/*.yml",
    "datasets/*.md",
    "exercises/solutions/*.ipynb",
    "src/storecrm/**/*.py",
    "src/storecrm/**/*.yml",
    "src/storecrm/**/*.html",
)

#: The heading of the glossary section that holds the table.
AVOID_HEADING = "## Words we do not use"

_CJK = "\u3400-\u9fff"
# Inline code (`x`) is code, not prose; a MyST role's text ({term}`...`) is prose, so a
# backtick span preceded by "}" is kept.
_INLINE_CODE_RE = re.compile(r"(?<!\})(`+)(?!\s)[^`\n]*?\1")
_FENCE_RE = re.compile(r"^\s*(```+|~~~+)")
# An ASCII mark between two Chinese characters (spaces allowed) is inside a Chinese phrase;
# "(客户终身价值, CLV)" or "does not make it 满赠." is an English sentence and is left alone.
_ASCII_IN_CHINESE_RE = re.compile(rf"[{_CJK}][,.?!:;]\s*[{_CJK}]")


@dataclass(frozen=True)
class AvoidedTerm:
    """One row of the table: a term not to write, what to write, where the word stays right."""

    avoid: str
    use: str
    allowed_inside: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermProblem:
    """One problem found in a file, at a 1-based line."""

    line: int
    message: str


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _unquote(cell: str) -> str:
    return cell.strip().strip("`").strip()


def read_avoid_list(glossary: Path) -> list[AvoidedTerm]:
    """Read the "words we do not use" table from the glossary page.

    Raises
    ------
    CourseError
        If the page, the section or its table is missing, or a row lacks a term or its
        replacement: a check against an empty list would pass whatever the pages say.
    """
    if not glossary.is_file():
        raise CourseError(
            f"{glossary}: file not found", hint="the glossary is book/glossary.md in the repo"
        )
    lines = glossary.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(AVOID_HEADING)), None)
    if start is None:
        raise CourseError(
            f"{glossary}: no section '{AVOID_HEADING}'",
            hint="add it back: Do not write | Write instead | Why | Still correct inside",
        )
    terms = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if line.startswith("#"):
            break
        if not line.startswith("|") or set(line) <= set("|-: ") or line.startswith("| Do not"):
            continue
        cells = _cells(line)
        avoid, use = _unquote(cells[0]), _unquote(cells[1]) if len(cells) > 1 else ""
        if not avoid or not use:
            raise CourseError(
                f"{glossary}:{number}: a row needs the term to avoid and the term to write instead",
                hint="fill in the first two columns",
            )
        inside = cells[3] if len(cells) > 3 else ""
        allowed = tuple(re.findall(rf"[{_CJK}]*{re.escape(avoid)}[{_CJK}]*", inside))
        terms.append(AvoidedTerm(avoid, use, allowed))
    if not terms:
        raise CourseError(f"{glossary}: the table under '{AVOID_HEADING}' has no rows")
    return terms


def course_files(root: Path, patterns: tuple[str, ...] = COURSE_SOURCES) -> list[Path]:
    """The course's files under ``root`` matching ``patterns``, sorted, without build output.

    Raises
    ------
    CourseError
        If nothing matches: a check over no files would pass whatever the course says.
    """
    found = {
        path
        for pattern in patterns
        for path in root.glob(pattern)
        if path.is_file() and not {"_build", ".ipynb_checkpoints"} & set(path.parts)
    }
    if not found:
        raise CourseError(
            f"{root}: no course files match {', '.join(patterns)}",
            hint="run the check from the repository root",
        )
    return sorted(found)


def prose_lines(source: str) -> list[tuple[int, str]]:
    """The lines of a source with code removed: fenced blocks dropped, inline code blanked.

    Line numbers (1-based) are kept so a problem can be reported as ``file:line``.
    """
    out = []
    # Open fences, innermost last, each with whether its body is code. A MyST directive
    # whose body is prose ({note}, {dropdown}, {glossary}) stays prose; a code cell, a
    # ```python block or a bare ``` block is code.
    stack: list[tuple[str, bool]] = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = _FENCE_RE.match(line)
        if match:
            marker = match.group(1)
            rest = line.strip()[len(marker) :].strip()
            top = stack[-1][0] if stack else ""
            if top and not rest and marker[0] == top[0] and len(marker) >= len(top):
                stack.pop()
                continue
            if rest or not stack:
                is_code = not rest.startswith("{") or "code" in rest or "math" in rest
                stack.append((marker, is_code))
                continue
        if any(is_code for _marker, is_code in stack):
            continue
        out.append((number, _INLINE_CODE_RE.sub("", line)))
    return out


def avoided_term_problems(source: str, terms: list[AvoidedTerm]) -> list[TermProblem]:
    """Every use of an avoided term in a source, each naming the term to write.

    Code cells are checked too (a figure's labels are course text); only inline code spans
    are skipped, so a page can quote a wrong term as `营销同意` when it explains the rule.
    """
    problems = []
    for number, raw in enumerate(source.splitlines(), start=1):
        line = _INLINE_CODE_RE.sub("", raw)
        for term in terms:
            text = line
            for allowed in sorted(term.allowed_inside, key=len, reverse=True):
                text = text.replace(allowed, "")
            if term.avoid in text:
                problems.append(
                    TermProblem(
                        number, f"'{term.avoid}' is not used in this course: write '{term.use}'"
                    )
                )
    return problems


def ascii_punctuation_problems(source: str) -> list[TermProblem]:
    """Every ASCII ,.?!:; inside a Chinese phrase of a source's prose (code is skipped)."""
    return [
        TermProblem(
            number,
            f"ASCII punctuation in a Chinese phrase ({match.group(0)!r}):"
            " write ，。？！：； instead",
        )
        for number, line in prose_lines(source)
        for match in _ASCII_IN_CHINESE_RE.finditer(line)
    ]
