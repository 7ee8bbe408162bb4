"""``skills validate``: three rule sets over a skill folder.

Each broken rule is one :class:`Finding` naming the file, the line when known, the
rule, the rule set it belongs to and what is wrong. Errors fail validation; warnings
are reported only.

Rule sets:

* ``spec`` - the Agent Skills specification (what its reference validator checks, and
  its budget): ``keys`` (only name, description, license, compatibility, metadata,
  allowed-tools at the top level), ``name``, ``description``, ``compatibility``,
  ``allowed-tools``, ``metadata`` (string values; ``openclaw`` is the one mapping
  allowed, because OpenClaw reads nothing else), ``yaml`` (no JSON-style ``{...}`` /
  ``[...]`` values: the reference validator parses with strictyaml, which refuses them),
  ``body-budget`` (under 500 lines and about 5,000 tokens: a warning);
* ``clawhub`` - what ClawHub and OpenClaw read: ``slug``, ``description-length``,
  ``openclaw-metadata``, ``secret``, ``body-length``;
* ``nemo`` - what this runtime reads: ``manifest``, ``routing-table``, ``command``,
  ``link``, ``placeholder``, ``defaults``.

The rules:

* ``manifest``: anything :func:`nemo_skill.manifest.load_manifest` rejects;
* ``slug``: ClawHub's slug rule, ``^[a-z0-9](?:(?!--)[a-z0-9-])*[a-z0-9]$``, 3-96 chars;
* ``description-length``: over 300 chars is a warning (ClawHub's catalog shows 300);
  the loader already refuses more than 1024;
* ``routing-table``: the body holds :func:`routing_table_markdown` exactly;
* ``command``: every ``nemo-skill …`` / ``scripts/nemo-skill …`` command parses with
  the real CLI parser;
* ``link``: relative links point at files inside the skill folder, anchors at headings;
* ``placeholder``: no template leftovers (``{{ }}``, ``{% %}``, ``{# #}``);
* ``secret``: nothing that looks like a key or token in any text file of the skill;
* ``body-length``: at least :data:`MIN_BODY_CHARS` characters of instructions;
* ``defaults``: ``metadata.nemo.defaults`` names a mood, transition, aspect, resolution
  and motion the renderer and interpreter know (checked when the [local] extra is there);
* ``openclaw-metadata``: the ``openclaw`` block is there, with no mandatory env vars.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .._exceptions import ManifestError
from ..manifest import SKILL_FILE, Manifest, load_manifest
from ..options import known_values
from .commands import CommandCheck, find_commands

Severity = Literal["error", "warning"]
RuleSet = Literal["spec", "clawhub", "nemo"]
RULE_SET_NAMES: dict[RuleSet, str] = {"spec": "Agent Skills spec", "clawhub": "ClawHub", "nemo": "nemo-skill"}
COMPATIBILITY_MAX = 500
# The spec's budget for the body: 500 lines, about 5,000 tokens (~4 characters each).
BODY_MAX_LINES = 500
BODY_MAX_TOKENS = 5000
CHARS_PER_TOKEN = 4

CLAWHUB_SLUG = re.compile(r"^[a-z0-9](?:(?!--)[a-z0-9-])*[a-z0-9]$")
SLUG_MIN, SLUG_MAX = 3, 96
SUMMARY_MAX = 300
# ClawHub refuses near-empty skills; 300 characters is about one short paragraph,
# enough to say what the skill does and which command runs it.
MIN_BODY_CHARS = 300
MAX_SCANNED_BYTES = 1 << 20

PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%")
LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
SECRET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("AWS access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b")),
    ("Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    ("API key", re.compile(r"\b(?:sk|rk|pk)-(?:live-|test-|proj-)?[A-Za-z0-9_-]{20,}")),
    ("JSON web token", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+")),
    ("NemoVideo token", re.compile(r"\bnemo_[A-Za-z0-9_-]{16,}\b")),
    ("bearer token", re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{16,}")),
    (
        "assigned secret",
        re.compile(
            r"(?i)\b(?:[A-Z_]*TOKEN|api[_-]?key|secret|password|passwd)\b\s*[:=]\s*[\"']?"
            r"(?![<$%{])[A-Za-z0-9._~+/-]{16,}"
        ),
    ),
)


# Which rule set each rule belongs to.
RULE_SETS: dict[str, RuleSet] = {
    **dict.fromkeys(
        ("keys", "name", "description", "compatibility", "allowed-tools", "metadata", "yaml", "body-budget"),
        "spec",
    ),
    **dict.fromkeys(("slug", "description-length", "openclaw-metadata", "secret", "body-length"), "clawhub"),
    **dict.fromkeys(("manifest", "routing-table", "command", "link", "placeholder", "defaults"), "nemo"),
}


@dataclass(frozen=True)
class Finding:
    file: Path
    rule: str
    message: str
    severity: Severity = "error"
    line: int | None = None

    @property
    def rule_set(self) -> RuleSet:
        return RULE_SETS.get(self.rule, "nemo")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.severity}: {self.message} [{self.rule}, {RULE_SET_NAMES[self.rule_set]}]"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": str(self.file),
            "line": self.line,
            "rule": self.rule,
            "rule_set": self.rule_set,
            "severity": self.severity,
            "message": self.message,
        }


def skill_file(path: Path) -> Path:
    """The SKILL.md a validate argument means (a folder or the file itself)."""
    try:
        return path / SKILL_FILE if path.is_dir() else path
    except OSError:
        return path


def lint_skill(
    path: Path, rule_set: RuleSet | Literal["all"] = "all", *, check_command: CommandCheck | None = None
) -> list[Finding]:
    """Every broken rule of the skill at ``path`` (a folder or its SKILL.md), of one rule set or all.

    ``check_command`` judges the commands the body shows (the CLI's parser:
    ``nemo_skill.cli.main.command_check()``); without it they are not checked."""
    from .spec_rules import spec_findings

    file = skill_file(Path(path))
    findings = spec_findings(file)
    try:
        manifest = load_manifest(file)
    except ManifestError as exc:
        # A skill that does not load is reported whatever rule set was asked for, unless a
        # spec rule already named the problem on that line.
        failure = _manifest_finding(file, exc)
        same = failure.line is not None and any(f.line == failure.line for f in findings)
        return [*_of(findings, rule_set), *([] if same else [failure])]
    except (OSError, RuntimeError) as exc:  # a path the loader could not even resolve
        return [*_of(findings, rule_set), Finding(file, "manifest", f"cannot be read ({type(exc).__name__})")]
    text = manifest.path.read_text(encoding="utf-8")
    for check in (_slug, _description, _openclaw, _defaults, _body_budget):
        findings.extend(check(manifest))
    findings.extend(_routing_table(manifest))
    if check_command is not None:
        findings.extend(_commands(manifest, check_command))
    findings.extend(_links(manifest))
    findings.extend(_placeholders(manifest.path, text))
    findings.extend(_secrets(manifest.folder))
    findings.extend(_body_length(manifest))
    return _of(findings, rule_set)


def _of(findings: list[Finding], rule_set: str) -> list[Finding]:
    return findings if rule_set == "all" else [f for f in findings if f.rule_set == rule_set]


def _manifest_finding(file: Path, exc: ManifestError) -> Finding:
    # The loader's message starts with the file; keep the line number as ours.
    message = str(exc)
    line: int | None = None
    for prefix in (f"{file}: ", f"{_safe_resolve(file)}: "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
            break
    match = re.match(r"line (\d+): ", message)
    if match:
        line = int(match.group(1))
        message = message[match.end() :]
    return Finding(file, "manifest", message, line=line)


def _safe_resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _line_of(text: str, needle: str, first_line: int = 1) -> int | None:
    index = text.find(needle)
    return None if index < 0 else first_line + text.count("\n", 0, index)


def _slug(m: Manifest) -> list[Finding]:
    if not (SLUG_MIN <= len(m.name) <= SLUG_MAX) or not CLAWHUB_SLUG.match(m.name):
        return [
            Finding(
                m.path,
                "slug",
                f"name {m.name!r} is not a ClawHub slug ({SLUG_MIN}-{SLUG_MAX} chars, lowercase letters, "
                "digits and single hyphens, starting and ending with a letter or digit)",
            )
        ]
    return []


def _description(m: Manifest) -> list[Finding]:
    if len(m.description) > SUMMARY_MAX:
        return [
            Finding(
                m.path,
                "description-length",
                f"description is {len(m.description)} chars; ClawHub's catalog shows the first {SUMMARY_MAX}",
                severity="warning",
            )
        ]
    return []


def _openclaw(m: Manifest) -> list[Finding]:
    block = m.metadata.get("openclaw")
    if not isinstance(block, dict):
        return [
            Finding(
                m.path, "openclaw-metadata", "metadata has no 'openclaw' block (emoji, requires, primaryEnv)"
            )
        ]
    findings: list[Finding] = []
    requires = block.get("requires")
    env = requires.get("env") if isinstance(requires, dict) else None
    if env:
        findings.append(
            Finding(
                m.path,
                "openclaw-metadata",
                "openclaw.requires.env lists variables; ClawHub treats them as mandatory set-up, "
                "but the token can be obtained anonymously: leave it []",
                severity="warning",
            )
        )
    if not block.get("emoji"):
        findings.append(Finding(m.path, "openclaw-metadata", "openclaw.emoji is missing", severity="warning"))
    return findings


def _defaults(m: Manifest) -> list[Finding]:
    defaults = m.settings.defaults
    values = {
        "mood": defaults.mood,
        "transition": defaults.transition,
        "aspect": defaults.aspect,
        "resolution": defaults.resolution.lower(),
        "motion": defaults.motion,
    }
    findings = []
    for field, allowed in known_values().items():
        if values[field] not in allowed:
            findings.append(
                Finding(
                    m.path,
                    "defaults",
                    f"metadata.nemo.defaults.{field} {values[field]!r} is not one the runtime knows; "
                    f"use one of: {', '.join(allowed)}",
                    line=_line_of(m.path.read_text(encoding="utf-8"), "metadata:"),
                )
            )
    return findings


def _body_budget(m: Manifest) -> list[Finding]:
    lines = m.body.count("\n") + 1
    tokens = len(m.body) // CHARS_PER_TOKEN
    if lines <= BODY_MAX_LINES and tokens <= BODY_MAX_TOKENS:
        return []
    return [
        Finding(
            m.path,
            "body-budget",
            f"the body is {lines} lines, about {tokens} tokens; the spec asks for under {BODY_MAX_LINES} "
            f"lines and {BODY_MAX_TOKENS} tokens: move long reference text to references/",
            severity="warning",
            line=m.body_line,
        )
    ]


def _routing_table(m: Manifest) -> list[Finding]:
    from ..routing_table import routing_table_markdown

    if routing_table_markdown(m.settings.keywords) in m.body:
        return []
    present = "| the user says |" in m.body
    return [
        Finding(
            m.path,
            "routing-table",
            "routing table differs from the router's (re-render the skill)"
            if present
            else "routing table missing (render the skill from its variant, or paste routing_table_markdown())",
            line=_line_of(m.body, "| the user says |", m.body_line) if present else None,
        )
    ]


def _commands(m: Manifest, check_command: CommandCheck) -> list[Finding]:
    findings = []
    for command in find_commands(m.body, m.body_line):
        problem = check_command(command.text)
        if problem:
            findings.append(Finding(m.path, "command", f"`{command.text}`: {problem}", line=command.line))
    return findings


def _heading_anchors(body: str) -> set[str]:
    anchors = set()
    for line in body.splitlines():
        match = re.match(r"^#{1,6}\s+(.*)$", line)
        if match:
            slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
            anchors.add(slug)
    return anchors


def _links(m: Manifest) -> list[Finding]:
    findings = []
    anchors = _heading_anchors(m.body)
    folder = _safe_resolve(m.folder)
    for offset, line in enumerate(m.body.splitlines()):
        for match in LINK.finditer(line):
            target = match.group(1)
            lineno = m.body_line + offset
            if not target:
                findings.append(Finding(m.path, "link", "link with an empty target", line=lineno))
                continue
            if re.match(r"^(?:https?|mailto):", target):
                continue  # not checked offline; the text around it says what it is
            path_part, _, anchor = target.partition("#")
            if not path_part:
                if anchor not in anchors:
                    findings.append(
                        Finding(m.path, "link", f"anchor #{anchor} matches no heading", line=lineno)
                    )
                continue
            resolved = _safe_resolve(m.folder / path_part)
            if not resolved.is_relative_to(folder):
                findings.append(
                    Finding(
                        m.path, "link", f"{path_part} is outside the skill folder (not shipped)", line=lineno
                    )
                )
            elif not resolved.exists():
                findings.append(Finding(m.path, "link", f"{path_part} does not exist", line=lineno))
    return findings


def _placeholders(path: Path, text: str) -> list[Finding]:
    return [
        Finding(
            path,
            "placeholder",
            f"unrendered template text {match.group(0)[:40]!r}",
            line=_line_of(text, match.group(0)),
        )
        for match in PLACEHOLDER.finditer(text)
    ]


def _secrets(folder: Path) -> list[Finding]:
    findings = []
    for file in _text_candidates(folder):
        try:
            if file.stat().st_size > MAX_SCANNED_BYTES:
                continue
            text = file.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # binary files: not where a pasted key hides
        for kind, pattern in SECRET_PATTERNS:
            for match in pattern.finditer(text):
                # Never echo the value: the point is to keep it out of logs too.
                findings.append(
                    Finding(
                        file,
                        "secret",
                        f"looks like a {kind}; remove it (the runtime gets tokens itself)",
                        line=text.count("\n", 0, match.start()) + 1,
                    )
                )
    return findings


def _text_candidates(folder: Path) -> list[Path]:
    # os.walk without following links: a link loop inside a skill must not hang validation.
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        files.extend(Path(dirpath) / name for name in filenames)
    return sorted(p for p in files if not p.is_symlink())


def _body_length(m: Manifest) -> list[Finding]:
    size = len(m.body.strip())
    if size < MIN_BODY_CHARS:
        return [
            Finding(
                m.path,
                "body-length",
                f"body is {size} chars; ClawHub wants real instructions (at least {MIN_BODY_CHARS})",
                line=m.body_line,
            )
        ]
    return []
