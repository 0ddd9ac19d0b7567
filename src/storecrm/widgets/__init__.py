"""Live tools for workshops in JupyterLab, each with a static version for the book.

Widgets only run with a kernel; the online book shows their static versions, which are
generated from the same data, so no widget carries content a reader needs.
"""

from storecrm.widgets.programme import ProgrammeSimulator, programme_simulator
from storecrm.widgets.roleplay import (
    Choice,
    Node,
    RolePlay,
    RolePlaySession,
    Scenario,
    ScenarioError,
    get_scenario,
    load_scenarios,
    parse_scenarios,
    play_roleplay,
    scenario_markdown,
    show_static,
)

__all__ = [
    "Choice",
    "Node",
    "ProgrammeSimulator",
    "RolePlay",
    "RolePlaySession",
    "Scenario",
    "ScenarioError",
    "get_scenario",
    "load_scenarios",
    "parse_scenarios",
    "play_roleplay",
    "programme_simulator",
    "scenario_markdown",
    "show_static",
]
