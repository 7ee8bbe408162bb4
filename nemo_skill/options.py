"""The words the editor and the renderer accept: aspects, resolutions, transitions,
filters, music moods, motion, text roles and positions.

One place for ``skills validate`` (a skill's defaults must name known values) and the
MCP tool ``list_options``. Values that live in the local backend's modules are skipped
when those modules cannot load (a runtime installed without the [local] extra).
"""

from __future__ import annotations

from .models.draft import FILTERS, MOTION_DIRECTIONS, TEXT_POSITIONS, TEXT_ROLES, TRANSITIONS

__all__ = ["draft_values", "known_values"]


def known_values() -> dict[str, tuple[str, ...]]:
    """``transition``, ``aspect``, ``resolution``, ``motion`` and ``mood``: what a skill's defaults may name."""
    known: dict[str, tuple[str, ...]] = {"transition": tuple(TRANSITIONS)}
    try:
        from .interpreter.builder import MOTION_AMOUNT
        from .interpreter.timeline import ASPECTS, RESOLUTIONS

        known["aspect"] = tuple(ASPECTS)
        known["resolution"] = tuple(RESOLUTIONS)
        known["motion"] = tuple(MOTION_AMOUNT)
    except ImportError:
        pass
    try:
        from .render.music import MOODS  # the music library: an unknown mood fails the render

        known["mood"] = tuple(MOODS)
    except ImportError:
        pass
    return known


def draft_values() -> dict[str, tuple[str, ...]]:
    """Values the draft format itself fixes (always available)."""
    return {
        "filters": tuple(FILTERS),
        "text_roles": tuple(TEXT_ROLES),
        "text_positions": tuple(TEXT_POSITIONS),
        "motion_directions": tuple(MOTION_DIRECTIONS),
    }
