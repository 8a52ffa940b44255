"""The benchmarks' own photo edits (`benchmarks/portrait_edits.py`) for tests: one loader, so
a test edits a real photo exactly as the benchmarks' teams do."""

from __future__ import annotations

import functools
import importlib.util
import io
from pathlib import Path
from types import ModuleType

import numpy as np
from PIL import Image

EDITS = Path(__file__).resolve().parents[1] / "benchmarks" / "portrait_edits.py"


@functools.cache
def portrait_edits() -> ModuleType:
    """The benchmarks' edit module (a script folder, not a package: loaded by path)."""
    spec = importlib.util.spec_from_file_location("portrait_edits", EDITS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def edited_jpeg(path: Path, edit: str, quality: int = 92) -> bytes:
    """The photo at `path` with the named edit applied, saved as a JPEG as the benchmarks do."""
    rgb = getattr(portrait_edits(), edit)(np.asarray(Image.open(path).convert("RGB")))
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality)
    return buf.getvalue()
