"""Settings: one pydantic model, grouped by stage, mirrored by `configs/default.toml`.

Precedence (lowest first): built-in defaults here < the settings file < command-line flags.
The settings file is `--config PATH`, or else the first found in the working folder of
`headshot-audit.toml` and `[tool.headshot-audit]` in `pyproject.toml` (`discover_config`).
Every field has a default, a unit and a description; unknown keys and wrong types are a
`ConfigError` that names the key (and the closest known one). A test checks that
`configs/default.toml` lists exactly these fields with these defaults.
"""

from __future__ import annotations

import codecs
import difflib
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from selectolax.lexbor import LexborHTMLParser

from auditor.exceptions import ConfigError
from auditor.models import FLAG_CODES

__all__ = [
    "CONFIG_FILE_NAME",
    "PYPROJECT_TABLE",
    "AcceptedException",
    "AnalysisConfig",
    "AssertionsConfig",
    "BudgetsConfig",
    "Config",
    "CrawlConfig",
    "FeaturesConfig",
    "FixesConfig",
    "HistoryConfig",
    "Level",
    "ReportConfig",
    "StoreConfig",
    "discover_config",
    "load_config",
    "parse_set_options",
]

# Settings files found in the working folder, in this order (ruff's and pytest's convention).
CONFIG_FILE_NAME = "headshot-audit.toml"
PYPROJECT_TABLE = ("tool", "headshot-audit")
# The levels an assertion can give a flag code (Lighthouse CI's off / warn / error).
Level = Literal["off", "warn", "error"]

PROJECT_URL = "https://github.com/headshot-audit/headshot-audit"


