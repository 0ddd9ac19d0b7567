"""One shared classroom server: accounts, private homes, the hub's configuration, links.

:mod:`.roster` reads the trainer's class lists, :mod:`.provision` turns them into accounts
and folders with the right owners and modes (``storecrm classroom setup``), and
:mod:`.links` makes one nbgitpuller link per exercise (``storecrm classroom links``). The
page ``book/trainers/classroom-setup.md`` explains the whole set-up.
"""

from storecrm.classroom.links import (
    ExerciseLink,
    exercise_links,
    links_html,
    links_table,
    read_repository,
)
from storecrm.classroom.provision import (
    LEARNERS_GROUP,
    SUPERVISORS_GROUP,
    Layout,
    plan_setup,
    render_config,
)
from storecrm.classroom.roster import Roster, read_roster

__all__ = [
    "LEARNERS_GROUP",
    "SUPERVISORS_GROUP",
    "ExerciseLink",
    "Layout",
    "Roster",
    "exercise_links",
    "links_html",
    "links_table",
    "plan_setup",
    "read_repository",
    "read_roster",
    "render_config",
]
