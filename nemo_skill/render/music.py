"""The built-in music library: loops composed and synthesised here, deterministically.

Each mood is a short piece (chord progression with voice-led voicings, bass, an
arpeggio or melody, soft drums for the rhythmic moods, a stereo reverb), rendered
with numpy and cached as a 48 kHz stereo WAV. The reverb is a circular convolution,
so the tail of the last bar rings into the first and the loop has no seam.
Referenced from drafts as ``library:<mood>``. No samples, no downloads.
"""

from __future__ import annotations

import hashlib
import os
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._exceptions import DraftError, InputError

SAMPLE_RATE = 48_000
_VERSION = 1  # bump when the synthesis changes, so caches are rebuilt

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
    bpm: float
    key: int  # MIDI note of the tonic (bass octave)
    chords: tuple[Chord, ...]  # one per bar, repeated
    lead: str  # piano | bell | pluck | rhodes | strings
    pattern: str  # arpeggio | melody | offbeat
    drums: str | None  # four | boombap | None
    swing: float = 0.0
    brightness: float = 6000.0  # low-pass corner of the final mix, Hz
    reverb: float = 0.25
    crackle: bool = False


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
}
MOODS: tuple[str, ...] = tuple(_MOODS)


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


def _compose(mood: Mood, seconds: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # A beat of a whole, FFT-friendly number of samples (the tempo moves by < 0.1%).
    beat = _smooth(int(60.0 / mood.bpm * SAMPLE_RATE)) / SAMPLE_RATE
    bar = 4 * beat
    bars = max(4, round(seconds / bar / 4) * 4)  # whole phrases of 4 bars
    buf = np.zeros((bars * 4 * round(beat * SAMPLE_RATE), 2))
    voicing: list[int] | None = None
    melody_note = mood.key + 31
    scale = [0, 2, 4, 5, 7, 9, 11] if mood.chords[0][1][1] == 4 else [0, 2, 3, 5, 7, 8, 10]
    for b in range(bars):
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
            kicks = (0, 1, 2, 3) if mood.drums == "four" else (0, 2.5)
            for k in kicks:
                _add(buf, _drum("kick", rng) * (0.8 if mood.drums == "four" else 1.0), start + k * beat)
            for k in (1, 3):
                _add(buf, _drum("snare", rng), start + k * beat, pan=-0.1)
    out = _space(buf, mood.reverb, mood.brightness, rng)
    if mood.crackle:
        dust = (rng.random(out.shape[0]) < 0.0004) * rng.standard_normal(out.shape[0]) * 0.15
        out += (rng.standard_normal(out.shape[0]) * 0.004 + dust)[:, None]
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
    samples = synthesize(mood, seconds)
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(2)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
            w.writeframes(pcm.tobytes())
        os.replace(tmp, path)  # atomic: a concurrent render never reads half a file
    finally:
        tmp.unlink(missing_ok=True)
    return path
