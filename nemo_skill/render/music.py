"""The built-in music library: pieces composed and synthesised here, deterministically.

Ten moods, the ones the interpreter can choose: romantic, cinematic, upbeat, calm and
lofi (pads, a bass, an arpeggio or slow melody, soft drums for the rhythmic two, vinyl
crackle for lofi); sad (a slow minor progression under a warm pad and a sparse felt
piano); piano (a solo piano with inharmonic, two-stage-decay strings, a pedalled broken
chord and a melody); jazz (rootless ninth and thirteenth chords over ii-V-I-VI, a walking
upright bass, brushes and a swung ride, a vibraphone head); acoustic (Karplus-Strong
guitar strumming a folk progression, a fingerpicked melody, shaker); electronic (four-on-
the-floor kick, filtered supersaw chords pumped by a sidechain, an arpeggiator, offbeat
bass). Each is rendered with numpy and cached as a 48 kHz stereo WAV. Reverb is a
circular convolution and every note past the end wraps to the start, so the loop has no
seam. Referenced from drafts as ``library:<mood>``. No samples, no downloads.
"""

from __future__ import annotations

import hashlib
import os
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

from .._exceptions import DraftError, InputError
from ..models.draft import MOODS

SAMPLE_RATE = 48_000
_VERSION = 1  # bump when the synthesis changes, so caches are rebuilt (new moods need no bump)

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


def _hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _env(n: int, attack: float, release: float, decay: float = 0.0) -> np.ndarray:
    t = np.arange(n) / SAMPLE_RATE
    env = np.minimum(1.0, t / max(attack, 1e-3))
    if decay > 0:
        env *= np.exp(-t / decay)
    tail = max(1, int(release * SAMPLE_RATE))
    env[-tail:] *= np.linspace(1.0, 0.0, min(tail, n))[-len(env[-tail:]) :]
    return env


def _voice(kind: str, midi: float, seconds: float, rng: np.random.Generator) -> np.ndarray:
    n = max(1, int(seconds * SAMPLE_RATE))
    t = np.arange(n) / SAMPLE_RATE
    f = _hz(midi)
    out = np.zeros(n)
    if kind == "pad" or kind == "strings":
        # Detuned, softened saw: a few harmonics per oscillator, slow attack.
        for detune in (-0.08, 0.08) if kind == "pad" else (-0.12, 0.0, 0.12):
            ff = f * 2 ** (detune / 12)
            phase = rng.uniform(0, 2 * np.pi)
            for k in range(1, 6 if kind == "strings" else 4):
                if ff * k < 8000:
                    out += np.sin(2 * np.pi * ff * k * t + phase * k) / k**1.3
        out *= _env(n, 0.9 if kind == "strings" else 0.5, 0.6)
        if kind == "strings":  # a gentle bowing vibrato
            out *= 1 + 0.05 * np.sin(2 * np.pi * 5.2 * t)
        return out * 0.18
    if kind == "piano":
        for k, amp in enumerate((1.0, 0.45, 0.22, 0.12, 0.06), start=1):
            out += amp * np.sin(2 * np.pi * f * k * t) * np.exp(-t * (1.2 + 1.1 * k))
        return out * _env(n, 0.004, 0.05) * 0.5
    if kind == "pluck":
        for k, amp in enumerate((1.0, 0.5, 0.3, 0.15), start=1):
            out += amp * np.sin(2 * np.pi * f * k * t) * np.exp(-t * (6 + 4 * k))
        return out * _env(n, 0.003, 0.03) * 0.45
    if kind == "bell":
        for ratio, amp, decay in ((1.0, 1.0, 1.6), (2.0, 0.35, 0.9), (2.76, 0.25, 0.6), (5.4, 0.08, 0.3)):
            out += amp * np.sin(2 * np.pi * f * ratio * t) * np.exp(-t / decay)
        return out * _env(n, 0.003, 0.1) * 0.35
    if kind == "rhodes":
        out = np.sin(2 * np.pi * f * t) + 0.25 * np.sin(2 * np.pi * 2 * f * t) * np.exp(-t * 4)
        out *= np.exp(-t * 0.9) * (1 + 0.12 * np.sin(2 * np.pi * 4.5 * t))
        return out * _env(n, 0.006, 0.08) * 0.4
    if kind == "bass":
        out = (
            np.sin(2 * np.pi * f * t)
            + 0.3 * np.sin(2 * np.pi * 2 * f * t)
            + 0.1 * np.sin(2 * np.pi * 3 * f * t)
        )
        return out * _env(n, 0.015, 0.12, decay=1.8) * 0.42
    raise AssertionError(kind)


