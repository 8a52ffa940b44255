"""The measure store: a photo measured once is not measured again until it or the code changes."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.config import FeaturesConfig
from auditor.features import MeasureStore, measure_all
from auditor.features.store import RUN_ONLY_FIELDS, hash_files, measures_version
from auditor.models import HttpInfo, Person, Status
from tests.features.conftest import encode

FEATURES = Path(__file__).resolve().parents[2] / "auditor" / "features"
ONE_WORKER = FeaturesConfig(workers=1)  # measured in this process: quick, and the same values


def _people(folder: Path) -> list[Person]:
    people = []
    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        people.append(
            Person(
                id=path.stem,
                name=path.stem,
                photo=data,
                sha256=hashlib.sha256(data).hexdigest(),
                http=HttpInfo(last_modified="Mon, 02 Nov 2026 10:00:00 GMT"),
            )
        )
    return people


def _run(people, path: Path, config: FeaturesConfig = ONE_WORKER, max_entries: int = 1000):
    store = MeasureStore(path, config, max_entries=max_entries)
    try:
        return measure_all(people, config, store=store), store.stats
    finally:
        store.close()


def test_a_warm_store_gives_back_exactly_what_was_measured(photo_folder, tmp_path):
    people = _people(photo_folder)
    path = tmp_path / "measures.sqlite"
    cold, stats = _run(people, path)
    assert (stats.reused, stats.measured, stats.stored) == (0, len(people), len(people))
    warm, stats = _run(people, path)
    assert (stats.reused, stats.measured, stats.stored) == (len(people), 0, 0)
    assert warm == cold  # every field: features, info, status, face box, thumbnail bytes
    assert all(m.thumbnail and m.status is Status.OK for m in warm)
    # The person id is the run's, not the one stored with the photo.
    renamed = [
        Person(id=f"x{i}", name="X", photo=p.photo, http=p.http) for i, p in enumerate(people)
    ]
    again, stats = _run(renamed, path)
    assert stats.reused == len(people)
    assert [m.person_id for m in again] == [p.id for p in renamed]


def test_a_changed_photo_is_measured_again_and_the_others_are_not(photo_folder, tmp_path, hopper):
    people = _people(photo_folder)
    path = tmp_path / "measures.sqlite"
    cold, _ = _run(people, path)
    changed = list(people)
    new_photo = encode(hopper)
    changed[3] = Person(id=people[3].id, name="P", photo=new_photo, http=people[3].http)
    warm, stats = _run(changed, path)
    assert (stats.reused, stats.measured, stats.stored) == (len(people) - 1, 1, 1)
    assert warm[3] != cold[3] and warm[3] == measure_all([changed[3]], ONE_WORKER)[0]
    assert [m for i, m in enumerate(warm) if i != 3] == [m for i, m in enumerate(cold) if i != 3]
    # The date the server gives is measured (meta.last_modified_year): a new date, a new key.
    dated = [Person(id=p.id, name="P", photo=p.photo, http=HttpInfo()) for p in people[:2]]
    undated, stats = _run(dated, path)
    assert stats.measured == 2 and undated[0].features["meta.last_modified_year"] is None
    # How the bytes arrived (from the HTTP cache or not) is no part of the key.
    arrived = [
        Person(id=p.id, name="P", photo=p.photo, http=replace(p.http, from_cache=True))
        for p in people
    ]
    _, stats = _run(arrived, path)
    assert (stats.reused, stats.measured) == (len(people), 0)


def test_a_setting_that_changes_values_invalidates_and_a_run_only_one_does_not(
    photo_folder, tmp_path
):
    people = _people(photo_folder)[:4]
    path = tmp_path / "measures.sqlite"
    _run(people, path)
    smaller = FeaturesConfig(workers=1, thumbnail_size=96)
    thumbs, stats = _run(people, path, smaller)
    assert stats.reused == 0 and stats.measured == len(people)
    assert all(max(_jpeg_size(m.thumbnail)) == 96 for m in thumbs)
    pooled = FeaturesConfig(workers=2, photo_timeout=30)
    _, stats = _run(people, path, pooled)
    assert stats.reused == len(people)
    assert measures_version(pooled) == measures_version(ONE_WORKER)
    assert set(FeaturesConfig.model_fields) > RUN_ONLY_FIELDS  # no stale names


def _jpeg_size(data: bytes) -> tuple[int, int]:
    from io import BytesIO

    from PIL import Image

    return Image.open(BytesIO(data)).size


def test_the_version_changes_with_any_file_of_the_measuring_code(tmp_path):
    copy = tmp_path / "features"
    shutil.copytree(FEATURES, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = hash_files(copy)
    assert hash_files(copy) == before
    measure = copy / "measures" / "light.py"
    measure.write_text(measure.read_text(encoding="utf-8") + "\n# one comment\n", "utf-8")
    assert hash_files(copy) != before
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "x.pyc").write_bytes(b"compiled")  # not code that was changed
    changed = hash_files(copy)
    (copy / "__pycache__" / "x.pyc").write_bytes(b"compiled again")
    assert hash_files(copy) == changed


def test_an_entry_of_another_version_is_never_used(photo_folder, tmp_path):
    people = _people(photo_folder)[:3]
    path = tmp_path / "measures.sqlite"
    _run(people, path)
    with sqlite3.connect(path) as db:  # as if written by other code, under the same key
        db.execute("UPDATE measures SET version = 'other'")
    _, stats = _run(people, path)
    assert stats.reused == 0 and stats.measured == 3 and stats.stored == 3


def test_the_store_keeps_at_most_max_entries_the_least_recently_used_go(photo_folder, tmp_path):
    people = _people(photo_folder)
    path = tmp_path / "measures.sqlite"
    _, stats = _run(people, path, max_entries=4)
    assert stats.evicted == len(people) - 4
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM measures").fetchone()[0] == 4


def test_failed_photos_are_not_stored(tmp_path, astronaut):
    people = [
        Person(id="broken", name="B", photo=b"not an image at all"),
        Person(id="ok", name="A", photo=encode(astronaut)),
        Person(id="none", name="N"),
    ]
    path = tmp_path / "measures.sqlite"
    first, stats = _run(people, path)
    assert first[0].status is Status.FAILED and stats.stored == 1
    second, stats = _run(people, path)
    assert (stats.reused, stats.measured) == (1, 1) and second == first


def test_a_corrupt_store_is_moved_aside_and_rebuilt(photo_folder, tmp_path, caplog):
    people = _people(photo_folder)[:3]
    path = tmp_path / "measures.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    measured, stats = _run(people, path)
    assert stats.measured == 3 and stats.stored == 3 and stats.problems
    assert "moved to measures.sqlite.corrupt" in caplog.text
    assert path.with_name("measures.sqlite.corrupt").read_bytes().startswith(b"this is not")
    again, stats = _run(people, path)
    assert stats.reused == 3 and again == measured


def test_another_programs_database_is_left_as_it_is(photo_folder, tmp_path, caplog):
    path = tmp_path / "history.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE runs (id INTEGER)")
    before = path.read_bytes()
    _, stats = _run(_people(photo_folder)[:2], path)
    assert stats.measured == 2 and stats.stored == 0 and "not changed" in caplog.text
    assert path.read_bytes() == before


def test_a_store_that_cannot_be_made_only_costs_the_measuring(photo_folder, tmp_path):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("the store's folder is a file", encoding="utf-8")
    people = _people(photo_folder)[:2]
    measured, stats = _run(people, not_a_folder / "measures.sqlite")
    assert measured == measure_all(people, ONE_WORKER)
    assert stats.problems and "every photo is measured" in stats.problems[-1]


def test_the_measures_never_read_how_the_bytes_arrived():
    """`from_cache` is left out of the key: no measuring code may depend on it."""
    sources = [p for p in FEATURES.rglob("*.py") if p.name != "store.py"]
    assert sources and not [p for p in sources if "from_cache" in p.read_text(encoding="utf-8")]


def test_a_dask_run_sends_only_the_photos_the_store_does_not_have(photo_folder, tmp_path):
    distributed = pytest.importorskip("distributed")
    people = [*_people(photo_folder)[:4], Person(id="broken", name="B", photo=b"<html>")]
    path = tmp_path / "measures.sqlite"
    local, _ = _run(people[:3], path)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        config = FeaturesConfig(executor="dask", dask_scheduler=cluster.scheduler_address)
        remote, stats = _run(people, path, config)
    assert (stats.reused, stats.measured, stats.stored) == (3, 2, 1)
    assert remote[:3] == local and remote[4].status is Status.FAILED
    assert [m.person_id for m in remote] == [p.id for p in people]
