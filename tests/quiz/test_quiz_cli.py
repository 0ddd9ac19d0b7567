"""``storecrm quiz print`` and ``storecrm quiz check`` as a trainer or author runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from storecrm import cli
from storecrm.quiz.handout import find_chromium


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run ``storecrm`` with only the quiz commands; return (status, stdout, stderr)."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("storecrm.quiz.cli",))

    def _run(*argv: str) -> tuple[int, str, str]:
        status = cli.main(list(argv))
        out, err = capsys.readouterr()
        return status, out, err

    return _run


def test_check_passes_on_a_good_course(run, course: Path) -> None:
    status, out, err = run("quiz", "check", "--root", str(course))
    assert (status, err) == (0, "")
    assert out.strip() == "1 quiz bank(s), 4 questions: all checks passed"


def test_check_lists_file_question_problem_and_exits_1(run, course_copy: Path) -> None:
    bank = course_copy / "chapters" / "99_demo" / "quiz.yml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("    answer: b\n", "    answer: e\n"), encoding="utf-8")
    status, _, err = run("quiz", "check", "--root", str(course_copy))
    assert status == 1
    lines = err.strip().splitlines()
    assert lines[0] == (
        "chapters/99_demo/quiz.yml: m99-q02: answer 'e' is not among the options (a, b, c)"
    )
    assert lines[-1] == "1 problem(s) in the quiz banks"
    assert "Traceback" not in err


def test_print_writes_html_handout(run, course: Path, tmp_path: Path) -> None:
    status, out, err = run(
        "quiz", "print", "--module", "99", "--root", str(course), "--out", str(tmp_path)
    )
    assert (status, err) == (0, "")
    assert (tmp_path / "module-99-quiz.html").is_file()
    assert "module-99-quiz.html" in out


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium (make system-deps)")
def test_print_shuffled_pdf(run, course: Path, tmp_path: Path) -> None:
    args = ["quiz", "print", "--module", "99", "--root", str(course), "--out", str(tmp_path)]
    status, _, err = run(*args, "--shuffle", "--seed", "7", "--pdf")
    assert (status, err) == (0, "")
    assert (tmp_path / "module-99-quiz-seed-7.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("extra", "wording"),
    [
        (["--module", "5"], "no quiz bank for module 5"),
        (["--module", "99", "--seed", "3"], "--seed only changes shuffled handouts"),
        (["--module", "99", "--sample", "0"], "--sample must be 1 or more"),
    ],
)
def test_print_user_errors_are_one_line(run, course: Path, extra: list[str], wording: str) -> None:
    status, _, err = run("quiz", "print", "--root", str(course), *extra)
    assert status == 1
    assert err.count("\n") == 1 and wording in err and err.startswith("storecrm: error:")


def test_print_needs_a_module(run) -> None:
    status, _, err = run("quiz", "print")
    assert status == 2
    assert "--module" in err and len(err.strip().splitlines()) == 1


def test_check_on_a_folder_that_is_no_course_says_so(run, tmp_path: Path) -> None:
    # It must not fall back to the package's own course and report "all checks passed".
    status, out, err = run("quiz", "check", "--root", str(tmp_path))
    assert status == 1
    assert "cannot find the course root" in err
    assert "passed" not in out
    assert "Traceback" not in err
