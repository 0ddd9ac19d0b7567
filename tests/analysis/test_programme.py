"""The membership programme simulator's model, on two hand-worked members and on the data.

The hand case (tiers and rates from the rules file: silver 300/150, gold 700/350, points
1 / 1.2 / 1.5 / 2 per yuan; reviews on the 1st of April to December; day 0 = 1 January):

* Member A joined before 2025 and spent ¥400 on day 10 (a Saturday). Carried over as silver
  (¥400 >= ¥300), earns 400 x 1.2 = 480 points; drops to standard on 1 May (nothing in the
  90 days before); no purchase for 180 days by 1 August (day 212), so A leaves then and the
  unused half of the points (A used half) expires: 240.
* Member B joined on 1 January, spent ¥800 on day 100 (a Friday) at standard: 800 points;
  up to gold on 1 May; ¥100 on day 200 at gold: 150 points; down to silver on 1 August and
  to standard on 1 September. B used no points, so the 800 earned before 1 July expire at
  the year end and 150 are held.

Issued 1,430, used 240, expired 1,040, held 150; cost (1,430 - 1,040) x ¥0.01 = ¥3.90 on
¥1,300 of sales.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from storecrm.analysis.programme import (
    ProgrammeData,
    break_even,
    break_even_text,
    check_programme,
    compare_programmes,
    current_programme,
    preset_programmes,
    programme_data,
    scenario_table,
    simulate_programme,
)
from storecrm.errors import CourseError
from storecrm.rules import membership_rules


def test_current_programme_is_the_rules_file() -> None:
    rules = membership_rules()
    now = current_programme()
    assert now.entry_cny == tuple(t.entry_cny for t in rules.tiers)
    assert now.keep_cny == tuple(t.keep_cny for t in rules.tiers)
    assert now.point_value_cny == rules.points.block_cny / rules.points.block_points
    assert now.expire_after_months == rules.points.expire_after_months
    assert (now.birthday_points, now.member_day_multiplier) == (0, 1.0)


def test_hand_case_today(programme_hand: ProgrammeData) -> None:
    out = simulate_programme(current_programme(), programme_hand)
    assert out.year_end_tier.to_dict() == {"A": "left", "B": "standard"}
    assert (out.moves_up, out.moves_down, out.exits) == (1, 3, 1)
    assert (out.points_issued, out.points_used, out.points_expired) == (1430, 240, 1040)
    assert out.points_held == 150
    assert out.liability_cny == pytest.approx(1.50)
    assert out.reward_cost_cny == pytest.approx(3.90)
    assert out.reward_cost_share == pytest.approx(3.90 / 1300)
    assert out.tier_mix.to_dict() == {"standard": 1, "silver": 0, "gold": 0, "diamond": 0}


def test_hand_case_higher_gold_entry(programme_hand: ProgrammeData) -> None:
    # Gold at ¥900: B's ¥800 only reaches silver (1.2 points on day 200: 120), and drops
    # once, on 1 August.
    out = simulate_programme(current_programme().with_tier("gold", entry_cny=900.0), programme_hand)
    assert (out.moves_up, out.moves_down) == (1, 2)
    assert out.points_issued == 480 + 800 + 120


def test_hand_case_member_day_and_birthday(programme_hand: ProgrammeData) -> None:
    friday = replace(current_programme(), member_day=4, member_day_multiplier=2.0)
    out = simulate_programme(friday, programme_hand)
    assert out.points_issued == 480 + 1600 + 150  # only B's day-100 receipt was a Friday
    assert out.points_expired == 240 + 1600  # all of it earned before 1 July
    # 365 birthday points a year: A was a member for 212 days of it (181 before 1 July),
    # B all year (181 days before 1 July).
    birthday = simulate_programme(replace(current_programme(), birthday_points=365), programme_hand)
    assert birthday.points_issued == pytest.approx(1430 + 212 + 365)
    assert birthday.points_expired == pytest.approx((480 + 212) / 2 + 800 + 181)


def test_hand_case_expiry(programme_hand: ProgrammeData) -> None:
    never = simulate_programme(replace(current_programme(), expire_after_months=12), programme_hand)
    assert never.points_expired == 240  # only A's balance, lost when A left
    everything = simulate_programme(
        replace(current_programme(), expire_after_months=0), programme_hand
    )
    assert everything.points_expired == 240 + 950


def test_break_even_hand_case(programme_hand: ProgrammeData) -> None:
    now = simulate_programme(current_programme(), programme_hand)
    birthday = simulate_programme(replace(current_programme(), birthday_points=365), programme_hand)
    result = break_even(now, birthday, 0.3)
    # cost ¥6.80 - ¥3.90 = ¥2.90; each extra yuan earns 0.3 - 6.80/1300 after points.
    assert result.extra_cost_cny == pytest.approx(2.90)
    assert result.extra_sales_cny == pytest.approx(2.90 / (0.3 - 6.80 / 1300))
    assert result.extra_sales_share == pytest.approx(result.extra_sales_cny / 1300)
    assert result.per_member_month_cny == pytest.approx(result.extra_sales_cny / 12)
    assert "more" in break_even_text(result)
    cheaper = break_even(birthday, now, 0.3)
    assert cheaper.extra_cost_cny < 0 and "less" in break_even_text(cheaper)
    lost = break_even(now, birthday, 0.001)
    assert not lost.possible and math.isinf(lost.extra_sales_cny)
    assert "no rise in spending" in break_even_text(lost)


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        ({"silver": {"entry_cny": 800.0}}, "gold entry spend", "not above silver"),
        ({"gold": {"keep_cny": 800.0}}, "gold keep spend", "cannot be harder"),
        ({"gold": {"points_per_yuan": -1.0}}, "gold points per yuan", "negative"),
        ({"diamond": {"points_per_yuan": 1.0}}, "diamond points per yuan", "fewer points"),
        ({"standard": {"entry_cny": 10.0}}, "standard entry spend", "needs ¥0"),
        ({"silver": {"entry_cny": float("nan")}}, "silver entry spend", "finite"),
    ],
)
def test_bad_tier_settings_say_which_and_why(change: dict, where: str, says: str) -> None:
    programme = current_programme()
    for tier, values in change.items():
        programme = programme.with_tier(tier, **values)
    with pytest.raises(CourseError, match=where) as info:
        check_programme(programme)
    assert says in str(info.value)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("point_value_cny", 0.0, "above ¥0"),
        ("point_value_cny", -0.01, "negative"),
        ("expire_after_months", 13, "0 to 12"),
        ("birthday_points", -5, "negative"),
        ("member_day", 7, "Sunday"),
        ("member_day_multiplier", 0.5, "below 1"),
    ],
)
def test_bad_other_settings(field: str, value: float, says: str) -> None:
    with pytest.raises(CourseError, match=says):
        check_programme(replace(current_programme(), **{field: value}))


def test_unknown_tier_or_setting() -> None:
    with pytest.raises(CourseError, match="platinum"):
        current_programme().with_tier("platinum", entry_cny=1.0)
    with pytest.raises(CourseError, match="not a tier setting"):
        current_programme().with_tier("gold", colour=1.0)


def test_today_replays_the_data_exactly(committed) -> None:
    """With today's rules the replay gives the data's own tiers, points and expiry."""
    data = programme_data(committed)
    out = simulate_programme(current_programme(), data)
    tiers = committed.customers.set_index("customer_id")["tier"].astype("string")
    assert (out.tier_mix == tiers.value_counts().reindex(out.tier_mix.index)).all()
    ledger = committed.points_ledger.groupby("kind", observed=True)["points"].sum()
    assert out.points_issued == ledger["earn"]
    assert out.points_used == pytest.approx(-ledger["redeem"])
    assert out.points_expired == pytest.approx(-ledger["expire"])
    moves = committed.tier_changes["change"].astype("string").value_counts()
    assert out.moves_down == moves["downgrade"] and out.exits == moves["exit"]
    assert 0 < data.margin_rate < 1


def test_compare_and_presets_on_the_data(committed) -> None:
    data = programme_data(committed)
    summary, result, moves = compare_programmes(current_programme(), data)
    assert (summary["current"] == summary["proposed"]).all()
    assert result.extra_cost_cny == 0
    assert np.trace(moves.to_numpy()) == moves.to_numpy().sum()  # nobody moves
    easier = compare_programmes(current_programme().with_tier("silver", entry_cny=200.0), data)
    assert easier[0].loc["members in silver at year end", "proposed"] > summary.iloc[1, 0]
    table = scenario_table(preset_programmes(), data)
    assert list(table.index) == list(preset_programmes())
    assert table.loc["Today's rules", "spending change needed to pay"] == "none"
    expiry = table.loc["Points expire after 3 months", "spending change needed to pay"]
    assert expiry.startswith("-")  # earlier expiry is cheaper, so it pays even if spend falls


def test_member_line_totals_match_plain_pandas(table) -> None:
    """Each member receipt's line total (fen) and its lines, as the plain groupby and isin give.

    Lines out of receipt order, a receipt's lines split in two runs, a walk-in receipt with
    lines, a member receipt with no lines and a line whose receipt is not in the table.
    """
    import pandas as pd

    from storecrm.analysis.programme import _member_line_totals

    def receipt(n: int, cid: str | None) -> dict:
        return {"receipt_id": f"R{n:07d}", "store_id": "S01", "purchased_at": "2025-03-01 09:00",
                "customer_id": cid, "is_member": cid is not None, "channel": "in_store",
                "payment_method": "cash", "items": 1, "gross_cny": 1.0, "discount_cny": 0.0,
                "net_cny": 1.0}  # fmt: skip

    def line(n: int, no: int, total: float) -> dict:
        return {"receipt_id": f"R{n:07d}", "line_no": no, "product_id": "P0001", "quantity": 1,
                "unit_price_cny": total, "discount_cny": 0.0, "line_total_cny": total}  # fmt: skip

    receipts = table(
        "receipts",
        [receipt(1, "M00001"), receipt(2, None), receipt(3, "M00002"), receipt(4, "M00001")],
    )
    lines = table(
        "receipt_lines",
        [line(3, 1, 0.1), line(3, 2, 0.2), line(2, 1, 5.0), line(1, 1, 1.005), line(3, 3, 0.7),
         line(9, 1, 50.0), line(1, 2, 2.675)],
    )  # fmt: skip
    fen, member_lines = _member_line_totals(receipts, lines)
    members = receipts[receipts["customer_id"].notna()]
    sums = lines.groupby("receipt_id", sort=False)["line_total_cny"].sum()
    plain = np.rint(sums.reindex(members["receipt_id"]).fillna(0).to_numpy() * 100)
    np.testing.assert_array_equal(fen, plain)
    assert list(fen) == [368.0, 100.0, 0.0]
    wanted = lines["receipt_id"].astype(str).isin(members["receipt_id"].astype(str))
    pd.testing.assert_frame_equal(member_lines, lines.loc[wanted])
