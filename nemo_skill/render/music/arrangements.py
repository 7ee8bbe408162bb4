"""The arrangers: each writes a mood's parts (chords, bass, melody, drums) into a :class:`_Song`,
the buffers a piece is written into.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from .dsp import SAMPLE_RATE, _add, _cut, _pump
from .instruments import (
    _blip,
    _bowed,
    _drum,
    _grand,
    _kit,
    _string,
    _supersaw,
    _synth_bass,
    _upright,
    _vibes,
    _voice,
    _warm_pad,
)
from .moods import Mood


def _voicing(root: int, intervals: tuple[int, ...], previous: list[int] | None) -> list[int]:
    """Chord tones in the A3..A4 window; picks the inversion closest to the previous chord."""
    pcs = [(root + i) % 12 for i in intervals]
    candidates = []
    for base in range(55, 67):
        notes = sorted(base + ((pc - base) % 12) for pc in pcs)
        candidates.append(notes)
    if previous is None:
        return candidates[len(candidates) // 2]
    return min(
        candidates,
        key=lambda ns: (
            sum(abs(a - b) for a, b in zip(ns, previous, strict=False)) + abs(len(ns) - len(previous))
        ),
    )


@dataclass
class _Song:
    """The buffers a piece is written into, its grid, and a memo of rendered notes."""

    beat: float  # seconds; a whole number of samples
    bars: int
    rng: np.random.Generator
    music: np.ndarray  # (n, 2): everything a sidechain may duck
    drums: np.ndarray | None = None  # (n, 2): the kit, which the sidechain never ducks
    memo: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)

    @property
    def bar(self) -> float:
        return 4 * self.beat

    def sound(self, key: tuple[object, ...], make: Callable[[], np.ndarray]) -> np.ndarray:
        """A note synthesised once per piece: synthesis is the cost, and pieces repeat notes."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def play(self, sound: np.ndarray, at: float, pan: float = 0.0, gain: float = 1.0) -> None:
        _add(self.music, sound * gain, at, pan)

    def hit(self, sound: np.ndarray, at: float, pan: float = 0.0, gain: float = 1.0) -> None:
        if self.drums is None:
            self.drums = np.zeros_like(self.music)
        _add(self.drums, sound * gain, at, pan)

    def late(self, ms: float) -> float:
        """A player's timing: a few ms either way, so repeated hits are not machine-identical."""
        return float(np.clip(self.rng.normal(0.0, ms / 1000), -2 * ms / 1000, 2 * ms / 1000))

    def mixdown(self, pump: float) -> np.ndarray:
        """Music (ducked under the kick when ``pump`` > 0) plus drums."""
        music = self.music
        if pump > 0:
            music = music * _pump(len(music), round(self.beat * SAMPLE_RATE), pump)[:, None]
        return music if self.drums is None else music + self.drums


Tune = tuple[tuple[tuple[float, int, float], ...], ...]  # per bar: (beat, semitones over the tonic, beats)


def _tones(root: int, intervals: tuple[int, ...]) -> list[int]:
    """The chord's pitch classes, root included."""
    return sorted({root % 12, *((root + i) % 12 for i in intervals)})


