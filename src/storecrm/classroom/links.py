"""nbgitpuller links: one per exercise, so a learner's click opens it on the class's hub.

An nbgitpuller link asks the learner's own JupyterLab on the hub to clone (first time) or
update (later) the course repository in their home, then opens one notebook. The learner's
changes are kept: nbgitpuller merges, and never overwrites a file the learner edited.

The repository and branch come from ``_config.yml`` (``repository.url`` and ``branch``,
written once for the whole site); the hub's address is the one thing a trainer sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

import yaml

from storecrm.classroom.source import exercise_notebooks
from storecrm.errors import CommandError

__all__ = [
    "ExerciseLink",
    "Repository",
    "check_hub_url",
    "exercise_links",
    "links_html",
    "links_table",
    "read_repository",
]


@dataclass(frozen=True)
class Repository:
    """The course repository as ``_config.yml`` names it."""

    url: str
    branch: str

    @property
    def folder(self) -> str:
        """The folder nbgitpuller clones into, in the learner's home: the repository's name."""
        return PurePosixPath(urlsplit(self.url).path).name.removesuffix(".git")


@dataclass(frozen=True)
class ExerciseLink:
    """One exercise notebook and the link that opens it on the hub."""

    notebook: str  # path in the repository, e.g. exercises/ex01_first_look.ipynb
    title: str
    url: str


def read_repository(config: Path) -> Repository:
    """``repository.url`` and ``repository.branch`` from the book's ``_config.yml``."""
    try:
        settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise CommandError(f"cannot read {config}", hint="run inside the course folder") from exc
    except yaml.YAMLError as exc:
        raise CommandError(f"{config} is not valid YAML: {exc}") from exc
    repo = settings.get("repository") if isinstance(settings, dict) else None
    url = repo.get("url") if isinstance(repo, dict) else None
    branch = (repo.get("branch") if isinstance(repo, dict) else None) or "main"
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme != "https" or not parts.netloc or not parts.path.strip("/"):
        raise CommandError(
            f"{config}: repository.url is {url!r}, not an https address of a repository",
            hint="write it as repository: url: https://github.com/OWNER/NAME",
        )
    return Repository(url=url.rstrip("/"), branch=str(branch))


def check_hub_url(hub: str) -> str:
    """The hub's address without a trailing slash; a clear error for anything else."""
    parts = urlsplit(hub.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise CommandError(
            f"--hub {hub!r} is not the address of a hub",
            hint="give it as the learners type it, for example https://crm-hub.example.cn",
        )
    return hub.strip().rstrip("/")


def _title(notebook: Path) -> str:
    """The notebook's first heading ("Exercise 1: ..."), else its file name."""
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as exc:  # nbformat raises several types for a broken file
        raise CommandError(f"{notebook} is not a readable notebook: {exc}") from exc
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


def exercise_links(
    root: Path, hub: str, repository: Repository | None = None
) -> list[ExerciseLink]:
    """One nbgitpuller link per exercise notebook in ``root/exercises``.

    Every value in the query is percent-encoded whole (``/`` and ``:`` too), as nbgitpuller's
    own link generator does, so the link survives being pasted into chat apps and e-mails.
    """
    hub = check_hub_url(hub)
    repository = repository or read_repository(root / "_config.yml")
    links = []
    for notebook in exercise_notebooks(root):
        path = notebook.relative_to(root).as_posix()
        query = "&".join(
            f"{key}={quote(value, safe='')}"
            for key, value in (
                ("repo", repository.url),
                ("branch", repository.branch),
                ("targetpath", repository.folder),
                ("urlpath", f"lab/tree/{repository.folder}/{path}"),
            )
        )
        links.append(
            ExerciseLink(path, _title(notebook), f"{hub}/hub/user-redirect/git-pull?{query}")
        )
    return links


def links_table(links: list[ExerciseLink]) -> str:
    """A Markdown table of the links, each shown whole, to copy into a chat or an e-mail."""
    rows = ["| Exercise | Notebook | Link for learners |", "|---|---|---|"]
    for link in links:
        title = link.title.replace("|", r"\|")
        rows.append(f"| {title} | `{link.notebook}` | <{link.url}> |")
    return "\n".join(rows)


def links_html(links: list[ExerciseLink]) -> str:
    """The same links as an HTML table for a page: each link sits on its exercise's title.

    The table stays narrow on a phone, and every link says where it goes, as screen-reader
    users need (eleven links all called "open" would not).
    """
    rows = "".join(
        f'<tr><td><a href="{escape(link.url)}">{escape(link.title)}</a></td>'
        f"<td><code>{escape(link.notebook)}</code></td></tr>"
        for link in links
    )
    return (
        '<table class="table"><thead><tr><th>Exercise (opens on the hub)</th>'
        f"<th>Notebook</th></tr></thead><tbody>{rows}</tbody></table>"
    )
