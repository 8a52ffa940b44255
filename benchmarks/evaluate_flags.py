"""Does the analysis find known problems, and leave good photos alone? (issue 5)

Builds random teams of 12–60 real headshots from `../shared/corpus/` (each team from one
folder: one site's photos), injects a known off-style edit into a random 20% of each team, runs
the real pipeline (features.measure_all + analysis.analyse) and prints, per kind of edit, the
recall (share of edited photos flagged with the expected code) and, overall, the share of
untouched photos that got a warning or error flag. Fixed seed; skips cleanly without the corpus.

    python benchmarks/evaluate_flags.py [--teams 24] [--seed 7] [--detector rms|mcd|lof|iforest]
                                        [--on-style-only]

Targets: recall >= 0.90 for every kind; <= 10% of untouched photos with warning/error flags.
Every distinct photo is measured once (teams reuse corpus files); the analysis runs per team,
once with the configured outlier detector and once per detector for the comparison table.

Reading the result: "untouched" means "not edited by us", not "on-style". The corpus has real
off-style photos (black-and-white portraits in a colour set, waist-up crops, flags or a mural
behind the person, 12-21-year-old EXIF dates). So the false-flag rate is printed four ways,
each over the same untouched photos, none excluding a photo:

1. any warning/error flag (the strict number);
2. ... other than `outdated` backed by a real capture/upload date older than the refresh
   interval (a fact about the file: the spec asks for exactly this flag);
3. ... other than flags that are true of the photo: `corpus_labels.csv` beside this script
   holds labels made *blind* by a reviewer who saw only the photos (contact sheets of both
   folders and the originals), never this tool's output, judging each photo against its own
   folder with the flag codes' plain meaning; plus `FILE_FACTS` read from the files;
4. ... also other than the codes the reviewer marked borderline.

Only a photo's labelled codes are excused: a black-and-white portrait that also gets
`too_dark` still counts as falsely flagged. (3) counts every flag the blind reviewer would
call wrong; (1) and (2) are printed so that nothing is hidden. The script also lists originals
flagged in every team they appear in with a code not in their labels: the next candidates to
look at (a systematic false flag, or a real problem the reviewer did not mark).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import io
import math
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from auditor.analysis import analyse
from auditor.analysis.outliers import DETECTORS
from auditor.config import AnalysisConfig, FeaturesConfig
from auditor.features import measure_all
from auditor.features.decode import decode
from auditor.features.measures.meta import decimal_year, exif_year
from auditor.models import Measurement, Person

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
EDIT_SHARE = 0.2
SERIOUS = ("warning", "error")
AGE_CODES = {"outdated"}  # about the photo's real age, which the edits do not change
DATE_MEASURES = ("meta.exif_year", "meta.last_modified_year")  # real age evidence

LABELS = Path(__file__).with_name("corpus_labels.csv")
# NOT blind: codes of issue 15 (which the blind labels predate) confirmed by eye on the photos
# after this tool flagged them. Only printed as a fifth line; the four above never use them.
SEEN_LABELS = Path(__file__).with_name("corpus_labels_seen.csv")
# Gender of the corpus photos (labelled by eye, as `attire_by_gender.py` reads it): the
# expression tips on untouched photos are split by it.
GENDER = Path(__file__).with_name("corpus_gender_seen.csv")
# Facts read from the file, not judged by eye: the four black-and-white GPO portraits are saved
# at JPEG quality 65 (their quantisation tables are libjpeg's at 65 exactly), the colour ones at
# 92-99, so `heavy_compression` is true of them within their folder.
FILE_FACTS = {
    f"congress-gpo/{stem}": frozenset({"heavy_compression"})
    for stem in ("A000370", "A000371", "B001291", "C001103")
}


def load_labels() -> dict[str, tuple[frozenset[str], frozenset[str], str]]:
    """photo -> (codes clearly true, codes borderline, why) from the blind labels."""
    with LABELS.open(newline="", encoding="utf-8") as handle:
        return {
            row["photo"]: (
                frozenset(row["codes"].split()),
                frozenset(row["borderline"].split()),
                row["why"],
            )
            for row in csv.DictReader(handle)
        }


def load_seen_labels() -> dict[str, frozenset[str]]:
    """photo -> codes confirmed by eye after the flag (not blind, see SEEN_LABELS)."""
    with SEEN_LABELS.open(newline="", encoding="utf-8") as handle:
        return {row["photo"]: frozenset(row["codes"].split()) for row in csv.DictReader(handle)}


def _jpeg(rgb: np.ndarray, quality: int = 92) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _decode(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def _face(rgb: np.ndarray) -> tuple[int, int, int, int] | None:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    faces = cascade.detectMultiScale(gray, 1.1, 5, minSize=(30, 30))
    return tuple(max(faces, key=lambda f: f[3])) if len(faces) else None


def crop_tight(rgb: np.ndarray) -> np.ndarray:
    """Crop to the face box grown by 10%, back to the original size (forehead to chin)."""
    x, y, w, h = _face(rgb)
    pad = int(0.1 * h)
    crop = rgb[max(0, y - pad) : y + h + pad, max(0, x - pad) : x + w + pad]
    return cv2.resize(crop, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_LINEAR)


def crop_loose(rgb: np.ndarray) -> np.ndarray:
    """Shrink the photo to 45%, standing on the bottom edge, its edges extended around it.

    (Extending the edges rather than pasting onto a blurred copy of the photo: a blurred copy
    still holds a big face, which a face detector rightly finds.)
    """
    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (int(w * 0.45), int(h * 0.45)), interpolation=cv2.INTER_AREA)
    top, left = h - small.shape[0], (w - small.shape[1]) // 2
    right = w - small.shape[1] - left
    return cv2.copyMakeBorder(small, top, 0, left, right, cv2.BORDER_REPLICATE)


def dark(rgb: np.ndarray) -> np.ndarray:
    """Underexpose: gamma 2.2 and 60% exposure."""
    return (255 * (rgb / 255.0) ** 2.2 * 0.6).astype(np.uint8)


def bright(rgb: np.ndarray) -> np.ndarray:
    """Overexpose: gamma 0.4 and 120% exposure."""
    return np.clip(255 * (rgb / 255.0) ** 0.4 * 1.2, 0, 255).astype(np.uint8)


def cast(rgb: np.ndarray) -> np.ndarray:
    """A strong warm (orange) white-balance error."""
    return np.clip(rgb * np.array([1.25, 1.0, 0.62]), 0, 255).astype(np.uint8)


def black_and_white(rgb: np.ndarray) -> np.ndarray:
    """Greyscale, as a 3-channel JPEG."""
    return np.dstack([cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)] * 3)


def blur(rgb: np.ndarray) -> np.ndarray:
    """Out of focus: Gaussian blur, sigma 1.6% of the image height."""
    return cv2.GaussianBlur(rgb, (0, 0), 0.016 * rgb.shape[0])


def low_res(rgb: np.ndarray) -> np.ndarray:
    """Down to 35% (encoded later at JPEG quality 12)."""
    h, w = rgb.shape[:2]
    return cv2.resize(rgb, (int(w * 0.35), int(h * 0.35)), interpolation=cv2.INTER_AREA)


# The busy part of scikit-learn's "china.jpg": pagoda roofs and trees, no open sky. (The whole
# picture put plain sky in the top corners, which are all the background a tight studio
# portrait shows: the edit then tested the backdrop's colour, not clutter.)
CLUTTER_SCENE_ROWS, CLUTTER_SCENE_COLS = slice(200, None), slice(0, 330)


def clutter(rgb: np.ndarray) -> np.ndarray:
    """Keep the head and shoulders, replace the rest with a busy real scene."""
    from sklearn.datasets import load_sample_image

    h, w = rgb.shape[:2]
    x, y, fw, fh = _face(rgb)
    mask = np.zeros((h, w), np.float32)
    cx, cy = x + fw // 2, y + fh // 2
    cv2.ellipse(mask, (cx, cy), (int(0.75 * fw), int(0.95 * fh)), 0, 0, 360, 1.0, -1)
    cv2.rectangle(mask, (cx - int(1.4 * fw), y + int(1.4 * fh)), (cx + int(1.4 * fw), h), 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), 3)[..., None]
    scene = load_sample_image("china.jpg")[CLUTTER_SCENE_ROWS, CLUTTER_SCENE_COLS]
    scene = cv2.resize(np.ascontiguousarray(scene), (w, h), interpolation=cv2.INTER_AREA)
    return (mask * rgb + (1 - mask) * scene).astype(np.uint8)


def placeholder(rgb: np.ndarray) -> np.ndarray:
    """A grey silhouette avatar of the same size."""
    h, w = rgb.shape[:2]
    out = np.full((h, w, 3), 222, np.uint8)
    cv2.circle(out, (w // 2, int(0.38 * h)), int(0.18 * w), (160, 160, 160), -1)
    cv2.ellipse(out, (w // 2, h), (int(0.38 * w), int(0.35 * h)), 0, 180, 360, (160, 160, 160), -1)
    return out


def _portrait_edit(name: str) -> Callable[[np.ndarray], np.ndarray]:
    """An edit of `portrait_edits.py` beside this script (shared with validate_measures.py),
    loaded from its path so this file also imports as a module (tests/analysis)."""

    def edit(rgb: np.ndarray) -> np.ndarray:
        spec = importlib.util.spec_from_file_location(
            "portrait_edits", Path(__file__).with_name("portrait_edits.py")
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return getattr(module, name)(rgb)

    return edit


# edit name -> (function or None for duplicate, flag codes that count as found, JPEG quality)
EDITS: dict[str, tuple[Callable[[np.ndarray], np.ndarray] | None, set[str], int]] = {
    "crop tight": (crop_tight, {"crop_too_tight"}, 92),
    "crop loose": (crop_loose, {"crop_too_loose"}, 92),
    "dark": (dark, {"too_dark"}, 92),
    "bright": (bright, {"too_bright"}, 92),
    "cast": (cast, {"color_cast"}, 92),
    "b&w": (black_and_white, {"color_mode_mismatch"}, 92),
    "blur": (blur, {"blurry"}, 92),
    "low-res + compression": (low_res, {"low_resolution", "heavy_compression"}, 12),
    "clutter": (clutter, {"background_busy"}, 92),
    "duplicate": (None, {"duplicate_photo"}, 92),
    "placeholder": (placeholder, {"placeholder"}, 92),
    "skin smoothed": (_portrait_edit("smooth_skin"), {"over_retouched"}, 92),
    "check pattern": (_portrait_edit("check_pattern_clothes"), {"busy_attire"}, 92),
    "saturated clothes": (_portrait_edit("saturated_clothes"), {"attire_mismatch"}, 92),
}


# Edits that change the look (a multivariate detector should notice them).
STYLE_EDITS = frozenset(EDITS) - {"duplicate", "placeholder", "low-res + compression"}


def _load(folder: Path) -> list[tuple[str, bytes]]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg"))
    return [(p.stem, p.read_bytes()) for p in files]


def build_team(rng: random.Random, photos: list[tuple[str, bytes]]):
    """A team with ~20% edited photos: (people, {person_id: edit name}, untouched ids)."""
    size = rng.randint(12, min(60, len(photos)))
    chosen = rng.sample(photos, size)
    n_edit = max(1, round(EDIT_SHARE * size))
    edited_idx = rng.sample(range(size), n_edit)
    people, edits = [], {}
    untouched = set()
    used_sources: set[int] = set()
    for i, (stem, data) in enumerate(chosen):
        pid = f"{i}-{stem}"
        if i in edited_idx:
            name = rng.choice(list(EDITS))
            func, _, quality = EDITS[name]
            try:
                if func is None:  # reuse another untouched member's photo (each one once)
                    source = next(
                        j for j in range(size) if j not in edited_idx and j not in used_sources
                    )
                    used_sources.add(source)
                    data = chosen[source][1]
                else:
                    data = _jpeg(func(_decode(data)), quality)
            except TypeError:  # no face found to edit around: keep the photo untouched
                untouched.add(pid)
                people.append(Person(id=pid, name=stem, photo=data))
                continue
            edits[pid] = name
        else:
            untouched.add(pid)
        people.append(Person(id=pid, name=stem, photo=data))
    return people, edits, untouched


def _past_age_limit(data: bytes) -> bool:
    """Taken (EXIF, as the pipeline reads it) longer ago than the policy's age limit."""
    exif = decode(data, FeaturesConfig().working_size, FeaturesConfig().max_pixels).exif
    year = exif_year(exif)
    return year is not None and decimal_year(datetime.now(UTC)) - year >= (
        AnalysisConfig().max_age_years
    )


