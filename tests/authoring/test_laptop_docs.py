"""The "any laptop" commands in the README and the laptop page are the ones the Makefile runs.

Windows and macOS trainers follow the documented ``uv`` commands instead of ``make``. If the
Makefile changes how it syncs, builds or starts JupyterLab, those instructions would silently
drift; this test reads both and fails when a documented command is not the Makefile's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", REPO / "book" / "how-to-run.md"]
#: The Makefile targets a laptop without make replaces, and the tool each runs.
TARGETS = {".venv/.synced": "sync", "book": "jupyter-book", "lab": "jupyter lab"}


def _variables(makefile: str) -> dict[str, str]:
    found = dict(re.findall(r"^([A-Z_]+) \??:?= (.*)$", makefile, re.MULTILINE))
    # UV is "uv from PATH if present": on a laptop that is simply `uv`.
    found["UV"] = "uv"
    return found


def _expand(line: str, variables: dict[str, str]) -> str:
    while (match := re.search(r"\$\(([A-Z_]+)\)", line)) is not None:
        line = line.replace(match.group(0), variables[match.group(1)])
    return line.strip()


def makefile_commands() -> dict[str, str]:
    """Each target's command, with ``$(RUN)`` and ``$(UV)`` written out as a user types them."""
    text = (REPO / "Makefile").read_text("utf-8")
    variables = _variables(text)
    commands: dict[str, str] = {}
    for target, tool in TARGETS.items():
        recipe = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
        assert recipe, f"Makefile has no target {target}"
        lines = [_expand(x, variables) for x in recipe.group(1).splitlines()]
        matching = [x for x in lines if not x.startswith("@") and tool in x]
        assert len(matching) == 1, f"{target}: expected one '{tool}' command, got {matching}"
        commands[target] = matching[0]
    return commands


def documented_commands(doc: Path) -> set[str]:
    """Every line of every ``bash`` code block of a Markdown file, comments dropped."""
    blocks = re.findall(r"```bash\n(.*?)```", doc.read_text("utf-8"), re.DOTALL)
    return {line.split("#")[0].strip() for block in blocks for line in block.splitlines()}


def test_makefile_commands_are_read_as_a_user_types_them() -> None:
    assert makefile_commands() == {
        ".venv/.synced": "uv sync --locked",
        "book": "uv run --locked jupyter-book build . --builder html",
        "lab": "uv run --locked jupyter lab",
    }


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_docs_give_the_makefile_commands(doc: Path) -> None:
    documented = documented_commands(doc)
    missing = [cmd for cmd in makefile_commands().values() if cmd not in documented]
    assert not missing, f"{doc.name} does not give the Makefile's commands: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_docs_cover_every_system(doc: Path) -> None:
    text = doc.read_text("utf-8")
    for word in ("Windows", "macOS", "Linux", "root", "Chromium", "fonts-noto-cjk"):
        assert word in text, f"{doc.name} never mentions {word}"
