"""LTTB keeps the shape of a long series in far fewer points."""

from __future__ import annotations

import numpy as np
import pytest

from supportwise.charts.lttb import lttb, lttb_indices


def _noisy(n: int = 10_000, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return np.arange(n, dtype="float64"), rng.normal(100, 5, n)


@pytest.mark.parametrize("n_out", [3, 10, 500, 1000, 9_999])
def test_returns_n_sorted_points_with_first_and_last(n_out):
    x, y = _noisy()
    keep = lttb_indices(x, y, n_out)
    assert len(keep) == n_out
    assert keep[0] == 0 and keep[-1] == len(x) - 1
    assert (np.diff(keep) > 0).all()


def test_keeps_the_extremes():
    x, y = _noisy()
    y[2_345], y[7_777] = 400.0, -250.0      # one spike, one trough
    keep = set(lttb_indices(x, y, 200).tolist())
    assert {2_345, 7_777} <= keep


def test_keeps_extremes_of_an_uneven_time_axis():
    rng = np.random.default_rng(5)
    x = np.cumsum(rng.integers(1, 3_600, 5_000)).astype("float64")   # irregular timestamps (seconds)
    y = rng.normal(0, 1, 5_000)
    y[4_000] = 50
    xs, ys = lttb(x, y, 300)
    assert len(xs) == 300 and ys.max() == 50 and xs[0] == x[0] and xs[-1] == x[-1]


def test_short_series_are_returned_whole():
    x, y = _noisy(50)
    assert lttb_indices(x, y, 1000).tolist() == list(range(50))
    assert lttb_indices(x[:2], y[:2], 1).tolist() == [0, 1]


def test_nan_never_wins_a_bucket():
    x, y = _noisy(1_000)
    y[100:200] = np.nan
    keep = lttb_indices(x, y, 50)
    assert len(keep) == 50


def test_bad_arguments():
    x, y = _noisy(100)
    with pytest.raises(ValueError):
        lttb_indices(x, y[:50], 10)
    with pytest.raises(ValueError):
        lttb_indices(x, y, 2)
