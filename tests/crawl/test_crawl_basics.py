"""The crawl stage end to end against a real HTTP server on 127.0.0.1: cards, folders, CSVs."""

from __future__ import annotations

import hashlib

import pytest
from crawl_httpd import serve

from auditor.config import CrawlConfig
from auditor.crawl import crawl
from auditor.exceptions import CrawlError

FAST = CrawlConfig(timeout=3.0, backoff=0.05)

CARDS = """<!doctype html><html><head><title>Team</title></head><body>
<header><img src="logo.png" alt="Example Co." width="120" height="32"></header>
<h1>Meet the team</h1>
<section class="team">
<div class="card"><img src="photos/a.jpg" alt="Photo of Ada Lovelace" loading="lazy">
  <h3>Ada Lovelace</h3><p class="title">Chief Executive Officer</p></div>
<div class="card"><img src="photos/b.jpg" alt="Photo of Grace Hopper" loading="lazy">
  <h3>Grace Hopper</h3><p class="title">Head of Engineering</p></div>
<div class="card"><img src="photos/c.jpg" alt="..." loading="lazy">
  <h3>Alan Turing</h3><p class="title">Researcher</p></div>
<div class="card"><h3>Katherine Johnson</h3><p class="title">Navigator</p></div>
</section></body></html>"""


@pytest.fixture
def site(tmp_path, make_photo):
    (tmp_path / "photos").mkdir()
    for i, name in enumerate("abc"):
        (tmp_path / "photos" / f"{name}.jpg").write_bytes(make_photo(i))
    (tmp_path / "logo.png").write_bytes(make_photo(9))
    (tmp_path / "index.html").write_text(CARDS, encoding="utf-8")
    return tmp_path


def test_each_person_is_handed_over_as_their_photo_arrives(site, make_photo):
    """`on_person` gets the photo bytes and the page position; the result keeps no bytes."""
    handed: dict[int, tuple[str, bytes | None]] = {}
    with serve(site) as server:
        result = crawl(
            [server.url("index.html")],
            FAST,
            on_person=lambda index, person: handed.setdefault(index, (person.name, person.photo)),
        )
    assert sorted(handed) == list(range(len(result.people)))
    assert [handed[i][0] for i in range(4)] == [p.name for p in result.people]
    assert [handed[i][1] for i in range(3)] == [make_photo(i) for i in range(3)]
    assert handed[3][1] is None  # Katherine Johnson has no photo
    assert all(p.photo is None for p in result.people)
    assert result.people[0].sha256 == hashlib.sha256(make_photo(0)).hexdigest()


def test_cards_give_people_in_page_order_with_photos_titles_and_ids(site, make_photo):
    progress = []
    with serve(site) as server:
        result = crawl(
            [server.url("index.html")], FAST, on_progress=lambda d, t: progress.append((d, t))
        )
    people = result.people
    assert [p.name for p in people] == [
        "Ada Lovelace",
        "Grace Hopper",
        "Alan Turing",
        "Katherine Johnson",
    ]
    assert [p.id for p in people] == [
        "ada-lovelace",
        "grace-hopper",
        "alan-turing",
        "katherine-johnson",
    ]
    assert [p.title for p in people] == [
        "Chief Executive Officer",
        "Head of Engineering",
        "Researcher",
        "Navigator",
    ]
    assert people[0].image_url == server.url("photos/a.jpg")
    assert people[0].photo == make_photo(0)
    assert people[0].sha256 == hashlib.sha256(make_photo(0)).hexdigest()
    assert people[0].http.content_type == "image/jpeg"
    assert people[0].http.etag and people[0].http.last_modified
    assert people[0].page_url == server.url("index.html")
    # a card with a name and no photo is a person without a photo, and without an error
    assert (people[3].photo, people[3].image_url, people[3].error) == (None, None, None)
    assert progress[-1] == (4, 4)
    assert result.pages[0].people_found == 4 and result.pages[0].error is None
    assert server.count("logo.png") == 0  # the header logo is not a person


def test_second_run_revalidates_from_the_cache(site, tmp_path):
    cache = tmp_path / "cache"
    with serve(site) as server:
        first = crawl([server.url("index.html")], FAST, cache_dir=cache)
        before = len(server.requests)
        second = crawl([server.url("index.html")], FAST, cache_dir=cache)
        again = server.requests[before:]
    assert not any(p.http.from_cache for p in first.people)
    photos = [p for p in second.people if p.photo is not None]
    assert photos and all(p.http.from_cache for p in photos)
    assert [p.photo for p in second.people] == [p.photo for p in first.people]
    # every request of the second run was conditional (answered 304 by the server)
    page_and_photos = [r for r in again if r.path != "/robots.txt"]
    assert len(page_and_photos) == 4
    assert all("if-none-match" in r.headers for r in page_and_photos)


def test_duplicate_names_get_numbered_ids(tmp_path, make_photo):
    cards = "".join(
        f'<li class="m"><img src="{i}.jpg" alt=""><span class="name">Sam Lee</span></li>'
        for i in range(3)
    )
    (tmp_path / "index.html").write_text(f"<ul>{cards}</ul>")
    for i in range(3):
        (tmp_path / f"{i}.jpg").write_bytes(make_photo(i))
    with serve(tmp_path) as server:
        result = crawl([server.url("index.html")], FAST)
    assert [p.id for p in result.people] == ["sam-lee", "sam-lee-2", "sam-lee-3"]


