"""Crawl stage: turn sources (team page URLs, photo folders, CSV files) into `Person` records.

Entry point: `crawl(sources, config, cache_dir=None, on_progress=None) -> CrawlResult`.
See docs/crawling.md for the supported page patterns and the politeness settings.

    crawler.py     sources -> pages -> people -> concurrent photo downloads
    sources.py     folder and CSV sources
    http.py        the one HTTP client: trust boundary, robots.txt, per-host slots and delay,
                   retries with backoff, byte caps while streaming, redirects, cache
    cache.py       on-disk ETag / Last-Modified store, revalidated on every run
    safety.py      which addresses a crawl may reach (decided by the start URL)
    content.py     image magic bytes, HTML decoding
    page.py        one page -> candidates (cards, tiles, structured data) -> people + left out
    judge.py       is a candidate a current team member? evidence, score, reason
    context.py     which section an element sits in (team, portfolio, testimonials, alumni...)
    name_evidence.py  does a text read as a person's name; degrees, honorifics, role words
    rosters.py     names listed without a photo card (lists, tables, several per item)
    photos.py      photo candidates: srcset, <picture>, lazy attributes, CSS backgrounds
    cards.py       cards around photos; names and job titles
    links.py       pagination, discovery, app-shell detection
    structured.py  JSON-LD, microdata, __NEXT_DATA__ / app JSON
    srcset.py      the HTML spec's srcset parser
    cdn.py         originals of CDN/CMS resize URLs
    naming.py      name plausibility, alt-text cleaning, slugs and ids
    render.py      optional headless-Chromium rendering (the .[browser] extra)
"""

from __future__ import annotations

from auditor.crawl.crawler import crawl
from auditor.crawl.safety import Resolver, UrlPolicy

__all__ = ["Resolver", "UrlPolicy", "crawl"]
