"""One apply function per typed edit (see ..edits), grouped by what they change.

Importing this package registers them all.
"""

from . import canvas, look, motion, music, order, text, timing, transitions

__all__ = ["canvas", "look", "motion", "music", "order", "text", "timing", "transitions"]
