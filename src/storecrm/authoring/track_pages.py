"""Sphinx extension: frontline pages without code, track badges, computed reading times.

Enable with ``sphinx: extra_extensions: [storecrm.authoring.track_pages]`` in ``_config.yml``.
The tracks come from ``book/tracks.yml`` (:mod:`storecrm.authoring.tracks`); a page missing
from it gets no badge and keeps its code (the tracks test catches it).

- **No code on frontline pages.** A new hire reading at the counter needs the result, not the
  pandas that produced it. On every frontline page the build drops each code cell's input and
  keeps its output (tables, figures, numbers), so authors never tag cells by hand; a cell
  that was hidden whole (``hide-cell``) or has no output is dropped. The code stays in the
  source, and supervisor pages still show it.
- **A track badge** under each frontline and supervisor page's title ("Frontline path" /
  "Supervisor path"), linking to that path's page.
- **A unit line** under the badge of every lesson page: its computed reading time and, for a
  lesson split into units (:mod:`storecrm.authoring.lesson_units`), "Unit 2 of 3 of
  <lesson>", so a reader who lands on one unit from a phone knows where they are.
- **``{readtime}`target` ``** renders a time computed by :mod:`storecrm.authoring.reading_time`
  as "about N minutes". Targets: ``page`` (this page) or ``page:DOC``; ``reading``, ``quiz``
  and ``module`` (a module index page's reading, its quiz, both) for this page or ``:DOC``;
  ``path:TRACK``; ``sum:DOC,DOC`` and ``range:DOC,DOC`` (modules' totals added, or lowest to
  highest); ``speed`` and ``per-question`` state the constants. DOC is a docname from the
  book's root, such as ``chapters/01_crm_basics/index``. A module target ending in
  `` @TRACK`` counts only that track's pages (``module:DOC @frontline``).
- **``{track-path}`` directive** (argument: a track): the path's pages in reading order, each
  linked with its computed time, and the path's total.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from storecrm.authoring import reading_time as rt
from storecrm.authoring.lesson_units import is_lesson_page, lesson_place
from storecrm.authoring.tracks import TRACKS_FILE, load_tracks, page_source, toc_entries
from storecrm.errors import CourseError

__all__ = [
    "BADGED_TRACKS",
    "PATH_PAGES",
    "TrackPathDirective",
    "about",
    "readtime_minutes",
    "readtime_role",
    "setup",
    "strip_code_inputs",
]

#: The tracks that get a badge, with the label shown.
BADGED_TRACKS = {"frontline": "Frontline path", "supervisor": "Supervisor path"}
#: Each path's own page (the badge links there).
PATH_PAGES = {"frontline": "book/paths/frontline", "supervisor": "book/paths/supervisor"}


def about(minutes: int) -> str:
    """ "about 1 minute" / "about N minutes"."""
    return f"about {minutes} minute{'' if minutes == 1 else 's'}"


def _docs(spec: str) -> list[str]:
    return [d.strip().strip("/") for d in spec.split(",") if d.strip()]


def _module_total(root: Path, index: str, track: str | None) -> int:
    reading, quiz = rt.module_time(root, index, track)
    return reading + quiz


def _split_track(target: str) -> tuple[str, str | None]:
    """``"module:DOC @frontline"`` -> ``("module:DOC", "frontline")``."""
    target, _sep, track = target.strip().partition(" @")
    return target.strip(), track.strip() or None


def _path(root: Path, track: str) -> list[rt.PageTime]:
    """A path's pages with their times, without the path's own page."""
    return [t for t in rt.path_times(root, track) if t.docname != PATH_PAGES.get(track)]


def readtime_minutes(root: Path, target: str, current: str) -> int:
    """The minutes a ``{readtime}`` target stands for (see the module docstring).

    Raises
    ------
    CourseError
        When the target is unknown or names a page that does not exist.
    """
    target, track = _split_track(target)
    kind, _sep, arg = target.partition(":")
    doc = arg.strip().strip("/") or current
    if kind == "page":
        return rt.page_time(root, doc).minutes
    if kind in ("reading", "quiz", "module"):
        reading, quiz = rt.module_time(root, doc, track)
        return {"reading": reading, "quiz": quiz, "module": reading + quiz}[kind]
    if kind == "path" and arg:
        return sum(t.minutes for t in _path(root, arg.strip()))
    if kind == "sum" and arg:
        return sum(_module_total(root, d, track) for d in _docs(arg))
    raise CourseError(
        f"unknown target {target!r}",
        table="{readtime}",
        hint="Use page, reading, quiz, module (optionally :DOC), path:TRACK, sum:DOC,DOC,"
        " range:DOC,DOC, speed or per-question",
    )


def _readtime_text(root: Path, target: str, current: str) -> str:
    kind, _sep, arg = _split_track(target)[0].partition(":")
    if kind == "speed":
        return (
            f"{rt.WORDS_PER_MINUTE} words a minute (a Chinese character counts as"
            f" {rt.CHINESE_CHARACTER_WORDS} of a word)"
        )
    if kind == "per-question":
        return about(rt.quiz_minutes(1)).removeprefix("about ") + " a question"
    if kind == "range" and arg:
        totals = [_module_total(root, d, _split_track(target)[1]) for d in _docs(arg)]
        low, high = min(totals), max(totals)
        return about(low) if low == high else f"about {low}–{high} minutes"
    return about(readtime_minutes(root, target, current))


def _book_sources(root: Path) -> list[Path]:
    """The files every computed time may read: the toc, the tracks and every page's source."""
    pages = [page_source(root, e.docname) for e in toc_entries(root)]
    return [root / "_toc.yml", root / TRACKS_FILE, *(p for p in pages if p is not None)]


