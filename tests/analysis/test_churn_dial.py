"""The churn dial's model on a hand-worked week and on the committed data.

Hand case (setting: no visit for more than 30 days and risk at least 0.5):

* this week A (40 days, risk 0.7, consent), B (40 days, risk 0.3), C (10 days, risk 0.8)
  and D (50 days, risk 0.6, no consent): A and D are flagged, D cannot be contacted, so the
  list is [A];
* test period H1 (40 days, 0.7, left), H2 (40, 0.6, stayed), H3 (5, 0.9, left), H4 (60,
  0.2, left): H1 and H2 flagged, one of them left (precision 1/2), one of three leavers found
  (recall 1/3);
* money: save rate 0.4 among leavers, so 0.4 x 1/2 = 0.2 per contact; contact ¥2, offer ¥5,
  a save worth ¥30: saves 0.2, cost 2 + 0.2 x 5 = ¥3, value ¥6, net ¥3; break-even save
  rate 2 / (30 - 5) = 0.08, i.e. the list needs 0.08 / 0.4 = 20 % real leavers.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from storecrm.analysis.churn_dial import (
    DialData,
    DialSetting,
    check_setting,
    dial_data,
    dial_table,
    outcome_rows,
    preset_settings,
    turn_dial,
)
from storecrm.errors import CourseError


def test_hand_week(churn_hand: DialData) -> None:
    out = turn_dial(DialSetting(inactive_days=30, risk_cutoff=0.5), churn_hand)
    assert (out.flagged, out.no_consent, list(out.contact_list)) == (2, 1, ["A"])
    assert out.holdout_precision == pytest.approx(0.5)
    assert out.holdout_recall == pytest.approx(1 / 3)
    plan = out.plan
    assert plan.expected_saves == pytest.approx(0.2)
    assert plan.total_cost_cny == pytest.approx(3.0)
    assert plan.expected_value_cny == pytest.approx(6.0)
    assert plan.net_cny == pytest.approx(3.0)
    assert plan.breakeven_save_rate == pytest.approx(0.08)
    assert out.breakeven_precision == pytest.approx(0.2)
    assert plan.decision.startswith("go")


def test_each_dial_moves_the_list(churn_hand: DialData) -> None:
    only_risk = turn_dial(DialSetting(inactive_days=0, risk_cutoff=0.5), churn_hand)
    assert list(only_risk.contact_list) == ["A", "C"]  # D still has no consent
    assert only_risk.holdout_recall == pytest.approx(2 / 3)  # H1 and H3
    only_silence = turn_dial(DialSetting(inactive_days=30, risk_cutoff=0.0), churn_hand)
    assert list(only_silence.contact_list) == ["A", "B"]
    strict = turn_dial(DialSetting(inactive_days=45, risk_cutoff=0.5), churn_hand)
    assert strict.list_size == 0 and strict.flagged == 1  # only D, who has no consent
    assert strict.plan.expected_saves == 0


def test_a_stricter_cut_off_keeps_real_leavers_and_a_dear_offer_never_pays(
    churn_hand: DialData,
) -> None:
    # At 0.6 H1 (left) and H2 (stayed) are flagged: half are real leavers. At 0.65 only H1.
    out = turn_dial(DialSetting(inactive_days=30, risk_cutoff=0.6), churn_hand)
    assert out.holdout_precision == pytest.approx(0.5)
    strict = turn_dial(DialSetting(inactive_days=30, risk_cutoff=0.65), churn_hand)
    assert strict.holdout_precision == 1.0
    # Nobody flagged in the test period: precision unknown, and no save is expected.
    blind = turn_dial(DialSetting(inactive_days=30, risk_cutoff=0.95), churn_hand)
    assert blind.holdout_flagged == 0 and blind.holdout_precision != blind.holdout_precision
    assert blind.plan.expected_saves == 0
    assert outcome_rows(blind)["decision"].startswith("nobody to contact")
    cheap = turn_dial(replace(DialSetting(), offer_cost_cny=40.0), churn_hand)
    assert cheap.breakeven_precision == float("inf")  # an offer worth more than a save
    assert cheap.plan.decision.startswith("stop")


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        ({"risk_cutoff": 50}, "risk cut-off", "write 0.5"),
        ({"risk_cutoff": -0.1}, "risk cut-off", "negative"),
        ({"inactive_days": 400}, "inactivity window", "whole days"),
        ({"inactive_days": 7.5}, "inactivity window", "whole days"),
        ({"contact_cost_cny": -2.0}, "cost per contact", "negative"),
        ({"save_rate": 1.5}, "save rate", "share from 0 to 1"),
        ({"budget_cny": float("nan")}, "weekly budget", "finite"),
    ],
)
def test_bad_settings_say_which_dial(change: dict, where: str, says: str) -> None:
    with pytest.raises(CourseError, match=where) as info:
        check_setting(replace(DialSetting(), **change))
    assert says in str(info.value)


def test_on_the_committed_data(committed) -> None:
    data = dial_data(committed)
    base = turn_dial(DialSetting(), data)
    wider = turn_dial(DialSetting(inactive_days=14, risk_cutoff=0.3), data)
    assert 0 < base.list_size <= wider.list_size
    assert wider.holdout_recall >= base.holdout_recall
    table = dial_table(preset_settings(), data)
    assert list(table.columns) == list(preset_settings())
    assert "decision" in table.index
