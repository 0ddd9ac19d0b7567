"""GrowingColumns and the id formatter: the pieces the large size's speed rests on."""

from __future__ import annotations

import numpy as np
import pytest

from storecrm.data.simulation.columns import GrowingColumns
from storecrm.data.simulation.tables import ids


def test_runs_are_appended_in_order_and_growing_keeps_earlier_rows() -> None:
    cols = GrowingColumns({"a": np.int64, "b": np.float64}, capacity=3)
    cols.append(a=np.array([1, 2]), b=np.array([0.5, 1.5]))
    cols.append(a=np.array([3, 4, 5]), b=np.array([2.5, 3.5, 4.5]))  # past capacity
    assert cols.capacity >= 5
    out = cols.columns()
    assert out["a"].tolist() == [1, 2, 3, 4, 5]
    assert out["b"].tolist() == [0.5, 1.5, 2.5, 3.5, 4.5]
    assert out["a"].dtype == np.int64


def test_a_run_must_give_every_column_with_one_length() -> None:
    cols = GrowingColumns({"a": np.int64, "b": np.int64}, capacity=4)
    with pytest.raises(ValueError, match="expected columns"):
        cols.append(a=np.array([1]))
    with pytest.raises(ValueError, match="differ in length"):
        cols.append(a=np.array([1]), b=np.array([1, 2]))
    assert cols.n == 0


def test_object_columns_are_refused() -> None:
    with pytest.raises(TypeError, match="object"):
        GrowingColumns({"a": object}, capacity=4)


@pytest.mark.parametrize("n", [0, 1, 9, 10, 300_001])
def test_ids_match_python_formatting(n: int) -> None:
    out = ids("R", n, 7)
    assert out.dtype == object
    assert len(out) == n
    expected = [f"R{i:07d}" for i in range(1, n + 1)]
    assert out.tolist() == expected
    assert all(type(x) is str for x in out[:5])


def test_ids_with_a_longer_prefix() -> None:
    assert ids("CS", 3, 6).tolist() == ["CS000001", "CS000002", "CS000003"]


@pytest.mark.parametrize(("n", "width"), [(99_999, 5), (100_000, 6), (160_000, 6), (1_000_000, 7)])
def test_id_width_grows_with_the_count(n: int, width: int) -> None:
    # A fixed width of 5 once gave the large size's 160,000 members 60,000 repeated ids.
    out = ids("M", n, 5)
    assert len(set(out.tolist())) == n
    assert {len(x) for x in out.tolist()} == {1 + width}
    assert out[0] == "M" + "0" * (width - 1) + "1"
    assert out[-1] == f"M{n:0{width}d}"
    assert out.tolist() == sorted(out.tolist())  # text order is number order
