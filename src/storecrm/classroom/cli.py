"""``storecrm classroom setup|links``: one shared server for a group, and its links."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``classroom`` and its sub-commands to the ``storecrm`` parser."""
    classroom = subparsers.add_parser(
        "classroom",
        help="set up one shared JupyterHub server for a group, and its exercise links",
        description="See book/trainers/classroom-setup.md.",
    )
    sub = classroom.add_subparsers(dest="classroom_command", metavar="STEP")
    sub.required = True
    setup = sub.add_parser(
        "setup",
        help="create the groups, accounts, private homes, shared folders and hub configuration",
        description="Create the groups crm-learners and crm-supervisors, one account per name "
        "with a private home holding the exercise notebooks, the course materials (read-only "
        "for everyone), a store's imported data (read-only, supervisors only) and the "
        "JupyterHub configuration. Safe to run again: it adds new people and repairs modes, "
        "and never overwrites a learner's notebooks. Needs root, except with --dry-run.",
    )
    setup.add_argument("--learners", type=Path, required=True, help="text file: one name a line")
    setup.add_argument("--supervisors", type=Path, required=True, help="text file: one name a line")
    setup.add_argument(
        "--data", type=Path, default=None, help="the --out folder of `storecrm data import`"
    )
    setup.add_argument(
        "--prefix", type=Path, default=Path("/"), help="put /home, /srv, /etc under this folder"
    )
    setup.add_argument("--course", type=Path, default=None, help="the course folder")
    setup.add_argument("--port", type=int, default=8000, help="the hub's port (default 8000)")
    setup.add_argument("--dry-run", action="store_true", help="print the steps, change nothing")
    setup.set_defaults(handler=_setup)

    links = sub.add_parser(
        "links",
        help="print one nbgitpuller link per exercise, as a Markdown table",
        description="Build a link per exercise notebook that opens it in a learner's "
        "JupyterLab on the hub (nbgitpuller), from repository.url and branch in _config.yml.",
    )
    links.add_argument(
        "--hub", required=True, help="the hub's address, e.g. https://hub.example.cn"
    )
    links.add_argument("--course", type=Path, default=None, help="the course folder")
    links.set_defaults(handler=_links)


def _setup(args: argparse.Namespace) -> int:
    from storecrm.classroom.provision import Layout, plan_setup
    from storecrm.classroom.roster import read_roster
    from storecrm.classroom.source import project_root
    from storecrm.errors import CommandError

    roster = read_roster(args.learners, args.supervisors)
    if not args.dry_run and os.geteuid() != 0:
        raise CommandError(
            "setting up the server needs root (it creates accounts)",
            hint="run it with sudo, or add --dry-run to see what it would do",
        )
    plan = plan_setup(
        roster,
        root=project_root(args.course),
        layout=Layout(args.prefix.resolve()),
        data=args.data,
        port=args.port,
    )
    for warning in plan.warnings:
        print(f"warning: {warning}")
    if args.dry_run:
        print(f"Dry run: {len(plan.steps)} steps, nothing changed.")
        for number, step in enumerate(plan.steps, start=1):
            print(f"[{number}/{len(plan.steps)}] {step.text}")
        return 0
    plan.run()
    print(
        f"Done: {len(roster.learners)} learner(s), {len(roster.supervisors)} supervisor(s). "
        "Set each person's password with `passwd NAME` (or chpasswd), then start the hub: "
        "see book/trainers/classroom-setup.md."
    )
    return 0


def _links(args: argparse.Namespace) -> int:
    from storecrm.classroom.links import exercise_links, links_table
    from storecrm.classroom.source import project_root

    print(links_table(exercise_links(project_root(args.course), args.hub)))
    return 0
