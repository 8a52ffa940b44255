"""The dask executor measures photos on a cluster exactly as local processes do."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from skimage import data

from auditor.config import FeaturesConfig
from auditor.exceptions import ConfigError
from auditor.features import measure_all
from auditor.models import Person, Status

distributed = pytest.importorskip("distributed")


def _jpeg(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _people() -> list[Person]:
    """Six crops of a real portrait, one missing photo and one web page served as a photo."""
    astronaut = data.astronaut()
    crops = [astronaut[s : 400 + s, s // 2 : 380 + s // 2] for s in range(0, 60, 10)]
    people = [Person(id=f"p{i}", name=f"P {i}", photo=_jpeg(c)) for i, c in enumerate(crops)]
    people.append(Person(id="missing", name="Missing"))
    people.append(Person(id="broken", name="Broken", photo=b"<html>not an image</html>"))
    return people


def test_dask_executor_matches_local_measurement_in_order():
    people = _people()
    local = measure_all(people, FeaturesConfig(workers=1))
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        config = FeaturesConfig(executor="dask", dask_scheduler=cluster.scheduler_address)
        progress: list[tuple[int, int]] = []
        remote = measure_all(people, config, on_progress=lambda d, t: progress.append((d, t)))
    assert [m.person_id for m in remote] == [p.id for p in people]
    assert [m.status for m in remote] == [m.status for m in local]
    assert remote[-2].status is Status.NO_PHOTO and remote[-1].status is Status.FAILED
    for a, b in zip(local, remote, strict=True):
        assert a.features == pytest.approx(b.features, nan_ok=True)
    assert progress[-1] == (len(people), len(people))


def test_dask_executor_without_a_scheduler_is_a_config_error():
    with pytest.raises(ConfigError, match="dask_scheduler"):
        measure_all(_people()[:1], FeaturesConfig(executor="dask"))
