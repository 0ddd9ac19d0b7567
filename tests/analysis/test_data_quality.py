"""storecrm.analysis.data_quality on small hand-made member lists.

Each list is typed here with a known number of problems, so every expected count is worked
out by hand from the rows below, not copied from an output.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from storecrm.analysis.data_quality import (
    EXPORT_DAY,
    MASKED_PHONE_PATTERN,
    REPORT_COLUMNS,
    completeness,
    consent_share,
    find_duplicates,
    mask_phone,
    messy_member_export,
    normalise_name,
    quality_report,
    stale_member_share,
)
from storecrm.errors import CourseError


def _member(cid: str, name: str, phone: str, **extra: object) -> dict:
    row = {
        "customer_id": cid,
        "name": name,
        "phone_masked": phone,
        "signup_date": "2024-05-01",
        "signup_channel": "in_store",
        "marketing_consent": "True",
    }
    row.update(extra)
    return row


def _clean_list() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _member("M00001", "王春梅", "138****0427"),
            _member("M00002", "李欢", "150****3223", signup_channel="app"),
            _member("M00003", "Li Wei", "136****4037", marketing_consent="False"),
        ]
    )


def _problems(report: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(r.column, r.problem): r.count for r in report.itertuples()}


def test_normalise_name_ignores_spaces_and_case() -> None:
    names = pd.Series(["王春梅", "王 春梅", "王\u3000春梅", " Li  Wei ", "li wei", "王春"])
    out = normalise_name(names).tolist()
    assert out[:3] == ["王春梅"] * 3
    assert out[3] == out[4] == "liwei"
    assert out[5] != out[0]


def test_clean_list_has_an_empty_report() -> None:
    report = quality_report(_clean_list())
    assert list(report.columns) == REPORT_COLUMNS
    assert report.empty


def test_completeness_counts_blanks_as_missing() -> None:
    frame = _clean_list()
    frame.loc[0, "signup_channel"] = "  "  # spaces only
    frame.loc[1, "signup_channel"] = None
    result = completeness(frame)
    # 1 of 3 channels filled in; every other column full.
    assert result["signup_channel"] == pytest.approx(1 / 3)  # a share, 0-1
    assert result.name == "completeness"
    assert result.index[0] == "signup_channel"  # lowest first
    assert (result.drop("signup_channel") == 1).all()


def test_find_duplicates_matches_spacing_and_case_but_needs_same_phone() -> None:
    frame = pd.DataFrame(
        [
            _member("M00001", "王春梅", "138****0427"),
            _member("M00002", "王 春梅", "138****0427"),  # same person, typed again
            _member("M00003", "王春梅", "139****1111"),  # same name, other phone: not a match
            _member("M00004", "LI WEI", "136****4037"),
            _member("M00005", "li wei", "136****4037"),  # same person, other case
        ]
    )
    dups = find_duplicates(frame)
    assert sorted(dups["customer_id"]) == ["M00001", "M00002", "M00004", "M00005"]
    assert dups["match_key"].nunique() == 2


def test_report_counts_each_planted_problem() -> None:
    frame = pd.DataFrame(
        [
            _member("M00001", "王春梅", "138****0427"),
            _member("M00002", "王 春梅", "138****0427"),  # duplicate person
            _member("M00003", "李欢", "13612344037"),  # full phone number
            _member("M00004", "周雪", "155****1224", signup_date="15/03/2024"),  # bad format
            _member("M00005", "韩丽", "139****9125", signup_date="2052-03-14"),  # future
            _member("M00006", "刘莉", "185****5567", signup_channel=""),  # missing channel
            _member("M00007", "马佳", "151****3955", signup_channel="wechat"),  # unknown
            _member("M00008", "杨莉", "159****6730", marketing_consent="yes"),  # not a bool
            _member("M00008", "黄艳", "159****7279"),  # member number used twice
        ]
    )
    got = _problems(quality_report(frame))
    assert got == {
        ("signup_channel", "empty cells"): 1,
        ("customer_id", "same member number on more than one row"): 2,
        ("name", "same person typed twice (same name and phone, spaces ignored)"): 1,
        ("phone_masked", "phone not in the masked form 138****0427"): 1,
        ("signup_date", "date not written as year-month-day (2025-03-01)"): 1,
        ("signup_date", "sign-up date after the export day (2025-12-31)"): 1,
        ("signup_channel", "not one of in_store, app, mini_program, referral"): 1,
        ("marketing_consent", "consent not recorded as True or False"): 1,
    }


def test_report_example_names_the_extra_record() -> None:
    frame = pd.DataFrame(
        [_member("M00001", "王春梅", "138****0427"), _member("M00009", "王春梅 ", "138****0427")]
    )
    report = quality_report(frame)
    assert report["example"].tolist() == ["M00009"]


def test_report_as_of_moves_the_future_check() -> None:
    frame = pd.DataFrame([_member("M00001", "王春梅", "138****0427", signup_date="2025-06-01")])
    assert quality_report(frame, as_of="2025-12-31").empty
    report = quality_report(frame, as_of="2025-05-31")
    assert report["problem"].str.contains("after the export day").sum() == 1


def test_report_works_on_typed_columns() -> None:
    frame = _clean_list()
    frame["signup_date"] = pd.to_datetime(["2024-01-01", "2026-02-01", None])
    frame["marketing_consent"] = [True, False, True]
    got = _problems(quality_report(frame))
    assert got == {
        ("signup_date", "empty cells"): 1,
        ("signup_date", "sign-up date after the export day (2025-12-31)"): 1,
    }


def test_messy_export_is_deterministic_and_plants_five_problems(committed) -> None:
    first = messy_member_export(committed.customers, n=8, seed=7)
    again = messy_member_export(committed.customers, n=8, seed=7)
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 9
    report = quality_report(first)
    # Planted: one blank channel, one duplicate, one full phone, one bad date, one future date.
    # Real members have every column filled except tier (empty after an exit), so only
    # tier may add a completeness row of its own.
    counts = _problems(report[report["column"] != "tier"])
    assert counts == {
        ("signup_channel", "empty cells"): 1,
        ("name", "same person typed twice (same name and phone, spaces ignored)"): 1,
        ("phone_masked", "phone not in the masked form 138****0427"): 1,
        ("signup_date", "date not written as year-month-day (2025-03-01)"): 1,
        ("signup_date", f"sign-up date after the export day ({EXPORT_DAY:%Y-%m-%d})"): 1,
    }
    # The duplicate got a member number nobody has.
    assert first["customer_id"].iloc[-1] not in set(committed.customers["customer_id"])


def test_messy_export_leaves_the_input_alone(committed) -> None:
    before = committed.customers.copy()
    messy_member_export(committed.customers)
    pd.testing.assert_frame_equal(committed.customers, before)


def test_messy_export_needs_five_members() -> None:
    with pytest.raises(ValueError, match="at least 5"):
        messy_member_export(_clean_list(), n=4)


def test_consent_share_counts_only_true() -> None:
    customers = pd.DataFrame({"marketing_consent": [True, False, True, None]})
    assert consent_share(customers) == pytest.approx(0.5)
    assert consent_share(customers.iloc[:0]) == 0.0


def test_consent_share_reads_a_text_export() -> None:
    # As in messy_member_export or a CSV read as text: "True" in any case is a yes; a blank,
    # "False" or an unclear "yes" is not (consent is never assumed).
    customers = pd.DataFrame({"marketing_consent": ["True", "true", "False", "", "yes"]})
    assert consent_share(customers) == pytest.approx(0.4)


def test_report_counts_an_empty_consent_once() -> None:
    frame = _clean_list()
    frame.loc[0, "marketing_consent"] = ""
    got = _problems(quality_report(frame))
    # A blank is a completeness gap, not also a wrongly written value.
    assert got == {("marketing_consent", "empty cells"): 1}


def test_stale_member_share_uses_the_window() -> None:
    customers = pd.DataFrame({"customer_id": ["M1", "M2", "M3", "M4"]})
    receipts = pd.DataFrame(
        {
            "customer_id": ["M1", "M2", "M3", None],
            "purchased_at": pd.to_datetime(
                ["2025-12-31 21:00", "2025-07-01 09:00", "2026-01-05 10:00", "2025-12-30 08:00"]
            ),
        }
    )
    # Window 2025-07-05 .. 2025-12-31: only M1 seen; M2 too early, M3 after as_of, M4 never.
    assert stale_member_share(customers, receipts, "2025-12-31", days=180) == pytest.approx(0.75)
    # A window long enough to reach 1 July also sees M2.
    assert stale_member_share(customers, receipts, "2025-12-31", days=184) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("typed", "masked"),
    [
        ("13812340427", "138****0427"),
        ("138 1234 0427", "138****0427"),
        ("138-1234-0427", "138****0427"),
        (" 15900001111 ", "159****1111"),
        ("138****0427", "138****0427"),  # already masked: unchanged
    ],
)
def test_mask_phone_keeps_three_and_four_digits(typed: str, masked: str) -> None:
    assert mask_phone(typed) == masked
    assert re.fullmatch(MASKED_PHONE_PATTERN, mask_phone(typed))


def test_mask_phone_refuses_what_is_not_a_mobile_number() -> None:
    for bad in ["1381234042", "23812340427", "138*1234*0427", ""]:
        with pytest.raises(CourseError, match="phone"):
            mask_phone(bad)
