"""`python -m auditor` and the `headshot-audit` script: start the pool early, run the CLI."""

from __future__ import annotations

import sys

from auditor.forkserver import start_early

__all__ = ["main"]


def main() -> None:
    """Run the command line, the measuring pool's forkserver loading while the CLI imports."""
    start_early(sys.argv[1:])  # first: the CLI's own imports take ~0.4 s
    from auditor.cli import run

    run()


if __name__ == "__main__":
    main()
