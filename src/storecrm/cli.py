"""The ``storecrm`` command line.

Each sub-package that offers commands has a ``cli`` module with a ``register(subparsers)``
function; this module only assembles them. Keeping registration in the sub-packages means a
new command never has to touch the others, and ``storecrm --help`` lists them all.

Errors in the arguments exit with status 2 and one line (no usage dump), because the people
running these commands are trainers and authors, not argparse experts.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from storecrm.errors import CommandError, CourseError

__all__ = ["COMMAND_MODULES", "CommandError", "build_parser", "main"]

#: Modules that contribute sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "storecrm.data.cli",
    "storecrm.analysis.cli",
    "storecrm.quiz.cli",
    "storecrm.authoring.cli",
    "storecrm.classroom.cli",
)


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one clear line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the full parser with every registered sub-command."""
    parser = OneLineParser(
        prog="storecrm",
        description="Tools for the Maple Street Mart CRM Academy: data, quizzes and exercises.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(sub)
    return parser


def _version() -> str:
    from storecrm import __version__

    return f"storecrm {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status instead of raising it."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse's own exits (--help, errors)
        return int(exc.code or 0)
    handler: Callable[[argparse.Namespace], int | None] = args.handler
    try:
        return int(handler(args) or 0)
    except CourseError as exc:  # CommandError and every other fixable problem
        print(f"storecrm: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that cannot be read or written, a full disk ...
        print(f"storecrm: error: {_describe(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("storecrm: interrupted", file=sys.stderr)
        return 130


def _describe(exc: OSError) -> str:
    """One line for a file-system error, naming the file when the error does.

    Commands turn the errors they expect into :class:`CommandError`; this is the net for
    the rest (permissions, a full disk), so the user never sees a traceback for them.
    """
    what = exc.strerror or str(exc)
    return f"{exc.filename}: {what}." if exc.filename else f"{what}."


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
