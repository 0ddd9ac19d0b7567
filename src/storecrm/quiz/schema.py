"""Validate a quiz bank's YAML data and build the :mod:`.model` objects from it.

All problems in a file are collected before raising, so an author fixes a bank in one pass
instead of one error per run. Each problem names the file and the question id.

Store rules are written as placeholders (``{{ second_till_queue }}``, see
:mod:`storecrm.rules.placeholders`) and filled in here, when the bank is loaded, so a quiz
can never state an old rule; an unknown placeholder is a problem like any other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from storecrm.authoring.say import find_script_lines, script_line_problems
from storecrm.quiz.errors import Problem, QuizError
from storecrm.quiz.model import QUESTION_TYPES, Bank, Option, Question
from storecrm.quiz.values import FORMATS, PLACEHOLDER_RE
from storecrm.rules import UnknownPlaceholder, render

__all__ = ["parse_bank", "read_bank_file"]

_TOP_KEYS = {"module", "title", "questions"}
_COMMON_KEYS = {"id", "objective", "type", "stem", "values"}
_CHOICE_KEYS = _COMMON_KEYS | {"options", "answer"}
_ALLOWED_KEYS: dict[str, set[str]] = {
    "single": _CHOICE_KEYS,
    "multiple": _CHOICE_KEYS,
    "scenario": _CHOICE_KEYS | {"situation"},
    "numeric": _COMMON_KEYS
    | {"answer", "compute", "tolerance", "unit", "feedback_correct", "feedback_incorrect"},
}
_OPTION_KEYS = {"key", "text", "feedback"}
_COMPUTE_RE = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
_KEY_RE = re.compile(r"^[a-z]$")
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")


def read_bank_file(path: Path) -> Bank:
    """Read and validate one ``quiz.yml``; raise :class:`QuizError` listing every problem.

    ``compute:`` answers are checked for form here but not run (see ``bank.resolve_bank``), so
    validation stays fast and does not need the store data.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuizError([Problem(path, None, f"cannot read the file ({exc.strerror})")]) from None
    except UnicodeDecodeError as exc:
        message = f"is not UTF-8 text (byte {exc.start}); re-save it as UTF-8"
        raise QuizError([Problem(path, None, message)]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise QuizError([Problem(path, None, f"is not valid YAML{where}: {reason}")]) from None
    return parse_bank(data, path)


def parse_bank(data: Any, path: Path | str = "quiz.yml") -> Bank:
    """Validate already-loaded YAML data and return a :class:`Bank`.

    Parameters
    ----------
    data
        The result of ``yaml.safe_load`` on a bank file.
    path
        The file the data came from; only used to name it in problems.
    """
    path = Path(path)
    fail = _Collector(path)
    problems = fail.problems

    if not isinstance(data, Mapping):
        raise QuizError([Problem(path, None, "must be a mapping with module, title and questions")])
    for key in sorted(set(data) - _TOP_KEYS, key=str):
        fail(None, f"unknown top-level key {key!r} (allowed: module, title, questions)")
    module = data.get("module")
    if isinstance(module, bool) or not isinstance(module, int) or module < 1:
        fail(None, f"'module' must be a whole number from 1 up, not {module!r}")
        module = None
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        fail(None, "'title' must be a non-empty text")
        title = ""
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        fail(None, "'questions' must be a non-empty list")
        raw_questions = []

    questions: list[Question] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_questions, start=1):
        raw = _fill_placeholders(raw, number, fail)
        q = _parse_question(raw, number, module, fail)
        if q is None:
            continue
        if q.id in seen:
            fail(q.id, "id is used by more than one question in this file")
        seen.add(q.id)
        questions.append(q)

    if problems:
        raise QuizError(problems)
    assert module is not None
    return Bank(module=module, title=title.strip(), questions=tuple(questions), path=path)


def _fill_placeholders(raw: Any, number: int, fail: _Collector) -> Any:
    """``raw`` with every rule placeholder in its texts filled; problems name the question."""

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return render(value)
        if isinstance(value, Mapping):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    try:
        return walk(raw)
    except UnknownPlaceholder as exc:
        qid = raw.get("id") if isinstance(raw, Mapping) else None
        label = qid.strip() if isinstance(qid, str) and qid.strip() else f"question #{number}"
        fail(label, str(exc))
        return raw


def _text(value: Any) -> str | None:
    """Return stripped text, or None when the value is not a non-empty string."""
    if isinstance(value, str) and value.strip():
        return " ".join(value.split()) if "\n" in value.strip() else value.strip()
    return None


def _check_dollar(label: str, value: str | None, qid: str, fail: _Collector) -> None:
    if value is not None and "$" in value:
        fail(
            qid,
            f"{label} contains '$', which the quiz renderer reads as maths; "
            "write money as ¥12.50 or 12.50 yuan",
        )


