"""The set-up's checks and its dry run (no root needed; the real run is test_separation)."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from storecrm.classroom import Layout, plan_setup
from storecrm.classroom.roster import Roster
from storecrm.classroom.source import project_root
from storecrm.cli import main
from storecrm.errors import CourseError

ROSTER = Roster(("crmt-nobody-a", "crmt-nobody-b"), ("crmt-nobody-s",))


@pytest.fixture
def prefix() -> Iterator[Path]:
    """An empty prefix other users can pass through, like / (pytest's tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="crmt-plan-"))
    try:
        folder.chmod(0o755)
        for parent in folder.parents:
            if not parent.stat().st_mode & 0o001:
                pytest.skip(f"{parent} is closed to other users on this machine")
        yield folder
    finally:
        shutil.rmtree(folder)


def test_the_plan_names_every_step_and_changes_nothing(prefix: Path) -> None:
    plan = plan_setup(ROSTER, root=project_root(), layout=Layout(prefix))
    text = "\n".join(step.text for step in plan.steps)
    for user in ROSTER.everyone:
        assert f"create user {user}" in text
        assert f"private home {prefix}/home/{user} (mode 0700)" in text
    assert "root:crm-supervisors, folders 0750, files 0640" in text
    assert "jupyterhub_config.py" in text
    assert list(prefix.iterdir()) == []


def test_a_prefix_others_cannot_enter_is_refused(prefix: Path) -> None:
    closed = prefix / "closed"
    closed.mkdir(mode=0o700)
    with pytest.raises(
        CourseError, match=r"other users cannot pass through .*closed \(mode 0700\)"
    ):
        plan_setup(ROSTER, root=project_root(), layout=Layout(closed))


def test_a_system_account_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="'daemon' is a system account"):
        plan_setup(Roster(("daemon",), ()), root=project_root(), layout=Layout(tmp_path))


@pytest.mark.parametrize("marker", [None, "{}", "not json"])
def test_data_must_be_an_import(tmp_path: Path, marker: str | None) -> None:
    data = tmp_path / "export"
    data.mkdir()
    if marker is not None:
        (data / "import-metadata.json").write_text(marker, encoding="utf-8")
    with pytest.raises(CourseError, match="is not a folder written by `storecrm data import`"):
        plan_setup(ROSTER, root=project_root(), layout=Layout(tmp_path), data=data)


def test_the_servers_own_copy_is_refused_as_data(prefix: Path) -> None:
    layout = Layout(prefix)
    copy = layout.data_dir / "store-import"
    copy.mkdir(parents=True)
    (copy / "import-metadata.json").write_text('{"storecrm_import": 1}', encoding="utf-8")
    with pytest.raises(CourseError, match="is already in the server's store-data folder"):
        plan_setup(ROSTER, root=project_root(), layout=layout, data=copy)


def test_missing_data_folder(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match=r"store data folder .* does not exist"):
        plan_setup(ROSTER, root=project_root(), layout=Layout(tmp_path), data=tmp_path / "no")


def test_dry_run_command(tmp_path: Path, prefix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "l.txt").write_text("crmt-nobody-a\n", encoding="utf-8")
    (tmp_path / "s.txt").write_text("crmt-nobody-s\n", encoding="utf-8")
    data = tmp_path / "import"
    data.mkdir()
    (data / "import-metadata.json").write_text(json.dumps({"storecrm_import": 1}), "utf-8")
    before = sorted(prefix.iterdir())
    args = ["classroom", "setup", "--learners", str(tmp_path / "l.txt"),
            "--supervisors", str(tmp_path / "s.txt"), "--data", str(data),
            "--prefix", str(prefix), "--dry-run"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Dry run:" in out and "nothing changed" in out
    assert f"copy the store's imported data {data}" in out
    assert sorted(prefix.iterdir()) == before


def test_bad_roster_through_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "l.txt").write_text("Li Wei\n", encoding="utf-8")
    args = ["classroom", "setup", "--learners", str(tmp_path / "l.txt"),
            "--supervisors", str(tmp_path / "s.txt"), "--dry-run"]  # fmt: skip
    assert main(args) == 1
    assert "line 1: 'Li Wei' is not a valid user name" in capsys.readouterr().err
