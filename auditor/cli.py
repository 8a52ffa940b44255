"""Command line: parse arguments, load config, run the audit, write files, pick the exit code.

Exit codes (the contract a scheduled job or CI step acts on; `auditor.exit_codes`):
    0  passed: the audit completed and no assertion or budget broke
    1  assertions failed: a flag at level error (or at or above --fail-on), or a broken budget
    2  usage or config error: bad option or setting, missing source, unwritable output folder
    3  nothing could be audited: the site was unreachable, or no photo could be measured
    4  internal error: an unexpected exception; one line, run again with --debug for details
    130 / 143  stopped by SIGINT / SIGTERM (nothing published; see docs/operations.md)
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
import time
import traceback
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
from auditor.assertions import evaluate_assertions
from auditor.audit import AuditProgress, run_audit
from auditor.config import Config, discover_config, load_config, parse_set_options
from auditor.exceptions import AuditError, ConfigError, ReportError
from auditor.exit_codes import ExitCode, exit_code_for
from auditor.features import MeasureStore
from auditor.history import History
from auditor.interrupt import Interrupted, exit_now, stop_on_signals, stopped_message
from auditor.lifecycle import RunFolder
from auditor.models import AuditResult
from auditor.outcome import report_outcome
from auditor.report import drafts_possible, summarise
from auditor.report.pdf import PdfUnavailable, write_pdf

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_NOTHING_AUDITED",
    "EXIT_OK",
    "EXIT_USAGE",
    "main",
    "run",
]

EXIT_OK = ExitCode.OK
EXIT_FINDINGS = ExitCode.ASSERTIONS_FAILED
EXIT_USAGE = ExitCode.USAGE
EXIT_NOTHING_AUDITED = ExitCode.NOTHING_AUDITED
EXIT_INTERNAL = ExitCode.INTERNAL
EXIT_SIGINT = ExitCode.INTERRUPTED
EXIT_SIGTERM = ExitCode.TERMINATED

DEFAULT_ROOT = Path("reports")
STORE_NAME = "measures.sqlite"  # the measure store's file in the HTTP cache folder

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


def _bare(option: typer.core.TyperOption | None) -> typer.core.TyperOption | None:
    """--help/-h takes no value: show no `<bool>` type after it."""
    if option is not None:
        option.metavar = ""
    return option


# A command's parameter (typer vendors click, so its classes are reached through typer.core).
_Param = typer.core.TyperArgument | typer.core.TyperOption


def _metavar_only(param: _Param) -> _Param:
    """An argument with a metavar shows just it: `SOURCE...`, not `SOURCE... <list[str]>`.

    Typer appends the Python type to every argument's help name, and its usage line adds a
    second "..." after a repeatable argument's metavar; the metavar already says both.
    """
    if isinstance(param, typer.core.TyperArgument) and param.metavar:
        metavar = param.metavar
        param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
        param._usage_display_name = (  # type: ignore[method-assign]
            lambda: metavar if param.required else f"[{metavar}]"
        )
    return param


class _Command(typer.core.TyperCommand):
    """A command whose --help/-h shows no `<bool>` type, and arguments only by their metavar."""

    def get_help_option(self, ctx: typer.Context) -> typer.core.TyperOption | None:
        return _bare(super().get_help_option(ctx))

    def get_params(self, ctx: typer.Context) -> list[_Param]:
        return [_metavar_only(param) for param in super().get_params(ctx)]


class _Group(typer.core.TyperGroup):
    """The command group, with the same --help/-h display as its commands."""

    def get_help_option(self, ctx: typer.Context) -> typer.core.TyperOption | None:
        return _bare(super().get_help_option(ctx))


app = typer.Typer(
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    help="Find the headshots on a team page that don't match the rest, and say why.\n\n"
    "Exit codes: 0 passed, 1 assertions failed, 2 usage or config error, "
    "3 nothing could be audited, 4 internal error, 130 / 143 stopped by Ctrl-C / SIGTERM.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: "[tool.headshot-audit]" is not markup
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _flag(*names: str, help: str) -> typer.models.OptionInfo:
    """A boolean switch: no value, so no `<bool>` in the help."""
    return typer.Option(*names, help=help, metavar="")


OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Report folder.",
        show_default="reports/<UTC timestamp>/",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="TOML settings file (see configs/default.toml); a pyproject.toml is read from "
        "its [tool.headshot-audit] table.",
        show_default="headshot-audit.toml or pyproject.toml in the working folder, if any",
    ),
]
DemoConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="TOML settings file (see configs/default.toml)."),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="KEY=VALUE",
        help="Override one setting, e.g. --set budgets.min_score=80 (values are TOML: "
        'numbers, true/false, "text", [lists]); repeatable; wins over the file.',
    ),
]
FailOnOption = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a flag is at or above this severity (flag codes listed in "
        "[assertions.levels] keep their own level).",
        show_default="budgets.fail_on of the settings: none",
    ),
]
FailOnNewOption = Annotated[
    bool,
    _flag(
        "--fail-on-new",
        help="Fail only on flags the previous recorded run of the same sources did not have.",
    ),
]
QuietOption = Annotated[
    bool, _flag("--quiet", "-q", help="Print only errors (and, on failure, what failed).")
]
LogFormatOption = Annotated[
    LogFormat,
    typer.Option(
        "--log-format", help="Log format on stderr: text, or json lines ending in a summary."
    ),
]
DebugOption = Annotated[bool, _flag("--debug", help="Show tracebacks for errors.")]
FixesOption = Annotated[
    bool,
    _flag(
        "--fixes", help="Write corrected drafts of the fixable photos into fixes/ in the report."
    ),
]
NoHistoryOption = Annotated[
    bool, _flag("--no-history", help="Do not read or write the history database.")
]
NoStoreOption = Annotated[
    bool,
    _flag(
        "--no-store",
        help="Measure every photo afresh: do not read or write the measure store (store.enabled).",
    ),
]
NoWaitOption = Annotated[
    bool, _flag("--no-wait", help="Stop at once if another run is writing to the same folder.")
]
AcceptBaselineOption = Annotated[
    bool,
    _flag(
        "--accept-baseline",
        help="Make this run the baseline even if many photos failed or most people vanished.",
    ),
]
PdfOption = Annotated[
    bool,
    _flag(
        "--pdf", help="Also print the report to report.pdf (needs the browser extra + Chromium)."
    ),
]


def _print_version(value: bool) -> None:
    if value:
        print(f"headshot-audit {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _options(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_print_version,
            is_eager=True,
            metavar="",
        ),
    ] = None,
) -> None:
    """Find the headshots on a team page that don't match the rest, and say why."""


