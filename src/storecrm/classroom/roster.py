"""The class lists a trainer writes: one system user name per line.

A roster is a plain text file, because a trainer can write it in any editor and check it by
eye: one name per line, blank lines and ``#`` comments ignored. Names become accounts on a
shared server, so they are checked strictly (the rule Debian's ``adduser`` uses) before
anything is created, and every problem names the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from storecrm.errors import CommandError

__all__ = ["NAME_RULE", "Roster", "check_name", "read_roster"]

#: A user name the course creates: lower-case letter first, then letters, digits, - or _.
NAME_RULE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")

_NAME_HINT = (
    "use lower-case letters, digits, - and _, starting with a letter, at most 32 characters "
    "(for example liwei or wang-fang)"
)


@dataclass(frozen=True)
class Roster:
    """The two class lists, checked: learners and supervisors, disjoint, in file order."""

    learners: tuple[str, ...]
    supervisors: tuple[str, ...]

    @property
    def everyone(self) -> tuple[str, ...]:
        """Learners first, then supervisors."""
        return self.learners + self.supervisors


def check_name(name: str, *, where: str) -> str:
    """Return ``name`` if it is a safe user name; raise a CommandError naming ``where``."""
    if not NAME_RULE.fullmatch(name):
        raise CommandError(f"{where}: {name!r} is not a valid user name", hint=_NAME_HINT)
    return name


def _read_names(path: Path, role: str) -> list[str]:
    if not path.is_file():
        raise CommandError(
            f"the {role} list {path} does not exist",
            hint="write one user name per line in a text file and give its path",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path} is not UTF-8 text", hint="save the list as plain UTF-8 text"
        ) from exc
    names: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        where = f"{path} line {number}"
        check_name(name, where=where)
        if name in seen:
            raise CommandError(
                f"{where}: {name!r} is listed twice (first on line {seen[name]})",
                hint="keep one line per person",
            )
        seen[name] = number
        names.append(name)
    return names


def read_roster(learners: Path, supervisors: Path) -> Roster:
    """Read and check both lists.

    Raises
    ------
    CommandError
        A missing or non-UTF-8 file, a bad or repeated name, no learners, or a name on both
        lists (one account cannot be both: a supervisor may read the store's data, a learner
        must not).
    """
    learner_names = _read_names(learners, "learners")
    supervisor_names = _read_names(supervisors, "supervisors")
    if not learner_names:
        raise CommandError(f"{learners} lists no learners", hint="write one user name per line")
    both = sorted(set(learner_names) & set(supervisor_names))
    if both:
        raise CommandError(
            f"{', '.join(both)} is on both the learners and the supervisors list",
            hint="give a supervisor who also does the exercises a second, learner account",
        )
    return Roster(tuple(learner_names), tuple(supervisor_names))
