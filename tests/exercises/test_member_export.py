"""Exercise 7's checks, on hand-made members: each right answer and typical wrong ones.

The members are built here; every expected number is worked out in this file with plain
pandas and regular expressions from the export the test sees, never copied from the
exercise's output. A longer export (more clean rows against the same planted mistakes) turns
the right action of task 6 from "hold the list" to "fix and send".
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from storecrm.errors import CourseError
from storecrm.exercises import Status
from storecrm.exercises.member_export import HOLD_LIMIT, build, decide, raw_export
from storecrm.exercises.testing import assert_says as _says

CHANNELS = ["in_store", "app", "mini_program", "referral"]


def make_data(n: int = 40) -> SimpleNamespace:
    """``n`` members with clean typed fields, as in the committed ``customers`` table."""
    rows = []
    for i in range(n):
        rows.append(
            {
                "customer_id": f"M{i + 1:05d}",
                "name": f"王{'春梅伟芳静'[i % 5]}{i}",
                "phone_masked": f"13{i % 10}****{i:04d}",
                "signup_date": pd.Timestamp("2024-01-01") + pd.Timedelta(days=3 * i),
                "signup_channel": CHANNELS[i % 4],
                "signup_store_id": f"S0{i % 5 + 1}",
                "tier": None if i % 6 == 5 else "standard",
                "marketing_consent": i % 3 != 0,
            }
        )
    customers = pd.DataFrame(rows)
    customers["signup_channel"] = customers["signup_channel"].astype("category")
    customers["tier"] = customers["tier"].astype("category")
    return SimpleNamespace(customers=customers)


def _digits(phone: str) -> str:
    return re.sub(r"[\s-]", "", phone)


def _mine(export: pd.DataFrame) -> dict:
    """The right answers, by hand, from the export's cells."""
    phone = export["phone"].map(_digits)
    full = phone.str.fullmatch(r"1\d{10}")
    already = phone.str.fullmatch(r"1\d\d\*{4}\d{4}")
    masked = phone.where(~full, phone.str[:3] + "****" + phone.str[-4:]).where(full | already, "")
    name_key = export["name"].str.replace(r"\s+", "", regex=True).str.lower()
    key = name_key + "|" + masked
    usable = (export["name"].str.strip() != "") & (masked != "")
    extra = key.duplicated() & usable
    kept = export.assign(phone_masked=masked)[~extra]
    dates = pd.to_datetime(kept["signup_date"], format="%Y-%m-%d", errors="coerce")
    bad = (
        (kept["name"].str.strip() == "")
        | (kept["phone_masked"] == "")
        | ~kept["signup_channel"].isin(CHANNELS)
        | dates.isna()
        | (dates > pd.Timestamp("2025-12-31"))
    )
    filled = (export.apply(lambda c: c.astype(str).str.strip() != "")).mean()
    return {
        "masked": masked,
        "unusable": int((masked == "").sum()),
        "blank_phones": int((phone == "").sum()),
        "not_masked": int((~already).sum()),
        "extra": int(extra.sum()),
        "all_copies": int(key[usable].duplicated(keep=False).sum()),
        "hold": float(bad.mean()),
        "filled": filled,
        "full": int(full.sum()),
    }


@pytest.fixture(scope="module")
def data() -> SimpleNamespace:
    return make_data()


@pytest.fixture(scope="module")
def export(data) -> pd.DataFrame:
    return raw_export(data.customers)


@pytest.fixture(scope="module")
def qs(data):
    return build(data)


@pytest.fixture(scope="module")
def mine(export) -> dict:
    return _mine(export)


