"""Training programmes (induction week, workshops, the supervisors' data day) as checked data.

Why: a timetable typed by hand into a page goes wrong quietly: a block that overlaps the next,
a day that no longer adds up to its stated length, a link to a role-play card that was renamed.
So each programme lives in ``programmes.yml`` beside this module, and :func:`load_programmes`
checks it against the book before any page or printable shows it:

- the blocks of a day follow each other with no gap and no overlap, from the day's start to its
  end, and the day's minutes equal its stated ``total_minutes``;
- a ``read`` block lasts at least as long as its pages take at the course's one reading speed
  (:func:`storecrm.authoring.reading_time.page_time`), so a morning's timetable never asks
  a new hire to read forty minutes of pages in twenty;
- every page is in ``_toc.yml`` and on disk, every job aid is a Playbook page, every role-play
  card is a heading (or a "Card A" line) on its trainer page, every quiz and exercise exists,
  and every huddle day has questions in the shift-huddle plan.

A problem raises :class:`ProgrammeError` naming the programme, the day and the block.
:mod:`storecrm.trainers.render` turns the checked programmes into MyST for the pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from storecrm.authoring.reading_time import page_time
from storecrm.authoring.tracks import TocEntry, toc_entries
from storecrm.errors import CourseError

__all__ = [
    "KINDS",
    "Block",
    "BookIndex",
    "Day",
    "Programme",
    "ProgrammeError",
    "default_source",
    "load_programmes",
    "parse_programmes",
]

#: What a block is; the page shows it as a word in the activity column.
KINDS: tuple[str, ...] = (
    "talk",
    "read",
    "floor",
    "role-play",
    "quiz",
    "exercise",
    "huddle",
    "break",
)
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_REFERENCE_FIELDS = ("pages", "playbook", "roleplays", "quizzes", "exercises", "huddle")


class ProgrammeError(CourseError):
    """A programme is wrong: a bad time, a gap or overlap, or a reference to nothing."""


def default_source() -> Path:
    """The programmes file shipped with the package (``storecrm/trainers/programmes.yml``)."""
    return Path(str(resources.files("storecrm.trainers").joinpath("programmes.yml")))


def clock(minutes: int) -> str:
    """``570`` → ``"09:30"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duration(minutes: int) -> str:
    """``210`` → ``"3 h 30 min"``; ``45`` → ``"45 min"``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


@dataclass(frozen=True)
class Block:
    """One timed activity: when, what, and what it uses from the book."""

    start: int
    end: int
    activity: str
    kind: str
    what: str = ""
    pages: tuple[str, ...] = ()
    playbook: tuple[str, ...] = ()
    roleplays: tuple[str, ...] = ()
    quizzes: tuple[int, ...] = ()
    exercises: tuple[str, ...] = ()
    huddle: int | None = None

    @property
    def minutes(self) -> int:
        """Length of the block."""
        return self.end - self.start

    @property
    def times(self) -> str:
        """``"09:00–09:30"``."""
        return f"{clock(self.start)}–{clock(self.end)}"


@dataclass(frozen=True)
class Day:
    """One day of a programme (a one-day workshop has one)."""

    name: str
    title: str
    start: int
    end: int
    total_minutes: int
    blocks: tuple[Block, ...]
    checks: tuple[str, ...]

    @property
    def heading(self) -> str:
        """The day's heading on its page and its printable agenda."""
        return f"{self.name}: {self.title}"


@dataclass(frozen=True)
class Programme:
    """A programme: who it is for, what they can do after it, what to bring, and its days."""

    id: str
    title: str
    short: str
    audience: str
    outcomes: tuple[str, ...]
    materials: tuple[str, ...]
    days: tuple[Day, ...]

    @property
    def total_minutes(self) -> int:
        """All days together, breaks included."""
        return sum(d.total_minutes for d in self.days)

    @property
    def docname(self) -> str:
        """The programme's page, as in ``_toc.yml``."""
        return f"book/trainers/programmes/{self.id}"

    def day(self, name: str) -> Day:
        """The day called ``name`` (e.g. ``"Monday"``)."""
        for d in self.days:
            if d.name == name:
                return d
        raise ProgrammeError(
            f"programme '{self.id}' has no day '{name}'",
            hint=f"Use one of: {', '.join(d.name for d in self.days)}",
        )


