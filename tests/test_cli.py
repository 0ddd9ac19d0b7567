"""The ``storecrm`` entry point: help lists every command; bad input gives one line, exit 2."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from storecrm import cli
from storecrm.errors import CommandError, CourseError


def test_help_lists_every_registered_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("data", "quiz", "exercises"):
        assert command in out


@pytest.mark.parametrize(
    "argv",
    [["no-such-command"], ["--no-such-flag"], [], ["data", "generate", "--size", "gigantic"]],
)
def test_bad_arguments_exit_2_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("storecrm"), err
    assert "error:" in err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err


def _install_failing_command(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """Register a lone ``storecrm boom`` command that raises ``error``."""
    fake = types.ModuleType("fake_commands")

    def fail(args: object) -> int:
        raise error

    def register(sub: argparse._SubParsersAction) -> None:
        sub.add_parser("boom").set_defaults(handler=fail)

    fake.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_commands", fake)
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("fake_commands",))


def test_command_error_is_one_line_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _install_failing_command(monkeypatch, CommandError("the folder 'x' does not exist"))
    assert cli.main(["boom"]) == 1
    assert capsys.readouterr().err.strip() == "storecrm: error: the folder 'x' does not exist."


def test_any_course_error_is_one_line_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _install_failing_command(monkeypatch, CourseError("is empty", table="receipts"))
    assert cli.main(["boom"]) == 1
    assert capsys.readouterr().err.strip() == "storecrm: error: receipts: is empty."


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PermissionError(13, "Permission denied", "/srv/out"), "/srv/out: Permission denied."),
        (OSError(28, "No space left on device"), "No space left on device."),
    ],
)
def test_file_system_errors_are_one_line_exit_1(
    error: OSError,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _install_failing_command(monkeypatch, error)
    assert cli.main(["boom"]) == 1
    assert capsys.readouterr().err.strip() == f"storecrm: error: {expected}"


def test_unreadable_output_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "locked"
    out.mkdir()
    (out / "old.csv").write_text("x")
    out.chmod(0)
    try:
        if os.access(out, os.R_OK):
            pytest.skip("running as a user who can read any folder")
        assert cli.main(["data", "generate", "--out", str(out), "--quiet"]) == 1
    finally:
        out.chmod(0o755)
    err = capsys.readouterr().err.strip()
    assert err == f"storecrm: error: {out}: Permission denied.", err


def test_console_script_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "storecrm", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("storecrm ")
