"""Style clusters: groups of photos that share a look, e.g. two photo shoots years apart.

KMeans on the clipped robust z-scores of the style measures, for k = 2..3, keeping a split only
when it is clearly better than one group (silhouette) and every group has a few photos. The
largest group is the house style; the others are described in words against it. KMeans and the
silhouette are scikit-learn's algorithms in numpy (`auditor.analysis.kmeans`): the same labels,
without importing scikit-learn in every run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from auditor.analysis.kmeans import kmeans_labels, silhouette
from auditor.analysis.outliers import STYLE_MEASURES, Z_CLIP
from auditor.models import ClusterSummary

__all__ = ["MIN_SILHOUETTE", "cluster_styles"]

MIN_SILHOUETTE = 0.35  # below this, "clusters" are just ordinary variation
MIN_CLUSTER_SHARE = 0.12  # a group must hold this share of the team ...
MIN_CLUSTER_SIZE = 3  # ... and at least this many photos
SILHOUETTE_SAMPLE = 1000  # photos used to judge a split on very large teams
KMEANS_STARTS = 10  # seeded k-means++ starts; the split with the least inertia is kept

# (measure, difference that is worth a word, word when higher, word when lower)
_WORDS = (
    ("light.face_luminance", 8.0, "brighter", "darker"),
    ("color.cast_b", 4.0, "warmer", "cooler"),
    ("crop.head_height_ratio", 0.07, "tighter crop", "wider crop"),
    ("background.clutter_pct", 2.0, "busier background", "plainer background"),
    ("background.lab_l", 10.0, "lighter background", "darker background"),
    ("color.colorfulness", 10.0, "more colourful", "less colourful"),
    ("quality.sharpness", 0.7, "sharper", "softer"),
)


def _describe(members: pd.DataFrame, house: pd.DataFrame) -> str:
    words = []
    for measure, step, higher, lower in _WORDS:
        if measure not in members.columns:
            continue
        a, b = members[measure].median(), house[measure].median()
        if measure == "quality.sharpness":
            a, b = np.log(max(a, 1e-6)), np.log(max(b, 1e-6))
        if pd.notna(a) and pd.notna(b) and abs(a - b) >= step:
            words.append(higher if a > b else lower)
    return ", ".join(words) if words else "a slightly different look"


def cluster_styles(
    table: pd.DataFrame, z: pd.DataFrame, seed: int = 0
) -> tuple[tuple[ClusterSummary, ...], dict[str, int]]:
    """Clusters (house style first) and each photo's cluster id."""
    columns = [c for c in STYLE_MEASURES if c in z.columns]
    data = z[columns].clip(-Z_CLIP, Z_CLIP).fillna(0.0).to_numpy()
    n = len(data)
    best_labels = np.zeros(n, int)
    best_score = MIN_SILHOUETTE
    for k in (2, 3):
        if n < k * MIN_CLUSTER_SIZE:
            break
        labels = kmeans_labels(data, k, n_init=KMEANS_STARTS, seed=seed)
        sizes = np.bincount(labels, minlength=k)
        if sizes.min() < max(MIN_CLUSTER_SIZE, MIN_CLUSTER_SHARE * n):
            continue
        # A sample keeps the silhouette linear in the team size (it compares all pairs).
        score = silhouette(data, labels, sample_size=min(n, SILHOUETTE_SAMPLE), seed=seed)
        if score > best_score:
            best_score, best_labels = score, labels
    order = np.argsort(-np.bincount(best_labels))  # largest group first = house style
    relabel = {old: new for new, old in enumerate(order)}
    labels = np.array([relabel[label] for label in best_labels])
    ids = list(table.index)
    house = table[labels == 0]
    summaries = []
    for cluster in range(labels.max() + 1):
        members = [ids[i] for i in np.flatnonzero(labels == cluster)]
        if cluster == 0:
            description = f"The team's most common look ({len(members)} photos)."
        else:
            look = _describe(table.loc[members], house)
            description = f"{len(members)} photos with a different look: {look}."
        summaries.append(
            ClusterSummary(cluster, len(members), cluster == 0, description, tuple(members))
        )
    return tuple(summaries), {pid: int(label) for pid, label in zip(ids, labels, strict=True)}
