"""The library itself: a mood's piece composed, synthesised deterministically and cached as a
48 kHz stereo WAV (``library:<mood>`` in drafts).
"""

from __future__ import annotations

import hashlib
import os
import wave
from pathlib import Path

import numpy as np

from ..._exceptions import DraftError, InputError
from ...models.draft import MOODS
from .arrangements import _ARRANGERS, _Song
from .dsp import SAMPLE_RATE, _limit, _smooth, _space
from .moods import _MOODS, Mood

_VERSION = 1  # bump when the synthesis changes, so caches are rebuilt (new moods need no bump)


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
