"""Largest-Triangle-Three-Buckets downsampling, for drawing long series only.

Steinarsson (2013), "Downsampling Time Series for Visual Representation", ch. 4: keep the
first and last points, split the rest into ``n - 2`` buckets, and from each bucket keep the
point that makes the largest triangle with the point kept before it and the mean of the
next bucket. Peaks and troughs survive, which a stride sample or a bucket mean loses.
Tables and exports always carry every row; only the drawing is thinned.

>>> import numpy as np
>>> lttb_indices(np.arange(10.0), np.array([0, 1, 0, 9, 0, 1, 0, -7, 0, 1.0]), 4).tolist()
[0, 3, 7, 9]
"""

from __future__ import annotations

import numpy as np


def lttb_indices(x: np.ndarray, y: np.ndarray, n_out: int) -> np.ndarray:
    """Indices of the ``n_out`` points to draw (sorted, first and last included); x must be ascending."""
    x = np.asarray(x, dtype="float64")
    y = np.asarray(y, dtype="float64")
    size = len(x)
    if len(y) != size:
        raise ValueError("x and y must have the same length")
    if n_out >= size or size <= 2:
        return np.arange(size)
    if n_out < 3:
        raise ValueError("LTTB needs at least 3 output points")
    # n_out - 2 buckets over the points between the first and the last; each non-empty
    edges = np.linspace(1, size - 1, n_out - 1).astype(np.int64)
    # every bucket's mean, NaN (a gap in the series) left out; the last bucket looks at the final point
    present = ~np.isnan(y)
    sums_y = np.add.reduceat(np.where(present, y, 0.0)[:size - 1], edges[:-1])
    sums_x = np.add.reduceat(np.where(present, x, 0.0)[:size - 1], edges[:-1])
    counts = np.maximum(np.add.reduceat(present[:size - 1].astype(np.int64), edges[:-1]), 1)
    next_x = np.append((sums_x / counts)[1:], x[-1])
    next_y = np.append((sums_y / counts)[1:], y[-1])
    kept = np.empty(n_out, dtype=np.int64)
    kept[0], kept[-1] = 0, size - 1
    previous = 0
    for bucket in range(n_out - 2):
        start, stop = edges[bucket], edges[bucket + 1]
        px, py = x[previous], y[previous]
        # twice the triangle (previous kept point, candidate, next bucket's mean); NaN never wins
        areas = np.abs((px - next_x[bucket]) * (y[start:stop] - py) - (px - x[start:stop]) * (next_y[bucket] - py))
        best = np.argmax(np.where(np.isnan(areas), -1.0, areas))
        previous = start + int(best)
        kept[bucket + 1] = previous
    return kept


def lttb(x: np.ndarray, y: np.ndarray, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """The downsampled (x, y) pair; see ``lttb_indices``."""
    keep = lttb_indices(x, y, n_out)
    return np.asarray(x)[keep], np.asarray(y)[keep]