class _Section(BaseModel):
    """Base for every config section: strict keys, frozen values."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class CrawlConfig(_Section):
    """How pages and photos are fetched."""

    user_agent: str = Field(
        f"headshot-audit/0.1 (+{PROJECT_URL})",
        description="User-Agent header sent with every request; identifies the tool honestly.",
    )
    timeout: float = Field(20.0, gt=0, description="Per-request timeout, seconds.")
    max_image_bytes: int = Field(
        20_000_000, gt=0, description="Largest photo download accepted, bytes."
    )
    max_page_bytes: int = Field(5_000_000, gt=0, description="Largest HTML page accepted, bytes.")
    concurrency_per_host: int = Field(8, ge=1, description="Parallel requests per host.")
    delay: float = Field(0.0, ge=0, description="Pause between requests to one host, seconds.")
    retries: int = Field(2, ge=0, description="Retries on 429/5xx and connection errors.")
    backoff: float = Field(
        1.0, ge=0, description="Wait before the first retry, seconds; doubles on each retry."
    )
    max_redirects: int = Field(5, ge=0, description="Redirects followed per request.")
    obey_robots: bool = Field(True, description="Obey robots.txt of every host fetched.")
    max_pages: int = Field(20, ge=1, description="Most pages followed per audit (pagination).")
    render_javascript: bool = Field(
        False,
        description="Render pages that only work with JavaScript in headless Chromium "
        "(needs the .[browser] extra and a Chromium); off = report that they need rendering.",
    )
    discover: bool = Field(
        False,
        description="Also follow same-site links and sitemap.xml entries that look like "
        "team/people pages (bounded by max_pages).",
    )
    cache_dir: str = Field(
        "",
        description="HTTP cache folder; empty = '.http-cache' inside the output root.",
    )
    person_selector: str = Field(
        "",
        description="CSS selector of one person's card (e.g. '.team-member'); when set, each "
        "match is a person and the crawler's own judgement of cards is not used. Empty = off.",
    )
    exclude_selector: str = Field(
        "",
        description="CSS selector of page parts that hold no team members (e.g. "
        "'#testimonials, .client-logos'); nothing inside them is a person. Empty = off.",
    )

    @field_validator("person_selector", "exclude_selector")
    @classmethod
    def _css_selector(cls, value: str) -> str:
        """Refuse a selector the HTML parser cannot read, at load time rather than per page."""
        value = value.strip()
        if value:
            try:
                LexborHTMLParser("<p></p>").css(value)
            except Exception as exc:
                raise ValueError(f"not a valid CSS selector: {value!r}") from exc
        return value


class FeaturesConfig(_Section):
    """How each photo is decoded and measured."""

    working_size: int = Field(
        512, ge=64, description="Long side of the working copy all measures use, pixels."
    )
    detect_size: int = Field(
        240, ge=64, description="Long side of the copy the face detector runs on, pixels."
    )
    max_pixels: int = Field(
        60_000_000, gt=0, description="Images with more pixels are refused before decoding."
    )
    workers: int = Field(0, ge=0, description="Measuring processes; 0 = one per CPU core.")
    photo_timeout: float = Field(
        60.0,
        gt=0,
        description="Seconds one photo may take in a measuring process before it is given up "
        "as failed (a normal photo takes well under 0.1 s).",
    )
    executor: Literal["processes", "dask"] = Field(
        "processes",
        description="Where photos are measured: local processes, or an existing Dask cluster "
        "(needs the [dask] extra and dask_scheduler).",
    )
    dask_scheduler: str = Field(
        "", description="Dask scheduler address for executor = 'dask', e.g. tcp://10.0.0.5:8786."
    )
    thumbnail_size: int = Field(
        160, ge=32, description="Long side of the report thumbnail, pixels."
    )
    landmarks: Literal["dlib-5", "dlib-68", "none"] = Field(
        "dlib-5",
        description="Landmark model for face geometry: dlib-5 (CC0, commercial use allowed), "
        "dlib-68 (adds mouth and chin; its training data excludes commercial use, opt-in) or "
        "none (Haar eyes and box only).",
    )


class AnalysisConfig(_Section):
    """How the house style is learned and when a photo breaks it."""

    warning_z: float = Field(
        3.0, gt=0, description="Robust z-score (|x - median| / spread) that raises a warning."
    )
    error_z: float = Field(
        5.0, gt=0, description="Robust z-score that raises an error instead of a warning."
    )
    min_team_for_clusters: int = Field(
        8, ge=2, description="Fewer photos than this: per-measure rules only, no clustering."
    )
    outlier_threshold: float = Field(
        0.8, ge=0, le=1, description="Outlier score (0..1) above which style_outlier is raised."
    )
    outlier_detector: Literal["rms", "mcd", "lof", "iforest"] = Field(
        "rms",
        description="Multivariate detector behind style_outlier: rms (robust z, diagonal), "
        "mcd (MinCovDet), lof (LocalOutlierFactor) or iforest (IsolationForest).",
    )
    outdated_threshold: float = Field(
        0.6, ge=0, le=1, description="Outdated score (0..1) above which outdated is raised."
    )
    duplicate_max_bits: int = Field(
        4, ge=0, le=8, description="Perceptual-hash bits that may differ for the same photo."
    )
    placeholder_shared_by: int = Field(
        3, ge=2, description="One image used for this many people counts as a placeholder."
    )
    refresh_years: float = Field(
        3.0, gt=0, description="Photo age after which a refresh is due, years."
    )
    max_age_years: float = Field(5.0, gt=0, description="Photo age that is clearly too old, years.")
    pinned: dict[str, Any] = Field(
        default_factory=dict,
        description="Brand-guideline values that win over learned ones, e.g. "
        '{"background.color" = "#e8e8e8", "crop.head_share" = [0.45, 0.60]}.',
    )
    pinned_colour_tolerance: float = Field(
        10.0,
        gt=0,
        description="How far (CIELAB ΔE76) a background may be from a pinned background.color "
        "and still count as the brand colour: ~2 is just visible side by side, 10 a clearly "
        "different shade; beyond tolerance × error_z / warning_z it is an error. Ranges "
        "such as crop.head_share are their own tolerance; color_mode is exact.",
    )


class ReportConfig(_Section):
    """What the report contains."""

    title: str = Field("Team headshot audit", description="Heading of the HTML report.")


class FixesConfig(_Section):
    """Corrected drafts of the photos the file can fix (the fixes stage)."""

    enabled: bool = Field(
        False,
        description="Write a corrected draft of every fixable flagged photo into fixes/ in the "
        "run folder (same as --fixes).",
    )
    min_jpeg_quality: int = Field(
        92,
        ge=1,
        le=100,
        description="Lowest JPEG quality a draft is saved at, 1..100; never below the source's.",
    )


class BudgetsConfig(_Section):
    """Assertions that turn an audit into exit code 1 (like Lighthouse CI budgets)."""

    fail_on: Literal["none", "info", "warning", "error"] = Field(
        "none",
        description="Exit 1 when a flag is at or above this severity; codes listed in "
        "[assertions.levels] keep their own level.",
    )
    max_flagged_share: float = Field(
        1.0, ge=0, le=1, description="Exit 1 when a larger share of photos has warnings/errors."
    )
    min_score: float = Field(
        0.0, ge=0, le=100, description="Exit 1 when the team consistency score is below this."
    )
    max_failed: int = Field(
        -1,
        ge=-1,
        description="Exit 1 when more photos than this could not be downloaded or decoded, "
        "people; -1 = no limit.",
    )
    max_no_photo: int = Field(
        -1, ge=-1, description="Exit 1 when more people than this have no photo; -1 = no limit."
    )


class AcceptedException(_Section):
    """One flag accepted for one person, with the reason, until an optional expiry date."""

    person: str = Field(description="The person's name as on the page, or their report id.")
    code: str = Field(description="The flag code accepted for this person, e.g. 'outdated'.")
    reason: str = Field(min_length=1, description="Why it is accepted (shown in the report).")
    expires: date | None = Field(
        None, description="Last day the exception holds; from the day after, the flag fails again."
    )

    @field_validator("code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        return _known_flag_code(code)


class AssertionsConfig(_Section):
    """Which flags break the run (exit 1), like Lighthouse CI's assertions."""

    levels: dict[str, Level] = Field(
        default_factory=dict,
        description="Level per flag code: 'off' (ignored), 'warn' (listed, never fails) or "
        '\'error\' (exit 1), e.g. {placeholder = "error", outdated = "warn"}.',
    )
    default_level: Level = Field(
        "off",
        description="Level of every flag code not in levels (budgets.fail_on, when set, makes "
        "unlisted flags at or above it 'error').",
    )
    min_severity: Literal["info", "warning", "error"] = Field(
        "info", description="Flags below this severity are never asserted (info flags are tips)."
    )
    fail_on_new: bool = Field(
        False,
        description="Fail only on flags the previous recorded run of the same sources did not "
        "have (per person and code); older ones are listed as known. Same as --fail-on-new.",
    )
    exceptions: list[AcceptedException] = Field(
        default_factory=list,
        description="Accepted flags: [[assertions.exceptions]] tables with person, code, "
        "reason and an optional expires date.",
    )

    @field_validator("levels")
    @classmethod
    def _known_codes(cls, levels: dict[str, str]) -> dict[str, str]:
        for code in levels:
            _known_flag_code(code)
        return levels


