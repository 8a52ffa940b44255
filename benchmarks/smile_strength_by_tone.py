"""Is the skin-tone gap of expression_mismatch the measure's or the data's? (issue 15)

In FRLL teams of 20 + 3 the flag finds the odd smiles of skin tones 3+ half as often as those
of tones 1-2. Either FRLL's people of tones 3+ smiled more faintly (the data), or the measure
reads smiles on darker skin lower (a defect). `frll_smile_strength.csv` holds smile strengths
labelled by eye, blind to take and, as far as grayscale allows, to skin tone (0 neutral,
1 faint, 2 clear closed-mouth or slight teeth, 3 broad with teeth). This script prints:

1. the labels by take and group (tones 1-2 / 3+, 3-6 / 7+; women / men);
2. the measure at equal labelled strength: the logit of `expression.smile` as the flag reads
   it (teeth included, clipped), held out (every person scored by the weights of the half
   they are not in, as in `validate_expression.py`), and each cue it combines, by strength
   and group; least-squares fits of the logit on the strength (one level per label) and the
   group, with 90% intervals from resampling the people (also for men alone: tones 3+ are
   19 men and 1 woman), and of each smile's rise over the person's own neutral take;
3. the flag's recall in 20 + 3 teams by the odd ones' labelled strength and group: on half B
   as shipped (`evaluate_flags.py`'s teams) and on all 50 people with held-out scores.

`--crops DIR` instead writes the blind label images: one mouth crop per take, grayscale and
histogram-equalised, under shuffled ids, with contact sheets of 20 and the key (id -> take)
in a separate file beside DIR.

    python benchmarks/smile_strength_by_tone.py [--teams 300] [--seed 11] [--crops DIR]
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_flags import expression_teams, load_smile_strength
from validate_expression import FRLL, auc, fit, halves, measure_set

from auditor.analysis.flags.expression import SMILE_CLIP
from auditor.features.expression import smile_features, smile_score

CUES = ("seam width", "seam curve", "seam drop", "lip aspect", "teeth", "creases")
LEVELS = (0, 1, 2, 3)
GROUPS = ("1-2", "3+", "3-6", "7+")
BINS = (("0", (0,)), ("1", (1,)), ("clear 2-3", (2, 3)))  # labelled strengths, for the recall
# Blind crops: CROP_IED px between the eyes, 1 IED either side of the nose's centre line,
# 0.1 IED above to 1.0 IED below the nose base; contact sheets of SHEET_COLUMNS x SHEET_ROWS.
CROP_IED = 150
CROP_SIZE = (300, 165)
CROP_ABOVE_NOSE = 0.1
SHEET_COLUMNS, SHEET_ROWS = 4, 5
CROP_SEED = 27120  # the shuffle of the ids the labels in frll_smile_strength.csv were made on
BOOTSTRAP = 2000


def tone_groups(tone: int) -> tuple[str, ...]:
    """The groups a skin-tone label is in: 1-2, or 3+ and one of 3-6 / 7+."""
    return ("1-2",) if tone <= 2 else ("3+", "3-6" if tone <= 6 else "7+")


def mouth_crop(data: bytes) -> np.ndarray:
    """A grayscale, histogram-equalised mouth crop of one photo, placed by its dlib-5 points
    (equalised per crop, so the skin's own lightness is hidden as far as grayscale allows)."""
    from auditor.config import FeaturesConfig
    from auditor.features.context import PhotoContext
    from auditor.features.decode import decode

    config = FeaturesConfig()
    ctx = PhotoContext(decode(data, config.working_size, config.max_pixels), 240, None)
    frame = ctx.face_frame
    if frame is None or frame.nose is None:
        raise ValueError("no landmarks: the mouth cannot be placed")
    (lx, ly), (rx, ry) = frame.eye_left, frame.eye_right
    angle = math.atan2(ry - ly, rx - lx)
    scale = CROP_IED / math.dist(frame.eye_left, frame.eye_right)
    cos, sin = math.cos(-angle) * scale, math.sin(-angle) * scale
    rotation = np.array([[cos, -sin], [sin, cos]])
    shift = np.array([CROP_SIZE[0] / 2, CROP_ABOVE_NOSE * CROP_IED]) - rotation @ frame.nose
    gray = cv2.cvtColor(ctx.rgb, cv2.COLOR_RGB2GRAY)
    crop = cv2.warpAffine(
        gray,
        np.hstack([rotation, shift[:, None]]),
        CROP_SIZE,
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return cv2.equalizeHist(crop)


def write_crops(folder: Path, seed: int) -> None:
    """The blind label images: crops under shuffled ids, contact sheets, the key apart."""
    with (FRLL / "faces.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    folder.mkdir(parents=True, exist_ok=True)
    ids = random.Random(seed).sample(range(100, 1000), len(rows))
    crops = {}
    for row, crop_id in zip(rows, ids, strict=True):
        crops[crop_id] = mouth_crop((FRLL / row["file"]).read_bytes())
        cv2.imwrite(str(folder / f"{crop_id}.png"), crops[crop_id])
    key = folder.parent / f"{folder.name}-key.csv"
    with key.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [("id", "subject", "take")]
            + [(i, r["subject"], r["expression"]) for r, i in zip(rows, ids, strict=True)]
        )
    width, height = CROP_SIZE
    per_sheet = SHEET_COLUMNS * SHEET_ROWS
    ordered = sorted(ids)
    for first in range(0, len(ordered), per_sheet):
        sheet = np.full((SHEET_ROWS * (height + 24), SHEET_COLUMNS * (width + 8)), 255, np.uint8)
        for i, crop_id in enumerate(ordered[first : first + per_sheet]):
            row, column = divmod(i, SHEET_COLUMNS)
            y, x = row * (height + 24) + 22, column * (width + 8)
            sheet[y : y + height, x : x + width] = crops[crop_id]
            cv2.putText(sheet, str(crop_id), (x + 4, y - 5), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 0, 2)
        cv2.imwrite(str(folder / f"sheet{first // per_sheet + 1}.png"), sheet)
    print(f"{len(ids)} crops and their sheets in {folder}; the key (do not open) in {key}")


def held_out(rows: list[dict]) -> tuple[dict[str, float], dict[str, float]]:
    """file -> held-out `expression.smile` (teeth included) and its logit as the flag reads it
    (clipped to SMILE_CLIP): each person scored by the weights fitted on the other half."""
    half_a, half_b = halves(rows)
    scores = {}
    for fitted_on, reported_on in ((half_a, half_b), (half_b, half_a)):
        weights, offset = fit(rows, fitted_on)
        for r in rows:
            if r["subject"] in reported_on and r["evidence"] is not None:
                scores[r["file"]] = smile_score(r["evidence"], tuple(weights), offset)
    clipped = {f: min(max(v, SMILE_CLIP), 1 - SMILE_CLIP) for f, v in scores.items()}
    return {f: math.log(v / (1 - v)) for f, v in clipped.items()}, scores


def print_labels(rows: list[dict]) -> None:
    """Counts of each labelled strength by take and skin-tone group (and gender), with the mean."""
    print("labelled smile strength by take and group (counts of 0 / 1 / 2 / 3, mean)")
    for take in ("neutral", "smiling"):
        for group in ("1-2", "3+", "3-6", "7+", "f", "m"):
            levels = [
                r["strength"]
                for r in rows
                if r["expression"] == take and group in (*r["tone"], r["gender"])
            ]
            counts = " / ".join(f"{levels.count(level):>2}" for level in LEVELS)
            name = {"f": "women", "m": "men"}.get(group, f"tones {group}")
            print(
                f"  {take:<8} {name:<10} n {len(levels):>2}: {counts}  mean "
                f"{np.mean(levels):.2f}  clear (2+) {np.mean(np.array(levels) >= 2):.0%}"
            )


def cue_scores(rows: list[dict]) -> dict[str, np.ndarray]:
    """file -> each cue in units of the spread of the neutral takes labelled 0, signed so that
    a larger value is more of a smile (the sign of its weight)."""
    from auditor.features.expression import SMILE_WEIGHTS

    values = {r["file"]: np.array(smile_features(r["evidence"])) for r in rows}
    relaxed = np.array([values[r["file"]] for r in rows if r["strength"] == 0 and not r["smiling"]])
    mean, spread = relaxed.mean(axis=0), relaxed.std(axis=0)
    sign = np.sign(SMILE_WEIGHTS)
    return {f: sign * (v - mean) / spread for f, v in values.items()}


def print_by_strength(rows: list[dict], logits: dict[str, float]) -> None:
    """The held-out logit and each cue (neutral spreads) by labelled strength and group."""
    cues = cue_scores(rows)
    print("\nheld-out logit and cues (in spreads of the relaxed neutral takes) at equal strength")
    print("  (AUC: the held-out logit of the smiling takes of that strength and group over every")
    print("  neutral take labelled 0)")
    relaxed = [logits[r["file"]] for r in rows if r["strength"] == 0 and not r["smiling"]]
    print(
        f"  {'strength':<9}{'tones':<6}{'n':>3}{'logit':>8}{'AUC':>6}"
        + "".join(f"{c:>12}" for c in CUES)
    )
    for level in LEVELS:
        for group in ("1-2", "3-6", "7+"):
            members = [r for r in rows if r["strength"] == level and group in r["tone"]]
            if not members:
                continue
            logit = np.median([logits[r["file"]] for r in members])
            mean_cues = np.mean([cues[r["file"]] for r in members], axis=0)
            smiles = [logits[r["file"]] for r in members if r["smiling"]]
            print(
                f"  {level:<9}{group:<6}{len(members):>3}{logit:>8.2f}"
                f"{auc(smiles, relaxed) if level and smiles else math.nan:>6.2f}"
                + "".join(f"{c:>12.2f}" for c in mean_cues)
            )


def _group_terms(records: list[dict], groups: tuple[str, ...]) -> np.ndarray:
    """Least-squares coefficients of `groups` in value ~ one level per strength + groups
    (tones 1-2 the base)."""
    levels = sorted({r["strength"] for r in records})
    design = np.array(
        [
            [r["strength"] == level for level in levels] + [g in r["tone"] for g in groups]
            for r in records
        ],
        float,
    )
    values = np.array([r["value"] for r in records])
    return np.linalg.lstsq(design, values, rcond=None)[0][len(levels) :]


def _with_interval(records: list[dict], groups: tuple[str, ...], rng: np.random.Generator):
    """The group terms and their 5th and 95th percentiles with the people resampled."""
    by_person: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_person[r["subject"]].append(r)
    people = list(by_person.values())
    draws = [
        _group_terms([r for i in rng.choice(len(people), len(people)) for r in people[i]], groups)
        for _ in range(BOOTSTRAP)
    ]
    low, high = np.percentile(np.array(draws), [5, 95], axis=0)
    return _group_terms(records, groups), low, high


def print_fits(rows: list[dict], logits: dict[str, float]) -> None:
    """The groups' terms in logit ~ strength + group, and in the smile's rise over the
    person's own neutral take ~ the rise in labelled strength + group."""
    rng = np.random.default_rng(0)
    takes = [{**r, "value": logits[r["file"]]} for r in rows]
    rises = []
    for smiling in (r for r in takes if r["smiling"]):
        neutral = next(r for r in takes if r["subject"] == smiling["subject"] and not r["smiling"])
        rises.append(
            {
                **smiling,
                "value": smiling["value"] - neutral["value"],
                "strength": smiling["strength"] - neutral["strength"],
            }
        )
    print("\ngroup terms (tones 1-2 the base) with one level per labelled strength; 90% intervals")
    print("from resampling the people. Negative: the measure reads equal smiles lower there")
    for name, records in (
        ("logit, all 100 takes", takes),
        (
            "logit, neutral takes labelled 0",
            [r for r in takes if not r["smiling"] and not r["strength"]],
        ),
        ("logit, smiling takes", [r for r in takes if r["smiling"]]),
        ("logit, men's smiling takes", [r for r in takes if r["smiling"] and r["gender"] == "m"]),
        (
            "logit, men's smiling takes of strength 1-2",
            [r for r in takes if r["smiling"] and r["gender"] == "m" and r["strength"] in (1, 2)],
        ),
        (
            "logit, smiling takes of strength 1-2",
            [r for r in takes if r["smiling"] and r["strength"] in (1, 2)],
        ),
        ("rise over the own neutral take", rises),
    ):
        for groups in (("3+",), ("3-6", "7+")):
            terms, low, high = _with_interval(records, groups, rng)
            text = ", ".join(
                f"{g} {t:+.2f} [{lo:+.2f}, {hi:+.2f}]"
                for g, t, lo, hi in zip(groups, terms, low, high, strict=True)
            )
            print(f"  {name:<44}{text}")


def _team_recall(
    rows: list[dict], people: list[str], smile: dict[str, float], teams: int, seed: int
) -> dict[tuple[str, int, str], list[bool]]:
    """(odd take, its labelled strength, tone group) -> hits, over 20 + 3 teams of `people`
    whose `expression.smile` is `smile` (file -> score)."""
    measured = {
        (r["subject"], r["expression"]): replace(
            r["measurement"], features={**r["features"], "expression.smile": smile[r["file"]]}
        )
        for r in rows
    }
    by_take = {(r["subject"], r["expression"]): r for r in rows}
    hits: dict[tuple[str, int, str], list[bool]] = defaultdict(list)
    for _, odd, chosen, flagged in expression_teams(measured, people, random.Random(seed), teams):
        for subject in chosen[20:]:
            row = by_take[subject, odd]
            for group in row["tone"]:
                hits[odd, row["strength"], group].append(f"{subject}-{odd}" in flagged)
    return hits


def _standardised(
    rows: list[dict], people: list[str], hits: dict[tuple[str, int, str], list[bool]], group: str
) -> str:
    """The group's recall of odd smiles per bin of labelled strength, weighted by the share of
    each bin among the smiles of tones 1-2: the recall it would have with their smiles (a
    strength the group has no odd smile of is left out, the other shares scaled up)."""
    base = [
        r["strength"]
        for r in rows
        if r["smiling"] and r["subject"] in people and "1-2" in r["tone"]
    ]
    total, weight = 0.0, 0.0
    for _, levels in BINS:
        share = sum(base.count(level) for level in levels) / len(base)
        found = [h for level in levels for h in hits.get(("smiling", level, group), [])]
        if share and found:
            total, weight = total + share * float(np.mean(found)), weight + share
    return f"{group} {total / weight:.2f}" if weight else f"{group}   - "


def print_team_recall(rows: list[dict], scores: dict[str, float], teams: int, seed: int) -> None:
    """The flag's recall by the odd ones' labelled strength and group: half B as shipped, and
    all 50 people with held-out scores."""
    subjects = sorted({r["subject"] for r in rows})
    shipped = {r["file"]: r["features"]["expression.smile"] for r in rows}
    for name, people, smile in (
        ("half B, as shipped", subjects[1::2], shipped),
        ("all 50, held-out scores", subjects, scores),
    ):
        hits = _team_recall(rows, people, smile, teams, seed)
        print(f"\nexpression_mismatch recall, {teams} teams of 20 + 3 each way, {name}")
        print("  (hits / odd ones; in brackets the distinct takes behind them)")
        for odd, base in (("smiling", "serious"), ("neutral", "smiling")):
            for label, levels in (*BINS, ("any", LEVELS)):
                cells = []
                for group in GROUPS:
                    found = [h for level in levels for h in hits.get((odd, level, group), [])]
                    takes = sum(
                        1
                        for r in rows
                        if r["subject"] in people
                        and r["expression"] == odd
                        and r["strength"] in levels
                        and group in r["tone"]
                    )
                    rate = f"{np.mean(found):.2f}" if found else "  - "
                    cells.append(f"{group} {rate} ({takes})")
                print(f"  odd {odd} in {base} teams, {label:<10}" + "  ".join(cells))
        print("  recall of the odd smiles of each group at tones 1-2's mix of labelled strengths:")
        print("  " + "  ".join(_standardised(rows, people, hits, group) for group in GROUPS))


def main(argv: list[str] | None = None) -> int:
    """Print the label, measure and recall tables (or write the blind crops)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=300, help="20 + 3 teams per direction")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--crops", type=Path, help="write the blind label images here instead")
    args = parser.parse_args(argv)
    if not (FRLL / "faces.csv").is_file():
        print("../shared/corpus/frll is not present: nothing to compare (skipped)")
        return 0
    if args.crops:
        write_crops(args.crops, CROP_SEED)
        return 0
    strength = load_smile_strength()
    rows = measure_set()
    for r in rows:
        r["strength"] = strength[r["subject"], r["expression"]]
        r["tone"] = tone_groups(int(r["skintone"]))
    logits, scores = held_out(rows)
    print_labels(rows)
    print_by_strength(rows, logits)
    print_fits(rows, logits)
    print_team_recall(rows, scores, args.teams, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
