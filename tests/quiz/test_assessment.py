"""The end-of-part assessment: the parts, the draw, the scenario files, the marking.

The draw is checked on the real course (every part, every objective its module pages list);
the marking on hand-made results files whose right and wrong answers are known.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from storecrm import cli
from storecrm.errors import CourseError
from storecrm.quiz.assessment import (
    ASSESSMENT_DIR,
    DRAWN_TARGET,
    Assessment,
    Part,
    assessment_handout_html,
    assessment_panel_html,
    assessment_results,
    course_parts,
    draw_assessment,
    find_part,
    pass_share,
    read_scenarios,
    record_id,
)
from storecrm.quiz.bank import load_bank, read_objectives
from storecrm.quiz.certificate import certificate_form_html
from storecrm.quiz.errors import QuizError
from storecrm.quiz.results import FORMAT, read_results, summarise

REPO = Path(__file__).resolve().parents[2]
PARTS = course_parts(REPO)


@pytest.fixture(scope="module")
def tests() -> dict[int, Assessment]:
    return {p.number: draw_assessment(p, root=REPO) for p in PARTS}


# --- the parts ------------------------------------------------------------------------------


def test_the_parts_come_from_the_table_of_contents() -> None:
    assert [(p.roman, p.modules) for p in PARTS] == [
        ("I", (1, 2, 3, 4)),
        ("II", (5, 6)),
        ("III", (7, 8, 9, 10)),
        ("IV", (11,)),
    ]
    assert find_part("iii", REPO) == find_part(3, REPO) == PARTS[2]


def test_an_unknown_part_names_the_parts_there_are() -> None:
    with pytest.raises(CourseError, match=r"no part '9'.*1 \(Part I\)"):
        find_part(9, REPO)


def test_a_table_of_contents_without_parts_is_refused(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    with pytest.raises(CourseError, match=r"_toc\.yml.*Part"):
        course_parts(tmp_path)


# --- the draw -------------------------------------------------------------------------------


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.label)
def test_the_draw_covers_every_objective_of_every_module(
    tests: dict[int, Assessment], part: Part
) -> None:
    test = tests[part.number]
    listed = [
        o
        for m in part.modules
        for o in read_objectives(load_bank(m, root=REPO, resolve=False).path.parent / "index.md")
    ]
    drawn = {q.objective for q in test.drawn}
    assert drawn == set(listed)
    assert {int(q.id[1:].split("-")[0]) for q in test.drawn} == set(part.modules)
    ids = [q.id for q in test.questions]
    assert len(ids) == len(set(ids)), "a question is drawn twice"
    assert all(q.is_choice for q in test.questions), "numeric questions need the data pages"
    assert len(test.scenarios) >= 4 and all(q.type == "scenario" for q in test.scenarios)


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.label)
def test_each_objective_gets_its_share_of_the_draw(
    tests: dict[int, Assessment], part: Part
) -> None:
    test = tests[part.number]
    banks = [load_bank(m, root=REPO, resolve=False) for m in part.modules]
    pools = {
        o: [q for b in banks for q in b.questions if q.objective == o and q.is_choice]
        for o in {q.objective for q in test.drawn}
    }
    per = math.ceil(DRAWN_TARGET / len(pools))
    for objective, pool in pools.items():
        got = [q for q in test.drawn if q.objective == objective]
        assert len(got) == min(per, len(pool)), objective


def test_the_draw_is_the_same_every_time_and_changes_with_the_seed(
    tests: dict[int, Assessment],
) -> None:
    again = draw_assessment(1, root=REPO)
    assert [q.id for q in again.questions] == [q.id for q in tests[1].questions]
    other = draw_assessment(1, root=REPO, seed=2)
    assert [q.id for q in other.drawn] != [q.id for q in tests[1].drawn]
    assert [q.id for q in other.scenarios] == [q.id for q in tests[1].scenarios]


def test_the_whole_assessment_is_not_guessable_by_position(tests: dict[int, Assessment]) -> None:
    # The online quiz shows options in bank order: no letter may be right too often.
    for test in tests.values():
        one = [q for q in test.questions if len(q.answer_keys) == 1]
        top = max(sum(q.answer_keys[0] == k for q in one) for k in "abcd")
        assert top / len(one) <= 0.4, test.part.label


def test_an_objective_without_choice_questions_is_refused() -> None:
    bank = load_bank(11, root=REPO, resolve=False)
    without = bank.__class__(
        module=11,
        title=bank.title,
        questions=tuple(q for q in bank.questions if q.objective != "m11-o2"),
        path=bank.path,
    )
    with pytest.raises(CourseError, match="m11-o2 has no choice question"):
        draw_assessment(4, root=REPO, banks=[without])


# --- the scenario files ---------------------------------------------------------------------


def _scenario_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "part-4.yml"
    path.write_text(text, encoding="utf-8")
    return path


_GOOD = (REPO / ASSESSMENT_DIR / "part-4.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("id: m11-q91", "id: m5-q91", "module 5 is not in Part IV"),
        ("id: m11-q91", "id: m11-q12", "assessment ids start at q91"),
        ("answer: d", "answer: z", "answer 'z' is not among the options"),
        ("part: 4", "part: 3", "says part 3, expected 4"),
        ("objective: m11-o4", "objective: m3-o1", "'objective' must be an objective id"),
    ],
)
def test_a_broken_scenario_file_names_the_file_and_question(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    path = _scenario_file(tmp_path, _GOOD.replace(old, new, 1))
    with pytest.raises(QuizError, match=problem) as info:
        read_scenarios(path, find_part(4, REPO))
    assert "part-4.yml" in str(info.value)


def test_a_scenario_id_used_by_a_module_bank_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(REPO / "_toc.yml", root / "_toc.yml")
    for index in (REPO / "chapters").glob("*/index.md"):
        folder = root / "chapters" / index.parent.name
        folder.mkdir(parents=True)
        shutil.copy(index, folder / "index.md")
        shutil.copy(index.parent / "quiz.yml", folder / "quiz.yml")
    (root / ASSESSMENT_DIR).mkdir(parents=True)
    bank = root / "chapters" / "11_team" / "quiz.yml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("id: m11-q01", "id: m11-q91"), encoding="utf-8"
    )
    (root / ASSESSMENT_DIR / "part-4.yml").write_text(_GOOD, encoding="utf-8")
    with pytest.raises(QuizError, match=r"m11-q91: id is also used in .*quiz\.yml"):
        draw_assessment(4, root=root)


# --- marking ------------------------------------------------------------------------------


def _results(tmp_path: Path, learner: str, answers: dict[str, bool], name: str = "") -> Path:
    path = tmp_path / f"{name or learner}.json"
    data = {
        "format": FORMAT,
        "learner": learner,
        "answers": {
            qid: {"objective": "", "first_right": right, "tries": 1}
            for qid, right in answers.items()
        },
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_pass_and_fail_at_the_pass_mark(tmp_path: Path, tests: dict[int, Assessment]) -> None:
    test = tests[4]
    total = len(test.questions)
    needed = math.ceil(pass_share() * total - 1e-9)
    ids = [record_id(4, q.id) for q in test.questions]
    just = _results(tmp_path, "Li Na", {i: n < needed for n, i in enumerate(ids)})
    short = _results(tmp_path, "Wang Wei", {i: n < needed - 1 for n, i in enumerate(ids)})
    # Answered only the questions they got right: the rest count as not right.
    partial = _results(tmp_path, "Zhao Min", {i: True for i in ids[: needed - 1]})
    table = assessment_results([just, short, partial], root=REPO).set_index("learner")
    assert table.loc["Li Na", "right"] == needed and table.loc["Li Na", "passed"]
    assert table.loc["Wang Wei", "right"] == needed - 1 and not table.loc["Wang Wei", "passed"]
    assert table.loc["Zhao Min", "answered"] == needed - 1
    assert table.loc["Zhao Min", "score_share"] == pytest.approx((needed - 1) / total)
    assert not table.loc["Zhao Min", "passed"]
    assert set(table["part"]) == {4} and set(table["questions"]) == {total}


def test_one_learner_two_parts(tmp_path: Path, tests: dict[int, Assessment]) -> None:
    answers = {record_id(2, q.id): True for q in tests[2].questions}
    answers |= {record_id(4, q.id): False for q in tests[4].questions}
    answers["m1-q01"] = True  # a module quiz answer in the same file is not marked here
    table = assessment_results([_results(tmp_path, "Li Na", answers)], root=REPO)
    assert list(table["part"]) == [2, 4]
    assert list(table["passed"]) == [True, False]


def test_self_check_summary_leaves_assessment_answers_out(
    tmp_path: Path, tests: dict[int, Assessment]
) -> None:
    q = tests[1].drawn[0]
    path = _results(tmp_path, "Li Na", {record_id(1, q.id): False, q.id: True})
    assert set(read_results(path).answers) == {record_id(1, q.id), q.id}
    modules, _ = summarise([path])
    assert modules["answered"].sum() == 1 and modules["first_try_share"].iloc[0] == 1.0


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not a quiz results file"),
        (json.dumps({"format": FORMAT, "learner": "", "answers": {}}), "no learner name"),
        (
            json.dumps({"format": FORMAT, "learner": "Li", "answers": {"m1-q01": True}}),
            "is not a question id with its result",
        ),
    ],
)
def test_a_malformed_results_file_says_what_is_wrong(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CourseError, match=problem):
        assessment_results([path], root=REPO)


def test_marking_refuses_other_editions_and_empty_input(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="no results files"):
        assessment_results([], root=REPO)
    only_quiz = _results(tmp_path, "Li", {"m1-q01": True})
    with pytest.raises(CourseError, match="no assessment answers"):
        assessment_results([only_quiz], root=REPO)
    stranger = _results(tmp_path, "Li", {record_id(1, "m1-q77"): True}, name="old")
    with pytest.raises(CourseError, match=r"not a question of this edition's Part I"):
        assessment_results([stranger], root=REPO)
    unknown_part = _results(tmp_path, "Li", {record_id(9, "m1-q01"): True}, name="nine")
    with pytest.raises(CourseError, match="no part '9'"):
        assessment_results([unknown_part], root=REPO)


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("storecrm.quiz.cli",))

    def _run(*argv: str) -> tuple[int, str, str]:
        status = cli.main(list(argv))
        out, err = capsys.readouterr()
        return status, out, err

    return _run


def test_the_command_says_passed_or_not_yet(
    run, tmp_path: Path, tests: dict[int, Assessment]
) -> None:
    ids = [record_id(4, q.id) for q in tests[4].questions]
    good = _results(tmp_path, "Li Na", dict.fromkeys(ids, True))
    poor = _results(tmp_path, "Wang Wei", {ids[0]: True})
    status, out, _ = run("quiz", "assessment", str(good), str(poor), "--root", str(REPO))
    assert status == 0
    assert "Li Na" in out and "passed" in out.split("Li Na")[1].splitlines()[0]
    line = out.split("Wang Wei")[1].splitlines()[0]
    assert "not yet" in line and f"{len(ids) - 1} not answered" in line
    status, _, err = run("quiz", "assessment", str(good), "--part", "2", "--root", str(REPO))
    assert status == 1 and "Part II" in err
    status, _, err = run("quiz", "assessment", str(good), "--part", "X", "--root", str(REPO))
    assert status == 1 and "no part 'X'" in err


# --- what pages and sheets show -------------------------------------------------------------


def test_the_sheets_and_the_page_box_say_the_pass_mark(tests: dict[int, Assessment]) -> None:
    test = tests[3]
    total = len(test.questions)
    needed = math.ceil(pass_share() * total - 1e-9)
    sheet = assessment_handout_html(test, part="questions")
    key = assessment_handout_html(test, part="key")
    assert "Part III assessment" in sheet and "Answer key" not in sheet
    assert sheet.count('<ul class="options">') == total
    assert f"({needed} of {total} right)" in sheet
    assert f"pass: {needed} right" in key and key.count("Answer:") == total
    box = assessment_panel_html(test)
    assert f'data-sq-total="{total}"' in box and f'data-sq-pass="{needed}"' in box
    assert 'data-sq-prefix="assessment-3:"' in box


def test_the_certificate_form_escapes_what_it_is_given() -> None:
    part = Part(1, "I", "<script>alert(1)</script> & more", (1,))
    form = certificate_form_html([part], script_src="../_static/certificate.js")
    assert "<script>alert" not in form and "&lt;script&gt;" in form
    assert 'id="sq-cert-name"' in form and "../_static/certificate.js" in form


def test_the_self_check_summary_points_to_the_assessment_command(
    tmp_path: Path, tests: dict[int, Assessment]
) -> None:
    path = _results(tmp_path, "Li Na", {record_id(4, tests[4].questions[0].id): True})
    with pytest.raises(CourseError, match="storecrm quiz assessment"):
        summarise([path])
