"""grouped_inverse_cdf gives exactly what a searchsorted per group gives."""

from __future__ import annotations

import numpy as np
import pytest

from storecrm.data.simulation.sampling import grouped_inverse_cdf


def _per_group(cum: np.ndarray, group: np.ndarray, u: np.ndarray) -> np.ndarray:
    out = np.empty(len(u), dtype=np.int64)
    for g in np.unique(group):
        sel = group == g
        out[sel] = np.searchsorted(cum[g], u[sel], side="right")
    return out


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matches_one_search_per_group(dtype: type) -> None:
    rng = np.random.default_rng(7)
    w = rng.random((12, 30)) ** 3
    w[3, 5:9] = 0.0  # empty categories: thresholds repeat
    cum = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
    group = rng.integers(0, 12, 200_000)
    u = rng.random(len(group), dtype=dtype)
    expected = _per_group(cum, group, u)
    assert np.array_equal(grouped_inverse_cdf(cum, group, u), expected)


def test_draws_on_a_threshold_count_it() -> None:
    cum = np.array([[0.25, 0.5, 1.0], [0.5, 0.75, 1.0]])
    u = np.array([0.0, 0.25, 0.5, 0.5, 0.999], dtype=np.float64)
    group = np.array([0, 0, 0, 1, 1])
    assert grouped_inverse_cdf(cum, group, u).tolist() == [0, 1, 2, 1, 2]
    assert grouped_inverse_cdf(cum, group, u).tolist() == _per_group(cum, group, u).tolist()


def test_rejects_what_it_cannot_do_exactly() -> None:
    cum = np.array([[0.5, 1.0]])
    with pytest.raises(TypeError, match="float32 or float64"):
        grouped_inverse_cdf(cum, np.zeros(2, int), np.array([1, 2]))
    with pytest.raises(ValueError, match="cumulative"):
        grouped_inverse_cdf(-cum, np.zeros(1, int), np.array([0.5]))
