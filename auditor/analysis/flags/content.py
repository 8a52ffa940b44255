"""Rules about what the photo shows: no face, several faces, a shared photo, a placeholder."""

from __future__ import annotations

from auditor.analysis.flags.base import TeamContext, make_flag
from auditor.models import Flag, Severity

__all__ = [
    "PLACEHOLDER_MAX_DETAIL_PCT",
    "duplicate_rule",
    "multiple_faces_rule",
    "no_face_rule",
    "placeholder_rule",
]

PLACEHOLDER_MAX_DETAIL_PCT = 2.5  # a faceless image this flat is an avatar, not a photo
PLACEHOLDER_MAX_COLORFULNESS = 12.0  # ... or a faceless, nearly colourless graphic


def no_face_rule(ctx: TeamContext, person_id: str, has_face: bool) -> Flag | None:
    """No face found in a decodable photo."""
    if has_face:
        return None
    return make_flag(
        "no_face",
        Severity.WARNING,
        "No face was found in this photo. If it shows the person, the face may be turned away, "
        "covered or very small; otherwise replace it with a headshot.",
        "face.count",
        0.0,
        1.0,
    )


def multiple_faces_rule(ctx: TeamContext, person_id: str) -> Flag | None:
    """More than one face in a photo that should show one person."""
    count = ctx.value(person_id, "face.count")
    if count is None or count < 2:
        return None
    return make_flag(
        "multiple_faces",
        Severity.WARNING,
        f"{count:.0f} faces were found; a team headshot should show one person. Crop the "
        "photo to this person.",
        "face.count",
        count,
        1.0,
    )


def duplicate_rule(
    ctx: TeamContext, person_id: str, duplicates: dict[str, dict[str, int]]
) -> Flag | None:
    """The same (or nearly the same) photo used for another person."""
    others = duplicates.get(person_id)
    if not others or len(others) + 1 >= ctx.config.placeholder_shared_by:
        return None  # shared by many: reported as a placeholder instead
    names = ", ".join(sorted(ctx.names.get(o, o) for o in others))
    identical = any(d == -1 for d in others.values())
    how = "the same image file" if identical else "nearly the same image"
    return make_flag(
        "duplicate_photo",
        Severity.ERROR if identical else Severity.WARNING,
        f"This is {how} as the photo of {names}. Use a headshot of this person instead.",
    )


def placeholder_rule(
    ctx: TeamContext, person_id: str, has_face: bool, duplicates: dict[str, dict[str, int]]
) -> Flag | None:
    """A stand-in image: faceless and flat (silhouette, initials), or shared by many people."""
    shared = len(duplicates.get(person_id, {})) + 1
    detail = ctx.value(person_id, "image.detail_pct")
    colour = ctx.value(person_id, "color.colorfulness")
    flat = detail is not None and detail < PLACEHOLDER_MAX_DETAIL_PCT
    graphic = colour is not None and colour < PLACEHOLDER_MAX_COLORFULNESS and not has_face
    if shared >= ctx.config.placeholder_shared_by:
        reason = f"the same image is used for {shared} people"
    elif not has_face and (flat or graphic):
        reason = "it shows no face and is a flat graphic (silhouette, initials or blank)"
    else:
        return None
    return make_flag(
        "placeholder",
        Severity.ERROR,
        f"This looks like a placeholder: {reason}. Upload a real headshot of this person.",
        "image.detail_pct",
        detail,
    )
