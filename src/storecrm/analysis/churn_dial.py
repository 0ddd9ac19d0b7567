"""The churn dial: how long a silence and how high a risk before the store calls?

Two dials decide this week's win-back list: the **inactivity window** (no visit for more than
so many days, Module 9's one-line rule :func:`~storecrm.analysis.churn.rule_flags`) and the
**risk cut-off** (the tree's risk, :func:`~storecrm.analysis.churn.risk_scores`). A member
is on the list when both say so and they agreed to marketing. For each setting the dial
reports what a supervisor must weigh, all with Module 9's helpers:

* the list size, and how many flagged members cannot be contacted (no consent);
* how good the setting is at finding real leavers, tested on the hold-out period of the
  chapter's study (:func:`~storecrm.analysis.churn.churn_study`): the share of flagged
  members who really stopped coming (precision) and the share of leavers it finds (recall);
* the round's economics from :func:`~storecrm.analysis.churn.winback_plan`: expected saves,
  the cost of contacts and offers, the value saved, the break-even and the decision within
  the weekly budget. The save rate is measured on lapsed members (the win-back campaign
  against its control group), and a member who would have stayed anyway cannot be saved;
  so a contacted member's chance of being saved is the save rate times the share of flagged
  members who really leave (the precision). A wide dial flags more members, but more of
  them would have stayed: the round then pays for offers that save nobody.

Nothing here is a new rule: the dial only arranges the chapter's helpers around two numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from storecrm.analysis.churn import (
    CONTACT_COST_CNY,
    LAPSE_CAP_DAYS,
    RULE_DAYS,
    WEEKLY_BUDGET_CNY,
    WeekInputs,
    WinBackPlan,
    churn_study,
    reuses_visit_days,
    risk_scores,
    rule_flags,
    week_inputs,
    winback_plan,
)
from storecrm.data import StoreData, load
from storecrm.errors import CourseError
from storecrm.format import count, percent, yuan

__all__ = [
    "DialData",
    "DialOutcome",
    "DialSetting",
    "check_setting",
    "dial_data",
    "dial_table",
    "outcome_rows",
    "preset_settings",
    "store_dial_data",
    "turn_dial",
]

#: The longest inactivity window the dial offers: twice the lapse cap (90 days) is as far
#: as the data's year can look back and still leave members to call.
MAX_INACTIVE_DAYS = 2 * LAPSE_CAP_DAYS


@dataclass(frozen=True)
class DialData:
    """This week's scored members and the study's hold-out, prepared once."""

    week: WeekInputs
    holdout_features: pd.DataFrame
    holdout_left: pd.Series
    holdout_risk: pd.Series


@reuses_visit_days("data")
def dial_data(data: StoreData) -> DialData:
    """Score this week's members and the hold-out members with Module 9's models."""
    study = churn_study(data)
    return DialData(
        week=week_inputs(data),
        holdout_features=study.holdout_features,
        holdout_left=study.holdout_left,
        holdout_risk=risk_scores(study.model, study.holdout_features),
    )


@lru_cache(maxsize=1)
def store_dial_data() -> DialData:
    """:func:`dial_data` of the committed data set, prepared once per session."""
    return dial_data(load())


@dataclass(frozen=True)
class DialSetting:
    """The dials and the round's money settings.

    ``offer_cost_cny`` and ``save_rate`` default (``None``) to the win-back campaign's coupon
    value and its save rate measured against the control group.
    """

    inactive_days: int = RULE_DAYS
    risk_cutoff: float = 0.5
    contact_cost_cny: float = CONTACT_COST_CNY
    offer_cost_cny: float | None = None
    save_rate: float | None = None
    budget_cny: float = WEEKLY_BUDGET_CNY


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CourseError(f"must be a number, not {value!r}", column=name)
    if value != value or value in (float("inf"), float("-inf")):
        raise CourseError(f"must be a finite number, not {value!r}", column=name)
    if value < 0:
        raise CourseError(f"is {value:g}: it cannot be negative", column=name, hint="Use 0 or more")
    return float(value)


def _share(value: object, name: str) -> float:
    number = _number(value, name)
    if number > 1:
        raise CourseError(
            f"is {number:g}: it is a share from 0 to 1",
            column=name,
            hint=f"For {number:g} % write {number / 100:g}" if number <= 100 else None,
        )
    return number


def check_setting(setting: DialSetting) -> DialSetting:
    """Refuse dial settings that mean nothing, naming the dial and what to enter."""
    if not isinstance(setting, DialSetting):
        raise CourseError(f"expected a DialSetting, not {type(setting).__name__}")
    days = _number(setting.inactive_days, "inactivity window (days)")
    if not days.is_integer() or days > MAX_INACTIVE_DAYS:
        raise CourseError(
            f"is {days:g}: use whole days from 0 to {MAX_INACTIVE_DAYS}",
            column="inactivity window (days)",
        )
    _share(setting.risk_cutoff, "risk cut-off")
    _number(setting.contact_cost_cny, "cost per contact (¥)")
    _number(setting.budget_cny, "weekly budget (¥)")
    if setting.offer_cost_cny is not None:
        _number(setting.offer_cost_cny, "offer cost (¥)")
    if setting.save_rate is not None:
        _share(setting.save_rate, "save rate")
    return setting


@dataclass(frozen=True)
class DialOutcome:
    """What one setting of the dials means for this week and how well it finds leavers."""

    setting: DialSetting
    flagged: int  # members both dials flag this week
    no_consent: int  # of those, members who did not agree to marketing
    contact_list: pd.Index  # customer_ids to contact (flagged with consent)
    plan: WinBackPlan  # with save_rate = leaver_save_rate x holdout_precision
    leaver_save_rate: float  # share of real leavers an offer brings back
    holdout_flagged: int
    holdout_precision: float  # share of flagged hold-out members who really left (nan: none)
    holdout_recall: float  # share of hold-out leavers the setting flags

    @property
    def list_size(self) -> int:
        """Members on the contact list."""
        return len(self.contact_list)

    @property
    def breakeven_precision(self) -> float:
        """Share of real leavers the list needs for the round to pay (inf: it never pays)."""
        if self.leaver_save_rate == 0:
            return float("inf")
        return self.plan.breakeven_save_rate / self.leaver_save_rate


def _flags(features: pd.DataFrame, risk: pd.Series, setting: DialSetting) -> pd.Series:
    days = int(setting.inactive_days)
    if days == 0:  # the silence dial is off: the risk alone decides
        return risk.reindex(features.index) >= setting.risk_cutoff
    quiet = rule_flags(features, days)
    return quiet & (risk.reindex(features.index) >= setting.risk_cutoff)


def turn_dial(setting: DialSetting, data: DialData | None = None) -> DialOutcome:
    """This week's list and its economics for one setting of the dials."""
    check_setting(setting)
    data = store_dial_data() if data is None else data
    week = data.week
    flagged = _flags(week.features, week.risk, setting)
    ids = flagged.index[flagged.to_numpy()]
    consent = week.consent.reindex(ids).fillna(False).astype(bool)
    contact = ids[consent.to_numpy()]
    offer = week.offer_cost_cny if setting.offer_cost_cny is None else setting.offer_cost_cny
    rate = float(week.save_rates["save_rate"]) if setting.save_rate is None else setting.save_rate
    held = _flags(data.holdout_features, data.holdout_risk, setting)
    left = data.holdout_left.reindex(held.index).fillna(False).astype(bool)
    caught = int((held & left).sum())
    precision = caught / int(held.sum()) if held.any() else 0.0
    plan = winback_plan(
        len(contact),
        contact_cost_cny=float(setting.contact_cost_cny),
        offer_cost_cny=float(offer),
        save_rate=float(rate) * precision,
        value_per_save_cny=week.value_per_save_cny,
        budget_cny=float(setting.budget_cny),
    )
    return DialOutcome(
        setting=setting,
        flagged=int(flagged.sum()),
        no_consent=int((~consent).sum()),
        contact_list=contact,
        plan=plan,
        holdout_flagged=int(held.sum()),
        leaver_save_rate=float(rate),
        holdout_precision=precision if held.any() else float("nan"),
        holdout_recall=caught / int(left.sum()) if left.any() else float("nan"),
    )


