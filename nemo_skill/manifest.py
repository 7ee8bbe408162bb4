"""SKILL.md manifests: strict frontmatter split, safe YAML, one frozen pydantic model.

The frontmatter follows the Agent Skills specification (top level: ``name``,
``description``, ``license``, ``compatibility``, ``metadata``, ``allowed-tools``) with
this project's values under ``metadata``: ``version`` (sent as ``X-Skill-Version``),
``displayName``, ``nemo`` (our settings, a JSON string) and ``openclaw`` (what
ClawHub/OpenClaw read). Skills written before that layout (a top-level ``version`` and
``displayName``, ``metadata.nemo`` as a mapping) still load; ``skills validate`` says
what to move.

Every error is one line: ``<file>: <line or field>: <problem> (<what to fix>)``.
Values are never echoed back when they could be secrets.
"""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ._exceptions import ManifestError

SKILL_FILE = "SKILL.md"
VARIANT_FILE = "variant.yaml"
"""A bundled skill's source, next to the SKILL.md rendered from it (tools/render_skills.py):
not part of what an agent reads, so installs leave it behind."""
NAME_RULE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)
NAME_MAX = 64
DESCRIPTION_MAX = 1024
# The Agent Skills specification's top-level keys: its validator refuses any other.
SPEC_KEYS = frozenset({"name", "description", "license", "compatibility", "metadata", "allowed-tools"})
# Older layouts put these at the top level; they still load (validate says to move them).
LEGACY_KEYS = frozenset({"version", "displayName", "homepage"})
KNOWN_KEYS = SPEC_KEYS | LEGACY_KEYS
ROUTED_ACTIONS = ("export", "credits", "state", "upload")


