"""The assessment's pass mark and retake wait: read from the rules file, refused when absurd."""

from __future__ import annotations

import pytest

from storecrm.rules import RulesError, load_rules, store_rules, substitutions


def _set_pass(value: object):
    def change(data: dict) -> None:
        data["workshop"]["assessment"]["pass_share"] = value

    return change


def test_the_pass_mark_is_a_share_and_pages_show_it_as_a_percent() -> None:
    share = store_rules().workshop.assessment_pass_share
    assert 0 < share <= 1
    assert substitutions()["assessment_pass_mark"] == f"{100 * share:.0f} %"
    days = store_rules().workshop.assessment_retake_after_days
    assert substitutions()["assessment_retake_wait"].startswith(f"{days} day")


@pytest.mark.parametrize("value", [80, 0, -0.5, "80 %"])
def test_a_pass_mark_that_is_not_a_share_is_refused(write_rules, value: object) -> None:
    with pytest.raises(RulesError, match=r"workshop\.assessment\.pass_share"):
        load_rules(write_rules(_set_pass(value)))


def test_a_changed_pass_mark_is_read(write_rules) -> None:
    rules = load_rules(write_rules(_set_pass(0.75)))
    assert rules.workshop.assessment_pass_share == 0.75
