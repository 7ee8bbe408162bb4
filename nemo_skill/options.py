"""The words the editor and the renderer accept: aspects, resolutions, transitions,
filters, music moods, motion, text roles and positions.

One place for ``skills validate`` (a skill's defaults must name known values) and the
MCP tool ``list_options``; the words themselves are the draft format's
(:mod:`nemo_skill.models.draft`), so every installation knows all of them.
"""

from __future__ import annotations

from .models.draft import (
    ASPECTS,
    FILTERS,
    MOODS,
    MOTION_AMOUNTS,
    MOTION_DIRECTIONS,
    RESOLUTIONS,
    TEXT_POSITIONS,
    TEXT_ROLES,
    TRANSITIONS,
)

__all__ = ["draft_values", "known_values"]


def known_values() -> dict[str, tuple[str, ...]]:
    """``transition``, ``aspect``, ``resolution``, ``motion`` and ``mood``: what a skill's defaults may name."""
    return {
        "transition": TRANSITIONS,
        "aspect": tuple(ASPECTS),
        "resolution": tuple(RESOLUTIONS),
        "motion": MOTION_AMOUNTS,
        "mood": MOODS,
    }


def draft_values() -> dict[str, tuple[str, ...]]:
    """Values the draft format itself fixes."""
    return {
        "filters": FILTERS,
        "text_roles": TEXT_ROLES,
        "text_positions": TEXT_POSITIONS,
        "motion_directions": MOTION_DIRECTIONS,
    }
