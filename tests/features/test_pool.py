"""Measurer: photos handed in from many threads while others download, bounded, crash-safe."""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

from auditor.config import FeaturesConfig
from auditor.features import Measurer, measure_all
from auditor.features import pool as pool_module
from auditor.models import Person, Status
from tests.features.conftest import encode


def _team(astronaut, hopper) -> list[Person]:
    photos = [encode(astronaut), encode(hopper), encode(hopper[:, ::-1]), encode(astronaut[40:])]
    people = [Person(id=f"p{i}", name=f"P {i}", photo=photos[i % 4]) for i in range(16)]
    return [*people, Person(id="none", name="No Photo")]


def test_photos_handed_in_from_many_threads_come_back_in_hand_in_order(astronaut, hopper):
    people = _team(astronaut, hopper)
    progress: list[tuple[int, int]] = []
    with Measurer(FeaturesConfig(workers=2), on_progress=lambda *a: progress.append(a)) as m:
        with ThreadPoolExecutor(8) as threads:
            positions = list(threads.map(m.submit, people))
        measured = m.results()
    assert sorted(positions) == list(range(len(people)))
    by_position = {position: person for position, person in zip(positions, people, strict=True)}
    assert [r.person_id for r in measured] == [by_position[i].id for i in range(len(people))]
    assert progress[-1] == (len(people), len(people))
    single = {r.person_id: r.features for r in measure_all(people, FeaturesConfig(workers=1))}
    assert all(r.features == single[r.person_id] for r in measured)
    assert all(p.photo is None for p in m._people)  # measured photos are not kept in memory


def test_one_worker_measures_each_photo_as_it_is_handed_in(astronaut, hopper):
    people = _team(astronaut, hopper)
    with Measurer(FeaturesConfig(workers=1)) as m:
        m.submit(people[0])
        assert m._people[0].photo is None and len(m._measured) == 1  # done before returning
        for person in people[1:]:
            m.submit(person)
        measured = m.results()
    assert m._pool is None
    assert [r.person_id for r in measured] == [p.id for p in people]


def test_hand_in_waits_while_the_workers_are_full(astronaut, hopper, monkeypatch):
    """Back-pressure: at most MAX_IN_FLIGHT photos per worker are queued at any moment."""
    monkeypatch.setattr(pool_module, "MAX_IN_FLIGHT", 2)
    people = _team(astronaut, hopper)[:16]
    queued, peak, lock = [0], [0], threading.Lock()
    with Measurer(FeaturesConfig(workers=2)) as m:
        real_send = m._send

        def counting_send(index: int) -> None:
            with lock:
                queued[0] += 1
                peak[0] = max(peak[0], queued[0])
            real_send(index)
            m._futures[index].add_done_callback(lambda _f: _finish())

        def _finish() -> None:
            with lock:
                queued[0] -= 1

        m._send = counting_send
        for person in people:
            m.submit(person)
        results = m.results()
    assert all(r.status is Status.OK for r in results)
    assert 2 <= peak[0] <= 2 * 2 + 1  # the +1: a slot is freed just before its count drops


def test_a_killed_worker_loses_no_photo(astronaut, hopper):
    people = _team(astronaut, hopper)
    with Measurer(FeaturesConfig(workers=2)) as m:
        for person in people[:8]:
            m.submit(person)
        victim = next(iter(m._pool._processes))  # a worker process id
        os.kill(victim, signal.SIGKILL)
        for person in people[8:]:
            m.submit(person)
        results = m.results()
    assert [r.person_id for r in results] == [p.id for p in people]
    assert [r.status for r in results[:-1]] == [Status.OK] * 16
    assert results[-1].status is Status.NO_PHOTO


def test_a_few_photos_never_start_a_pool(astronaut, hopper):
    people = _team(astronaut, hopper)[: pool_module.IN_PROCESS_BELOW - 1]
    with Measurer(FeaturesConfig(workers=2)) as m:
        for person in people:
            m.submit(person)
        assert m._pool is None
        assert all(r.status is Status.OK for r in m.results())


def test_a_photo_that_takes_too_long_is_given_up_and_the_run_finishes(astronaut, hopper):
    """A 36-megapixel flat PNG takes ~1 s to decode: far beyond a 0.2 s limit."""
    import io

    from PIL import Image

    slow = io.BytesIO()
    Image.new("RGB", (6000, 6000), (200, 200, 200)).save(slow, "PNG")
    people = [Person(id="slow", name="Slow Photo", photo=slow.getvalue())]
    people += _team(astronaut, hopper)[:8]
    with Measurer(FeaturesConfig(workers=2, photo_timeout=0.2)) as m:
        for person in people:
            m.submit(person)
        results = m.results()
    assert [r.person_id for r in results] == [p.id for p in people]
    assert results[0].status is Status.FAILED
    assert "longer than 0.2 s" in results[0].error
    # The others are measured or, on a machine too slow for 0.2 s, given up the same way.
    assert all(r.status is Status.OK or "longer than" in r.error for r in results[1:])


def _worker_state(_: object) -> tuple[bool, bool]:
    """In a pool worker: was the preload module loaded before this worker ran any code of
    its own, and is the landmark model in memory (without a photo measured here)?"""
    import sys

    from auditor.features.landmarks import _predictor, landmarks_available

    loaded = _predictor.cache_info().currsize > 0 or not landmarks_available()
    return "auditor.features.preload" in sys.modules, loaded


def test_workers_start_with_the_extractor_and_models_loaded():
    # Only the forkserver imports `preload`: a worker that has it was forked from a server
    # that loaded the extractor and models once, not started bare (issue 20).
    with Measurer(FeaturesConfig(workers=2)) as m:
        m._start_pool()
        assert m._pool is not None
        assert m._pool.submit(_worker_state, None).result(timeout=120) == (True, True)
