"""One native thread for numeric libraries: small data gains nothing from OpenMP or BLAS threads.

The analysis fits tables of a few hundred to a few thousand rows and each pool worker measures
one photo at a time, with the pool already using every core. There, OpenMP and OpenBLAS threads
only wait for each other: on a loaded 2-core machine scikit-learn's KMeans on 300 rows took
7-12 s with 2 OpenMP threads and 0.13 s with one (same labels). `single_threaded()` holds them
to one thread; OpenCV's own pool is set separately (`cv2.setNumThreads`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from threadpoolctl import threadpool_limits

__all__ = ["limit_native_threads", "single_threaded"]

NATIVE_THREADS = 1


@contextlib.contextmanager
def single_threaded() -> Iterator[None]:
    """OpenMP and BLAS held to one thread for the block (restored after it)."""
    with threadpool_limits(limits=NATIVE_THREADS):
        yield


def limit_native_threads() -> None:
    """OpenMP and BLAS held to one thread for the rest of this process (a pool worker)."""
    threadpool_limits(limits=NATIVE_THREADS)
