"""Optional JavaScript rendering in headless Chromium; skips cleanly without Playwright/Chromium."""

from __future__ import annotations

import json

import pytest
from crawl_httpd import Reply, serve

from auditor.config import CrawlConfig
from auditor.crawl import crawl
from auditor.crawl.render import find_chromium
from tests.network import public_loopback

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")
if find_chromium() is None:
    pytest.skip("no chromium on PATH", allow_module_level=True)

RENDER = CrawlConfig(timeout=10.0, backoff=0.01, render_javascript=True)

SHELL = b"""<!doctype html><html><head><script src="/app.js" defer></script></head>
<body><div id="root"></div></body></html>"""

# A tiny client-side app: fetches the team as JSON and builds the cards (and tries to reach
# a private host, which the crawler's policy must block inside the browser too).
APP = """
fetch('/api/team.json').then(r => r.json()).then(team => {
  const root = document.getElementById('root');
  for (const p of team) {
    const card = document.createElement('div');
    card.className = 'card';
    card.innerHTML = `<img src="${p.photo}" alt=""><h3></h3><p class="role"></p>`;
    card.querySelector('h3').textContent = p.name;
    card.querySelector('.role').textContent = p.role;
    root.appendChild(card);
  }
});
fetch('PRIVATE/api/secret.json').catch(() => {});
"""


def test_app_shell_is_rendered_and_the_browser_obeys_the_trust_boundary(make_photo):
    team = [
        {"name": "Rita Rendered", "role": "Engineer", "photo": "/photos/rita.jpg"},
        {"name": "Sol Scripted", "role": "Designer", "photo": "/photos/sol.jpg"},
    ]
    with serve() as server:
        private = f"http://127.0.0.1:{server.port}"
        server.routes.update(
            {
                "/": Reply(200, SHELL, {"Content-Type": "text/html"}),
                "/app.js": Reply(
                    200,
                    APP.replace("PRIVATE", private).encode(),
                    {"Content-Type": "text/javascript"},
                ),
                "/api/team.json": Reply(
                    200, json.dumps(team).encode(), {"Content-Type": "application/json"}
                ),
                "/photos/rita.jpg": Reply(200, make_photo(0), {"Content-Type": "image/jpeg"}),
                "/photos/sol.jpg": Reply(200, make_photo(1), {"Content-Type": "image/jpeg"}),
            }
        )
        resolver = {"localhost": ["93.184.216.34"]}.get
        start = f"http://localhost:{server.port}/"
        off = crawl(
            [start],
            RENDER.model_copy(update={"render_javascript": False}),
            resolver=lambda h: resolver(h, []),
            transport=public_loopback("93.184.216.34"),
        )
        on = crawl(
            [start],
            RENDER,
            resolver=lambda h: resolver(h, []),
            transport=public_loopback("93.184.216.34"),
        )
        assert server.count("/api/secret.json") == 0
        photo_requests = server.count("/photos/rita.jpg")
    assert off.people == () and "needs JavaScript rendering" in off.pages[0].error
    assert [(p.name, p.title, p.image_url) for p in on.people] == [
        ("Rita Rendered", "Engineer", f"http://localhost:{server.port}/photos/rita.jpg"),
        ("Sol Scripted", "Designer", f"http://localhost:{server.port}/photos/sol.jpg"),
    ]
    assert all(p.photo for p in on.people)
    assert on.pages[0].error is None and on.pages[0].people_found == 2
    assert photo_requests == 1  # the browser loads no images; only the crawler fetched the photo
