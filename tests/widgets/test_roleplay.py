"""Tests for the branching complaint role-play: graph validation, session logic, widget."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from storecrm.widgets import (
    RolePlay,
    RolePlaySession,
    ScenarioError,
    get_scenario,
    load_scenarios,
    parse_scenarios,
    play_roleplay,
    scenario_markdown,
)

REQUIRED = {"expired_product", "out_of_stock", "price_dispute", "long_queue"}


def _tiny() -> dict:
    """A valid two-step scenario file, small enough to break one field at a time."""
    choice = {"text": "Say sorry", "reaction": "Calmer", "skill": "Empathy", "coaching": "Good"}
    return {
        "version": 1,
        "scenarios": [
            {
                "id": "tiny",
                "title": "Tiny",
                "category": "other",
                "channel": "phone",
                "where": "Phone",
                "start": "s1",
                "nodes": [
                    {
                        "id": "s1",
                        "situation": "A caller is upset.",
                        "choices": [{**choice, "next": "s2"}, {**choice, "next": "bad"}],
                    },
                    {
                        "id": "s2",
                        "situation": "The caller is listening.",
                        "choices": [{**choice, "next": "good"}, {**choice, "next": "bad"}],
                    },
                    {"id": "good", "outcome": "good", "text": "Solved."},
                    {"id": "bad", "outcome": "poor", "text": "Lost."},
                ],
            }
        ],
    }


# ---------------------------------------------------------------- the course's scenario file


def test_course_file_has_the_required_situations():
    scenarios = load_scenarios()
    assert set(scenarios) >= REQUIRED


@pytest.mark.parametrize("scenario_id", sorted(REQUIRED | {"rude_staff"}))
def test_every_path_ends_and_offers_a_real_choice(scenario_id):
    scenario = get_scenario(scenario_id)
    paths = scenario.paths()
    assert len(paths) >= 3
    outcomes = set()
    for path in paths:
        last_node, last_key = path[-1]
        end = scenario.node(scenario.node(last_node).choice(last_key).next)
        assert end.is_outcome
        outcomes.add(end.outcome)
    # A role-play where every route ends the same way teaches nothing.
    assert "good" in outcomes
    assert outcomes & {"mixed", "poor"}
    for node in scenario.nodes.values():
        if not node.is_outcome:
            assert 2 <= len(node.choices) <= 4
            assert len(node.situation.split()) <= 70, f"{scenario_id}/{node.id} is too long"


def test_loading_a_file_from_disk(tmp_path: Path):
    path = tmp_path / "s.yml"
    path.write_text(yaml.safe_dump(_tiny()), encoding="utf-8")
    assert list(load_scenarios(path)) == ["tiny"]


def test_unreadable_and_bad_yaml_files_give_one_clear_error(tmp_path: Path):
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenarios(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("scenarios: [\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bad\.yml: not valid YAML"):
        load_scenarios(bad)


# ---------------------------------------------------------------- validation


def _broken(mutate) -> dict:
    data = copy.deepcopy(_tiny())
    mutate(data["scenarios"][0])
    return data


def test_tiny_scenario_is_valid():
    assert parse_scenarios(_tiny())["tiny"].paths() == [
        [("s1", "a"), ("s2", "a")],
        [("s1", "a"), ("s2", "b")],
        [("s1", "b")],
    ]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda s: s["nodes"][0]["choices"][0].update(next="nowhere"),
            r"node s1, choice a: next 'nowhere' is not a node id",
        ),
        (
            lambda s: s["nodes"][1]["choices"][0].update(next="s1"),
            r"loop s1 -> s2 -> s1",
        ),
        (lambda s: s["nodes"][1]["choices"][1].update(next="s2"), r"loop s1 -> s2 -> s2"),
        (
            lambda s: s["nodes"].append({"id": "orphan", "outcome": "good", "text": "x"}),
            r"orphan cannot be reached",
        ),
        (lambda s: s.update(start="good"), r"must be a step, not an outcome"),
        (lambda s: s.update(start="s9"), r"start 's9' is not a node id"),
        (lambda s: s["nodes"][0]["choices"].pop(), r"node s1: a step needs 2 to 4 choices"),
        (lambda s: s["nodes"][0]["choices"][1].pop("coaching"), r"choice b: missing field"),
        (lambda s: s["nodes"][0]["choices"][1].update(nxt="s2"), r"unknown field\(s\) nxt"),
        (lambda s: s["nodes"][2].update(outcome="great"), r"outcome must be one of"),
        (lambda s: s["nodes"][3].update(id="s1"), r"node id 's1' is used twice"),
        (lambda s: s.update(category="rude"), r"unknown category 'rude'"),
        (lambda s: s["nodes"][0].update(situation="  "), r"'situation' must be non-empty"),
        (lambda s: s["nodes"][2].update(outcome="mixed"), r"at least one 'good' outcome"),
    ],
)
def test_validation_names_the_scenario_and_the_fault(mutate, message):
    with pytest.raises(ScenarioError, match=message) as info:
        parse_scenarios(_broken(mutate), "demo.yml")
    assert str(info.value).startswith("demo.yml")
    assert "tiny" in str(info.value)


def test_duplicate_scenario_ids_and_bad_version_are_rejected():
    data = _tiny()
    data["scenarios"].append(copy.deepcopy(data["scenarios"][0]))
    with pytest.raises(ScenarioError, match="scenario id 'tiny' is used twice"):
        parse_scenarios(data)
    with pytest.raises(ScenarioError, match="unsupported version 2"):
        parse_scenarios({**_tiny(), "version": 2})


def test_unknown_scenario_id_lists_the_valid_ones():
    with pytest.raises(KeyError, match="expired_product"):
        get_scenario("expired_milk")


# ---------------------------------------------------------------- session logic


def test_session_walks_a_path_to_its_outcome():
    session = RolePlaySession(parse_scenarios(_tiny())["tiny"])
    assert session.node.id == "s1" and not session.finished
    choice = session.choose("a")
    assert choice.reaction == "Calmer"
    assert session.awaiting_advance
    with pytest.raises(RuntimeError, match="Continue"):
        session.choose("b")
    assert session.advance().id == "s2"
    session.choose("b")
    session.advance()
    assert session.finished and session.outcome == "poor"
    assert [node for node, _ in session.history] == ["s1", "s2"]
    with pytest.raises(RuntimeError, match="restart"):
        session.choose("a")
    session.restart()
    assert session.node.id == "s1" and session.history == [] and session.outcome is None


def test_session_rejects_unknown_keys_and_advancing_without_a_choice():
    session = RolePlaySession("expired_product")
    with pytest.raises(RuntimeError, match="Choose a response first"):
        session.advance()
    with pytest.raises(ValueError, match=r"valid choices: a, b, c"):
        session.choose("z")


def test_best_path_in_expired_product_is_good_and_names_skills():
    session = RolePlaySession("expired_product")
    session.choose("a")
    session.advance()
    session.choose("a")
    session.advance()
    assert session.outcome == "good"
    assert session.skills == ["Empathy first", "Resolve and fix the cause"]


# ---------------------------------------------------------------- widget, no frontend


def _click(widget, description: str) -> None:
    matches = [b for b in widget.choice_box.children if b.description == description]
    assert matches, f"no button {description!r}"
    matches[0].click()


def test_widget_shows_reaction_and_coaching_after_a_click():
    play = RolePlay("price_dispute")
    assert "Chen Jie" in play.situation.value
    assert [b.description for b in play.choice_box.children] == ["a", "b", "c"]
    assert play.continue_button.disabled
    _click(play, "b")
    assert "Customer:" in play.feedback.value
    assert "Don&#x27;t assume" in play.feedback.value
    assert all(b.disabled for b in play.choice_box.children)
    assert [b.button_style for b in play.choice_box.children] == ["", "info", ""]
    assert not play.continue_button.disabled
    play.continue_button.click()
    assert play.feedback.value == ""
    assert "annoyed" in play.situation.value


def test_widget_reaches_an_outcome_and_restarts():
    play = RolePlay("long_queue")
    for key in ("c", "b"):
        _click(play, key)
        play.continue_button.click()
    assert play.session.outcome == "poor"
    assert "Poor outcome" in play.situation.value
    assert play.choice_box.children == ()
    play.restart_button.click()
    assert play.session.node.id == "start"
    assert "nine people" in play.situation.value


def test_play_roleplay_picker_switches_scenario():
    box = play_roleplay()
    picker, current = box.children
    assert current.session.scenario.id == "expired_product"
    picker.value = "rude_staff"
    assert box.children[1].session.scenario.id == "rude_staff"
    assert isinstance(play_roleplay("out_of_stock"), RolePlay)


# ---------------------------------------------------------------- static version


def test_static_markdown_has_every_choice_and_valid_nesting():
    scenario = get_scenario("expired_product")
    text = scenario_markdown(scenario)
    for node in scenario.nodes.values():
        for choice in node.choices:
            assert choice.coaching in text
        if node.is_outcome:
            assert node.text in text
    # Every opening fence is closed by a fence of the same length, innermost first.
    stack: list[int] = []
    for line in text.splitlines():
        match = re.fullmatch(r"(:{3,})(\{dropdown\}.*)?", line)
        if not match:
            continue
        if match.group(2):
            assert not stack or len(match.group(1)) < stack[-1], "inner fence must be shorter"
            stack.append(len(match.group(1)))
        else:
            assert stack and stack.pop() == len(match.group(1))
    assert stack == []


# ---------------------------------------------------------------- book pages stay in step

ROOT = Path(__file__).resolve().parents[2]


def test_practice_page_shows_every_scenario_once():
    page = (ROOT / "chapters/03_complaints/practice-roleplay.md").read_text(encoding="utf-8")
    shown = re.findall(r'show_static\("([a-z_]+)"\)', page)
    assert sorted(shown) == sorted(load_scenarios())


def test_roleplay_cards_cover_every_scenario():
    cards = (ROOT / "book/trainers/roleplay-cards.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \d+\. (.+)$", cards, flags=re.MULTILINE)
    assert sorted(headings) == sorted(s.title for s in load_scenarios().values())
    # Each situation has the three cards.
    for part in ("Customer card", "Staff card", "Observer checklist"):
        assert cards.count(f"**{part}") == len(headings)


@pytest.mark.parametrize("module", ["scenario", "session", "markdown"])
def test_model_modules_do_not_import_ipywidgets(module):
    """Model and static view stay free of ipywidgets: only widget.py may draw widgets."""
    import ast

    import storecrm.widgets.roleplay as package

    source = Path(package.__file__).with_name(f"{module}.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "storecrm" in imported  # the parse found the imports at all
    assert "ipywidgets" not in imported
