"""Render a skill folder from a variant and the Jinja2 templates: ``SKILL.md`` and
``references/REFERENCE.md`` (the longer reference text agents read on demand).

The frontmatter follows the Agent Skills specification: only its top-level keys, block
YAML (its reference validator parses with strictyaml, which refuses JSON-style
``{...}``/``[...]``), and string values under ``metadata`` except ``metadata.openclaw``,
the one mapping OpenClaw and ClawHub read as an object (docs/skill-authoring.md says
why that rule wins there).

The routing table comes from :func:`nemo_skill.routing_table.routing_table_markdown`,
the same source the router reads, so the text an agent sees cannot drift from what
the runtime does.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .._exceptions import ManifestError
from ..routing_table import routing_table_markdown
from .variant import Variant

if TYPE_CHECKING:
    import jinja2

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "SKILL.md.j2"
# Every file of a rendered skill folder: relative path -> template.
TEMPLATES = {"SKILL.md": TEMPLATE_NAME, "references/REFERENCE.md": "REFERENCE.md.j2"}
CONFIG_PATHS = ("~/.config/nemovideo/",)
PRIMARY_ENV = "NEMO_TOKEN"
# What the skill's commands run: the installed launcher (a POSIX sh script) or nemo-skill
# on the PATH. Either one will do, so they are "anyBins": listing them under "bins"
# would make OpenClaw hide the skill whenever nemo-skill is not on the PATH, though the
# launcher works without it.
ANY_BINS = ("nemo-skill", "sh")
LICENSE = "MIT"
COMPATIBILITY = (
    "Needs the nemo-skill runtime (Python 3.10+): pip install 'nemo-skill[local]' renders videos on "
    "this machine with no account; NEMO_API_BASE=cloud uses the hosted NemoVideo service instead."
)

# Advice that holds for every skill of the family, after the variant's own tips.
COMMON_TIPS = (
    "Put the length, the mood and any names or dates in the first message: fewer edits, fewer credits.",
    "Photos go in the order they were taken when the files record it, else in the order attached; say so if it should change.",
)


def _yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar and survives any character.
    return json.dumps(value, ensure_ascii=False)


def _sh_quote(value: str) -> str:
    """Quote for a POSIX shell the way a person would: double quotes unless that needs escapes."""
    import shlex

    if not any(ch in value for ch in '"$`\\!'):
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return shlex.quote(value)


def openclaw_block(variant: Variant) -> dict[str, Any]:
    """``metadata.openclaw``: what ClawHub and OpenClaw read (requirements, emoji, credential)."""
    return {
        "emoji": variant.emoji,
        # The token is optional (the runtime gets one anonymously), so requires.env stays
        # absent: ClawHub treats listed variables as mandatory set-up.
        "primaryEnv": PRIMARY_ENV,
        "requires": {"anyBins": list(ANY_BINS), "configPaths": list(CONFIG_PATHS)},
    }


def metadata_values(variant: Variant) -> dict[str, Any]:
    """Everything under ``metadata``: strings, and the ``openclaw`` mapping."""
    return {
        "version": variant.version,
        "displayName": variant.title,
        "nemo": json.dumps(variant.nemo_settings(), ensure_ascii=False, separators=(", ", ": ")),
        "openclaw": openclaw_block(variant),
    }


def _single_quoted(value: str) -> str:
    # YAML single quotes keep JSON readable: only ' itself needs doubling.
    return "'" + value.replace("'", "''") + "'"


def _block_yaml(mapping: dict[str, Any], indent: int) -> list[str]:
    """Block-style YAML (no flow {...}/[...]: strict parsers refuse them) for str, list and dict values."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(_block_yaml(value, indent + 2))
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            lines.extend(f"{pad}  - {_yaml_string(str(item))}" for item in value)
        elif isinstance(value, str) and value.startswith("{"):
            lines.append(f"{pad}{key}: {_single_quoted(value)}")
        else:
            lines.append(f"{pad}{key}: {_yaml_string(str(value))}")
    return lines


def metadata_yaml(variant: Variant) -> str:
    """The indented body of the ``metadata:`` key."""
    return "\n".join(_block_yaml(metadata_values(variant), 2))


def _description_block(description: str) -> str:
    # Folded scalar: wrapped lines join back with single spaces, which is why the
    # variant normalises whitespace and why words are never split here.
    lines = textwrap.wrap(description, width=96, break_long_words=False, break_on_hyphens=False)
    return "\n".join("  " + line for line in lines)


def _environment() -> jinja2.Environment:
    import jinja2  # lazily: CLI start-up time

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML
        keep_trailing_newline=True,
    )
    env.filters["yaml_string"] = _yaml_string
    env.filters["sh_quote"] = _sh_quote
    return env


def render_skill_files(variant: Variant) -> dict[str, str]:
    """Every file of the skill folder for ``variant``: relative path -> text."""
    env = _environment()
    context = {
        "v": variant,
        "description_block": _description_block(variant.description),
        "license": LICENSE,
        "compatibility": COMPATIBILITY,
        "metadata_yaml": metadata_yaml(variant),
        "routing_table": routing_table_markdown(variant.keywords),
        "formats_upper": ", ".join(f.upper() for f in variant.formats) or "any accepted type",
        "tips": (*variant.tips, *COMMON_TIPS),
    }
    files = {path: env.get_template(name).render(**context) for path, name in TEMPLATES.items()}
    _check_round_trip(variant, files["SKILL.md"])
    return files


def render_skill_md(variant: Variant) -> str:
    """The SKILL.md text for ``variant``."""
    return render_skill_files(variant)["SKILL.md"]


def _check_round_trip(variant: Variant, text: str) -> None:
    """The frontmatter must read back as what the variant says (guards the YAML quoting)."""
    block = text.split("\n---\n", 1)[0].removeprefix("---\n")
    data = yaml.safe_load(block)
    metadata = data.get("metadata") or {}
    expected = {"name": (data.get("name"), variant.name)} | {
        key: (metadata.get(key), value) for key, value in metadata_values(variant).items()
    }
    for key, (found, value) in expected.items():
        if found != value:
            raise ManifestError(
                f"variant {variant.name}: {key} does not survive YAML quoting", hint="simplify it"
            )
    if data.get("description") != variant.description:
        raise ManifestError(
            f"variant {variant.name}: description does not survive YAML folding",
            hint="avoid leading spaces or tabs inside it",
        )


def write_skill(variant: Variant, folder: Path) -> Path:
    """Write every file of the skill into ``folder`` (created); returns its SKILL.md."""
    for relative, text in render_skill_files(variant).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return folder / "SKILL.md"
