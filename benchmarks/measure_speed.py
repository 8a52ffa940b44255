"""How close is full feature extraction to the floor of a face-aware measure? (issues 4 and 8)

On the same files, side by side in one run, times:

  floor:  a plain reduced-size decode (Pillow, JPEG DCT scaling to the working size) plus one
          Haar frontal-face pass at the detection size, with the extractor's own cascade
          settings: what any face-aware measure must pay;
  imdec:  the naive floor of issue 4's wording: plain full-size `cv2.imdecode` (greyscale),
          area-resize to the detection size, the same Haar pass;
  full:   `measure_photo` — decode, faces and eyes, every registered measure, thumbnail;
  geom:   the part of full spent on face geometry (issue 14): landmarks, chin, the person
          mask (GrabCut), crown and shoulders, background/face/torso regions.

It prints time per photo and the ratios full / floor and full / imdec on one core, then photos
per second with a process pool of `--workers` processes: the floor and full extraction on the
same warmed-up pool, and `measure_all` including its own pool start-up, as an audit runs it.
Targets: ratio <= 1.5 and >= 40 photos/s on 2 cores for 250–1,200 px JPEGs.

Files: every JPEG of ../shared/corpus/ (real headshots, 225–275 px) when present, plus
`--synthetic` JPEGs of 250–1,200 px cut at random from the portraits installed packages ship
(half of them from `astronaut()`, a looser framing with a ~20% face), plus as many 600–1,200 px
shoulders-up headshots framed from the same portraits (`audit_speed.py`'s photos).

    python benchmarks/measure_speed.py [--workers 2] [--synthetic 80]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def synthetic_jpegs(count: int, seed: int = 0) -> list[bytes]:
    """JPEGs of 250–1,200 px (long side): random crops of the bundled real portraits."""
    import skimage.data
    from matplotlib import cbook
    from PIL import Image

    hopper = Image.open(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)).convert("RGB")
    portraits = [Image.fromarray(skimage.data.astronaut()), hopper]
    rng = np.random.default_rng(seed)
    out = []
    for index in range(count):
        image = portraits[index % 2]
        width, height = image.size
        crop_w, crop_h = int(width * rng.uniform(0.75, 1)), int(height * rng.uniform(0.75, 1))
        left, top = (
            int(rng.integers(0, width - crop_w + 1)),
            int(rng.integers(0, height - crop_h + 1)),
        )
        crop = image.crop((left, top, left + crop_w, top + crop_h))
        long_side = int(rng.integers(250, 1201))
        factor = long_side / max(crop.size)
        crop = crop.resize((round(crop.size[0] * factor), round(crop.size[1] * factor)))
        buf = io.BytesIO()
        crop.save(buf, "JPEG", quality=int(rng.integers(75, 96)))
        out.append(buf.getvalue())
    return out


def headshot_jpegs(count: int) -> list[bytes]:
    """The 600–1,200 px headshots `audit_speed.py` serves: the bundled portraits cut out and
    framed shoulders-up (face 25–45% of the height), mirrored, resized and re-compressed."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from audit_speed import build_site

    with tempfile.TemporaryDirectory() as tmp:
        build_site(Path(tmp) / "site", count)
        return [path.read_bytes() for path in sorted((Path(tmp) / "site" / "photos").iterdir())]


def floor(data: bytes) -> int:
    """Plain reduced-size decode + one Haar pass at the detection size; returns the face count."""
    import cv2
    from PIL import Image

    from auditor.config import FeaturesConfig
    from auditor.features.decode import draft_size

    config = FeaturesConfig()
    image = Image.open(io.BytesIO(data))
    image.draft("L", draft_size(image.size, config.working_size))
    gray = np.asarray(image.convert("L"))
    factor = min(1.0, config.detect_size / max(gray.shape))
    if factor < 1:
        size = (round(gray.shape[1] * factor), round(gray.shape[0] * factor))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    return _haar(gray)


def _haar(gray: np.ndarray) -> int:
    """One frontal-face pass with the extractor's settings on a detection-size luma image."""
    from auditor.features import faces

    min_side = max(20, int(faces.MIN_FACE_SHARE * min(gray.shape)))
    found = faces._cascade(faces.FRONTAL).detectMultiScale(
        gray, faces.SCALE_FACTOR, faces.MIN_NEIGHBORS, minSize=(min_side, min_side)
    )
    return len(found)


def imdecode_floor(data: bytes) -> int:
    """Plain full-size `cv2.imdecode` + area resize to the detection size + one Haar pass."""
    import cv2

    from auditor.config import FeaturesConfig

    gray = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    factor = min(1.0, FeaturesConfig().detect_size / max(gray.shape))
    if factor < 1:
        size = (round(gray.shape[1] * factor), round(gray.shape[0] * factor))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    return _haar(gray)


def full(data: bytes) -> int:
    """Full extraction of one photo; returns the face count."""
    from auditor.config import FeaturesConfig
    from auditor.features import measure_photo

    return int(measure_photo(data, FeaturesConfig()).features.get("face.count") or 0)


