"""The branching state machine of one role-play play-through, with no user interface.

Kept apart from the widget so tests (and any future front end) can drive a scenario step by
step without a browser or a kernel.
"""

from __future__ import annotations

from storecrm.widgets.roleplay.scenario import Choice, Node, Scenario, as_scenario

__all__ = ["RolePlaySession"]


class RolePlaySession:
    """The state of one play-through, with no user interface.

    Call :meth:`choose` with a choice key to see the reaction and coaching, then
    :meth:`advance` to move to the next node. :attr:`finished` is true at an outcome;
    :meth:`restart` goes back to the start.
    """

    def __init__(self, scenario: str | Scenario) -> None:
        self.scenario = as_scenario(scenario)
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
