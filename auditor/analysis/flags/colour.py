"""Colour rules compared as distances in CIELAB: background colour, colour cast, colour mode."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import pandas as pd
from skimage.color import deltaE_ciede2000

from auditor.analysis.flags.base import TeamContext, make_flag, severity_for
from auditor.analysis.flags.deviation import plain_team
from auditor.analysis.perceptual import chromatic_difference, lightness_difference
from auditor.analysis.style import MAD_TO_SIGMA
from auditor.models import Flag, Severity

__all__ = [
    "BackdropDistances",
    "background_color_rule",
    "brand_backdrop",
    "cast_evidence",
    "color_cast_rule",
    "color_mode_rule",
    "keep_stronger_colour_flag",
    "team_colour_distances",
]

BACKGROUND_MIN_SPREAD = 6.0  # ΔE (a*b*): smaller backdrop shifts are hard to see side by side
# Smallest meaningful team spread of the backdrop's CIEDE2000 terms (`BackdropDistances`):
# with a warning at 3 spreads, a uniform team flags a backdrop from 15 L* lighter or darker
# (ΔE00 lightness ~15 at mid-grey, as ΔE76 18 did before), or from a hue/chroma difference of
# ΔE00 6 (ΔE00 ~2 is about the smallest hue difference noticed between two photos side by
# side): a purple backdrop among blue-grey ones (a* +9 at the same L*) is ~7-11.
BACKGROUND_LIGHTNESS_MIN_SPREAD = 5.0
BACKGROUND_HUE_MIN_SPREAD = 2.0
CAST_MIN_SPREAD = 4.0  # ΔE in the a*b* plane of the neutral tones
CAST_MEASURES = ["color.cast_a", "color.cast_b"]
BACKDROP_AB = ["background.lab_a", "background.lab_b"]
SKIN_AB = ["color.skin_a", "color.skin_b"]
BACKDROP_MIN_SHIFT = 2.0  # ΔE (a*b*) the backdrop must move the cast's way ...
BACKDROP_SHARE = 0.2  # ... and at least this share of the cast's own shift
CORROBORATED_CAST_BOOST = 1.5  # cast, backdrop and skin agree: warn from warning_z / 1.5 spreads
STRONG_CAST_CHROMA = 30.0  # a*b* distance of the neutral tones from grey that is a cast anywhere
SAME_DIRECTION = 0.5  # cosine above which skin and neutral tones moved "the same way"
SKIN_MIN_SHIFT = 4.0  # ΔE (a*b*) below which the skin "kept its colour"

# OpenCV builds its Lab conversion tables on a process's first Lab conversion (~80 ms of CPU):
# done at import, which a run does on a background thread while the photos are measured,
# instead of in the analysis after the last photo (the conversions themselves are unchanged).
cv2.cvtColor(np.zeros((1, 1, 3), np.float32), cv2.COLOR_LAB2RGB)


def hex_to_lab(hex_colour: str) -> np.ndarray:
    """'#e8e8e8' -> CIELAB (L*, a*, b*)."""
    text = hex_colour.lstrip("#")
    rgb = np.array([[[int(text[i : i + 2], 16) / 255 for i in (0, 2, 4)]]], np.float32)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)[0, 0].astype(float)


def _robust_spread(distances: pd.Series, floor: float) -> float:
    return max(floor, MAD_TO_SIGMA * float(distances.median()))


def _background_distances(ctx: TeamContext) -> BackdropDistances:
    """Cached per team (see `_team_background_distances`)."""
    return ctx.memo("background_distances", lambda: _team_background_distances(ctx))


@dataclass(frozen=True)
class BackdropDistances:
    """Each backdrop's (or clothes') perceptual distance to the target colour, split as seen.

    `lightness` and `chromatic` are CIEDE2000's lightness term and its hue-and-chroma terms
    (`perceptual.py`), each judged in the team's own spread of that term: a mottled cloth's
    lightness noise widens the lightness spread only, so a hue change at the same lightness
    still stands out. `total` is the plain ΔE00, for the message.
    """

    lightness: pd.Series
    chromatic: pd.Series
    total: pd.Series
    lightness_spread: float
    chromatic_spread: float
    target: np.ndarray
    pinned: bool
    # Against a pinned brand colour: each photo's ΔE76 to it over the documented tolerance
    # (`analysis.pinned_colour_tolerance`, in ΔE76) times warning_z; None when learned.
    pinned_spreads: pd.Series | None = None

    def spreads(self, person_id: str) -> float:
        """How many team spreads the backdrop is off, on the term it is further off on."""
        if person_id not in self.total.index:
            return 0.0
        if self.pinned_spreads is not None:
            return float(self.pinned_spreads[person_id])
        return max(
            float(self.lightness[person_id]) / self.lightness_spread,
            float(self.chromatic[person_id]) / self.chromatic_spread,
        )

    def hue_decides(self, person_id: str) -> bool:
        """Whether the hue/chroma term, not lightness, makes this backdrop stand out."""
        return (
            float(self.chromatic[person_id]) / self.chromatic_spread
            >= float(self.lightness[person_id]) / self.lightness_spread
        )


def brand_backdrop(ctx: TeamContext) -> str | None:
    """The brand's backdrop colour when the config pins one (a colour string), else None."""
    pinned = ctx.pinned.get("background.color")
    return pinned if isinstance(pinned, str) else None


