"""The registered measures, one module per group; importing this package registers them all."""

from __future__ import annotations

from auditor.features.measures import (  # noqa: F401 - imported for registration
    attire,
    background,
    color,
    crop,
    expression,
    image,
    light,
    meta,
    quality,
    retouch,
)

__all__: list[str] = []
