"""headshot-audit: find the team-page headshots that don't match the rest, and say why."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
