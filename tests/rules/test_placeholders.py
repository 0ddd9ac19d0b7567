"""Placeholders: every rule has one, unknown names fail, and pages only use known names."""

from __future__ import annotations

import pytest

from storecrm.rules import (
    PLACEHOLDER_RE,
    UnknownPlaceholder,
    default_rules_path,
    load_rules,
    number_word,
    render,
    substitutions,
    yuan,
)
from storecrm.rules.consistency import course_files
from storecrm.rules.sphinx_ext import add_rule_substitutions

from .conftest import REPO_ROOT


def test_render_fills_known_names_and_leaves_plain_text_alone():
    assert render("Open a till at {{ second_till_queue }} waiting.") == "Open a till at 3 waiting."
    assert render("{{second_till_queue_word}} waiting") == "three waiting"
    assert render("no braces here") == "no braces here"


def test_an_unknown_name_is_an_error_that_suggests_close_names():
    pattern = r"unknown placeholder \{\{ second_tills \}\}"
    with pytest.raises(UnknownPlaceholder, match=pattern) as e:
        render("when {{ second_tills }} wait")
    assert "second_till_queue" in str(e.value)
    assert e.value.name == "second_tills"


def test_substitutions_follow_the_rules_file(write_rules):
    def change(d):
        d["tills"]["second_till_queue"] = 5
        d["authority"]["staff"]["goodwill_cny"] = 12.5
        d["complaints"]["channels"]["app"]["first_reply"]["words"] = "within 1 hour"

    subs = substitutions(load_rules(write_rules(change)))
    assert subs["second_till_queue"] == "5"
    assert subs["second_till_queue_word"] == "five"
    assert subs["goodwill_staff"] == "¥12.50"
    assert subs["first_reply_app_cap"] == "Within 1 hour"
    assert (
        "| Counter staff (店员) | up to ¥200 | not allowed | up to ¥12.50 |"
        in subs["authority_table"]
    )


def test_tables_state_the_policy():
    subs = substitutions()
    assert "within 7 days of purchase" in subs["return_policy_table"]
    assert "原路退回" in subs["return_policy_table"]
    assert "tobacco" in subs["return_policy_table"]
    assert "| Store manager (店长) | any amount |" in subs["authority_table"]


def test_till_placeholders_follow_the_rules_file(write_rules):
    def change(d):
        d["returns"]["exception_role"] = "store_manager"
        d["payments"]["fapiao"]["request_within_days"] = 14
        d["age_checks"]["ask_if_looks_under"] = 20
        d["returns"]["not_returnable"][0]["why"] = "it spoils"

    subs = substitutions(load_rules(write_rules(change)))
    assert subs["return_exception_role"] == "store manager"
    assert subs["return_exception_role_zh"] == "店长"
    assert "The store manager (店长) decides" in subs["return_policy_table"]
    assert subs["fapiao_days"] == "14"
    assert subs["id_check_age"] == "20"
    assert subs["legal_age"] == "18"
    assert "| It spoils. |" in subs["not_returnable_table"]


def test_till_lists_and_roles_read_well():
    subs = substitutions()
    assert subs["reversal_role"] == "shift leader"
    assert subs["reversal_role_cap"] == "Shift leader"
    assert subs["fapiao_late_role"] == "store manager"
    assert subs["stored_value_list"].startswith("- The balance")
    assert all(line.endswith(").") for line in subs["stored_value_list"].splitlines())
    assert "居民身份证" in subs["accepted_id"]
    assert " or another official photo ID" in subs["accepted_id"]
    assert subs["not_returnable_table"].count("\n") == 1 + len(
        load_rules(default_rules_path()).returns.not_returnable
    )


def test_formatting_helpers():
    assert yuan(1200) == "¥1,200"
    assert yuan(7.9) == "¥7.90"
    assert yuan(None) == "no limit"
    assert number_word(3) == "three"
    assert number_word(30) == "30"


def test_every_placeholder_in_the_course_is_a_rule():
    unknown = []
    known = substitutions()
    for path in course_files(REPO_ROOT):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in PLACEHOLDER_RE.finditer(line):
                if m.group(1) not in known:
                    unknown.append(f"{path.relative_to(REPO_ROOT)}:{number}: {m.group(0)}")
    assert not unknown, "\n".join(unknown)


def test_sphinx_extension_adds_rules_and_refuses_a_clash():
    merged = add_rule_substitutions({"course_name": "Maple"})
    assert merged["course_name"] == "Maple"
    assert merged["second_till_queue"] == "3"
    with pytest.raises(ValueError, match="second_till_queue"):
        add_rule_substitutions({"second_till_queue": "4"})
