"""A skill variant: the small YAML file a SKILL.md is rendered from.

Only ``name`` and ``description`` are required; everything else has a default, so a
fifteen-line file makes a complete, valid skill. Unknown fields are refused (a typo
such as ``tip:`` for ``tips:`` would otherwise vanish silently).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .._exceptions import ManifestError
from ..manifest import NAME_MAX, NAME_RULE, SEMVER, SkillDefaults, SkillSettings

# Accepted upload types of the protocol: the default list of "smoothest inputs".
DEFAULT_FORMATS = ("jpg", "png", "heic", "webp", "mp4", "mov")


class Variant(BaseModel):
    """Everything that differs between two skills of this family."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str
    version: str = "1.0.0"
    display_name: str = ""
    emoji: str = "🎬"
    audience: str = "anyone turning a few photos or clips into a finished video"
    typical_input: str = "a handful of photos (JPG, PNG or HEIC), optionally a short clip or a song"
    output: str = "a 1080p MP4 with transitions and background music"
    delivered_to: str = "social media, messaging apps and email"
    hosted_time: str = "30-60 s"
    examples: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    limits: tuple[str, ...] = ()
    defaults: SkillDefaults = Field(default_factory=SkillDefaults)
    keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    max_file_mb: int = Field(default=500, ge=1, le=10_000)
    formats: tuple[str, ...] = DEFAULT_FORMATS

    @field_validator("name")
    @classmethod
    def _slug(cls, v: str) -> str:
        if len(v) > NAME_MAX or not NAME_RULE.match(v) or "--" in v:
            raise ValueError(
                f"name {v!r} must be 1-{NAME_MAX} lowercase letters, digits and single hyphens (e.g. pet-video)"
            )
        return v

    @field_validator("version")
    @classmethod
    def _semver(cls, v: str) -> str:
        if not SEMVER.match(v):
            raise ValueError('version must be semver, e.g. "1.0.0"')
        return v

    @field_validator("description")
    @classmethod
    def _one_paragraph(cls, v: str) -> str:
        # Folded YAML keeps a trailing newline; the frontmatter wants one clean line.
        text = " ".join(v.split())
        if not text:
            raise ValueError("description is empty; say what the skill does and when to use it")
        return text

    @field_validator("formats")
    @classmethod
    def _lower(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(f.lower().lstrip(".") for f in v)

    @model_validator(mode="after")
    def _settings_are_valid(self) -> Variant:
        # The same model the runtime reads, so a variant cannot render settings it would reject.
        SkillSettings(max_file_mb=self.max_file_mb, formats=self.formats, keywords=self.keywords)
        return self

    @property
    def title(self) -> str:
        """The display name, or one made from the slug."""
        return self.display_name or " ".join(part.capitalize() for part in self.name.split("-"))

    def example_requests(self) -> tuple[str, ...]:
        return self.examples or (self.defaults.prompt,)

    def nemo_settings(self) -> dict[str, Any]:
        """``metadata.nemo`` exactly as the manifest loader reads it back."""
        settings = SkillSettings(
            max_file_mb=self.max_file_mb, formats=self.formats, defaults=self.defaults, keywords=self.keywords
        )
        return settings.model_dump(mode="json")

    def with_name(self, name: str) -> Variant:
        """A copy under another slug (``skills new NAME --from FILE``); re-validated."""
        return Variant.model_validate({**self.model_dump(), "name": name})


def _where(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "variant"
    # Only pydantic's message: never the value, which could be anything pasted in.
    msg = re.sub(r"^Value error, ", "", err["msg"])
    return f"{loc}: {msg}"


def variant_from_mapping(data: Any, source: str = "variant") -> Variant:
    """Validate a parsed mapping; one-line ManifestError naming ``source`` and the field."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise ManifestError(f"{source}: must be a YAML mapping, got {kind}", hint="write 'key: value' lines")
    try:
        return Variant.model_validate(data)
    except ValidationError as exc:
        raise ManifestError(
            f"{source}: {_where(exc)}", hint="see docs/skill-authoring.md for the variant fields"
        ) from None


def read_variant_mapping(path: Path) -> dict[str, Any]:
    """The raw mapping of a variant YAML file (not yet validated)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(
            f"{path}: variant file not found", hint="check the path given to --from"
        ) from None
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: is not valid UTF-8", hint="save the file as UTF-8") from None
    except OSError as exc:
        raise ManifestError(f"{path}: cannot be read ({exc.strerror})", hint="check the path") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        raise ManifestError(
            f"{path}: {where}: invalid YAML ({getattr(exc, 'problem', None) or 'syntax error'})",
            hint="quote values that contain ':' or '#'",
        ) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise ManifestError(f"{path}: must be a YAML mapping, got {kind}", hint="write 'key: value' lines")
    if isinstance(data.get("version"), float):
        raise ManifestError(f"{path}: version: read as a number", hint='quote it, e.g. version: "1.10.0"')
    return data


def load_variant(path: Path) -> Variant:
    """Read and validate a variant YAML file."""
    return variant_from_mapping(read_variant_mapping(path), str(path))
