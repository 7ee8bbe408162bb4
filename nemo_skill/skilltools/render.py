"""Render a SKILL.md from a variant and the one Jinja2 template.

The routing table comes from :func:`nemo_skill.routing_table.routing_table_markdown`,
the same source the router reads, so the text an agent sees cannot drift from what
the runtime does.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import yaml

from .._exceptions import ManifestError
from ..routing_table import routing_table_markdown
from .variant import Variant

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "SKILL.md.j2"
CONFIG_PATHS = ("~/.config/nemovideo/",)
PRIMARY_ENV = "NEMO_TOKEN"

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


def metadata_json(variant: Variant) -> str:
    """The one-line ``metadata`` JSON: ClawHub's ``openclaw`` block and our ``nemo`` settings."""
    metadata = {
        "openclaw": {
            "emoji": variant.emoji,
            # Empty on purpose: ClawHub treats listed variables as mandatory set-up,
            # and the runtime can get a token anonymously.
            "requires": {"env": [], "configPaths": list(CONFIG_PATHS)},
            "primaryEnv": PRIMARY_ENV,
        },
        "nemo": variant.nemo_settings(),
    }
    return json.dumps(metadata, ensure_ascii=False, separators=(", ", ": "))


def _description_block(description: str) -> str:
    # Folded scalar: wrapped lines join back with single spaces, which is why the
    # variant normalises whitespace and why words are never split here.
    lines = textwrap.wrap(description, width=96, break_long_words=False, break_on_hyphens=False)
    return "\n".join("  " + line for line in lines)


def _environment():  # -> jinja2.Environment (jinja2 imported lazily: CLI start-up time)
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML
        keep_trailing_newline=True,
    )
    env.filters["yaml_string"] = _yaml_string
    env.filters["sh_quote"] = _sh_quote
    return env


def render_skill_md(variant: Variant) -> str:
    """The full SKILL.md text for ``variant``."""
    template = _environment().get_template(TEMPLATE_NAME)
    text = template.render(
        v=variant,
        description_block=_description_block(variant.description),
        metadata_json=metadata_json(variant),
        routing_table=routing_table_markdown(variant.keywords),
        formats_upper=", ".join(f.upper() for f in variant.formats) or "any accepted type",
        tips=(*variant.tips, *COMMON_TIPS),
    )
    _check_round_trip(variant, text)
    return text


def _check_round_trip(variant: Variant, text: str) -> None:
    """The frontmatter must read back as what the variant says (guards the YAML quoting)."""
    block = text.split("\n---\n", 1)[0].removeprefix("---\n")
    data = yaml.safe_load(block)
    expected = {"name": variant.name, "version": variant.version, "displayName": variant.title}
    for key, value in expected.items():
        if data.get(key) != value:
            raise ManifestError(
                f"variant {variant.name}: {key} does not survive YAML quoting", hint="simplify it"
            )
    if data.get("description") != variant.description:
        raise ManifestError(
            f"variant {variant.name}: description does not survive YAML folding",
            hint="avoid leading spaces or tabs inside it",
        )


def write_skill(variant: Variant, folder: Path) -> Path:
    """Write ``folder/SKILL.md`` (creating the folder); returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "SKILL.md"
    path.write_text(render_skill_md(variant), encoding="utf-8", newline="\n")
    return path
