"""Branching complaint role-plays: one YAML source, a live widget and a static page.

The package is split along model and view:

- :mod:`.scenario` loads and validates the scenario file (the model's data);
- :mod:`.session` is the branching state machine of one play-through (no widgets);
- :mod:`.markdown` renders a scenario as MyST dropdowns for the static book;
- :mod:`.widget` is the ipywidgets tool for JupyterLab.

Everything public is re-exported here, so ``from storecrm.widgets.roleplay import X`` keeps
working as it did when this was one module.
"""

from storecrm.widgets.roleplay.markdown import scenario_markdown, show_static
from storecrm.widgets.roleplay.scenario import (
    OUTCOME_LABELS,
    Choice,
    Node,
    Scenario,
    ScenarioError,
    get_scenario,
    load_scenarios,
    parse_scenarios,
)
from storecrm.widgets.roleplay.session import RolePlaySession
from storecrm.widgets.roleplay.widget import RolePlay, play_roleplay

__all__ = [
    "OUTCOME_LABELS",
    "Choice",
    "Node",
    "RolePlay",
    "RolePlaySession",
    "Scenario",
    "ScenarioError",
    "get_scenario",
    "load_scenarios",
    "parse_scenarios",
    "play_roleplay",
    "scenario_markdown",
    "show_static",
]