class HistoryConfig(_Section):
    """Memory across scheduled runs."""

    enabled: bool = Field(True, description="Record each run in the history database.")
    path: str = Field(
        "", description="SQLite file; empty = 'history.sqlite' inside the output root."
    )
    keep_runs: int = Field(
        30, ge=1, description="Report folders kept in the output root; older ones are pruned."
    )


class StoreConfig(_Section):
    """Measures kept between runs, so a re-run measures only new or changed photos."""

    enabled: bool = Field(
        True,
        description="Reuse the measures of a photo an earlier run measured (same bytes, same "
        "measuring code and settings) instead of measuring it again.",
    )
    path: str = Field(
        "",
        description="SQLite file of the measure store; empty = 'measures.sqlite' inside the "
        "HTTP cache folder (crawl.cache_dir).",
    )
    max_entries: int = Field(
        20_000,
        ge=1,
        description="Photos kept in the store (about 10 kB each: 20,000 ≈ 200 MB); the least "
        "recently used beyond this are evicted after each run.",
    )


class Config(_Section):
    """All settings of one audit."""

    sources: list[str] = Field(
        default_factory=list,
        description="Team page URLs, photo folders or CSV files audited when the command line "
        "names none (relative paths are relative to the working folder).",
    )
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    features: FeaturesConfig = Field(default_factory=FeaturesConfig)
    analysis: AnalysisConfig = Field(default_factory=AnalysisConfig)
    report: ReportConfig = Field(default_factory=ReportConfig)
    fixes: FixesConfig = Field(default_factory=FixesConfig)
    budgets: BudgetsConfig = Field(default_factory=BudgetsConfig)
    assertions: AssertionsConfig = Field(default_factory=AssertionsConfig)
    history: HistoryConfig = Field(default_factory=HistoryConfig)
    store: StoreConfig = Field(default_factory=StoreConfig)

    def with_overrides(self, overrides: dict[str, Any], source: str = "command line") -> Config:
        """Return a copy with dotted-key overrides applied ("budgets.fail_on" -> value)."""
        data = self.model_dump()
        for dotted, value in overrides.items():
            *sections, key = dotted.split(".")
            target: dict[str, Any] = data
            model: Any = Config  # None inside a free-form table (analysis.pinned, levels)
            for depth, section in enumerate(sections):
                if model is None:
                    target = target.setdefault(section, {})
                    continue
                field = model.model_fields.get(section)
                if field is None or not isinstance(target.get(section), dict):
                    known = [k for k, v in target.items() if isinstance(v, dict)]
                    parent = ".".join(sections[:depth])
                    raise ConfigError(
                        f"Invalid config in {source}: unknown section "
                        f"'{'.'.join(sections[: depth + 1])}'"
                        + _did_you_mean(section, known, prefix=parent)
                    )
                target = target[section]
                model = field.annotation if _is_section(field.annotation) else None
            target[key] = value
        return _validate(data, source=source)


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, _Section)


