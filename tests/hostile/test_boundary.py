"""Issue 7 through the CLI: the network trust boundary and an output folder that cannot be written.

The network test runs the whole audit against a real server on 127.0.0.1 and only stands in for
DNS: `localhost` is made to look public, so the page plays a public site and everything private
it points at must be refused before any request is sent.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from corpus import hostile_images
from hostile_httpd import Route, serve_routes

import auditor.crawl.http as http
import auditor.crawl.safety as safety
from auditor.cli import EXIT_OK, EXIT_USAGE, main
from tests.network import public_loopback

PUBLIC_IP = "93.184.216.34"  # a public unicast address; never contacted
FAST = "[crawl]\ntimeout = 1.0\nretries = 0\nbackoff = 0.0\n"
REFUSED = "private, loopback or link-local"


def _card(src: str, name: str) -> str:
    return f'<div class="card"><img src="{src}" alt=""><h3>{name}</h3><p>Engineer</p></div>'


@pytest.fixture
def public_dns(monkeypatch):
    """DNS stand-in: `localhost` and `public.test` resolve public, `intranet.test` to 10.x."""
    table = {"localhost": [PUBLIC_IP], "intranet.test": ["10.0.0.7"], "meta.test": ["169.254.1.1"]}
    real = safety.system_resolver
    monkeypatch.setattr(safety, "system_resolver", lambda host: table.get(host) or real(host))
    # ... and the public address is this machine (the connection is pinned to it).
    monkeypatch.setattr(http, "pinned_transport", lambda: public_loopback(PUBLIC_IP))


def test_a_public_page_cannot_lead_the_audit_to_private_addresses(tmp_path, public_dns, capsys):
    photo = next(h for h in hostile_images() if h.name == "cmyk.jpg").data
    hits: Counter[str] = Counter()

    def counted(path: str) -> Route:
        hits[path] += 1
        return Route(200, photo, {"Content-Type": "image/jpeg"})

    routes: dict = {}
    with serve_routes(routes) as base:
        port = base.rsplit(":", 1)[1]
        cards = {
            "Pam Public": "/ok.jpg",
            "Lou Loopback": f"http://127.0.0.1:{port}/secret.jpg",
            "Ivy Sixer": f"http://[::1]:{port}/secret.jpg",
            "Max Mapped": f"http://[::ffff:127.0.0.1]:{port}/secret.jpg",
            "Dee Decimal": f"http://2130706433:{port}/secret.jpg",  # 127.0.0.1 as one number
            "Ian Intranet": f"http://intranet.test:{port}/secret.jpg",
            "Meg Metadata": "http://169.254.169.254/latest/meta-data.jpg",
            "Mo Metaname": f"http://meta.test:{port}/secret.jpg",
            "Rita Redirect": "/bounce.jpg",
            "Fay File": "file:///etc/passwd",
        }
        page = "<html><body>" + "".join(_card(s, n) for n, s in cards.items()) + "</body></html>"
        routes.update(
            {
                "/team": Route(200, page.encode(), {"Content-Type": "text/html"}),
                "/ok.jpg": counted,
                "/secret.jpg": counted,
                "/bounce.jpg": Route(302, b"", {"Location": f"http://127.0.0.1:{port}/secret.jpg"}),
            }
        )
        config = tmp_path / "fast.toml"
        config.write_text(FAST)
        out = tmp_path / "out"
        code = main(
            ["audit", f"http://localhost:{port}/team", "--out", str(out), "--config", str(config)]
        )
    err = capsys.readouterr().err
    assert code == EXIT_OK, err
    assert hits["/secret.jpg"] == 0  # nothing private was ever requested
    assert hits["/ok.jpg"] == 1
    photos = {p["name"]: p for p in json.loads((out / "report.json").read_text())["photos"]}
    assert set(photos) == set(cards)
    assert photos["Pam Public"]["status"] in ("ok", "no_face")
    for name in set(cards) - {"Pam Public", "Fay File"}:
        assert photos[name]["status"] == "failed", (name, photos[name])
        assert REFUSED in photos[name]["error"], (name, photos[name]["error"])
    assert photos["Fay File"]["status"] in ("failed", "no_photo")
    if photos["Fay File"]["status"] == "failed":
        assert "file:" in photos["Fay File"]["error"]
    assert "Traceback" not in err and "unexpected" not in err


def test_an_output_folder_that_cannot_be_made_exits_2_with_a_clear_message(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # mkdir under a regular file fails even for root
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "Ada Moss.jpg").write_bytes(hostile_images()[5].data)
    code = main(["audit", str(photos), "--out", str(blocker / "run"), "--no-history"])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert str(blocker) in err and "Traceback" not in err and "unexpected" not in err
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "photos"]


def test_unsafe_names_from_a_photo_folder_never_become_paths(tmp_path, capsys):
    """Names come from file names here; the report files keep their fixed names."""
    photos = tmp_path / "photos"
    photos.mkdir()
    data = hostile_images()[5].data
    for name in ("..jpg", "con.jpg", "-rf.jpg", "a;b|c$(x).jpg", " .jpg"):
        (photos / name).write_bytes(data)
    out = tmp_path / "out"
    code = main(["audit", str(photos), "--out", str(out), "--no-history"])
    assert code == EXIT_OK, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [
        "actions.csv",
        "photos.csv",
        "report.html",
        "report.json",
    ]
    # the output root (the parent) may hold only the documented shared state
    shared = {"out", "photos", ".http-cache", "history.db", ".headshot-audit.lock"}
    assert {p.name for p in tmp_path.iterdir()} <= shared
    names = {p["name"] for p in json.loads((out / "report.json").read_text())["photos"]}
    assert len(names) >= 4, names
    assert Path(photos).is_dir() and len(list(photos.iterdir())) == 5  # inputs untouched


def test_a_page_where_no_photo_can_be_audited_exits_2_saying_why(tmp_path, capsys):
    broken = [h for h in hostile_images() if h.expect == "failed"]
    routes = {
        f"/img/{h.name}": Route(200, h.data, {"Content-Type": h.content_type}) for h in broken
    }
    names = [f"Person {chr(ord('A') + i)}" for i in range(len(broken))]
    cards = "".join(_card(f"/img/{h.name}", n) for h, n in zip(broken, names, strict=True))
    routes["/team"] = Route(200, f"<html><body>{cards}</body></html>".encode(), {})
    config = tmp_path / "fast.toml"
    config.write_text(FAST)
    with serve_routes(routes) as base:
        code = main(
            ["audit", f"{base}/team", "--out", str(tmp_path / "out"), "--config", str(config)]
        )
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "No photo could be audited" in err, err
    assert "empty file" in err  # the first reason, in words
    assert "Traceback" not in err and "unexpected" not in err