def _team_background_distances(ctx: TeamContext) -> BackdropDistances:
    """The backdrops' perceptual distances to the team's (or the brand's) colour."""
    return team_colour_distances(
        ctx,
        ["background.lab_l", "background.lab_a", "background.lab_b"],
        (BACKGROUND_LIGHTNESS_MIN_SPREAD, BACKGROUND_HUE_MIN_SPREAD),
        brand_backdrop(ctx),
        ctx.config.pinned_colour_tolerance,
    )


def team_colour_distances(
    ctx: TeamContext,
    cols: list[str],
    floors: tuple[float, float],
    pinned_hex: str | None = None,
    tolerance: float | None = None,
) -> BackdropDistances:
    """Perceptual distances of one surface's colour (L*, a*, b* columns) to the target colour.

    The spreads are always the team's natural variation around its own median, so pinning a
    brand colour moves the target without widening what counts as "the same colour".
    """
    lab = ctx.table[cols].dropna()
    own_centre = lab.median().to_numpy() if len(lab) else np.full(3, np.nan)
    values = lab.to_numpy()

    def terms(reference: np.ndarray) -> tuple[pd.Series, pd.Series]:
        if not len(values):
            return pd.Series(dtype=float), pd.Series(dtype=float)
        light = pd.Series(lightness_difference(values, reference), index=lab.index)
        chroma = pd.Series(chromatic_difference(values, reference), index=lab.index)
        return light, chroma

    own_light, own_chroma = terms(own_centre)
    light_spread = _robust_spread(own_light, floors[0])
    chroma_spread = _robust_spread(own_chroma, floors[1])
    target = hex_to_lab(pinned_hex) if pinned_hex else own_centre
    light, chroma = terms(target) if pinned_hex else (own_light, own_chroma)
    total = pd.Series(
        deltaE_ciede2000(values, np.repeat(target[None, :], len(values), axis=0))
        if len(values)
        else [],
        index=lab.index,
        dtype=float,
    )
    pinned_spreads = None
    if pinned_hex and tolerance is not None:
        # A brand colour is a fixed target with a documented tolerance: a team whose
        # backdrops vary widely must not widen "the brand colour".
        euclidean = np.sqrt(((lab - target) ** 2).sum(axis=1))
        pinned_spreads = euclidean / (tolerance / ctx.config.warning_z)
    return BackdropDistances(
        light,
        chroma,
        total,
        light_spread,
        chroma_spread,
        target,
        pinned_hex is not None,
        pinned_spreads,
    )


def _lab_to_hex(lab: np.ndarray) -> str:
    rgb = cv2.cvtColor(np.asarray(lab, np.float32).reshape(1, 1, 3), cv2.COLOR_LAB2RGB)[0, 0]
    return "#{:02x}{:02x}{:02x}".format(*(round(float(np.clip(v, 0, 1)) * 255) for v in rgb))


