"""The data profile: each statistic on hand-built tables, bad input, the command, the bands."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from storecrm.cli import main
from storecrm.data import profile as pr
from storecrm.data import write
from storecrm.errors import CourseError


def _receipts(rows):
    """rows: (receipt_id, store_id, 'YYYY-MM-DD HH:MM', customer_id or None, net_cny)."""
    df = pd.DataFrame(rows, columns=["receipt_id", "store_id", "purchased_at", "customer_id",
                                     "net_cny"])  # fmt: skip
    df["purchased_at"] = pd.to_datetime(df["purchased_at"])
    return df


@pytest.fixture
def tiny():
    receipts = _receipts(
        [
            ("R1", "S01", "2025-01-01 08:00", "M1", 10.0),
            ("R2", "S01", "2025-01-03 09:00", "M1", 20.0),
            ("R3", "S02", "2025-01-03 18:00", "M2", 30.0),
            ("R4", "S02", "2025-01-10 18:00", None, 40.0),
            ("R5", "S01", "2025-01-13 08:00", "M1", 100.0),
        ]
    )
    lines = pd.DataFrame(
        {
            "receipt_id": ["R1", "R2", "R2", "R3", "R3", "R3", "R4", "R5"],
            "product_id": ["A", "A", "B", "A", "B", "C", "A", "D"],
            "line_total_cny": [10.0, 5.0, 15.0, 10.0, 10.0, 10.0, 40.0, 100.0],
        }
    )
    customers = pd.DataFrame(
        {"customer_id": ["M1", "M2"], "signup_date": pd.to_datetime(["2025-01-01", "2024-05-01"])}
    )
    return receipts, lines, customers


def test_basket_lines_and_values_by_hand(tiny):
    receipts, lines, _ = tiny
    b = pr.basket_lines(lines)  # lines per receipt: 1, 2, 3, 1, 1
    assert b["lines_mean"] == pytest.approx(8 / 5)
    assert b["lines_median"] == 1 and b["lines_max"] == 3
    v = pr.basket_values(receipts)  # 10, 20, 30, 40, 100: mean 40, sd sqrt(1000)
    assert v["value_mean"] == pytest.approx(40)
    assert v["value_cv"] == pytest.approx(math.sqrt(1000) / 40)


def test_visits_gaps_and_spend_by_hand(tiny):
    receipts, _, _ = tiny
    m = pr.member_visits(receipts)
    assert m["members"] == 2 and m["visits_mean"] == pytest.approx(2)
    assert m["one_visit_share"] == pytest.approx(0.5)  # M2 came once
    g = pr.visit_gaps(receipts)  # M1: 1 Jan -> 3 Jan -> 13 Jan
    assert g["gap_days_mean"] == pytest.approx(6) and g["gap_days_median"] == pytest.approx(6)
    s = pr.spend_concentration(receipts)  # M1 130, M2 30
    assert s["top_10_share"] == pytest.approx(130 / 160)
    assert s["gini"] == pytest.approx((-1 * 30 + 1 * 130) / (2 * 160))


def test_gini_known_values():
    assert pr.gini([5, 5, 5, 5]) == pytest.approx(0)
    assert pr.gini([0, 0, 0, 10]) == pytest.approx(0.75)  # (n-1)/n when one has all
    with pytest.raises(CourseError):
        pr.gini([0, 0])
    with pytest.raises(CourseError):
        pr.gini([1, -2])


def test_product_concentration_by_hand(tiny):
    _, lines, _ = tiny  # sales A 65, D 100, B 25, C 10: total 200
    p = pr.product_concentration(lines)
    assert p["products_sold"] == 4
    assert p["top_1_share"] == pytest.approx(100 / 200)  # ceil(0.04) = 1 product
    assert p["lines_for_80_percent"] == 2  # D + A = 165 / 200 = 82.5 %
    assert p["share_for_80_percent"] == pytest.approx(0.5)


def test_new_member_return_and_non_return_by_hand():
    rows = [("R0", "S01", "2025-01-01 08:00", "M0", 5.0)]  # an old member opens the data
    rows += [("R1", "S01", "2025-01-05 08:00", "N1", 5.0),  # N1: back in February
             ("R2", "S01", "2025-02-10 08:00", "N1", 5.0),
             ("R3", "S01", "2025-01-06 08:00", "N2", 5.0),  # N2: never back
             ("R4", "S01", "2025-01-07 08:00", "N3", 5.0),  # N3: back after eight months
             ("R5", "S01", "2025-09-07 08:00", "N3", 5.0),
             ("R6", "S01", "2025-12-31 08:00", "M0", 5.0)]  # fmt: skip
    customers = pd.DataFrame(
        {
            "customer_id": ["M0", "N1", "N2", "N3"],
            "signup_date": pd.to_datetime(["2023-01-01", "2025-01-05", "2025-01-06", "2025-01-07"]),
        }
    )
    receipts = _receipts(rows)
    nr = pr.six_month_non_return(receipts, customers)
    assert nr["new_members_seen_6m"] == 3
    assert nr["six_month_non_return_share"] == pytest.approx(2 / 3)
    back = pr.new_member_return(receipts, customers, months=2)
    assert back[1] == pytest.approx(1 / 3) and back[2] == pytest.approx(0)


def test_shopping_times_are_shares(tiny):
    receipts, _, _ = tiny
    wd, hr = pr.shopping_times(receipts)
    assert wd.sum() == pytest.approx(1) and hr.sum() == pytest.approx(1)
    assert hr[8] == pytest.approx(2 / 5) and wd["Wed"] == pytest.approx(1 / 5)


def test_bad_input_says_what_is_wrong(tiny):
    receipts, lines, customers = tiny
    with pytest.raises(CourseError, match=r"receipts\.net_cny: is missing"):
        pr.profile(receipts.drop(columns="net_cny"), lines, customers)
    with pytest.raises(CourseError, match="receipt_lines: has no rows"):
        pr.profile(receipts, lines.iloc[:0], customers)
    with pytest.raises(CourseError, match="must be a pandas DataFrame"):
        pr.profile(receipts, [1, 2], customers)
    no_members = receipts.assign(customer_id=None)
    with pytest.raises(CourseError, match="no member receipts"):
        pr.member_visits(no_members)


def test_command_prints_profile_and_rejects_a_bad_folder(data, tmp_path, capsys):
    write(data, tmp_path)
    assert main(["data", "profile", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "six_month_non_return_share" in out and "target bands" in out
    assert main(["data", "profile", str(tmp_path / "nope")]) == 1
    assert "not a folder" in capsys.readouterr().err
    (tmp_path / "receipt_lines.csv").unlink()
    assert main(["data", "profile", str(tmp_path)]) == 1
    assert "receipt_lines.csv is missing" in capsys.readouterr().err


def _assert_in_bands(data):
    p = pr.profile(data.receipts, data.receipt_lines, data.customers, data.stores)
    report = pr.band_report(p)
    assert report["inside"].all(), report.to_string()
    back = p.monthly_return
    assert back[1] > back[3] > back[6]  # the share still buying falls month by month


def test_small_falls_within_the_target_bands(data):
    _assert_in_bands(data)


def test_medium_falls_within_the_target_bands():
    from storecrm.data import generate

    _assert_in_bands(generate("medium", 2026))
