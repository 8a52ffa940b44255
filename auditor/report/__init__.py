"""Report stage: serialise one `AuditResult` to JSON and CSV, render it as one HTML file, and
write the CI verdict as junit.xml and summary.md.

Entry point: `write_reports(result, out_dir, config) -> dict[str, Path]`. `summarise(result)`
gives the counts the CLI prints and checks budgets against. The formats live in `formats/`
behind one `Format` protocol; the HTML's view records are built in `view.py` and rendered by
the Jinja templates in `templates/` (coverage.py's split of data and rendering).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from auditor.config import ReportConfig
from auditor.exceptions import ReportError
from auditor.models import AuditResult, MeasureInfo
from auditor.report._measures import resolve_measures
from auditor.report._summary import drafts_possible, summarise
from auditor.report.formats import Format, make_formats
from auditor.report.formats.json import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "Format",
    "drafts_possible",
    "render_reports",
    "summarise",
    "write_reports",
]

# rw-r--r--: like a file written with open() under the usual umask.
REPORT_FILE_MODE = 0o644


def render_reports(
    result: AuditResult,
    config: ReportConfig | None = None,
    measures: Sequence[MeasureInfo] | None = None,
) -> dict[str, tuple[str, str | bytes]]:
    """Render every format in memory: {name: (file name, contents)}; nothing is written.

    `measures` defaults to the features registry (`auditor.features.list_measures()`), or to
    the measure ids found in the result when no registry is available.
    """
    config = config or ReportConfig()
    resolved = resolve_measures(result, measures)
    return {fmt.name: (fmt.filename, fmt.render(result)) for fmt in make_formats(resolved, config)}


def _write_atomic(path: Path, contents: str | bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a report."""
    data = contents.encode("utf-8") if isinstance(contents, str) else contents
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes owner-only files; reports are meant to be shared and served.
        os.chmod(tmp, REPORT_FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(
    result: AuditResult,
    out_dir: Path,
    config: ReportConfig | None = None,
    measures: Sequence[MeasureInfo] | None = None,
) -> dict[str, Path]:
    """Write report.html, report.json, photos.csv, actions.csv, junit.xml and summary.md.

    Into `out_dir`, created if needed. Returns {"html": path, "json": path, "csv": path,
    "actions": path, "junit": path, "markdown": path}. Raises `ReportError` with a readable
    message when the folder cannot be created or a file cannot be written.
    """
    out_dir = Path(out_dir)
    rendered = render_reports(result, config, measures)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, (filename, contents) in rendered.items():
            path = out_dir / filename
            _write_atomic(path, contents)
            paths[name] = path
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ReportError(f"Cannot write the report to {out_dir}: {reason}") from exc
    return paths
