"""Measure many photos: in a process pool, as they arrive, with bounded memory.

`Measurer` takes photos one at a time while the crawler is still downloading the rest, so
downloads overlap with measuring; `submit` blocks once `MAX_IN_FLIGHT` photos per worker are
waiting, which holds the photo bytes in memory to a small constant instead of the whole team.
`measure_all` is the batch form of the same code path. Given a `MeasureStore`, a photo an
earlier run measured is taken from it as it arrives and never reaches a worker.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from typing import TYPE_CHECKING

from auditor.config import FeaturesConfig
from auditor.forkserver import WORKER_PRELOAD, start_forkserver
from auditor.models import Measurement, Person, Status
from auditor.threads import limit_native_threads

if TYPE_CHECKING:
    from auditor.features.store import MeasureStore

__all__ = ["Measurer", "measure_all"]

IN_PROCESS_BELOW = 6  # fewer photos than this are measured without starting a process pool
MAX_IN_FLIGHT = 8  # photos queued per worker before `submit` waits: keeps workers busy, RAM flat
ORPHAN_POLL_S = 0.5  # where pidfd is unavailable: how often a worker checks its run is alive


def _measure_person(args: tuple[Person, FeaturesConfig]) -> Measurement:
    """Worker entry point (top level, so process pools can pickle it).

    The extractor (OpenCV, every measure) is imported here, not with this module: the main
    process of a pooled run never measures, so it does not load them before the crawl starts.
    """
    from auditor.features.extract import measure_photo

    person, config = args
    if person.photo is None:
        if person.error:
            return Measurement(person_id=person.id, status=Status.FAILED, error=person.error)
        return Measurement(person_id=person.id, status=Status.NO_PHOTO)
    try:
        return measure_photo(person.photo, config, person.http, person.id)
    except Exception as exc:  # last line of defence: a photo never stops the run
        return Measurement(
            person_id=person.id,
            status=Status.FAILED,
            error=f"the photo could not be measured ({type(exc).__name__})",
        )


def _init_worker(main_pid: int) -> None:
    """Pool worker set-up: one OpenCV, OpenMP and BLAS thread per process (the pool already
    uses every core).

    Ctrl-C reaches every process of the terminal's group; only the main process acts on it
    (and stops the workers), so workers ignore it instead of printing tracebacks. A worker
    also ends itself when the main process is gone, even if that was killed with SIGKILL:
    otherwise it would wait for work forever, holding the job's stdout and stderr open.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # first: the rest takes a moment
    import cv2

    cv2.setNumThreads(1)
    limit_native_threads()
    threading.Thread(target=_exit_with, args=(main_pid,), name="orphan watch", daemon=True).start()


