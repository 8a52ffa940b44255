"""Which problems a draft can correct from the file, and which need a new photo.

Each warning or error is sorted into one of two kinds. *From the file*: a loose or off-centre
crop, a colour cast, exposure or contrast off the house's, a backdrop colour off the house's
(on a plain backdrop), and a `style_outlier` made only of those. *New photo*: everything else,
including flag codes this module does not know (expression, attire, ...): an unknown problem
is never "fixed" by a colour tweak. Tips (info) need nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.analysis.flags import TeamContext
from auditor.analysis.outliers import top_contributors
from auditor.models import Flag, PhotoResult, Severity, Status

__all__ = ["CORRECTION_FOR", "Plan", "plan_photo"]

# Flag code -> the correction that removes it.
CORRECTION_FOR: dict[str, str] = {
    "crop_too_loose": "crop",
    "off_center": "crop",
    "color_cast": "white_balance",
    "too_dark": "exposure",
    "too_bright": "exposure",
    "low_contrast": "contrast",
    "background_color_mismatch": "backdrop",
}
# Measures behind a style_outlier, by the correction that moves them.
CORRECTION_FOR_MEASURE: dict[str, str] = {
    "crop.head_height_ratio": "crop",
    "crop.face_center_x_offset": "crop",
    "crop.eye_line_ratio": "crop",
    "color.cast_a": "white_balance",
    "color.cast_b": "white_balance",
    "light.face_luminance": "exposure",
    "light.rms_contrast": "contrast",
    "background.lab_l": "backdrop",
    "background.lab_a": "backdrop",
    "background.lab_b": "backdrop",
}
# Flags a correctable problem can cause by itself: a dark or flat photo reads soft and unevenly
# lit. With one of those corrections planned, a draft is tried, and kept only if these are
# gone from it too (the re-judged draft decides, never this table).
SIDE_EFFECT_OF: dict[str, frozenset[str]] = {
    "blurry": frozenset({"exposure", "contrast"}),
    "uneven_lighting": frozenset({"exposure", "contrast", "white_balance"}),
    # "Looks outdated" on yellowed colours alone is the cast; a real age stays on the draft.
    "outdated": frozenset({"white_balance"}),
}
CONTRIBUTOR_MIN_Z = 2.0  # a style_outlier's measures that matter: this many spreads out or more
# Why a problem needs a new photo, in the words of the report's reader.
NEW_PHOTO_BECAUSE: dict[str, str] = {
    "crop_too_tight": "cropped tighter than the house framing (the file has nothing more)",
    "background_busy": "busy background",
    "color_mode_mismatch": "black-and-white where the team is in colour",
    "uneven_lighting": "uneven light on the face",
    "blurry": "out of focus",
    "low_resolution": "too few pixels",
    "heavy_compression": "heavily compressed (needs a fresh export of the original)",
    "outdated": "outdated (taken too long ago, or looks it)",
    "no_face": "no face found",
    "multiple_faces": "more than one person",
    "duplicate_photo": "the same photo as someone else's",
    "placeholder": "a placeholder, not a photo",
}
# color_mode_mismatch on a colour photo (its value, color.grayscale, is 0) in a black-and-white
# team: the file can be converted, unlike a black-and-white photo in a colour team.
GRAYSCALE = "grayscale"


@dataclass(frozen=True)
class Plan:
    """One flagged photo's verdict before any pixel is touched."""

    # "crop", "white_balance", "exposure", "contrast", "backdrop", "grayscale"
    corrections: frozenset[str]
    corrects: tuple[str, ...]  # the flag codes the corrections remove (if the draft passes)
    new_photo_for: tuple[str, ...]  # reasons, in words, that need a new photo

    @property
    def draftable(self) -> bool:
        """True when every serious problem can be corrected from the file."""
        return bool(self.corrections) and not self.new_photo_for


def _serious(photo: PhotoResult) -> list:
    return [f for f in photo.flags if f.severity is not Severity.INFO]


def _new_photo_because(flag: Flag) -> str:
    """Why this flag needs a new photo, in the reader's words."""
    return NEW_PHOTO_BECAUSE.get(flag.code, flag.code.replace("_", " "))


def _colour_in_bw_team(flag: Flag) -> bool:
    """A colour photo flagged in a black-and-white team: converting it is a correction."""
    return flag.code == "color_mode_mismatch" and flag.value == 0


def plan_photo(ctx: TeamContext, photo: PhotoResult) -> Plan | None:
    """The plan for one photo, or None when it has no warning or error (nothing to do)."""
    serious = _serious(photo)
    if not serious:
        return None
    corrections: set[str] = set()
    corrects, new_photo, maybe = [], [], []
    for flag in serious:
        if photo.status is not Status.OK:
            new_photo.append(NEW_PHOTO_BECAUSE["no_face"])
        elif flag.code in CORRECTION_FOR:
            corrections.add(CORRECTION_FOR[flag.code])
            corrects.append(flag.code)
        elif _colour_in_bw_team(flag):
            corrections.add(GRAYSCALE)
            corrects.append(flag.code)
        elif flag.code == "style_outlier":
            ranked = top_contributors(ctx.z, photo.person.id)
            strong = [m for m, z in ranked if abs(z) >= CONTRIBUTOR_MIN_Z]
            measures = strong or [m for m, _ in ranked]
            kinds = {CORRECTION_FOR_MEASURE.get(m) for m in measures}
            if measures and None not in kinds:
                corrections |= kinds  # type: ignore[arg-type]
                corrects.append(flag.code)
            else:
                new_photo.append("doesn't match the team's look (lighting, backdrop or detail)")
        elif flag.code in SIDE_EFFECT_OF:
            maybe.append(flag.code)
        else:
            new_photo.append(_new_photo_because(flag))
    for code in maybe:
        if SIDE_EFFECT_OF[code] & corrections:
            corrects.append(code)
        else:
            new_photo.append(NEW_PHOTO_BECAUSE[code])
    return Plan(
        corrections=frozenset(corrections),
        corrects=tuple(dict.fromkeys(corrects)),
        new_photo_for=tuple(dict.fromkeys(new_photo)),
    )
