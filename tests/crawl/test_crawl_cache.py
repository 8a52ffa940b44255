"""The HTTP cache never takes the disk space the report and history need."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from auditor.crawl.cache import RESERVE_FREE_BYTES, CacheEntry, HttpCache


def _entry(url: str) -> CacheEntry:
    return CacheEntry(url, "image/jpeg", '"v1"', None, b"\xff\xd8" + b"x" * 100_000)


def test_the_cache_stores_nothing_on_a_nearly_full_disk(tmp_path):

    if shutil.disk_usage(tmp_path).free < 2 * RESERVE_FREE_BYTES:
        pytest.skip("the test folder's own disk is short of space")
    roomy = HttpCache(tmp_path / "roomy")
    roomy.store(_entry("http://127.0.0.1/a.jpg"))
    assert roomy.lookup("http://127.0.0.1/a.jpg") is not None
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(small)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("needs a small tmpfs (mount -t tmpfs, as root)")
    try:
        cache = HttpCache(small / "cache")
        cache.store(_entry("http://127.0.0.1/a.jpg"))
        assert cache.lookup("http://127.0.0.1/a.jpg") is None
        assert list((small / "cache").iterdir()) == []
    finally:
        subprocess.run(["umount", "-l", str(small)], capture_output=True)
