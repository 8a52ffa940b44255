"""Models every photo needs, loaded on import: the pool's forkserver imports this module.

The forkserver forks each pool worker from itself, so what it loads once every worker starts
with (copy-on-write) instead of loading it again: dlib's default landmark model (~0.17 s of
CPU per process) and the face and eye cascades. Loading is best-effort: a model that cannot
load here loads, or fails with its own clear error, in the worker as before.
"""

from __future__ import annotations

import contextlib

from auditor.features.faces import FRONTAL, _cascade
from auditor.features.landmarks import _predictor

__all__ = ["PRELOADED_CASCADES", "PRELOADED_LANDMARKS", "load_models"]

PRELOADED_LANDMARKS = "dlib-5"  # the default `features.landmarks`
PRELOADED_CASCADES = (FRONTAL, "haarcascade_eye.xml")  # run on every photo with a face


def load_models() -> None:
    """Load the default landmark model and the cascades into this process's caches."""
    with contextlib.suppress(Exception):  # never stop the forkserver: workers load on use
        _predictor(PRELOADED_LANDMARKS)
        for name in PRELOADED_CASCADES:
            _cascade(name)


load_models()
