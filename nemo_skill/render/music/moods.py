"""The library's moods: what each piece is made of (tempo, key, progression, arranger, mix)."""

from __future__ import annotations

from dataclasses import dataclass

from ...models.draft import MOODS

Chord = tuple[int, tuple[int, ...]]  # root (semitones above the key), intervals


_MAJ, _MIN, _MAJ7, _MIN7, _DOM7, _SUS2 = (
    (0, 4, 7),
    (0, 3, 7),
    (0, 4, 7, 11),
    (0, 3, 7, 10),
    (0, 4, 7, 10),
    (0, 2, 7),
)


@dataclass(frozen=True)
class Mood:
    """What a mood's piece is made of: tempo, key, progression, the arranger, and the mix."""

    bpm: float
    key: int  # MIDI note of the tonic (bass octave)
    chords: tuple[Chord, ...]  # one per bar, repeated
    # The next four shape the classic arranger only; the others write their own parts.
    lead: str = "piano"  # piano | bell | pluck | rhodes | strings
    pattern: str = "arpeggio"  # arpeggio | melody | offbeat
    drums: str | None = None  # four | boombap | None
    swing: float = 0.0  # 0: straight eighths; 1/6: triplet swing (the second eighth late by 1/6 beat)
    brightness: float = 6000.0  # low-pass corner of the final mix, Hz
    reverb: float = 0.25
    crackle: bool = False
    style: str = "classic"  # which arranger writes the parts: classic, or one named after its mood
    pump: float = 0.0  # sidechain depth: how far the music ducks under each kick (0..1)
    crest: float | None = None  # dB: peaks further above the RMS than this are limited


# The first five moods peak about 13 dB over their RMS; the newer ones are held to the same, so
# the renderer's loudness gain treats the whole library alike and never drives its limiter hard.
_CREST = 13.0


_MOODS: dict[str, Mood] = {
    "romantic": Mood(
        72, 41, ((0, _MAJ), (9, _MIN), (5, _MAJ), (7, _MAJ)), "piano", "arpeggio", None, reverb=0.3
    ),
    "cinematic": Mood(
        64,
        38,
        ((0, _MIN), (8, _MAJ), (3, _MAJ), (10, _MAJ)),
        "strings",
        "melody",
        None,
        brightness=5000,
        reverb=0.38,
    ),
    "upbeat": Mood(
        116,
        36,
        ((0, _MAJ), (7, _MAJ), (9, _MIN), (5, _MAJ)),
        "pluck",
        "offbeat",
        "four",
        brightness=9000,
        reverb=0.16,
    ),
    "calm": Mood(
        66,
        43,
        ((0, _MAJ7), (5, _MAJ7), (4, _MIN7), (2, _SUS2)),
        "bell",
        "melody",
        None,
        brightness=5500,
        reverb=0.35,
    ),
    "lofi": Mood(
        78,
        38,
        ((0, _MIN7), (5, _DOM7), (10, _MAJ7), (3, _MAJ7)),
        "rhodes",
        "arpeggio",
        "boombap",
        swing=0.18,
        brightness=3200,
        reverb=0.22,
        crackle=True,
    ),
    "sad": Mood(
        58,
        38,  # D minor: i - VI - iv - V, the major V (harmonic minor) for the pull home
        ((0, _MIN), (8, _MAJ), (5, _MIN), (7, _MAJ)),
        brightness=2800,
        reverb=0.45,
        style="sad",
        crest=_CREST,
    ),
    "piano": Mood(
        80,
        43,  # G major: I(add9) - V - vi7 - IVmaj7
        ((0, (0, 4, 7, 14)), (7, _MAJ), (9, _MIN7), (5, _MAJ7)),
        brightness=7000,
        reverb=0.3,
        style="piano",
        crest=_CREST,
    ),
    "jazz": Mood(
        126,
        41,  # F major: ii9 - V13 - Imaj9 - VI7b9, rootless voicings (the bass plays the roots)
        ((2, (3, 7, 10, 14)), (7, (4, 10, 14, 21)), (0, (4, 7, 11, 14)), (9, (4, 7, 10, 13))),
        brightness=9000,
        reverb=0.2,
        style="jazz",
        crest=_CREST,
    ),
    "acoustic": Mood(
        96,
        43,  # G major folk: I - IV - I - V, vi - IV - I - V
        ((0, _MAJ), (5, _MAJ), (0, _MAJ), (7, _MAJ), (9, _MIN), (5, _MAJ), (0, _MAJ), (7, _MAJ)),
        brightness=9000,
        reverb=0.18,
        style="acoustic",
        crest=_CREST,
    ),
    "electronic": Mood(
        124,
        33,  # A minor: i - VI - III - VII
        ((0, _MIN7), (8, _MAJ7), (3, _MAJ), (10, _MAJ)),
        brightness=12000,
        reverb=0.14,
        style="electronic",
        crest=_CREST,
        pump=0.7,
    ),
}


assert tuple(_MOODS) == MOODS, "the library composes exactly the moods of the vocabulary"
