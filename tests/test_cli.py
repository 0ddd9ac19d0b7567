"""The ``storecrm`` entry point: help lists every command; bad input gives one line, exit 2."""

from __future__ import annotations

import argparse
import subprocess
import sys
import types

import pytest

from storecrm import cli


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


def test_command_error_is_one_line_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = types.ModuleType("fake_commands")

    def fail(args: object) -> int:
        raise cli.CommandError("the folder 'x' does not exist")

    def register(sub: argparse._SubParsersAction) -> None:
        sub.add_parser("boom").set_defaults(handler=fail)

    fake.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_commands", fake)
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("fake_commands",))
    assert cli.main(["boom"]) == 1
    assert capsys.readouterr().err.strip() == "storecrm: error: the folder 'x' does not exist"


def test_console_script_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "storecrm", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("storecrm ")
