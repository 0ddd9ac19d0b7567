"""The segment explorer's model on seven hand-scored members and on the committed data.

Hand case (scores r, f, m; spend ¥; visits), total spend ¥1,000:
A 5,5,5 ¥500 10; B 3,4,2 ¥200 8; C 4,1,1 ¥50 1; D 1,4,4 ¥150 5; E 2,1,1 ¥20 1;
F 3,3,3 ¥80 4; G 1,3,3 ¥0 2.

* The chapter's cuts (high 4, low 2): A champion, B loyal, C new, D and G at risk, E lost,
  F needs attention. At risk: 2 members, ¥150 (value share 0.15, ¥75 per member, basket
  150 / 7 visits); neither is still active and both agreed to offers.
* Strict cuts (high 5, low 1): A champion; D and G at risk (R<=1, F>1); B, C, E, F fit no
  rule and need attention: 4 members, ¥350 (0.35), ¥87.50 each, basket 350 / 14 = ¥25.
* Loose cuts (high 3, low 2): F (3,3,3) joins A as a champion: ¥580 (0.58), ¥290 each.
* Two clusters: "Slipping" (D, G) are all at risk (100 %), so their action is the at-risk
  one; "Others" (A, B, C, E, F) are one of each group: the tie goes to Champions, listed
  first.
"""

from __future__ import annotations

import pytest

from storecrm.analysis.segment_explorer import (
    ExplorerData,
    ExplorerSetting,
    check_setting,
    explore,
    explorer_data,
    explorer_table,
    preset_settings,
)
from storecrm.analysis.segments import RFM_GROUPS, rfm_segments, segment_value
from storecrm.errors import CourseError

ACTION = {name: action for name, _rule, action in RFM_GROUPS}


def test_chapter_cuts(segments_hand: ExplorerData) -> None:
    t = explore(ExplorerSetting(), segments_hand)
    assert t["members"].to_dict() == {
        "Champions": 1, "Loyal": 1, "New or promising": 1, "At risk": 2, "Lost": 1,
        "Needs attention": 1,
    }  # fmt: skip
    risk = t.loc["At risk"]
    assert risk["value_share"] == pytest.approx(0.15)
    assert risk["member_share"] == pytest.approx(2 / 7)
    assert risk["spend_per_member_cny"] == pytest.approx(75.0)
    assert risk["avg_basket_cny"] == pytest.approx(150 / 7)
    assert (risk["still_active_share"], risk["consent_share"]) == (0.0, 1.0)
    assert risk["action"] == ACTION["At risk"]
    assert list(t.index[:2]) == ["Champions", "Loyal"]  # highest spend per member first
    assert t["value_share"].sum() == pytest.approx(1.0)


def test_strict_and_loose_cuts(segments_hand: ExplorerData) -> None:
    strict = explore(ExplorerSetting(high_score=5, low_score=1), segments_hand)
    attention = strict.loc["Needs attention"]
    assert attention["members"] == 4 and attention["value_share"] == pytest.approx(0.35)
    assert attention["spend_per_member_cny"] == pytest.approx(87.5)
    assert attention["avg_basket_cny"] == pytest.approx(25.0)
    assert strict.loc["At risk", "members"] == 2
    loose = explore(ExplorerSetting(high_score=3), segments_hand)
    assert loose.loc["Champions", "members"] == 2
    assert loose.loc["Champions", "value_share"] == pytest.approx(0.58)
    assert "Needs attention" not in loose.index  # an empty group is not shown


def test_clusters_take_the_action_of_their_main_rfm_group(segments_hand: ExplorerData) -> None:
    t = explore(ExplorerSetting(mode="clusters", k=2), segments_hand)
    assert t.loc["Slipping", "action"] == f"Mostly At risk (100 %): {ACTION['At risk']}"
    assert t.loc["Others", "action"] == f"Mostly Champions (20 %): {ACTION['Champions']}"
    assert t.loc["Others", "value_share"] == pytest.approx(0.85)


@pytest.mark.parametrize(
    ("setting", "where", "says"),
    [
        (ExplorerSetting(high_score=2, low_score=2), "high score cut", "above the low cut"),
        (ExplorerSetting(high_score=6), "high score cut", "at most 5"),
        (ExplorerSetting(low_score=0), "low score cut", "from 1 to 4"),
        (ExplorerSetting(low_score=1.5), "low score cut", "whole"),
        (ExplorerSetting(mode="clusters", k=12), "number of clusters", "from 2 to 8"),
        (ExplorerSetting(mode="tiers"), "grouping", "rfm, clusters"),
    ],
)
def test_bad_settings_say_which_control(setting: ExplorerSetting, where: str, says: str) -> None:
    with pytest.raises(CourseError, match=where) as info:
        check_setting(setting)
    assert says in str(info.value)


def test_on_the_committed_data_it_matches_the_chapter(committed) -> None:
    data = explorer_data(committed, ks=(5,))
    t = explore(ExplorerSetting(), data)
    chapter = segment_value(
        committed.receipts, committed.customers, rfm_segments(committed.receipts)["group"]
    ).rename(index=str)
    assert t["members"].to_dict() == chapter["members"].to_dict()
    assert t["spend_per_member_cny"].to_dict() == pytest.approx(
        chapter["spend_per_member_cny"].to_dict()
    )
    for setting in preset_settings().values():
        table = explorer_table(setting, data)
        assert table["suggested action"].str.len().min() > 0
    clusters = explore(ExplorerSetting(mode="clusters", k=5), data)
    assert len(clusters) == 5 and clusters["value_share"].sum() == pytest.approx(1.0)