def background_color_rule(ctx: TeamContext, person_id: str) -> Flag | None:
    """Background colour far from the team's typical (or the brand's pinned) colour.

    Judged perceptually (`BackdropDistances`): a different hue at the same lightness counts
    as much as a lightness change the team never shows, the mottling of a studio cloth not.
    Learned from the team only on a team of plain backdrops (`plain_team`): on a page of
    offices, gardens and streets there is no team backdrop to match, a background's colour is
    its scene's (a car interior among gardens), and what is off about a scene is its clutter.
    A pinned brand colour is judged on every team.
    """
    if brand_backdrop(ctx) is None and not plain_team(ctx):
        return None
    distances = _background_distances(ctx)
    if person_id not in distances.total.index:
        return None
    severity = severity_for(distances.spreads(person_id), ctx.config)
    if severity is None:
        return None
    pinned = distances.pinned
    own = ctx.info.get(person_id, {}).get("background.hex", "")
    whose = "the brand's backdrop colour" if pinned else "the team's usual background"
    how = "very different" if severity is Severity.ERROR else "noticeably different"
    what = "colour" if distances.hue_decides(person_id) else "shade (lighter or darker)"
    own_text = f" ({own})" if own else ""
    fix = (
        "Reshoot against the brand backdrop, or replace the background with the brand colour."
        if pinned
        else "Reshoot against the team's backdrop, or replace the background to match."
    )
    return make_flag(
        "background_color_mismatch",
        severity,
        f"The background{own_text} is a {how} {what} from {whose} "
        f"({_lab_to_hex(distances.target)}). {fix}",
        "background.lab_l",
        float(distances.total[person_id]),
        0.0,
    )


def _cast_words(a: float, b: float) -> str:
    words = []
    if b > 3:
        words.append("yellow/orange")
    elif b < -3:
        words.append("blue")
    if a > 3:
        words.append("magenta/red")
    elif a < -3:
        words.append("green")
    return " and ".join(words) or "unusual"


def _team_casts(ctx: TeamContext) -> tuple[dict[str, float], pd.Series, float]:
    """Each photo's ΔE to the team's median cast (a dict: read once per photo), the median
    and the team's spread."""
    casts = ctx.table[CAST_MEASURES].dropna()
    centre = casts.median()
    distances = np.sqrt(((casts - centre) ** 2).sum(axis=1))
    return distances.to_dict(), centre, _robust_spread(distances, CAST_MIN_SPREAD)


def _backdrop_agrees(ctx: TeamContext, person_id: str, cast_shift: np.ndarray) -> bool:
    """A white-balance error tints the whole frame, backdrop included.

    The "neutral tones" of a photo can be skin, hair or clothes that are simply warm; when the
    backdrop kept the team's colour, the photo has no cast. Without a measured backdrop (very
    tight crops), the neutral tones decide alone.
    """
    backdrop = _shift(ctx, person_id, ["background.lab_a", "background.lab_b"])
    size = float(np.linalg.norm(cast_shift))
    if backdrop is None or size == 0:
        return True
    along = float(backdrop @ cast_shift) / size  # how far the backdrop moved the cast's way
    return along >= max(BACKDROP_MIN_SHIFT, BACKDROP_SHARE * size)


def _skin_agrees(ctx: TeamContext, person_id: str, cast_shift: np.ndarray) -> bool:
    """The skin moved (clearly) in the same direction as the neutral tones."""
    skin = _shift(ctx, person_id, ["color.skin_a", "color.skin_b"])
    if skin is None or np.linalg.norm(cast_shift) == 0:
        return False
    moved = float(np.linalg.norm(skin))
    cosine = float(skin @ cast_shift) / (moved * float(np.linalg.norm(cast_shift)) + 1e-9)
    return moved >= SKIN_MIN_SHIFT and cosine >= SAME_DIRECTION


def _team_surface(ctx: TeamContext, cols: list[str], floor: float) -> tuple[np.ndarray, float]:
    """The team's median (a*, b*) of one surface and its robust spread (ΔE, floored)."""
    values = ctx.table[cols].dropna()
    if values.empty:
        return np.array([math.nan, math.nan]), floor
    centre = values.median().to_numpy()
    return centre, _robust_spread(np.sqrt(((values - centre) ** 2).sum(axis=1)), floor)


