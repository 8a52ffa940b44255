"""Errors that stop a stage. Everything smaller (one bad photo, one bad page) is data, not an error.

AuditError              base: the CLI prints its message, no traceback without --debug
├── ConfigError         the config file or a flag is invalid (exit 2)
├── CrawlError          a source could not be crawled at all
│   ├── FetchError      an HTTP request failed (timeout, status, size cap, wrong type)
│   └── UnsafeURL       a URL is outside the trust boundary (private address, file://)
├── ImageError          a photo could not be decoded (unsupported, truncated, too large)
├── MeasureError        measuring could not go on (no Dask worker left)
└── ReportError         a report could not be written (e.g. output folder not writable)
"""

from __future__ import annotations

__all__ = [
    "AuditError",
    "ConfigError",
    "CrawlError",
    "FetchError",
    "ImageError",
    "MeasureError",
    "ReportError",
    "UnsafeURL",
]


class AuditError(Exception):
    """Base of every error the tool raises on purpose; its message is shown to the user."""


class ConfigError(AuditError):
    """Raised when a config file or command-line option is invalid."""


class CrawlError(AuditError):
    """Raised when a source cannot be crawled at all (no page, unreadable CSV, missing folder)."""


class FetchError(CrawlError):
    """Raised when one HTTP request fails; the message is readable by a non-engineer."""


class UnsafeURL(CrawlError):
    """Raised when a URL would take the crawler outside its trust boundary."""


class ImageError(AuditError):
    """Raised when a photo cannot be decoded; the message says why in plain words."""


class MeasureError(AuditError):
    """Raised when photos cannot be measured at all any more (every cluster worker is gone)."""


class ReportError(AuditError):
    """Raised when a report cannot be written."""