def geometry_cost(files: list[bytes], rounds: int) -> float:
    """Seconds per photo for the face geometry alone (issue 14): landmarks, chin, person mask,
    crown and shoulders, and the background, face and torso regions; decode and face
    detection are done first and not counted."""
    from auditor.config import FeaturesConfig
    from auditor.features.context import PhotoContext
    from auditor.features.decode import decode

    _single_thread()
    config = FeaturesConfig()
    best = float("inf")
    for _ in range(rounds):
        total = 0.0
        for data in files:
            ctx = PhotoContext(
                decode(data, config.working_size, config.max_pixels), config.detect_size, None
            )
            _ = ctx.face
            start = time.perf_counter()
            _ = ctx.geometry, ctx.background_mask, ctx.face_mask, ctx.torso_mask
            total += time.perf_counter() - start
        best = min(best, total / len(files))
    return best


def _single_thread() -> None:
    import cv2

    cv2.setNumThreads(1)


def one_core(files: list[bytes], rounds: int) -> tuple[float, float, float]:
    """Seconds per photo for both floors and full extraction, best of `rounds`, one core."""
    _single_thread()
    floor(files[0]), imdecode_floor(files[0]), full(files[0])  # load cascades and imports
    best = {floor: float("inf"), imdecode_floor: float("inf"), full: float("inf")}
    for _ in range(rounds):
        for func in best:  # interleaved, so all see the same machine state
            start = time.perf_counter()
            for data in files:
                func(data)
            best[func] = min(best[func], (time.perf_counter() - start) / len(files))
    return best[floor], best[imdecode_floor], best[full]


def pooled(files: list[bytes], workers: int) -> tuple[float, float, float]:
    """Photos per second on a pool of `workers`: the floor and full extraction on the same
    warmed-up pool, and `measure_all` including its own pool start-up (as an audit runs it)."""
    from auditor.config import FeaturesConfig
    from auditor.features import measure_all
    from auditor.models import Person

    with ProcessPoolExecutor(workers, get_context("forkserver"), _single_thread) as pool:
        list(pool.map(floor, files[: workers * 2]))  # warm the workers up
        list(pool.map(full, files[: workers * 2]))
        start = time.perf_counter()
        list(pool.map(floor, files, chunksize=4))
        floor_rate = len(files) / (time.perf_counter() - start)
        start = time.perf_counter()
        list(pool.map(full, files, chunksize=4))
        warm_rate = len(files) / (time.perf_counter() - start)
    people = [Person(id=str(i), name=str(i), photo=data) for i, data in enumerate(files)]
    config = FeaturesConfig(workers=workers)
    start = time.perf_counter()
    measure_all(people, config)  # includes starting the pool, as an audit does
    full_rate = len(files) / (time.perf_counter() - start)
    return floor_rate, warm_rate, full_rate


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--synthetic", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)

    sets: dict[str, list[bytes]] = {}
    corpus = (
        sorted(p for p in CORPUS.glob("*/*") if p.suffix.lower() in (".jpg", ".jpeg"))
        if CORPUS.is_dir()
        else []
    )
    if corpus:
        sets["corpus 225-275 px"] = [path.read_bytes() for path in corpus]
    else:
        print("(../shared/corpus not present: synthetic files only)")
    sets["synthetic 250-1200 px"] = synthetic_jpegs(args.synthetic)
    sets["headshots 600-1200 px"] = headshot_jpegs(args.synthetic)
    sets["all"] = [data for files in list(sets.values()) for data in files]

    print(f"cpu cores: {os.cpu_count()}, pool workers: {args.workers}")
    header = f"{'files':24} {'n':>4} {'floor ms':>9} {'imdec ms':>9} {'full ms':>8} {'geom ms':>8}"
    print(
        header + f" {'full/floor':>10} {'full/imdec':>10} {'floor/s':>8} {'full/s':>7}"
        f" {'audit/s':>8}"
    )
    for name, files in sets.items():
        floor_s, imdec_s, full_s = one_core(files, args.rounds)
        geometry_s = geometry_cost(files, args.rounds)
        floor_rate, warm_rate, full_rate = pooled(files, args.workers)
        print(
            f"{name:24} {len(files):>4} {floor_s * 1000:>9.1f} {imdec_s * 1000:>9.1f} "
            f"{full_s * 1000:>8.1f} {geometry_s * 1000:>8.1f} "
            f"{full_s / floor_s:>10.2f} {full_s / imdec_s:>10.2f} "
            f"{floor_rate:>8.1f} {warm_rate:>7.1f} {full_rate:>8.1f}"
        )
    print(
        "targets: ratio <= 1.5, full/s >= 40 on 2 cores. Per-photo times: one core; floor/s "
        "and full/s: the same warmed-up pool; audit/s: measure_all with its pool start-up; "
        "geom: landmarks, chin, person mask and regions (part of full)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
