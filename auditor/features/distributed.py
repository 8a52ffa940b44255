"""Measure photos on an existing Dask cluster (the `dask` executor, optional extra).

Why: a platform auditing many companies' team pages spreads the CPU-heavy part — measuring —
over a cluster, while each site is still crawled politely from one place (see docs/scale.md).
Photos travel as bytes inside `Person` records; each task returns one small `Measurement`.

A cluster fails in ways a process pool does not, so `DaskCluster` checks it before the crawl
(the scheduler answers, at least one worker runs, every worker runs this version of
headshot-audit), and measuring applies `features.photo_timeout` to each photo and stops
with a message when no worker is left, instead of waiting forever.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from auditor import __version__
from auditor.config import FeaturesConfig
from auditor.exceptions import ConfigError, MeasureError
from auditor.models import Measurement, Person, Status

__all__ = ["DaskCluster"]

CONNECT_TIMEOUT_S = 20.0  # for the scheduler to answer
WORKER_WAIT_S = 20.0  # for a first worker to join a scheduler that has none
POLL_S = 0.25  # how often progress, time limits and workers are checked while measuring
# With no worker at all for this long, the photos still waiting are given up: a worker that
# restarts (a nanny) is back well within it.
NO_WORKER_GRACE_S = 10.0


def _worker_version() -> str:
    """Runs on each worker: the headshot-audit version it imports."""
    import auditor

    return auditor.__version__


class DaskCluster:
    """A checked connection to the scheduler at `config.dask_scheduler` (see module doc)."""

    def __init__(self, config: FeaturesConfig) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ConfigError(
                "features.executor = 'dask' needs the optional extra: "
                "pip install 'headshot-audit[dask]'"
            ) from None
        if not config.dask_scheduler:
            raise ConfigError(
                "features.executor = 'dask' needs features.dask_scheduler (an address)"
            )
        self.config = config
        self.address = config.dask_scheduler
        try:
            self.client = Client(self.address, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"Cannot reach the Dask scheduler at {self.address}: {exc}") from None
        try:
            self._check()
        except BaseException:
            self.client.close()
            raise

    def _check(self) -> None:
        """At least one worker, and every worker on this version of headshot-audit."""
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except TimeoutError:
            raise ConfigError(
                f"The Dask scheduler at {self.address} has no workers "
                f"(waited {WORKER_WAIT_S:g} s); start `dask worker {self.address}`."
            ) from None
        try:
            versions: dict[str, Any] = self.client.run(_worker_version)
        except Exception as exc:  # a worker that cannot even import the package
            raise ConfigError(
                f"The Dask workers at {self.address} cannot run headshot-audit "
                f"({type(exc).__name__}: {exc}); install headshot-audit {__version__} there."
            ) from None
        other = {addr: v for addr, v in versions.items() if v != __version__}
        if other:
            addr, version = sorted(other.items())[0]
            raise ConfigError(
                f"{len(other)} Dask worker(s) run headshot-audit {version} (e.g. {addr}); "
                f"this is {__version__}. Install the same version on every worker: measures "
                "of different versions do not compare."
            )

    def close(self) -> None:
        """Disconnect (the cluster itself keeps running)."""
        self.client.close()

    def measure(
        self,
        people: Sequence[Person],
        worker: Callable[[tuple[Person, FeaturesConfig]], Measurement],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> list[Measurement]:
        """Run `worker` for every person on the cluster; results in the order of `people`."""
        from distributed import wait

        config = self.config
        total = len(people)
        results: list[Measurement | None] = [None] * total
        futures = self.client.map(worker, [(p, config) for p in people], pure=False)
        position = {future.key: i for i, future in enumerate(futures)}
        pending = set(futures)
        running_since: dict[Any, float] = {}  # key -> when a worker was first seen on it
        no_worker_since: float | None = None
        done = 0

        def finish(i: int, measurement: Measurement) -> None:
            nonlocal done
            results[i] = measurement
            done += 1
            if on_progress:
                on_progress(done, total)

        while pending:
            try:
                finished, _ = wait(list(pending), timeout=POLL_S, return_when="FIRST_COMPLETED")
            except TimeoutError:  # nothing finished within POLL_S
                finished = set()
            for future in finished:
                pending.discard(future)
                finish(position[future.key], self._outcome(future, people[position[future.key]]))
            if not pending:
                break
            now = time.monotonic()
            for future in self._over_time(pending, running_since, now):
                pending.discard(future)
                future.cancel()
                i = position[future.key]
                finish(i, _timed_out(people[i], config.photo_timeout))
            if self.client.scheduler_info().get("workers"):
                no_worker_since = None
            elif no_worker_since is None:
                no_worker_since = now
            elif now - no_worker_since > NO_WORKER_GRACE_S:
                for future in pending:
                    future.cancel()
                raise MeasureError(
                    f"No Dask worker is left at {self.address}: {len(pending)} of {total} "
                    f"photos were not measured (no worker for {NO_WORKER_GRACE_S:g} s). "
                    "Restart the workers and run again."
                )
        return [r for r in results if r is not None]

    def _over_time(self, pending: set, running_since: dict, now: float) -> list:
        """The photos a worker has been measuring for longer than the photo time limit."""
        processing = self.client.processing()  # {worker: [task keys]}
        busy = {key for keys in processing.values() for key in keys}
        over = []
        for future in pending:
            if future.key not in busy:
                running_since.pop(future.key, None)  # queued (or moved to another worker)
                continue
            started = running_since.setdefault(future.key, now)
            if now - started > self.config.photo_timeout:
                over.append(future)
        return over

    @staticmethod
    def _outcome(future: Any, person: Person) -> Measurement:
        try:
            return future.result()
        except Exception as exc:  # a lost worker loses one photo, not the audit
            return Measurement(
                person_id=person.id,
                status=Status.FAILED,
                error=f"the photo could not be measured on the cluster ({type(exc).__name__})",
            )


def _timed_out(person: Person, limit: float) -> Measurement:
    return Measurement(
        person_id=person.id,
        status=Status.FAILED,
        error=f"measuring took longer than {limit:g} s and was stopped (the image file may be "
        "damaged: export it again)",
    )
