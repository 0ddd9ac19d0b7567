"""Reading times computed from the text, at one stated speed.

A new hire reading on a phone between shifts needs an honest time: a page that says "about
20 minutes a day" when the week's pages take twice that loses their trust. So every time the
course states for reading is computed here from the page's own prose, at one speed, and the
landing page, the how-to page, the module pages and the path pages all call this module
(through the ``{readtime}`` role, :mod:`storecrm.authoring.track_pages`).

What counts as prose: the Markdown text of a page, tables, admonition titles and the words
of links and roles (both halves of a ``{say}`` line). What does not: front matter, code
cells and other code blocks, directive option lines, comments, labels, URLs and HTML tags.
Results of code cells (tables, figures) are not counted: they are not in the source.

The speed: :data:`WORDS_PER_MINUTE` English words a minute, a pace for adults reading
English as a second language on a phone (first-language adults read non-fiction silently at
about 238 words a minute: Brysbaert, 2019, *Journal of Memory and Language* 109). A Chinese
character counts as :data:`CHINESE_CHARACTER_WORDS` of a word: native readers read about 255
characters a minute (Trauzettel-Klosinski & Dietz, 2012, IReST, *Investigative Ophthalmology
& Visual Science* 53), and 150 / 255 is about 0.6. A quiz takes
:data:`SECONDS_PER_QUESTION` seconds a question (read the situation, choose, read the
feedback). Every stated time rounds up to whole minutes, and a module's or a path's time is
the sum of its pages' times, so the numbers a reader sees always add up.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from storecrm.authoring.tracks import TocEntry, load_tracks, page_source, toc_entries
from storecrm.errors import CourseError

__all__ = [
    "CHINESE_CHARACTER_WORDS",
    "SECONDS_PER_QUESTION",
    "WORDS_PER_MINUTE",
    "PageTime",
    "count_words",
    "minutes_for_words",
    "module_time",
    "page_time",
    "path_times",
    "prose_of",
    "quiz_minutes",
    "quiz_module",
]

#: The one reading speed of the course, in English words a minute.
WORDS_PER_MINUTE = 150
#: How much of an English word one Chinese character counts as (150 / 255, rounded).
CHINESE_CHARACTER_WORDS = 0.6
#: Time for one quiz question: read the situation, choose an answer, read the feedback.
SECONDS_PER_QUESTION = 60

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
_OPTION = re.compile(r"^:[\w-]+:")
# Directives whose body is code or markup, not prose a reader reads.
_CODE_DIRECTIVES = ("code-cell", "code-block", "code", "raw", "math", "toctree", "eval-rst")
_COMMENT = re.compile(r"^\s*(%|\(.+\)=\s*$|\+\+\+)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ROLE = re.compile(r"\{[\w:-]+\}`([^`]*)`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"<[^>]+>")
_SUBSTITUTION = re.compile(r"\{\{[^}]*\}\}")
_WORD = re.compile(r"[A-Za-z0-9¥]+(?:[.,'’][A-Za-z0-9]+)*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_QUIZ_CALL = re.compile(r"^show_quiz\(module=(\d+)\)\s*$", re.MULTILINE)


def _role_text(match: re.Match[str]) -> str:
    text = match.group(1)
    # {doc}`words <target>` shows the words; {term}`Term <Entry>` likewise.
    return text.split("<", 1)[0] if "<" in text and text.rstrip().endswith(">") else text


def _markdown_prose(text: str) -> str:
    """The prose of a MyST Markdown source (see the module docstring for what counts)."""
    text = _FRONT_MATTER.sub("", text, count=1)
    text = _HTML_COMMENT.sub("", text)
    kept: list[str] = []
    closing: list[tuple[str, bool]] = []  # open fences: (fence, is code)
    options_next = False
    for line in text.splitlines():
        stripped = line.strip()
        match = _FENCE.match(stripped)
        if closing and closing[-1][1]:  # inside code: wait for the closing fence
            if match and stripped.startswith(closing[-1][0]) and not match.group("info"):
                closing.pop()
            continue
        if match:
            fence, info = match.group("fence"), match.group("info")
            if closing and fence.startswith(closing[-1][0]) and not info:
                closing.pop()
                continue
            name = info[1 : info.find("}")] if info.startswith("{") else ""
            is_code = (not info.startswith("{") and fence[0] != ":") or name in _CODE_DIRECTIVES
            closing.append((fence, is_code))
            if not is_code:
                kept.append(info[info.find("}") + 1 :] if name else "")
                options_next = True
            continue
        if options_next and _OPTION.match(stripped):
            continue
        options_next = False
        if _COMMENT.match(line):
            continue
        kept.append(line)
    prose = "\n".join(kept)
    prose = _ROLE.sub(_role_text, prose)
    prose = _LINK.sub(r"\1", prose)
    prose = _URL.sub(" ", prose)
    prose = _TAG.sub(" ", prose)
    return _SUBSTITUTION.sub(" value ", prose)


def prose_of(path: Path) -> str:
    """The prose a reader reads on a page: a MyST ``.md`` file or a notebook's Markdown cells.

    Raises
    ------
    CourseError
        When the file cannot be read or a notebook is not valid JSON.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CourseError(f"cannot read it ({exc.strerror})", table=str(path)) from exc
    if Path(path).suffix == ".ipynb":
        try:
            cells = json.loads(text)["cells"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CourseError("is not a notebook file", table=str(path)) from exc
        text = "\n\n".join(
            "".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown"
        )
    return _markdown_prose(text)


def count_words(prose: str) -> float:
    """English words plus Chinese characters at :data:`CHINESE_CHARACTER_WORDS` of a word."""
    return len(_WORD.findall(prose)) + CHINESE_CHARACTER_WORDS * len(_CJK.findall(prose))


def minutes_for_words(words: float) -> int:
    """Whole minutes at :data:`WORDS_PER_MINUTE`, rounded up (at least 1 for any text)."""
    return math.ceil(words / WORDS_PER_MINUTE) if words > 0 else 0


def quiz_minutes(questions: int) -> int:
    """Whole minutes for a quiz of ``questions`` questions, rounded up."""
    return math.ceil(questions * SECONDS_PER_QUESTION / 60)


def quiz_module(path: Path) -> int | None:
    """The module number a quiz page shows in full (``show_quiz(module=N)``), if it is one."""
    try:
        match = _QUIZ_CALL.search(Path(path).read_text(encoding="utf-8"))
    except OSError:
        return None
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class PageTime:
    """The computed time of one page: its words, and minutes of reading or of quiz."""

    docname: str
    words: float
    minutes: int
    questions: int = 0

    @property
    def is_quiz(self) -> bool:
        """A quiz page: its minutes come from its number of questions."""
        return self.questions > 0


def page_time(root: Path, docname: str) -> PageTime:
    """The time one page takes: reading at the course's speed, or its quiz's questions.

    Raises
    ------
    CourseError
        When the page has no source file, or its quiz bank cannot be read.
    """
    path = page_source(root, docname)
    if path is None:
        raise CourseError(
            "has no .md or .ipynb source", table=docname, hint="Check the name in _toc.yml"
        )
    module = quiz_module(path)
    if module is not None:
        from storecrm.quiz.bank import load_bank

        questions = len(load_bank(module, root=Path(root), resolve=False).questions)
        return PageTime(docname, 0.0, quiz_minutes(questions), questions)
    words = count_words(prose_of(path))
    return PageTime(docname, words, minutes_for_words(words))


def _children(entries: list[TocEntry], docname: str) -> list[str]:
    """Every page under ``docname`` in the toc, at any depth, in toc order.

    A lesson split into units nests its later units under its first one, so a module's
    time must count grandchildren too.
    """
    under = {docname}
    found = []
    for entry in entries:  # toc order: a parent always comes before its children
        if entry.parent in under:
            under.add(entry.docname)
            found.append(entry.docname)
    return found


def module_time(root: Path, index: str, track: str | None = None) -> tuple[int, int]:
    """A module's (reading minutes, quiz minutes): its index page and pages under it in the toc.

    With ``track``, only the pages on that track count (a new hire's first week reads a
    module's frontline pages; its data pages are on the supervisor path).

    Raises
    ------
    CourseError
        When ``index`` is not a page of ``_toc.yml``.
    """
    entries = toc_entries(root)
    if index not in {e.docname for e in entries}:
        raise CourseError("is not a page in _toc.yml", table=index)
    pages = [index, *_children(entries, index)]
    if track is not None:
        tracks = load_tracks(root)
        pages = [d for d in pages if tracks.track_of(d) == track]
    times = [page_time(root, d) for d in pages]
    reading = sum(t.minutes for t in times if not t.is_quiz)
    return reading, sum(t.minutes for t in times if t.is_quiz)


def path_times(root: Path, track: str) -> list[PageTime]:
    """The pages of one track in reading order, each with its computed time."""
    entries = toc_entries(root)
    tracks = load_tracks(root)
    return [page_time(root, d) for d in tracks.pages(track, entries)]
