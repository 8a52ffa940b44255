"""The crawl stage's driver: sources -> pages -> people -> photos downloaded concurrently."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from auditor.config import CrawlConfig
from auditor.crawl.content import check_image, decode_html
from auditor.crawl.context import SectionKind, kind_of
from auditor.crawl.csv_source import read_csv
from auditor.crawl.http import Fetched, Fetcher, HttpStatusError
from auditor.crawl.links import TEAM_WORDS
from auditor.crawl.naming import unique_ids
from auditor.crawl.page import (
    FoundPerson,
    PageScan,
    check_nesting,
    linked_stylesheets,
    scan_page,
)
from auditor.crawl.referrer import Referrer
from auditor.crawl.render import Renderer
from auditor.crawl.safety import Resolver, UrlPolicy
from auditor.crawl.sources import folder_rows, is_url, read_local_photo, skipped_files
from auditor.crawl.structured import json_people
from auditor.exceptions import CrawlError, FetchError, UnsafeURL
from auditor.models import CrawlResult, Excluded, HttpInfo, PageInfo, Person

__all__ = ["crawl"]

# Photo downloads in flight across all hosts (each host is further limited by the config).
DOWNLOAD_WORKERS = 16
# Linked stylesheets read per page when looking for background-image photos.
MAX_STYLESHEETS = 5
PAGE_ACCEPT = "text/html,application/xhtml+xml,application/json;q=0.8,*/*;q=0.5"
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/*;q=0.8,*/*;q=0.5"
NEEDS_JS = (
    "This page needs JavaScript rendering: its HTML is an app shell with no people in it. "
    "Set render_javascript = true under [crawl] (needs the .[browser] extra and Chromium), "
    "or audit a CSV (name,photo) or a photo folder instead."
)
RENDERED_EMPTY = "Rendered the page with Chromium, but found no people on it."
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_JSON_TYPE = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
_SITEMAP_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>", re.I)
_NEXT_KEYS = ("next", "next_url", "nextUrl", "next_page", "nextPage")


@dataclass
class _Job:
    """A person waiting for their photo: where it was found and where the photo may be."""

    name: str
    title: str | None
    page_url: str | None
    image_urls: tuple[str, ...]
    policy: UrlPolicy | None  # None: image_urls are local paths
    notes: list[str] = field(default_factory=list)
    referrer: Referrer | None = None  # the page the photo is shown on (hotlink protection)
    person: Person | None = None


def _first_source_kind(source: str) -> str:
    if is_url(source):
        return "url"
    path = Path(source)
    if path.is_dir():
        return "folder"
    if path.suffix.lower() == ".csv":
        return "csv"
    if not path.exists():
        raise CrawlError(
            f"Source not found: {source} (a source is an http(s) URL, a folder of photos "
            "or a CSV file with columns name,photo)"
        )
    raise CrawlError(
        f"Cannot audit {source}: a source is an http(s) URL, a folder of photos or a CSV file"
    )


class _Crawl:
    """One crawl run: shared fetcher, visited pages and the people found so far."""

    def __init__(self, config: CrawlConfig, fetcher: Fetcher, resolver: Resolver | None) -> None:
        self.config = config
        self.fetcher = fetcher
        self.resolver = resolver
        self.pages: list[PageInfo] = []
        self.jobs: list[_Job] = []
        self.excluded: list[Excluded] = []
        self.visited: set[str] = set()
        self._seen_people: set[tuple[str, str]] = set()
        self.renderer: Renderer | None = None
        self._memo: dict[tuple[str, bool], Fetched | FetchError | UnsafeURL] = {}
        self._memo_locks: dict[tuple[str, bool], threading.Lock] = {}
        self._memo_lock = threading.Lock()
        self._shared_urls: set[str] = set()  # photo URLs on more than one card

    def note_shared_photos(self) -> None:
        """Find the photo URLs several cards use: only those are kept for reuse in the run."""
        counts = Counter(url for job in self.jobs for url in dict.fromkeys(job.image_urls))
        self._shared_urls = {url for url, count in counts.items() if count > 1}

    # -- pages ----------------------------------------------------------------------------

    def site(self, start: str) -> None:
        """Crawl one start URL: the page, its pagination and (optionally) discovered pages."""
        policy = UrlPolicy.for_start(start, self.resolver)
        queue: list[tuple[str, bool]] = [(start, True)]
        if self.config.discover:
            queue += [(u, False) for u in self._sitemap(start, policy)]
        while queue:
            url, required = queue.pop(0)
            if url in self.visited:
                continue
            if len(self.visited) >= self.config.max_pages:
                if required:
                    limit = self.config.max_pages
                    self.pages.append(
                        PageInfo(
                            url=url, error=f"not fetched: the max_pages limit ({limit}) was reached"
                        )
                    )
                break
            self.visited.add(url)
            next_pages, discovered = self._page(url, policy, required=required)
            queue[0:0] = [(u, True) for u in next_pages]  # finish the listing first
            if self.config.discover and url == start:
                queue += [(u, False) for u in discovered]

    def _page(self, url: str, policy: UrlPolicy, *, required: bool) -> tuple[list[str], list[str]]:
        """Fetch and read one page; return (pagination links, discovery links)."""
        try:
            policy.check(url)
            fetched = self.fetcher.fetch(
                url, policy, max_bytes=self.config.max_page_bytes, accept=PAGE_ACCEPT
            )
        except HttpStatusError as exc:
            self.pages.append(PageInfo(url=url, status_code=exc.status_code, error=str(exc)))
            return [], []
        except (FetchError, UnsafeURL) as exc:
            self.pages.append(PageInfo(url=url, error=str(exc)))
            return [], []
        try:
            return self._read_page(url, fetched, policy, required=required)
        except Exception as exc:  # one unreadable page never stops the run
            self.pages.append(
                PageInfo(
                    url=url,
                    status_code=fetched.status_code,
                    error=f"could not read the page ({type(exc).__name__}: {exc})",
                )
            )
            return [], []

    def _read_page(
        self, url: str, fetched: Fetched, policy: UrlPolicy, *, required: bool
    ) -> tuple[list[str], list[str]]:
        """People and links of a fetched page (HTML, or JSON from a load-more link)."""
        media = fetched.media_type
        if _JSON_TYPE.match(media):
            return self._json_page(url, fetched, policy), []
        if media not in _HTML_TYPES:
            self.pages.append(
                PageInfo(
                    url=url,
                    status_code=fetched.status_code,
                    error=f"not an HTML page (the server sent {media})",
                )
            )
            return [], []
        html = decode_html(fetched.body, fetched.content_type, fetched.url)
        check_nesting(html)  # before any parse: parsing absurdly deep markup takes minutes
        css = self._stylesheets(html, fetched.url, policy)
        scan = self._scan(html, fetched.url, css)
        error = None
        if scan.needs_javascript and required:
            error = NEEDS_JS
            if self.config.render_javascript:
                try:
                    scan = self._scan(
                        self._renderer().render(fetched.url, policy), fetched.url, css
                    )
                    error = None if scan.people else RENDERED_EMPTY
                except FetchError as exc:
                    error = str(exc)
        added = self._add_people(
            scan.people, url, policy, Referrer(fetched.url, scan.referrer_policy)
        )
        self.excluded += [
            Excluded(text=e.text, image_url=e.image_url, page_url=url, reason=e.reason)
            for e in scan.excluded
        ]
        if error is None and not added:
            error = scan.note  # candidates, but none a person: say which and why
        self.pages.append(
            PageInfo(url=url, status_code=fetched.status_code, people_found=added, error=error)
        )
        return scan.next_pages, scan.discover_links

    def _scan(self, html: str, url: str, css: dict[str, str]) -> PageScan:
        return scan_page(
            html,
            url,
            css,
            person_selector=self.config.person_selector,
            exclude_selector=self.config.exclude_selector,
        )

    def _renderer(self) -> Renderer:
        if self.renderer is None:
            self.renderer = Renderer(self.config, self.fetcher)
        return self.renderer

    def _json_page(self, url: str, fetched: Fetched, policy: UrlPolicy) -> list[str]:
        """A plain "load more" endpoint that answers with JSON people."""
        try:
            data = json.loads(fetched.body.decode("utf-8", errors="replace"))
        except ValueError:
            self.pages.append(PageInfo(url=url, status_code=200, error="invalid JSON"))
            return []
        except RecursionError:
            self.pages.append(
                PageInfo(url=url, status_code=200, error="the JSON data is nested too deeply")
            )
            return []
        found = []
        for p in json_people(data):
            image = urljoin(fetched.url, p.image) if p.image else None
            kind = kind_of(p.found_under)
            if kind is not None and kind is not SectionKind.TEAM:
                reason = f'in the JSON under "{p.found_under}" ({kind.value}), not the team'
                self.excluded.append(Excluded(p.name, image, url, reason))
                continue
            found.append(
                FoundPerson(name=p.name, title=p.title, image_urls=(image,) if image else ())
            )
        added = self._add_people(found, url, policy, Referrer(fetched.url))
        self.pages.append(PageInfo(url=url, status_code=fetched.status_code, people_found=added))
        nexts = []
        if isinstance(data, dict):
            for key in _NEXT_KEYS:
                value = data.get(key)
                if isinstance(value, str) and value:
                    nexts.append(urljoin(fetched.url, value))
        return nexts

    def _stylesheets(self, html: str, url: str, policy: UrlPolicy) -> dict[str, str]:
        sheets = {}
        for href in linked_stylesheets(html, url)[:MAX_STYLESHEETS]:
            try:
                fetched = self.fetcher.fetch(
                    href, policy, max_bytes=self.config.max_page_bytes, referrer=Referrer(url)
                )
            except (FetchError, UnsafeURL):
                continue  # a missing stylesheet only hides background-image photos
            sheets[fetched.url] = decode_html(fetched.body, fetched.content_type, fetched.url)
        return sheets

    def _sitemap(self, start: str, policy: UrlPolicy) -> list[str]:
        """Same-site team-like pages listed in /sitemap.xml (discovery only)."""
        parts = urlsplit(start)
        try:
            fetched = self.fetcher.fetch(
                f"{parts.scheme}://{parts.netloc}/sitemap.xml",
                policy,
                max_bytes=self.config.max_page_bytes,
            )
        except (FetchError, UnsafeURL):
            return []
        text = fetched.body.decode("utf-8", errors="replace")
        return [
            loc
            for loc in _SITEMAP_LOC.findall(text)
            if urlsplit(loc).netloc == parts.netloc and TEAM_WORDS.search(urlsplit(loc).path)
        ]

    def _add_people(
        self, found: list[FoundPerson], url: str, policy: UrlPolicy, referrer: Referrer
    ) -> int:
        added = 0
        for person in found:
            key = (person.name.casefold(), person.image_urls[-1] if person.image_urls else "")
            if key in self._seen_people:
                continue  # the same person listed again on another page of the site
            self._seen_people.add(key)
            self.jobs.append(
                _Job(
                    name=person.name,
                    title=person.title,
                    page_url=url,
                    image_urls=person.image_urls,
                    policy=policy,
                    notes=list(person.notes),
                    referrer=(
                        replace(referrer, policy=person.referrer_policy)
                        if person.referrer_policy
                        else referrer
                    ),
                )
            )
            added += 1
        return added

    # -- local sources --------------------------------------------------------------------

    def folder(self, source: str) -> None:
        """Add one person per image file of a folder."""
        rows = folder_rows(Path(source))
        for row in rows:
            self.jobs.append(_Job(row.name, row.title, source, (row.photo or "",), None))
        for path in skipped_files(Path(source)):
            kind = f"a {path.suffix} file" if path.suffix else "a file without an extension"
            reason = f"{kind}, not one of the image formats a folder is read for"
            self.excluded.append(Excluded(text=path.name, page_url=source, reason=reason))
        error = None if rows else "no image files in this folder"
        self.pages.append(PageInfo(url=source, people_found=len(rows), error=error))

    def csv(self, source: str) -> None:
        """Add the people of a `name,photo[,title]` CSV file."""
        listed = read_csv(Path(source))
        rows = listed.rows
        for row in rows:
            if row.photo and is_url(row.photo):
                # a URL the user listed is itself a start URL: it sets its own trust boundary
                policy = UrlPolicy(allow_private=True)
                self.jobs.append(_Job(row.name, row.title, source, (row.photo,), policy))
            else:
                urls = (row.photo,) if row.photo else ()
                self.jobs.append(_Job(row.name, row.title, source, urls, None))
        for row, at, first in listed.repeats:
            reason = f"row {at} repeats row {first} (the same name and photo): counted once"
            self.excluded.append(Excluded(row.name, row.photo, source, reason))
        error = None if rows else "the list has no people in it (only a header row)"
        self.pages.append(PageInfo(url=source, people_found=len(rows), error=error))

    # -- photos ---------------------------------------------------------------------------

    def download(self, job: _Job) -> None:
        """Fetch (or read) one person's photo and build their Person record."""
        if not job.image_urls:
            job.person = self._person(job, image_url=None)
            return
        if job.policy is None:
            local = read_local_photo(Path(job.image_urls[0]), self.config.max_image_bytes)
            job.person = self._person(
                job,
                image_url=job.image_urls[0],
                photo=local.data,
                http=HttpInfo(content_type=local.content_type, last_modified=local.last_modified),
                error=local.error,
            )
            return
        error = "no photo URL"
        for index, url in enumerate(job.image_urls):
            last = index == len(job.image_urls) - 1
            outcome = self._photo(url, job.policy, job.referrer)
            if isinstance(outcome, UnsafeURL):
                error = str(outcome)
                break
            if isinstance(outcome, FetchError):
                error = str(outcome)
                if last:
                    break
                continue
            fetched = outcome
            problem = check_image(fetched.body, fetched.media_type)
            if problem is not None:
                error = problem
                if last:
                    break
                continue
            if not last:
                job.notes.append(
                    "Downloaded the original image instead of the resized copy the page shows "
                    f"({job.image_urls[-1]})."
                )
            job.person = self._person(
                job,
                image_url=url,
                photo=fetched.body,
                http=HttpInfo(
                    content_type=fetched.content_type,
                    last_modified=fetched.last_modified,
                    etag=fetched.etag,
                    from_cache=fetched.from_cache,
                ),
            )
            return
        job.person = self._person(job, image_url=job.image_urls[-1], error=error)

    def _photo(
        self, url: str, policy: UrlPolicy, referrer: Referrer | None
    ) -> Fetched | FetchError | UnsafeURL:
        """Fetch a photo once per run: cards sharing a URL (a default avatar) share one request.

        Only shared URLs are remembered, so the run holds no photo bytes it will not reuse.
        """
        if url not in self._shared_urls:
            return self._fetch_photo(url, policy, referrer)
        key = (url, policy.allow_private)
        with self._memo_lock:
            lock = self._memo_locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._memo:
                self._memo[key] = self._fetch_photo(url, policy, referrer)
            return self._memo[key]

    def _fetch_photo(
        self, url: str, policy: UrlPolicy, referrer: Referrer | None
    ) -> Fetched | FetchError | UnsafeURL:
        """One photo request; a refusal or failure is returned, not raised."""
        try:
            return self.fetcher.fetch(
                url,
                policy,
                max_bytes=self.config.max_image_bytes,
                accept=IMAGE_ACCEPT,
                referrer=referrer,
            )
        except (FetchError, UnsafeURL) as exc:
            return exc

    def _person(
        self,
        job: _Job,
        *,
        image_url: str | None,
        photo: bytes | None = None,
        http: HttpInfo | None = None,
        error: str | None = None,
    ) -> Person:
        return Person(
            id="",
            name=job.name,
            title=job.title,
            page_url=job.page_url,
            image_url=image_url,
            photo=photo,
            sha256=hashlib.sha256(photo).hexdigest() if photo is not None else None,
            http=http or HttpInfo(),
            error=error,
            notes=tuple(job.notes),
        )