def _exit_with(main_pid: int) -> None:
    """Block until process `main_pid` has ended, then end this process at once."""
    try:
        fd = os.pidfd_open(main_pid)  # Linux: readable when the process ends (zombie or not)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
        os._exit(1)
    while True:  # elsewhere: poll
        try:
            os.kill(main_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass
        time.sleep(ORPHAN_POLL_S)


class Measurer:
    """Measure people's photos as they are handed in; `results()` gives them back in order.

    The process pool starts when the IN_PROCESS_BELOW-th photo arrives, so a handful of photos
    never pays for starting workers. Without a usable pool (a script without a `__main__`
    guard, a sandbox without semaphores, a worker killed for memory) the photos not yet
    measured are measured in this process rather than failing the audit. With a `store`, a
    photo found there is not measured (nor counted towards starting the pool), and the
    photos measured are written to it once `results()` has them all.
    """

    def __init__(
        self,
        config: FeaturesConfig,
        on_progress: Callable[[int, int], None] | None = None,
        *,
        store: MeasureStore | None = None,
    ) -> None:
        self.config = config
        self.on_progress = on_progress
        self.store = store
        self._keys: dict[int, str] = {}  # position -> store key, for the photos measured here
        workers = max(1, config.workers or os.cpu_count() or 1)
        self._pooled = workers > 1 and config.executor == "processes"
        self._inline = workers == 1 and config.executor == "processes"  # measured on hand-in
        self._workers = workers
        self._people: list[Person] = []
        self._waiting: list[int] = []  # photos that arrived before the pool started
        self._futures: dict[int, Future[Measurement]] = {}
        self._measured: dict[int, Measurement] = {}  # measured in the submitting thread
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self._hung = False  # a photo took longer than config.photo_timeout
        self._lock = threading.Lock()
        self._room = threading.Semaphore(MAX_IN_FLIGHT * workers)
        self._done = 0
        self._cluster = None
        if self._pooled:
            start_forkserver()
        if config.executor == "dask":  # checked now, before any photo is downloaded
            from auditor.features.distributed import DaskCluster

            self._cluster = DaskCluster(config)

    def __enter__(self) -> Measurer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        self.close(stop=exc_type is not None)

    def submit(self, person: Person) -> int:
        """Queue one person's photo for measuring; returns its position in `results()`.

        Thread-safe (the crawler's download threads call it); blocks while MAX_IN_FLIGHT
        photos per worker are already queued.
        """
        if self.store is not None and person.photo is not None:
            key, stored = self.store.lookup(person)
            if stored is not None:  # measured by an earlier run: keep no photo bytes
                with self._lock:
                    index = len(self._people)
                    self._people.append(replace(person, photo=None))
                    self._measured[index] = stored
                self._progress()
                return index
        with self._lock:
            index = len(self._people)
            self._people.append(person)
            if self.store is not None and person.photo is not None:
                self._keys[index] = key
            if person.photo is None or not (self._pooled or self._inline):
                return index  # measured by results(): no photo, or sent to dask there
        if self._inline:  # one worker: measure here and now, and keep no photo bytes
            self._measured[index] = _measure_person((person, self.config))
            self._people[index] = replace(person, photo=None)
            self._progress()
            return index
        with self._lock:
            self._waiting.append(index)
            if self._pool is None:
                if self._broken or len(self._waiting) < IN_PROCESS_BELOW:
                    return index
                self._start_pool()
                if self._pool is None:
                    return index
            ready, self._waiting = self._waiting, []
        for waiting in ready:
            self._room.acquire()
            self._send(waiting)
        return index

    def results(self) -> list[Measurement]:
        """Every submitted person's Measurement, in submission order (waits for the pool)."""
        out = self._cluster_results() if self._cluster is not None else self._local_results()
        if self.store is not None:
            for index, key in self._keys.items():
                self.store.remember(key, out[index])
            self.store.commit()
        return out

    def _cluster_results(self) -> list[Measurement]:
        """Measure on the cluster the photos the store did not have."""
        assert self._cluster is not None
        pending = [i for i in range(len(self._people)) if i not in self._measured]
        people = [self._people[i] for i in pending]
        measured = self._cluster.measure(people, _measure_person, self.on_progress)
        self._measured.update(zip(pending, measured, strict=True))
        return [self._measured[i] for i in range(len(self._people))]

    def _local_results(self) -> list[Measurement]:
        out = []
        for index, person in enumerate(self._people):
            measurement = self._measured.get(index)
            future = self._futures.get(index)
            if future is not None:
                try:
                    measurement = future.result(timeout=self.config.photo_timeout)
                except TimeoutError:
                    self._hung = True  # close() stops the stuck worker
                    measurement = Measurement(
                        person_id=person.id,
                        status=Status.FAILED,
                        error=f"measuring took longer than {self.config.photo_timeout:g} s and "
                        "was stopped (the image file may be damaged: export it again)",
                    )
                except (BrokenProcessPool, OSError, RuntimeError):
                    self._broken = True
            if measurement is None:
                measurement = _measure_person((person, self.config))
                self._progress()
            out.append(measurement)
        return out

    def close(self, *, stop: bool = False) -> None:
        """Stop the pool (measurements already taken are kept); kill a worker that hangs.

        `stop` (the run is being abandoned: a signal, an error) kills the workers at once
        instead of letting them finish the photos already queued.
        """
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self._pool is None:
            return
        if self._hung or stop:
            self._hung = True
            # The executor has no public way to stop a busy worker; its process table is the
            # only handle. Without this, shutting down would wait for the stuck photo forever.
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=not self._hung, cancel_futures=True)
        self._pool = None

    # -- internals -----------------------------------------------------------------------------
    def _start_pool(self) -> None:
        """Start the workers (forkserver: clean processes, no crawler threads or sockets)."""
        context = get_context("forkserver")
        context.set_forkserver_preload(list(WORKER_PRELOAD))  # no effect once it is running
        try:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(os.getpid(),),
            )
        except (OSError, RuntimeError, ValueError):
            self._broken = True

    def _send(self, index: int) -> None:
        try:
            assert self._pool is not None
            future = self._pool.submit(_measure_person, (self._people[index], self.config))
        except (BrokenProcessPool, OSError, RuntimeError):
            self._broken = True  # results() measures this photo in-process
            self._room.release()
            return
        self._futures[index] = future
        future.add_done_callback(lambda done: self._finished(index, done))

    def _finished(self, index: int, future: Future[Measurement]) -> None:
        self._room.release()
        if future.cancelled():  # a stopped run cancelled it: nothing to keep
            return
        if future.exception() is None:
            # Measured: the photo bytes are not needed again (a failed one keeps them, to be
            # measured in-process), so the measurer holds only the photos still in flight.
            self._people[index] = replace(self._people[index], photo=None)
            self._progress()

    def _progress(self) -> None:
        with self._lock:
            self._done += 1
            done, total = self._done, len(self._people)
        if self.on_progress is not None:
            self.on_progress(min(done, total), total)


def measure_all(
    people: Sequence[Person],
    config: FeaturesConfig,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    store: MeasureStore | None = None,
) -> list[Measurement]:
    """One Measurement per person, in the same order; never raises for one bad photo."""
    with Measurer(config, on_progress, store=store) as measurer:
        for person in people:
            measurer.submit(person)
        return measurer.results()
