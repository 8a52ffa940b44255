"""How close is a full audit to the floor of any face-aware audit? (issue 8)

Serves N team photos (JPEG, 600–1,200 px, made from the bundled real portraits with varied
crops, mirroring and exposure) from a local HTTP server and, in the same run, times:

  (a) baseline: fetch every photo concurrently with httpx, decode each with OpenCV and run one
      Haar face-detection pass at a headshot working size — the floor of a face-aware audit;
  (b) the full audit of the same page through the CLI (crawl, measure, analyse, report).

Each side runs in its own subprocess so its peak memory (max RSS) is measured alone. The two
sides alternate for `--rounds` rounds and each keeps its best time, so a burst of load on a
shared machine does not land on one side only. Prints both times, the ratio b/a, photos per
second, time per photo at each N and peak memory.

    python benchmarks/audit_speed.py --n 200 1000 [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

WORKING_SIZE = 240  # long side for the baseline's face detection, as the feature extractor uses


_FIRST = ("Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea")
_LAST = ("Abe", "Brook", "Cruz", "Dale", "Ekon", "Faro", "Gale", "Holt", "Ines", "Joss", "Kerr")


def _name(i: int) -> str:
    """A distinct person-like name for card i (names with digits are not taken for names)."""
    first = _FIRST[i % len(_FIRST)]
    last = _LAST[(i // len(_FIRST)) % len(_LAST)]
    generation = i // (len(_FIRST) * len(_LAST))
    middle = chr(ord("A") + generation % 26) + ". " if generation else ""
    return f"{first} {middle}{last}"


def build_site(folder: Path, n: int, seed: int = 0) -> None:
    """Write N varied JPEG headshots and a team page listing them."""
    from PIL import Image

    from auditor.demo.photos import _cutouts, _frame

    rng = np.random.default_rng(seed)
    cuts = _cutouts()
    (folder / "photos").mkdir(parents=True)
    variants = []
    for k in range(24):  # distinct framings, re-used with per-photo size/quality changes
        rgb = _frame(
            cuts[k % 2],
            None,
            face_share=rng.uniform(0.25, 0.45),
            face_top=rng.uniform(0.12, 0.3),
            shift_x=rng.uniform(-0.08, 0.08),
        )
        variants.append(rgb[:, ::-1] if k % 3 == 0 else rgb)
    cards = []
    for i in range(n):
        rgb = variants[i % len(variants)]
        long_side = int(rng.integers(600, 1201))
        size = (round(long_side * rgb.shape[1] / rgb.shape[0]), long_side)
        image = Image.fromarray(np.clip(rgb * rng.uniform(0.85, 1.15), 0, 255).astype(np.uint8))
        buf = io.BytesIO()
        image.resize(size).save(buf, "JPEG", quality=int(rng.integers(70, 95)))
        (folder / "photos" / f"p{i:05d}.jpg").write_bytes(buf.getvalue())
        cards.append(
            f'<div class="card"><img src="photos/p{i:05d}.jpg" alt=""><h3>{_name(i)}</h3></div>'
        )
    (folder / "index.html").write_text(
        "<!doctype html><html><body><h1>Team</h1>" + "\n".join(cards) + "</body></html>",
        encoding="utf-8",
    )


_CASCADE = None


def detect(data: bytes) -> int:
    """Decode with OpenCV and run one Haar pass at the working size (the floor's work)."""
    import cv2

    global _CASCADE
    if _CASCADE is None:
        _CASCADE = cv2.CascadeClassifier(
            cv2.data.haarcascades + "haarcascade_frontalface_default.xml"
        )
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    scale = WORKING_SIZE / max(image.shape)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return len(_CASCADE.detectMultiScale(small, 1.1, 5, minSize=(24, 24)))


def baseline(url: str, photo_urls: list[str]) -> None:
    """Fetch concurrently, decode with OpenCV, one Haar pass at the working size."""
    import httpx

    async def fetch_all() -> list[bytes]:
        limits = httpx.Limits(max_connections=8)
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:
            await client.get(url)
            responses = await asyncio.gather(*(client.get(u) for u in photo_urls))
        return [r.content for r in responses]

    from concurrent.futures import ProcessPoolExecutor

    payloads = asyncio.run(fetch_all())
    with ProcessPoolExecutor() as pool:
        list(pool.map(detect, payloads, chunksize=16))


def _timed_subprocess(args: list[str]) -> tuple[float, float]:
    """Run a command; return (seconds, peak RSS of that process tree in MB)."""
    code = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        f"subprocess.run({args!r}, check=True, stdout=subprocess.DEVNULL)\n"
        "el = time.perf_counter() - t\n"
        "print(json.dumps([el, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    seconds, max_rss_kb = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds, max_rss_kb / 1024


def main() -> None:
    """Build the sites, time both sides for each N, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--_baseline", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._baseline:
        url, folder = args._baseline
        names = sorted(p.name for p in (Path(folder) / "photos").iterdir())
        baseline(url, [url.rsplit("/", 1)[0] + "/photos/" + n for n in names])
        return

    from auditor.demo import serve_folder

    print(
        f"{'N':>6} {'baseline s':>11} {'audit s':>8} {'ratio':>6} {'photos/s':>9}"
        f" {'ms/photo':>9} {'base MB':>8} {'audit MB':>9}"
    )
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            build_site(site, n)
            with serve_folder(site) as base:
                url = base + "index.html"
                bases, audits = [], []
                for round_ in range(args.rounds):
                    bases.append(
                        _timed_subprocess([sys.executable, __file__, "--_baseline", url, str(site)])
                    )
                    audits.append(
                        _timed_subprocess(
                            [
                                sys.executable,
                                "-m",
                                "auditor",
                                "audit",
                                url,
                                "--quiet",
                                "--no-history",
                                "--out",
                                str(Path(tmp) / f"run-{round_}" / "report"),  # fresh HTTP cache
                            ]
                        )
                    )
                t_base, m_base = min(bases)
                t_audit, m_audit = min(audits)
        print(
            f"{n:>6} {t_base:>11.2f} {t_audit:>8.2f} {t_audit / t_base:>6.2f}"
            f" {n / t_audit:>9.1f} {1000 * t_audit / n:>9.1f} {m_base:>8.0f} {m_audit:>9.0f}"
        )


if __name__ == "__main__":
    main()
