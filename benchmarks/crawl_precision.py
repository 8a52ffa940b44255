"""How precise is the crawler on the fixture pages? (issue 13)

Serves every page style in tests/crawl/fixtures/ on 127.0.0.1 (the same threaded server the
crawler tests use, with a real portrait JPEG for every file a fixture lists), crawls it and
compares what came back with the fixture's expected.json:

  pairs found    people found with exactly the expected photo (or, expected without, none)
  missed         expected people not found at all
  decoys         people found that the page does not list as team members
  wrong photos   expected people found with another photo
  roles right    people whose role is the expected one, of those whose role a fixture gives

Prints one row per page and the totals.

    python benchmarks/crawl_precision.py [--only agency lab]
"""

from __future__ import annotations

import argparse
import io
import json
import mimetypes
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data as skdata

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "crawl" / "fixtures"
sys.path.insert(0, str(ROOT / "tests" / "crawl"))

from crawl_httpd import Reply, serve  # noqa: E402

from auditor.config import CrawlConfig  # noqa: E402
from auditor.crawl import crawl  # noqa: E402

PHOTO_SIZE = (120, 150)
CONFIG = CrawlConfig(timeout=3.0, backoff=0.05, retries=0)


@dataclass
class Score:
    """The counts for one page (or the total)."""

    expected: int = 0
    pairs: int = 0
    missed: int = 0
    decoys: int = 0
    wrong_photos: int = 0
    roles_right: int = 0
    roles_known: int = 0
    left_out: int = 0

    def add(self, other: Score) -> None:
        """Add another page's counts to these."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _photo(i: int) -> bytes:
    """A distinct real portrait JPEG (skimage's astronaut, cropped and toned by i)."""
    base = Image.fromarray(np.asarray(skdata.astronaut()))
    w, h = base.size
    shift = (i * 7) % (w // 10)
    crop = base.crop((shift, 0, w - (w // 10 - shift), h)).resize(PHOTO_SIZE)
    tone = Image.new("RGB", PHOTO_SIZE, ((i * 37) % 60, (i * 11) % 40, (i * 23) % 50))
    buf = io.BytesIO()
    Image.blend(crop, tone, 0.15).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _site(style: str, root: Path) -> tuple[Path, dict]:
    site = root / style
    shutil.copytree(FIXTURES / style, site)
    expected = json.loads((site / "expected.json").read_text(encoding="utf-8"))
    for i, relative in enumerate(expected["files"]):
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_photo(i))
    return site, expected


def _routes(site: Path, expected: dict) -> dict[str, Reply]:
    routes = {}
    for path, filename in expected.get("routes", {}).items():
        kind = mimetypes.guess_type(filename)[0] or "text/html"
        routes[path] = Reply(200, (site / filename).read_bytes(), {"Content-Type": kind})
    return routes


def score_page(style: str, root: Path) -> Score:
    """Crawl one fixture page on loopback and count what came back against expected.json."""
    site, expected = _site(style, root)
    with serve(site, _routes(site, expected)) as server:
        result = crawl([server.url(expected["start"])], CONFIG)
        wanted = {name: (server.url(path) if path else None) for name, path in expected["people"]}
    titles = expected.get("titles", {})
    score = Score(expected=len(wanted), left_out=len(result.excluded))
    found = {p.name: p for p in result.people}
    for name, person in found.items():
        if name not in wanted:
            score.decoys += 1
        elif person.image_url == wanted[name]:
            score.pairs += 1
        else:
            score.wrong_photos += 1
        if name in titles:
            score.roles_known += 1
            score.roles_right += person.title == titles[name]
    score.missed = sum(1 for name in wanted if name not in found)
    return score


def _row(label: str, s: Score) -> str:
    roles = f"{s.roles_right}/{s.roles_known}"
    return (
        f"{label:<20}{s.expected:>9}{s.pairs:>7}{s.missed:>8}{s.decoys:>8}"
        f"{s.wrong_photos:>8}{roles:>9}{s.left_out:>10}"
    )


def main(argv: list[str] | None = None) -> int:
    """Score every fixture page (or the ones named) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="fixture folder names to score")
    args = parser.parse_args(argv)
    styles = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())
    if args.only:
        styles = [s for s in styles if s in args.only]
    print(
        f"{'page':<20}{'expected':>9}{'pairs':>7}{'missed':>8}{'decoys':>8}"
        f"{'wrong':>8}{'roles':>9}{'left out':>10}"
    )
    total = Score()
    with tempfile.TemporaryDirectory() as tmp:
        for style in styles:
            score = score_page(style, Path(tmp))
            total.add(score)
            print(_row(style, score))
    print(_row("total", total))
    share = total.roles_right / total.roles_known if total.roles_known else 1.0
    print(f"roles right for {share:.0%} of the people whose role the fixtures give")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
