"""The ipywidgets role-play for JupyterLab: the *view* over :class:`RolePlaySession`.

Everything the tool decides (which node, which choices, when it ends) lives in the session;
this module only draws it and turns button presses into session calls.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from storecrm.authoring.say import html_with_script_lines
from storecrm.widgets.roleplay.scenario import OUTCOME_LABELS, Scenario, packaged_scenarios
from storecrm.widgets.roleplay.session import RolePlaySession

__all__ = ["RolePlay", "play_roleplay"]


def _p(text: str, style: str = "") -> str:
    return f'<p style="margin:0.3em 0;{style}">{html_with_script_lines(text)}</p>'


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
                f"<li><b>{c.key}.</b> {html_with_script_lines(c.text)}</li>" for c in node.choices
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
                + "<p style='margin:0.3em 0'><b>Customer:</b> "
                + f"{html_with_script_lines(choice.reaction)}</p>"
                + f"<p style='margin:0.3em 0'><b>Coaching ({html.escape(choice.skill)}):</b> "
                + f"{html_with_script_lines(choice.coaching)}</p></div>"
            )
        self.continue_button.disabled = not session.awaiting_advance


def play_roleplay(scenario_id: str | None = None) -> widgets.Widget:
    """Return a role-play to display in JupyterLab.

    With an id, returns that :class:`RolePlay`. Without one, returns a picker with every
    scenario above the role-play, so a trainer can switch scenario in the room.
    """
    if scenario_id is not None:
        return RolePlay(scenario_id)
    scenarios = packaged_scenarios()
    picker = widgets.Dropdown(
        options=[(s.title, s.id) for s in scenarios.values()], description="Scenario"
    )
    box = widgets.VBox([picker, RolePlay(picker.value)])

    def switch(change: dict[str, Any]) -> None:
        box.children = (picker, RolePlay(change["new"]))

    picker.observe(switch, names="value")
    return box