def _measure_once(teams: list[list[Person]]) -> dict[bytes, Measurement]:
    """Measure every distinct photo once (teams reuse the same corpus files)."""
    unique: dict[bytes, Person] = {}
    for people in teams:
        for person in people:
            key = hashlib.sha256(person.photo).digest()
            unique.setdefault(key, Person(id=key.hex(), name=person.name, photo=person.photo))
    measured = measure_all(list(unique.values()), FeaturesConfig())
    return dict(zip(unique, measured, strict=True))


def _auc(positive: list[float], negative: list[float]) -> float:
    """Probability that an edited photo scores above an untouched one (ties count half)."""
    if not positive or not negative:
        return math.nan
    pos, neg = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return float(((pos > neg) + 0.5 * (pos == neg)).mean())


def main() -> int:
    """Evaluate and print the table; exit 0 (this is a report, not a gate)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--detector", choices=DETECTORS, default=AnalysisConfig().outlier_detector)
    parser.add_argument(
        "--on-style-only",
        action="store_true",
        help="build teams only from originals with nothing wrong: unmarked by the blind labels "
        "and file facts, and taken within the age limit (untouched then means on-style, the "
        "premise of the false-flag target)",
    )
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}; nothing to evaluate")
        return 0
    folders = {f.name: _load(f) for f in sorted(CORPUS.iterdir()) if f.is_dir()}
    folders = {name: photos for name, photos in folders.items() if len(photos) >= 12}
    if args.on_style_only:
        marked = set(load_labels()) | set(FILE_FACTS)
        folders = {
            name: [
                (stem, data)
                for stem, data in photos
                if f"{name}/{stem}" not in marked and not _past_age_limit(data)
            ]
            for name, photos in folders.items()
        }
        print(
            "teams from unmarked originals only: "
            + ", ".join(f"{name} {len(photos)}" for name, photos in folders.items()),
            file=sys.stderr,
        )
    rng = random.Random(args.seed)
    teams = []
    for _ in range(args.teams):
        folder = rng.choice(sorted(folders))
        teams.append((folder, *build_team(rng, folders[folder])))
    cache = _measure_once([people for _, people, _, _ in teams])
    config = AnalysisConfig(outlier_detector=args.detector)
    found, total = defaultdict(int), defaultdict(int)  # keyed by (folder, edit name)
    tipped: dict[str, int] = defaultdict(int)  # edit name -> found with tips counted too
    untouched_flagged = untouched_total = untouched_style_flagged = untouched_unexplained = 0
    untouched_disputed = untouched_unseen = 0
    seen_labels = load_seen_labels()
    labels = load_labels()
    unexplained_codes: dict[str, int] = defaultdict(int)
    now_year = decimal_year(datetime.now(UTC))
    seen_in: dict[str, int] = defaultdict(int)  # original photo -> teams it was untouched in
    flagged_in: dict[str, int] = defaultdict(int)  # ... and had a style warning/error
    false_codes: dict[str, int] = defaultdict(int)
    flagged_photos: dict[str, Counter[str]] = defaultdict(Counter)  # code -> original -> times
    expression_tips: Counter[str] = Counter()  # original -> expression_mismatch tips (untouched)
    with GENDER.open(newline="", encoding="utf-8") as handle:
        gender = {row["photo"]: row["gender"] or "?" for row in csv.DictReader(handle)}
    untouched_by_gender: Counter[str] = Counter()
    # detector -> (scores of style edits, scores of untouched photos)
    detector_scores = {d: ([], []) for d in DETECTORS}
    for team_index, (folder, people, edits, untouched) in enumerate(teams):
        measurements = [
            replace(cache[hashlib.sha256(p.photo).digest()], person_id=p.id) for p in people
        ]
        result = analyse(people, measurements, config)
        by_id = {p.person.id: p for p in result.photos}
        duplicated_sources = set()
        for pid, name in edits.items():
            codes = {f.code for f in by_id[pid].flags if f.severity.value in SERIOUS}
            total[folder, name] += 1
            found[folder, name] += bool(codes & EDITS[name][1])
            tipped[name] += bool({f.code for f in by_id[pid].flags} & EDITS[name][1])
            if name == "duplicate":
                duplicated_sources |= {
                    p for p in untouched if by_id[p].person.photo == by_id[pid].person.photo
                }
        clean = untouched - duplicated_sources
        for pid in clean:
            serious = [f.code for f in by_id[pid].flags if f.severity.value in SERIOUS]
            features = by_id[pid].measurement.features
            years = [features.get(m) for m in DATE_MEASURES if features.get(m) is not None]
            really_old = bool(years) and now_year - min(years) >= config.refresh_years
            style = [c for c in serious if not (c in AGE_CODES and really_old)]
            original = f"{folder}/{pid.split('-', 1)[1]}"
            clear, borderline, _ = labels.get(original, (frozenset(), frozenset(), ""))
            clear = clear | FILE_FACTS.get(original, frozenset())
            unexplained = [c for c in style if c not in clear]
            disputed = [c for c in unexplained if c not in borderline]
            unseen = [c for c in disputed if c not in seen_labels.get(original, frozenset())]
            untouched_unseen += bool(unseen)
            untouched_total += 1
            untouched_by_gender[gender.get(original, "?")] += 1
            untouched_flagged += bool(serious)
            untouched_style_flagged += bool(style)
            untouched_unexplained += bool(unexplained)
            untouched_disputed += bool(disputed)
            seen_in[original] += 1
            flagged_in[original] += bool(unexplained)
            for flag in by_id[pid].flags:
                if flag.severity.value in SERIOUS:  # by code and measure: which rule it was
                    false_codes[f"{flag.code} ({flag.measure})"] += 1
            for code in unexplained:
                unexplained_codes[code] += 1
                flagged_photos[code][original] += 1
            if any(f.code == "expression_mismatch" for f in by_id[pid].flags):
                expression_tips[original] += 1
        for detector in DETECTORS:
            other = analyse(
                people, measurements, config.model_copy(update={"outlier_detector": detector})
            )
            scores = {p.person.id: p.scores.get("outlier", 0.0) for p in other.photos}
            edited, plain = detector_scores[detector]
            edited += [scores[p] for p, n in edits.items() if n in STYLE_EDITS and p in scores]
            plain += [scores[p] for p in clean if p in scores]
        print(
            f"team {team_index + 1:>2}: {folder:<13} {len(people):>2} photos, "
            f"{len(edits):>2} edited, score {result.score:5.1f}",
            file=sys.stderr,
        )
    names = sorted(folders)
    print(f"\n{'edit':<24}{'expected flag':<38}{'found':>7}{'recall':>8}{'+tips':>7}", end="")
    print("".join(f"{name[:12]:>14}" for name in names))
    for edit, (_, codes, _) in EDITS.items():
        hit = sum(found[f, edit] for f in names)
        count = sum(total[f, edit] for f in names)
        if not count:
            continue
        per_folder = "".join(
            f"{found[f, edit]:>7}/{total[f, edit]:<2} {found[f, edit] / total[f, edit]:.2f}"
            if total[f, edit]
            else f"{'-':>14}"
            for f in names
        )
        print(
            f"{edit:<24}{' or '.join(sorted(codes)):<38}{hit:>4}/{count:<3}"
            f"{hit / count:>7.2f}{tipped[edit] / count:>7.2f}{per_folder}"
        )
    n = max(untouched_total, 1)
    print(
        f"\nuntouched photos with a warning/error flag: {untouched_flagged}/{untouched_total}"
        f" = {untouched_flagged / n:.1%}"
    )
    print(
        "... other than `outdated` backed by a real date older than the refresh interval: "
        f"{untouched_style_flagged}/{untouched_total} = {untouched_style_flagged / n:.1%}"
    )
    print(
        f"... other than flags true of the photo (blind labels of {len(labels)} originals in "
        f"{LABELS.name}, file facts): {untouched_unexplained}/{untouched_total} = "
        f"{untouched_unexplained / n:.1%}"
    )
    print(
        f"... other than those and the labels' borderline codes: {untouched_disputed}/"
        f"{untouched_total} = {untouched_disputed / n:.1%}"
    )
    print(
        f"... and other than issue 15's codes confirmed by eye after the flag (NOT blind, "
        f"{SEEN_LABELS.name}): {untouched_unseen}/{untouched_total} = {untouched_unseen / n:.1%}"
    )
    print(
        "all their flags (code and measure):",
        dict(sorted(false_codes.items(), key=lambda kv: -kv[1])),
    )
    # Tips are not counted above (a warning or error is); expression_mismatch is one.
    print(
        f"untouched photos with an expression_mismatch tip: {sum(expression_tips.values())}/"
        f"{untouched_total} ({', '.join(f'{p} {n}' for p, n in expression_tips.most_common(6))}); "
        "by gender: "
        + ", ".join(
            f"{g} {sum(n for p, n in expression_tips.items() if gender.get(p, '?') == g)}/{total}"
            for g, total in sorted(untouched_by_gender.items())
        )
    )
    unlabelled = sorted(unexplained_codes.items(), key=lambda kv: -kv[1])
    print("flags not in the labels:", dict(unlabelled))
    for code, _ in unlabelled:
        most = ", ".join(f"{p} {n}/{seen_in[p]}" for p, n in flagged_photos[code].most_common(6))
        print(f"  {code}: {most}")
    always = sorted(p for p, k in flagged_in.items() if k == seen_in[p] and k >= 2)
    print(
        f"originals with a flag not in their labels in every team they were in (seen >= 2 "
        f"times), to look at next: {', '.join(always) or 'none'}"
    )
    threshold = config.outlier_threshold
    print(f"\nstyle_outlier detectors (score >= {threshold} flags; AUC edited vs untouched)")
    print(f"{'detector':<10}{'AUC':>6}{'edited >= thr':>15}{'untouched >= thr':>18}")
    for detector, (edited, plain) in detector_scores.items():
        hit = np.mean(np.asarray(edited) >= threshold) if edited else math.nan
        false = np.mean(np.asarray(plain) >= threshold) if plain else math.nan
        mark = "  (used)" if detector == args.detector else ""
        print(f"{detector:<10}{_auc(edited, plain):>6.2f}{hit:>15.1%}{false:>18.1%}{mark}")
    print_expression_teams(args.seed)
    print_bias_teams(args.seed)
    print_bias_teams(args.seed, TEAM_PAGE_SIZE)
    return 0


FRLL = CORPUS / "frll"
EXPRESSION_TEAMS = 20  # random teams per direction
# Smile strength of the FRLL takes, labelled blind by eye (0 neutral .. 3 broad with teeth).
SMILE_STRENGTH = Path(__file__).with_name("frll_smile_strength.csv")
CLEAR_SMILE = 2  # labelled strength from which a smile is clear (a closed-mouth smile or teeth)


def load_smile_strength() -> dict[tuple[str, str], int]:
    """(subject, take) -> labelled smile strength 0-3 (`frll_smile_strength.csv`)."""
    with SMILE_STRENGTH.open(newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {(r["subject"], r["take"]): int(r["strength"]) for r in csv.DictReader(lines)}


def _looks_like_take(strength: int, take: str) -> bool:
    """Does the blind label agree with the take? A neutral take labelled 0, a smile 1 or more."""
    return strength == 0 if take == "neutral" else strength >= 1


def expression_teams(
    measured: dict[tuple[str, str], Measurement],
    subjects: list[str],
    rng: random.Random,
    teams: int,
) -> Iterator[tuple[str, str, list[str], set[str]]]:
    """Teams of 20 people in one take and 3 in the other, run through the real analysis.

    `measured` maps (subject, take) to its measurement. Yields, per team, the team's
    expression and the odd ones' ("neutral", "smiling" or the other way), the 23 subjects
    (the last 3 are the odd ones) and the ids ("subject-take") flagged `expression_mismatch`.
    """
    for base, odd in (("neutral", "smiling"), ("smiling", "neutral")):
        for _ in range(teams):
            chosen = rng.sample(subjects, 23)
            members = [(s, base) for s in chosen[:20]] + [(s, odd) for s in chosen[20:]]
            team = [Person(id=f"{s}-{t}", name=s, photo=b"") for s, t in members]
            result = analyse(
                team,
                [replace(measured[m], person_id=p.id) for m, p in zip(members, team, strict=True)],
                AnalysisConfig(),
            )
            flagged = {
                p.person.id
                for p in result.photos
                if any(f.code == "expression_mismatch" for f in p.flags)
            }
            yield base, odd, chosen, flagged


def print_expression_teams(seed: int) -> None:
    """Teams of 20 people in one take and 3 in the other (FRLL, held-out half B of the people):
    how often exactly the 3 get expression_mismatch, the recall, and false flags per team.

    Each missed odd one is also told apart: *inside* the team's own range (some take of the
    team's expression scores at least as far its way: no rule on the score could flag it
    without a false flag, the measure misses it) or *beyond* it (the rule's limits do). The
    recall is split by the odd ones' skin-tone group and gender (`_frll_group`), and by their
    labelled smile strength (`SMILE_STRENGTH`: faint 0-1 or clear 2-3) crossed with the tone
    group, so a group with fainter smiles is told from a measure that reads the group worse.
    """
    if not (FRLL / "faces.csv").is_file():
        return
    with (FRLL / "faces.csv").open(newline="", encoding="utf-8") as handle:
        labels = list(csv.DictReader(handle))
    subjects = sorted({row["subject"] for row in labels})[1::2]
    groups = {row["subject"]: _frll_group(row) for row in labels}
    strength = load_smile_strength()
    takes = {"neutral": "03", "smiling": "08"}
    files = {(s, t): FRLL / "images" / f"{s}_{n}.jpg" for s in subjects for t, n in takes.items()}
    keys = list(files)
    people = [Person(id=f"{s}-{t}", name=s, photo=files[s, t].read_bytes()) for s, t in keys]
    measured = dict(zip(keys, measure_all(people, FeaturesConfig()), strict=True))
    print("\nexpression_mismatch on FRLL teams of 20 + 3 (people of the held-out half)")
    smile = {key: m.features.get("expression.smile") for key, m in measured.items()}
    runs = list(expression_teams(measured, subjects, random.Random(seed), EXPRESSION_TEAMS))
    for base, odd in (("neutral", "smiling"), ("smiling", "neutral")):
        exact = found = false = 0
        seen_exact = seen_found = seen_odd = seen_false = 0  # by the blind labels
        missed: Counter[str] = Counter()
        by_group: dict[str, list[bool]] = defaultdict(list)
        by_strength: dict[str, list[bool]] = defaultdict(list)
        false_by_group: dict[str, list[bool]] = defaultdict(list)  # the 20: tipped or not
        for _, _, chosen, flagged in (r for r in runs if r[:2] == (base, odd)):
            odd_ids = {f"{s}-{odd}" for s in chosen[20:]}
            exact += flagged == odd_ids
            found += len(flagged & odd_ids)
            false += len(flagged - odd_ids)
            looks = {f"{s}-{t}" for s, t in strength if _looks_like_take(strength[s, t], t)}
            must = odd_ids & looks
            must_not = {f"{s}-{base}" for s in chosen[:20]} & looks
            seen_exact += must <= flagged and not flagged & must_not
            seen_found += len(flagged & must)
            seen_odd += len(must)
            seen_false += len(flagged & must_not)
            for s in chosen[:20]:
                for group in groups[s]:
                    false_by_group[group].append(f"{s}-{base}" in flagged)
            members = [(s, base) for s in chosen[:20]]
            team_scores = [v for v in (smile[m] for m in members) if v is not None]
            for s in chosen[20:]:
                hit = f"{s}-{odd}" in flagged
                for group in groups[s]:
                    by_group[group].append(hit)
                level = "clear" if strength[s, odd] >= CLEAR_SMILE else "faint"
                by_strength[f"{level} {groups[s][0]}"].append(hit)
                value = smile[s, odd]
                if hit:
                    continue
                if value is None or not team_scores:
                    missed["unmeasured"] += 1
                    continue
                lowest, highest = min(team_scores), max(team_scores)
                if value <= highest if odd == "smiling" else value >= lowest:
                    missed["inside"] += 1
                else:
                    missed["beyond"] += 1
        print(
            f"  20 {base} + 3 {odd}: exactly the 3 in {exact}/{EXPRESSION_TEAMS} teams, "
            f"recall {found / (3 * EXPRESSION_TEAMS):.2f}, "
            f"false flags {false / EXPRESSION_TEAMS:.2f} per team"
        )
        print(
            f"    missed {sum(missed.values())}: {missed['inside']} inside the team's own range "
            f"(the measure), {missed['beyond']} beyond it (the rule's limits)"
            + (f", {missed['unmeasured']} unmeasured" if missed["unmeasured"] else "")
            + "; recall by group: "
            + ", ".join(f"{g} {np.mean(h):.2f} ({len(h)})" for g, h in sorted(by_group.items()))
        )
        print(
            f"    recall by the odd {odd} takes' labelled strength (faint 0-1, clear 2-3): "
            + ", ".join(f"{g} {np.mean(h):.2f} ({len(h)})" for g, h in sorted(by_strength.items()))
        )
        print(
            f"    by the blind labels (a take that does not look like its take, a 'smile' labelled "
            f"0 or a neutral take labelled 1+, is neither required nor false): exactly the odd "
            f"ones in {seen_exact}/{EXPRESSION_TEAMS} teams, recall "
            f"{seen_found / max(seen_odd, 1):.2f}, false tips {seen_false / EXPRESSION_TEAMS:.2f} "
            "per team; tips on the 20 by group: "
            + ", ".join(
                f"{g} {np.mean(h):.1%} ({len(h)})" for g, h in sorted(false_by_group.items())
            )
        )
    for take in ("neutral", "smiling"):
        rng = random.Random(seed)
        tipped: Counter[str] = Counter()
        teams_tipped = 0
        for _ in range(EXPRESSION_TEAMS):
            chosen = rng.sample(subjects, 23)
            team = [Person(id=s, name=s, photo=b"") for s in chosen]
            rows = [replace(measured[s, take], person_id=s) for s in chosen]
            result = analyse(team, rows, AnalysisConfig())
            hits = [
                p.person.id
                for p in result.photos
                if any(f.code == "expression_mismatch" for f in p.flags)
            ]
            teams_tipped += bool(hits)
            tipped.update(f"{s} (labelled {strength[s, take]})" for s in hits)
        print(
            f"  23 {take}, nobody odd by take: {teams_tipped}/{EXPRESSION_TEAMS} teams with a tip"
            + (f" ({', '.join(f'{p} {n}' for p, n in tipped.most_common())})" if tipped else "")
        )


BIAS_TEAMS = 20  # random FRLL teams of BIAS_TEAM_SIZE neutral takes, BIAS_EDITED of them edited
BIAS_TEAM_SIZE = 20
BIAS_EDITED = 3
BIAS_EDITS = ("skin smoothed", "check pattern", "saturated clothes")
NEW_CODES = {"over_retouched", "busy_attire", "attire_mismatch"}


def _frll_group(row: dict[str, str]) -> tuple[str, str]:
    """(skin-tone group, gender) of one FRLL row: tones 1-2 vs 3+ (the set's own labels)."""
    return ("tone 1-2" if int(row["skintone"]) <= 2 else "tone 3+"), row["gender"]


# FRLL's 675 px takes shrunk to this side for a second bias table at a team page's scale
# (~50 px between the eyes, as on the corpus's 225-250 px pages), where the skin measure is
# near its resolution limit.
TEAM_PAGE_SIZE = 340


def _shrunk(data: bytes, size: int) -> bytes:
    rgb = Image.open(io.BytesIO(data)).convert("RGB")
    return _jpeg(np.asarray(rgb.resize((size, size), Image.Resampling.LANCZOS)))


def print_bias_teams(seed: int, size: int | None = None) -> None:
    """False flags and recall of the new kinds by skin tone and gender (FRLL neutral takes).

    Teams of 20 neutral takes, 3 of them edited with one of the skin or clothes edits; per
    group of the set's labels: untouched photos with a warning/error flag, with any of the new
    codes (tips included), and how often the edited ones got their code (tips included).
    With `size`, every take is first shrunk to that many pixels a side (a team page's scale).
    """
    if not (FRLL / "faces.csv").is_file():
        return
    with (FRLL / "faces.csv").open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["expression"] == "neutral"]
    rng = random.Random(seed)
    photos = {r["subject"]: (FRLL / r["file"]).read_bytes() for r in rows}
    if size is not None:
        photos = {subject: _shrunk(data, size) for subject, data in photos.items()}
    groups = {r["subject"]: _frll_group(r) for r in rows}
    plan = []  # (members, {subject: edit name})
    for _ in range(BIAS_TEAMS):
        members = rng.sample(sorted(photos), BIAS_TEAM_SIZE)
        plan.append((members, {m: rng.choice(BIAS_EDITS) for m in members[:BIAS_EDITED]}))
    edited = {(s, e) for _, edits in plan for s, e in edits.items()}
    edited_bytes = {}
    for subject, edit in sorted(edited):
        try:
            edited_bytes[subject, edit] = _jpeg(EDITS[edit][0](_decode(photos[subject])))
        except TypeError:
            continue
    keys = [(s, None) for s in sorted(photos)] + sorted(edited_bytes)
    people = [
        Person(id=f"{s}-{e}", name=s, photo=photos[s] if e is None else edited_bytes[s, e])
        for s, e in keys
    ]
    measured = dict(zip(keys, measure_all(people, FeaturesConfig()), strict=True))
    seen = defaultdict(int)
    serious = defaultdict(int)
    new_code = defaultdict(int)
    new_by_code: dict[str, Counter[str]] = defaultdict(Counter)
    serious_by_code: dict[str, Counter[str]] = defaultdict(Counter)
    hits, tries = defaultdict(int), defaultdict(int)
    for members, edits in plan:
        keyed = [(m, edits.get(m)) for m in members if (m, edits.get(m)) in measured]
        team = [Person(id=f"{s}-{e}", name=s, photo=b"") for s, e in keyed]
        result = analyse(
            team,
            [replace(measured[k], person_id=p.id) for k, p in zip(keyed, team, strict=True)],
            AnalysisConfig(),
        )
        for (subject, edit), photo in zip(keyed, result.photos, strict=True):
            codes = {f.code for f in photo.flags}
            for group in (groups[subject][0], f"gender {groups[subject][1]}"):
                if edit is None:
                    seen[group] += 1
                    serious[group] += any(f.severity.value in SERIOUS for f in photo.flags)
                    for flag in photo.flags:
                        if flag.severity.value in SERIOUS:
                            serious_by_code[group][f"{flag.code} ({subject})"] += 1
                    new_code[group] += bool(codes & NEW_CODES)
                    for code in codes & NEW_CODES:
                        new_by_code[group][f"{code} ({subject})"] += 1
                else:
                    tries[group, edit] += 1
                    hits[group, edit] += bool(codes & EDITS[edit][1])
    scale = "" if size is None else f", shrunk to {size} px"
    print(
        f"\nby skin tone and gender (FRLL neutral takes{scale}, {BIAS_TEAMS} teams of 20, 3 edited)"
    )
    print(f"{'group':<12}{'untouched':>10}{'warn/error':>12}{'new code':>10}", end="")
    print("".join(f"{e:>20}" for e in BIAS_EDITS))
    for group in sorted(seen):
        n = seen[group]
        cells = "".join(
            f"{hits[group, e]:>12}/{tries[group, e]:<3} {hits[group, e] / tries[group, e]:.2f}"
            if tries[group, e]
            else f"{'-':>20}"
            for e in BIAS_EDITS
        )
        print(f"{group:<12}{n:>10}{serious[group] / n:>11.1%} {new_code[group] / n:>9.1%}{cells}")
    print("new codes on untouched photos:", {g: dict(c) for g, c in sorted(new_by_code.items())})
    print("warnings/errors on them:", {g: dict(c) for g, c in sorted(serious_by_code.items())})


if __name__ == "__main__":
    raise SystemExit(main())