def _parse_question(raw: Any, number: int, module: int | None, fail: _Collector) -> Question | None:
    """Validate one question mapping; report problems through ``fail`` and return None if any."""
    label = f"question #{number}"
    if not isinstance(raw, Mapping):
        fail(label, "must be a mapping (id, objective, type, stem, ...)")
        return None
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.strip():
        fail(label, "has no 'id'")
        return None
    qid = qid.strip()
    count_before = len(fail)

    if module is not None and not re.fullmatch(rf"m{module}-q\d{{2,}}", qid):
        fail(qid, f"id must look like m{module}-q01 (m<module>-q<two or more digits>)")
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        fail(qid, f"'type' must be one of {', '.join(QUESTION_TYPES)}, not {qtype!r}")
        return None
    for key in sorted(set(raw) - _ALLOWED_KEYS[qtype], key=str):
        hint = " (numeric answers must not set precision)" if key == "precision" else ""
        fail(qid, f"unknown key {key!r} for a {qtype} question{hint}")

    objective = raw.get("objective")
    if not isinstance(objective, str) or (
        module is not None and not re.fullmatch(rf"m{module}-o\d+", objective.strip())
    ):
        want = f"m{module}-o1" if module is not None else "m<module>-o<number>"
        fail(qid, f"'objective' must be an objective id like {want}, not {objective!r}")
        objective = ""
    stem = _text(raw.get("stem"))
    if stem is None:
        fail(qid, "'stem' must be a non-empty text")
    _check_dollar("the stem", stem, qid, fail)

    situation = None
    if qtype == "scenario":
        situation = _text(raw.get("situation"))
        if situation is None:
            fail(qid, "a scenario question needs a 'situation' (who, where, what happened)")
        _check_dollar("the situation", situation, qid, fail)

    values = _parse_values(raw.get("values"), qid, fail)
    if qtype == "numeric":
        fields = _parse_numeric(raw, qid, fail)
        if len(fail) > count_before:
            return None
        q = Question(
            id=qid,
            objective=objective.strip(),
            type=qtype,
            stem=stem or "",
            values=values,
            **fields,
        )
    else:
        options, answer_keys = _parse_choices(raw, qtype, qid, fail)
        if len(fail) > count_before:
            return None
        q = Question(
            id=qid,
            objective=objective.strip(),
            type=qtype,
            stem=stem or "",
            situation=situation,
            options=options,
            answer_keys=answer_keys,
            values=values,
        )
    _check_placeholders(q, fail)
    return None if len(fail) > count_before else q


def _parse_values(raw: Any, qid: str, fail: _Collector) -> tuple[tuple[str, str], ...]:
    """``values:`` maps placeholder names to ``package.module:function`` specs."""
    if raw is None:
        return ()
    if not isinstance(raw, Mapping) or not raw:
        fail(qid, "'values' must map names to functions, e.g. margin: pkg.module:function")
        return ()
    out: list[tuple[str, str]] = []
    for name, spec in raw.items():
        if not isinstance(name, str) or not _NAME_RE.fullmatch(name) or name == "answer":
            fail(qid, f"value name {name!r} must be a lower-case identifier other than 'answer'")
        elif not isinstance(spec, str) or not _COMPUTE_RE.fullmatch(spec.strip()):
            fail(qid, f"value {name!r} must look like package.module:function, not {spec!r}")
        else:
            out.append((name, spec.strip()))
    return tuple(out)


def _question_texts(q: Question) -> list[tuple[str, str]]:
    """Every text of ``q`` that may hold placeholders, with a label for messages."""
    texts = [("the stem", q.stem), ("the situation", q.situation or "")]
    texts += [("feedback_correct", q.feedback_correct or "")]
    texts += [("feedback_incorrect", q.feedback_incorrect or "")]
    for o in q.options:
        texts += [(f"option {o.key!r}", o.text), (f"the feedback of option {o.key!r}", o.feedback)]
    return texts


#: A store-rule placeholder (storecrm.rules), filled when the bank is read.
_RULE_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
#: A script line, {say}`中文 / English` (storecrm.authoring.say); checked for both halves.
_SAY_ROLE = re.compile(r"\{say\}`[^`]*`")


def _check_placeholders(q: Question, fail: _Collector) -> None:
    """Every ``{name:format}`` names a listed value (or ``answer``) and a known format."""
    names = {name for name, _ in q.values}
    if q.type == "numeric" and q.compute:
        names.add("answer")
    used: set[str] = set()
    for label, full_text in _question_texts(q):
        # A store-rule placeholder left unfilled ({{ name }}) was reported when it was read.
        text = _RULE_PLACEHOLDER.sub("", full_text)
        for match in PLACEHOLDER_RE.finditer(text):
            name, fmt = match.group(1), match.group(2)
            used.add(name)
            if name not in names:
                extra = " (only a computed numeric answer has one)" if name == "answer" else ""
                fail(q.id, f"{label} uses {{{name}}}, which is not under 'values:'{extra}")
            if fmt is not None and fmt not in FORMATS:
                fail(q.id, f"{label}: unknown format {fmt!r} in {{{name}:{fmt}}}")
        for line in find_script_lines(text):
            for problem in script_line_problems(line.zh, line.en):
                fail(q.id, f"{label}: {{say}} line: {problem}")
        rest = _SAY_ROLE.sub("", PLACEHOLDER_RE.sub("", text))
        if "{" in rest or "}" in rest:
            fail(q.id, f"{label} has a brace that is not a {{name:format}} placeholder")
    for name in sorted(names - used - {"answer"}):
        fail(q.id, f"value {name!r} is listed under 'values:' but no text uses it")