def crawl(
    sources: Sequence[str],
    config: CrawlConfig,
    *,
    cache_dir: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_person: Callable[[int, Person], None] | None = None,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
) -> CrawlResult:
    """Find every person in the sources (page order) and download their photos.

    A source is an http(s) team page URL, a folder of photos or a `name,photo[,title]` CSV.
    Raises CrawlError only for a source the user must fix; a broken page or photo becomes a
    `PageInfo.error` / `Person.error` and the run goes on. `resolver` and `transport` let
    tests stand in for DNS and the network.

    `on_person(index, person)`, when given, receives each person (photo bytes included, id not
    yet assigned) from the download threads as soon as their photo is in, so the caller can
    measure while the rest download; `index` is their position in the result, whose people
    then carry no photo bytes (the callback owns them: memory stays flat in the team size).
    """
    kinds = [(source, _first_source_kind(source)) for source in sources]  # fail before fetching
    cache = (
        cache_dir
        if cache_dir is not None
        else (Path(config.cache_dir) if config.cache_dir else None)
    )
    with Fetcher(config, cache_dir=cache, transport=transport) as fetcher:
        run = _Crawl(config, fetcher, resolver)
        try:
            for source, kind in kinds:
                if kind == "url":
                    run.site(source.strip())
                elif kind == "folder":
                    run.folder(source)
                else:
                    run.csv(source)
        finally:
            if run.renderer is not None:
                run.renderer.close()
        run.note_shared_photos()
        total = len(run.jobs)
        done = 0
        lock = threading.Lock()
        if on_progress is not None:
            on_progress(0, total)

        def work(index: int, job: _Job) -> None:
            nonlocal done
            try:
                run.download(job)
            except Exception as exc:
                job.person = run._person(job, image_url=None, error=f"unexpected error: {exc}")
            if on_person is not None and job.person is not None:
                on_person(index, job.person)
                job.person = replace(job.person, photo=None)
            with lock:
                done += 1
                if on_progress is not None:
                    on_progress(done, total)

        pool = ThreadPoolExecutor(max_workers=DOWNLOAD_WORKERS)
        try:
            list(pool.map(work, range(len(run.jobs)), run.jobs))
        except BaseException:
            # A stopped run (a signal, an error) does not wait for downloads in flight: the
            # queued ones are cancelled, the running ones end at their deadline, unawaited.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    people = [job.person for job in run.jobs if job.person is not None]
    ids = unique_ids(p.name for p in people)
    people = [_with_id(p, pid) for p, pid in zip(people, ids, strict=True)]
    return CrawlResult(people=tuple(people), pages=tuple(run.pages), excluded=tuple(run.excluded))


def _with_id(person: Person, person_id: str) -> Person:
    return replace(person, id=person_id)