def _arrange_classic(mood: Mood, song: _Song) -> None:
    """Pads, a bass, an arpeggio, slow melody or offbeat chords, soft drums: the first five moods."""
    rng, beat, bar, buf = song.rng, song.beat, song.bar, song.music
    voicing: list[int] | None = None
    melody_note = mood.key + 31
    scale = [0, 2, 4, 5, 7, 9, 11] if mood.chords[0][1][1] == 4 else [0, 2, 3, 5, 7, 8, 10]
    for b in range(song.bars):
        root, intervals = mood.chords[b % len(mood.chords)]
        start = b * bar
        voicing = _voicing(mood.key + root, intervals, voicing)
        section = (b // 4) % 4  # phrase 0 is sparse, later phrases fuller
        pad_kind = "strings" if mood.lead == "strings" else "pad"
        for i, note in enumerate(voicing):
            _add(
                buf,
                _voice(pad_kind, note, bar + 0.6, rng),
                start,
                pan=-0.4 + 0.8 * i / max(1, len(voicing) - 1),
            )
        bass_root = mood.key + root % 12 - (12 if (mood.key + root % 12) > 47 else 0)
        if mood.drums is None:
            _add(buf, _voice("bass", bass_root, bar, rng), start)
        else:
            for step in (0, 1.5, 2, 3.5) if mood.drums == "boombap" else (0, 1, 2, 3, 3.5):
                _add(
                    buf,
                    _voice("bass", bass_root + (12 if step == 3.5 else 0), beat * 0.9, rng),
                    start + step * beat,
                )
        if (mood.pattern == "arpeggio" and section > 0) or (mood.pattern == "arpeggio" and b % 2 == 1):
            tones = [*voicing, voicing[0] + 12, voicing[1] + 12]
            order = [0, 1, 2, 3, 4, 3, 2, 1] if len(tones) > 4 else [0, 1, 2, 3, 2, 1, 2, 3]
            for k in range(8):
                swing = mood.swing * beat if k % 2 else 0.0
                _add(
                    buf,
                    _voice(mood.lead, tones[order[k] % len(tones)] + 12, beat * 1.5, rng) * 0.7,
                    start + k * beat / 2 + swing,
                    pan=0.25 * np.sin(k),
                )
        elif mood.pattern == "offbeat":
            for k in range(4):
                for j, note in enumerate(voicing):
                    _add(
                        buf,
                        _voice(mood.lead, note + 12, beat * 0.5, rng) * 0.5,
                        start + (k + 0.5) * beat,
                        pan=-0.3 + 0.3 * j,
                    )
        if (mood.pattern == "melody" and section > 0) or (mood.pattern == "offbeat" and section % 2 == 1):
            # A slow line: chord tones on strong beats, stepwise motion between them.
            rhythm = [(0, 2), (2, 1), (3, 1)] if rng.random() < 0.5 else [(0, 3), (3, 1)]
            for pos, length in rhythm:
                chord_tones = [mood.key + 36 + (root + i) % 12 for i in intervals]
                if pos == 0:
                    target = min(chord_tones, key=lambda x: abs(x - melody_note))
                else:
                    degree = rng.choice([-2, -1, 1, 2])
                    pcs = [(mood.key + s) % 12 for s in scale]
                    target = melody_note + degree
                    while target % 12 not in pcs:
                        target += 1 if degree > 0 else -1
                melody_note = int(min(max(target, mood.key + 31), mood.key + 43))
                kind = "strings" if mood.lead == "strings" else mood.lead
                _add(
                    buf,
                    _voice(kind, melody_note + 12, length * beat + 0.4, rng) * 0.8,
                    start + pos * beat,
                    pan=0.1,
                )
        if (mood.drums is not None and section > 0) or (mood.drums is not None and b % 4 == 3):
            for k in range(8):
                at = start + k * beat / 2 + (mood.swing * beat if k % 2 else 0.0)
                _add(buf, _drum("hat", rng), at, pan=0.3)
            kicks: tuple[float, ...] = (0, 1, 2, 3) if mood.drums == "four" else (0, 2.5)
            for kick in kicks:
                _add(buf, _drum("kick", rng) * (0.8 if mood.drums == "four" else 1.0), start + kick * beat)
            for k in (1, 3):
                _add(buf, _drum("snare", rng), start + k * beat, pan=-0.1)


def _bass_note(key: int, root: int, low: int = 36) -> int:
    """The chord root in the octave from ``low`` up."""
    return low + (key + root - low) % 12


def _play_tune(
    song: _Song,
    tune: Tune,
    b: int,
    tonic: int,
    voice: Callable[[int, float], np.ndarray],
    *,
    ring: float = 0.0,
    pan: float = 0.0,
    gain: float = 1.0,
    only: Callable[[float], bool] | None = None,
) -> None:
    """Bar ``b`` of a hand-written tune; notes ring ``ring`` s past their written length."""
    for pos, step, beats in tune[b % len(tune)]:
        if only is None or only(pos):
            note, seconds = tonic + step, beats * song.beat + ring
            sound = song.sound(("tune", voice, note, seconds), partial(voice, note, seconds))
            song.play(sound, b * song.bar + pos * song.beat + song.late(6), pan=pan, gain=gain)


_FELT = 2.5  # the felt piano's level against the pad: a soft hammer, so it needs lifting


_SAD_TUNE: Tune = (  # over i - VI - iv - V in D minor: falling 'sighs', ending open on the V
    ((1, 7, 1.5), (2.5, 5, 0.5), (3, 3, 1)),
    ((0, 0, 1), (1.5, 3, 0.5), (2, 8, 1.5), (3.5, 7, 0.5)),
    ((0, 5, 2), (2.5, 8, 0.5), (3, 7, 1)),
    ((0, 2, 1.5), (1.5, -1, 0.5), (2, 7, 2)),
)


_SAD_ANSWER: Tune = (
    ((1, 12, 1), (2, 10, 0.5), (2.5, 7, 1.5)),
    ((0, 15, 1.5), (1.5, 12, 0.5), (2, 10, 2)),
    ((0, 8, 1), (1, 7, 1), (2, 5, 2)),
    ((0, 14, 1.5), (1.5, 11, 0.5), (2, 7, 2)),
)


def _arrange_sad(mood: Mood, song: _Song) -> None:
    """A slow minor progression under a warm pad and low strings; a felt piano plays few notes."""
    voicing: list[int] | None = None
    tonic = mood.key + 24

    def felt(midi: int, seconds: float) -> np.ndarray:  # a soft hammer: dark, and left to ring
        return _cut(_grand(midi, seconds + 1.5, 0.25), seconds + 1.5, 0.4)

    for b in range(song.bars):
        root, intervals = mood.chords[b % len(mood.chords)]
        start, section = b * song.bar, (b // 4) % 4
        voicing = _voicing(mood.key + root, intervals, voicing)
        for i, note in enumerate(voicing):
            pad = song.sound(("pad", note), partial(_warm_pad, note, song.bar + 0.9))
            song.play(pad, start, pan=-0.5 + i / max(1, len(voicing) - 1))
        low = _bass_note(mood.key, root)
        song.play(song.sound(("cello", low), partial(_bowed, low, song.bar + 0.6)), start)
        if section >= 2:  # a violin line opens up above for the second half
            top = voicing[-1] + 12
            song.play(song.sound(("violin", top), partial(_bowed, top, song.bar + 0.6)), start, 0.3, 0.3)
        if section == 0 and b % 2 == 1:  # the intro hints at the tune: its last notes only
            _play_tune(song, _SAD_TUNE, b, tonic, felt, pan=0.15, gain=_FELT, only=lambda pos: pos >= 2)
        elif section == 1:
            _play_tune(song, _SAD_TUNE, b, tonic, felt, pan=0.15, gain=_FELT)
        elif section == 2:
            _play_tune(song, _SAD_ANSWER, b, tonic, felt, pan=0.1, gain=_FELT)
        elif section == 3:  # thinning out towards the loop point: on-beat notes only
            _play_tune(
                song, _SAD_TUNE, b, tonic, felt, pan=0.15, gain=_FELT, only=lambda pos: pos == int(pos)
            )


_PIANO_TUNE: Tune = (  # over I - V - vi7 - IVmaj7 in G
    ((0, 4, 1.5), (1.5, 2, 0.5), (2, 0, 1), (3, 7, 1)),
    ((0, 2, 2), (2, -1, 1), (3, 2, 1)),
    ((0, 0, 1.5), (1.5, 4, 0.5), (2, 9, 2)),
    ((0, 7, 1), (1, 5, 1), (2, 4, 2)),
)


_PIANO_VARIATION: Tune = (
    ((0, 7, 1.5), (1.5, 9, 0.5), (2, 11, 1), (3, 12, 1)),
    ((0, 14, 2), (2, 11, 1), (3, 9, 1)),
    ((0, 7, 1), (1, 4, 1), (2, 9, 1.5), (3.5, 7, 0.5)),
    ((0, 4, 1), (1, 2, 1), (2, 0, 2)),
)


def _arrange_piano(mood: Mood, song: _Song) -> None:
    """Solo piano: a pedalled broken chord over two octaves; the melody is hinted at in the intro,
    played from the second phrase, doubled an octave down in the third, varied in the fourth."""
    beat, bar = song.beat, song.bar

    def struck(midi: int, velocity: float, seconds: float) -> np.ndarray:
        layer = max(0.25, round(velocity * 4) / 4)  # a few velocity layers; in between is level
        note = song.sound(("grand", midi, layer), lambda: _grand(midi, bar + 0.4, layer))
        return _cut(note, seconds) * (velocity / layer)

    for b in range(song.bars):
        root, intervals = mood.chords[b % len(mood.chords)]
        start, section = b * bar, (b // 4) % 4
        low = _bass_note(mood.key, root, 40)
        third = 3 if 3 in intervals else 4
        for k, step in enumerate((0, 7, 12, 14, 12 + third, 14, 12, 7)):
            velocity = 0.55 if k == 0 else 0.38 + 0.06 * (k % 2 == 0) + song.rng.uniform(-0.04, 0.04)
            ring = bar - k * beat / 2 + 0.25  # the pedal holds everything to the next bar line
            sound = struck(low + step, velocity, ring)
            song.play(sound, start + k * beat / 2 + song.late(5), pan=-0.35 + step / 40)
        if section == 0 and b % 4 < 2:
            continue
        tune = _PIANO_VARIATION if section == 3 else _PIANO_TUNE
        for pos, step, beats in tune[b % len(tune)]:
            if section == 0 and pos != int(pos):
                continue  # the intro's hint: the tune's on-beat notes only
            for octave in (0, -12) if section == 2 else (0,):
                note = mood.key + 24 + step + 12 * (section == 2) + octave
                sound = struck(note, 0.62 if octave == 0 else 0.4, beats * beat + 0.35)
                song.play(sound, start + pos * beat + song.late(5), pan=0.2, gain=0.9)


def _walking_line(mood: Mood, bars: int, rng: np.random.Generator) -> list[int]:
    """Four quarter notes a bar: the root on one, chord and scale tones heading for the next root,
    and a half step (or its fifth) leading into it on four. Steps stay within a fifth."""
    scale = {(mood.key + s) % 12 for s in (0, 2, 4, 5, 7, 9, 11)}
    line: list[int] = []
    for b in range(bars):
        root, intervals = mood.chords[b % len(mood.chords)]
        nxt_root = mood.chords[(b + 1) % len(mood.chords)][0]
        # Roots stay in one octave (G1..F#2), so the last bar leads into the first as any other.
        here, there = _bass_note(mood.key, root, 31), _bass_note(mood.key, nxt_root, 31)
        fifth = there + 7 if abs(there + 7 - here) < abs(there - 5 - here) else there - 5
        approaches = [there - 1, there + 1, fifth]
        first = int(rng.choice(3, p=[0.45, 0.35, 0.2]))  # the player's taste, then what fits
        chord = set(_tones(mood.key + root, intervals))
        candidates = [m for m in range(28, 53) if m % 12 in chord or m % 12 in scale]
        walk = None
        for approach in approaches[first:] + approaches[:first]:
            walk = _walk_between(here, approach, candidates, chord, rng)
            if walk is not None:
                line += [here, *walk, approach]
                break
        if walk is None:  # no stepwise way there: root, fifth, octave, and a half step
            line += [here, here + 7, here + 12, there + 1]
    return line


def _walk_between(
    here: int, approach: int, candidates: list[int], chord: set[int], rng: np.random.Generator
) -> tuple[int, int] | None:
    """Beats two and three: evenly on the way from ``here`` to ``approach``, preferring chord
    tones on three, every step at most a fifth, no note repeated."""
    best: tuple[float, int, int] | None = None
    for two in candidates:
        for three in candidates:
            steps = (abs(two - here), abs(three - two), abs(approach - three))
            if len({here, two, three, approach}) < 4 or max(steps) > 7:
                continue
            cost = abs(two - (2 * here + approach) / 3) + abs(three - (here + 2 * approach) / 3)
            cost += (0 if three % 12 in chord else 1.5) + (0 if two % 12 in chord else 0.4)
            cost += rng.random() * 0.6  # a choice among near-equals
            if best is None or cost < best[0]:
                best = (cost, two, three)
    return None if best is None else (best[1], best[2])


_JAZZ_HEAD: Tune = (  # over ii9 - V13 - Imaj9 - VI7b9 in F; offbeats are swung (2/3 of a beat)
    ((2 / 3, 4, 1 / 3), (1, 5, 2 / 3), (5 / 3, 9, 1), (3, 12, 1)),
    ((0, 11, 1.5), (5 / 3, 9, 1 / 3), (2, 7, 2 / 3), (8 / 3, 4, 4 / 3)),
    ((0, 2, 2), (8 / 3, 4, 1 / 3), (3, 7, 1)),
    ((0, 13, 1), (1, 10, 2 / 3), (5 / 3, 7, 1 / 3), (2, 4, 2)),
)


_JAZZ_SECOND: Tune = (
    ((0, 12, 2 / 3), (2 / 3, 9, 1 / 3), (1, 5, 1), (8 / 3, 9, 1 / 3), (3, 7, 1)),
    ((0, 4, 1), (1, 7, 2 / 3), (5 / 3, 11, 4 / 3), (3, 14, 1)),
    ((0, 16, 1.5), (5 / 3, 14, 1 / 3), (2, 11, 2)),
    ((0, 9, 2 / 3), (2 / 3, 13, 1 / 3), (1, 16, 1), (2, 10, 1), (3, 9, 1)),
)


_BRUSHES = ("ride", "swish", "feather", "chick")


_COMPING = (((0, 0.8), (5 / 3, 1.2)), ((2 / 3, 0.6), (8 / 3, 1.2)), ((1, 0.9), (11 / 3, 0.6)))


def _arrange_jazz(mood: Mood, song: _Song) -> None:
    """A trio and vibes: walking bass, rootless comping, brushes and ride, a head from phrase two."""
    beat, bar = song.beat, song.bar
    line = _walking_line(mood, song.bars, song.rng)
    voicings: list[list[int]] = []
    for b in range(song.bars):
        root, intervals = mood.chords[b % len(mood.chords)]
        voicings.append(_voicing(mood.key + root, intervals, voicings[-1] if voicings else None))
    for b in range(song.bars):
        start, section = b * bar, (b // 4) % 4
        for k in range(4):
            note = line[4 * b + k]
            sound = song.sound(("upright", note), partial(_upright, note, beat * 1.1))
            song.play(sound, start + k * beat + song.late(5), pan=-0.05, gain=1.0 if k % 2 == 0 else 0.85)
        for pos, length in _COMPING[int(song.rng.integers(len(_COMPING)))]:
            chord = voicings[(b + 1) % song.bars] if pos > 3.5 else voicings[b]  # a push: next bar's chord
            for i, note in enumerate(chord):
                sound = song.sound(("grand", note), partial(_grand, note, 1.6, 0.45))
                song.play(
                    _cut(sound, length * beat),
                    start + pos * beat + i * 0.004 + song.late(6),
                    pan=-0.3 + 0.15 * i,
                    gain=1.0,
                )
        ride, swish, feather, chick = (song.sound((kind,), partial(_kit, kind, 7)) for kind in _BRUSHES)
        for pos in (0, 1, 5 / 3, 2, 3, 11 / 3):  # spang-a-lang, accents on 2 and 4
            gain = 1.4 if pos in (1, 3) else 1.0 if pos == int(pos) else 0.75
            song.hit(ride, start + pos * beat + song.late(4), 0.35, gain)
        for k in range(4):
            song.hit(swish, start + (k - 0.25) * beat, -0.2)
            song.hit(feather, start + k * beat, 0.0)
            if k % 2:
                song.hit(chick, start + k * beat + song.late(3), -0.3)
        if section in (1, 3):
            _play_tune(song, _JAZZ_HEAD, b, mood.key + 24, _vibes, ring=0.5, pan=0.3, gain=0.6)
        elif section == 2:
            _play_tune(song, _JAZZ_SECOND, b, mood.key + 24, _vibes, ring=0.5, pan=0.3, gain=0.6)


# How a guitarist voices these chords: open shapes, low string to high, by (root pitch class, minor).
_GUITAR_SHAPES: dict[tuple[int, bool], tuple[int, ...]] = {
    (7, False): (43, 47, 50, 55, 59, 67),  # G
    (0, False): (48, 52, 55, 60, 64),  # C
    (2, False): (50, 57, 62, 66),  # D
    (4, True): (40, 47, 52, 55, 59, 64),  # Em
    (9, True): (45, 52, 57, 60, 64),  # Am
    (9, False): (45, 52, 57, 61, 64),  # A
    (4, False): (40, 47, 52, 56, 59, 64),  # E
    (2, True): (50, 57, 62, 65),  # Dm
}


_STRUM = (
    (0, "down", 0.95),
    (1, "down", 0.7),
    (1.5, "up", 0.5),
    (2.5, "up", 0.55),
    (3, "down", 0.75),
    (3.5, "up", 0.5),
)


_FOLK_TUNE: Tune = (  # over G C G D | Em C G D
    ((0, 4, 1), (1, 7, 1), (2, 4, 0.5), (2.5, 2, 0.5), (3, 0, 1)),
    ((0, 4, 1.5), (1.5, 5, 0.5), (2, 4, 1), (3, 0, 1)),
    ((0, 2, 1), (1, 4, 1), (2, 7, 2)),
    ((0, 7, 1.5), (1.5, 4, 0.5), (2, 2, 2)),
    ((0, 4, 1), (1, 7, 1), (2, 9, 1.5), (3.5, 7, 0.5)),
    ((0, 4, 2), (2, 5, 0.5), (2.5, 4, 0.5), (3, 0, 1)),
    ((0, 2, 1), (1, 4, 1), (2, 2, 1), (3, -5, 1)),
    ((0, -1, 2), (2, 2, 2)),
)


def _guitar_shape(key: int, root: int, intervals: tuple[int, ...]) -> tuple[int, ...]:
    shape = _GUITAR_SHAPES.get(((key + root) % 12, 3 in intervals))
    if shape is not None:
        return shape
    return (_bass_note(key, root, 40), *_voicing(key + root, intervals, None))


def _arrange_acoustic(mood: Mood, song: _Song) -> None:
    """Steel-string guitar strumming open chords, a fingerpicked tune, shaker, then stomp and clap."""
    beat, bar = song.beat, song.bar

    def string(midi: int, bright: float) -> np.ndarray:
        seed = midi * 3 + int(bright * 10)
        return song.sound(("string", midi, bright), lambda: _string(midi, bar + 0.5, bright, 3.0, seed))

    def fingered(midi: int, seconds: float) -> np.ndarray:
        return _cut(string(midi, 0.8), seconds)

    for b in range(song.bars):
        root, intervals = mood.chords[b % len(mood.chords)]
        start, section = b * bar, (b // 4) % 4
        shape = _guitar_shape(mood.key, root, intervals)
        hits: list[tuple[float, int, float]] = []  # (time, string index, velocity)
        for pos, stroke, velocity in _STRUM:
            at = start + pos * beat + song.late(4)
            top = len(shape) - 1
            order = range(len(shape)) if stroke == "down" else range(top, max(-1, top - 4), -1)
            for j, s in enumerate(order):  # a strum sweeps the strings a few ms apart
                hits.append((at + j * 0.008, s, velocity * (0.85 + 0.3 * song.rng.random())))
        for i, (at, s, velocity) in enumerate(hits):
            again = [t for t, s2, _ in hits[i + 1 :] if s2 == s]
            ring = (again[0] if again else start + bar + 0.02) - at + 0.03  # until struck again
            pan = -0.3 + 0.12 * s / len(shape)
            song.play(_cut(string(shape[s], 0.55), ring, 0.03), at, pan=pan, gain=velocity * _STRUM_LEVEL)
        if section >= 1:
            _play_tune(song, _FOLK_TUNE, b, mood.key + 24, fingered, ring=0.35, pan=0.35, gain=0.8)
            shaker = song.sound(("shaker",), lambda: _kit("shaker", 11))
            for k in range(16):
                at = start + k * beat / 4 + song.late(3)
                song.hit(shaker, at, 0.45, _SHAKER_LEVEL * (1.0 if k % 4 == 2 else 0.55))
        if section >= 2:
            stomp = song.sound(("stomp",), lambda: _kit("stomp", 12))
            clap = song.sound(("clap",), lambda: _kit("clap", 13))
            for k in range(4):
                song.hit(
                    clap if k % 2 else stomp, start + k * beat + song.late(3), 0.0, 0.45 if k % 2 else 0.6
                )


_STRUM_LEVEL = 0.5


_SHAKER_LEVEL = 3.0


def _arrange_electronic(mood: Mood, song: _Song) -> None:
    """Four-on-the-floor: kick every beat, pumped supersaw chords, offbeat bass, a 16th arpeggio."""
    beat, bar = song.beat, song.bar
    voicing: list[int] | None = None
    cutoffs = (1000.0, 2200.0, 3400.0, 1800.0)  # the filter opens phrase by phrase
    for b in range(song.bars):
        root, intervals = mood.chords[b % len(mood.chords)]
        start, section = b * bar, (b // 4) % 4
        voicing = _voicing(mood.key + root, intervals, voicing)
        cutoff = cutoffs[section]
        for i, note in enumerate(voicing):
            saw = song.sound(("saw", note, cutoff), partial(_supersaw, note, bar, cutoff))
            song.play(saw, start, pan=-0.6 + 1.2 * i / max(1, len(voicing) - 1))
        for k in range(4):
            song.hit(song.sound(("kick",), lambda: _kit("kick", 1)), start + k * beat)
        for k in range(16):
            song.hit(
                song.sound(("closed",), lambda: _kit("closed", 2)),
                start + k * beat / 4 + song.late(2),
                0.25,
                (0.7 if k % 2 else 0.35) if section else 0.35,
            )
        if section >= 1:
            for k in range(4):
                song.hit(song.sound(("open",), lambda: _kit("open", 3)), start + (k + 0.5) * beat, -0.2, 0.6)
            for k in (1, 3):
                song.hit(song.sound(("clap",), lambda: _kit("clap", 4)), start + k * beat, 0.05)
            low = _bass_note(mood.key, root, 33)
            for k in range(4):
                note = low + (12 if k == 3 else 0)
                bass = song.sound(("bass", note), partial(_synth_bass, note, beat * 0.45))
                song.play(bass, start + (k + 0.5) * beat)
        if section >= 2 or b % 4 >= 2:
            tones = [*voicing, *(n + 12 for n in voicing)]
            for k in range(16):
                note = tones[k % len(tones)] + 12
                blip = song.sound(("blip", note), partial(_blip, note, beat * 0.6))
                song.play(
                    blip, start + k * beat / 4, pan=0.4 if k % 2 else -0.4, gain=2.2 if k % 4 == 0 else 1.7
                )


_ARRANGERS: dict[str, Callable[[Mood, _Song], None]] = {
    "classic": _arrange_classic,
    "sad": _arrange_sad,
    "piano": _arrange_piano,
    "jazz": _arrange_jazz,
    "acoustic": _arrange_acoustic,
    "electronic": _arrange_electronic,
}
