"""The built-in music library: deterministic, cached, and music rather than a test tone."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np
import pytest

from nemo_skill import DraftError
from nemo_skill.models.draft import MOODS
from nemo_skill.render.music import SAMPLE_RATE, library_track, synthesize

pytestmark = pytest.mark.slow  # synthesises every library mood


def _peaks(mono: np.ndarray, start_s: float, seconds: float = 1.0) -> set[int]:
    """Strong spectral peaks (in 2 Hz bins) of one second of sound."""
    seg = mono[int(start_s * SAMPLE_RATE) : int((start_s + seconds) * SAMPLE_RATE)]
    spec = np.abs(np.fft.rfft(seg * np.hanning(len(seg))))
    freqs = np.fft.rfftfreq(len(seg), 1 / SAMPLE_RATE)
    mask = (freqs > 60) & (freqs < 2000)
    spec, freqs = spec[mask], freqs[mask]
    local_max = (spec[1:-1] > spec[:-2]) & (spec[1:-1] > spec[2:]) & (spec[1:-1] > spec.max() * 0.15)
    return {int(f // 2) for f in freqs[1:-1][local_max]}


@functools.cache
def loop_of(mood: str) -> np.ndarray:
    """A 16 s loop, made once per test session (tests/test_music_moods.py shares it), read-only."""
    loop = synthesize(mood, 16)
    loop.setflags(write=False)
    return loop


@pytest.fixture(scope="module")
def loops() -> dict[str, np.ndarray]:
    return {mood: loop_of(mood) for mood in MOODS}


def test_moods_are_the_documented_ten() -> None:
    assert set(MOODS) == {
        *("romantic", "cinematic", "upbeat", "calm", "lofi"),
        *("sad", "piano", "jazz", "acoustic", "electronic"),
    }


def test_every_mood_is_music_not_a_tone(loops: dict[str, np.ndarray]) -> None:
    for mood, loop in loops.items():
        mono = loop.mean(axis=1)
        assert loop.shape[1] == 2 and np.abs(loop).max() <= 1.0
        assert len(mono) / SAMPLE_RATE >= 10
        rms = [
            float(np.sqrt(np.mean(mono[i : i + SAMPLE_RATE] ** 2)))
            for i in range(0, len(mono) - SAMPLE_RATE, SAMPLE_RATE)
        ]
        assert min(rms) > 0.01, f"{mood}: silent seconds"
        chords = [_peaks(mono, t) for t in (1.0, 4.5, 8.0, 11.5)]
        assert all(len(c) >= 3 for c in chords), f"{mood}: fewer than three pitches at once"
        assert len(set().union(*chords)) >= 8, f"{mood}: the harmony never moves"
        assert np.abs(loop[:, 0] - loop[:, 1]).mean() > 1e-3, f"{mood}: mono, not stereo"


def _onsets(loop: np.ndarray) -> float:
    """How sharply the loudness jumps (20 ms frames): drum hits make strong jumps."""
    x = loop.mean(axis=1)
    env = np.sqrt((x[: len(x) // 960 * 960].reshape(-1, 960) ** 2).mean(axis=1))
    jumps = np.diff(env)
    return float(np.percentile(jumps, 99.5) / np.median(np.abs(jumps)))


def test_rhythmic_moods_have_drums(loops: dict[str, np.ndarray]) -> None:
    for mood in ("upbeat", "lofi"):
        assert _onsets(loops[mood]) > 1.2 * _onsets(loops["calm"]), f"{mood}: no more attack than a pad"


def test_music_is_deterministic_and_cached(tmp_path: Path) -> None:
    a = library_track("romantic", 8, tmp_path / "c1")
    b = library_track("romantic", 8, tmp_path / "c2")
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert digest(a) == digest(b)
    mtime = a.stat().st_mtime_ns
    assert library_track("romantic", 8, tmp_path / "c1") == a and a.stat().st_mtime_ns == mtime, (
        "served from cache"
    )
    import wave

    with wave.open(str(a)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48000, 2, 2)


def test_unknown_mood_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="unknown music mood 'polka'"):
        library_track("polka", 8, tmp_path)
