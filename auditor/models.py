"""Records that flow between the stages: crawl -> features -> analysis -> report.

Every record is a frozen dataclass with no I/O. A stage receives the records of the stages
before it and returns its own; nothing here knows about HTTP, OpenCV or HTML.

    Person        crawl     who is on the page, where their photo lives, the photo's bytes
    Measurement   features  one number per registered measure for one photo (or why not)
    Flag          analysis  one broken house-style rule for one photo, with a plain message
    PhotoResult   analysis  a person + their measurement + flags + scores
    PhotoFix      fixes     a corrected draft of a flagged photo, or why it needs a new one
    TeamStyle     analysis  the house style learned from the team (medians, spreads, clusters)
    AssertionResult  (CI)   which flags and budgets pass or break the run (`auditor.assertions`)
    AuditResult   (all)     everything the report renders and serialises
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "FLAG_CODES",
    "AnalysisResult",
    "AssertionHit",
    "AssertionResult",
    "AuditResult",
    "BudgetBreach",
    "ClusterSummary",
    "CrawlResult",
    "Excluded",
    "Flag",
    "HttpInfo",
    "MeasureInfo",
    "Measurement",
    "Outcome",
    "PageInfo",
    "Person",
    "PhotoFix",
    "PhotoResult",
    "RunInfo",
    "Severity",
    "Status",
    "TeamStyle",
]


class Status(StrEnum):
    """What happened to one person's photo (report contract: `photos[].status`)."""

    OK = "ok"
    NO_FACE = "no_face"
    NO_PHOTO = "no_photo"
    FAILED = "failed"


class Severity(StrEnum):
    """How much a flag matters; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Numeric order for comparisons (`--fail-on`, worst-first sorting)."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

# Stable flag identifiers of the report contract (report.json `flags[].code`).
FLAG_CODES: tuple[str, ...] = (
    "crop_too_tight",
    "crop_too_loose",
    "off_center",
    "background_busy",
    "background_color_mismatch",
    "color_cast",
    "color_mode_mismatch",
    "too_dark",
    "too_bright",
    "low_contrast",
    "uneven_lighting",
    "blurry",
    "low_resolution",
    "heavy_compression",
    "outdated",
    "style_outlier",
    "no_face",
    "multiple_faces",
    "duplicate_photo",
    "placeholder",
    "expression_mismatch",
    "eyes_closed",
    "head_turned",
    "over_retouched",
    "busy_attire",
    "attire_mismatch",
    "inconsistent_across_pages",
)


@dataclass(frozen=True)
class HttpInfo:
    """HTTP facts about a downloaded photo, kept for the age and history features."""

    content_type: str | None = None
    last_modified: str | None = None  # the raw Last-Modified header, RFC 9110 date
    etag: str | None = None
    from_cache: bool = False


@dataclass(frozen=True)
class Person:
    """One person found by the crawler, in page order, with their photo if it could be fetched.

    `photo` is None when the card had no photo (`error` is None) or when fetching failed
    (`error` says why). `sha256` is the hex digest of `photo`.
    """

    id: str
    name: str
    title: str | None = None
    page_url: str | None = None
    image_url: str | None = None
    photo: bytes | None = field(default=None, repr=False)
    sha256: str | None = None
    http: HttpInfo = field(default_factory=HttpInfo)
    error: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageInfo:
    """One page the crawler visited (or tried to), for the report's provenance section."""

    url: str
    status_code: int | None = None
    people_found: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Excluded:
    """A candidate on a page the crawler did not take for a team member, and why."""

    text: str
    image_url: str | None = None
    page_url: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class CrawlResult:
    """What the crawl stage hands on: every person found (page order) and every page visited."""

    people: tuple[Person, ...]
    pages: tuple[PageInfo, ...] = ()
    excluded: tuple[Excluded, ...] = ()  # candidates left out, with their reasons


@dataclass(frozen=True)
class MeasureInfo:
    """Metadata of one registered measure: drives CSV columns, docs and the report appendix."""

    id: str  # e.g. "crop.head_height_ratio"; the group is the part before the dot
    unit: str  # e.g. "ratio", "px", "L*", "%", "0..1"
    description: str
    valid_range: tuple[float | None, float | None] = (None, None)

    @property
    def group(self) -> str:
        """The measure's group ("crop", "background", "color", ...)."""
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Measurement:
    """The measures of one photo.

    `features` maps a registered measure id to its value, or None where the measure does not
    apply (e.g. face measures when no face was found). `info` holds non-numeric facts
    (background hex swatch, perceptual hash, EXIF camera model). `thumbnail` is a small JPEG
    made from the working copy for the report; `face_box` is (x, y, w, h) as fractions of the
    image size, for the report's re-crop preview.
    """

    person_id: str
    status: Status
    error: str | None = None
    features: dict[str, float | None] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    thumbnail: bytes | None = field(default=None, repr=False)
    face_box: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class Flag:
    """One broken house-style rule for one photo, with a plain-language message and fix."""

    code: str
    severity: Severity
    message: str
    measure: str | None = None
    value: float | None = None
    typical: float | None = None