class _Collector:
    """Collects problems for one file; called as ``fail(question_id, message)``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def __call__(self, qid: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, qid, message))

    def __len__(self) -> int:
        return len(self.problems)


def _parse_choices(
    raw: Mapping[str, Any], qtype: str, qid: str, fail: _Collector
) -> tuple[tuple[Option, ...], tuple[str, ...]]:
    raw_options = raw.get("options")
    options: list[Option] = []
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        fail(qid, "'options' must be a list of at least two options")
        raw_options = []
    keys: list[str] = []
    for i, opt in enumerate(raw_options, start=1):
        if not isinstance(opt, Mapping):
            fail(qid, f"option #{i} must be a mapping with key, text and feedback")
            continue
        for extra in sorted(set(opt) - _OPTION_KEYS, key=str):
            fail(qid, f"option #{i} has an unknown key {extra!r} (allowed: key, text, feedback)")
        key = opt.get("key")
        if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
            fail(qid, f"option #{i} needs a 'key' that is one lower-case letter, not {key!r}")
            continue
        if key in keys:
            fail(qid, f"option key {key!r} is used twice")
        keys.append(key)
        raw_text = opt.get("text")
        number = _number(raw_text)  # YAML reads "text: 12" as a number; show it as written
        text = _format_number(number) if number is not None else _text(raw_text)
        if text is None:
            fail(qid, f"option {key!r} has no 'text'")
        feedback = _text(opt.get("feedback"))
        if feedback is None:
            fail(qid, f"option {key!r} has no 'feedback' (say why it is right or wrong)")
        _check_dollar(f"option {key!r}", text, qid, fail)
        _check_dollar(f"the feedback of option {key!r}", feedback, qid, fail)
        options.append(Option(key=key, text=text or "", feedback=feedback or ""))

    answer = raw.get("answer")
    answer_keys: tuple[str, ...] = ()
    shown = ", ".join(keys) or "none"
    if qtype == "multiple":
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            fail(qid, "'answer' of a multiple question must be a list of option keys, e.g. [a, c]")
        else:
            if len(set(answer)) < 2:
                fail(qid, "a multiple question needs at least two correct keys; use type: single")
            if len(set(answer)) != len(answer):
                fail(qid, "'answer' lists the same key twice")
            missing = [a for a in answer if a not in keys]
            if missing and keys:
                fail(qid, f"answer {', '.join(map(repr, missing))} not among the options ({shown})")
            answer_keys = tuple(dict.fromkeys(answer))
    else:
        if not isinstance(answer, str):
            fail(qid, f"'answer' must be one option key (a {qtype} question has one right answer)")
        elif keys and answer not in keys:
            fail(qid, f"answer {answer!r} is not among the options ({shown})")
        else:
            answer_keys = (answer,)
    return tuple(options), answer_keys


def _format_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _parse_numeric(raw: Mapping[str, Any], qid: str, fail: _Collector) -> dict[str, Any]:
    answer, compute = raw.get("answer"), raw.get("compute")
    value = _number(answer)
    fields: dict[str, Any] = {"value": None, "compute": None}
    if answer is not None and compute is not None:
        fail(qid, "give either 'answer' or 'compute', not both")
    elif compute is not None:
        if not isinstance(compute, str) or not _COMPUTE_RE.fullmatch(compute.strip()):
            fail(qid, f"'compute' must look like package.module:function, not {compute!r}")
        else:
            fields["compute"] = compute.strip()
    elif value is None or not math.isfinite(value):
        fail(qid, f"a numeric question needs a number 'answer' (or 'compute'), not {answer!r}")
    else:
        fields["value"] = value
    tolerance = _number(raw.get("tolerance", 0))
    if tolerance is None or not math.isfinite(tolerance) or tolerance < 0:
        fail(qid, f"'tolerance' must be a number >= 0, not {raw.get('tolerance')!r}")
        tolerance = 0.0
    fields["tolerance"] = tolerance
    unit = raw.get("unit")
    if unit is not None and _text(unit) is None:
        fail(qid, "'unit' must be a short text such as yuan or points")
    fields["unit"] = _text(unit) if unit is not None else None
    for key in ("feedback_correct", "feedback_incorrect"):
        text = _text(raw.get(key))
        if text is None:
            fail(qid, f"a numeric question needs '{key}'")
        _check_dollar(key, text, qid, fail)
        fields[key] = text
    _check_dollar("the unit", fields["unit"], qid, fail)
    return fields