def test_folder_source_names_people_after_their_files(tmp_path, make_photo):
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "jane-doe.jpg").write_bytes(make_photo(0))
    (folder / "john_smith.png").write_bytes(make_photo(1))
    (folder / "notes.txt").write_text("not a photo")
    result = crawl([str(folder)], FAST)
    assert [(p.name, p.id) for p in result.people] == [
        ("Jane Doe", "jane-doe"),
        ("John Smith", "john-smith"),
    ]
    assert result.people[0].photo == make_photo(0)
    assert result.people[0].http.last_modified


def test_csv_source_with_paths_urls_titles_and_missing_files(tmp_path, make_photo):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "ann.jpg").write_bytes(make_photo(0))
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "bob.jpg").write_bytes(make_photo(1))
    with serve(tmp_path / "web") as server:
        table = tmp_path / "team.csv"
        table.write_text(
            "Name,Photo,Title\n"
            "Ann Example,photos/ann.jpg,CEO\n"
            f"Bob Example,{server.url('bob.jpg')},\n"
            "Cy Missing,photos/nope.jpg,CTO\n"
            "Dee Nophoto,,Intern\n",
            encoding="utf-8",
        )
        result = crawl([str(table)], FAST)
    by_name = {p.name: p for p in result.people}
    assert by_name["Ann Example"].photo == make_photo(0)
    assert by_name["Ann Example"].title == "CEO"
    assert by_name["Bob Example"].photo == make_photo(1)
    assert by_name["Bob Example"].title is None
    assert by_name["Cy Missing"].photo is None and "not found" in by_name["Cy Missing"].error
    assert by_name["Dee Nophoto"].error is None and by_name["Dee Nophoto"].image_url is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: str(p / "missing-folder"), "not found"),
        (lambda p: str(p / "missing.csv"), "not found"),
        (
            lambda p: (p / "bad.csv").write_text("who,picture\nA,b.jpg\n") and str(p / "bad.csv"),
            "name and photo",
        ),
        (lambda p: (p / "x.txt").write_text("hello") and str(p / "x.txt"), "Cannot audit"),
    ],
)
def test_unusable_sources_raise_crawl_error(tmp_path, make, message):
    with pytest.raises(CrawlError, match=message):
        crawl([make(tmp_path)], FAST)


def test_several_start_urls_and_same_site_discovery(tmp_path, make_photo):
    from crawl_httpd import Reply

    def page(body: str) -> Reply:
        return Reply(
            200, f"<html><body>{body}</body></html>".encode(), {"Content-Type": "text/html"}
        )

    routes = {
        "/": page('<p>Welcome!</p><a href="/about/team">Our team</a> <a href="/blog">Blog</a>'),
        "/about/team": page('<div class="c"><img src="/t.jpg" alt=""><h3>Tara Quinn</h3></div>'),
        "/blog": page('<div class="c"><img src="/b.jpg" alt=""><h3>Bo Author</h3></div>'),
        "/sitemap.xml": Reply(
            200,
            b"<urlset><url><loc>{base}people/leaders</loc></url><url><loc>{base}blog</loc></url></urlset>",
            {"Content-Type": "application/xml"},
        ),
        "/people/leaders": page(
            '<div class="c"><img src="/l.jpg" alt=""><h3>Leo Brandt</h3></div>'
        ),
        "/other": page('<div class="c"><img src="/o.jpg" alt=""><h3>Otto Lang</h3></div>'),
    }
    for i, name in enumerate(("t", "b", "l", "o")):
        routes[f"/{name}.jpg"] = Reply(200, make_photo(i), {"Content-Type": "image/jpeg"})
    with serve(routes=routes) as server:
        sitemap = routes["/sitemap.xml"]
        sitemap.body = sitemap.body.replace(b"{base}", server.base.encode())
        plain = crawl([server.url("/"), server.url("/other")], FAST)
        found = crawl([server.url("/")], FAST.model_copy(update={"discover": True}))
    assert [p.name for p in plain.people] == ["Otto Lang"]
    # the start page has no people but is not an app shell: no error, just nothing found
    assert plain.pages[0].error is None and plain.pages[0].people_found == 0
    assert [p.name for p in found.people] == ["Leo Brandt", "Tara Quinn"]
    assert "Bo Author" not in {p.name for p in found.people}


def test_a_photo_shared_by_several_cards_is_downloaded_once(tmp_path, make_photo):
    cards = "".join(
        f'<div class="c"><img src="default-avatar.png" alt=""><h3>{name}</h3></div>'
        for name in ("Ann Able", "Ben Baker", "Cy Cole")
    )
    (tmp_path / "index.html").write_text(f"<html><body>{cards}</body></html>")
    (tmp_path / "default-avatar.png").write_bytes(make_photo(0))
    with serve(tmp_path) as server:
        result = crawl([server.url("index.html")], FAST)
        assert server.count("default-avatar.png") == 1
    assert len({p.sha256 for p in result.people}) == 1
    assert all(p.error is None for p in result.people)


def test_cache_revalidates_by_last_modified_on_a_plain_static_server(site, tmp_path):
    """The demo's server (http.server) sends Last-Modified and no ETag: If-Modified-Since works."""
    from auditor.demo import serve_folder

    cache = tmp_path / "cache"
    with serve_folder(site) as base:
        first = crawl([base + "index.html"], FAST, cache_dir=cache)
        second = crawl([base + "index.html"], FAST, cache_dir=cache)
    photos = [p for p in first.people if p.photo is not None]
    assert len(photos) == 3
    assert all(p.http.last_modified and p.http.etag is None for p in photos)
    assert not any(p.http.from_cache for p in first.people)
    assert all(p.http.from_cache for p in second.people if p.photo is not None)
    assert [p.sha256 for p in second.people] == [p.sha256 for p in first.people]
    assert [p.id for p in second.people] == [p.id for p in first.people]
