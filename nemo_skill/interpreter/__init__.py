"""The local backend's interpreter: plain words (English and Chinese) -> draft edits.

Deterministic and pure: :func:`interpret` reads a message and the session's
context and returns the new draft, the reply, the tool events and the cost.
"""

from .api import Interpretation, InterpretContext, SkillRecipe, ToolEvent
from .engine import interpret

__all__ = ["InterpretContext", "Interpretation", "SkillRecipe", "ToolEvent", "interpret"]
