"""The interpreter: plain words (English and Chinese) -> typed edits -> a new draft.

Pure (no I/O, no import of the local backend): :func:`interpret` reads a message and
the session's context and returns the new draft, the reply, the tool events, the cost,
and what was and was not understood; :func:`apply_edits` applies typed edits
(:mod:`.edits`) given by a program, all or none.

What the words leave open, the taste table decides (:mod:`.defaults`, laid on by
:mod:`.styling`); titles and end cards stay long enough to read (:mod:`.cards`); the
cuts follow the music's beat (:mod:`.rhythm`). docs/draft-format.md describes all three.
"""

from .api import Interpretation, InterpretContext, SkillRecipe, ToolEvent
from .apply import apply_edits
from .edits import Edit
from .engine import interpret

__all__ = [
    "Edit",
    "InterpretContext",
    "Interpretation",
    "SkillRecipe",
    "ToolEvent",
    "apply_edits",
    "interpret",
]
