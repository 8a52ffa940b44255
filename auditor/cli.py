"""Command line: parse arguments, load config, run the audit, write files, pick the exit code.

Exit codes (the contract a scheduled job acts on):
    0  the audit completed and nothing is at or above --fail-on, no budget broken
    1  a flag at or above --fail-on, or a budget in config broken
    2  usage or config error, or no photo could be audited
    130 / 143  stopped by SIGINT / SIGTERM (nothing published; see docs/operations.md)
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from auditor import __version__
from auditor.audit import AuditProgress, run_audit
from auditor.config import Config, load_config
from auditor.exceptions import AuditError, ConfigError, ReportError
from auditor.history import History
from auditor.interrupt import Interrupted, exit_now, stop_on_signals
from auditor.lifecycle import RunFolder
from auditor.models import AuditResult, Severity
from auditor.report import summarise
from auditor.report.pdf import PdfUnavailable, write_pdf

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "main", "run"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_SIGINT = 130
EXIT_SIGTERM = 143

DEFAULT_ROOT = Path("reports")

log = logging.getLogger("auditor")


class FailOn(StrEnum):
    """Severities accepted by --fail-on ("none" never fails on flags)."""

    NONE = "none"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class LogFormat(StrEnum):
    """Log line formats: human text or one JSON object per line for log collectors."""

    TEXT = "text"
    JSON = "json"


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find the headshots on a team page that don't match the rest, and say why.",
    pretty_exceptions_enable=False,
)

OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Report folder. Default: reports/<UTC timestamp>/."),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file (see configs/default.toml).")
]
FailOnOption = Annotated[
    FailOn | None,
    typer.Option("--fail-on", help="Exit 1 when any flag is at or above this severity."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
LogFormatOption = Annotated[
    LogFormat, typer.Option("--log-format", help="Log format on stderr: text or json (lines).")
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
NoHistoryOption = Annotated[
    bool, typer.Option("--no-history", help="Do not read or write the history database.")
]
NoWaitOption = Annotated[
    bool,
    typer.Option("--no-wait", help="Stop at once if another run is writing to the same folder."),
]
AcceptBaselineOption = Annotated[
    bool,
    typer.Option(
        "--accept-baseline",
        help="Make this run the baseline even if many photos failed or most people vanished.",
    ),
]
PdfOption = Annotated[
    bool,
    typer.Option(
        "--pdf", help="Also print the report to report.pdf (needs the browser extra + Chromium)."
    ),
]


class _JsonLines(logging.Formatter):
    """One JSON object per log record, for schedulers and log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds"),
            "level": record.levelname.lower(),
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        return json.dumps(entry, ensure_ascii=False)


