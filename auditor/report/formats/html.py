"""report.html: one self-contained page (inline CSS/JS, data: thumbnails, no network)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import stat
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from auditor.config import ReportConfig
from auditor.models import AuditResult, MeasureInfo
from auditor.report._text import group_label, measure_label
from auditor.report._units import unit_words
from auditor.report.formats.actions import ActionsCsvFormat
from auditor.report.formats.csv import CsvFormat
from auditor.report.formats.json import JsonFormat
from auditor.report.view import build_view

__all__ = [
    "HtmlFormat",
    "RenderedOnce",
    "TemplateCache",
    "content_security_policy",
    "data_formats",
    "make_environment",
    "template_cache",
]

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
PAGE_TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
SCRIPT = "report.js"
# How the templates are compiled: the compiled code depends on these, so they key the cache too.
ENVIRONMENT_OPTIONS = {
    "autoescape": True,  # every template, whatever its extension: crawled text is hostile
    "trim_blocks": True,
    "lstrip_blocks": True,
}
TEMPLATE_CACHE = Path("headshot-audit") / "templates"  # under the user's cache folder


def _sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(style: str, script: str) -> str:
    """A CSP that lets only our own inline style and script run and fetches nothing.

    Autoescaping is the first defence against crawled text; this is the second: even if some
    markup slipped through, the browser would neither run it nor load anything from the network.
    """
    return (
        "default-src 'none'; img-src data:; "
        f"style-src {_sha256_source(style)}; script-src {_sha256_source(script)}; "
        "base-uri 'none'; form-action 'none'"
    )


def _data_uri(text: str, mime: str) -> str:
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"data:{mime};charset=utf-8;base64,{payload}"


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's compiled templates kept between runs, in a folder only this user can write.

    Compiling the report's templates took ~0.15-0.2 s of CPU at the end of every run, as long
    as rendering a 50-person report. Jinja checks each entry against its template's source
    and its own and Python's versions; the key adds `ENVIRONMENT_OPTIONS`. An entry that
    cannot be read or written is compiled afresh, never a failed report.
    """

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory))
        self.key = repr(sorted(ENVIRONMENT_OPTIONS.items()))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.key}|{name}", filename)

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache(root: Path | None = None) -> TemplateCache | None:
    """The cache in `root` (default: $XDG_CACHE_HOME, else ~/.cache), or None when that folder
    cannot be made private: code loaded from a folder others can write would run as ours."""
    try:
        if root is None:
            root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = root / TEMPLATE_CACHE
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        return None
    private = not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return TemplateCache(folder) if info.st_uid == os.getuid() and private else None


def make_environment(cache: TemplateCache | None) -> Environment:
    """The templates' environment, compiled templates kept in `cache` (None: not kept)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        bytecode_cache=cache,
        **ENVIRONMENT_OPTIONS,
    )
    # Helpers arrive as globals (coverage.py's way), so templates only loop and branch.
    env.globals["measure_label"] = measure_label
    env.globals["group_label"] = group_label
    env.globals["unit_words"] = unit_words
    return env


@cache
def _environment() -> Environment:
    return make_environment(template_cache())


class RenderedOnce:
    """A format that renders each result once: the page embeds the data files written beside it
    (report.json, photos.csv, actions.csv), which were rendered twice for every report."""

    def __init__(self, fmt: ActionsCsvFormat | CsvFormat | JsonFormat) -> None:
        self.format = fmt
        self.name, self.filename = fmt.name, fmt.filename
        self._last: tuple[AuditResult, str] | None = None

    def render(self, result: AuditResult) -> str:
        """The format's text for `result`, rendered on the first call for it."""
        if self._last is None or self._last[0] is not result:
            self._last = (result, self.format.render(result))
        return self._last[1]


def data_formats(measures: Sequence[MeasureInfo]) -> tuple[RenderedOnce, ...]:
    """The data files the page embeds, in its order: actions.csv, photos.csv, report.json."""
    return tuple(
        RenderedOnce(fmt) for fmt in (ActionsCsvFormat(), CsvFormat(measures), JsonFormat(measures))
    )


_DOWNLOAD_LABELS = {  # file name -> (link text, media type)
    "actions.csv": ("Action list (actions.csv)", "text/csv"),
    "photos.csv": ("All measures (photos.csv)", "text/csv"),
    "report.json": ("Full data (report.json)", "application/json"),
}


class HtmlFormat:
    """report.html for people: view records from `build_view` rendered by the Jinja template."""

    name = "html"
    filename = "report.html"

    def __init__(
        self,
        measures: Sequence[MeasureInfo],
        config: ReportConfig,
        data: Sequence[RenderedOnce] | None = None,
    ) -> None:
        self.measures = tuple(measures)
        self.config = config
        # `data`: the same objects that write the files, so each is rendered once for both.
        self.data = tuple(data) if data is not None else data_formats(self.measures)

    def downloads(self, result: AuditResult) -> tuple[tuple[str, str, str], ...]:
        """(label, file name, data: URI) of the data files, embedded in the page.

        A report e-mailed on its own has no photos.csv beside it: relative links would break,
        embedded data does not (and `a[download]` on a data: URI needs no script, no network).
        """
        files = []
        for fmt in self.data:
            label, mime = _DOWNLOAD_LABELS[fmt.filename]
            files.append((label, fmt.filename, _data_uri(fmt.render(result), mime)))
        return tuple(files)

    def render(self, result: AuditResult) -> str:
        """Render the page; every crawled string is escaped by the template engine."""
        env = _environment()
        style = (TEMPLATES / STYLESHEET).read_text(encoding="utf-8")
        script = (TEMPLATES / SCRIPT).read_text(encoding="utf-8")
        view = build_view(result, self.measures, self.config.title)
        return env.get_template(PAGE_TEMPLATE).render(
            view=view,
            downloads=self.downloads(result),
            # Our own static files, trusted: emitted verbatim so their CSP hashes match.
            style=Markup(style),
            script=Markup(script),
            csp=content_security_policy(style, script),
        )