# ---------------------------------------------------------------------------- parsing
class _Where:
    """Builds a :class:`ProgrammeError` that names the file, programme, day and block."""

    def __init__(self, source: str, programme: str = "", day: str = "", block: str = "") -> None:
        self.source, self.programme, self.day, self.block = source, programme, day, block

    def at(self, *, programme: str = "", day: str = "", block: str = "") -> _Where:
        return _Where(
            self.source, programme or self.programme, day or self.day, block or self.block
        )

    def error(self, problem: str, hint: str | None = None) -> ProgrammeError:
        place = [f"programme '{self.programme}'"] if self.programme else []
        place += [f"day '{self.day}'"] if self.day else []
        place += [f"block {self.block}"] if self.block else []
        prefix = ", ".join(place)
        return ProgrammeError(f"{prefix}: {problem}" if prefix else problem,
                              table=self.source, hint=hint)  # fmt: skip


def _text(raw: Mapping[str, Any], key: str, where: _Where, *, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise where.error(f"'{key}' must be a non-empty text", hint=f"Write {key}: ...")
    return " ".join(value.split())


def _texts(raw: Mapping[str, Any], key: str, where: _Where, *, required: bool = True) -> tuple:
    value = raw.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value:
        raise where.error(f"'{key}' must be a list with at least one item")
    for item in value:
        if not isinstance(item, str | int) or isinstance(item, bool) or str(item).strip() == "":
            raise where.error(f"'{key}' has an empty or unreadable item {item!r}")
    return tuple(" ".join(str(v).split()) if isinstance(v, str) else v for v in value)


def _clock(raw: Mapping[str, Any], key: str, where: _Where) -> int:
    value = raw.get(key)
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if match is None:
        raise where.error(
            f"'{key}' is {value!r}, not a time", hint='Write it as "HH:MM" in quotes, e.g. "09:30"'
        )
    return int(match[1]) * 60 + int(match[2])


def _unknown(raw: Mapping[str, Any], allowed: Sequence[str], where: _Where) -> None:
    extra = sorted(set(raw) - set(allowed))
    if extra:
        raise where.error(f"unknown key(s) {', '.join(extra)}",
                          hint=f"Allowed: {', '.join(allowed)}")  # fmt: skip


def _block(raw: Any, where: _Where) -> Block:
    if not isinstance(raw, Mapping):
        raise where.error("is not a mapping of start, end, activity, kind, ...")
    allowed = ("start", "end", "activity", "kind", "what", *_REFERENCE_FIELDS)
    _unknown(raw, allowed, where)
    start, end = _clock(raw, "start", where), _clock(raw, "end", where)
    if end <= start:
        raise where.error(f"ends at {clock(end)}, not after it starts at {clock(start)}")
    kind = _text(raw, "kind", where)
    if kind not in KINDS:
        raise where.error(f"kind '{kind}' is unknown", hint=f"Use one of: {', '.join(KINDS)}")
    huddle = raw.get("huddle")
    if huddle is not None and (not isinstance(huddle, int) or isinstance(huddle, bool)):
        raise where.error(f"huddle is {huddle!r}, not a day number")
    quizzes = _texts(raw, "quizzes", where, required=False)
    if any(not isinstance(q, int) for q in quizzes):
        raise where.error(f"quizzes must be module numbers, not {list(quizzes)}")
    block = Block(
        start=start,
        end=end,
        activity=_text(raw, "activity", where),
        kind=kind,
        what=_text(raw, "what", where, required=False),
        pages=tuple(map(str, _texts(raw, "pages", where, required=False))),
        playbook=tuple(map(str, _texts(raw, "playbook", where, required=False))),
        roleplays=tuple(map(str, _texts(raw, "roleplays", where, required=False))),
        quizzes=quizzes,
        exercises=tuple(map(str, _texts(raw, "exercises", where, required=False))),
        huddle=huddle,
    )
    needs = {"role-play": block.roleplays, "quiz": block.quizzes, "exercise": block.exercises,
             "huddle": block.huddle}  # fmt: skip
    if kind in needs and not needs[kind]:
        field_name = {"role-play": "roleplays", "quiz": "quizzes", "exercise": "exercises"}
        raise where.error(f"a {kind} block names no {field_name.get(kind, kind)}")
    if kind == "break" and any(getattr(block, f) for f in _REFERENCE_FIELDS):
        raise where.error("a break uses no pages, cards, quizzes or exercises")
    return block


def _day(raw: Any, where: _Where) -> Day:
    if not isinstance(raw, Mapping):
        raise where.error("is not a mapping of name, title, start, end, blocks, checks")
    name = _text(raw, "name", where)
    where = where.at(day=name)
    _unknown(raw, ("name", "title", "start", "end", "total_minutes", "blocks", "checks"), where)
    start, end = _clock(raw, "start", where), _clock(raw, "end", where)
    total = raw.get("total_minutes")
    if not isinstance(total, int) or isinstance(total, bool) or total <= 0:
        raise where.error(f"total_minutes is {total!r}, not a positive whole number")
    items = raw.get("blocks")
    if not isinstance(items, list) or not items:
        raise where.error("has no blocks")
    blocks = []
    for number, item in enumerate(items, 1):
        label = f"{number}"
        if isinstance(item, Mapping) and item.get("activity"):
            label += f" ('{item['activity']}')"
        blocks.append(_block(item, where.at(block=label)))
    _check_times(start, end, total, blocks, where)
    return Day(name, _text(raw, "title", where), start, end, total, tuple(blocks),
               tuple(map(str, _texts(raw, "checks", where))))  # fmt: skip


def _check_times(start: int, end: int, total: int, blocks: list[Block], where: _Where) -> None:
    """No gaps, no overlaps, from the day's start to its end, adding up to ``total``."""
    expected = start
    for number, block in enumerate(blocks, 1):
        at = where.at(block=f"{number} ('{block.activity}', {block.times})")
        if block.start > expected:
            raise at.error(
                f"leaves a gap of {block.start - expected} min after {clock(expected)}",
                hint="Start each block when the one before ends (add a break block if needed)",
            )
        if block.start < expected:
            raise at.error(
                f"overlaps the block before by {expected - block.start} min "
                f"(that one ends at {clock(expected)})",
                hint="Start each block when the one before ends",
            )
        expected = block.end
    if expected != end:
        raise where.error(
            f"the last block ends at {clock(expected)}, but the day ends at {clock(end)}"
        )
    minutes = sum(b.minutes for b in blocks)
    if minutes != total:
        raise where.error(
            f"the blocks add up to {minutes} min, not the stated total_minutes {total}",
            hint="Correct total_minutes or the times",
        )


def parse_programmes(data: Any, source: str = "programmes.yml") -> list[Programme]:
    """Check the layout and the times of parsed YAML and build the programmes.

    References to the book are not checked here (see :meth:`BookIndex.check`), so this also
    works without a course folder.
    """
    where = _Where(source)
    if not isinstance(data, Mapping) or not isinstance(data.get("programmes"), list):
        raise where.error("has no 'programmes:' list")
    programmes, seen = [], set()
    for number, raw in enumerate(data["programmes"], 1):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
            raise where.error(f"programme {number} has no id")
        pid = raw["id"]
        at = where.at(programme=pid)
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pid):
            raise at.error("the id must be lower-case words joined by '-'")
        if pid in seen:
            raise at.error("the id is used twice")
        seen.add(pid)
        _unknown(raw, ("id", "title", "short", "for", "outcomes", "materials", "days"), at)
        days_raw = raw.get("days")
        if not isinstance(days_raw, list) or not days_raw:
            raise at.error("has no days")
        days = tuple(_day(d, at) for d in days_raw)
        names = [d.name for d in days]
        if len(set(names)) != len(names):
            raise at.error(f"two days share a name: {names}")
        programmes.append(
            Programme(
                id=pid,
                title=_text(raw, "title", at),
                short=_text(raw, "short", at),
                audience=_text(raw, "for", at),
                outcomes=tuple(map(str, _texts(raw, "outcomes", at))),
                materials=tuple(map(str, _texts(raw, "materials", at))),
                days=days,
            )
        )
    return programmes