class SkillDefaults(BaseModel):
    """What a skill's videos look like unless the user says otherwise."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    aspect: str = "16:9"
    resolution: str = "1080p"
    fps: int = Field(default=30, ge=1, le=120)
    length_s: int = Field(default=30, ge=1, le=1800)
    mood: str = "cinematic"
    transition: str = "fade"
    motion: str = "gentle"
    title_card: bool = False
    end_card: str | None = None
    prompt: str = "turn these photos into a video with transitions and background music"


class SkillSettings(BaseModel):
    """Our own block of a skill's frontmatter: ``metadata.nemo``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_mb: int = Field(default=500, ge=1, le=10_000)
    formats: tuple[str, ...] = ()
    defaults: SkillDefaults = Field(default_factory=SkillDefaults)
    keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("formats")
    @classmethod
    def _lower_formats(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(f.lower().lstrip(".") for f in v)

    @field_validator("keywords")
    @classmethod
    def _known_actions(cls, v: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        unknown = sorted(set(v) - set(ROUTED_ACTIONS))
        if unknown:
            raise ValueError(f"keywords for unknown action(s) {unknown}; use {list(ROUTED_ACTIONS)}")
        return v


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    name: str
    version: str
    display_name: str = Field(alias="displayName")
    description: str
    metadata: dict[str, Any] = Field(default_factory=dict)
    settings: SkillSettings = Field(default_factory=SkillSettings)
    body: str = ""
    path: Path
    body_line: int = 1
    extra_keys: tuple[str, ...] = ()
    """Top-level frontmatter keys this model does not know (reported, not typed)."""
    frontmatter_keys: tuple[str, ...] = ()
    """Every top-level key, as written (the spec lints read them)."""

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def emoji(self) -> str:
        openclaw = self.metadata.get("openclaw")
        return str(openclaw.get("emoji", "")) if isinstance(openclaw, dict) else ""


def _fail(path: Path, where: str, problem: str, fix: str) -> ManifestError:
    return ManifestError(f"{path}: {where}: {problem}", hint=fix)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "file", "SKILL.md not found", "create it with a '---' frontmatter block") from None
    except IsADirectoryError:
        raise _fail(path, "file", "is a directory, not a file", "point at the skill's SKILL.md") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _fail(path, "path", "is a symlink loop", "replace the link with the real folder") from None
        raise _fail(
            path, "file", f"cannot be read ({exc.strerror})", "check the path and permissions"
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(path, f"line {line}", "is not valid UTF-8", "save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def split_frontmatter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Return (frontmatter mapping, body, 1-based line where the body starts)."""
    if not text.strip():
        raise _fail(path, "file", "is empty", "start it with a '---' frontmatter block")
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip("\r\n") != "---":
        raise _fail(
            path,
            "line 1",
            "no frontmatter (the first line must be '---')",
            "add a '---' YAML block at the top",
        )
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == "---"), None)
    if end is None:
        raise _fail(path, "line 1", "frontmatter is not terminated", "close the YAML block with a line '---'")
    block = "".join(lines[1:end])
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line_no = min(mark.line + 2, end + 1) if mark is not None else None
        where = f"line {line_no}" if line_no else "frontmatter"
        # The error belongs to the nearest top-level key above it (a flow {...} may run on).
        owner = next(
            (lines[i] for i in range((line_no or 2) - 1, 0, -1) if re.match(r"^[A-Za-z_][\w-]*:", lines[i])),
            "",
        )
        if owner.startswith("metadata:"):
            raise _fail(
                path, where, "metadata is not valid JSON", "write it as one-line JSON or a YAML mapping"
            ) from None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise _fail(
            path, where, f"invalid YAML: {problem}", "fix the YAML syntax (quote values with ':' or '#')"
        ) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise _fail(path, "frontmatter", f"must be a YAML mapping, got {kind}", "write 'key: value' lines")
    body = "".join(lines[end + 1 :])
    return data, body, end + 2


def _line_of(text: str, key: str) -> str:
    """The line of a top-level key, else of the first nested one of that name (metadata's)."""
    lines = text.splitlines()
    for wanted in (lambda line: line.startswith(f"{key}:"), lambda line: line.lstrip().startswith(f"{key}:")):
        for i, line in enumerate(lines, start=1):
            if wanted(line):
                return f"line {i}"
    return f"field '{key}'"


def _check_identity(path: Path, text: str, data: dict[str, Any], version: Any) -> None:
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise _fail(
            path, _line_of(text, "name"), "'name' is missing or not a string", "set name: <folder-name>"
        )
    if len(name) > NAME_MAX:
        raise _fail(path, _line_of(text, "name"), f"name is {len(name)} chars, over {NAME_MAX}", "shorten it")
    if not NAME_RULE.match(name) or "--" in name:
        raise _fail(
            path,
            _line_of(text, "name"),
            f"name {name!r} must be lowercase letters, digits and single hyphens",
            "e.g. photographer-video (no uppercase, no '--', no leading/trailing '-')",
        )
    if name != path.parent.name:
        raise _fail(
            path,
            _line_of(text, "name"),
            f"name {name!r} does not match the folder {path.parent.name!r}",
            "rename the folder or the name so they are equal",
        )
    if isinstance(version, float):
        raise _fail(
            path,
            _line_of(text, "version"),
            f"version {version!r} was read as a number",
            'quote it, e.g. version: "1.10.0"',
        )
    if not isinstance(version, str) or not SEMVER.match(version):
        raise _fail(
            path, _line_of(text, "version"), "version is not semver", 'use MAJOR.MINOR.PATCH, quoted: "1.0.0"'
        )
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise _fail(
            path, _line_of(text, "description"), "'description' is missing", "say what the skill does"
        )
    if len(description) > DESCRIPTION_MAX:
        raise _fail(
            path,
            _line_of(text, "description"),
            f"description is {len(description)} chars, over {DESCRIPTION_MAX}",
            "shorten it; the first 300 chars are what catalogs show",
        )


def _json_mapping(path: Path, text: str, raw: Any, *, key: str, label: str, fix: str) -> dict[str, Any]:
    """A mapping written as YAML or as JSON in a string (``metadata``, ``metadata.nemo``)."""
    if raw is None:
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _fail(
                path, _line_of(text, key), f"{label} is not valid JSON ({exc.msg} at column {exc.colno})", fix
            ) from None
    if not isinstance(raw, dict):
        raise _fail(path, _line_of(text, key), f"{label} must be a mapping", fix)
    return raw


def _parse_metadata(path: Path, text: str, raw: Any) -> dict[str, Any]:
    return _json_mapping(
        path, text, raw, key="metadata", label="metadata", fix="write it as a YAML mapping (or one-line JSON)"
    )


def _nemo_block(path: Path, text: str, raw: Any) -> dict[str, Any]:
    """``metadata.nemo``: a JSON string (the spec wants string values) or, in older skills, a mapping."""
    return _json_mapping(
        path, text, raw, key="nemo", label="metadata.nemo", fix="write it as one JSON object in quotes"
    )


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "frontmatter"
    # pydantic's message, never the input value (it may be a secret).
    return loc, err["msg"]


def load_manifest(path: Path | str) -> Manifest:
    """Load ``SKILL.md`` (or a skill folder containing one). Raises ManifestError."""
    path = Path(path).expanduser()
    try:
        if path.is_dir():
            path = path / SKILL_FILE
        path = path.resolve(strict=False)
    except RuntimeError:  # symlink loop (Python < 3.13)
        raise _fail(path, "path", "is a symlink loop", "replace the link with the real folder") from None
    except OSError as exc:  # Python >= 3.13 reports a loop as ELOOP
        if exc.errno == errno.ELOOP:
            raise _fail(path, "path", "is a symlink loop", "replace the link with the real folder") from None
        raise _fail(
            path, "path", f"cannot be resolved ({exc.strerror})", "replace the link with the real folder"
        ) from None
    text = _read_text(path)
    data, body, body_line = split_frontmatter(text, path)
    metadata = _parse_metadata(path, text, data.get("metadata"))
    # metadata.version (the spec's place for it) wins over a top-level one (older skills).
    version = metadata["version"] if "version" in metadata else data.get("version")
    _check_identity(path, text, data, version)
    try:
        settings = SkillSettings.model_validate(_nemo_block(path, text, metadata.get("nemo")))
    except ValidationError as exc:
        loc, msg = _first_error(exc)
        raise _fail(
            path, f"metadata.nemo.{loc}", msg, "see docs/skill-authoring.md for the nemo settings"
        ) from None
    known = {k: v for k, v in data.items() if k in {"name", "description"}}
    known["version"] = version
    known["displayName"] = metadata.get("displayName") or data.get("displayName") or data.get("name")
    extra = tuple(sorted(str(k) for k in data if k not in KNOWN_KEYS))
    try:
        return Manifest.model_validate(
            {
                **known,
                "metadata": metadata,
                "settings": settings,
                "body": body,
                "path": path,
                "body_line": body_line,
                "extra_keys": extra,
                "frontmatter_keys": tuple(str(k) for k in data),
            }
        )
    except ValidationError as exc:
        loc, msg = _first_error(exc)
        raise _fail(path, f"field '{loc}'", msg, "fix the frontmatter value") from None
