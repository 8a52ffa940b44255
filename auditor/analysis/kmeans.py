"""k-means (k-means++ seeding, Lloyd) and the silhouette, in numpy, as scikit-learn computes them.

The style clusters need KMeans for k <= 3 on a few hundred rows and one silhouette. Importing
scikit-learn for them cost ~1.1-1.4 s of CPU in every run (its first import pulls in
`scipy.stats`), the largest fixed cost of a small team's audit. These functions follow
scikit-learn's own algorithm step for step (data centred; greedy k-means++ with 2 + log k
local trials; Lloyd's iterations with its convergence rule and empty-cluster relocation; the
best of `n_init` runs by inertia; one `RandomState(seed)` for every draw, in the same order), so
they give the same labels and scores for the same seed: `tests/analysis/test_kmeans.py`
compares them with scikit-learn on real and random tables.
"""

from __future__ import annotations

import numpy as np

__all__ = ["kmeans_labels", "silhouette"]

MAX_ITER = 300  # scikit-learn's defaults
TOL = 1e-4  # relative to the mean variance of the features


def _sq_norms(x: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", x, x)


def _sq_distances(a: np.ndarray, b: np.ndarray, b_sq_norms: np.ndarray) -> np.ndarray:
    """Squared distances of every row of `a` to every row of `b` (the dot-product form)."""
    distances = -2 * (a @ b.T)
    distances += _sq_norms(a)[:, None]
    distances += b_sq_norms[None, :]
    return np.maximum(distances, 0, out=distances)


def _plus_plus(x: np.ndarray, k: int, sq_norms: np.ndarray, rng: np.random.RandomState):
    """Greedy k-means++ seeds: each new centre the best of 2 + log k candidates."""
    n = len(x)
    weights = np.ones(n)
    trials = 2 + int(np.log(k))
    centres = np.empty((k, x.shape[1]))
    centres[0] = x[rng.choice(n, p=weights / weights.sum())]
    closest = _sq_distances(centres[0:1], x, sq_norms)[0]
    potential = closest @ weights
    for c in range(1, k):
        targets = rng.uniform(size=trials) * potential
        candidates = np.searchsorted(np.cumsum(weights * closest), targets)
        np.clip(candidates, None, n - 1, out=candidates)
        to_candidates = _sq_distances(x[candidates], x, sq_norms)
        np.minimum(closest, to_candidates, out=to_candidates)
        potentials = to_candidates @ weights
        best = int(np.argmin(potentials))
        potential, closest = potentials[best], to_candidates[best]
        centres[c] = x[candidates[best]]
    return centres


def _assign(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Nearest centre of each row (the first on a tie)."""
    scores = _sq_norms(centres)[None, :] - 2 * (x @ centres.T)
    return np.argmin(scores, axis=1).astype(np.int32)


def _new_centres(x: np.ndarray, labels: np.ndarray, old: np.ndarray) -> np.ndarray:
    """Means of the clusters; an empty cluster takes the row farthest from its centre."""
    k = len(old)
    sums = np.zeros_like(old)
    np.add.at(sums, labels, x)
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    empty = np.flatnonzero(counts == 0)
    if len(empty):
        distances = ((x - old[labels]) ** 2).sum(axis=1)
        farthest = np.argpartition(distances, -len(empty))[: -len(empty) - 1 : -1]
        for cluster, row in zip(empty, farthest, strict=True):
            sums[labels[row]] -= x[row]
            sums[cluster] = x[row]
            counts[cluster] = 1.0
            counts[labels[row]] -= 1.0
    filled = counts > 0
    sums[filled] /= counts[filled, None]
    return sums


def _lloyd(x: np.ndarray, centres: np.ndarray, tol: float) -> tuple[np.ndarray, float]:
    """Lloyd's iterations from `centres`: the labels and their inertia."""
    labels_old = np.full(len(x), -1, np.int32)
    strict = False
    for _ in range(MAX_ITER):
        labels = _assign(x, centres)
        moved = _new_centres(x, labels, centres)
        shift = float(((moved - centres) ** 2).sum())
        centres = moved
        if np.array_equal(labels, labels_old):
            strict = True
            break
        if shift <= tol:
            break
        labels_old = labels
    if not strict:
        labels = _assign(x, centres)
    inertia = float(((x - centres[labels]) ** 2).sum())
    return labels, inertia


def _same_clustering(a: np.ndarray, b: np.ndarray, k: int) -> bool:
    """Whether two labellings are the same partition (up to the clusters' numbering)."""
    mapping = np.full(k, -1)
    for i, j in zip(a, b, strict=True):
        if mapping[i] == -1:
            mapping[i] = j
        elif mapping[i] != j:
            return False
    return True


def kmeans_labels(data: np.ndarray, k: int, n_init: int = 10, seed: int = 0) -> np.ndarray:
    """Cluster labels of k-means on `data` (n x d), best of `n_init` seeded runs."""
    x = np.array(data, dtype=np.float64, order="C")
    if len(x) < k:
        raise ValueError(f"k-means needs at least k = {k} rows, got {len(x)}")
    tol = float(np.mean(np.var(x, axis=0))) * TOL
    x -= x.mean(axis=0)
    sq_norms = _sq_norms(x)
    rng = np.random.RandomState(seed)
    best_labels, best_inertia = None, None
    for _ in range(n_init):
        labels, inertia = _lloyd(x, _plus_plus(x, k, sq_norms, rng), tol)
        if best_inertia is None or (
            inertia < best_inertia and not _same_clustering(labels, best_labels, k)
        ):
            best_labels, best_inertia = labels, inertia
    assert best_labels is not None
    return best_labels


def silhouette(
    data: np.ndarray, labels: np.ndarray, sample_size: int | None = None, seed: int = 0
) -> float:
    """Mean silhouette coefficient (Euclidean), on a seeded sample of `sample_size` rows."""
    x = np.asarray(data, dtype=np.float64)
    labels = np.asarray(labels)
    if sample_size is not None:
        chosen = np.random.RandomState(seed).permutation(len(x))[:sample_size]
        x, labels = x[chosen], labels[chosen]
    _, labels = np.unique(labels, return_inverse=True)
    k = int(labels.max()) + 1
    if not 2 <= k <= len(x) - 1:
        raise ValueError(f"the silhouette needs 2 to n - 1 clusters, got {k}")
    sq_norms = _sq_norms(x)
    squared = _sq_distances(x, x, sq_norms)
    np.fill_diagonal(squared, 0)
    distances = np.sqrt(squared)
    freqs = np.bincount(labels)
    sums = distances @ np.eye(k)[labels]  # per row: the sum of its distances to each cluster
    rows = np.arange(len(x))
    intra = sums[rows, labels].copy()
    sums[rows, labels] = np.inf
    inter = (sums / freqs).min(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        intra /= (freqs - 1).take(labels, mode="clip")
        scores = (inter - intra) / np.maximum(intra, inter)
    return float(np.mean(np.nan_to_num(scores)))
