"""What a session's skill (named by ``X-Skill-Source``) means to the backend: its
upload limit and the recipe (defaults) the interpreter builds videos from."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from .settings import DEFAULT_MAX_UPLOAD_MB

MB = 1024 * 1024


@dataclass(frozen=True)
class SkillInfo:
    name: str
    max_file_mb: int
    defaults: dict[str, Any]


# X-Skill-Source comes from the client: only a plain skill name may reach the registry,
# never a path such as "../../somewhere".
_SKILL_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@functools.lru_cache(maxsize=64)
def skill_info(name: str | None) -> SkillInfo:
    """Settings from the skill's manifest; built-in defaults for an unknown or missing skill."""
    if not name or not _SKILL_NAME.match(name):
        return SkillInfo("unknown", DEFAULT_MAX_UPLOAD_MB, {})
    try:
        from ..skills_registry import find_skill

        skill = find_skill(name)
    except Exception:  # unknown skill or a broken manifest: the backend still serves, with defaults
        return SkillInfo(name, DEFAULT_MAX_UPLOAD_MB, {})
    settings = skill.manifest.settings
    return SkillInfo(skill.name, int(settings.max_file_mb), settings.defaults.model_dump())


def upload_limit_bytes(skill: str | None, override_mb: int | None) -> int:
    if override_mb is not None:
        return int(override_mb) * MB
    return skill_info(skill).max_file_mb * MB


def recipe_for(skill: str | None) -> Any:
    """A SkillRecipe (nemo_skill.interpreter.api) from the manifest's defaults."""
    from ..interpreter.api import SkillRecipe

    info = skill_info(skill)
    known = {f for f in SkillRecipe.__dataclass_fields__ if f not in ("name", "extra")}
    fields = {k: v for k, v in info.defaults.items() if k in known}
    extra = {k: v for k, v in info.defaults.items() if k not in known}
    return SkillRecipe(name=info.name, **fields, extra=extra)
