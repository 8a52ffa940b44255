"""Expression measures on the Face Research Lab London set: smile AUC, eyes, and group gaps.

`../shared/corpus/frll/` has a neutral and a smiling take of each of 50 people (one studio, one
framing; CC BY 4.0: DeBruine & Jones 2017, doi:10.6084/m9.figshare.5047666.v5). The smile
weights (`auditor.features.expression.SMILE_WEIGHTS`) are chosen on one half of the people
(odd positions in subject order, "half A") and the AUC is reported on the other half
("half B"), and the other way round, so no number here is measured on the people it was
fitted to. `--fit` prints the weights fitted on half A (what the code uses).

It also prints, per skin-tone and gender label of the set, the median smile score of the
neutral and of the smiling takes, the AUC within the group (as shipped, and with every person
scored by the weights of the half they are not in: "unseen"), the share of its people whose
smiling take outscores their own neutral one (unseen: "own pair", which the differences
between people's mouths do not enter), and the median eyes-open and skin-texture values: a
measure that behaves differently by group is a defect. Skin tones 3+ are also split into 3-6
and 7+ (the set has 15 and 5 people there).

    python benchmarks/validate_expression.py [--fit]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FRLL = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "frll"


def auc(positive, negative) -> float:
    """Probability that a positive scores above a negative (ties count half)."""
    pos, neg = np.asarray(positive, float)[:, None], np.asarray(negative, float)[None, :]
    if not pos.size or not neg.size:
        return float("nan")
    return float(((pos > neg) + 0.5 * (pos == neg)).mean())


def measure_set() -> list[dict]:
    """One row per FRLL photo: labels, mouth evidence and the registered measures."""
    from auditor.config import FeaturesConfig
    from auditor.features import measure_photo
    from auditor.features.context import PhotoContext
    from auditor.features.decode import decode
    from auditor.features.measures.expression import face_mouth

    config = FeaturesConfig()
    with (FRLL / "faces.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        data = (FRLL / row["file"]).read_bytes()
        ctx = PhotoContext(decode(data, config.working_size, config.max_pixels), 240, None)
        evidence = face_mouth(ctx.canonical_face, ctx.face_frame, ctx.rgb)
        measurement = measure_photo(data, config)
        out.append(
            {
                **row,
                "smiling": row["expression"] == "smiling",
                "evidence": evidence,
                "measurement": measurement,
                "features": measurement.features,
            }
        )
    return out


def halves(rows: list[dict]) -> tuple[set[str], set[str]]:
    """Half A (odd positions in subject order) and half B of the people."""
    subjects = sorted({r["subject"] for r in rows})
    return set(subjects[::2]), set(subjects[1::2])


def fit(rows: list[dict], people: set[str]) -> tuple[np.ndarray, float]:
    """Logistic weights on the mouth evidence of `people` (standardised, then undone)."""
    from sklearn.linear_model import LogisticRegression

    from auditor.features.expression import smile_features

    chosen = [r for r in rows if r["subject"] in people and r["evidence"] is not None]
    x = np.array([smile_features(r["evidence"]) for r in chosen])
    y = np.array([r["smiling"] for r in chosen])
    mean, std = x.mean(axis=0), x.std(axis=0)
    model = LogisticRegression(C=1.0).fit((x - mean) / std, y)
    weights = model.coef_[0] / std
    offset = float(model.intercept_[0] - (model.coef_[0] * mean / std).sum())
    return weights, offset


def score(rows: list[dict], weights: np.ndarray, offset: float) -> dict[str, float]:
    """file -> the logistic score with the given weights."""
    from auditor.features.expression import smile_features

    return {
        r["file"]: 1 / (1 + np.exp(-(offset + weights @ np.array(smile_features(r["evidence"])))))
        for r in rows
        if r["evidence"] is not None
    }


def _split_auc(rows: list[dict], scores: dict[str, float]) -> float:
    """AUC of smiling over neutral takes among `rows`, by `scores` (file -> score)."""
    smiling = [scores[r["file"]] for r in rows if r["smiling"] and r["file"] in scores]
    neutral = [scores[r["file"]] for r in rows if not r["smiling"] and r["file"] in scores]
    return auc(smiling, neutral)


def _own_pair(rows: list[dict], scores: dict[str, float]) -> float:
    """Share of the people among `rows` whose smiling take scores above their neutral one."""
    takes: dict[str, dict[bool, float]] = defaultdict(dict)
    for r in rows:
        if r["file"] in scores:
            takes[r["subject"]][r["smiling"]] = scores[r["file"]]
    pairs = [t[True] > t[False] for t in takes.values() if len(t) == 2]
    return float(np.mean(pairs)) if pairs else float("nan")


def main(argv: list[str] | None = None) -> int:
    """Print the held-out AUCs and the group table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="print the weights fitted on half A")
    args = parser.parse_args(argv)
    if not (FRLL / "faces.csv").is_file():
        print("../shared/corpus/frll is not present: nothing to validate (skipped)")
        return 0
    rows = measure_set()
    half_a, half_b = halves(rows)
    unseen: dict[str, float] = {}  # each photo scored by the weights fitted on the other half
    for fitted_on, reported_on, name in ((half_a, half_b, "A -> B"), (half_b, half_a, "B -> A")):
        weights, offset = fit(rows, fitted_on)
        s = score(rows, weights, offset)
        held = [r for r in rows if r["subject"] in reported_on and r["file"] in s]
        unseen.update({r["file"]: s[r["file"]] for r in held})
        value = _split_auc(held, s)
        print(
            f"weights fitted on half {name[0]}, AUC on half {name[-1]}: {value:.3f}  "
            f"weights {np.round(weights, 3).tolist()} offset {offset:.3f}"
        )
    if args.fit:
        return 0
    smile = {r["file"]: r["features"]["expression.smile"] for r in rows}
    held = [r for r in rows if r["subject"] in half_b]
    print(
        "expression.smile as shipped (weights from half A), AUC on half B: "
        f"{_split_auc(held, smile):.3f}; on all 50 people: {_split_auc(rows, smile):.3f}; "
        f"every person unseen (scored by the other half's weights): {_split_auc(rows, unseen):.3f}"
    )
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        tone = int(r["skintone"])
        groups["skin", "skin tone 1-2" if tone <= 2 else "skin tone 3+"].append(r)
        if tone > 2:
            groups["skin", "skin tone 3-6" if tone <= 6 else "skin tone 7+"].append(r)
        groups["gender", r["gender"]].append(r)
    print(
        f"\n{'group':<22}{'n':>4}{'smile neutral':>15}{'smile smiling':>15}{'AUC':>7}"
        f"{'AUC unseen':>12}{'own pair':>10}{'eyes_open':>11}{'skin_texture':>14}"
    )
    for (_, label), members in sorted(groups.items()):
        neutral = [r["features"]["expression.smile"] for r in members if not r["smiling"]]
        smiling = [r["features"]["expression.smile"] for r in members if r["smiling"]]
        eyes = [r["features"]["expression.eyes_open"] for r in members]
        texture = [r["features"].get("retouch.skin_texture") for r in members if not r["smiling"]]
        texture = [t for t in texture if t is not None]
        print(
            f"{label:<22}{len(members) // 2:>4}"
            f"{np.median(neutral):>15.3f}{np.median(smiling):>15.3f}"
            f"{auc(smiling, neutral):>7.3f}{_split_auc(members, unseen):>12.3f}"
            f"{_own_pair(members, unseen):>10.2f}"
            f"{np.median(eyes):>11.3f}"
            f"{(np.median(texture) if texture else float('nan')):>14.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
