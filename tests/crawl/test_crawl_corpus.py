"""The crawler on real headshots from ../shared/corpus (skips cleanly when it is absent)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from crawl_httpd import serve

from auditor.config import CrawlConfig
from auditor.crawl import crawl
from auditor.crawl.naming import name_from_stem

pytestmark = pytest.mark.corpus

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
TEAM = CORPUS / "18f-team"
if not TEAM.is_dir():
    pytest.skip("no ../shared/corpus/18f-team", allow_module_level=True)

FAST = CrawlConfig(timeout=5.0, backoff=0.05)


def test_folder_of_real_staff_photos():
    result = crawl([str(TEAM)], FAST)
    files = sorted(p for p in TEAM.iterdir() if p.suffix.lower() in (".jpg", ".jpeg"))
    assert [p.name for p in result.people] == [name_from_stem(f.stem) for f in files]
    assert all(p.photo is not None and p.error is None for p in result.people)
    assert result.people[0].sha256 == hashlib.sha256(files[0].read_bytes()).hexdigest()
    assert len({p.id for p in result.people}) == len(files)


def test_team_page_of_real_photos_with_lazy_loading_and_srcset(tmp_path):
    """A page built like a real 18F team page: lazy <img> with srcset, names in headings."""
    files = sorted(p for p in TEAM.iterdir() if p.suffix.lower() in (".jpg", ".jpeg"))[:40]
    (tmp_path / "img").mkdir()
    cards = []
    for f in files:
        shutil.copy(f, tmp_path / "img" / f.name)
        name = name_from_stem(f.stem)
        cards.append(
            f'<li class="team-member"><img class="lazyload" src="data:image/gif;base64,R0lGOD" '
            f'data-srcset="img/{f.name} 250w" alt="Photo of {name}">'
            f'<h3 class="team-member-name">{name}</h3><p class="team-member-role">Staff</p></li>'
        )
    (tmp_path / "index.html").write_text(
        "<html><body><header><img src='img/logo.svg' width='40' height='40'></header>"
        f"<ul class='team'>{''.join(cards)}</ul></body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as server:
        result = crawl([server.url("index.html")], FAST)
    assert [(p.name, p.image_url) for p in result.people] == [
        (name_from_stem(f.stem), server.url(f"img/{f.name}")) for f in files
    ]
    assert all(p.error is None and p.title == "Staff" for p in result.people)
    assert [p.photo for p in result.people] == [f.read_bytes() for f in files]