def outcome_rows(outcome: DialOutcome) -> dict[str, str]:
    """One outcome as the display text the tool and the static table show."""
    plan = outcome.plan
    needed = outcome.breakeven_precision
    precision = outcome.holdout_precision
    return {
        "flagged this week": count(outcome.flagged),
        "no marketing consent": count(outcome.no_consent),
        "on the contact list": count(outcome.list_size),
        "flagged who really left (test period)": "-"
        if precision != precision
        else percent(precision),
        "leavers found (test period)": percent(outcome.holdout_recall),
        "expected saves": f"{plan.expected_saves:.1f}",
        "cost of the round": yuan(plan.total_cost_cny, 0),
        "margin saved": yuan(plan.expected_value_cny, 0),
        "net": yuan(plan.net_cny, 0),
        "break-even: real leavers on the list": "never pays" if needed > 1 else percent(needed),
        "decision": plan.decision
        if outcome.list_size
        else "nobody to contact: widen the window or lower the risk cut-off",
    }


def preset_settings() -> dict[str, DialSetting]:
    """Settings a workshop compares: Module 9's rule alone, the model alone, both, stricter."""
    base = DialSetting()
    return {
        f"No visit in {RULE_DAYS} days (any risk)": replace(base, risk_cutoff=0.0),
        "Model risk 50 % or more (any silence)": replace(base, inactive_days=0),
        f"Both: {RULE_DAYS} days and risk 50 %": base,
        "Stricter: 45 days and risk 60 %": replace(base, inactive_days=45, risk_cutoff=0.6),
        "Wider: 14 days and risk 30 %": replace(base, inactive_days=14, risk_cutoff=0.3),
    }


def dial_table(
    presets: dict[str, DialSetting] | None = None, data: DialData | None = None
) -> pd.DataFrame:
    """Preset settings side by side as text: the kernel-free version of the churn dial."""
    presets = preset_settings() if presets is None else presets
    rows = {name: outcome_rows(turn_dial(setting, data)) for name, setting in presets.items()}
    table = pd.DataFrame(rows)
    table.index.name = "setting"
    return table
