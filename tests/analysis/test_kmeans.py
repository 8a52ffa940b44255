"""The numpy k-means and silhouette give scikit-learn's labels and scores (issue 20).

The style clusters used scikit-learn's KMeans and silhouette_score; `auditor.analysis.kmeans`
follows the same algorithm so the clusters of every team stay as they were, without importing
scikit-learn in every run. scikit-learn is still installed (the opt-in outlier detectors use
it), so each table here is clustered by both and the results must agree exactly.
"""

from __future__ import annotations

import subprocess
import sys

import cv2
import numpy as np
import pytest
from skimage import data as samples
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from auditor.analysis.kmeans import kmeans_labels, silhouette


def _tables() -> list[tuple[str, np.ndarray]]:
    """Real colours (CIELAB pixels of real photos) and z-score-like tables of many shapes:
    separated groups, one blob, heavy tails, and rounded values full of ties and duplicates."""
    rng = np.random.default_rng(7)
    tables = []
    for name in ("astronaut", "coffee", "chelsea"):
        rgb = getattr(samples, name)()
        lab = cv2.cvtColor(rgb.astype(np.float32) / 255, cv2.COLOR_RGB2LAB).reshape(-1, 3)
        tables.append((name, lab[rng.choice(len(lab), 300, replace=False)].astype(np.float64)))
    for trial in range(24):
        n, d = int(rng.integers(6, 320)), int(rng.integers(2, 15))
        kind = trial % 4
        if kind == 0:
            x = rng.normal(size=(n, d))
        elif kind == 1:
            centres = rng.normal(scale=3, size=(3, d))
            x = centres[rng.integers(0, 3, n)] + rng.normal(size=(n, d))
        elif kind == 2:
            x = np.round(rng.normal(size=(n, d)))
        else:
            x = np.clip(rng.standard_t(2, size=(n, d)), -8, 8)
        tables.append((f"random-{trial}", x))
    return tables


TABLES = _tables()


@pytest.mark.parametrize(("name", "table"), TABLES, ids=[name for name, _ in TABLES])
def test_same_labels_and_silhouette_as_scikit_learn(name, table):
    for k in (2, 3):
        if len(table) < 3 * k:
            continue
        for seed in (0, 3):
            with threadpool_limits(1):
                expected = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(table)
            labels = kmeans_labels(table, k, n_init=10, seed=seed)
            assert np.array_equal(labels, expected), (name, k, seed)
            if len(set(expected)) < 2:
                continue
            for sample in (None, max(4, len(table) // 2)):
                want = silhouette_score(table, expected, sample_size=sample, random_state=seed)
                got = silhouette(table, labels, sample_size=sample, seed=seed)
                assert got == pytest.approx(want, abs=1e-12), (name, k, seed, sample)


def test_too_few_rows_or_clusters_is_a_clear_error():
    with pytest.raises(ValueError, match="at least k"):
        kmeans_labels(np.zeros((2, 3)), 3)
    with pytest.raises(ValueError, match="2 to n - 1"):
        silhouette(np.arange(8.0).reshape(4, 2), np.zeros(4, int))


def test_the_analysis_no_longer_imports_scikit_learn():
    code = "import sys; import auditor.analysis; print('sklearn' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
