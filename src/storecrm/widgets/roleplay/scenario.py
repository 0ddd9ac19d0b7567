"""Complaint role-play scenarios as data: loading, validation and the scenario graph.

Module 3 practises complaint handling with short branching scenarios. Each scenario is a
small graph: a *step* shows the situation and 2-4 things you could say; each choice shows the
customer's reaction and a coaching note naming the skill, then leads to the next step, until
an *outcome* is reached.

The scenarios live as data in ``storecrm/widgets/scenarios/complaints.yml`` so that trainers
can edit the words without touching code. This module is the *model* half of the role-play:
it reads and checks that file and knows nothing about widgets or pages. The play-through
state machine is in :mod:`.session`, the static book version in :mod:`.markdown` and the
ipywidgets tool in :mod:`.widget`.

The file is validated when loaded (:func:`load_scenarios`): unknown or missing fields, a
``next`` that names no node, a node nobody can reach, or a loop (a path that never ends) all
raise :class:`ScenarioError` naming the file, the scenario and the node.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from storecrm.data.schema import CATEGORY_VALUES
from storecrm.errors import CourseError
from storecrm.rules import UnknownPlaceholder, render

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "OUTCOME_LABELS",
    "Choice",
    "Node",
    "Scenario",
    "ScenarioError",
    "as_scenario",
    "get_scenario",
    "load_scenarios",
    "packaged_scenarios",
    "parse_scenarios",
]

#: How each outcome is named on screen; also the set of allowed ``outcome`` values.
OUTCOME_LABELS: dict[str, str] = {
    "good": "Good outcome",
    "mixed": "Mixed outcome",
    "poor": "Poor outcome",
}

#: Categories and channels follow the ``complaints`` table of the store data, so a trainer
#: can put a scenario next to the real complaints of the same kind.
CATEGORIES = frozenset(CATEGORY_VALUES["complaint_category"])
CHANNELS = frozenset(CATEGORY_VALUES["complaint_channel"])

_CHOICE_KEYS = "abcd"
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_SCENARIO_FIELDS = {"id", "title", "category", "channel", "where", "start", "nodes"}
_STEP_FIELDS = {"id", "situation", "choices"}
_OUTCOME_FIELDS = {"id", "outcome", "text"}
_CHOICE_FIELDS = {"text", "reaction", "skill", "coaching", "next"}
_PACKAGED = ("scenarios", "complaints.yml")


class ScenarioError(CourseError):
    """A scenario file is not valid. The message names the file, scenario and node."""


@dataclass(frozen=True)
class Choice:
    """One thing the staff member could say or do, and what follows from it."""

    key: str
    text: str
    reaction: str
    skill: str
    coaching: str
    next: str


@dataclass(frozen=True)
class Node:
    """A step (situation + choices) or an outcome (outcome + text) in a scenario graph."""

    id: str
    situation: str = ""
    choices: tuple[Choice, ...] = ()
    outcome: str | None = None
    text: str = ""

    @property
    def is_outcome(self) -> bool:
        """True for an ending: no choices, only an outcome and its text."""
        return self.outcome is not None

    def choice(self, key: str) -> Choice:
        """Return the choice with this key (``"a"``, ``"b"`` ...)."""
        for choice in self.choices:
            if choice.key == key:
                return choice
        valid = ", ".join(c.key for c in self.choices) or "none (this is an outcome)"
        raise ValueError(f"No choice {key!r} at step {self.id!r}; valid choices: {valid}.")


@dataclass(frozen=True)
class Scenario:
    """A validated branching scenario: nodes in file order, starting at ``start``."""

    id: str
    title: str
    category: str
    channel: str
    where: str
    start: str
    nodes: dict[str, Node] = field(default_factory=dict)

    def node(self, node_id: str) -> Node:
        """Return a node by id."""
        return self.nodes[node_id]

    def paths(self) -> list[list[tuple[str, str]]]:
        """Every path from the start to an outcome, as ``(node_id, choice_key)`` pairs.

        Trainers use the count to see how many routes a scenario has; tests use it to show
        that every route ends.
        """
        found: list[list[tuple[str, str]]] = []

        def walk(node_id: str, so_far: list[tuple[str, str]]) -> None:
            node = self.nodes[node_id]
            if node.is_outcome:
                found.append(so_far)
                return
            for choice in node.choices:
                walk(choice.next, [*so_far, (node_id, choice.key)])

        walk(self.start, [])
        return found


# --------------------------------------------------------------------------- loading


def _text(value: Any, where: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"{where}: '{name}' must be non-empty text.")
    try:  # store rules are written as {{ placeholders }} (storecrm.rules) and filled here
        return " ".join(render(value).split())
    except UnknownPlaceholder as exc:
        raise ScenarioError(f"{where}: '{name}': {exc}") from None


def _check_fields(raw: Any, where: str, allowed: set[str], required: set[str]) -> None:
    if not isinstance(raw, Mapping):
        raise ScenarioError(f"{where}: expected a mapping of fields, got {type(raw).__name__}.")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ScenarioError(f"{where}: unknown field(s) {', '.join(unknown)}.")
    missing = sorted(required - set(raw))
    if missing:
        raise ScenarioError(f"{where}: missing field(s) {', '.join(missing)}.")


def _parse_node(raw: Any, where: str) -> Node:
    if isinstance(raw, Mapping) and "outcome" in raw:
        _check_fields(raw, where, _OUTCOME_FIELDS, _OUTCOME_FIELDS)
        if raw["outcome"] not in OUTCOME_LABELS:
            allowed = ", ".join(OUTCOME_LABELS)
            raise ScenarioError(f"{where}: outcome must be one of {allowed}.")
        return Node(id=raw["id"], outcome=raw["outcome"], text=_text(raw["text"], where, "text"))
    _check_fields(raw, where, _STEP_FIELDS, _STEP_FIELDS)
    raw_choices = raw["choices"]
    if not isinstance(raw_choices, list) or not 2 <= len(raw_choices) <= len(_CHOICE_KEYS):
        raise ScenarioError(f"{where}: a step needs 2 to {len(_CHOICE_KEYS)} choices.")
    choices = []
    for key, raw_choice in zip(_CHOICE_KEYS, raw_choices, strict=False):
        cwhere = f"{where}, choice {key}"
        _check_fields(raw_choice, cwhere, _CHOICE_FIELDS, _CHOICE_FIELDS)
        choices.append(
            Choice(
                key=key,
                **{name: _text(raw_choice[name], cwhere, name) for name in sorted(_CHOICE_FIELDS)},
            )
        )
    return Node(
        id=raw["id"], situation=_text(raw["situation"], where, "situation"), choices=tuple(choices)
    )


def _check_graph(scenario: Scenario, where: str) -> None:
    nodes = scenario.nodes
    if scenario.start not in nodes:
        raise ScenarioError(f"{where}: start {scenario.start!r} is not a node id.")
    if nodes[scenario.start].is_outcome:
        raise ScenarioError(f"{where}: start {scenario.start!r} must be a step, not an outcome.")
    for node in nodes.values():
        for choice in node.choices:
            if choice.next not in nodes:
                raise ScenarioError(
                    f"{where}, node {node.id}, choice {choice.key}: "
                    f"next {choice.next!r} is not a node id."
                )
    # Depth-first search from the start: finds loops (grey -> grey edge) and reachability.
    state: dict[str, str] = {}

    def visit(node_id: str, trail: list[str]) -> None:
        state[node_id] = "open"
        for choice in nodes[node_id].choices:
            if state.get(choice.next) == "open":
                loop = " -> ".join([*trail, node_id, choice.next])
                raise ScenarioError(f"{where}: loop {loop}; every path must end in an outcome.")
            if choice.next not in state:
                visit(choice.next, [*trail, node_id])
        state[node_id] = "done"

    visit(scenario.start, [])
    unreachable = [node_id for node_id in nodes if node_id not in state]
    if unreachable:
        raise ScenarioError(
            f"{where}: node(s) {', '.join(unreachable)} cannot be reached from the start."
        )
    if not any(n.outcome == "good" for n in nodes.values()):
        raise ScenarioError(f"{where}: needs at least one 'good' outcome to aim for.")


def _parse_scenario(raw: Any, where: str) -> Scenario:
    _check_fields(raw, where, _SCENARIO_FIELDS, _SCENARIO_FIELDS)
    sid = raw["id"]
    if not isinstance(sid, str) or not _ID_PATTERN.match(sid):
        raise ScenarioError(f"{where}: id {sid!r} must be lower_snake_case.")
    where = f"{where.rsplit(',', 1)[0]}, scenario {sid}"
    if raw["category"] not in CATEGORIES:
        raise ScenarioError(f"{where}: unknown category {raw['category']!r}.")
    if raw["channel"] not in CHANNELS:
        raise ScenarioError(f"{where}: unknown channel {raw['channel']!r}.")
    if not isinstance(raw["nodes"], list) or not raw["nodes"]:
        raise ScenarioError(f"{where}: 'nodes' must be a non-empty list.")
    nodes: dict[str, Node] = {}
    for index, raw_node in enumerate(raw["nodes"], start=1):
        node_id = raw_node.get("id") if isinstance(raw_node, Mapping) else None
        if not isinstance(node_id, str) or not _ID_PATTERN.match(node_id):
            raise ScenarioError(f"{where}, node #{index}: id must be lower_snake_case text.")
        if node_id in nodes:
            raise ScenarioError(f"{where}: node id {node_id!r} is used twice.")
        nodes[node_id] = _parse_node(raw_node, f"{where}, node {node_id}")
    scenario = Scenario(
        id=sid,
        title=_text(raw["title"], where, "title"),
        category=raw["category"],
        channel=raw["channel"],
        where=_text(raw["where"], where, "where"),
        start=raw["start"],
        nodes=nodes,
    )
    _check_graph(scenario, where)
    return scenario


def parse_scenarios(data: Any, source: str = "<scenarios>") -> dict[str, Scenario]:
    """Validate already-parsed YAML data and return the scenarios by id, in file order.

    Parameters
    ----------
    data
        The mapping read from a scenario file: ``{"version": 1, "scenarios": [...]}``.
    source
        A name for the data (usually the file path), used in error messages.

    Raises
    ------
    ScenarioError
        With one sentence naming the source, scenario and node at fault.
    """
    _check_fields(data, source, {"version", "scenarios"}, {"version", "scenarios"})
    if data["version"] != 1:
        raise ScenarioError(f"{source}: unsupported version {data['version']!r} (expected 1).")
    if not isinstance(data["scenarios"], list) or not data["scenarios"]:
        raise ScenarioError(f"{source}: 'scenarios' must be a non-empty list.")
    scenarios: dict[str, Scenario] = {}
    for index, raw in enumerate(data["scenarios"], start=1):
        scenario = _parse_scenario(raw, f"{source}, scenario #{index}")
        if scenario.id in scenarios:
            raise ScenarioError(f"{source}: scenario id {scenario.id!r} is used twice.")
        scenarios[scenario.id] = scenario
    return scenarios


def load_scenarios(path: str | Path | None = None) -> dict[str, Scenario]:
    """Read and validate a scenario file; by default the course's complaint scenarios.

    The default file is read with :mod:`importlib.resources`, so it works from an installed
    package as well as from the repository.
    """
    if path is None:
        return dict(_load_packaged())
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the scenario file ({exc.strerror}).") from exc
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            f"{path}: not UTF-8 text (byte {exc.start}); re-save it as UTF-8."
        ) from None
    return _parse_text(text, str(path))


def _parse_text(text: str, source: str) -> dict[str, Scenario]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{source}: not valid YAML ({exc}).") from exc
    return parse_scenarios(data, source)


@lru_cache(maxsize=1)
def _load_packaged() -> dict[str, Scenario]:
    resource = resources.files("storecrm.widgets").joinpath(*_PACKAGED)
    return _parse_text(
        resource.read_text(encoding="utf-8"), "storecrm/widgets/scenarios/complaints.yml"
    )


def get_scenario(scenario_id: str) -> Scenario:
    """Return one of the course's scenarios by id, with a clear error for a wrong id."""
    scenarios = _load_packaged()
    if scenario_id not in scenarios:
        valid = ", ".join(scenarios)
        raise KeyError(f"No scenario {scenario_id!r}; choose one of: {valid}.")
    return scenarios[scenario_id]


def packaged_scenarios() -> dict[str, Scenario]:
    """The course's own scenarios by id, in file order (read once, then cached)."""
    return _load_packaged()


def as_scenario(scenario: str | Scenario) -> Scenario:
    """Accept a scenario or its id, so every view can be called with either."""
    return scenario if isinstance(scenario, Scenario) else get_scenario(scenario)
