"""``storecrm quiz print`` (paper handouts), ``quiz check`` (validate every bank),
``quiz results`` (a group's saved results, per module and objective) and ``quiz assessment``
(each learner's end-of-part assessment against the pass mark)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storecrm.quiz.bank import find_project_root, load_bank
from storecrm.quiz.errors import QuizError, display_path
from storecrm.quiz.handout import write_handout
from storecrm.quiz.quality import check_project

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``quiz print`` and ``quiz check`` to the ``storecrm`` command line."""
    quiz = subparsers.add_parser(
        "quiz", help="print quiz handouts and check the quiz banks", description=__doc__
    )
    sub = quiz.add_subparsers(dest="quiz_command", metavar="ACTION")
    sub.required = True

    p = sub.add_parser(
        "print",
        help="write a printable handout (questions, then an answer key page)",
        description="Write a module's quiz as a printable HTML handout (and PDF with --pdf): "
        "questions with boxes to tick, then a separate answer key page with explanations.",
    )
    p.add_argument("--module", type=int, required=True, metavar="N", help="module number")
    p.add_argument(
        "--shuffle", action="store_true", help="shuffle question and option order (use --seed)"
    )
    p.add_argument(
        "--seed",
        type=int,
        default=None,
        metavar="S",
        help="seed for --shuffle; give each group its own seed (default 0)",
    )
    p.add_argument("--sample", type=int, default=None, metavar="K", help="only K questions")
    p.add_argument(
        "--out",
        type=Path,
        default=Path("out/handouts"),
        metavar="DIR",
        help="output folder (default: out/handouts)",
    )
    p.add_argument("--pdf", action="store_true", help="also print a PDF with Chromium")
    p.add_argument("--root", type=Path, default=None, metavar="DIR", help="course root folder")
    p.set_defaults(handler=_print_handout)

    c = sub.add_parser(
        "check",
        help="validate every quiz bank (exit 1 listing 'file: question id: problem')",
        description="Validate every chapters/*/quiz.yml against the schema and the module "
        "pages: answers among options, feedback on every option, unique ids, objectives "
        "listed on the module page and each tested by at least two questions.",
    )
    c.add_argument("--root", type=Path, default=None, metavar="DIR", help="course root folder")
    c.add_argument(
        "--no-compute",
        action="store_true",
        help="do not run compute: functions (faster; skips loading the data)",
    )
    c.set_defaults(handler=_check)

    r = sub.add_parser(
        "results",
        help="summarise learners' saved quiz results per module and objective",
        description="Read the results files learners saved from the quizzes page ('Save my "
        "results') and print, per module and per learning objective, the share of questions "
        "answered right at the first try; objectives below two in three are marked to go "
        "over again.",
    )
    r.add_argument("files", nargs="+", type=Path, metavar="FILE", help="results .json files")
    r.add_argument("--root", type=Path, default=None, metavar="DIR", help="course root folder")
    r.set_defaults(handler=_results)

    a = sub.add_parser(
        "assessment",
        help="say per learner and part whether the assessment's pass mark is reached",
        description="Read the results files learners saved after an end-of-part assessment "
        "page ('Save my results') and print, per learner and part, the questions right at the "
        "first try and whether that reaches the pass mark (the store rules' "
        "workshop.assessment.pass_share). Unanswered questions count as not right.",
    )
    a.add_argument("files", nargs="+", type=Path, metavar="FILE", help="results .json files")
    a.add_argument(
        "--part", default=None, metavar="N", help="only this part (a number or I, II, ...)"
    )
    a.add_argument("--root", type=Path, default=None, metavar="DIR", help="course root folder")
    a.set_defaults(handler=_assessment)


def _print_handout(args: argparse.Namespace) -> int:
    from storecrm.errors import CommandError

    if args.seed is not None and not args.shuffle:
        raise CommandError("--seed only changes shuffled handouts; add --shuffle")
    if args.sample is not None and args.sample < 1:
        raise CommandError("--sample must be 1 or more")
    try:
        bank = load_bank(args.module, root=find_project_root(args.root))
    except QuizError as exc:
        raise CommandError(_one_line(exc)) from None
    try:
        paths = write_handout(
            bank,
            args.out,
            shuffle=args.shuffle,
            seed=args.seed or 0,
            pdf=args.pdf,
            sample=args.sample,
        )
    except RuntimeError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write to {args.out}: {exc.strerror}") from None
    for path in paths:
        print(f"wrote {display_path(path)}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from storecrm.errors import CommandError

    try:
        root = find_project_root(args.root)
    except QuizError as exc:
        raise CommandError(_one_line(exc)) from None
    banks, problems = check_project(root, resolve=not args.no_compute)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the quiz banks", file=sys.stderr)
        return 1
    total = sum(len(b.questions) for b in banks)
    print(f"{len(banks)} quiz bank(s), {total} questions: all checks passed")
    return 0


def _results(args: argparse.Namespace) -> int:
    from storecrm.errors import CommandError, CourseError
    from storecrm.format import percent
    from storecrm.quiz.bank import load_all_banks
    from storecrm.quiz.results import summarise

    try:
        banks = load_all_banks(find_project_root(args.root), resolve=False)
    except QuizError as exc:
        raise CommandError(_one_line(exc)) from None
    try:
        modules, objectives = summarise(args.files, banks)
    except CourseError as exc:
        raise CommandError(str(exc)) from None
    learners = modules["learners"].max()
    print(f"{len(args.files)} file(s), {learners} learner(s) at most per module\n")
    print("Per module (right at the first try):")
    # itertuples keeps each column's own type: iterrows would turn the counts into floats
    # ("1.0 answers") because a row mixes counts and shares
    for row in modules.itertuples():
        print(
            f"  Module {row.Index:>2}: {percent(row.first_try_share):>7}  "
            f"({row.answered} answers from {row.learners} learner(s); bank of {row.questions})"
        )
    print("\nPer objective, weakest first:")
    for row in objectives.itertuples():
        flag = "  <- go over again" if row.revisit else ""
        print(f"  {row.Index:<7} {percent(row.first_try_share):>7}  ({row.answers} answers){flag}")
    return 0


def _assessment(args: argparse.Namespace) -> int:
    from storecrm.errors import CommandError, CourseError
    from storecrm.format import percent
    from storecrm.quiz.assessment import assessment_results, course_parts, find_part, pass_share

    try:
        root = find_project_root(args.root)
        wanted = find_part(args.part, root) if args.part is not None else None
        table = assessment_results(args.files, root=root)
        labels = {p.number: p.label for p in course_parts(root)}
    except QuizError as exc:
        raise CommandError(_one_line(exc)) from None
    except CourseError as exc:
        raise CommandError(str(exc)) from None
    if wanted is not None:
        table = table[table["part"] == wanted.number]
        if table.empty:
            raise CommandError(
                f"no learner in these files answered the {wanted.label} assessment",
                hint="Check the files, or leave out --part",
            )
    print(f"Pass mark: {percent(pass_share(), 0)} of a part's questions right at the first try\n")
    for row in table.itertuples():
        verdict = "passed" if row.passed else "not yet"
        missing = row.questions - row.answered
        note = f" ({missing} not answered)" if missing else ""
        print(
            f"  {row.learner:<20} {labels[row.part]:<8} {row.right:>2} of {row.questions} right "
            f"({percent(row.score_share)}){note}  {verdict}"
        )
    return 0


def _one_line(exc: QuizError) -> str:
    if len(exc.problems) == 1:
        return str(exc.problems[0])
    return f"{exc.problems[0]} (and {len(exc.problems) - 1} more; run 'storecrm quiz check')"
