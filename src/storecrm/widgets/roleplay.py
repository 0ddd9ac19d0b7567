"""Branching complaint role-plays: one YAML source, a live widget and a static page.

Module 3 practises complaint handling with short branching scenarios. Each scenario is a
small graph: a *step* shows the situation and 2-4 things you could say; each choice shows the
customer's reaction and a coaching note naming the skill, then leads to the next step, until
an *outcome* is reached.

The scenarios live as data in ``storecrm/widgets/scenarios/complaints.yml`` so that trainers
can edit the words without touching code, and so that the two versions never drift apart:

- :class:`RolePlay` is an ipywidgets tool for JupyterLab (choose, see the reaction and the
  coaching, continue, restart). Its logic lives in :class:`RolePlaySession`, which has no
  widgets, so tests can drive it without a browser.
- :func:`scenario_markdown` renders the same graph as nested MyST dropdowns for the online
  book, where widget callbacks never run and many readers are on a phone.

The file is validated when loaded (:func:`load_scenarios`): unknown or missing fields, a
``next`` that names no node, a node nobody can reach, or a loop (a path that never ends) all
raise :class:`ScenarioError` naming the file, the scenario and the node.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import yaml

from storecrm.data.schema import CATEGORY_VALUES
from storecrm.errors import CourseError
from storecrm.rules import UnknownPlaceholder, render

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


def _as_scenario(scenario: str | Scenario) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else get_scenario(scenario)


# --------------------------------------------------------------------------- session


class RolePlaySession:
    """The state of one play-through, with no user interface.

    Call :meth:`choose` with a choice key to see the reaction and coaching, then
    :meth:`advance` to move to the next node. :attr:`finished` is true at an outcome;
    :meth:`restart` goes back to the start.
    """

    def __init__(self, scenario: str | Scenario) -> None:
        self.scenario = _as_scenario(scenario)
        self.restart()

    def restart(self) -> None:
        """Go back to the first step and forget the path taken."""
        self.node: Node = self.scenario.node(self.scenario.start)
        self.last_choice: Choice | None = None
        self.history: list[tuple[str, Choice]] = []

    @property
    def awaiting_advance(self) -> bool:
        """True after a choice, while its reaction and coaching are on screen."""
        return self.last_choice is not None

    @property
    def finished(self) -> bool:
        """True when the current node is an outcome."""
        return self.node.is_outcome

    @property
    def outcome(self) -> str | None:
        """``"good"``, ``"mixed"`` or ``"poor"`` once finished, else ``None``."""
        return self.node.outcome

    @property
    def skills(self) -> list[str]:
        """The skills named by the coaching notes along the path so far."""
        return [choice.skill for _, choice in self.history]

    def choose(self, key: str) -> Choice:
        """Pick a response at the current step and return it (reaction, coaching, next)."""
        if self.finished:
            raise RuntimeError("The role-play has ended; restart to play again.")
        if self.awaiting_advance:
            raise RuntimeError("Continue to the next step before choosing again.")
        choice = self.node.choice(key)
        self.last_choice = choice
        self.history.append((self.node.id, choice))
        return choice

    def advance(self) -> Node:
        """Move on to the node the last choice leads to, and return it."""
        if self.last_choice is None:
            raise RuntimeError("Choose a response first.")
        self.node = self.scenario.node(self.last_choice.next)
        self.last_choice = None
        return self.node


# --------------------------------------------------------------------------- static version


def _max_depth(scenario: Scenario, node_id: str) -> int:
    node = scenario.node(node_id)
    if node.is_outcome:
        return 0
    return 1 + max(_max_depth(scenario, c.next) for c in node.choices)


def _outcome_md(node: Node) -> list[str]:
    return [f"**{OUTCOME_LABELS[node.outcome or 'mixed']}.** {node.text}", ""]


def _step_md(scenario: Scenario, node: Node) -> list[str]:
    fence = ":" * (2 + _max_depth(scenario, node.id))
    lines = [node.situation, "", "What do you say or do?", ""]
    for choice in node.choices:
        lines += [
            f"{fence}{{dropdown}} {choice.key}. {choice.text}",
            f"**Customer:** {choice.reaction}",
            "",
            f"**Coaching ({choice.skill}):** {choice.coaching}",
            "",
        ]
        nxt = scenario.node(choice.next)
        if nxt.is_outcome:
            lines += _outcome_md(nxt)
        else:
            lines += ["**Next:**", "", *_step_md(scenario, nxt)]
        lines += [fence, ""]
    return lines


def scenario_markdown(scenario: str | Scenario) -> str:
    """Render a scenario as MyST markdown: the situation, then one dropdown per choice.

    Each dropdown holds the customer's reaction, the coaching note, and then either the next
    step (with its own nested dropdowns) or the outcome. Readers open one choice at a time,
    which works on a phone and needs no kernel. Outer dropdowns get longer colon fences so
    nesting stays valid at any depth.
    """
    scenario = _as_scenario(scenario)
    header = [f"*{scenario.where}*", ""]
    return "\n".join(header + _step_md(scenario, scenario.node(scenario.start))).rstrip() + "\n"


def show_static(scenario_ids: str | Iterable[str] | None = None) -> None:
    """Display the static version of one, several or all scenarios in a notebook cell.

    In the book the cell must render markdown as MyST (cell metadata
    ``mystnb: {markdown_format: myst}``) so the dropdowns work.
    """
    from IPython.display import Markdown, display

    if scenario_ids is None:
        scenario_ids = list(_load_packaged())
    elif isinstance(scenario_ids, str):
        scenario_ids = [scenario_ids]
    for scenario_id in scenario_ids:
        display(Markdown(scenario_markdown(scenario_id)))


# --------------------------------------------------------------------------- widget


def _p(text: str, style: str = "") -> str:
    return f'<p style="margin:0.3em 0;{style}">{html.escape(text)}</p>'


class RolePlay(widgets.VBox):
    """A JupyterLab tool to play one branching complaint scenario.

    Read the situation, press the letter of what you would say, read the customer's reaction
    and the coaching note, press *Continue*. *Restart* starts again so you can try another
    path. All the logic is in :attr:`session` (a :class:`RolePlaySession`).

    Parameters
    ----------
    scenario_id
        One of the ids in the scenario file, e.g. ``"expired_product"``.
    """

    def __init__(self, scenario_id: str | Scenario = "expired_product") -> None:
        self.session = RolePlaySession(scenario_id)
        scenario = self.session.scenario
        self.header = widgets.HTML(
            f"<h4 style='margin:0.2em 0'>{html.escape(scenario.title)}</h4>"
            + _p(scenario.where, "color:#555;font-style:italic")
        )
        self.situation = widgets.HTML()
        self.choice_box = widgets.HBox()
        self.feedback = widgets.HTML()
        self.continue_button = widgets.Button(description="Continue", icon="arrow-right")
        self.restart_button = widgets.Button(description="Restart", icon="refresh")
        self.continue_button.on_click(lambda _: self.advance())
        self.restart_button.on_click(lambda _: self.restart())
        super().__init__(
            [
                self.header,
                self.situation,
                self.choice_box,
                self.feedback,
                widgets.HBox([self.continue_button, self.restart_button]),
            ],
            layout=widgets.Layout(max_width="46em"),
        )
        self._render()

    # Actions (also what the buttons call, so tests can drive the widget directly).
    def choose(self, key: str) -> None:
        """Pick a response, as if its button were pressed."""
        self.session.choose(key)
        self._render()

    def advance(self) -> None:
        """Go to the next step, as if *Continue* were pressed."""
        self.session.advance()
        self._render()

    def restart(self) -> None:
        """Start the scenario again."""
        self.session.restart()
        self._render()

    def _choice_button(self, key: str) -> widgets.Button:
        button = widgets.Button(description=key, tooltip=f"Say response {key}")
        button.layout.width = "4em"
        button.on_click(lambda _: self.choose(key))
        return button

    def _render(self) -> None:
        session = self.session
        node = session.node
        if session.finished:
            self.situation.value = (
                f"<b>{html.escape(OUTCOME_LABELS[node.outcome or 'mixed'])}</b>"
                + _p(node.text)
                + _p("Skills on your path: " + ", ".join(session.skills), "color:#555")
            )
            self.choice_box.children = ()
        else:
            options = "".join(
                f"<li><b>{c.key}.</b> {html.escape(c.text)}</li>" for c in node.choices
            )
            self.situation.value = (
                _p(node.situation)
                + "<p style='margin:0.3em 0'><b>What do you say or do?</b></p>"
                + f"<ul style='list-style:none;padding-left:0.5em'>{options}</ul>"
            )
            self.choice_box.children = tuple(self._choice_button(c.key) for c in node.choices)
        choice = session.last_choice
        for button in self.choice_box.children:
            button.disabled = session.awaiting_advance
            chosen = choice is not None and button.description == choice.key
            button.button_style = "info" if chosen else ""
        if choice is None:
            self.feedback.value = ""
        else:
            self.feedback.value = (
                "<div style='border-left:4px solid #0072B2;padding-left:0.6em'>"
                + _p(f"You chose {choice.key}.", "color:#555")
                + f"<p style='margin:0.3em 0'><b>Customer:</b> {html.escape(choice.reaction)}</p>"
                + f"<p style='margin:0.3em 0'><b>Coaching ({html.escape(choice.skill)}):</b> "
                + f"{html.escape(choice.coaching)}</p></div>"
            )
        self.continue_button.disabled = not session.awaiting_advance


def play_roleplay(scenario_id: str | None = None) -> widgets.Widget:
    """Return a role-play to display in JupyterLab.

    With an id, returns that :class:`RolePlay`. Without one, returns a picker with every
    scenario above the role-play, so a trainer can switch scenario in the room.
    """
    if scenario_id is not None:
        return RolePlay(scenario_id)
    scenarios = _load_packaged()
    picker = widgets.Dropdown(
        options=[(s.title, s.id) for s in scenarios.values()], description="Scenario"
    )
    box = widgets.VBox([picker, RolePlay(picker.value)])

    def switch(change: dict[str, Any]) -> None:
        box.children = (picker, RolePlay(change["new"]))

    picker.observe(switch, names="value")
    return box
