"""The Agent Skills specification's rules, checked on the raw frontmatter.

They run before (and independently of) this project's manifest loader, so a skill the
loader cannot read still hears which spec rules it breaks. They follow what the spec
says and what its reference validator (``skills-ref``) rejects: keys outside the six
allowed ones, name and description limits, a compatibility over 500 characters, and
JSON-style ``{...}`` / ``[...]`` values, which that validator's strict YAML parser
refuses. ``metadata`` must map strings to strings; ``metadata.openclaw`` is the one
exception, because OpenClaw and ClawHub read it as an object and nothing else
(docs/skill-authoring.md explains the choice).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .._exceptions import ManifestError
from ..manifest import DESCRIPTION_MAX, NAME_MAX, SPEC_KEYS, split_frontmatter
from .lints import COMPATIBILITY_MAX, Finding

__all__ = ["OBJECT_METADATA_KEYS", "spec_findings"]

# metadata keys whose value may be a mapping: the loaders that read them need one.
OBJECT_METADATA_KEYS = frozenset({"openclaw"})
SPEC_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A key (or list item) whose value opens a flow mapping or sequence, outside quotes.
FLOW_VALUE = re.compile(r"^\s*(?:-\s+|[^\s#'\"][^:#]*:\s+)[\[{]")
MOVE_HINTS = {
    "version": "move it to metadata.version (quoted)",
    "displayName": "move it to metadata.displayName",
    "homepage": "move it to metadata.homepage",
}


def _line(text: str, key: str, *, nested: bool = False) -> int | None:
    """The line of a top-level key (or, with ``nested``, of an indented one)."""
    for i, line in enumerate(text.splitlines(), start=1):
        if (line.lstrip() if nested else line).startswith(f"{key}:"):
            return i
    return None


def _keys(file: Path, text: str, data: dict[str, Any]) -> list[Finding]:
    return [
        Finding(
            file,
            "keys",
            f"top-level key {key!r} is not one the spec allows ({', '.join(sorted(SPEC_KEYS))}); "
            + MOVE_HINTS.get(str(key), "move it under metadata as a string"),
            line=_line(text, str(key)),
        )
        for key in data
        if key not in SPEC_KEYS
    ]


def _name(file: Path, text: str, data: dict[str, Any]) -> list[Finding]:
    name = data.get("name")
    where = _line(text, "name")
    if not isinstance(name, str) or not name.strip():
        return [Finding(file, "name", "'name' is missing or empty", line=where)]
    problems = []
    if len(name) > NAME_MAX:
        problems.append(f"name is {len(name)} characters, over {NAME_MAX}")
    if not SPEC_NAME.match(name):
        problems.append(
            f"name {name!r} may only hold lowercase letters, digits and single hyphens, not at either end"
        )
    if not problems and name != file.parent.name:
        problems.append(f"name {name!r} must equal the folder name {file.parent.name!r}")
    return [Finding(file, "name", problem, line=where) for problem in problems]


def _description(file: Path, text: str, data: dict[str, Any]) -> list[Finding]:
    description = data.get("description")
    where = _line(text, "description")
    if not isinstance(description, str) or not description.strip():
        return [Finding(file, "description", "'description' is missing or empty", line=where)]
    if len(description) > DESCRIPTION_MAX:
        return [
            Finding(
                file,
                "description",
                f"description is {len(description)} characters, over {DESCRIPTION_MAX}",
                line=where,
            )
        ]
    return []


def _optional_strings(file: Path, text: str, data: dict[str, Any]) -> list[Finding]:
    findings = []
    compatibility = data.get("compatibility")
    if compatibility is not None and (not isinstance(compatibility, str) or not compatibility.strip()):
        findings.append(
            Finding(
                file,
                "compatibility",
                "compatibility must be a non-empty string",
                line=_line(text, "compatibility"),
            )
        )
    elif isinstance(compatibility, str) and len(compatibility) > COMPATIBILITY_MAX:
        findings.append(
            Finding(
                file,
                "compatibility",
                f"compatibility is {len(compatibility)} characters, over {COMPATIBILITY_MAX}",
                line=_line(text, "compatibility"),
            )
        )
    tools = data.get("allowed-tools")
    if tools is not None and not isinstance(tools, str):
        findings.append(
            Finding(
                file,
                "allowed-tools",
                "allowed-tools must be one space-separated string",
                line=_line(text, "allowed-tools"),
            )
        )
    return findings


def _metadata(file: Path, text: str, data: dict[str, Any]) -> list[Finding]:
    raw = data.get("metadata")
    where = _line(text, "metadata")
    if raw is None:
        return []
    if not isinstance(raw, dict):
        return [
            Finding(
                file, "metadata", "metadata must be a mapping of string keys to string values", line=where
            )
        ]
    return [
        Finding(
            file,
            "metadata",
            f"metadata.{key} is a {type(value).__name__}; the spec wants string values "
            "(write it as a quoted string, e.g. JSON in quotes)",
            line=_line(text, str(key), nested=True) or where,
        )
        for key, value in raw.items()
        if not isinstance(value, str) and not (key in OBJECT_METADATA_KEYS and isinstance(value, dict))
    ]


def _flow_yaml(file: Path, text: str) -> list[Finding]:
    lines = text.splitlines()
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), len(lines))
    return [
        Finding(
            file,
            "yaml",
            "a JSON-style {...} or [...] value: the spec's reference validator (strict YAML) refuses it; "
            "write block YAML (one 'key: value' or '- item' per line) or quote it",
            line=i + 1,
        )
        for i in range(1, end)
        if FLOW_VALUE.match(lines[i])
    ]


def spec_findings(file: Path) -> list[Finding]:
    """The spec rules ``file`` (a SKILL.md) breaks; none when it cannot even be split (the loader says why)."""
    try:
        text = file.read_text(encoding="utf-8").removeprefix("\ufeff")
        data, _body, _line_no = split_frontmatter(text, file)
    except (OSError, UnicodeDecodeError, ManifestError):
        return []
    return [
        *_keys(file, text, data),
        *_name(file, text, data),
        *_description(file, text, data),
        *_optional_strings(file, text, data),
        *_metadata(file, text, data),
        *_flow_yaml(file, text),
    ]