class _JsonLines(logging.Formatter):
    """One JSON object per log record, for schedulers and log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds"),
            "level": record.levelname.lower(),
            "message": record.getMessage().strip(),
        }
        if not record.name.startswith(log.name):  # a library's warning: say whose
            entry["logger"] = record.name
        entry.update(getattr(record, "fields", {}))
        return json.dumps(entry, ensure_ascii=False)


class _Text(logging.Formatter):
    """Plain lines for people: progress as is, problems prefixed with their level.

    The prefix is capitalised ("Warning:", "Error:") like the CLI's own "Error: ..." line, so
    the output has one style.
    """

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage().rstrip()
        if record.levelno == logging.INFO:
            return message
        return f"{record.levelname.capitalize()}: {message}"


HANDLER_NAME = "headshot-audit"


def _configure_logging(quiet: bool, log_format: LogFormat, debug: bool) -> None:
    """Our records and every library's warnings (and `warnings.warn`) through one handler."""
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(HANDLER_NAME)
    if log_format is LogFormat.JSON:
        handler.setFormatter(_JsonLines())
    else:
        handler.setFormatter(_Text())
    root = logging.getLogger()
    # Replace only our own handler: a host application's (or pytest's) handlers stay.
    root.handlers[:] = [h for h in root.handlers if h.get_name() != HANDLER_NAME] + [handler]
    # Libraries speak at WARNING and above (httpx logs every request at INFO).
    root.setLevel(logging.ERROR if quiet else logging.WARNING)
    logging.captureWarnings(True)
    log.handlers.clear()
    log.propagate = True
    log.setLevel(logging.DEBUG if debug else logging.ERROR if quiet else logging.INFO)


