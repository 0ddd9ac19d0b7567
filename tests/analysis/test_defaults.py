"""The shared default data set behind the quiz-answer helpers (storecrm.analysis.defaults).

Pins three promises: the default data is read once per process and shared; every helper
called with no arguments gives exactly what it gives for ``data=load()``; and the helpers
leave the data they are given unchanged (which is what makes sharing one copy safe).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

import storecrm.data
from storecrm.analysis import complaints, customer_value, promotions, service
from storecrm.analysis.defaults import default_data, resolve_data
from storecrm.data import StoreData

#: Every helper that reads the default data set when called without ``data``.
HELPERS: list[Callable[..., object]] = [
    customer_value.store_gross_margin_rate,
    customer_value.example_member,
    customer_value.example_member_average_basket,
    customer_value.example_member_visits_per_year,
    customer_value.example_member_annual_margin,
    customer_value.example_member_clv,
    customer_value.one_visit_member_share,
    service.convenience_weekday_peak_hour,
    service.station_square_peak_tills,
    service.lowest_checkout_fast_share,
    complaints.median_resolution_hours,
    complaints.share_first_response_on_time,
    complaints.share_resolved_on_time,
    promotions.quiz_online_order_share,
    promotions.quiz_redemption_rate,
    promotions.quiz_spend_uplift_per_member,
    promotions.quiz_bundle_margin_cny,
]


def _name(helper: Callable[..., object]) -> str:
    return f"{helper.__module__.rsplit('.', 1)[-1]}.{helper.__name__}"


def _assert_same(a: object, b: object) -> None:
    if isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
    else:
        assert type(a) is type(b)
        assert a == b


def test_default_data_is_loaded_once_and_shared() -> None:
    first = default_data()
    assert isinstance(first, StoreData)
    assert default_data() is first
    assert resolve_data(None) is first


def test_resolve_data_passes_given_data_through(committed) -> None:
    assert resolve_data(committed) is committed


@pytest.mark.parametrize("helper", HELPERS, ids=_name)
def test_no_argument_call_equals_call_with_loaded_data(helper, committed) -> None:
    # ``committed`` is a separate ``load()``: the default path and the data= path must agree.
    assert committed is not default_data()
    _assert_same(helper(), helper(data=committed))


def test_all_helpers_read_the_data_files_only_once(monkeypatch, committed) -> None:
    calls: list[object] = []

    def counting_load(path=None) -> StoreData:
        calls.append(path)
        return committed

    monkeypatch.setattr(storecrm.data, "load", counting_load)
    default_data.cache_clear()
    try:
        for helper in HELPERS:
            helper()
    finally:
        default_data.cache_clear()  # the next test gets a real, freshly loaded copy
    assert calls == [None]


@pytest.fixture(scope="module")
def snapshot(committed) -> dict[str, pd.DataFrame]:
    return {name: frame.copy(deep=True) for name, frame in committed.tables().items()}


@pytest.mark.parametrize("helper", HELPERS, ids=_name)
def test_helpers_do_not_change_the_data_they_read(helper, committed, snapshot) -> None:
    helper(data=committed)
    for name, before in snapshot.items():
        pd.testing.assert_frame_equal(getattr(committed, name), before, obj=name)
