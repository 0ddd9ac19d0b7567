"""The shared default data set behind the quiz-answer helpers (storecrm.quiz.answers).

Pins three promises: the default data is read once per process and shared; every helper
called with no arguments gives exactly what it gives for ``data=load()``; and the helpers
leave the data they are given unchanged (which is what makes sharing one copy safe). The
helpers are found by looking at every module of the package, so a new one cannot be missed.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

import pandas as pd
import pytest

import storecrm.data
import storecrm.quiz.answers
from storecrm.data import StoreData
from storecrm.quiz.answers import default_data, resolve_data


def _helpers() -> list[Callable[..., object]]:
    """Every public function of storecrm.quiz.answers.* that takes ``data=``."""
    found = []
    for info in pkgutil.iter_modules(storecrm.quiz.answers.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"storecrm.quiz.answers.{info.name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and "data" in inspect.signature(obj).parameters:
                found.append(obj)
    return found


#: Every helper that reads the default data set when called without ``data``.
HELPERS: list[Callable[..., object]] = _helpers()


def test_the_helper_list_is_not_empty() -> None:
    assert len(HELPERS) >= 20


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
