"""Keep quiz pages in step with their banks in incremental book builds.

A quiz page (``chapters/NN_slug/quiz.md``) does not change when its ``quiz.yml`` does, so
Sphinx would not re-read it and jupyter-cache would hand back the old outputs: the site would
show old questions, and a bank broken after the last build would not fail the build. This
extension, enabled with ``sphinx: extra_extensions: [storecrm.quiz.sphinx_ext]`` in
``_config.yml``:

- records ``quiz.yml`` (and, for banks with ``compute:`` answers, the data files; for banks
  with ``{{ rule }}`` placeholders, the store's rules file) as dependencies of the page,
  so Sphinx re-reads the page when they change; and
- adds a comment with their fingerprint to the cell that calls ``show_quiz``, so the
  notebook's hash changes and jupyter-cache re-executes it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

__all__ = ["bank_dependencies", "setup", "stamp_quiz_source"]

_CALL_RE = re.compile(r"^([ \t]*)(.*\bshow_quiz\()", re.MULTILINE)
_STAMP = "# quiz bank fingerprint:"


def bank_dependencies(page: Path) -> list[Path]:
    """Files whose content a quiz page's output depends on: its bank and maybe the data.

    Returns an empty list for pages that have no ``quiz.yml`` next to them.
    """
    bank = page.with_name("quiz.yml")
    if not bank.is_file():
        return []
    deps = [bank]
    text = bank.read_text(encoding="utf-8")
    if "{{" in text:
        from storecrm.rules import default_rules_path

        deps.append(default_rules_path())
    if "compute:" in text:
        root = next((p for p in page.parents if (p / "_toc.yml").is_file()), None)
        if root is not None:
            deps += sorted((root / "datasets").glob("*/*.csv"))
    return deps


def stamp_quiz_source(text: str, deps: list[Path]) -> str:
    """Put a fingerprint comment of ``deps`` above every ``show_quiz(`` call in ``text``."""
    if not deps:
        return text
    digest = hashlib.sha256()
    for dep in deps:
        digest.update(dep.name.encode())
        digest.update(dep.read_bytes())
    stamp = f"{_STAMP} {digest.hexdigest()[:16]}"
    return _CALL_RE.sub(lambda m: f"{m.group(1)}{stamp}\n{m.group(0)}", text)


def _on_source_read(app: Any, docname: str, source: list[str]) -> None:
    if Path(docname).name != "quiz":
        return
    page = Path(app.env.doc2path(docname))
    deps = bank_dependencies(page)
    for dep in deps:
        app.env.note_dependency(str(dep))
    source[0] = stamp_quiz_source(source[0], deps)


def setup(app: Any) -> dict[str, Any]:
    """Register the source-read hook."""
    app.connect("source-read", _on_source_read)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
