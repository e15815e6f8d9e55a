"""Group tickets into themes: over-cluster with spherical k-means, then merge what belongs together.

Why two steps: customers describe one problem in many phrasings, and k-means with a
small k happily lumps two problems together when their words overlap ("sync", "records")
while splitting one problem by phrasing. So k-means first cuts the tickets into many
small, tight groups (``over_k``), the groups are then merged, closest first, while the
*cohesion ratio* of the closest pair stays above ``threshold``, and a few k-means passes
from the merged groups let each ticket settle in the group it fits best (``refine``):

    ratio(A, B) = mean cos(a, b) over a∈A, b∈B  /  √(mean cos within A · mean cos within B)

1.0 means A and B are as alike across as within; tickets of different problems score
far lower (on the demo data about 0.3 for TF-IDF against 0.6+ for two halves of one
theme). Being relative, the ratio does not depend on how similar texts of the area are
in general. Groups below ``min_size`` afterwards are left out of every theme.

Everything is deterministic: k-means++ seeding from ``numpy.random.default_rng(seed)``,
a fixed number of restarts, ties broken by index.
"""

from __future__ import annotations

import math

import numpy as np

UNCLUSTERED = -1
THRESHOLD = 0.4


def over_k(n: int) -> int:
    """How many groups to cut ``n`` tickets into before merging: √n, between 2 and 30.

    Generous on purpose: a split theme is merged back, two themes in one group never part
    (on the demo data √(n/2) left a two-day spike's 18 tickets in 3 groups, mixing the
    release's complaints with everyday questions; √n keeps them apart).
    """
    return max(2, min(30, round(math.sqrt(n)), n))


def kmeans(X: np.ndarray, k: int, *, seed: int = 0, restarts: int = 3, max_iter: int = 60) -> np.ndarray:
    """Labels 0..k-1 of spherical k-means (cosine) on unit rows; the best of ``restarts`` runs."""
    best, best_score = None, -np.inf
    for run in range(restarts):
        labels, score = _kmeans_once(X, k, np.random.default_rng(seed + run), max_iter)
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return best


def _kmeans_once(X: np.ndarray, k: int, rng: np.random.Generator, max_iter: int) -> tuple[np.ndarray, float]:
    centroids = _seed_centroids(X, k, rng)
    labels = np.full(len(X), -1)
    for _ in range(max_iter):
        sims = X @ centroids.T
        new = np.argmax(sims, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            members = labels == j
            if members.any():
                centroids[j] = _unit(X[members].sum(axis=0))
            else:  # an emptied group restarts at the ticket its centroid fits worst
                worst = int(np.argmin(sims[np.arange(len(X)), labels]))
                centroids[j] = X[worst]
    score = float((X @ centroids.T)[np.arange(len(X)), labels].sum())
    return labels, score


def _seed_centroids(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++: each next seed drawn with probability ∝ its cosine distance to the nearest seed."""
    chosen = [int(rng.integers(len(X)))]
    nearest = 1.0 - X @ X[chosen[0]]
    for _ in range(1, k):
        weights = np.clip(nearest, 0.0, None).astype(np.float64)
        total = weights.sum()
        pick = int(rng.choice(len(X), p=weights / total)) if total > 0 else int(rng.integers(len(X)))
        chosen.append(pick)
        nearest = np.minimum(nearest, 1.0 - X @ X[pick])
    return X[chosen].astype(np.float32).copy()


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def merge(X: np.ndarray, labels: np.ndarray, *, threshold: float = THRESHOLD) -> np.ndarray:
    """Merge groups, closest pair first, while their cohesion ratio is at least ``threshold``."""
    groups = {int(g): np.flatnonzero(labels == g) for g in np.unique(labels) if g != UNCLUSTERED}
    sums = {g: X[m].sum(axis=0, dtype=np.float64) for g, m in groups.items()}
    while len(groups) > 1:
        keys = sorted(g for g in groups if len(groups[g]) > 1)
        best = None
        for a_pos, a in enumerate(keys):
            for b in keys[a_pos + 1:]:
                ratio = cohesion_ratio(sums[a], len(groups[a]), sums[b], len(groups[b]))
                if best is None or ratio > best[0]:
                    best = (ratio, a, b)
        if best is None or best[0] < threshold:
            break
        _, a, b = best
        groups[a] = np.concatenate([groups[a], groups.pop(b)])
        sums[a] = sums[a] + sums.pop(b)
    merged = np.full(len(X), UNCLUSTERED)
    for g, members in groups.items():
        merged[members] = g
    return merged


def refine(X: np.ndarray, labels: np.ndarray, *, max_iter: int = 10) -> np.ndarray:
    """k-means passes from the merged groups: every ticket moves to its nearest group's centroid.

    Merging moves whole k-means groups; a group that straddled two themes went to one of
    them whole. Reassigning ticket by ticket puts its members where each fits best.
    """
    groups = [g for g in np.unique(labels) if g != UNCLUSTERED]
    if len(groups) < 2:
        return labels
    centroids = np.array([_unit(X[labels == g].sum(axis=0)) for g in groups], dtype=np.float32)
    current = labels
    for _ in range(max_iter):
        nearest = np.asarray(groups)[np.argmax(X @ centroids.T, axis=1)]
        if np.array_equal(nearest, current):
            break
        current = nearest
        for j, g in enumerate(groups):
            if (current == g).any():
                centroids[j] = _unit(X[current == g].sum(axis=0))
    return current


def cohesion_ratio(sum_a: np.ndarray, n_a: int, sum_b: np.ndarray, n_b: int) -> float:
    """Mean cosine across two groups over the geometric mean of their mean cosines within."""
    across = float(sum_a @ sum_b) / (n_a * n_b)
    within_a = (float(sum_a @ sum_a) - n_a) / (n_a * (n_a - 1))
    within_b = (float(sum_b @ sum_b) - n_b) / (n_b * (n_b - 1))
    return across / math.sqrt(max(within_a, 1e-9) * max(within_b, 1e-9))


def cluster(X: np.ndarray, *, min_size: int, threshold: float = THRESHOLD, seed: int = 0) -> np.ndarray:
    """Theme numbers 0..t-1, largest theme first, and UNCLUSTERED for tickets in no theme."""
    if len(X) < max(2, min_size):
        return np.full(len(X), UNCLUSTERED)
    labels = refine(X, merge(X, kmeans(X, over_k(len(X)), seed=seed), threshold=threshold))
    sizes = {int(g): int((labels == g).sum()) for g in np.unique(labels) if g != UNCLUSTERED}
    kept = sorted((g for g, size in sizes.items() if size >= min_size), key=lambda g: (-sizes[g], g))
    numbered = np.full(len(X), UNCLUSTERED)
    for number, g in enumerate(kept):
        numbered[labels == g] = number
    return numbered


def min_theme_size(n: int) -> int:
    """The fewest tickets a theme may have: 2 % of the tickets, at least 3."""
    return max(3, math.ceil(0.02 * n))
