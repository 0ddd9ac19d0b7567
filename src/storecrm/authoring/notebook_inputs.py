"""Re-execute notebook pages when the data or the package they use changes.

Jupyter Book's execution cache is keyed on a notebook's own code, so after regenerating the
data or changing ``storecrm`` a local build would keep showing old numbers. This Sphinx
extension (``sphinx.extra_extensions`` in ``_config.yml``):

- records every data file and package source file as a dependency of each MyST notebook page,
  so Sphinx re-reads the page when one changes; and
- inserts a hidden (``remove-cell``) code cell carrying a fingerprint of those files, so the
  notebook's hash changes and the cache executes it again.

CI builds from a clean clone and is not affected either way; this is for authors' builds.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

__all__ = ["fingerprint", "input_files", "setup", "stamp_notebook_source"]

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def input_files(root: Path) -> list[Path]:
    """The files every notebook page may read: the data sets and the package's sources."""
    files = [*root.glob("datasets/*/*.csv"), *root.glob("src/storecrm/**/*.py")]
    files += root.glob("src/storecrm/**/*.yml")
    return sorted(p for p in files if p.is_file())


def fingerprint(files: list[Path], root: Path) -> str:
    """A short digest of the files' paths and contents (stable across machines)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stamp_notebook_source(text: str, stamp: str) -> str:
    """Insert a hidden code cell with ``stamp`` right after a MyST notebook's front matter.

    Text that is not a MyST notebook (no front matter with a ``kernelspec``) comes back as is.
    """
    match = _FRONT_MATTER.match(text)
    if not match or "kernelspec" not in match.group(0):
        return text
    cell = (
        "\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        f"# build inputs fingerprint: {stamp}\n```\n"
    )
    return text[: match.end()] + cell + text[match.end() :]


def _on_builder_inited(app: Any) -> None:
    root = Path(app.srcdir)
    files = input_files(root)
    app.env.storecrm_inputs = (files, fingerprint(files, root))


def _on_source_read(app: Any, docname: str, source: list[str]) -> None:
    files, stamp = getattr(app.env, "storecrm_inputs", ([], ""))
    stamped = stamp_notebook_source(source[0], stamp) if stamp else source[0]
    if stamped is not source[0]:
        for path in files:
            app.env.note_dependency(str(path))
        source[0] = stamped


def setup(app: Any) -> dict[str, Any]:
    """Register the hooks."""
    app.connect("builder-inited", _on_builder_inited)
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
