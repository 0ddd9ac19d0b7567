"""Issue 22.4: on a shared classroom server, people are kept apart by the set-up itself.

This runs the real ``storecrm classroom setup`` steps as root against a temporary prefix,
with real system accounts (two learners, one supervisor, unique names), then acts as each of
them with ``runuser`` and shows what each can and cannot do. Every "cannot" has a matching
"can" (a learner reads their own notebook, the supervisor reads the data), so a set-up that
locked everyone out would fail here too. The accounts, and the groups if this test created
them, are removed afterwards, also when a check fails.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from storecrm.classroom import plan_setup
from storecrm.classroom.roster import Roster
from storecrm.classroom.source import project_root
from storecrm.errors import CourseError


def as_user(user: str, *command: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as ``user`` (no shell of root's leaks in: runuser drops every id)."""
    return subprocess.run(
        ["runuser", "-u", user, "--", *command],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
        timeout=30,
        env={**os.environ, "LC_ALL": "C"},  # "Permission denied" in English, whatever the locale
    )


def can(user: str, *command: str) -> bool:
    return as_user(user, *command).returncode == 0


def denied(user: str, *command: str) -> bool:
    """True when ``command`` fails for ``user`` because of permissions (not for another reason)."""
    result = as_user(user, *command)
    return result.returncode != 0 and "Permission denied" in result.stderr


def test_each_learner_reads_their_own_notebook(server) -> None:
    for learner in server.learners:
        assert can(learner, "cat", str(server.notebook(learner)))
        assert can(learner, "touch", str(server.notebook(learner)))


def test_a_learner_cannot_read_another_learners_notebook(server) -> None:
    first, second = server.learners
    assert denied(first, "cat", str(server.notebook(second)))
    assert denied(first, "ls", str(server.layout.home(second)))
    assert denied(second, "cat", str(server.notebook(first)))


def test_learners_can_neither_list_nor_read_the_store_data(server) -> None:
    for learner in server.learners:
        assert denied(learner, "ls", str(server.layout.data_dir))
        assert denied(learner, "ls", str(server.data_file.parent))
        assert denied(learner, "cat", str(server.data_file))


def test_the_supervisor_reads_the_store_data(server) -> None:
    listing = as_user(server.supervisor, "ls", str(server.data_file.parent))
    assert listing.returncode == 0 and "customers.csv" in listing.stdout
    assert as_user(server.supervisor, "cat", str(server.data_file)).stdout == server.secret


def test_the_supervisor_cannot_change_or_delete_the_store_data(server) -> None:
    folder = server.data_file.parent
    assert denied(server.supervisor, "sh", "-c", f"echo changed >> '{server.data_file}'")
    assert denied(server.supervisor, "rm", "-f", str(server.data_file))
    assert denied(server.supervisor, "touch", str(folder / "new.csv"))
    assert denied(server.supervisor, "mv", str(server.data_file), str(folder / "moved.csv"))
    assert server.data_file.read_text(encoding="utf-8") == server.secret


def test_the_supervisor_cannot_read_a_learners_notebook(server) -> None:
    assert denied(server.supervisor, "cat", str(server.notebook(server.learners[0])))


def test_everyone_reads_the_course_materials_and_nobody_changes_them(server) -> None:
    material = server.layout.course_dir / "exercises" / "ex01_first_look.ipynb"
    for user in (*server.learners, server.supervisor):
        assert can(user, "cat", str(material))
        assert denied(user, "sh", "-c", f"echo changed >> '{material}'")


def test_running_the_setup_again_keeps_a_learners_work(server) -> None:
    learner = server.learners[0]
    notebook = server.notebook(learner)
    assert can(learner, "sh", "-c", f"echo '# my work' >> '{notebook}'")
    server.data_file.chmod(0o644)  # someone loosened a mode by hand; the re-run repairs it
    plan_setup(
        server.roster, root=project_root(), layout=server.layout, data=server.data_source
    ).run(echo=lambda _: None)
    assert notebook.read_text(encoding="utf-8").endswith("# my work\n")
    assert (server.data_file.stat().st_mode & 0o777) == 0o640
    assert denied(server.learners[1], "cat", str(notebook))


def test_a_link_planted_in_a_home_stops_the_setup(server) -> None:
    """Root must never follow a learner's symbolic link (it could point at /etc)."""
    learner = server.learners[1]
    folder = server.layout.home(learner) / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    target = folder / "docmanager-extension"
    assert can(learner, "sh", "-c", f"rm -r '{target}' && ln -s /etc '{target}'")
    with pytest.raises(CourseError, match="is a symbolic link"):
        plan_setup(server.roster, root=project_root(), layout=server.layout).run(
            echo=lambda _: None
        )
    assert not Path("/etc/plugin.jupyterlab-settings").exists()
    assert can(learner, "rm", str(target))


def test_off_the_supervisors_list_means_off_the_data(server) -> None:
    """A re-run without the supervisor takes their access away at once; back on, it returns."""
    data = server.data_source
    without = Roster(server.learners, ())
    plan_setup(without, root=project_root(), layout=server.layout, data=data).run(
        echo=lambda _: None
    )
    assert denied(server.supervisor, "cat", str(server.data_file))
    plan_setup(server.roster, root=project_root(), layout=server.layout, data=data).run(
        echo=lambda _: None
    )
    assert can(server.supervisor, "cat", str(server.data_file))


def test_storecrm_data_purge_removes_the_store_data(server) -> None:
    """The page's last step: when the course ends, one command deletes the store's data."""
    from storecrm.data.importing import purge

    result = purge(server.data_file.parent)
    assert "customers.csv" in result.removed and result.left == []
    assert not server.data_file.parent.exists()
    assert server.layout.data_dir.is_dir()  # ready for the next store
