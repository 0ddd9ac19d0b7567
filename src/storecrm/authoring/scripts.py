"""Find script lines that are not written with the ``{say}`` role.

:mod:`storecrm.authoring.say` checks a ``{say}`` line for both languages; that only helps if
every script line *is* a ``{say}`` line. These checks find the ones that slipped through: a
Chinese sentence typed as plain text (it has no English, and a test of ``{say}`` lines
would never see it), and a cell in a table's "Say" column with no ``{say}`` in it.

A Chinese *term* in parentheses after its English, **membership tier** (会员等级), is not a
script line: it has no sentence-final mark and no 您, and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storecrm.authoring.terms import prose_lines

__all__ = ["FIX_HINT", "ScriptProblem", "say_column_problems", "unmarked_script_lines"]

#: What the author should do with a line these checks find.
FIX_HINT = "wrap it in {say}`中文 / English`"

_CJK = "\u3400-\u9fff"
_ROLE_RE = re.compile(r"\{say\}`[^`]*`")
_OTHER_ROLE_RE = re.compile(r"\{[a-z:-]+\}`[^`]*`")
_INLINE_CODE_RE = re.compile(r"(`+)[^`\n]*?\1")
# A parenthesised aside without a sentence-final mark is a term, not a line: (会员等级).
_TERM_IN_PARENS_RE = re.compile(r"[(（][^()（）。！？]*[)）]")
# A run of Chinese text, with the punctuation and digits a spoken line can contain.
_CHINESE_RUN_RE = re.compile(rf"[{_CJK}“‘][{_CJK}，、；：“”‘’·…—¥0-9.%A-Za-z ]*[。！？]?")
# Header cells that say the column holds what staff say.
_SAY_HEADER_RE = re.compile(r"\b(?:say|says|said|saying|script|scripts)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ScriptProblem:
    """A script line found outside ``{say}``, at a 1-based line, with what is wrong."""

    line: int
    text: str
    message: str


def _looks_spoken(run: str) -> bool:
    chinese = len(re.findall(rf"[{_CJK}]", run))
    return "您" in run or (chinese >= 4 and run.rstrip().endswith(("。", "！", "？")))


def unmarked_script_lines(source: str) -> list[ScriptProblem]:
    """Chinese sentences in a page's prose that are not inside a ``{say}`` role.

    A sentence is at least four Chinese characters ending in 。！？, or any Chinese text
    with 您 (staff say 您 to a customer). Code, other roles' text ({term}, {doc}) and terms
    in parentheses are skipped.
    """
    problems = []
    for number, line in prose_lines(source):
        text = _ROLE_RE.sub(" ", line)
        text = _OTHER_ROLE_RE.sub(" ", text)
        text = _INLINE_CODE_RE.sub(" ", text)
        text = _TERM_IN_PARENS_RE.sub(" ", text)
        for match in _CHINESE_RUN_RE.finditer(text):
            run = match.group(0).strip()
            if _looks_spoken(run):
                problems.append(
                    ScriptProblem(number, run, f"Chinese line outside {{say}}: {FIX_HINT}")
                )
    return problems


def _cells(row: str) -> list[str]:
    # A "|" inside a role or code span is not a column break.
    protected = _INLINE_CODE_RE.sub(lambda m: m.group(0).replace("|", "\0"), row)
    return [cell.strip().replace("\0", "|") for cell in protected.strip().strip("|").split("|")]


def say_column_problems(source: str) -> list[ScriptProblem]:
    """Cells of a "Say" / "You say" / "Script" column that hold no ``{say}`` line.

    An empty cell (or a dash) is allowed: some steps have nothing to say.
    """
    problems = []
    lines = prose_lines(source)
    columns: list[int] = []
    for index, (number, line) in enumerate(lines):
        if not line.lstrip().startswith("|"):
            columns = []
            continue
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if re.fullmatch(r"\s*\|[\s:|-]+\|?\s*", following) and not columns:
            columns = [i for i, cell in enumerate(_cells(line)) if _SAY_HEADER_RE.search(cell)]
            continue
        if re.fullmatch(r"\s*\|[\s:|-]+\|?\s*", line):
            continue
        cells = _cells(line)
        for column in columns:
            cell = cells[column] if column < len(cells) else ""
            if cell.strip("*_ —–-") and "{say}`" not in cell:
                problems.append(
                    ScriptProblem(
                        number,
                        cell,
                        f"column {column + 1} is what staff say but this cell has no {{say}}:"
                        f" {FIX_HINT}",
                    )
                )
    return problems
