"""The action list: one row per person who has something to do, most urgent first.

A flag message says what is wrong and ends with its fix (the flag rules' contract), so the
fix is the message's last sentence and the reason is the rest. A row's "what to do" and "why"
come from the same flag (its lead): the worst one, or, when the file cannot be corrected and a
new photo is needed, the worst flag that needs the new photo. People whose photo is missing
or could not be audited get a row too: they have the most to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.crawl.sources import is_url
from auditor.models import AuditResult, Flag, Person, PhotoResult, Severity, Status
from auditor.report._colour import name_colours
from auditor.report._text import flag_title

__all__ = ["MISSING_WHY", "Action", "build_actions", "from_a_page", "split_fix"]

# A sentence ends at ".", "!" or "?" followed by a space and a capital letter ("2.5" and
# "e.g. the" do not end one).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_SEVERITY_WORDS = {
    Severity.ERROR: "Must fix",
    Severity.WARNING: "Should fix",
    Severity.INFO: "Optional",
}
# A person from a crawled page, and one from a folder or CSV list (no team page to point at).
_MISSING_TODO = {
    True: "Add a headshot of this person to the team page.",
    False: "Add a headshot of this person to the list.",
}
MISSING_WHY = {
    True: "The page lists this person without a photo.",
    False: "The list gives no photo for this person.",
}
# A new photo's to-do for flags whose own fix is an edit of the file the fixes stage found
# impossible: a tight crop has nothing more to show, a group photo no headshot to cut out.
NEW_PHOTO_TODO = {
    "crop_too_tight": "Ask for the uncropped original, or retake the photo with the shoulders "
    "and a little space above the head.",
    "multiple_faces": "Use a headshot of this person alone.",
}
NEW_PHOTO = "New photo needed: "
_FAILED_TODO = {
    True: "Check the photo on the team page: it could not be downloaded or opened.",
    False: "Check the photo file or link in the list: it could not be read or opened.",
}


def from_a_page(person: Person) -> bool:
    """Whether the person was found on a web page (else in a folder or a CSV list)."""
    return is_url(person.page_url or "")


@dataclass(frozen=True)
class Action:
    """What one person (or whoever looks after their photo) has to do, and why."""

    priority: int  # 1 = do first
    name: str
    role: str
    page: str
    todo: str  # one sentence
    why: str
    severity: str  # error | warning | info
    severity_label: str  # "Must fix", ...
    anchor: str | None  # the person's card in the HTML report, when they have one


def split_fix(message: str) -> tuple[str, str]:
    """(why, fix): a flag message's last sentence is its fix, the rest says what is wrong."""
    sentences = [s for s in _SENTENCE_END.split(message.strip()) if s]
    if len(sentences) < 2:
        return message.strip(), message.strip()
    return " ".join(sentences[:-1]), sentences[-1]


def _lead(photo: PhotoResult, flags: list[Flag]) -> Flag:
    """The flag the row's to-do answers (flags are worst first).

    With a new photo needed, it is the worst flag the file cannot correct: a correctable
    worst flag beside a busy background must not read "too dark" -> "new photo needed".
    """
    fix = photo.fix
    if fix is not None and fix.needs_new_photo:
        for flag in flags:
            if flag.severity is not Severity.INFO and flag.code not in fix.corrects:
                return flag
    return flags[0]


def _todo(photo: PhotoResult, lead: Flag, fix_sentence: str) -> str:
    """The to-do as the fixes stage settled it: the corrected draft, a new photo, or the fix."""
    fix = photo.fix
    if fix is not None and fix.path:
        return f"Use the corrected draft {fix.path} (it passes the audit) in place of this photo."
    if fix is not None and fix.needs_new_photo:
        return NEW_PHOTO + NEW_PHOTO_TODO.get(lead.code, fix_sentence)
    return fix_sentence


def _photo_action(photo: PhotoResult, anchor: str) -> tuple[tuple[int, int, int], Action] | None:
    flags: list[Flag] = sorted(photo.flags, key=lambda f: -f.severity.rank)
    if not flags:
        return None
    worst, lead = flags[0], _lead(photo, flags)
    why, fix_sentence = split_fix(lead.message)
    todo = _todo(photo, lead, fix_sentence)
    others = [flag_title(f.code) for f in flags if f is not lead]
    if others:
        why += f" Also: {', '.join(others)}."
    fix = photo.fix
    if fix is not None and fix.needs_new_photo and lead.code in fix.corrects and fix.reason:
        # The file could have been corrected, but the draft failed: the why says so.
        why += f" {fix.reason}"
    person = photo.person
    action = Action(
        priority=0,
        name=person.name,
        role=person.title or "",
        page=person.page_url or "",
        todo=name_colours(todo),
        why=name_colours(why),
        severity=worst.severity.value,
        severity_label=_SEVERITY_WORDS[worst.severity],
        anchor=anchor,
    )
    return (-worst.severity.rank, -len(flags), 0), action


def _problem_action(photo: PhotoResult) -> tuple[tuple[int, int, int], Action]:
    person = photo.person
    missing = photo.status is Status.NO_PHOTO
    severity = Severity.WARNING if missing else Severity.ERROR
    reason = photo.measurement.error or person.error
    action = Action(
        priority=0,
        name=person.name,
        role=person.title or "",
        page=person.page_url or "",
        todo=(_MISSING_TODO if missing else _FAILED_TODO)[from_a_page(person)],
        why=(reason or MISSING_WHY[from_a_page(person)])
        if missing
        else (reason or "No reason was recorded."),
        severity=severity.value,
        severity_label=_SEVERITY_WORDS[severity],
        anchor=None,
    )
    return (-severity.rank, -1, 0), action


def build_actions(result: AuditResult) -> tuple[Action, ...]:
    """Every person with something to do, worst first (then most flags, then page order).

    Card anchors follow the HTML report's numbering (`photo-<index in result.photos>`).
    """
    keyed: list[tuple[tuple[int, int, int], int, Action]] = []
    for index, photo in enumerate(result.photos):
        if photo.status in (Status.NO_PHOTO, Status.FAILED):
            key, action = _problem_action(photo)
        else:
            found = _photo_action(photo, f"photo-{index}")
            if found is None:
                continue
            key, action = found
        keyed.append((key, index, action))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return tuple(
        Action(**{**action.__dict__, "priority": rank})
        for rank, (_, _, action) in enumerate(keyed, start=1)
    )