def _known_flag_code(code: str) -> str:
    """`code` if it is a flag code of the report contract, else a ValueError naming the closest."""
    if code not in FLAG_CODES:
        raise ValueError(f"unknown flag code '{code}'" + _did_you_mean(code, FLAG_CODES))
    return code


def _did_you_mean(name: str, known: Any, prefix: str = "") -> str:
    """' (did you mean 'x'?)' for the closest known name, or '' when none is close."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean '{prefix + '.' if prefix else ''}{close[0]}'?)"


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The known setting names beside the one at `loc` (for "did you mean")."""
    model: Any = Config
    for part in loc[:-1]:
        field = model.model_fields.get(str(part)) if _is_section(model) else None
        if field is None or not _is_section(field.annotation):
            return []
        model = field.annotation
    return list(model.model_fields) if _is_section(model) else []


def _validate(data: dict[str, Any], source: str) -> Config:
    """Validate raw settings, turning pydantic's report into one readable ConfigError."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(part) for part in err["loc"])
            if err["type"] == "extra_forbidden":
                prefix = ".".join(str(part) for part in err["loc"][:-1])
                hint = _did_you_mean(str(err["loc"][-1]), _fields_at(err["loc"]), prefix)
                problems.append(f"unknown setting '{key}'{hint}")
            elif err["type"] == "value_error":
                problems.append(f"'{key}': {err['ctx']['error']}")
            else:
                problems.append(f"'{key}': {err['msg']} (got {err.get('input')!r})")
        raise ConfigError(f"Invalid config in {source}: " + "; ".join(problems)) from None


# Settings files in another format are named by their suffix: the error says TOML is read.
_OTHER_FORMATS = {".yaml": "YAML", ".yml": "YAML", ".json": "JSON", ".ini": "INI", ".cfg": "INI"}


def _settings_text(path: Path) -> str:
    """The file as text: UTF-8 (a BOM, as Windows Notepad writes, allowed) or UTF-16."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(_settings_text(path))
    except FileNotFoundError:
        raise ConfigError(f"Config file not found: {path}") from None
    except IsADirectoryError:
        raise ConfigError(f"Config file {path} is a folder, not a TOML settings file") from None
    except OSError as exc:
        raise ConfigError(f"Cannot read config file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(
            f"Config file {path} is not text: settings are a TOML file in UTF-8 "
            "(see configs/default.toml)"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        other = _OTHER_FORMATS.get(path.suffix.lower())
        hint = f" (settings are TOML, not {other}: see configs/default.toml)" if other else ""
        raise ConfigError(f"Config file {path} is not valid TOML: {exc}{hint}") from None


def _pyproject_table(data: dict[str, Any]) -> dict[str, Any] | None:
    table: Any = data
    for key in PYPROJECT_TABLE:
        if not isinstance(table, dict) or key not in table:
            return None
        table = table[key]
    return table if isinstance(table, dict) else None


def discover_config(folder: str | Path | None = None) -> Path | None:
    """The settings file of `folder` (default: the working folder), or None when it has none.

    `headshot-audit.toml` wins over `pyproject.toml`, whose `[tool.headshot-audit]` table
    counts only when present (a pyproject.toml of another tool is not a settings file).
    """
    folder = Path.cwd() if folder is None else Path(folder)
    own = folder / CONFIG_FILE_NAME
    if own.is_file():
        return own
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _pyproject_table(_read_toml(pyproject)) is not None:
        return pyproject
    return None


def load_config(path: str | Path | None = None) -> Config:
    """Load settings from a TOML file over the built-in defaults (or just the defaults).

    A file named `pyproject.toml` is read from its `[tool.headshot-audit]` table.
    """
    if path is None:
        return Config()
    path = Path(path)
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = _pyproject_table(data)
        if table is None:
            raise ConfigError(f"{path} has no [{'.'.join(PYPROJECT_TABLE)}] table")
        return _validate(table, source=f"{path} [{'.'.join(PYPROJECT_TABLE)}]")
    return _validate(data, source=str(path))


def parse_set_options(pairs: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """`--set key=value` options as overrides; values are TOML (80, true, ["a"]) or plain text."""
    overrides: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ConfigError(f"--set needs key=value, e.g. budgets.min_score=80 (got {pair!r})")
        try:
            value = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw.strip()  # bare text: --set report.title=Our team
        overrides[key] = value
    return overrides
