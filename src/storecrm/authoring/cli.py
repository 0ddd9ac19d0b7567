"""``storecrm exercises build [--check]`` and ``storecrm exercises execute``.

Also ``storecrm playbook pdf`` (defined in :mod:`storecrm.authoring.playbook`) and
``storecrm book reading-times`` (:mod:`storecrm.authoring.reading_report`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from storecrm.authoring import dist, linkcheck, playbook, reading_report

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``exercises`` command and its sub-commands, and ``playbook``."""
    parser = subparsers.add_parser(
        "exercises",
        help="generate learner copies of exercise notebooks and refresh stored outputs",
        description="Tools for exercise authors: learner copies and stored outputs.",
    )
    sub = parser.add_subparsers(dest="exercises_command", metavar="ACTION")
    sub.required = True

    build = sub.add_parser(
        "build",
        help="regenerate learner copies from the solution notebooks",
        description=(
            "Regenerate exercises/exNN_*.ipynb from exercises/solutions/exNN_*.ipynb and "
            "execute the copies that changed, so their stored outputs are fresh."
        ),
    )
    build.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list learner copies that drifted or were never run",
    )
    build.add_argument(
        "--no-execute", action="store_true", help="write changed copies without running them"
    )
    build.add_argument("--root", default="exercises", help="the exercises folder")
    build.set_defaults(handler=_build)

    run = sub.add_parser(
        "execute",
        help="re-run exercise notebooks and store their outputs",
        description=(
            "Execute notebooks with the python3 kernel and store the outputs. Without paths, "
            "runs every solution notebook and every learner copy."
        ),
    )
    run.add_argument("paths", nargs="*", help="notebooks to run (default: all exercises)")
    run.add_argument("--root", default="exercises", help="the exercises folder")
    run.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    run.set_defaults(handler=_execute)

    playbook.register(subparsers)
    dist.register(subparsers)
    linkcheck.register(subparsers)
    reading_report.register(subparsers)


def _root(value: str) -> Path:
    from storecrm.errors import CommandError

    root = Path(value)
    if not (root / "solutions").is_dir():
        raise CommandError(f"no solutions folder in '{root}'; run this from the repository root")
    return root


def _build(args: argparse.Namespace) -> int:
    from storecrm.authoring.execute import execute_notebook
    from storecrm.authoring.pipeline import build_exercises

    root = _root(args.root)
    execute = None if (args.check or args.no_execute) else execute_notebook
    report = build_exercises(root, check=args.check, execute=execute)
    if args.check:
        for path in report.drifted:
            print(f"drifted: {path} (run 'storecrm exercises build')")
        for path in report.unexecuted:
            print(f"not executed: {path} (run 'storecrm exercises execute {path}')")
        if not report.ok:
            return 1
        print("learner copies are up to date")
        return 0
    for path in report.written:
        print(f"wrote {path}")
    if not report.written:
        print("learner copies are up to date")
    return 0


def _execute(args: argparse.Namespace) -> int:
    from nbclient.exceptions import CellExecutionError

    from storecrm.authoring.execute import execute_notebook
    from storecrm.authoring.learner import learner_path
    from storecrm.authoring.pipeline import find_solutions
    from storecrm.errors import CommandError

    if args.paths:
        paths = [Path(p) for p in args.paths]
    else:
        solutions = find_solutions(_root(args.root))
        paths = [*solutions, *(learner_path(p) for p in solutions)]
    for path in paths:
        if not path.is_file() or path.suffix != ".ipynb":
            raise CommandError(f"'{path}' is not a notebook file")
        try:
            execute_notebook(path, timeout=args.timeout)
        except CellExecutionError as exc:
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else "a cell failed"
            raise CommandError(f"{path}: a cell failed: {first}") from None
        print(f"executed {path}")
    return 0
