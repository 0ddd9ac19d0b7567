"""A provisioned classroom server for the tests that need real accounts (root only).

The fixture runs the real ``storecrm classroom setup`` steps against a temporary prefix with
two learners and one supervisor (unique names), and removes the accounts, the groups if it
created them, and every file afterwards, also when a test fails.
"""

from __future__ import annotations

import contextlib
import grp
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storecrm.classroom import LEARNERS_GROUP, SUPERVISORS_GROUP, Layout, plan_setup
from storecrm.classroom.roster import Roster
from storecrm.classroom.source import project_root

#: What the fake store export holds; a learner must never see it.
SECRET = "customer_id,points_balance\nc-1a2b,120\n"


@dataclass
class Server:
    """The provisioned server: its layout, the accounts and the store data's copy."""

    layout: Layout
    learners: tuple[str, str]
    supervisor: str
    data_file: Path
    roster: Roster
    data_source: Path
    secret: str = SECRET

    def notebook(self, user: str) -> Path:
        return self.layout.home(user) / "exercises" / "ex01_first_look.ipynb"


def kill_processes_of(uid: int) -> None:
    """Stop every process the test account ``uid`` still runs (a hub test's servers), by pid."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:  # the process ended meanwhile
            continue
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(status.parent.name), signal.SIGKILL)


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    if os.geteuid() != 0:
        pytest.skip("creates real system accounts, so it needs root (CI runs as root)")
    if not (shutil.which("useradd") and shutil.which("runuser")):
        pytest.skip("needs useradd and runuser (Debian: passwd and util-linux)")
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
                uid = pwd.getpwnam(user).pw_uid
            except KeyError:
                continue
            kill_processes_of(uid)
            subprocess.run(["userdel", user], check=False, capture_output=True)
        for group in created_groups:
            subprocess.run(["groupdel", group], check=False, capture_output=True)
        shutil.rmtree(prefix, ignore_errors=True)
        shutil.rmtree(source, ignore_errors=True)
