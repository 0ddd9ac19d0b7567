"""The ``{programme}`` directive: a programme's overview, one day's timetable, or the list.

Usage in a MyST page::

    ```{programme} induction-week
    :part: overview
    ```

    ## Monday: Welcome and the service flow

    ```{programme} induction-week
    :day: Monday
    ```

    ```{programme}
    :part: list
    ```

``{kit-contents}`` lists every page of the ``_toc.yml`` part that holds the current page
(nested as in the table of contents), so the trainer's kit index links each page of the kit,
including pages added later, one click away.

The programmes are loaded and checked (:func:`~storecrm.trainers.programmes.load_programmes`)
on every page that uses the directive, so a broken reference stops the build with the
programme, day and block in the message; the page depends on ``programmes.yml`` and is
rebuilt when it changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storecrm.errors import CourseError

__all__ = ["part_contents_myst", "setup"]

PARTS = ("overview", "day", "list")


def _directive() -> type:
    from docutils import nodes
    from docutils.parsers.rst import directives
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    from storecrm.quiz.bank import find_project_root
    from storecrm.trainers.programmes import BookIndex, default_source, load_programmes
    from storecrm.trainers.render import day_myst, overview_myst, programmes_table_myst

    class ProgrammeDirective(SphinxDirective):
        """Render part of a programme from ``programmes.yml`` as MyST, parsed in place."""

        optional_arguments = 1
        option_spec = {  # noqa: RUF012
            "part": lambda value: directives.choice(value, PARTS),
            "day": directives.unchanged_required,
        }

        def run(self) -> list[Any]:
            root = find_project_root(Path(self.env.srcdir))
            self.env.note_dependency(str(default_source()))
            part = self.options.get("part", "day" if "day" in self.options else "overview")
            try:
                programmes = load_programmes(root)
                book = BookIndex(root)
                if part == "list":
                    text = programmes_table_myst(programmes)
                else:
                    if not self.arguments:
                        raise CourseError(f"part '{part}' needs a programme id",
                                          hint="Write ```{programme} induction-week")  # fmt: skip
                    by_id = {p.id: p for p in programmes}
                    programme = by_id.get(self.arguments[0])
                    if programme is None:
                        raise CourseError(f"no programme '{self.arguments[0]}'",
                                          hint=f"Use one of: {', '.join(by_id)}")  # fmt: skip
                    if part == "overview":
                        text = overview_myst(programme)
                    else:
                        day = programme.day(self.options.get("day", programme.days[0].name))
                        text = day_myst(programme, day, book, self.env.docname)
            except CourseError as exc:
                raise self.error(str(exc)) from None
            container = nodes.container(classes=["programme", f"programme-{part}"])
            self.state.nested_parse(StringList(text.splitlines()), self.content_offset, container)
            return [container]

    return ProgrammeDirective


def part_contents_myst(toc: Any, docname: str) -> str:
    """A nested MyST list of every page in the ``_toc.yml`` part holding ``docname``.

    Raises :class:`CourseError` when no part holds the page.
    """

    def entries(items: Any, depth: int) -> list[str]:
        lines = []
        for item in items or []:
            name = str(item.get("file", "")).removesuffix(".md").removesuffix(".ipynb")
            if name and name != docname:
                lines.append(f"{'  ' * depth}- {{doc}}`/{name}`")
            lines += entries(item.get("sections"), depth + (1 if name != docname else 0))
        return lines

    def holds(items: Any) -> bool:
        return any(
            str(i.get("file", "")).removesuffix(".md") == docname or holds(i.get("sections"))
            for i in items or []
        )

    for part in (toc or {}).get("parts", []):
        if holds(part.get("chapters")):
            return "\n".join(entries(part.get("chapters"), 0)) + "\n"
    raise CourseError(f"no part of _toc.yml holds {docname}", table="_toc.yml")


def _contents_directive() -> type:
    import yaml
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    from storecrm.quiz.bank import find_project_root

    class KitContentsDirective(SphinxDirective):
        """``{kit-contents}``: links to every other page of this page's part of the book."""

        def run(self) -> list[Any]:
            toc = find_project_root(Path(self.env.srcdir)) / "_toc.yml"
            self.env.note_dependency(str(toc))
            try:
                text = part_contents_myst(yaml.safe_load(toc.read_text("utf-8")),
                                          self.env.docname)  # fmt: skip
            except CourseError as exc:
                raise self.error(str(exc)) from None
            container = nodes.container(classes=["kit-contents"])
            self.state.nested_parse(StringList(text.splitlines()), self.content_offset, container)
            return [container]

    return KitContentsDirective


def setup(app: Any) -> dict[str, Any]:
    """Register the ``programme`` and ``kit-contents`` directives."""
    app.add_directive("programme", _directive())
    app.add_directive("kit-contents", _contents_directive())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
