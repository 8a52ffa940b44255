"""Start-up: the CLI starts crawling before the heavy stages load (issue 20).

The analysis (pandas, scikit-learn, SciPy) and the extractor (OpenCV, scikit-image) load on a
background thread and in the pool's forkserver while photos download; imported with the CLI
they cost ~2 s of CPU before the first request (a report module reaching the flag rules did
that once, unnoticed).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sklearn", "scipy", "pandas", "cv2", "skimage", "dlib")


def test_importing_the_cli_loads_no_analysis_or_extractor_library():
    code = (
        "import json, sys; import auditor.cli; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
