"""Schema validation: one fixture per kind of error, each message naming file and question id."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from storecrm.quiz import QuizError, parse_bank, read_bank_file

BROKEN = Path(__file__).parent / "fixtures" / "broken"

# fixture file -> (question id in the message or None for file-level, expected wording)
CASES: dict[str, tuple[str | None, str]] = {
    "answer_not_in_options.yml": ("m9-q01", "answer 'e' is not among the options (a, b)"),
    "bad_id.yml": ("q1", "id must look like m9-q01"),
    "bad_yaml.yml": (None, "is not valid YAML at line"),
    "dollar_in_text.yml": ("m9-q02", "contains '$'"),
    "duplicate_id.yml": ("m9-q01", "id is used by more than one question"),
    "duplicate_option_key.yml": ("m9-q01", "option key 'a' is used twice"),
    "empty_questions.yml": (None, "'questions' must be a non-empty list"),
    "missing_feedback.yml": ("m9-q01", "option 'b' has no 'feedback'"),
    "missing_module.yml": (None, "'module' must be a whole number"),
    "multiple_answer_not_list.yml": ("m9-q01", "must be a list of option keys"),
    "numeric_answer_and_compute.yml": ("m9-q02", "either 'answer' or 'compute', not both"),
    "numeric_bad_compute.yml": ("m9-q02", "'compute' must look like package.module:function"),
    "numeric_missing_feedback.yml": ("m9-q02", "needs 'feedback_incorrect'"),
    "numeric_negative_tolerance.yml": ("m9-q02", "'tolerance' must be a number >= 0"),
    "numeric_precision.yml": ("m9-q02", "unknown key 'precision'"),
    "numeric_without_answer.yml": ("m9-q02", "needs a number 'answer' (or 'compute')"),
    "objective_of_other_module.yml": ("m9-q01", "'objective' must be an objective id like m9-o1"),
    "scenario_without_situation.yml": ("m9-q01", "needs a 'situation'"),
    "unknown_option_key.yml": ("m9-q01", "unknown key 'feedbak'"),
    "unknown_type.yml": ("m9-q01", "'type' must be one of single, multiple, numeric, scenario"),
}


def test_every_broken_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_schema_error_names_file_question_and_problem(name: str) -> None:
    qid, wording = CASES[name]
    with pytest.raises(QuizError) as info:
        read_bank_file(BROKEN / name)
    lines = [str(p) for p in info.value.problems]
    prefix = f"tests/quiz/fixtures/broken/{name}: " + (f"{qid}: " if qid else "")
    matching = [line for line in lines if line.startswith(prefix) and wording in line]
    assert matching, lines
    assert wording in str(info.value)


def test_all_problems_of_a_file_are_reported_together(tmp_path: Path) -> None:
    text = (BROKEN / "answer_not_in_options.yml").read_text(encoding="utf-8")
    text = text.replace("type: single", "type: single\n    situation: not allowed here")
    bad = tmp_path / "quiz.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(QuizError) as info:
        read_bank_file(bad)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 2, messages
    assert str(info.value).startswith("2 problems in the quiz bank(s):")


def test_valid_bank_builds_the_model(demo_bank_path: Path) -> None:
    bank = read_bank_file(demo_bank_path)
    assert bank.module == 99
    by_type = {q.type: q for q in bank.questions}
    assert set(by_type) == {"scenario", "single", "multiple", "numeric"}
    assert by_type["multiple"].answer_keys == ("a", "c")
    assert by_type["scenario"].situation and by_type["scenario"].situation.startswith("Evening")
    numeric = by_type["numeric"]
    assert (numeric.value, numeric.tolerance, numeric.unit) == (12.5, 0.5, "yuan")
    assert [o.key for o in by_type["single"].correct_options] == ["b"]


def test_number_option_text_is_kept_as_written(demo_bank_path: Path) -> None:
    data = yaml.safe_load(demo_bank_path.read_text(encoding="utf-8"))
    data["questions"][1]["options"][0]["text"] = 12
    bank = parse_bank(data, demo_bank_path)
    assert bank.questions[1].options[0].text == "12"


def test_not_a_mapping_is_one_clear_problem() -> None:
    with pytest.raises(QuizError, match=r"^quiz.yml: must be a mapping"):
        parse_bank(["m1-q01"], "quiz.yml")


def test_quiz_error_renders_without_code_frames_in_ipython() -> None:
    with pytest.raises(QuizError) as info:
        read_bank_file(BROKEN / "answer_not_in_options.yml")
    shown = info.value._render_traceback_()
    assert shown[0].startswith("QuizError: tests/quiz/fixtures/broken/answer_not_in_options.yml")
    assert not any("File " in line for line in shown)


def test_a_bank_that_is_not_utf8_gets_a_clear_message(tmp_path: Path) -> None:
    bank = tmp_path / "quiz.yml"
    bank.write_bytes("module: 1\ntitle: 价格\n".encode("gbk"))
    with pytest.raises(QuizError) as info:
        read_bank_file(bank)
    assert "is not UTF-8 text" in str(info.value)
