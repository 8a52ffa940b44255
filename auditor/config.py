"""Settings: one pydantic model, grouped by stage, mirrored by `configs/default.toml`.

Precedence (lowest first): built-in defaults here < the `--config` TOML file < command-line
flags. Every field has a default, a unit and a description; unknown keys and wrong types are a
`ConfigError` that names the key. A test checks that `configs/default.toml` lists exactly these
fields with these defaults.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.exceptions import ConfigError

__all__ = [
    "AnalysisConfig",
    "BudgetsConfig",
    "Config",
    "CrawlConfig",
    "FeaturesConfig",
    "HistoryConfig",
    "ReportConfig",
    "load_config",
]

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


class BudgetsConfig(_Section):
    """Assertions that turn an audit into exit code 1 (like Lighthouse CI budgets)."""

    fail_on: Literal["none", "info", "warning", "error"] = Field(
        "none", description="Exit 1 when any flag is at or above this severity."
    )
    max_flagged_share: float = Field(
        1.0, ge=0, le=1, description="Exit 1 when a larger share of photos has warnings/errors."
    )
    min_score: float = Field(
        0.0, ge=0, le=100, description="Exit 1 when the team consistency score is below this."
    )


class HistoryConfig(_Section):
    """Memory across scheduled runs."""

    enabled: bool = Field(True, description="Record each run in the history database.")
    path: str = Field(
        "", description="SQLite file; empty = 'history.sqlite' inside the output root."
    )
    keep_runs: int = Field(
        30, ge=1, description="Report folders kept in the output root; older ones are pruned."
    )


class Config(_Section):
    """All settings of one audit."""

    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    features: FeaturesConfig = Field(default_factory=FeaturesConfig)
    analysis: AnalysisConfig = Field(default_factory=AnalysisConfig)
    report: ReportConfig = Field(default_factory=ReportConfig)
    budgets: BudgetsConfig = Field(default_factory=BudgetsConfig)
    history: HistoryConfig = Field(default_factory=HistoryConfig)

    def with_overrides(self, overrides: dict[str, Any]) -> Config:
        """Return a copy with dotted-key overrides applied ("budgets.fail_on" -> value)."""
        data = self.model_dump()
        for dotted, value in overrides.items():
            section, _, key = dotted.partition(".")
            data[section][key] = value
        return _validate(data, source="command line")


def _validate(data: dict[str, Any], source: str) -> Config:
    """Validate raw settings, turning pydantic's report into one readable ConfigError."""
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(part) for part in err["loc"])
            if err["type"] == "extra_forbidden":
                problems.append(f"unknown setting '{key}'")
            else:
                problems.append(f"'{key}': {err['msg']} (got {err.get('input')!r})")
        raise ConfigError(f"Invalid config in {source}: " + "; ".join(problems)) from None


def load_config(path: str | Path | None = None) -> Config:
    """Load settings from a TOML file over the built-in defaults (or just the defaults)."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"Config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Config file {path} is not valid TOML: {exc}") from None
    return _validate(data, source=str(path))
