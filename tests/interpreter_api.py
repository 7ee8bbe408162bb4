"""The one place the tests import the interpreter from.

The corpus, the fuzz test and tools/interpreter_score.py judge the interpreter only
through this public API, so moving or rewriting its insides never touches them.
"""

from __future__ import annotations

from nemo_skill.interpreter import Interpretation, InterpretContext, SkillRecipe, interpret

__all__ = ["InterpretContext", "Interpretation", "SkillRecipe", "interpret"]