class _Text(logging.Formatter):
    """Plain lines for people: progress as is, problems prefixed with their level."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        return message if record.levelno == logging.INFO else f"{record.levelname}: {message}"


def _configure_logging(quiet: bool, log_format: LogFormat, debug: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if log_format is LogFormat.JSON:
        handler.setFormatter(_JsonLines())
    else:
        handler.setFormatter(_Text())
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.DEBUG if debug else logging.ERROR if quiet else logging.INFO)


class _Reporter:
    """Progress and summary output: a rich bar on a terminal, plain lines otherwise."""

    def __init__(self, quiet: bool, log_format: LogFormat) -> None:
        self.quiet = quiet
        self.plain = log_format is LogFormat.JSON or not sys.stderr.isatty()
        self.console = Console(stderr=True, highlight=False)
        self._progress: Progress | None = None
        self._tasks: dict[str, int] = {}
        self._last_step: dict[str, int] = {}

    def __enter__(self) -> _Reporter:
        if not self.quiet and not self.plain:
            self._progress = Progress(
                TextColumn("{task.description:<18}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def callback(self, label: str) -> Callable[[int, int], None]:
        """A progress callback for one phase ("Downloading photos", "Measuring photos")."""

        def update(done: int, total: int) -> None:
            if self.quiet:
                return
            if self._progress is not None:
                if label not in self._tasks:
                    self._tasks[label] = self._progress.add_task(label, total=total)
                self._progress.update(self._tasks[label], completed=done, total=total)
                return
            # Non-interactive fallback: one line per quarter, so cron mail stays short.
            step = 4 * done // total if total else 4
            if step != self._last_step.get(label):
                self._last_step[label] = step
                log.info(
                    "%s: %d/%d",
                    label,
                    done,
                    total,
                    extra={"fields": {"phase": label, "done": done, "total": total}},
                )

        return update


def _broken_budgets(result: AuditResult, summary: dict, config: Config) -> list[str]:
    """Every budget this result breaks, as readable sentences (empty = all kept)."""
    budgets = config.budgets
    broken = []
    if budgets.fail_on != "none":
        threshold = Severity(budgets.fail_on).rank
        hits = [p for p in result.photos if p.worst_severity and p.worst_severity.rank >= threshold]
        if hits:
            broken.append(f"{len(hits)} photo(s) have a flag at or above '{budgets.fail_on}'")
    audited, flagged = summary["audited"], summary["flagged"]
    if audited and flagged / audited > budgets.max_flagged_share:
        broken.append(
            f"{flagged / audited:.0%} of photos are flagged; the budget allows "
            f"{budgets.max_flagged_share:.0%}"
        )
    if result.score is not None and result.score < budgets.min_score:
        broken.append(
            f"consistency score {result.score:.0f} is below the budget {budgets.min_score:.0f}"
        )
    return broken


def _print_summary(console: Console, result: AuditResult, summary: dict, html: Path) -> None:
    by_status, by_severity = summary["by_status"], summary["flagged_by_severity"]
    score = f" — consistency score {result.score:.0f}/100" if result.score is not None else ""
    console.print(f"Audited {summary['audited']} of {summary['people']} people{score}")
    console.print(
        f"  flagged: {by_severity['error']} with errors, {by_severity['warning']} with warnings;"
        f" no face: {by_status['no_face']}, no photo: {by_status['no_photo']},"
        f" failed: {by_status['failed']}"
    )
    if result.changes and result.changes.get("previous_run"):
        c = result.changes
        resolved = c.get("resolved_flags") or []
        fixed = sum(bool(r.get("photo_changed")) for r in resolved if isinstance(r, dict))
        console.print(
            f"  since {c['previous_run']}: {len(c['new_people'])} joined,"
            f" {len(c['departed_people'])} left, {len(c['changed_photos'])} changed photos,"
            f" {len(c['new_flags'])} new flags, {fixed} fixed with a new photo,"
            f" {len(resolved) - fixed} no longer standing out (the team changed)"
        )
    console.print(f"Report: {html}")


def _write_pdf(console: Console, html: Path) -> None:
    """report.pdf beside the HTML; a missing browser is a warning, never a failed audit."""
    try:
        console.print(f"PDF: {write_pdf(html)}")
    except PdfUnavailable as exc:
        log.warning("%s", exc)
    except ReportError as exc:
        log.error("%s", exc)


def execute(
    sources: Sequence[str],
    *,
    out: Path | None = None,
    config_path: Path | None = None,
    fail_on: FailOn | None = None,
    quiet: bool = False,
    log_format: LogFormat = LogFormat.TEXT,
    use_history: bool = True,
    wait: bool = True,
    accept_baseline: bool = False,
    pdf: bool = False,
) -> int:
    """Run one audit end to end and return the exit code (shared by `audit` and `demo`)."""
    config = load_config(config_path)
    if fail_on is not None:
        config = config.with_overrides({"budgets.fail_on": fail_on.value})
    run_folder = RunFolder(out, default_root=DEFAULT_ROOT, wait=wait).open()
    root = run_folder.root  # locked, leftovers cleaned, disk and --out checked: before the crawl
    use_history = use_history and config.history.enabled
    history = None
    cache_dir = Path(config.crawl.cache_dir) if config.crawl.cache_dir else run_folder.cache_dir
    reporter = _Reporter(quiet, log_format)
    stdout = Console(highlight=False, quiet=quiet)
    try:
        if use_history:  # opened, checked and migrated before the crawl too
            history = History(
                Path(config.history.path) if config.history.path else root / "history.sqlite"
            )
        with reporter:
            result = run_audit(
                sources,
                config,
                cache_dir=cache_dir,
                first_seen=(lambda people: history.first_seen(sources, people))
                if history
                else None,
                progress=AuditProgress(
                    on_crawl=reporter.callback("Downloading photos"),
                    on_measure=reporter.callback("Measuring photos"),
                ),
            )
        if summarise(result)["audited"] == 0:
            reasons = [f"{p.url}: {p.error}" for p in result.run.pages if p.error]
            reasons += [
                f"{p.person.name}: {p.measurement.error}"
                for p in result.photos
                if p.measurement.error
            ][:5]
            detail = ("\n  " + "\n  ".join(reasons)) if reasons else ""
            log.error("No photo could be audited (%d people found).%s", len(result.photos), detail)
            return EXIT_USAGE
        baseline = True
        if history is not None:
            changes = history.compare(result, accept_baseline=accept_baseline)
            result = replace(result, changes=changes)
            baseline = changes["baseline"]
            if not baseline:
                log.warning("%s", changes["baseline_note"])
        # Reports, then one rename, then history, then `latest` and pruning (lifecycle.py).
        paths = run_folder.publish(
            result,
            config.report,
            history=history,
            keep_runs=config.history.keep_runs,
            baseline=baseline,
        )
    finally:
        if history is not None:
            history.close()
        run_folder.close()
    summary = summarise(result)
    _print_summary(stdout, result, summary, paths["html"])
    if pdf:
        _write_pdf(stdout, paths["html"])
    broken = _broken_budgets(result, summary, config)
    for sentence in broken:
        log.error("Budget broken: %s", sentence)
    return EXIT_FINDINGS if broken else EXIT_OK


@app.command()
def audit(
    sources: Annotated[
        list[str],
        typer.Argument(help="Team page URL(s), folder(s) of photos, or CSV file(s) (name,photo)."),
    ],
    out: OutOption = None,
    config: ConfigOption = None,
    fail_on: FailOnOption = None,
    quiet: QuietOption = False,
    log_format: LogFormatOption = LogFormat.TEXT,
    debug: DebugOption = False,
    no_history: NoHistoryOption = False,
    no_wait: NoWaitOption = False,
    accept_baseline: AcceptBaselineOption = False,
    pdf: PdfOption = False,
) -> int:
    """Audit the headshots of one or more team pages, folders or CSV files."""
    _configure_logging(quiet, log_format, debug)
    return execute(
        sources,
        out=out,
        config_path=config,
        fail_on=fail_on,
        quiet=quiet,
        log_format=log_format,
        use_history=not no_history,
        wait=not no_wait,
        accept_baseline=accept_baseline,
        pdf=pdf,
    )


@app.command()
def demo(
    out: OutOption = None,
    config: ConfigOption = None,
    fail_on: FailOnOption = None,
    quiet: QuietOption = False,
    log_format: LogFormatOption = LogFormat.TEXT,
    debug: DebugOption = False,
    pdf: PdfOption = False,
) -> int:
    """Build a demo team page from bundled portraits, serve it on 127.0.0.1 and audit it."""
    from auditor.demo import serve_demo_site

    _configure_logging(quiet, log_format, debug)
    with serve_demo_site() as url:
        if not quiet:
            Console(stderr=True, highlight=False).print(f"Demo team page served at {url}")
        return execute(
            [url],
            out=out,
            config_path=config,
            fail_on=fail_on,
            quiet=quiet,
            log_format=log_format,
            use_history=False,
            pdf=pdf,
        )


@app.command()
def version() -> int:
    """Print the version."""
    print(f"headshot-audit {__version__}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors are printed plainly, not as tracebacks."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    command = typer.main.get_command(app)
    started = time.monotonic()
    try:
        with stop_on_signals():
            code = command.main(args=args, prog_name="headshot-audit", standalone_mode=False)
    except Interrupted as exc:
        print(
            f"Stopped by {exc.name}: nothing was published; the previous report, `latest` "
            "and history are unchanged.",
            file=sys.stderr,
        )
        return exc.exit_code
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        return EXIT_USAGE
    except typer.TyperException as exc:  # usage errors: bad option, missing argument
        show = getattr(exc, "show", None)
        show() if show else print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except AuditError as exc:
        if debug:
            raise
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_SIGINT
    except Exception as exc:  # last line of defence: no traceback without --debug
        if debug:
            raise
        print(
            f"Error: unexpected {type(exc).__name__}: {exc}\n"
            "Run again with --debug for details, and please report it.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    log.debug("finished in %.1f s", time.monotonic() - started)
    return code if isinstance(code, int) else EXIT_OK


def run() -> None:
    """Console-script entry point."""
    code = main()
    if code in (EXIT_SIGINT, EXIT_SIGTERM):
        exit_now(code)  # downloads still blocked on the network are abandoned, not awaited
    sys.exit(code)
