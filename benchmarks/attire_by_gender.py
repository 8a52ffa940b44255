"""Does `attire_mismatch` fire by gender? (issue 15: the vivid-clothes warning on formal teams)

Builds `evaluate_flags.py`'s teams (same seed, same edits, `--on-style-only` the same way) and
prints, per folder and gender, how many untouched photos get an `attire_mismatch` warning or
error and how many a tip, which originals they are, and the saturated-clothes edit's recall
by the edited person's gender. Gender is `corpus_gender_seen.csv` beside this script: the
presentation seen on each photo, labelled by eye for measuring bias only (not the people's
own statement; two 18F photos are left blank, unclear). Skips cleanly without the corpus.

    python benchmarks/attire_by_gender.py [--teams 24] [--seed 7] [--on-style-only]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

from auditor.analysis import analyse
from auditor.config import AnalysisConfig

GENDER = Path(__file__).with_name("corpus_gender_seen.csv")
EDIT = "saturated clothes"


def _evaluate_flags():
    """`evaluate_flags.py` beside this script, loaded from its path (benchmarks is no package)."""
    spec = importlib.util.spec_from_file_location(
        "evaluate_flags", Path(__file__).with_name("evaluate_flags.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    """Print the table; exit 0 (a report, not a gate)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--on-style-only", action="store_true")
    args = parser.parse_args()
    ef = _evaluate_flags()
    if not ef.CORPUS.is_dir():
        print(f"corpus not found at {ef.CORPUS}; nothing to evaluate")
        return 0
    with GENDER.open(newline="", encoding="utf-8") as handle:
        gender = {row["photo"]: row["gender"] or "?" for row in csv.DictReader(handle)}
    folders = {f.name: ef._load(f) for f in sorted(ef.CORPUS.iterdir()) if f.is_dir()}
    folders = {name: photos for name, photos in folders.items() if len(photos) >= 12}
    if args.on_style_only:  # as evaluate_flags.py builds them
        marked = set(ef.load_labels()) | set(ef.FILE_FACTS)
        folders = {
            name: [
                (stem, data)
                for stem, data in photos
                if f"{name}/{stem}" not in marked and not ef._past_age_limit(data)
            ]
            for name, photos in folders.items()
        }
    rng = random.Random(args.seed)
    teams = []
    for _ in range(args.teams):
        folder = rng.choice(sorted(folders))
        teams.append((folder, *ef.build_team(rng, folders[folder])))
    cache = ef._measure_once([people for _, people, _, _ in teams])
    seen, warned, tipped = Counter(), Counter(), Counter()
    who_warned, who_tipped = Counter(), Counter()
    found, edited = Counter(), Counter()
    for folder, people, edits, untouched in teams:
        measured = [
            replace(cache[hashlib.sha256(p.photo).digest()], person_id=p.id) for p in people
        ]
        result = analyse(people, measured, AnalysisConfig())
        # As in evaluate_flags.py: a photo a duplicate edit copied is not counted untouched.
        copied = {
            p.person.id
            for p in result.photos
            if p.person.id in untouched
            and any(q.photo == p.person.photo for q in people if edits.get(q.id) == "duplicate")
        }
        for photo in result.photos:
            pid = photo.person.id
            original = f"{folder}/{pid.split('-', 1)[1]}"
            group = (folder, gender.get(original, "?"))
            levels = {f.severity.value for f in photo.flags if f.code == "attire_mismatch"}
            if edits.get(pid) == EDIT:
                edited[group] += 1
                found[group] += bool(levels & set(ef.SERIOUS))
            elif pid in untouched and pid not in copied:
                seen[group] += 1
                if levels & set(ef.SERIOUS):
                    warned[group] += 1
                    who_warned[original] += 1
                elif levels:
                    tipped[group] += 1
                    who_tipped[original] += 1
    print(f"\nattire_mismatch by gender (seed {args.seed} x {args.teams} teams)")
    print(
        f"{'folder':<14}{'gender':<8}{'untouched':>10}{'warn/error':>14}{'tip':>14}"
        f"{'edit found':>12}"
    )
    for group in sorted(seen):
        n = seen[group]
        print(
            f"{group[0]:<14}{group[1]:<8}{n:>10}{warned[group]:>6} {warned[group] / n:>6.1%}"
            f"{tipped[group]:>6} {tipped[group] / n:>6.1%}{found[group]:>8}/{edited[group]}"
        )
    print("warned untouched originals:", dict(who_warned.most_common()))
    print("tipped untouched originals:", dict(who_tipped.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
