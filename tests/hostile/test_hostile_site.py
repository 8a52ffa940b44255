"""Issue 7: a hostile team page served on 127.0.0.1. Nothing crashes, nothing is lost,
nothing is executed, nothing is written outside the output folder."""

from __future__ import annotations

import base64
import contextlib
import html
import io
import json
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus import gzip_bomb, hostile_images
from hostile_httpd import Route, serve_routes

from auditor.cli import EXIT_OK, EXIT_USAGE, main

FIRST = ("Ada", "Bea", "Cato", "Dara", "Enzo", "Fia", "Gil", "Hugo", "Ines", "Jon", "Kira", "Lou")
LAST = ("Moss", "Nash", "Orr", "Penn", "Quill", "Rae", "Sand", "Tate")
ODD_NAMES = (
    "<script>alert(1)</script>",
    'Seán O\'Brien "Danny" & Co',
    "نور الهدى",
    "Zoë 🚀 Ng",
    "Maximilian " * 450 + "Long",
)
RUN_BOUND_SECONDS = 90
MEMORY_BOUND_MB = 1500


def _names():
    for last in LAST:
        for first in FIRST:
            yield f"{first} {last}"


def _card(src: str, name: str) -> str:
    return (
        f'<div class="card"><img src="{html.escape(src, quote=True)}" alt="">'
        f'<h3>{html.escape(name)}</h3><p class="title">Engineer</p></div>'
    )


