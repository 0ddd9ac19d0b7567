"""``storecrm classroom setup``: accounts, private homes and read-only shared folders.

One shared server keeps people apart with ordinary Unix permissions, so the set-up is a short
list of steps anyone can read before it runs (``--dry-run`` prints exactly that list):

- two groups, ``crm-learners`` and ``crm-supervisors``;
- one account per person, with a private home (mode 0700) holding their own copy of the
  exercise notebooks (existing copies are never overwritten: they are the learner's work);
- the course materials in ``/srv/crm-academy/course``, owned by root, readable by everyone;
- a store's imported data in ``/srv/crm-academy/store-data/<name>``, owned by
  root:crm-supervisors, folders 0750 and files 0640: supervisors read it, nobody but root
  changes or deletes it, learners cannot even list it;
- the JupyterHub configuration in ``/etc/crm-academy/jupyterhub_config.py``.

Every step checks the state first, so running the command again repairs modes and adds new
people without touching anyone's work. ``prefix`` moves everything under another folder
(the tests use a temporary one; accounts are still real system accounts).
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template

from storecrm.classroom.roster import Roster
from storecrm.classroom.source import exercise_notebooks
from storecrm.errors import CommandError

__all__ = [
    "LEARNERS_GROUP",
    "SUPERVISORS_GROUP",
    "Layout",
    "Plan",
    "Step",
    "default_proxy",
    "default_singleuser",
    "plan_setup",
    "render_config",
    "unreachable_folder",
]

LEARNERS_GROUP = "crm-learners"
SUPERVISORS_GROUP = "crm-supervisors"
#: The first uid of a person's account on Debian; lower ones are system accounts.
FIRST_PERSON_UID = 1000
#: The file `storecrm data import` writes; its presence marks a folder as an import.
IMPORT_MARKER = "import-metadata.json"


@dataclass(frozen=True)
class Layout:
    """Where everything goes on the server; ``prefix`` is ``/`` in production."""

    prefix: Path = Path("/")

    @property
    def home_root(self) -> Path:
        return self.prefix / "home"

    @property
    def srv(self) -> Path:
        return self.prefix / "srv" / "crm-academy"

    @property
    def course_dir(self) -> Path:
        """Course materials, read-only for everyone."""
        return self.srv / "course"

    @property
    def data_dir(self) -> Path:
        """Stores' imported data: root:crm-supervisors, 0750 / 0640."""
        return self.srv / "store-data"

    @property
    def state_dir(self) -> Path:
        """The hub's database and cookie secret: root only."""
        return self.srv / "hub"

    @property
    def config_file(self) -> Path:
        return self.prefix / "etc" / "crm-academy" / "jupyterhub_config.py"

    def home(self, user: str) -> Path:
        """An existing account keeps its home; a new one gets ``<prefix>/home/<user>``."""
        try:
            return Path(pwd.getpwnam(user).pw_dir)
        except KeyError:
            return self.home_root / user


@dataclass(frozen=True)
class Step:
    """One thing the set-up does, said in words before it is done."""

    text: str
    action: Callable[[], None] = field(repr=False, compare=False)


@dataclass
class Plan:
    """The steps in order, and warnings about things the set-up cannot fix itself."""

    steps: list[Step] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, text: str, action: Callable[[], None]) -> None:
        self.steps.append(Step(text, action))

    def run(self, echo: Callable[[str], None] = print) -> None:
        """Do every step, saying each one; stop at the first that fails."""
        for number, step in enumerate(self.steps, start=1):
            echo(f"[{number}/{len(self.steps)}] {step.text}")
            step.action()


# -- small system helpers ---------------------------------------------------------------


