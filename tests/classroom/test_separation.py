"""Issue 22.4: on a shared classroom server, people are kept apart by the set-up itself.

This runs the real ``storecrm classroom setup`` steps as root against a temporary prefix,
with real system accounts (two learners, one supervisor, unique names), then acts as each of
them with ``runuser`` and shows what each can and cannot do. Every "cannot" has a matching
"can" (a learner reads their own notebook, the supervisor reads the data), so a set-up that
locked everyone out would fail here too. The accounts, and the groups if this test created
them, are removed afterwards, also when a check fails.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storecrm.classroom import LEARNERS_GROUP, SUPERVISORS_GROUP, Layout, plan_setup
from storecrm.classroom.roster import Roster
from storecrm.classroom.source import project_root

pytestmark = [
    pytest.mark.skipif(
        os.geteuid() != 0,
        reason="creates real system accounts, so it needs root (CI runs as root)",
    ),
    pytest.mark.skipif(
        not (shutil.which("useradd") and shutil.which("runuser")),
        reason="needs useradd and runuser (Debian: passwd and util-linux)",
    ),
]

SECRET = "customer_id,points_balance\nc-1a2b,120\n"


@dataclass
class Server:
    layout: Layout
    learners: tuple[str, str]
    supervisor: str
    data_file: Path
    roster: Roster
    data_source: Path

    def notebook(self, user: str) -> Path:
        return self.layout.home(user) / "exercises" / "ex01_first_look.ipynb"


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def as_user(user: str, *command: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as ``user`` (no shell of root's leaks in: runuser drops every id)."""
    return subprocess.run(
        ["runuser", "-u", user, "--", *command],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
        timeout=30,
    )


def can(user: str, *command: str) -> bool:
    return as_user(user, *command).returncode == 0


def denied(user: str, *command: str) -> bool:
    """True when ``command`` fails for ``user`` because of permissions (not for another reason)."""
    result = as_user(user, *command)
    return result.returncode != 0 and "Permission denied" in result.stderr


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    tag = secrets.token_hex(3)
    learners = (f"crmt-learner1-{tag}", f"crmt-learner2-{tag}")
    supervisor = f"crmt-super-{tag}"
    created_groups = [g for g in (LEARNERS_GROUP, SUPERVISORS_GROUP) if not _group_exists(g)]
    prefix = Path(tempfile.mkdtemp(prefix="crmt-server-", dir="/tmp"))
    prefix.chmod(0o755)  # like / on a real server: others may pass through
    source = Path(tempfile.mkdtemp(prefix="crmt-import-", dir="/tmp"))  # 0700, as import makes
    marker = {"storecrm_import": 1, "files": ["customers.csv", "import-metadata.json"]}
    (source / "import-metadata.json").write_text(json.dumps(marker), encoding="utf-8")
    (source / "customers.csv").write_text(SECRET, encoding="utf-8")
    roster = Roster(learners, (supervisor,))
    layout = Layout(prefix)
    try:
        plan_setup(roster, root=project_root(), layout=layout, data=source).run(echo=lambda _: None)
        yield Server(
            layout=layout,
            learners=learners,
            supervisor=supervisor,
            data_file=layout.data_dir / source.name / "customers.csv",
            roster=roster,
            data_source=source,
        )
    finally:
        for user in (*learners, supervisor):
            try:
                pwd.getpwnam(user)
            except KeyError:
                continue
            subprocess.run(["userdel", user], check=False, capture_output=True)
        for group in created_groups:
            subprocess.run(["groupdel", group], check=False, capture_output=True)
        shutil.rmtree(prefix, ignore_errors=True)
        shutil.rmtree(source, ignore_errors=True)


def test_each_learner_reads_their_own_notebook(server: Server) -> None:
    for learner in server.learners:
        assert can(learner, "cat", str(server.notebook(learner)))
        assert can(learner, "touch", str(server.notebook(learner)))


def test_a_learner_cannot_read_another_learners_notebook(server: Server) -> None:
    first, second = server.learners
    assert denied(first, "cat", str(server.notebook(second)))
    assert denied(first, "ls", str(server.layout.home(second)))
    assert denied(second, "cat", str(server.notebook(first)))


def test_learners_can_neither_list_nor_read_the_store_data(server: Server) -> None:
    for learner in server.learners:
        assert denied(learner, "ls", str(server.layout.data_dir))
        assert denied(learner, "ls", str(server.data_file.parent))
        assert denied(learner, "cat", str(server.data_file))


def test_the_supervisor_reads_the_store_data(server: Server) -> None:
    listing = as_user(server.supervisor, "ls", str(server.data_file.parent))
    assert listing.returncode == 0 and "customers.csv" in listing.stdout
    assert as_user(server.supervisor, "cat", str(server.data_file)).stdout == SECRET


def test_the_supervisor_cannot_change_or_delete_the_store_data(server: Server) -> None:
    folder = server.data_file.parent
    assert denied(server.supervisor, "sh", "-c", f"echo changed >> '{server.data_file}'")
    assert denied(server.supervisor, "rm", "-f", str(server.data_file))
    assert denied(server.supervisor, "touch", str(folder / "new.csv"))
    assert denied(server.supervisor, "mv", str(server.data_file), str(folder / "moved.csv"))
    assert server.data_file.read_text(encoding="utf-8") == SECRET


def test_the_supervisor_cannot_read_a_learners_notebook(server: Server) -> None:
    assert denied(server.supervisor, "cat", str(server.notebook(server.learners[0])))


def test_everyone_reads_the_course_materials_and_nobody_changes_them(server: Server) -> None:
    material = server.layout.course_dir / "exercises" / "ex01_first_look.ipynb"
    for user in (*server.learners, server.supervisor):
        assert can(user, "cat", str(material))
        assert denied(user, "sh", "-c", f"echo changed >> '{material}'")


def test_running_the_setup_again_keeps_a_learners_work(server: Server) -> None:
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


def test_storecrm_data_purge_removes_the_store_data(server: Server) -> None:
    """The page's last step: when the course ends, one command deletes the store's data."""
    from storecrm.data.importing import purge

    result = purge(server.data_file.parent)
    assert "customers.csv" in result.removed and result.left == []
    assert not server.data_file.parent.exists()
    assert server.layout.data_dir.is_dir()  # ready for the next store
