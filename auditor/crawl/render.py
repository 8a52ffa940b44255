"""Optional JavaScript rendering: headless Chromium through Playwright (the `.[browser]` extra).

Used only for a page whose HTML is an app shell and only when `render_javascript` is on. The
browser runs the page's scripts, but every request it makes passes the same trust boundary and
robots.txt as the crawler's own (refused requests are aborted), images, media and fonts are
never loaded (photos are downloaded later by the crawler's client), and the rendered HTML is
capped at `max_page_bytes`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from typing import Any

from auditor.config import CrawlConfig
from auditor.crawl.http import Fetcher
from auditor.crawl.safety import UrlPolicy
from auditor.exceptions import FetchError

__all__ = ["Renderer", "find_chromium"]

# Extra wait for late XHR-driven rendering after the load event, milliseconds.
SETTLE_MS = 1500
_SKIPPED_RESOURCES = ("image", "media", "font")
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


def find_chromium() -> str | None:
    """A system Chromium/Chrome executable on PATH, or None."""
    for name in _CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Renderer:
    """Renders pages in one lazily started headless browser; close() when the crawl ends."""

    def __init__(self, config: CrawlConfig, fetcher: Fetcher) -> None:
        self.config = config
        self.fetcher = fetcher
        self._lock = threading.Lock()  # Playwright's sync API is single-threaded
        self._playwright: Any = None
        self._browser: Any = None
        self.blocked: list[str] = []  # URLs the browser wanted but the policy refused

    def _start(self) -> Any:
        if self._browser is not None:
            return self._browser
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise FetchError(
                "This page needs JavaScript rendering, and the browser extra is not installed "
                "(pip install 'headshot-audit[browser]' plus a Chromium)"
            ) from None
        args = list(_CHROMIUM_ARGS)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=find_chromium(), args=args, headless=True
            )
        except Exception as exc:  # any launch failure is one readable reason
            self.close()
            raise FetchError(f"could not start Chromium to render the page ({exc})") from None
        return self._browser

    def render(self, url: str, policy: UrlPolicy) -> str:
        """The page's HTML after its scripts ran; raise FetchError with a reason on failure."""
        with self._lock:
            browser = self._start()
            context = browser.new_context(
                user_agent=self.config.user_agent, java_script_enabled=True, accept_downloads=False
            )
            try:
                context.route("**/*", lambda route: self._route(route, policy))
                page = context.new_page()
                timeout_ms = self.config.timeout * 1000
                try:
                    page.goto(url, wait_until="load", timeout=timeout_ms)
                    # a chatty page never goes idle: use what has rendered by then
                    with contextlib.suppress(Exception):
                        page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
                    html = page.content()
                except Exception as exc:  # Playwright errors become a reason
                    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    raise FetchError(f"rendering the page failed ({message})") from None
            finally:
                context.close()
        if len(html.encode("utf-8")) > self.config.max_page_bytes:
            raise FetchError("the rendered page is larger than the page size limit")
        return html

    def _route(self, route: Any, policy: UrlPolicy) -> None:
        request = route.request
        target = request.url
        if target.startswith(("data:", "blob:")):
            route.continue_()
            return
        if request.resource_type in _SKIPPED_RESOURCES:
            route.abort()
            return
        refusal = self.fetcher.refusal(target, policy)
        if refusal is not None:
            self.blocked.append(target)
            route.abort()
            return
        route.continue_()

    def close(self) -> None:
        """Stop the browser and Playwright (safe to call twice)."""
        if self._browser is not None:
            with contextlib.suppress(Exception):  # closing must not mask the crawl's result
                self._browser.close()
            self._browser = None
        if self._playwright is not None:
            with contextlib.suppress(Exception):
                self._playwright.stop()
            self._playwright = None
