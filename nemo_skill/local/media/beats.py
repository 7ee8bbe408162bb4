"""Tempo and beat times of an uploaded song, found once at upload (render/beats.py's
tracker) and kept with the media's info (``tempo_bpm``, ``beats``), so the interpreter
can put cuts on the beat without reading the file.

Runs in the upload's worker thread, never on the event loop, decoding and analysing a few
seconds at a time (a few MB held, whatever the song's length). Only the first
:data:`ANALYSED_S` seconds are analysed: a longer song keeps its tempo, and the
interpreter carries the beat on from there (interpreter/rhythm.py). A song the tracker
cannot read is still a song: it is stored without beats, and the cuts stay where the
durations put them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("nemo_skill.local")

ANALYSED_S = 200.0
"""A 3-minute song whole: ~0.5 s for a WAV, ~0.7 s for AAC (tools/bench_beats.py)."""


def beat_info(path: Path, file_type: str, filename: str) -> dict[str, Any]:
    """``{"tempo_bpm", "beats"}`` for an audio file (an empty ``beats`` when it has no
    steady pulse); nothing for other files or when the sound cannot be analysed."""
    if file_type != "audio":
        return {}
    from ..._exceptions import InputError
    from ...render.beats import beats_of_file

    try:
        grid = beats_of_file(path, max_s=ANALYSED_S)
    except InputError as exc:
        log.warning("no beat analysis for %s: %s", filename, exc)
        return {}
    except Exception:  # the beat is a nicety: a tracker failure never refuses a song
        log.exception("beat analysis failed for %s", filename)
        return {}
    return {"tempo_bpm": grid.tempo_bpm, "beats": [round(t, 3) for t in grid.beats_s]}
