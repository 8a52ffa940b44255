"""Run one audit: crawl -> features -> analysis, assembled into an `AuditResult`.

This is the single code path behind both `headshot-audit audit` and `headshot-audit demo`.
It performs no file output; the CLI writes reports and history and picks the exit code.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from auditor import __version__
from auditor.config import Config
from auditor.crawl import crawl
from auditor.features import Measurer, MeasureStore
from auditor.models import AuditResult, Person, RunInfo
from auditor.threads import single_threaded

__all__ = ["AuditProgress", "run_audit"]

TOOL_NAME = "headshot-audit"


@dataclass
class AuditProgress:
    """Callbacks the CLI passes in to show progress; each receives (done, total)."""

    on_crawl: Callable[[int, int], None] | None = None
    on_measure: Callable[[int, int], None] | None = None


def _import_in_background(module: str) -> threading.Thread:
    """Import a module on a thread: the analysis stage (pandas, scikit-learn, ~1 s of imports)
    loads while photos download instead of before the first request. A failed import is
    simply repeated, and raised, where the module is used."""

    def load() -> None:
        # A failure is raised again, with its traceback, by the import where it is used.
        with contextlib.suppress(Exception):
            importlib.import_module(module)

    thread = threading.Thread(target=load, name=f"import {module}", daemon=True)
    thread.start()
    return thread


def _now() -> datetime:
    return datetime.now(UTC)


def run_audit(
    sources: Sequence[str],
    config: Config,
    *,
    cache_dir: Path | None = None,
    first_seen: Callable[[Sequence[Person]], Mapping[str, datetime]] | None = None,
    progress: AuditProgress | None = None,
    keep_photo: Callable[[int, bytes], None] | None = None,
    store: MeasureStore | None = None,
) -> AuditResult:
    """Audit the given sources and return the full result (no files written).

    `first_seen`, when given, maps the crawled people to when each one's current photo was
    first seen (from the history database); it feeds the `outdated` score. `keep_photo`, when
    given, receives each photo's bytes with its page position (the fixes stage drafts from them).
    `store`, when given, supplies the measures of photos an earlier run measured and keeps
    the ones measured now.
    """
    progress = progress or AuditProgress()
    started = _now()
    analysis_import = _import_in_background("auditor.analysis")
    # Photos are measured while the rest download; the crawler hands each one over and keeps
    # no photo bytes, and the measurer holds only a few at a time: memory stays flat in N.
    arrival: dict[int, int] = {}  # page position -> position in the measurer (arrival order)
    found = [0]  # people found, known once downloads start: the measuring bar's total

    def on_crawl(done: int, total: int) -> None:
        found[0] = total
        if progress.on_crawl:
            progress.on_crawl(done, total)

    def on_measure(done: int, handed_in: int) -> None:
        if progress.on_measure:
            progress.on_measure(done, max(found[0], handed_in))

    with Measurer(config.features, on_progress=on_measure, store=store) as measurer:

        def hand_over(index: int, person: Person) -> None:
            if keep_photo is not None and person.photo is not None:
                keep_photo(index, person.photo)
            arrival[index] = measurer.submit(person)

        crawled = crawl(
            sources,
            config.crawl,
            cache_dir=cache_dir,
            on_progress=on_crawl,
            on_person=hand_over,
        )
        measured = measurer.results()
    people = list(crawled.people)
    analysis_import.join()
    from auditor.analysis import analyse

    measurements = [
        replace(measured[arrival[index]], person_id=person.id)
        for index, person in enumerate(people)
    ]
    with single_threaded():
        analysed = analyse(
            people,
            measurements,
            config.analysis,
            photo_first_seen=first_seen(people) if first_seen else None,
            now=started,
        )
    run = RunInfo(
        started=started.isoformat(timespec="seconds"),
        finished=_now().isoformat(timespec="seconds"),
        sources=tuple(sources),
        settings=config.model_dump(mode="json"),
        pages=crawled.pages,
        excluded=crawled.excluded,
    )
    return AuditResult(
        tool_name=TOOL_NAME,
        tool_version=__version__,
        run=run,
        team=analysed.team,
        photos=analysed.photos,
        score=analysed.score,
    )
