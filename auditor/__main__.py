"""`python -m auditor` and the `headshot-audit` script: stop cleanly from the first moment,
start the pool early, run the CLI.

Why the signal handlers come first: importing the CLI and its stages takes most of a second,
and a scheduler's SIGTERM in that time (a job cancelled as it starts) would otherwise end the
process by the default action, with no line saying what happened. Only the standard library
is loaded before they are installed.
"""

from __future__ import annotations

import sys

from auditor.interrupt import Interrupted, exit_now, stop_on_signals, stopped_message

__all__ = ["main"]


def main() -> None:
    """Run the command line, the measuring pool's forkserver loading while the CLI imports."""
    try:
        with stop_on_signals():  # until the CLI installs its own: nothing is written before
            from auditor.forkserver import start_early

            start_early(sys.argv[1:])  # first: the CLI's own imports take ~0.4 s
            from auditor.cli import run
    except Interrupted as exc:
        print(stopped_message(exc), file=sys.stderr)
        exit_now(exc.exit_code)
    run()


if __name__ == "__main__":
    main()