def _command(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise CommandError(
            f"`{' '.join(args)}` failed: {detail[-1] if detail else f'status {result.returncode}'}",
            hint="fix that, then run `storecrm classroom setup` again (it carries on from there)",
        )


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def _user(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _members(group: str) -> set[str]:
    """Names in ``group``: listed members plus accounts whose primary group it is."""
    try:
        entry = grp.getgrnam(group)
    except KeyError:
        return set()
    return set(entry.gr_mem) | {p.pw_name for p in pwd.getpwall() if p.pw_gid == entry.gr_gid}


def _ids(user: str, group: str | None = None) -> tuple[int, int]:
    entry = pwd.getpwnam(user)
    return entry.pw_uid, (grp.getgrnam(group).gr_gid if group else entry.pw_gid)


def _set(path: Path, uid: int, gid: int, mode: int) -> None:
    # Root follows no link a learner may have planted in their home (chmod would follow it).
    if path.is_symlink():
        raise CommandError(
            f"{path} is a symbolic link", hint="remove it, then run the set-up again"
        )
    os.chown(path, uid, gid, follow_symlinks=False)
    os.chmod(path, mode)


def _make_dir(path: Path, uid: int, gid: int, mode: int) -> None:
    """Create ``path`` (parents 0755 root) and set its owner and mode before anything goes in."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
    path.mkdir(exist_ok=True, mode=0o700)
    _set(path, uid, gid, mode)


def _normalise(tree: Path, uid: int, gid: int, dir_mode: int, file_mode: int) -> None:
    """Give every folder and file under ``tree`` one owner and one mode; drop symlinks."""
    for folder, dirs, files in os.walk(tree):
        _set(Path(folder), uid, gid, dir_mode)
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():  # a link could point anywhere: copies hold real files only
                path.unlink()
            elif path.is_file():
                _set(path, uid, gid, file_mode)


def _install_tree(src: Path, dst: Path, uid: int, gid: int, dir_mode: int, file_mode: int) -> None:
    """Copy ``src`` into ``dst`` (replacing files of the same name), then fix modes.

    ``dst`` gets its final, restrictive mode before the first file is copied in, so the data
    is never readable by the wrong people, not even for a moment.
    """
    _make_dir(dst, uid, gid, dir_mode)
    shutil.copytree(src, dst, symlinks=False, dirs_exist_ok=True, copy_function=shutil.copyfile)
    _normalise(dst, uid, gid, dir_mode, file_mode)


def unreachable_folder(path: Path) -> Path | None:
    """The first existing folder on the way to ``path`` that other users cannot pass through."""
    for folder in [*reversed(path.parents), path]:
        if not folder.exists():
            break
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    return None


# -- the configuration ------------------------------------------------------------------


def render_config(layout: Layout, *, singleuser: Path, proxy: Path | str, port: int = 8000) -> str:
    """The JupyterHub configuration file's text for ``layout``.

    The template (``jupyterhub_config.py.tmpl`` in this package) is shown on the classroom
    page; values that depend on the machine are filled in here.
    """
    template = resources.files("storecrm.classroom").joinpath("jupyterhub_config.py.tmpl")
    values = {
        "port": str(port),
        "state_dir": str(layout.state_dir),
        "proxy": str(proxy),
        "singleuser": str(singleuser),
        "learners_group": LEARNERS_GROUP,
        "supervisors_group": SUPERVISORS_GROUP,
    }
    return Template(template.read_text(encoding="utf-8")).substitute(values)


def _write_config(path: Path, text: str) -> None:
    _make_dir(path.parent, 0, 0, 0o755)
    path.write_text(text, encoding="utf-8")
    _set(path, 0, 0, 0o644)


def default_singleuser() -> Path:
    """``jupyterhub-singleuser`` from the environment running this command (the course's)."""
    return Path(sys.prefix) / "bin" / "jupyterhub-singleuser"


def default_proxy(root: Path) -> Path | str:
    """The proxy ``npm ci`` installed in the course folder, else one on PATH."""
    local = root / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return local
    return shutil.which("configurable-http-proxy") or "configurable-http-proxy"


# -- the plan ---------------------------------------------------------------------------


def _check_accounts(roster: Roster) -> None:
    for name in roster.everyone:
        entry = _user(name)
        if entry is not None and entry.pw_uid < FIRST_PERSON_UID:
            raise CommandError(
                f"{name!r} is a system account on this machine (uid {entry.pw_uid})",
                hint="choose another name for that person",
            )


def _check_data(data: Path) -> None:
    if not data.is_dir():
        raise CommandError(
            f"the store data folder {data} does not exist",
            hint="give the --out folder of `storecrm data import`",
        )
    try:
        marker = json.loads((data / IMPORT_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        marker = None
    if not isinstance(marker, dict) or marker.get("storecrm_import") != 1:
        raise CommandError(
            f"{data} is not a folder written by `storecrm data import` (no {IMPORT_MARKER})",
            hint="import the store's export first: storecrm data import MAPPING --out FOLDER",
        )


def _add_person(plan: Plan, layout: Layout, name: str, group: str, notebooks: list[Path],
                settings: Path) -> None:  # fmt: skip
    home = layout.home(name)
    entry = _user(name)
    if entry is None:
        plan.add(
            f"create user {name} in group {group}, home {home}",
            lambda: _command(
                "useradd", "--home-dir", str(home), "--no-create-home", "--user-group",
                "--shell", "/bin/bash", "--groups", group, name,
            ),
        )  # fmt: skip
    elif name not in _members(group):
        plan.add(f"add existing user {name} to group {group}",
                 lambda: _command("usermod", "--append", "--groups", group, name))  # fmt: skip

    def make_home() -> None:
        uid, gid = _ids(name)
        _make_dir(home, uid, gid, 0o700)
        target = home / "exercises"
        _make_dir(target, uid, gid, 0o700)
        for notebook in notebooks:
            copy = target / notebook.name
            if not os.path.lexists(copy):
                shutil.copyfile(notebook, copy)
                _set(copy, uid, gid, 0o600)
        for source in settings.rglob("*") if settings.is_dir() else []:
            copy = home / ".jupyter" / "lab" / "user-settings" / source.relative_to(settings)
            if source.is_dir() or os.path.lexists(copy):
                continue
            # Each folder on the way is checked (a link a learner planted there stops the
            # set-up with a message, rather than root writing wherever it points).
            for folder in reversed(copy.relative_to(home).parents[:-1]):
                _make_dir(home / folder, uid, gid, 0o700)
            shutil.copyfile(source, copy)
            _set(copy, uid, gid, 0o600)

    plan.add(
        f"private home {home} (mode 0700) with {len(notebooks)} exercise notebooks in "
        f"{home / 'exercises'} (copies already there are kept)",
        make_home,
    )


def _drop_former_members(plan: Plan, roster: Roster) -> None:
    """Take people off a group when they are off its list: access ends with the list.

    Someone removed from the supervisors' list must lose the store's data at once. Their
    account and home stay (remove them with ``userdel --remove NAME`` when you are sure).
    """
    for group, names in (
        (LEARNERS_GROUP, roster.learners),
        (SUPERVISORS_GROUP, roster.supervisors),
    ):
        try:
            listed = grp.getgrnam(group).gr_mem
        except KeyError:
            continue
        for name in sorted(set(listed) - set(names)):
            plan.add(
                f"remove {name} from group {group} (no longer on its list; the account stays)",
                lambda n=name, g=group: _command("gpasswd", "--delete", n, g),
            )


def plan_setup(
    roster: Roster,
    *,
    root: Path,
    layout: Layout,
    data: Path | None = None,
    singleuser: Path | None = None,
    proxy: Path | str | None = None,
    port: int = 8000,
) -> Plan:
    """Check everything, then list the steps that set up the server (nothing is changed).

    Raises
    ------
    CommandError
        A name that is a system account, a data folder that is not an import, or a prefix
        other users could not pass through (their homes would be unreachable).
    """
    _check_accounts(roster)
    if data is not None:
        _check_data(data)
        if data.resolve().is_relative_to(layout.data_dir.resolve()):
            raise CommandError(
                f"{data} is already in the server's store-data folder",
                hint="give the folder `storecrm data import` wrote, not the server's copy",
            )
    blocked = unreachable_folder(layout.prefix)
    if blocked is not None:
        raise CommandError(
            f"other users cannot pass through {blocked} (mode "
            f"{stat.S_IMODE(blocked.stat().st_mode):04o}), so nobody could reach a home under it",
            hint=f"choose another --prefix, or chmod o+x {blocked}",
        )
    notebooks = exercise_notebooks(root)
    settings = root / ".jupyter" / "lab" / "user-settings"
    singleuser = singleuser or default_singleuser()
    proxy = proxy or default_proxy(root)
    plan = Plan()
    if not Path(singleuser).exists():
        plan.warnings.append(
            f"{singleuser} does not exist: install the course's environment (make setup) and "
            "run this command with it (uv run --locked storecrm classroom setup ...)"
        )
    else:
        hidden = unreachable_folder(Path(singleuser).resolve()) or unreachable_folder(
            Path(os.path.realpath(Path(singleuser).parent / "python"))
        )
        if hidden is not None:
            plan.warnings.append(
                f"learners cannot pass through {hidden}, which their JupyterLab program "
                f"({singleuser}) needs: put the course and its Python outside /root (see the "
                "classroom page, 'Install the course for everyone')"
            )

    for group in (LEARNERS_GROUP, SUPERVISORS_GROUP):
        if not _group_exists(group):
            plan.add(f"create group {group}", lambda g=group: _command("groupadd", g))
    if not layout.home_root.exists():
        plan.add(f"create {layout.home_root} (mode 0755)",
                 lambda: _make_dir(layout.home_root, 0, 0, 0o755))  # fmt: skip
    for name in roster.learners:
        _add_person(plan, layout, name, LEARNERS_GROUP, notebooks, settings)
    for name in roster.supervisors:
        _add_person(plan, layout, name, SUPERVISORS_GROUP, notebooks, settings)
    _drop_former_members(plan, roster)

    def install_course() -> None:
        _make_dir(layout.srv, 0, 0, 0o755)
        for notebook in notebooks:
            target = layout.course_dir / "exercises"
            _make_dir(target, 0, 0, 0o755)
            shutil.copyfile(notebook, target / notebook.name)
        _normalise(layout.course_dir, 0, 0, 0o755, 0o644)

    plan.add(
        f"course materials in {layout.course_dir}: owned by root, everyone may read (0755/0644)",
        install_course,
    )

    def make_data_dir() -> None:
        _make_dir(layout.srv, 0, 0, 0o755)
        _make_dir(layout.data_dir, 0, grp.getgrnam(SUPERVISORS_GROUP).gr_gid, 0o750)

    plan.add(
        f"store data folder {layout.data_dir}: root:{SUPERVISORS_GROUP}, folders 0750, "
        "files 0640 (supervisors read, nobody else)",
        make_data_dir,
    )
    if data is not None:
        target = layout.data_dir / data.resolve().name
        plan.add(
            f"copy the store's imported data {data} to {target} (read-only for supervisors)",
            lambda: _install_tree(
                data, target, 0, grp.getgrnam(SUPERVISORS_GROUP).gr_gid, 0o750, 0o640
            ),
        )
    plan.add(
        f"hub state folder {layout.state_dir} (root only, mode 0700)",
        lambda: _make_dir(layout.state_dir, 0, 0, 0o700),
    )
    text = render_config(layout, singleuser=Path(singleuser), proxy=proxy, port=port)
    plan.add(f"JupyterHub configuration {layout.config_file}",
             lambda: _write_config(layout.config_file, text))  # fmt: skip
    return plan
