"""One tiny Sphinx HTML build for the extension tests, with only the warnings that matter.

Several tests build a small book in one pytest process. From the second build on, Sphinx
warns that its own node classes are "already registered": noise about the test process, not
about the pages. Every test that asserts "no warnings" must ignore exactly that and nothing
else, so the filter lives here once.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

__all__ = ["build_html"]


def build_html(src: Path, work: Path) -> tuple[Path, str]:
    """Build ``src`` (a folder with ``conf.py``) into ``work/out``; return it and the warnings."""
    log = work / "warnings.txt"
    with log.open("w", encoding="utf-8") as stream:
        app = Sphinx(
            str(src),
            str(src),
            str(work / "out"),
            str(work / "doctrees"),
            "html",
            status=None,
            warning=stream,
            freshenv=True,
        )
        app.build()
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    return work / "out", "".join(x for x in lines if "is already registered" not in x)