# ---------------------------------------------------------------------------- the book
def _toc_files(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in ("file", "root") and isinstance(value, str):
                found.append(value)
            else:
                found += _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            found += _toc_files(item)
    return found


def _slug(text: str) -> str:
    """The anchor MyST gives a heading (``myst_heading_anchors``), so links can point at it."""
    from myst_parser.mdit_to_docutils.base import default_slugify

    return default_slugify(text)


@dataclass(frozen=True)
class RoleplayCard:
    """A role-play card: the trainer page it is on, its title, and the anchor to link to."""

    page: str
    title: str
    anchor: str

    @property
    def docname(self) -> str:
        return f"book/trainers/{self.page}"


def _cards_on(page: str, text: str) -> list[RoleplayCard]:
    """Cards on one trainer page.

    ``roleplay-cards.md`` has one ``##`` section per card. A module page has a ``## Role-play``
    section whose cards are ``###`` headings or ``**Card A: "Title"**`` lines; a section with
    neither is one card itself (its title after "Role-play: ").
    """
    if page == "roleplay-cards":
        return [RoleplayCard(page, re.sub(r"^\d+\.\s*", "", h).strip(), _slug(h))
                for h in re.findall(r"^## (.+)$", text, re.MULTILINE)]  # fmt: skip
    match = re.search(r"^## (Role-play[^\n]*)\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    if match is None:
        return []
    heading, body = match[1].strip(), match[2]
    section = _slug(heading)
    cards = [RoleplayCard(page, re.sub(r"^\d+\.\s*", "", h).strip().strip('"“”'), _slug(h))
             for h in re.findall(r"^### (.+)$", body, re.MULTILINE)]  # fmt: skip
    cards += [RoleplayCard(page, t, section)
              for t in re.findall(r'^\*\*Card [A-Z]: "(.+?)"\*\*', body, re.MULTILINE)]  # fmt: skip
    if not cards and ":" in heading:
        title = heading.split(":", 1)[1].strip()
        cards.append(RoleplayCard(page, title[:1].upper() + title[1:], section))
    return cards


@dataclass
class BookIndex:
    """What a programme may refer to, read from a course folder (``_toc.yml`` and files)."""

    root: Path
    _huddles: dict[int, tuple[str, ...]] | None = field(default=None, repr=False)
    _minutes: dict[str, int] = field(default_factory=dict, repr=False)

    @cached_property
    def docnames(self) -> tuple[str, ...]:
        """Every page in ``_toc.yml`` whose source file exists."""
        toc = self.root / "_toc.yml"
        if not toc.is_file():
            raise ProgrammeError(f"no _toc.yml in {self.root}", hint="Pass the course folder")
        files = _toc_files(yaml.safe_load(toc.read_text("utf-8")))
        return tuple(
            f.removesuffix(".md").removesuffix(".ipynb")
            for f in files
            if any((self.root / (f.removesuffix(s) + s)).is_file() for s in (".md", ".ipynb"))
        )

    @cached_property
    def toc(self) -> list[TocEntry]:
        """Every page of ``_toc.yml`` with the page it sits under (lessons and their units)."""
        try:
            return toc_entries(self.root)
        except CourseError as exc:
            raise ProgrammeError(str(exc), hint="Pass the course folder") from exc

    @cached_property
    def quizzes(self) -> dict[int, str]:
        """Module number → its quiz page."""
        found = (re.fullmatch(r"chapters/(\d\d)_[^/]+/quiz", d) for d in self.docnames)
        return {int(m[1]): m[0] for m in found if m}

    @cached_property
    def exercises(self) -> dict[str, str]:
        """``"ex07"`` → ``"exercises/ex07_member_export"`` (the learner's copy)."""
        found = (re.fullmatch(r"exercises/(ex\d\d)_\w+", d) for d in self.docnames)
        return {m[1]: m[0] for m in found if m}

    @cached_property
    def playbook(self) -> dict[str, str]:
        """Job aid name → its page."""
        found = (re.fullmatch(r"book/playbook/([\w-]+)", d) for d in self.docnames)
        return {m[1]: m[0] for m in found if m and m[1] != "index"}

    @cached_property
    def roleplays(self) -> dict[str, RoleplayCard]:
        """``"module-02: Rush hour with a slow payer"`` → the card."""
        cards: dict[str, RoleplayCard] = {}
        for doc in self.docnames:
            if doc.startswith("book/trainers/") and doc.count("/") == 2:
                page = doc.rsplit("/", 1)[1]
                text = (self.root / f"{doc}.md").read_text("utf-8")
                cards.update({f"{page}: {c.title}": c for c in _cards_on(page, text)})
        return cards

    def reading_minutes(self, docname: str) -> int:
        """Computed minutes of one page (reading, or its quiz's questions), cached per page."""
        if docname not in self._minutes:
            self._minutes[docname] = page_time(self.root, docname).minutes
        return self._minutes[docname]

    def _check_reading_time(self, block: Block, where: _Where) -> None:
        """A read block must give its pages at least their computed reading time."""
        needed = sum(self.reading_minutes(p) for p in block.pages)
        if needed > block.minutes:
            times = ", ".join(f"{p.rsplit('/', 1)[-1]} {self.reading_minutes(p)}"
                              for p in block.pages)  # fmt: skip
            raise where.error(
                f"its pages take {needed} min to read ({times}), but the block has only "
                f"{block.minutes} min",
                hint=f"Lengthen the block to at least {needed} min (shorten another block "
                "of the day), or move a page to another read block",
            )

    def huddle_questions(self, day: int) -> tuple[str, ...]:
        """Question ids of one day of the shift-huddle plan (empty when it has none)."""
        if self._huddles is None:
            from storecrm.quiz.bank import load_bank
            from storecrm.quiz.huddles import FRONTLINE_MODULES, plan_huddles

            banks = [load_bank(m, root=self.root) for m in FRONTLINE_MODULES]
            plan = plan_huddles(banks)
            self._huddles = {}
            for h in plan:
                self._huddles[h.day] = (*self._huddles.get(h.day, ()), h.question.id)
        return self._huddles.get(day, ())

    def check(self, programmes: Sequence[Programme], source: str = "programmes.yml") -> None:
        """Raise :class:`ProgrammeError` at the first reference to something not in the book."""
        pages = set(self.docnames)
        for programme in programmes:
            for day in programme.days:
                for number, block in enumerate(day.blocks, 1):
                    where = _Where(source, programme.id, day.name,
                                   f"{number} ('{block.activity}', {block.times})")  # fmt: skip
                    self._check_block(block, pages, where)

    def _check_block(self, block: Block, pages: set[str], where: _Where) -> None:
        def missing(kind: str, name: object, known: Sequence[object], hint: str) -> None:
            close = [k for k in known if str(name).lower()[:6] in str(k).lower()][:3]
            also = f" (did you mean {', '.join(map(str, close))}?)" if close else ""
            raise where.error(f"{kind} '{name}' is not in the book{also}", hint=hint)

        for page in block.pages:
            if page not in pages:
                missing("page", page, sorted(pages), "Use a page name from _toc.yml, no extension")
        if block.kind == "read":
            self._check_reading_time(block, where)
        for name in block.playbook:
            if name not in self.playbook:
                missing("job aid", name, sorted(self.playbook), "Use a book/playbook/ page name")
        for ref in block.roleplays:
            if ref not in self.roleplays:
                missing("role-play card", ref, sorted(self.roleplays),
                        'Write "<trainer page>: <card title>" as the card is headed')  # fmt: skip
        for module in block.quizzes:
            if module not in self.quizzes:
                missing("quiz of module", module, sorted(self.quizzes), "Use a module number")
        for ex in block.exercises:
            if ex not in self.exercises:
                missing("exercise", ex, sorted(self.exercises), "Use an id such as ex07")
        if block.huddle is not None and not self.huddle_questions(block.huddle):
            raise where.error(
                f"huddle day {block.huddle} has no questions in the shift-huddle plan",
                hint="Day 1 has none; use a day from 2 to the plan's last day",
            )


def load_programmes(root: Path, source: Path | None = None) -> list[Programme]:
    """Read, check and return the programmes (see the module docstring for the checks).

    Parameters
    ----------
    root
        The course folder: references are checked against its ``_toc.yml`` and files.
    source
        A programmes file; default :func:`default_source`.
    """
    path = Path(source) if source is not None else default_source()
    name = path.name if source is None else str(path)
    if not path.is_file():
        raise ProgrammeError(f"{path} does not exist", hint="Check the path")
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise ProgrammeError(f"is not valid YAML{line}", table=name) from None
    programmes = parse_programmes(data, name)
    BookIndex(Path(root)).check(programmes, name)
    return programmes