def _site(base: str) -> tuple[dict[str, Route], dict[str, str]]:
    """Routes of the hostile site and the expected outcome per person name."""
    routes: dict[str, Route] = {}
    expected: dict[str, str] = {}  # name -> "audited" | "failed" | "no_photo_or_failed"
    cards = []
    names = _names()
    for image in hostile_images():
        routes[f"/img/{image.name}"] = Route(200, image.data, {"Content-Type": image.content_type})
        name = next(names)
        cards.append(_card(f"/img/{image.name}", name))
        expected[name] = image.expect
    good = hostile_images()[5]  # the CMYK JPEG decodes to a normal photo
    misbehaving = {
        "/slow.jpg": Route(200, good.data, {"Content-Type": "image/jpeg"}, stall=4.0),
        "/never-closes.jpg": Route(200, good.data, {"Content-Type": "image/jpeg"}, trickle=True),
        "/loop.jpg": Route(302, b"", {"Location": "/loop.jpg"}),
        "/gone.jpg": Route(404, b"gone", {"Content-Type": "text/plain"}),
        "/forbidden.jpg": Route(403, b"no", {"Content-Type": "text/plain"}),
        "/auth.jpg": Route(401, b"auth", {"WWW-Authenticate": "Basic"}),
        "/busy.jpg": Route(429, b"slow down", {"Retry-After": "1"}),
        "/broken.jpg": Route(500, b"oops", {"Content-Type": "text/plain"}),
        "/garbage.jpg": Route(raw=b"SSH-2.0-OpenSSH_9.6\r\n\r\n"),  # not HTTP at all
        "/short.jpg": Route(  # promises 100 kB, sends 2 kB, hangs up
            raw=b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n"
            + good.data[:2000]
        ),
        "/bomb.jpg": Route(
            200, gzip_bomb(100), {"Content-Type": "image/jpeg", "Content-Encoding": "gzip"}
        ),
    }
    routes.update(misbehaving)
    for path in misbehaving:
        name = next(names)
        cards.append(_card(path, name))
        expected[name] = "failed"
    host = base.split("//", 1)[1]
    routes["/img/moved.jpg"] = Route(
        301, b"", {"Location": f"http://localhost:{host.split(':')[1]}/img/cmyk.jpg"}
    )
    tricky = {
        f"//{host}/img/cmyk.jpg": "audited",  # protocol-relative
        "img/grey.png": "audited",  # relative
        "/img/moved.jpg": "audited",  # 301 to another host name (private start: allowed)
        "javascript:alert(1)": "no_photo_or_failed",
        "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n").decode(): (
            "no_photo_or_failed"
        ),
        "file:///etc/passwd": "no_photo_or_failed",
    }
    for src, outcome in tricky.items():
        name = next(names)
        cards.append(_card(src, name))
        expected[name] = outcome
    for odd in ODD_NAMES:
        cards.append(_card("/img/rotated.jpg", odd))
        expected[odd] = "audited"
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Team</title></head><body>"
        "<h1>Our team</h1><section class='team'>" + "\n".join(cards) + "</section></body></html>"
    )
    routes["/team.html"] = Route(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"})
    routes["/not-html"] = Route(200, good.data, {"Content-Type": "image/jpeg"})
    routes["/nested.html"] = Route(
        200,
        ("<div>" * 100_000 + "deep" + "</div>" * 100_000).encode(),
        {"Content-Type": "text/html"},
    )
    routes["/bad-encoding.html"] = Route(
        200,
        b"<html><body><div class='card'><img src='/img/grey.png'><h3>Jos\xe9 \xff\xfe M\xfcller"
        b"</h3></div></body></html>",
        {"Content-Type": "text/html; charset=utf-8"},
    )
    routes["/huge.html"] = Route(
        200, b"<html><body>" + b"x" * 6_000_000, {"Content-Type": "text/html"}
    )
    _hostile_pages(routes, expected)
    return routes, expected


EXTRA_PAGES = ("deep.json", "team.json", "bomb.html", "loop.html", "busy.html", "utf16.html")
BROKEN_PAGES = ("not-html", "nested.html", "huge.html", "deep.json", "bomb.html", "loop.html")


def _hostile_pages(routes: dict[str, Route], expected: dict[str, str]) -> None:
    """Pages that are JSON, bombs, loops, rate limited or in the wrong encoding."""
    html_type = {"Content-Type": "text/html"}
    routes["/deep.json"] = Route(
        200, b"[" * 100_000 + b"]" * 100_000, {"Content-Type": "application/json"}
    )
    people = [
        {"name": "<b>Jo Bold</b>", "image": "javascript:alert(1)"},
        {"name": "Al File", "image": "file:///etc/passwd"},
    ]
    routes["/team.json"] = Route(
        200, json.dumps(people).encode(), {"Content-Type": "application/json"}
    )
    expected["Al File"] = "no_photo_or_failed"
    routes["/bomb.html"] = Route(200, gzip_bomb(50), {**html_type, "Content-Encoding": "gzip"})
    routes["/loop.html"] = Route(301, b"", {"Location": "/loop.html"})
    routes["/busy.html"] = Route(429, b"", {"Retry-After": "100000"})  # a day: not waited for
    routes["/utf16.html"] = Route(  # a charset that cannot be right for these bytes
        200,
        b"<html><body><div class='card'><img src='/img/grey.png'><h3>Uma Sixteen</h3></div>",
        {"Content-Type": "text/html; charset=utf-16"},
    )


@contextlib.contextmanager
def _isolated(work: Path, scratch: Path) -> Iterator[None]:
    """Run with `work` as the working folder and `scratch` as the temp folder, then restore."""
    cwd, saved_env, saved_tempdir = Path.cwd(), os.environ.get("TMPDIR"), tempfile.tempdir
    os.chdir(work)
    os.environ["TMPDIR"], tempfile.tempdir = str(scratch), str(scratch)
    try:
        yield
    finally:
        os.chdir(cwd)
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """One audit of the hostile site (plus hostile extra pages), run through the CLI."""
    tmp = tmp_path_factory.mktemp("hostile")
    config = tmp / "fast.toml"
    config.write_text("[crawl]\ntimeout = 1.0\nretries = 0\nbackoff = 0.0\n")
    out_root = tmp / "out"
    routes: dict[str, Route] = {}  # filled once the server's port is known
    with serve_routes(routes) as base:
        site, expected = _site(base)
        routes.update(site)
        # the run starts in an empty working folder with its own temp folder, so anything it
        # writes outside the output root (stray files, leftover temp files) shows up below
        work, scratch = tmp / "cwd", tmp / "scratch"
        work.mkdir()
        scratch.mkdir()
        before = set(tmp.rglob("*"))
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.monotonic()
        stderr = io.StringIO()
        with _isolated(work, scratch), contextlib.redirect_stderr(stderr):
            code = main(
                [
                    "audit",
                    f"{base}/team.html",
                    f"{base}/not-html",
                    f"{base}/nested.html",
                    f"{base}/bad-encoding.html",
                    f"{base}/huge.html",
                    *(f"{base}/{page}" for page in EXTRA_PAGES),
                    "--out",
                    str(out_root / "run"),
                    "--config",
                    str(config),
                    "--no-history",
                ]
            )
        elapsed = time.monotonic() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    written = set(tmp.rglob("*")) - before
    return {
        "code": code,
        "out": out_root / "run",
        "out_root": out_root,
        "expected": expected,
        "elapsed": elapsed,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "written": written,
        "stderr": stderr.getvalue(),
    }


def _report(run) -> dict:
    return json.loads((run["out"] / "report.json").read_text(encoding="utf-8"))


def test_the_run_finishes_in_bounded_time_with_exit_0(hostile_run, capsys):
    assert hostile_run["code"] == EXIT_OK
    assert hostile_run["elapsed"] < RUN_BOUND_SECONDS
    assert hostile_run["rss_growth_mb"] < MEMORY_BOUND_MB


def test_every_person_is_accounted_for_with_a_status_and_a_readable_error(hostile_run):
    photos = _report(hostile_run)["photos"]
    by_name = {p["name"]: p for p in photos}
    for name, outcome in hostile_run["expected"].items():
        match = by_name.get(name) or next((p for p in photos if name[:40] in p["name"]), None)
        assert match is not None, f"{name[:40]!r} is missing from the report"
        status = match["status"]
        if outcome == "audited":
            assert status in ("ok", "no_face"), (name[:40], status, match["error"])
        elif outcome == "failed":
            assert status == "failed", (name[:40], status)
        else:
            assert status in ("no_photo", "failed"), (name[:40], status)
        if status == "failed":
            error = match["error"] or ""
            assert len(error) > 8 and "Traceback" not in error and "\n" not in error


def test_specific_failures_say_why(hostile_run):
    by_name = {p["name"]: p for p in _report(hostile_run)["photos"]}
    reasons = {image.name: image.reason for image in hostile_images() if image.reason}
    names = _names()
    for image in hostile_images():
        name = next(names)
        if image.name in reasons:
            assert reasons[image.name] in (by_name[name]["error"] or "").lower(), by_name[name]


def test_broken_pages_are_reported_not_fatal(hostile_run):
    pages = {p["url"].rsplit("/", 1)[1]: p for p in _report(hostile_run)["run"]["pages"]}
    assert pages["team.html"]["error"] is None
    for bad in BROKEN_PAGES:
        assert pages[bad]["error"], pages[bad]
        assert "Traceback" not in pages[bad]["error"]
    assert "429" in pages["busy.html"]["error"]
    assert "redirect" in pages["loop.html"]["error"]


def test_a_page_in_an_impossible_charset_does_not_lose_its_people_silently(hostile_run):
    pages = {p["url"].rsplit("/", 1)[1]: p for p in _report(hostile_run)["run"]["pages"]}
    utf16 = pages["utf16.html"]
    people = [p for p in _report(hostile_run)["photos"] if p["name"] == "Uma Sixteen"]
    assert people or utf16["error"], utf16


def test_no_crawled_text_reaches_the_html_unescaped(hostile_run):
    page = (hostile_run["out"] / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Jo Bold</b>" not in page
    assert 'href="javascript:' not in page and "href='javascript:" not in page
    assert 'href="file:' not in page and 'src="file:' not in page


def test_nothing_is_written_outside_the_output_folder(hostile_run):
    out = hostile_run["out"]
    outside = [p for p in hostile_run["written"] if out not in (p, *p.parents)]
    # with --no-history only the HTTP cache and the root's lock may sit beside the run
    cache = hostile_run["out_root"] / ".http-cache"
    lock = hostile_run["out_root"] / ".headshot-audit.lock"
    stray = [p for p in outside if p not in (out.parent, lock) and cache not in (p, *p.parents)]
    # multiprocessing keeps its forkserver socket in a pymp-* temp folder until exit
    assert [p for p in stray if not any(q.name.startswith("pymp-") for q in (p, *p.parents))] == []


def test_no_traceback_or_unexpected_error_reaches_the_user(hostile_run):
    err = hostile_run["stderr"]
    assert "Traceback" not in err and "unexpected" not in err.lower(), err[-2000:]


def test_bad_config_key_and_type_exit_2_naming_the_key(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\ntimout = 3\n")
    assert main(["audit", str(tmp_path), "--config", str(bad)]) == EXIT_USAGE
    assert "crawl.timout" in capsys.readouterr().err
    bad.write_text('[features]\nmax_pixels = "lots"\n')
    assert main(["audit", str(tmp_path), "--config", str(bad)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "features.max_pixels" in err and "Traceback" not in err


def test_names_never_become_file_names(hostile_run):
    files = {p.name for p in Path(hostile_run["out"]).iterdir()}
    assert files <= {"report.html", "report.json", "photos.csv", "actions.csv"}
