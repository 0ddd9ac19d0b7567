"""The class lists: one name a line, checked strictly, every problem naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from storecrm.classroom.roster import read_roster
from storecrm.errors import CourseError


def _lists(tmp_path: Path, learners: str, supervisors: str = "zhaomin\n") -> tuple[Path, Path]:
    (tmp_path / "learners.txt").write_text(learners, encoding="utf-8")
    (tmp_path / "supervisors.txt").write_text(supervisors, encoding="utf-8")
    return tmp_path / "learners.txt", tmp_path / "supervisors.txt"


def test_names_comments_and_blank_lines(tmp_path: Path) -> None:
    roster = read_roster(*_lists(tmp_path, "# morning shift\nliwei\n\nwang-fang  # new\n"))
    assert roster.learners == ("liwei", "wang-fang")
    assert roster.everyone == ("liwei", "wang-fang", "zhaomin")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("liwei\nLi Wei\n", "learners.txt line 2: 'Li Wei' is not a valid user name"),
        ("1liwei\n", "'1liwei' is not a valid user name"),
        ("李伟\n", "is not a valid user name"),
        ("a" * 33 + "\n", "is not a valid user name"),
        ("liwei\nliwei\n", "line 2: 'liwei' is listed twice (first on line 1)"),
        ("# nobody yet\n", "lists no learners"),
        ("zhaomin\n", "zhaomin is on both the learners and the supervisors list"),
    ],
)
def test_bad_lists_say_what_and_where(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(CourseError) as info:
        read_roster(*_lists(tmp_path, text))
    assert says in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    learners, _ = _lists(tmp_path, "liwei\n")
    with pytest.raises(CourseError, match=r"the supervisors list .*nope\.txt does not exist"):
        read_roster(learners, tmp_path / "nope.txt")


def test_not_utf8(tmp_path: Path) -> None:
    learners, supervisors = _lists(tmp_path, "liwei\n")
    learners.write_bytes("李伟\n".encode("gbk"))
    with pytest.raises(CourseError, match="is not UTF-8 text"):
        read_roster(learners, supervisors)
