"""Exit codes: the contract a scheduled job or CI step acts on, one meaning per code.

    0  passed: the audit completed and no assertion or budget broke
    1  assertions failed: a flag at level error (or at or above --fail-on), or a broken budget
    2  usage or config error: bad option or setting, missing source file/folder, unwritable output
    3  nothing could be audited: the site was unreachable, or no person's photo could be measured
    4  internal error: an unexpected exception (a bug); run again with --debug for the traceback

Stopped runs exit 130 (Ctrl-C, SIGINT) or 143 (SIGTERM) as shells expect, having published
nothing (auditor/interrupt.py, docs/operations.md).
"""

from __future__ import annotations

from enum import IntEnum

from auditor.exceptions import AuditError, FetchError, UnsafeURL

__all__ = ["ExitCode", "exit_code_for"]


class ExitCode(IntEnum):
    """The process exit codes (see the module docstring)."""

    OK = 0
    ASSERTIONS_FAILED = 1
    USAGE = 2
    NOTHING_AUDITED = 3
    INTERNAL = 4
    INTERRUPTED = 130  # SIGINT (Ctrl-C)
    TERMINATED = 143  # SIGTERM


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code for an error that stopped the run."""
    if isinstance(error, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    if isinstance(error, FetchError | UnsafeURL):  # the site itself could not be reached
        return ExitCode.NOTHING_AUDITED
    if isinstance(error, AuditError):
        # ConfigError, CrawlError (a source file or folder the user named is missing),
        # ReportError (the output folder cannot be written): the user can fix each one.
        return ExitCode.USAGE
    return ExitCode.INTERNAL