@dataclass(frozen=True)
class PhotoFix:
    """What can be done about one flagged photo: a corrected draft, or a new photo.

    `needs_new_photo` is True when a warning or error cannot be corrected from the file (low
    resolution, busy background, eyes closed, ...) or no correction passed the audit.
    `path` is the draft JPEG relative to the run folder ("fixes/<name>.jpg") when one was kept;
    `changes` says in words what was changed, `corrects` which flag codes it removes (with a
    new photo needed, the ones the file alone could have corrected); `reason` says why there
    is no draft. `thumbnail` is a small JPEG of the draft for the report.
    """

    needs_new_photo: bool
    path: str | None = None
    changes: tuple[str, ...] = ()
    corrects: tuple[str, ...] = ()
    reason: str | None = None
    thumbnail: bytes | None = field(default=None, repr=False)

    @property
    def draft_possible(self) -> bool:
        """True when the file can be corrected but this run made no draft (no `--fixes`)."""
        return not self.needs_new_photo and self.path is None and bool(self.corrects)


@dataclass(frozen=True)
class PhotoResult:
    """Everything known about one person's photo after analysis."""

    person: Person
    measurement: Measurement
    flags: tuple[Flag, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)  # "outlier", "outdated": 0..1
    cluster: int | None = None
    fix: PhotoFix | None = None  # set by the fixes stage for flagged photos

    @property
    def status(self) -> Status:
        """The photo's final status (the measurement's, or no_photo/failed from the crawl)."""
        return self.measurement.status

    @property
    def worst_severity(self) -> Severity | None:
        """The most severe flag, or None when nothing is flagged."""
        if not self.flags:
            return None
        return max((f.severity for f in self.flags), key=lambda s: s.rank)


@dataclass(frozen=True)
class ClusterSummary:
    """One style cluster: a group of photos that share a look (e.g. one photo shoot)."""

    id: int
    size: int
    is_house_style: bool
    description: str
    person_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamStyle:
    """The house style: typical value and meaningful spread of each measure, plus clusters."""

    n_photos: int
    median: dict[str, float] = field(default_factory=dict)
    spread: dict[str, float] = field(default_factory=dict)
    pinned: dict[str, Any] = field(default_factory=dict)
    clusters: tuple[ClusterSummary, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnalysisResult:
    """What the analysis stage hands on: the house style, each photo's verdict, the score."""

    team: TeamStyle
    photos: tuple[PhotoResult, ...]
    score: float  # team consistency 0..100: 100 = every audited photo matches the house style


@dataclass(frozen=True)
class RunInfo:
    """When and how an audit ran."""

    started: str  # ISO 8601 UTC
    finished: str
    sources: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)
    pages: tuple[PageInfo, ...] = ()
    excluded: tuple[Excluded, ...] = ()  # crawl candidates left out, with their reasons


class Outcome(StrEnum):
    """What the assertions made of one flag (report contract: `assertions.hits[].outcome`)."""

    FAILED = "failed"  # level error: breaks the run (exit 1)
    WARNED = "warned"  # level warn: listed, never fails
    ACCEPTED = "accepted"  # covered by an accepted exception that has not expired
    KNOWN = "known"  # level error, but the previous run had it too (fail only on new flags)


@dataclass(frozen=True)
class AssertionHit:
    """One flag of one person that an assertion looked at (level warn or error)."""

    person_id: str
    name: str
    code: str
    severity: Severity
    level: str  # "warn" or "error": the configured level
    outcome: Outcome
    message: str
    note: str | None = None  # the accepted exception's reason, or why the flag counts as known


@dataclass(frozen=True)
class BudgetBreach:
    """One broken budget: its setting under [budgets] and a readable sentence."""

    budget: str  # e.g. "max_failed", "min_score"
    message: str


@dataclass(frozen=True)
class AssertionResult:
    """The verdict of the assertions on one audit: what failed, warned, was accepted or known."""

    hits: tuple[AssertionHit, ...] = ()
    budgets_broken: tuple[BudgetBreach, ...] = ()
    notes: tuple[str, ...] = ()  # expired or unused exceptions
    fail_on_new: bool = False

    @property
    def failures(self) -> tuple[AssertionHit, ...]:
        """The hits that break the run."""
        return tuple(h for h in self.hits if h.outcome is Outcome.FAILED)

    @property
    def passed(self) -> bool:
        """True when no flag assertion failed and no budget is broken."""
        return not self.failures and not self.budgets_broken


@dataclass(frozen=True)
class AuditResult:
    """One complete audit: the single object every report format renders."""

    tool_name: str
    tool_version: str
    run: RunInfo
    team: TeamStyle
    photos: tuple[PhotoResult, ...]
    changes: dict[str, Any] | None = None  # diff against the previous run, when history exists
    score: float | None = None  # team consistency score 0..100
    assertions: AssertionResult | None = None  # the CI verdict, once assertions were evaluated