def test_the_export_has_the_planted_mistakes(export, data) -> None:
    assert len(export) == 32
    first, second = export.iloc[-2], export.iloc[-1]
    assert first["name"].replace(" ", "") == export.iloc[0]["name"]
    assert first["customer_id"] == "M00041"  # a new number, one past the last
    assert second["customer_id"] == "M00042"
    assert _digits(first["phone"]) == _digits(export.iloc[0]["phone"])
    assert "-" in first["phone"] and "-" not in export.iloc[0]["phone"]
    assert second["name"].strip() == export.loc[10, "name"] != second["name"]
    assert _digits(second["phone"]) == _digits(export.loc[10, "phone"]) != second["phone"]
    assert len(_digits(export.loc[5, "phone"])) == 10
    assert export.loc[8, "phone"] == "" and export.loc[9, "name"] == ""
    assert export.loc[7, "signup_channel"] == "WeChat"
    spellings = {
        ("space" if " " in p else "hyphen" if "-" in p else "*" if "*" in p else "plain")
        for p in export["phone"]
        if p
    }
    assert spellings == {"space", "hyphen", "*", "plain"}
    # The committed-style table itself is not changed.
    assert list(data.customers.columns)[2] == "phone_masked"


def test_the_export_is_the_same_every_time(data, export) -> None:
    pd.testing.assert_frame_equal(raw_export(data.customers), export)
    assert not raw_export(data.customers, seed=1).equals(export)


def test_the_hand_made_numbers(mine) -> None:
    assert mine["unusable"] == 2  # row 5 (a digit lost) and row 8 (blank)
    assert mine["extra"] == 2
    assert mine["all_copies"] == 4
    # rows 1 (blank channel), 3 (d/m/Y), 4 (2052), 5, 7 (WeChat), 8, 9 (blank name) of 30
    assert mine["hold"] == pytest.approx(7 / 30)


def test_solutions_chain_to_correct(export, qs) -> None:
    from storecrm.analysis.data_quality import EXPORT_DAY, completeness, find_duplicates, mask_phone

    ns = {
        "pd": pd,
        "export": export,
        "completeness": completeness,
        "find_duplicates": find_duplicates,
        "mask_phone": mask_phone,
        "CourseError": CourseError,
        "CHANNELS": CHANNELS,
        "EXPORT_DAY": EXPORT_DAY,
    }
    for key in ["q1", "q2", "q3", "q4", "q5", "q6"]:
        if key == "q4":
            ns["clean"] = export.drop(columns="phone").assign(phone_masked=ns["phone_masked"])
        if key == "q5":
            dups = find_duplicates(ns["clean"])
            ns["kept"] = ns["clean"].drop(index=dups.index[dups["match_key"].duplicated()])
        exec(qs[key].solution_code, ns)
        fb = qs[key].assess(namespace=ns)
        assert fb.status is Status.CORRECT, f"{key}: {fb}"


def test_q1_completeness(qs, mine, export) -> None:
    q = qs["q1"]
    _says(q.assess(mine["filled"]), Status.CORRECT, "least complete")
    _says(q.assess(export.notna().mean()), Status.INCORRECT, "blank cell as filled")
    _says(q.assess(mine["filled"] * 100), Status.INCORRECT, "looks like a percent")


def test_q2_unusable_phones(qs, mine) -> None:
    q = qs["q2"]
    _says(q.assess(mine["unusable"]), Status.CORRECT, "cannot be masked")
    _says(q.assess(mine["blank_phones"]), Status.INCORRECT, "only the blank")
    _says(q.assess(mine["not_masked"]), Status.INCORRECT, "not yet masked")
    _says(q.assess(mine["unusable"] + 3), Status.INCORRECT)


def test_q3_masked_phones(qs, mine, export) -> None:
    q = qs["q3"]
    _says(q.assess(mine["masked"]), Status.CORRECT, "no full number")
    _says(q.assess(export["phone"]), Status.INCORRECT, "full numbers are still in it")
    wrong = mine["masked"].copy()
    wrong.iloc[0] = export["phone"].iloc[0]
    _says(q.assess(wrong), Status.INCORRECT)


def test_q4_extra_copies(qs, mine) -> None:
    q = qs["q4"]
    _says(q.assess(mine["extra"]), Status.CORRECT, "2 extra copies")
    _says(q.assess(mine["all_copies"]), Status.INCORRECT, "counts every copy")
    # On the raw numbers the hyphenated copy does not match: 0 found.
    _says(q.assess(0), Status.INCORRECT, "raw phone numbers")