def _restore_logging(root_level: int, own_level: int) -> None:
    """Leave logging as main() found it (main may run inside a host process or a test)."""
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if h.get_name() != HANDLER_NAME]
    root.setLevel(root_level)
    log.setLevel(own_level)
    logging.captureWarnings(False)


class _Reporter:
    """Progress and summary output: a rich bar on a terminal, plain lines otherwise."""

    def __init__(self, quiet: bool, log_format: LogFormat) -> None:
        self.quiet = quiet
        self.plain = log_format is LogFormat.JSON or not sys.stderr.isatty()
        self.console = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
        self._progress: Progress | None = None
        self._tasks: dict[str, int] = {}
        self._last_step: dict[str, int] = {}
        # Set when the run's block ends (done, failed or stopped by a signal): a download
        # thread still finishing then says nothing after the run's last line.
        self._closed = False

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
        self._closed = True
        if self._progress is not None:
            self._progress.stop()

    def callback(self, label: str) -> Callable[[int, int], None]:
        """A progress callback for one phase ("Downloading photos", "Measuring photos")."""

        def update(done: int, total: int) -> None:
            if self.quiet or self._closed:
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


def resolve_config(
    config_path: Path | None,
    sets: Sequence[str] = (),
    fail_on: FailOn | None = None,
    fail_on_new: bool = False,
    *,
    discover: bool = True,
) -> Config:
    """Built-in < settings file (--config, else discovered) < --set < --fail-on/--fail-on-new."""
    path = config_path
    if path is None and discover:
        path = discover_config()
    config = load_config(path)
    overrides = parse_set_options(list(sets))
    if fail_on is not None:
        overrides["budgets.fail_on"] = fail_on.value
    if fail_on_new:
        overrides["assertions.fail_on_new"] = True
    if overrides:
        config = config.with_overrides(overrides)
    if path is not None:
        log.debug("settings from %s", path)
    return config


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
    fixable = drafts_possible(result)
    if fixable:
        photos = "photo" if fixable == 1 else "photos"
        console.print(
            f"  {fixable} flagged {photos} can be corrected from the file: run again with"
            " --fixes for corrected drafts (fixes/ beside the report)"
        )
    console.print(f"Report: {html}")


def _open_store(config: Config, cache_dir: Path) -> MeasureStore:
    """The measure store: store.path, else beside the HTTP cache (cleared with it)."""
    path = Path(config.store.path) if config.store.path else cache_dir / STORE_NAME
    return MeasureStore(path, config.features, max_entries=config.store.max_entries)


def _log_store(store: MeasureStore) -> None:
    """How many photos were reused and measured: the log line a scheduled job keeps."""
    stats = store.stats
    fields = {
        "event": "measure_store",
        "reused": stats.reused,
        "measured": stats.measured,
        "stored": stats.stored,
        "evicted": stats.evicted,
        "problems": stats.problems,
    }
    log.info("%s", store.summary(), extra={"fields": fields})


def _write_pdf(written: dict[str, Path]) -> dict[str, Path]:
    """report.pdf beside the staged HTML; a missing browser is a warning, never a failed audit."""
    try:
        return {"pdf": write_pdf(written["html"])}
    except PdfUnavailable as exc:
        log.warning("%s", exc)
    except ReportError as exc:
        log.error("%s", exc)
    return {}


