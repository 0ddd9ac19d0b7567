"""The import's small parts alone: scrub patterns, formula neutralising, hashes, age bands."""

from __future__ import annotations

from datetime import date

import pytest

from storecrm.data.importing.convert import age_band
from storecrm.data.importing.pseudonymise import Pseudonymiser
from storecrm.data.importing.scrub import Scrubber
from storecrm.data.importing.writer import neutralise


@pytest.mark.parametrize(
    "mobile",
    ["13800138000", "138 0013 8000", "138-0013-8000", "+86 13800138000", "+86-138-0013-8000",
     "0086 138 0013 8000", "+8613800138000", "1 3 8 0 0 1 3 8 0 0 0"],
)  # fmt: skip
def test_mobile_spellings_are_removed(mobile):
    s = Scrubber()
    assert s(f"请打{mobile}谢谢") == "请打[mobile removed]谢谢"
    assert s.removed["mobile"] == 1


@pytest.mark.parametrize(
    "text",
    ["共123456789012分", "订单号20250301", "2瓶水9.00元", "会员 03800138000", "第12345678901234次",
     "price 1380013800"],
)  # fmt: skip
def test_other_numbers_survive(text):
    s = Scrubber()
    assert s(text) == text and sum(s.removed.values()) == 0


@pytest.mark.parametrize("number", ["11010519900412001X", "11010519900412001x",
                                    "110105199004120018", "110105 19900412 001X"])  # fmt: skip
def test_id_numbers_are_removed_not_read_as_mobiles(number):
    s = Scrubber()
    assert s(f"证件{number}。") == "证件[ID number removed]。"
    assert s.removed == {"id_number": 1, "mobile": 0, "email": 0}


def test_emails_and_known_names():
    s = Scrubber(["王小明", "李", " 陈静 "])
    out = s("王小明和陈静 (wxm.test+1@example.com.cn) 李子很好")
    assert out == "[name removed]和[name removed] ([e-mail removed]) 李子很好"
    assert s.removed["name"] == 2 and s.removed["email"] == 1


@pytest.mark.parametrize(
    ("cell", "safe"),
    [("=1+2", "'=1+2"), ("+86 1", "'+86 1"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("-3.50", "-3.50"), ("+2", "+2"), ("1e5", "1e5"),
     ("-", "'-"), ("ok=1", "ok=1"), ("", "")],
)  # fmt: skip
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe


def test_pseudonyms_are_keyed_and_kind_separated():
    a, b = Pseudonymiser(b"k" * 64), Pseudonymiser(b"j" * 64)
    assert a("VIP1") == a(" VIP1 ") != b("VIP1")
    assert a("VIP1")[0] == "C" and a("VIP1", "staff")[0] == "E"
    assert a("VIP1")[1:] != a("VIP1", "staff")[1:]
    assert a("") == ""


@pytest.mark.parametrize(
    ("born", "band"),
    [(date(2007, 3, 5), "18-24"), (date(2007, 3, 6), ""), (date(1990, 4, 12), "25-34"),
     (date(1960, 3, 5), "65+"), (date(1960, 3, 6), "55-64")],
)  # fmt: skip
def test_age_band_on_the_day(born, band):
    assert age_band(born, date(2025, 3, 5)) == band
