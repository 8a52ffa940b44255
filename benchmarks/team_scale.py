"""Do the per-team stages (analysis, reports) grow linearly with the team? (issue 8)

Measures 100 real-portrait photos once (the same varied headshots as `audit_speed.py`), then
builds teams of N = 200, 1,000 and 5,000 people from them, each measurement jittered a little
so no two people are identical, and times `analyse` and `write_reports` on each team. Prints
seconds and milliseconds per person at each N: flat ms/person means linear cost (the pairwise
duplicate check uses hash buckets, the report's charts a grid), a rising one a quadratic step.

    python benchmarks/team_scale.py [--n 200 1000 5000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_speed import build_site

from auditor.analysis import analyse
from auditor.config import Config
from auditor.features import measure_all
from auditor.models import AuditResult, Measurement, Person, RunInfo
from auditor.report import write_reports

SAMPLE = 100  # distinct measured photos the teams are built from


def _jittered(measurement: Measurement, person_id: str, rng: np.random.Generator) -> Measurement:
    """A copy with every measure moved by up to ±2%: distinct people, same kind of team."""
    features = {
        key: None if value is None else value * float(rng.uniform(0.98, 1.02))
        for key, value in measurement.features.items()
    }
    return replace(measurement, person_id=person_id, features=features)


def main() -> None:
    """Measure the sample once, then time analysis and reports for each team size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[200, 1000, 5000])
    args = parser.parse_args()
    config = Config()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        build_site(Path(tmp) / "site", SAMPLE)
        photos = sorted((Path(tmp) / "site" / "photos").iterdir())
        sample = measure_all(
            [Person(id=str(i), name=str(i), photo=p.read_bytes()) for i, p in enumerate(photos)],
            config.features,
        )
        print(f"{'N':>6} {'analyse s':>10} {'ms/person':>10} {'report s':>9} {'ms/person':>10}")
        for n in args.n:
            people = [Person(id=f"p{i}", name=f"Person {i}", sha256=f"{i:064x}") for i in range(n)]
            measurements = [_jittered(sample[i % SAMPLE], f"p{i}", rng) for i in range(n)]
            start = time.perf_counter()
            analysed = analyse(people, measurements, config.analysis)
            t_analyse = time.perf_counter() - start
            result = AuditResult(
                tool_name="headshot-audit",
                tool_version="bench",
                run=RunInfo(
                    started="2026-01-01T00:00:00+00:00",
                    finished="2026-01-01T00:00:00+00:00",
                    sources=("benchmark",),
                    settings={},
                    pages=(),
                ),
                team=analysed.team,
                photos=analysed.photos,
                score=analysed.score,
            )
            start = time.perf_counter()
            write_reports(result, Path(tmp) / f"report-{n}", config.report)
            t_report = time.perf_counter() - start
            print(
                f"{n:>6} {t_analyse:>10.2f} {1000 * t_analyse / n:>10.2f}"
                f" {t_report:>9.2f} {1000 * t_report / n:>10.2f}"
            )


if __name__ == "__main__":
    main()
