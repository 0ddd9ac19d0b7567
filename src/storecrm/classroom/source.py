"""Where the course's own files are: the project folder, its exercises and its settings.

The classroom commands copy learner notebooks and build links from the checkout they run in,
so they look for it next to the package source (an editable install, as ``make setup``
makes) and then in the current folder, the same way :func:`storecrm.data.io.default_dir`
finds the committed data set.
"""

from __future__ import annotations

from pathlib import Path

from storecrm.errors import CommandError

__all__ = ["exercise_notebooks", "project_root"]


def _is_project(folder: Path) -> bool:
    return (folder / "_config.yml").is_file() and (folder / "exercises").is_dir()


def project_root(start: Path | None = None) -> Path:
    """The course folder (with ``_config.yml`` and ``exercises/``).

    ``start`` is checked first when given; otherwise the package source's parents, then the
    current folder and its parents.
    """
    if start is not None:
        if _is_project(start):
            return start.resolve()
        raise CommandError(
            f"{start} is not the course folder (no _config.yml and exercises/ in it)",
            hint="give the folder you cloned the course into",
        )
    for folder in (*Path(__file__).resolve().parents, Path.cwd(), *Path.cwd().parents):
        if _is_project(folder):
            return folder
    raise CommandError(
        "cannot find the course folder (with _config.yml and exercises/)",
        hint="run the command inside the course folder",
    )


def exercise_notebooks(root: Path) -> list[Path]:
    """The learner copies of the exercises (``exercises/*.ipynb``, not the solutions), sorted."""
    notebooks = sorted((root / "exercises").glob("*.ipynb"))
    if not notebooks:
        raise CommandError(
            f"{root / 'exercises'} has no exercise notebooks",
            hint="run `storecrm exercises build` to make the learner copies",
        )
    return notebooks
