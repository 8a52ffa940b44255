"""Crawl stage: turn sources (team page URLs, photo folders, CSV files) into `Person` records.

Entry point: `crawl(sources, config, cache_dir=None, on_progress=None) -> CrawlResult`.
"""