def readtime_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """Render ``{readtime}`target``` as computed text; a bad target is a build error."""
    env = inliner.document.settings.env
    root = Path(env.srcdir)
    try:
        rendered = _readtime_text(root, text, env.docname)
    except CourseError as exc:
        msg = inliner.reporter.error(f"{{readtime}} {text!r}: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    # Other pages' text makes the number: re-read this page when any page of the book changes.
    for path in _book_sources(root):
        env.note_dependency(str(path))
    return [nodes.inline(rendered, rendered, classes=["readtime"])], []


class TrackPathDirective(SphinxDirective):
    """``{track-path} frontline``: the path's pages in order, each with its computed time."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        track = self.arguments[0].strip()
        try:
            times = _path(root, track)
        except CourseError as exc:
            raise self.error(f"track-path {track!r}: {exc}") from exc
        if not times:
            raise self.error(f"track-path {track!r}: no pages on this track in {TRACKS_FILE}")
        lines = []
        for number, page in enumerate(times, 1):
            what = "quiz" if page.is_quiz else "read"
            lines.append(f"{number}. {{doc}}`/{page.docname}`: {about(page.minutes)} ({what})")
            source = page_source(root, page.docname)
            if source is not None:
                self.env.note_dependency(str(source))
        total = sum(t.minutes for t in times)
        lines += ["", f"**In all:** {about(total)}, at {rt.WORDS_PER_MINUTE} words a minute."]
        container = nodes.container(classes=["track-path"])
        self.state.nested_parse(StringList(lines, source=self.env.docname), 0, container)
        return [container]


def strip_code_inputs(doctree: nodes.Node) -> int:
    """Drop code-cell inputs, keep outputs; return how many inputs were dropped.

    A cell hidden whole (``hide-cell``) or left with nothing to show is dropped altogether.
    """
    dropped = 0
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        sources = [c for c in cell.children if c.get("nb_element") == "cell_code_source"]
        for source in sources:
            cell.remove(source)
            dropped += 1
        if cell.get("hide_mode") == "all" or not cell.children:
            cell.parent.remove(cell)
        elif cell.get("hide_mode") in ("input", "input+output"):
            cell["hide_mode"] = "output" if cell["hide_mode"] == "input+output" else None
    return dropped


def _track(app: Any, docname: str) -> str | None:
    try:
        return load_tracks(Path(app.srcdir)).track_of(docname)
    except CourseError:
        return None


def _on_doctree_read(app: Any, doctree: nodes.document) -> None:
    docname = app.env.docname
    track = _track(app, docname)
    if track == "frontline":
        strip_code_inputs(doctree)


def _on_doctree_resolved(app: Any, doctree: nodes.document, docname: str) -> None:
    track = _track(app, docname)
    if track not in BADGED_TRACKS or docname == PATH_PAGES[track]:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children:
        return
    badge = nodes.paragraph(classes=["track-badge", f"track-{track}"])
    label = BADGED_TRACKS[track]
    if PATH_PAGES[track] in app.env.all_docs:
        uri = app.builder.get_relative_uri(docname, PATH_PAGES[track])
        badge += nodes.reference(label, label, refuri=uri, internal=True)
    else:
        badge += nodes.inline(label, label)
    section.insert(1, badge)
    if is_lesson_page(docname):
        section.insert(2, _unit_line(app, docname))


def _unit_line(app: Any, docname: str) -> nodes.paragraph:
    """ "Unit 2 of 3 of <lesson> · about 4 minutes" (just the time for an unsplit lesson)."""
    root = Path(app.srcdir)
    line = nodes.paragraph(classes=["lesson-unit"])
    place = lesson_place(toc_entries(root), docname)
    if place is not None:
        line += nodes.Text(f"Unit {place.number} of {place.count} of ")
        title = app.env.titles[place.lesson].astext() if place.lesson in app.env.titles else ""
        if place.lesson == docname:  # the first unit: its own title, not a link to itself
            line += nodes.emphasis(title, title)
        else:
            uri = app.builder.get_relative_uri(docname, place.lesson)
            line += nodes.reference(title, title, refuri=uri, internal=True)
        line += nodes.Text(" · ")
    line += nodes.Text(about(rt.page_time(root, docname).minutes))
    return line


def setup(app: Any) -> dict[str, Any]:
    """Register the role, the directive and the hooks."""
    app.add_role("readtime", readtime_role)
    app.add_directive("track-path", TrackPathDirective)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("doctree-resolved", _on_doctree_resolved)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
