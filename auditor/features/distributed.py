"""Measure photos on an existing Dask cluster (the `dask` executor, optional extra).

Why: a platform auditing many companies' team pages spreads the CPU-heavy part — measuring —
over a cluster, while each site is still crawled politely from one place (see docs/scale.md).
Photos travel as bytes inside `Person` records; each task returns one small `Measurement`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from auditor.config import FeaturesConfig
from auditor.exceptions import ConfigError
from auditor.models import Measurement, Person, Status

__all__ = ["measure_on_dask"]

CONNECT_TIMEOUT = "20s"


def measure_on_dask(
    people: Sequence[Person],
    config: FeaturesConfig,
    worker: Callable[[tuple[Person, FeaturesConfig]], Measurement],
    on_progress: Callable[[int, int], None] | None = None,
) -> list[Measurement]:
    """Run `worker` for every person on the cluster at `config.dask_scheduler`, in order."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ConfigError(
            "features.executor = 'dask' needs the optional extra: "
            "pip install 'headshot-audit[dask]'"
        ) from None
    if not config.dask_scheduler:
        raise ConfigError("features.executor = 'dask' needs features.dask_scheduler (an address)")
    try:
        client = Client(config.dask_scheduler, timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        raise ConfigError(
            f"Cannot reach the Dask scheduler at {config.dask_scheduler}: {exc}"
        ) from None
    total = len(people)
    results: list[Measurement | None] = [None] * total
    with client:
        futures = client.map(worker, [(p, config) for p in people], pure=False)
        position = {future.key: i for i, future in enumerate(futures)}
        for done, future in enumerate(as_completed(futures), 1):
            i = position[future.key]
            try:
                results[i] = future.result()
            except Exception as exc:  # a lost worker loses one photo, not the audit
                results[i] = Measurement(
                    person_id=people[i].id,
                    status=Status.FAILED,
                    error=f"the photo could not be measured on the cluster ({type(exc).__name__})",
                )
            if on_progress:
                on_progress(done, total)
    return [r for r in results if r is not None]