def execute(
    sources: Sequence[str],
    *,
    out: Path | None = None,
    config: Config | None = None,
    quiet: bool = False,
    log_format: LogFormat = LogFormat.TEXT,
    use_history: bool = True,
    wait: bool = True,
    accept_baseline: bool = False,
    pdf: bool = False,
    fixes: bool = False,
    use_store: bool = True,
) -> int:
    """Run one audit end to end and return the exit code (shared by `audit` and `demo`)."""
    from auditor.fixes import PhotoSpool  # light: the stage itself loads after the audit

    config = config or Config()
    sources = list(sources) or list(config.sources)
    if not sources:
        raise ConfigError(
            "Nothing to audit: name a team page URL, photo folder or CSV file, or list them "
            "as sources = [...] in headshot-audit.toml (or --config FILE)"
        )
    if config.assertions.fail_on_new and not (use_history and config.history.enabled):
        raise ConfigError(
            "--fail-on-new (assertions.fail_on_new) compares with the previous recorded run: "
            "it needs the history database (drop --no-history / history.enabled = false)"
        )
    run_folder = RunFolder(out, default_root=DEFAULT_ROOT, wait=wait).open()
    root = run_folder.root  # locked, leftovers cleaned, disk and --out checked: before the crawl
    use_history = use_history and config.history.enabled
    history = None
    cache_dir = Path(config.crawl.cache_dir) if config.crawl.cache_dir else run_folder.cache_dir
    reporter = _Reporter(quiet, log_format)
    # soft_wrap: no wrapping at 80 columns in cron mail and CI logs; markup off: crawled text.
    stdout = Console(highlight=False, quiet=quiet, soft_wrap=True, markup=False)
    spool = PhotoSpool() if fixes or config.fixes.enabled else None
    store = None
    try:
        if use_store and config.store.enabled:
            store = _open_store(config, cache_dir)
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
                keep_photo=spool.put if spool else None,
                store=store,
            )
        if store is not None:
            store.close()
            _log_store(store)
        if summarise(result)["audited"] == 0:
            reasons = [f"{p.url}: {p.error}" for p in result.run.pages if p.error]
            reasons += [
                f"{p.person.name}: {p.measurement.error}"
                for p in result.photos
                if p.measurement.error
            ][:5]
            detail = ("\n  " + "\n  ".join(reasons)) if reasons else ""
            fields = {
                "event": "summary",
                "passed": False,
                "exit_code": int(EXIT_NOTHING_AUDITED),
                "people": len(result.photos),
                "audited": 0,
                "reasons": reasons,
            }
            log.error(
                "No photo could be audited (%d people found).%s",
                len(result.photos),
                detail,
                extra={"fields": fields},
            )
            return EXIT_NOTHING_AUDITED
        previous = history.previous_flags(sources) if history is not None else None
        result = replace(result, assertions=evaluate_assertions(result, config, previous))
        for page in result.run.pages:
            if page.error and not page.people_found:
                log.warning("%s: %s", page.url, page.error)  # e.g. candidates, but no people
        baseline = True
        if history is not None:
            changes = history.compare(result, accept_baseline=accept_baseline)
            result = replace(result, changes=changes)
            baseline = changes["baseline"]
            if not baseline:
                log.warning("%s", changes["baseline_note"])
        from auditor.fixes import fix_photos

        # Drafts go into the staging folder too: published with the reports, in one rename.
        result = fix_photos(
            result, config, originals=spool.get if spool else None, out_dir=run_folder.staging
        )
        # Reports, then one rename, then history, then `latest` and pruning (lifecycle.py).
        paths = run_folder.publish(
            result,
            config.report,
            history=history,
            keep_runs=config.history.keep_runs,
            baseline=baseline,
            also=_write_pdf if pdf else None,  # published in the same rename as the rest
        )
    finally:
        if history is not None:
            history.close()
        if store is not None:
            store.close()
        run_folder.close()
        if spool is not None:
            spool.close()
    summary = summarise(result)
    if log_format is LogFormat.TEXT:
        _print_summary(stdout, result, summary, paths["html"])
        if "pdf" in paths:
            stdout.print(f"PDF: {paths['pdf']}")
    return report_outcome(result, summary, paths["html"], as_json=log_format is LogFormat.JSON)