def _along(ctx: TeamContext, person_id: str, cols: list[str], floor: float, unit: np.ndarray):
    """How far (in the team's spreads) one surface moved along the cast direction, or None."""
    centre, spread = ctx.memo(("surface", *cols), lambda: _team_surface(ctx, cols, floor))
    own = [ctx.value(person_id, c) for c in cols]
    if None in own or np.isnan(centre).any():
        return None
    return float((np.array(own) - centre) @ unit) / spread


def _skin_witness(skin_along: float) -> float:
    """The most cast evidence the face allows: `CORROBORATED_CAST_BOOST` times how far (in
    the team's skin spreads) the skin moved along the cast direction, 0 when it did not.

    When a coloured wall or door fills the frame, the photo's "neutral tones" are the wall's
    pixels and so is its backdrop: two readings of one surface, which agree by construction.
    The face is the one witness such a scene cannot move (a white-balance error tints the
    skin as far as the greys: 26-40 a*b* units on the warm-cast edit, 3-4 skin spreads), so
    a tint the face does not show is the room's colour, not the camera's.
    """
    return CORROBORATED_CAST_BOOST * max(skin_along, 0.0)


def cast_evidence(ctx: TeamContext, person_id: str) -> float:
    """How many spreads of white-balance error this photo shows (0 when it has none).

    A white-balance error tints every surface the same way: the neutral tones, the backdrop
    and the skin. Each surface alone has innocent explanations (warm clothes, a coloured
    backdrop, a person's own skin tone); all three moving the same way does not. So the
    evidence is the larger of the neutral tones' own distance and the *median* of the three
    surfaces' shifts along the cast direction (each in its own team spread) times
    `CORROBORATED_CAST_BOOST`: the median needs two surfaces to agree, so one unusual surface
    (a teal backdrop, say) never carries the flag alone. When the skin is measured, the
    evidence is capped by what the skin shows (`_skin_witness`): a warm wooden door behind the
    person is both the neutral tones and the backdrop, and only the face tells it from a cast.
    """
    distances, centre, spread = ctx.memo("casts", lambda: _team_casts(ctx))
    if person_id not in distances or ctx.value(person_id, "color.grayscale") == 1.0:
        return 0.0  # black-and-white photos have no cast; colour mode handles them
    a, b = (ctx.value(person_id, c) or 0.0 for c in CAST_MEASURES)
    shift = np.array([a - float(centre["color.cast_a"]), b - float(centre["color.cast_b"])])
    if not _backdrop_agrees(ctx, person_id, shift):
        return 0.0  # warm skin or clothes, not a white-balance error
    own = float(distances[person_id]) / spread
    evidence = own
    size = float(np.linalg.norm(shift))
    if size > 0:
        unit = shift / size
        backdrop = _along(ctx, person_id, BACKDROP_AB, BACKGROUND_MIN_SPREAD, unit)
        skin = _along(ctx, person_id, SKIN_AB, SKIN_MIN_SHIFT, unit)
        if backdrop is not None and skin is not None and skin > 0:
            # The skin must at least move the cast's way: a white-balance error always tints
            # it, whereas a warm room (wood, a car interior) tints backdrop and clothes only.
            agreed = float(np.median([own, backdrop, skin]))
            evidence = max(own, CORROBORATED_CAST_BOOST * agreed)
        elif _skin_agrees(ctx, person_id, shift):  # no backdrop left (a very tight crop)
            evidence = CORROBORATED_CAST_BOOST * own
        if skin is not None:
            evidence = min(evidence, _skin_witness(skin))
    if math.hypot(a, b) > STRONG_CAST_CHROMA:  # strong on any page, whatever the team does
        evidence = max(evidence, ctx.config.warning_z)
    return evidence


