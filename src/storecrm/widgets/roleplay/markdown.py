"""The static version of a role-play: nested MyST dropdowns for the online book.

Widget callbacks never run in the static site and many readers are on a phone, so the book
shows each scenario as dropdowns generated from the same YAML as the live tool; the two
versions cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from storecrm.widgets.roleplay.scenario import (
    OUTCOME_LABELS,
    Node,
    Scenario,
    as_scenario,
    packaged_scenarios,
)

__all__ = ["scenario_markdown", "show_static"]


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
    scenario = as_scenario(scenario)
    header = [f"*{scenario.where}*", ""]
    return "\n".join(header + _step_md(scenario, scenario.node(scenario.start))).rstrip() + "\n"


def show_static(scenario_ids: str | Iterable[str] | None = None) -> None:
    """Display the static version of one, several or all scenarios in a notebook cell.

    In the book the cell must render markdown as MyST (cell metadata
    ``mystnb: {markdown_format: myst}``) so the dropdowns work.
    """
    from IPython.display import Markdown, display

    if scenario_ids is None:
        scenario_ids = list(packaged_scenarios())
    elif isinstance(scenario_ids, str):
        scenario_ids = [scenario_ids]
    for scenario_id in scenario_ids:
        display(Markdown(scenario_markdown(scenario_id)))