def _drum(kind: str, rng: np.random.Generator) -> np.ndarray:
    n = int(0.35 * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    if kind == "kick":
        freq = 45 + 75 * np.exp(-t * 28)
        return np.sin(2 * np.pi * np.cumsum(freq) / SAMPLE_RATE) * np.exp(-t * 9) * 0.9
    noise = rng.standard_normal(n)
    if kind == "snare":
        bright = np.diff(noise, prepend=0.0)  # tilted towards the highs
        return (0.35 * bright * np.exp(-t * 22) + 0.3 * np.sin(2 * np.pi * 185 * t) * np.exp(-t * 30)) * 0.7
    if kind == "hat":
        hiss = np.diff(np.diff(noise, prepend=0.0), prepend=0.0)
        return hiss * np.exp(-t * 70) * 0.08
    raise AssertionError(kind)


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


def _add(buf: np.ndarray, sound: np.ndarray, at: float, pan: float = 0.0) -> None:
    """Mix a mono sound into the stereo loop at ``at`` seconds, wrapping past the end."""
    start = int(at * SAMPLE_RATE) % buf.shape[0]
    left, right = np.cos((pan + 1) * np.pi / 4), np.sin((pan + 1) * np.pi / 4)
    n = len(sound)
    first = min(n, buf.shape[0] - start)
    buf[start : start + first, 0] += sound[:first] * left
    buf[start : start + first, 1] += sound[:first] * right
    if first < n:
        rest = sound[first:][: buf.shape[0]]
        buf[: len(rest), 0] += rest * left
        buf[: len(rest), 1] += rest * right


def _smooth(n: int) -> int:
    """The nearest number >= n with no prime factor above 5: FFTs of that length are fast."""
    while True:
        m = n
        for p in (2, 3, 5):
            while m % p == 0:
                m //= p
        if m == 1:
            return n
        n += 1


def _space(buf: np.ndarray, wet: float, corner_hz: float, rng: np.random.Generator) -> np.ndarray:
    """Reverb (a decaying-noise impulse per channel) and a gentle low-pass, in one pass over
    the spectrum. Circular convolution: the tail of the last bar rings into the first."""
    n = buf.shape[0]
    ir_len = min(n, int(1.8 * SAMPLE_RATE))
    t = np.arange(ir_len) / SAMPLE_RATE
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    tone = 1 / np.sqrt(1 + (freqs / corner_hz) ** 4)
    tone *= 1 - np.exp(-((freqs / 35.0) ** 2))  # and no rumble below 35 Hz
    out = np.empty_like(buf)
    for ch in range(2):
        ir = np.zeros(n)
        ir[:ir_len] = rng.standard_normal(ir_len) * np.exp(-t * 3.2)
        ir[: int(0.012 * SAMPLE_RATE)] = 0  # pre-delay keeps the dry attack clear
        ir /= np.sqrt(np.sum(ir**2))
        spectrum = np.fft.rfft(buf[:, ch])
        out[:, ch] = np.fft.irfft(spectrum * (1 + wet * np.fft.rfft(ir)) * tone, n)
    return out


# ---------------------------------------------------------------- the piece as it is written


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


def _pump(n: int, beat: int, depth: float) -> np.ndarray:
    """Sidechain gain: ducked by ``depth`` on every beat (the kick), back up over 70% of the beat."""
    pos = np.arange(n) % beat
    gain = 1 - depth * (1 - np.clip(pos / (0.7 * beat), 0.0, 1.0)) ** 2
    attack = int(0.004 * SAMPLE_RATE)  # duck over 4 ms: a step in gain would click
    tail = pos >= beat - attack
    gain[tail] = 1 - depth * (pos[tail] - (beat - attack)) / attack
    return gain


def _limit(buf: np.ndarray, crest_db: float, block: int = 240) -> np.ndarray:
    """A look-ahead peak limiter: the rare strum or drum peak standing more than ``crest_db`` over
    the RMS is turned down over a few ms, instead of setting the level of the whole piece."""
    ceiling = float(np.sqrt(np.mean(buf**2))) * 10 ** (crest_db / 20)
    blocks = -(-len(buf) // block)
    padded = np.zeros((blocks * block, 2))
    padded[: len(buf)] = buf
    peaks = np.abs(padded).reshape(blocks, block * 2).max(axis=1)
    need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    # Each block takes the lowest gain of its neighbours: the gain is down before a peak arrives
    # and recovers after it. np.roll wraps, as the loop does.
    gain = np.min([np.roll(need, s) for s in (-2, -1, 0, 1, 2)], axis=0)
    centres = np.arange(blocks) * block + block / 2
    curve = np.interp(np.arange(len(buf)), centres, gain, period=blocks * block)
    return buf * curve[:, None]


def _cut(sound: np.ndarray, seconds: float, release: float = 0.07) -> np.ndarray:
    """The first ``seconds`` of a ringing note, ending in a damper fade rather than a click."""
    n = max(2, min(len(sound), int(seconds * SAMPLE_RATE)))
    out = sound[:n].copy()
    tail = min(n, max(2, int(release * SAMPLE_RATE)))
    out[-tail:] *= np.linspace(1.0, 0.0, tail)
    return out


def _band(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """Band-pass a short sound in the frequency domain (gentle 4th-order skirts)."""
    freqs = np.fft.rfftfreq(len(x), 1 / SAMPLE_RATE)
    gain = freqs**2 / np.sqrt(freqs**4 + low**4) / np.sqrt(1 + (freqs / high) ** 4)
    return np.fft.irfft(np.fft.rfft(x) * gain, len(x))


# ---------------------------------------------------------------- instruments of the newer moods


def _damped(freq: float, tau: float, n: int, block: int = 512) -> np.ndarray:
    """sin(2 pi f t) * exp(-t / tau), as powers of one complex step: far cheaper than sin and exp.
    The powers within a block times the powers at block starts (an outer product) vectorise,
    where one long running product would not."""
    step = np.exp(complex(-1 / (tau * SAMPLE_RATE), 2 * np.pi * freq / SAMPLE_RATE))
    head = np.cumprod(np.full(block, step))
    starts = np.cumprod(np.full(-(-n // block), head[-1])) / head[-1]
    return (starts[:, None] * head[None, :]).imag.ravel()[:n]


def _attack(sound: np.ndarray, seconds: float) -> np.ndarray:
    ramp = min(len(sound), max(1, int(seconds * SAMPLE_RATE)))
    sound[:ramp] *= np.linspace(0.0, 1.0, ramp)
    return sound


def _grand(midi: float, seconds: float, velocity: float) -> np.ndarray:
    """A piano note. Stiff strings stretch the partials (f_k = k f sqrt(1 + B k^2), B growing up
    the keyboard); each partial dies faster the higher it is, in two stages (the quick 'prompt'
    sound, then the slow aftersound of detuned unison strings that beat); the hammer is struck
    near 1/8 of the string, which hollows out the 8th partial; harder playing is brighter."""
    n = max(1, int(seconds * SAMPLE_RATE))
    f0 = _hz(midi)
    stiffness = 2.5e-4 * 2 ** ((midi - 60) / 15)
    life = 2.4 * (262 / f0) ** 0.45  # seconds: low strings ring longer
    softness = 0.28 - 0.22 * velocity  # how fast the partials fall off: a soft blow excites fewer
    out = np.zeros(n)
    for k in range(1, 17):
        fk = k * f0 * np.sqrt(1 + stiffness * k * k)
        if fk > 9000:
            break
        amp = np.exp(-softness * (k - 1)) / k**0.7 * (0.25 if k % 8 == 0 else 1.0)
        slow = life / (1 + 0.45 * (k - 1))
        m = min(n, int(5 * slow * SAMPLE_RATE))
        prompt = _damped(fk, slow * 0.16, m)
        if k <= 3:  # the unison strings a cent or so apart: the slow beating of a real piano
            after = 0.5 * (_damped(fk * 1.0006, slow, m) + _damped(fk * 0.9995, slow, m))
        else:
            after = _damped(fk, slow, m)
        out[:m] += amp * (0.6 * prompt + 0.4 * after)
    thump_n = min(n, int(0.012 * SAMPLE_RATE))
    noise = np.random.default_rng(int(midi * 8)).standard_normal(thump_n)
    out[:thump_n] += np.convolve(noise, np.ones(12) / 12, "same") * np.linspace(1, 0, thump_n) * 0.08
    return _attack(out, 0.002) * (0.2 + 0.45 * velocity) * 0.5


def _string(midi: float, seconds: float, bright: float, life: float, seed: int) -> np.ndarray:
    """Karplus-Strong: a burst of noise circulates in a delay line one period long and is averaged
    on every pass, so the highs die first as on a real string. An integer delay line is out of
    tune by up to half a sample, so the line runs at the nearest pitch above and the output is
    resampled to the exact one."""
    n = max(2, int(seconds * SAMPLE_RATE))
    exact = SAMPLE_RATE / _hz(midi)
    period = int(exact - 0.5)  # the two-point average adds half a sample of delay
    ratio = (period + 0.5) / exact  # < 1: read the line a little slower, lowering it into tune
    n_in = int(n * ratio) + 2
    loss = 0.001 ** (1 / (SAMPLE_RATE / (period + 0.5) * life))  # per pass: -60 dB after `life` s
    rng = np.random.default_rng(seed)
    burst = rng.uniform(-1.0, 1.0, period)
    width = 1 + int((1 - bright) * 0.25 * period)  # a softer finger: a smoother burst, fewer highs
    burst = np.convolve(burst, np.ones(width) / width, "same")
    burst -= np.roll(burst, max(1, period // 7)) * 0.5  # plucked near the bridge
    burst -= burst.mean()  # no DC circulating in the loop
    burst /= np.max(np.abs(burst)) or 1.0
    line = np.zeros(n_in + 1)  # line[0]: silence before the pluck, read by the first average
    line[1 : period + 1] = burst[: min(period, n_in)]
    for start in range(period + 1, n_in + 1, period):
        end = min(start + period, n_in + 1)
        line[start:end] = (
            loss * 0.5 * (line[start - period : end - period] + line[start - period - 1 : end - period - 1])
        )
    out = np.interp(np.arange(n) * ratio, np.arange(n_in), line[1:])
    return _attack(out, 0.0008)


def _upright(midi: float, seconds: float) -> np.ndarray:
    """Upright bass: a dark, short-lived plucked string plus the body's round low thump."""
    n = max(2, int(seconds * SAMPLE_RATE))
    body = _damped(_hz(midi), 0.5, n) * 0.7 + _damped(2 * _hz(midi), 0.25, n) * 0.2
    return (_string(midi, seconds, 0.15, 1.3, int(midi)) * 0.6 + _attack(body, 0.004)) * 0.5


def _vibes(midi: float, seconds: float) -> np.ndarray:
    """Vibraphone: an aluminium bar tuned to partials 1, 4 and 10, the upper ones short, with the
    motor-driven tremolo of the resonators."""
    n = max(2, int(seconds * SAMPLE_RATE))
    f = _hz(midi)
    out = _damped(f, 1.4, n) + 0.22 * _damped(4 * f, 0.25, n) + 0.05 * _damped(10 * f, 0.06, n)
    t = np.arange(n) / SAMPLE_RATE
    return _attack(out * (1 + 0.3 * np.sin(2 * np.pi * 5.3 * t)), 0.002) * 0.3


_TABLE = 2048


def _table(amps: np.ndarray) -> np.ndarray:
    """One period of sum(a_k sin(2 pi k x)), with the first sample repeated so reads can wrap."""
    x = np.arange(_TABLE + 1) / _TABLE
    k = np.arange(1, len(amps) + 1)
    return np.sin(2 * np.pi * np.outer(x, k)) @ amps


def _saw(freq: float, cutoff: float, odd_only: bool = False) -> np.ndarray:
    """A band-limited saw (or square) seen through a 4-pole low-pass at ``cutoff``: no aliasing."""
    k = np.arange(1, max(2, int(16000 / freq)) + 1)
    amps = (1 / k) / np.sqrt(1 + (k * freq / cutoff) ** 4)
    if odd_only:
        amps[1::2] = 0.0
    return _table(amps)


def _osc(table: np.ndarray, freq: float | np.ndarray, n: int, phase: float = 0.0) -> np.ndarray:
    """Read a one-period table at ``freq`` Hz (an array: a pitch that moves, e.g. vibrato)."""
    cycles: np.ndarray
    if isinstance(freq, np.ndarray):
        cycles = np.cumsum(freq[:n]) / SAMPLE_RATE + phase
    else:
        cycles = freq / SAMPLE_RATE * np.arange(n) + phase
    pos = cycles % 1.0 * _TABLE
    i = pos.astype(np.int64)
    return table[i] + (table[i + 1] - table[i]) * (pos - i)


def _warm_pad(midi: float, seconds: float) -> np.ndarray:
    """Two saws a few cents apart, low-passed a few harmonics up, swelling in and out."""
    n = max(2, int(seconds * SAMPLE_RATE))
    f = _hz(midi)
    table = _saw(f, min(4 * f, 1400))
    out = _osc(table, f * 2 ** (-7 / 1200), n) + _osc(table, f * 2 ** (7 / 1200), n, 0.5)
    return out * _env(n, 0.9, 0.9) * 0.1


def _bowed(midi: float, seconds: float) -> np.ndarray:
    """A bowed low string: a brighter saw, slow bow attack, vibrato that arrives after the attack."""
    n = max(2, int(seconds * SAMPLE_RATE))
    f = _hz(midi)
    t = np.arange(n) / SAMPLE_RATE
    wobble = f * (1 + 0.004 * np.sin(2 * np.pi * 5.1 * t) * np.minimum(1.0, t / 0.8))
    return _osc(_saw(f, min(8 * f, 2500)), wobble, n) * _env(n, 0.5, 0.7) * 0.16


def _supersaw(midi: float, seconds: float, cutoff: float) -> np.ndarray:
    """Three detuned saws through a low-pass: the wide chord stab of dance music."""
    n = max(2, int(seconds * SAMPLE_RATE))
    f = _hz(midi)
    table = _saw(f, cutoff)
    out = sum(
        _osc(table, f * 2 ** (cents / 1200), n, phase)
        for cents, phase in ((-14.0, 0.0), (0.0, 0.37), (13.0, 0.71))
    )
    return np.asarray(out) * _env(n, 0.012, 0.06) * 0.09


def _blip(midi: float, seconds: float) -> np.ndarray:
    """Arpeggiator voice: a square whose filter snaps shut (bright and dark tables crossfaded)."""
    n = max(2, int(seconds * SAMPLE_RATE))
    f = _hz(midi)
    t = np.arange(n) / SAMPLE_RATE
    shut = np.exp(-t / 0.045)
    out = _osc(_saw(f, 5000, True), f, n) * shut + _osc(_saw(f, 900, True), f, n) * (1 - shut)
    return out * np.exp(-t / 0.16) * _env(n, 0.002, 0.02) * 0.22


def _synth_bass(midi: float, seconds: float) -> np.ndarray:
    """A low-passed saw over a sine sub: round, but with enough harmonics to hear on small speakers."""
    n = max(2, int(seconds * SAMPLE_RATE))
    f = _hz(midi)
    t = np.arange(n) / SAMPLE_RATE
    out = _osc(_saw(f, 450), f, n) + 0.8 * np.sin(2 * np.pi * f * t)
    return out * np.exp(-t / 0.5) * _env(n, 0.004, 0.04) * 0.3


def _kit(kind: str, seed: int) -> np.ndarray:
    """Percussion of the newer moods: dance kit, brushes and ride, shaker and stomp."""
    rng = np.random.default_rng(seed)
    seconds = {"ride": 1.2, "open": 0.35, "swish": 0.5}.get(kind, 0.3)
    n = int(seconds * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    noise = rng.standard_normal(n)
    if kind in ("kick", "stomp", "feather"):
        low = {"kick": 48, "stomp": 55, "feather": 60}[kind]
        sweep = low + {"kick": 110, "stomp": 60, "feather": 40}[kind] * np.exp(-t * 35)
        body = np.sin(2 * np.pi * np.cumsum(sweep) / SAMPLE_RATE) * np.exp(-t * (6 if kind == "kick" else 14))
        click = _band(noise, 1500, 6000) * np.exp(-t * 600) * (0.25 if kind == "kick" else 0.05)
        return (body + click) * {"kick": 0.95, "stomp": 0.7, "feather": 0.25}[kind]
    if kind == "clap":  # a few hands a few ms apart, then the room
        env = sum(np.exp(-np.maximum(t - d, 0) * 180) * (t >= d) for d in (0.0, 0.011, 0.023))
        env = np.asarray(env) + 0.5 * np.exp(-t * 16)
        return _band(noise, 900, 3500) * env * 0.35
    if kind in ("closed", "open"):
        return _band(noise, 7000, 15000) * np.exp(-t * (90 if kind == "closed" else 11)) * 0.22
    if kind == "shaker":
        return _band(noise, 4000, 11000) * np.minimum(1, t / 0.006) * np.exp(-t * 40) * 0.12
    if kind == "chick":  # the hi-hat pedal on 2 and 4
        return _band(noise, 500, 9000) * np.exp(-t * 70) * 0.12
    if kind == "swish":  # a brush stirring the snare: swells and fades within a beat
        return _band(noise, 1800, 7000) * np.sin(np.pi * t / seconds) ** 2 * 0.035
    if kind == "ride":  # a struck plate: inharmonic partials over a bed of hiss
        ping = sum(_damped(f, d, n) for f, d in ((3150, 0.7), (4410, 0.5), (5870, 0.35), (7320, 0.25)))
        hiss = _band(noise, 5000, 13000) * np.exp(-t * 4)
        return (0.05 * np.asarray(ping) + 0.08 * hiss) * np.minimum(1, t / 0.001) * np.exp(-t * 1.5)
    raise AssertionError(kind)


# ---------------------------------------------------------------- arrangers

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


def _beat(mood: Mood) -> float:
    """Seconds per beat: a whole, FFT-friendly number of samples (the tempo moves by < 0.1%)."""
    return _smooth(int(60.0 / mood.bpm * SAMPLE_RATE)) / SAMPLE_RATE


def beat_period(mood: str) -> float:
    """Seconds per beat of a library mood's piece: every note is placed on this grid,
    from 0 (beats.library_beats lists it)."""
    if mood not in _MOODS:
        raise DraftError(f"unknown music mood {mood!r}; choose one of {', '.join(MOODS)}")
    return _beat(_MOODS[mood])


def _compose(mood: Mood, seconds: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    beat = _beat(mood)
    bars = max(4, round(seconds / (4 * beat) / 4) * 4)  # whole phrases of 4 bars
    song = _Song(beat, bars, rng, np.zeros((bars * 4 * round(beat * SAMPLE_RATE), 2)))
    _ARRANGERS[mood.style](mood, song)
    out = _space(song.mixdown(mood.pump), mood.reverb, mood.brightness, rng)
    if mood.crest is not None:
        out = _limit(out, mood.crest)
    if mood.crackle:
        dust = np.asarray((rng.random(out.shape[0]) < 0.0004) * rng.standard_normal(out.shape[0]) * 0.15)
        noise: np.ndarray = rng.standard_normal(out.shape[0]) * 0.004 + dust
        out += noise[:, None]
    peak = float(np.max(np.abs(out))) or 1.0
    return out * (0.7 / peak)  # about -3 dBFS; the renderer normalises loudness afterwards


def _default_cache() -> Path:
    override = os.environ.get("NEMO_SKILL_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("nemo-skill", appauthor=False))


def synthesize(mood: str, seconds: float = 60) -> np.ndarray:
    """The loop as float64 samples, shape (n, 2), in -1..1 (deterministic for a mood and length)."""
    if mood not in _MOODS:
        raise DraftError(f"unknown music mood {mood!r}; choose one of {', '.join(MOODS)}")
    seed = int(hashlib.sha256(f"{mood}:{_VERSION}".encode()).hexdigest()[:8], 16)
    return _compose(_MOODS[mood], max(4.0, float(seconds)), seed)


def library_track(mood: str, seconds: float = 60, cache_dir: Path | None = None) -> Path:
    """A 48 kHz stereo 16-bit WAV loop of about ``seconds`` (whole bars), made once and cached."""
    if mood not in _MOODS:
        raise DraftError(f"unknown music mood {mood!r}; choose one of {', '.join(MOODS)}")
    folder = Path(cache_dir) if cache_dir is not None else _default_cache()
    path = folder / "music" / f"{mood}-{round(seconds)}s-v{_VERSION}.wav"
    if path.is_file() and path.stat().st_size > 44:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the music cache folder {path.parent}: {exc.strerror}") from None
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        save_wav(tmp, synthesize(mood, seconds))
        os.replace(tmp, path)  # atomic: a concurrent render never reads half a file
    finally:
        tmp.unlink(missing_ok=True)
    return path


def save_wav(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> None:
    """Float samples in -1..1, (n,) or (n, channels), as a 16-bit PCM WAV."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1 if pcm.ndim == 1 else pcm.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