@app.command(cls=_Command)
def audit(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE...",
            help="Team page URL(s), folder(s) of photos, or CSV file(s) (name,photo).",
            show_default="sources of the settings file",
        ),
    ] = None,
    out: OutOption = None,
    config: ConfigOption = None,
    set_: SetOption = None,
    fail_on: FailOnOption = None,
    fail_on_new: FailOnNewOption = False,
    quiet: QuietOption = False,
    log_format: LogFormatOption = LogFormat.TEXT,
    debug: DebugOption = False,
    no_history: NoHistoryOption = False,
    no_store: NoStoreOption = False,
    no_wait: NoWaitOption = False,
    accept_baseline: AcceptBaselineOption = False,
    pdf: PdfOption = False,
    fixes: FixesOption = False,
) -> int:
    """Audit the headshots of one or more team pages, folders or CSV files."""
    _configure_logging(quiet, log_format, debug)
    return execute(
        sources or [],
        out=out,
        config=resolve_config(config, set_ or (), fail_on, fail_on_new),
        quiet=quiet,
        log_format=log_format,
        use_history=not no_history,
        wait=not no_wait,
        accept_baseline=accept_baseline,
        pdf=pdf,
        fixes=fixes,
        use_store=not no_store,
    )


@app.command(cls=_Command)
def demo(
    out: OutOption = None,
    config: DemoConfigOption = None,
    set_: SetOption = None,
    fail_on: FailOnOption = None,
    quiet: QuietOption = False,
    log_format: LogFormatOption = LogFormat.TEXT,
    debug: DebugOption = False,
    pdf: PdfOption = False,
    fixes: FixesOption = False,
) -> int:
    """Build a demo team page from bundled portraits, serve it on 127.0.0.1 and audit it."""
    from auditor.demo import serve_demo_site

    _configure_logging(quiet, log_format, debug)
    settings = resolve_config(config, set_ or (), fail_on, discover=False)
    settings = settings.with_overrides({"assertions.fail_on_new": False})  # no history here
    with serve_demo_site() as url:
        log.info("Demo team page served at %s", url)
        return execute(
            [url],
            out=out,
            config=settings,
            quiet=quiet,
            log_format=log_format,
            use_history=False,
            pdf=pdf,
            fixes=fixes,
        )


@app.command(cls=_Command)
def version() -> int:
    """Print the version."""
    print(f"headshot-audit {__version__}")
    return EXIT_OK


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _wants_json(args: Sequence[str]) -> bool:
    """Whether --log-format json was asked for (known before the arguments are parsed)."""
    pairs = itertools.pairwise(args)
    return "--log-format=json" in args or any(a == "--log-format" and b == "json" for a, b in pairs)


def _fatal(message: str, code: int, as_json: bool) -> int:
    """Print why the run stopped: "Error: ..." for people, a summary record for log collectors."""
    if as_json:
        record = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "level": "error",
            "message": message,
            "event": "summary",
            "passed": False,
            "exit_code": int(code),
        }
        print(json.dumps(record, ensure_ascii=False), file=sys.stderr)
    else:
        print(f"Error: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors are printed plainly, not as tracebacks."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    as_json = _wants_json(args)
    started = time.monotonic()
    root_level, own_level = logging.getLogger().level, log.level
    try:
        with stop_on_signals():  # the entry point's own handlers stop just before this
            command = typer.main.get_command(app)
            code = command.main(args=args, prog_name="headshot-audit", standalone_mode=False)
    except Interrupted as exc:
        print(stopped_message(exc), file=sys.stderr)
        return exc.exit_code
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        return EXIT_USAGE
    except typer.TyperException as exc:  # usage errors: bad option, missing argument
        show = getattr(exc, "show", None)
        show() if show else print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_SIGINT
    except AuditError as exc:
        if debug:
            traceback.print_exc()
        return _fatal(str(exc), exit_code_for(exc), as_json)
    except Exception as exc:  # last line of defence: one line, no traceback without --debug
        if debug:
            traceback.print_exc()
        message = (
            f"internal error ({type(exc).__name__}: {_one_line(exc)}); "
            "run again with --debug for the traceback, and please report it."
        )
        return _fatal(message, EXIT_INTERNAL, as_json)
    finally:
        log.debug("finished in %.1f s", time.monotonic() - started)
        _restore_logging(root_level, own_level)
    return int(code) if isinstance(code, int) else EXIT_OK


def run() -> None:
    """Console-script entry point."""
    code = main()
    if code in (EXIT_SIGINT, EXIT_SIGTERM):
        exit_now(code)  # downloads still blocked on the network are abandoned, not awaited
    sys.exit(code)
