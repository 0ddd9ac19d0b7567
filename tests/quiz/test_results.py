"""The trainer's group summary of saved quiz results, and the quizzes page's progress panel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storecrm.cli import main
from storecrm.errors import CourseError
from storecrm.quiz.bank import load_all_banks
from storecrm.quiz.results import FORMAT, progress_panel_html, read_results, summarise


@pytest.fixture(scope="module")
def banks():
    return load_all_banks(resolve=False)


def _write(tmp_path: Path, name: str, answers: dict[str, bool], banks) -> Path:
    objective = {q.id: q.objective for b in banks for q in b.questions}
    data = {
        "format": FORMAT,
        "learner": name,
        "saved": "2026-12-07",
        "answers": {
            qid: {"objective": objective[qid], "first_right": right, "tries": 1}
            for qid, right in answers.items()
        },
    }
    path = tmp_path / f"quiz-results-{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _ids(banks, module: int) -> list[str]:
    return [q.id for b in banks if b.module == module for q in b.questions]


def test_summary_counts_first_tries_per_module_and_objective(tmp_path, banks):
    one, two = _ids(banks, 1)[:2]
    five = _ids(banks, 5)[0]
    files = [
        _write(tmp_path, "Li", {one: True, two: False, five: True}, banks),
        _write(tmp_path, "Wang", {one: False, five: True}, banks),
    ]
    modules, objectives = summarise(files, banks)
    assert modules.loc[1, "learners"] == 2
    assert modules.loc[1, "answered"] == 3
    assert modules.loc[1, "first_try_share"] == pytest.approx(1 / 3)
    assert modules.loc[1, "questions"] == len(_ids(banks, 1))
    assert modules.loc[5, "first_try_share"] == 1.0
    objective = {q.id: q.objective for b in banks for q in b.questions}
    row = objectives.loc[objective[five]]
    assert row["first_try_share"] == 1.0 and not row["revisit"]
    # Weakest first, and an objective with one right in three is marked to go over again.
    assert objectives["first_try_share"].is_monotonic_increasing
    assert objectives.loc[objective[one], "revisit"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json", "not JSON"),
        (json.dumps({"format": "other"}), "not a quiz results file"),
        (json.dumps({"format": FORMAT, "answers": {}}), "no learner name"),
        (json.dumps({"format": FORMAT, "learner": "Li"}), "no 'answers'"),
        (
            json.dumps({"format": FORMAT, "learner": "Li", "answers": {"hello": {}}}),
            "not a question id",
        ),
        (
            json.dumps({"format": FORMAT, "learner": "Li", "answers": {"m1-q01": {}}}),
            "first_right",
        ),
    ],
)
def test_bad_results_files_are_named_with_what_to_do(tmp_path, content, words):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CourseError, match=words) as info:
        read_results(path)
    assert "x.json" in str(info.value) and "Save my results" in str(info.value)


def test_a_question_not_in_this_edition_is_refused(tmp_path, banks):
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps(
            {"format": FORMAT, "learner": "Li", "answers": {"m1-q99": {"first_right": True}}}
        ),
        encoding="utf-8",
    )
    with pytest.raises(CourseError, match="m1-q99"):
        summarise([path], banks)


def test_command_prints_the_summary_and_refuses_a_bad_file(tmp_path, banks, capsys):
    good = _write(tmp_path, "Li", {_ids(banks, 2)[0]: False}, banks)
    assert main(["quiz", "results", str(good)]) == 0
    out = capsys.readouterr().out
    assert "Module  2:" in out and "go over again" in out
    assert "(1 answers from 1 learner(s)" in out  # counts print as whole numbers, not 1.0
    assert ".0 answers" not in out
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["quiz", "results", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.json" in err and "Traceback" not in err


def test_panel_lists_every_bank_with_its_size(banks):
    panel = progress_panel_html(banks)
    for bank in banks:
        assert f'data-module="{bank.module}" data-total="{len(bank.questions)}"' in panel
        assert f"../chapters/{bank.path.parent.name}/quiz.html" in panel
    assert 'for="sq-learner-name"' in panel
