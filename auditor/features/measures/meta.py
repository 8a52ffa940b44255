"""Age signals from the file and the server: EXIF capture date, HTTP Last-Modified."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime

from auditor.features.registry import measure
from auditor.models import HttpInfo

__all__ = ["decimal_year"]


def decimal_year(moment: datetime) -> float:
    """A date as a decimal year (2019-07-02 -> 2019.5)."""
    start = datetime(moment.year, 1, 1, tzinfo=moment.tzinfo)
    end = datetime(moment.year + 1, 1, 1, tzinfo=moment.tzinfo)
    return moment.year + (moment - start) / (end - start)


@measure(
    id="meta.exif_year",
    unit="year",
    description="When the photo was taken, from EXIF DateTimeOriginal, as a decimal year.",
    needs=("exif",),
    valid_range=(1900, 2100),
)
def exif_year(exif: dict[str, str]) -> float | None:
    """Capture date."""
    stamp = exif.get("datetime")
    return decimal_year(datetime.fromisoformat(stamp)) if stamp else None


@measure(
    id="meta.last_modified_year",
    unit="year",
    description="The server's Last-Modified date for the photo, as a decimal year.",
    needs=("http",),
    valid_range=(1990, 2100),
)
def last_modified_year(http: HttpInfo) -> float | None:
    """Upload/modification date."""
    if not http.last_modified:
        return None
    try:
        return decimal_year(parsedate_to_datetime(http.last_modified))
    except (TypeError, ValueError):
        return None