def color_cast_rule(ctx: TeamContext, person_id: str) -> Flag | None:
    """Neutral tones, backdrop and skin tinted away from the team's typical white balance."""
    if any(c not in ctx.table.columns for c in CAST_MEASURES):
        return None
    severity = severity_for(cast_evidence(ctx, person_id), ctx.config)
    if severity is None:
        return None
    _, centre, _ = ctx.memo("casts", lambda: _team_casts(ctx))
    a, b = (float(ctx.value(person_id, c) or 0.0) for c in CAST_MEASURES)
    da, db = a - float(centre["color.cast_a"]), b - float(centre["color.cast_b"])
    return make_flag(
        "color_cast",
        severity,
        f"The photo has a {_cast_words(da, db)} tint that the rest of the team's photos do not "
        "have: whites and greys look coloured. Correct the colour balance (white balance) in "
        "a photo editor.",
        "color.cast_b",
        b,
        float(centre["color.cast_b"]),
    )


def color_mode_rule(ctx: TeamContext, person_id: str) -> Flag | None:
    """Black-and-white in a colour team, or colour in a black-and-white one."""
    if "color.grayscale" not in ctx.table.columns:
        return None
    value = ctx.value(person_id, "color.grayscale")
    if value is None:
        return None
    pinned = ctx.pinned.get("color_mode")
    if pinned in ("color", "colour", "bw", "black-and-white", "grayscale"):
        team_bw = pinned not in ("color", "colour")
        whose = "the brand guidelines ask for"
    else:
        share_bw = ctx.memo("share_bw", lambda: float(ctx.table["color.grayscale"].mean()))
        if math.isclose(share_bw, 0.5):
            return None
        team_bw = share_bw > 0.5
        whose = "the rest of the team is in"
    if bool(value) == team_bw:
        return None
    if value:
        message = (
            f"This photo is black-and-white; {whose} colour. Use a colour version of the photo."
        )
    else:
        message = f"This photo is in colour; {whose} black-and-white. Convert it to match."
    return make_flag(
        "color_mode_mismatch", Severity.ERROR, message, "color.grayscale", value, float(team_bw)
    )


def _spreads_outside(ctx: TeamContext, person_id: str, code: str) -> float:
    """How far (in spreads) the photo is from the team on the colour measure behind `code`."""
    if code == "background_color_mismatch":
        return _background_distances(ctx).spreads(person_id)
    return cast_evidence(ctx, person_id)


def _shift(ctx: TeamContext, person_id: str, cols: list[str]) -> np.ndarray | None:
    """This photo's (a*, b*) minus the team median on two colour measures, or None."""
    if any(c not in ctx.table.columns for c in cols):
        return None
    own = [ctx.value(person_id, c) for c in cols]
    centre = [ctx.median(c) for c in cols]
    if None in own or None in centre:
        return None
    return np.array(own) - np.array(centre)


def keep_stronger_colour_flag(ctx: TeamContext, person_id: str, flags: list[Flag]) -> list[Flag]:
    """A coloured backdrop skews the cast measure and a cast tints the backdrop: when both
    flags fire, keep one clear reason.

    A real cast tints the skin the same way as the neutral tones; a backdrop does not. So
    when the skin kept its colour or moved in a different direction from the "cast", the
    backdrop is the reason; when it moved the same way, the cast is. Without skin measures,
    keep the flag the photo is further out on.
    """
    codes = {f.code for f in flags}
    pair = {"background_color_mismatch", "color_cast"}
    if not pair <= codes or brand_backdrop(ctx) is not None:
        # Against a brand colour both are true and need different work: the tint is
        # corrected in an editor, the backdrop is reshot or replaced.
        return flags
    cast = _shift(ctx, person_id, ["color.cast_a", "color.cast_b"])
    skin = _shift(ctx, person_id, ["color.skin_a", "color.skin_b"])
    weaker = None
    if cast is not None and skin is not None and np.linalg.norm(cast) > 0:
        skin_moved = float(np.linalg.norm(skin))
        cosine = float(cast @ skin) / (np.linalg.norm(cast) * skin_moved + 1e-9)
        if skin_moved < SKIN_MIN_SHIFT or cosine < SAME_DIRECTION:
            weaker = "color_cast"  # the skin kept its colour: the backdrop is the reason
        else:
            weaker = "background_color_mismatch"  # everything tinted: the cast explains it
    if weaker is None:
        weaker = min(pair, key=lambda code: _spreads_outside(ctx, person_id, code))
    return [f for f in flags if f.code != weaker]