def test_q5_hold_share(qs, mine, export) -> None:
    q = qs["q5"]
    _says(q.assess(mine["hold"]), Status.CORRECT, "still need someone")
    _says(q.assess(mine["hold"] * 100), Status.INCORRECT, "looks like a percent")
    # The copies still in: 32 rows, the same 7 problem rows.
    _says(q.assess(7 / 32), Status.INCORRECT, "extra copies still in")
    # Row 4's 2052 date missed: 6 of 30.
    _says(q.assess(6 / 30), Status.INCORRECT, "after the export day")


def test_q5_a_channel_typed_as_a_name_is_a_problem() -> None:
    """A learner testing only for a blank channel misses channels typed as a name.

    Here every seventh member's channel is ``WeChat`` in the source, so more rows than the
    planted row 7 have that problem alone, and the mistake has its own value.
    """
    d = make_data()
    channel = d.customers["signup_channel"].astype(object)
    channel[d.customers.index % 7 == 0] = "WeChat"
    d.customers["signup_channel"] = channel
    export = raw_export(d.customers)
    right = _mine(export)["hold"]
    kept = export.iloc[:-2]  # the copies are the last two rows
    dates = pd.to_datetime(kept["signup_date"], format="%Y-%m-%d", errors="coerce")
    masked = _mine(export)["masked"].iloc[:-2]
    blank_only = (
        (kept["name"].str.strip() == "")
        | (masked == "")
        | (kept["signup_channel"].str.strip() == "")
        | dates.isna()
        | (dates > pd.Timestamp("2025-12-31"))
    ).mean()
    assert blank_only < right - 1.5 / 30  # at least two rows differ
    q = build(d)["q5"]
    _says(q.assess(right), Status.CORRECT)
    _says(q.assess(blank_only), Status.INCORRECT, "only catches blank channels")


def test_the_right_action_follows_the_data(qs, mine) -> None:
    q = qs["q6"]
    assert mine["hold"] > HOLD_LIMIT
    _says(q.assess("c"), Status.CORRECT, "7 of the 30 rows")
    _says(q.assess("b"), Status.INCORRECT)
    _says(q.assess("d"), Status.INCORRECT, "PIPL")
    # 200 members: the same 7 problem rows are 7 of 200, within the rule: fix and send.
    long = build(make_data(220), n=200)
    hold = _mine(raw_export(make_data(220).customers, n=200))["hold"]
    assert hold == pytest.approx(7 / 200) and hold <= HOLD_LIMIT
    _says(long["q6"].assess("b"), Status.CORRECT, "within the rule")
    _says(long["q6"].assess("c"), Status.INCORRECT, "delays")


def test_decide_sends_a_clean_list_as_it_is() -> None:
    clean = {"full_numbers": 0, "extra": 0, "hold": 0, "hold_share": 0.0}
    assert decide(clean) == "a"
    assert decide({**clean, "full_numbers": 3}) == "b"
    assert decide({**clean, "hold": 2, "hold_share": 0.1}) == "c"


def test_q7_reflection(qs) -> None:
    q = qs["q7"]
    _says(q.assess("it is fine"), Status.INCORRECT, "Write at least")
    text = (
        "The export had 2 numbers we cannot mask and two members typed twice. After the fixes "
        "7 of 30 rows still need the store, so I hold the list."
    )
    _says(q.assess(text), Status.REFLECTION, "model answer")
    assert "7 of 30 rows" in q.model_answer and "$" not in q.model_answer


def test_too_few_members_is_the_courses_fault() -> None:
    with pytest.raises(CourseError, match="at least 11"):
        raw_export(make_data().customers, n=5)
    broken = build(SimpleNamespace(customers=make_data(8).customers))
    _says(broken["q1"].assess(0.5), Status.BROKEN)
