"""Crawl stage: turn sources (team page URLs, photo folders, CSV files) into `Person` records.

Entry point: `crawl(sources, config, cache_dir=None, on_progress=None) -> CrawlResult`.
"""

from __future__ import annotations

from auditor.crawl.crawler import crawl
from auditor.crawl.safety import Resolver, UrlPolicy

__all__ = ["Resolver", "UrlPolicy", "crawl"]
