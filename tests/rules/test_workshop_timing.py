"""Module 3's plans and its role-play cards give one round timing: the rules' workshop section.

The issue this guards against: the plan said 3-minute rounds while the cards said "4 minutes +
1 minute feedback". Both pages must now take the timing from ``store_rules.yml`` (a
placeholder), never type a round length, and the plans' time slots must fit the rounds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storecrm.rules import store_rules

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "book" / "trainers" / "module-03.md"
CARDS = REPO / "book" / "trainers" / "roleplay-cards.md"

#: A round length typed as a number: "3 minutes per round", "rounds of 4 minutes",
#: "(4 minutes + 1 minute feedback)", "Play for up to 3 minutes".
TYPED_ROUND = re.compile(
    r"\d+\s*minutes?\s*(per round|a round|\+|of play|of observer feedback)"
    r"|rounds? of \d+\s*minutes?|play (for )?(up to )?\d+\s*minutes?",
    re.IGNORECASE,
)


@pytest.mark.parametrize("page", [PLAN, CARDS], ids=lambda p: p.name)
def test_round_timing_comes_from_the_rules(page: Path) -> None:
    text = page.read_text("utf-8")
    assert "{{ roleplay_round_minutes }}" in text
    assert "{{ roleplay_feedback_minutes }}" in text
    typed = [m.group(0) for m in TYPED_ROUND.finditer(text)]
    assert not typed, f"{page.name} types a round length; use the placeholders: {typed}"


def _slot(activity: str) -> int:
    for line in PLAN.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) > 1 and cells[1].startswith(activity):
            start, end = (int(x) for x in cells[0].split("-"))
            return end - start
    raise AssertionError(f"no plan row starts with {activity!r}")


def test_plan_slots_fit_the_rounds() -> None:
    w = store_rules().workshop
    # 90 minutes: five situations, each a round plus its feedback, fill the carousel slot.
    assert _slot("Role-play carousel") == 5 * w.roleplay_slot_minutes
    # 60 minutes: two situations fit, with time to hand out the cards.
    assert _slot("Role-play: two situations") >= 2 * w.roleplay_slot_minutes
