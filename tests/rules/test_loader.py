"""The rules file loads into frozen dataclasses, and a bad file says which file and key."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from storecrm.errors import CourseError
from storecrm.rules import (
    CHANNELS,
    RulesError,
    age_check_rules,
    authority,
    complaint_rules,
    load_rules,
    membership_rules,
    payment_rules,
    return_policy,
    store_rules,
    till_rules,
)

from .conftest import REPO_ROOT


def test_the_course_rules_load_and_say_what_the_decision_record_says():
    assert till_rules().second_till_queue == 3
    assert till_rules().tills("S05") == 6
    assert complaint_rules().channel("phone").first_reply.words == "in the same call"
    assert complaint_rules().channel("social_media").first_reply.hours == 2
    assert complaint_rules().first_reply_standard_hours == 2
    assert complaint_rules().resolution_standard_hours == 24
    assert [a.role for a in authority()] == ["staff", "shift_leader", "store_manager"]
    assert store_rules().role("staff").goodwill_cny == 10
    assert return_policy().change_of_mind_days == 7
    assert membership_rules().tier_ids == ("standard", "silver", "gold", "diamond")
    assert membership_rules().points.points_per_yuan_redeemed == 100
    assert tuple(r.channel for r in complaint_rules().channels) == CHANNELS


def test_the_till_rules_of_issue_20_load():
    """Returns in full, money at the till and age checks, as the pages teach them."""
    policy = return_policy()
    assert policy.exception_role == "shift_leader"
    assert all(x.why for x in policy.not_returnable)
    assert "原路退回" in policy.refund_route.en
    pay = payment_rules()
    assert pay.reversal_role == "shift_leader"
    assert pay.fapiao.request_within_days == 30
    assert pay.fapiao.late_request_role == "store_manager"
    assert any("税号" in x.en for x in pay.fapiao.company_needs)
    assert not any("税号" in x.en for x in pay.fapiao.person_needs)
    ages = age_check_rules()
    assert (ages.legal_age, ages.ask_if_looks_under) == (18, 25)
    assert ages.decision_role == "shift_leader"
    assert any("居民身份证" in x.zh for x in ages.accepted_id)


def test_rules_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        till_rules().second_till_queue = 4  # type: ignore[misc]


def test_lookups_name_the_valid_keys():
    with pytest.raises(KeyError, match="in_store, phone, app, social_media"):
        complaint_rules().channel("email")
    with pytest.raises(KeyError, match="standard, silver, gold, diamond"):
        membership_rules().tier("platinum")
    with pytest.raises(KeyError, match="S01"):
        till_rules().tills("S09")


def test_committed_data_has_the_tills_the_rules_give():
    # The generator reads the tills from the rules; the committed stores table must agree.
    with (REPO_ROOT / "datasets" / "maple_street_mart" / "stores.csv").open(encoding="utf-8") as f:
        tills = {row["store_id"]: int(row["tills"]) for row in csv.DictReader(f)}
    assert tills == dict(till_rules().per_store)


def _set(path: str, value):
    """A change that sets one key (dotted path; ``tiers.2`` indexes a list)."""

    def change(data):
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is _DELETE:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (_set("tills.second_till_queue", 0), "tills.second_till_queue", "at least 1"),
        (_set("tills.second_till_queue", "three"), "tills.second_till_queue", "whole number"),
        (_set("tills.per_store.S05", 0), "tills.per_store.S05", "at least 1"),
        (_set("complaints.channels.phone", _DELETE), "complaints.channels.phone", "missing"),
        (_set("complaints.channels.email", {}), "complaints.channels.email", "unknown key"),
        (
            _set("complaints.channels.app.resolution.hours", 1),
            "complaints.channels.app.resolution.hours",
            "shorter than first_reply",
        ),
        (_set("authority.staff.colour", "red"), "authority.staff.colour", "unknown key"),
        (
            _set("authority.shift_leader.goodwill_cny", 5),
            "authority.shift_leader.goodwill_cny",
            "at least the staff limit",
        ),
        (_set("authority.staff.goodwill_cny", -1), "authority.staff.goodwill_cny", "at least 0"),
        (_set("returns.change_of_mind_days", 0), "returns.change_of_mind_days", "at least 1"),
        (_set("returns.proof", []), "returns.proof", "non-empty list"),
        (
            _set("membership.tiers.2.entry_cny", 200),
            "membership.tiers[2].entry_cny",
            "above the tier below",
        ),
        (
            _set("membership.tiers.1.keep_cny", 300),
            "membership.tiers[1].keep_cny",
            "below entry_cny",
        ),
        (
            _set("membership.tiers.1.points_per_yuan", 1.25),
            "membership.tiers[1].points_per_yuan",
            "one decimal",
        ),
        (_set("membership.points.block_cny", 0), "membership.points.block_cny", "at least"),
        (
            _set("membership.points.expire_after_months", 13),
            "membership.points.expire_after_months",
            "at most 12",
        ),
        (
            _set("membership.points.expire_after_months", 2.5),
            "membership.points.expire_after_months",
            "whole number",
        ),
        (
            _set("returns.not_returnable.1.why", _DELETE),
            "returns.not_returnable[1].why",
            "missing",
        ),
        (_set("returns.exception_role", "staff"), "returns.exception_role", "must be one of"),
        (_set("payments.reversal_role", "boss"), "payments.reversal_role", "must be one of"),
        (_set("payments.stored_value", []), "payments.stored_value", "non-empty list"),
        (
            _set("payments.fapiao.request_within_days", 0),
            "payments.fapiao.request_within_days",
            "at least 1",
        ),
        (
            _set("payments.fapiao.company_needs", _DELETE),
            "payments.fapiao.company_needs",
            "missing",
        ),
        (
            _set("age_checks.ask_if_looks_under", 16),
            "age_checks.ask_if_looks_under",
            "at least legal_age (18)",
        ),
        (_set("age_checks.legal_age", 17.5), "age_checks.legal_age", "whole number"),
        (_set("age_checks.accepted_id", "passport"), "age_checks.accepted_id", "non-empty list"),
        (_set("version", 2), "version", "must be 1"),
    ],
)
def test_a_bad_rules_file_names_the_file_and_the_key(write_rules, change, key, problem):
    path = write_rules(change)
    with pytest.raises(RulesError) as info:
        load_rules(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message
    assert isinstance(info.value, CourseError)
    assert info.value.key == key


def test_a_file_that_is_not_yaml_or_missing_gives_one_line(tmp_path: Path):
    bad = tmp_path / "rules.yml"
    bad.write_text("tills: [1, 2\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules\.yml: is not valid YAML at line \d"):
        load_rules(bad)
    with pytest.raises(RulesError, match="cannot read the rules file"):
        load_rules(tmp_path / "missing.yml")
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(RulesError, match="must be a mapping"):
        load_rules(bad)


def test_a_changed_file_gives_changed_rules(write_rules):
    rules = load_rules(write_rules(_set("tills.second_till_queue", 5)))
    assert rules.tills.second_till_queue == 5
    assert store_rules().tills.second_till_queue == 3  # the shared copy is untouched
