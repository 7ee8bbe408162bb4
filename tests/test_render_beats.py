"""The beat tracker on click tracks and on the library's own music, and the library's grids."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_render_music import loop_of
from test_render_util import ffmpeg

from nemo_skill import DraftError, InputError
from nemo_skill.models.draft import MOODS
from nemo_skill.render import beats
from nemo_skill.render.music import SAMPLE_RATE, beat_period, save_wav, synthesize

pytestmark = pytest.mark.slow  # synthesises library music and tracks its beats, renders

RATE = 48_000


def click_track(
    bpm: float, seconds: float, lead_in: float = 0.0, rate: int = RATE
) -> tuple[np.ndarray, np.ndarray]:
    """A 1 kHz click (10 ms, decaying) on every beat after ``lead_in`` seconds of quiet hiss."""
    rng = np.random.default_rng(int(bpm * 10))
    x = rng.normal(0, 0.003, int(seconds * rate)).astype(np.float32)
    n = int(0.01 * rate)
    click = (np.exp(-np.arange(n) / (0.002 * rate)) * np.sin(2 * np.pi * 1000 * np.arange(n) / rate)).astype(
        np.float32
    )
    times = np.arange(lead_in, seconds - 0.05, 60.0 / bpm)
    for t in times:
        i = round(t * rate)
        x[i : i + n] += click[: len(x) - i]
    return x, times


def _errors(found: tuple[float, ...], truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each found beat the distance to the nearest true one, and the reverse."""
    f = np.asarray(found)
    return np.abs(f[:, None] - truth[None, :]).min(axis=1), np.abs(truth[:, None] - f[None, :]).min(axis=1)


@pytest.mark.parametrize("bpm", [60, 75, 93, 110, 128, 150, 174])
@pytest.mark.parametrize("lead_in", [0.0, 1.37])
def test_every_click_is_found_within_20_ms(bpm: float, lead_in: float) -> None:
    x, truth = click_track(bpm, 20.0, lead_in)
    grid = beats.track_beats(x, RATE)
    assert grid.tempo_bpm == pytest.approx(bpm, rel=0.005)
    extra, missed = _errors(grid.beats_s, truth)
    assert extra.max() < 0.020, f"a beat {extra.max() * 1000:.1f} ms from any click"
    assert missed.max() < 0.020, f"a click {missed.max() * 1000:.1f} ms from any beat"
    assert grid.beats_s[0] >= lead_in - 0.02, "no beats in the silence before the music"


def test_integer_pcm_and_other_rates_give_the_same_beats() -> None:
    x, truth = click_track(93, 12.0, 0.5, rate=44_100)
    pcm = np.stack([x, x], axis=1)
    pcm16 = (np.clip(pcm, -1, 1) * 32767).astype(np.int16)
    a, b = beats.track_beats(pcm, 44_100), beats.track_beats(pcm16, 44_100)
    assert a.tempo_bpm == pytest.approx(93, rel=0.005)
    assert len(a.beats_s) == len(b.beats_s) == len(truth)
    assert np.abs(np.array(a.beats_s) - np.array(b.beats_s)).max() < 0.002


def test_silence_noise_and_a_tone_have_no_beat() -> None:
    rng = np.random.default_rng(3)
    t = np.arange(10 * RATE) / RATE
    for sound in (np.zeros(10 * RATE), rng.normal(0, 0.2, 10 * RATE), 0.3 * np.sin(2 * np.pi * 440 * t)):
        assert beats.track_beats(sound, RATE) == beats.NO_BEATS
    assert beats.track_beats(np.zeros(100), RATE) == beats.NO_BEATS, "too short to tell"
    with pytest.raises(ValueError, match="sample rate"):
        beats.track_beats(np.zeros(100), 0)


# Pieces with a pulse a listener taps: the tracker must find the synthesiser's own grid.
# lofi is left out: its bass plays on 1.5 and 3.5 under a swung hat, which pulls the tracker
# to a dotted or double tempo; calm, sad and cinematic have no percussive pulse (slow bells,
# a felt piano, bowed strings) and the tracker says so rather than guess.
PULSED = ("romantic", "upbeat", "piano", "jazz", "acoustic", "electronic")


@pytest.mark.parametrize("mood", PULSED)
def test_tracker_finds_the_library_tracks_own_grid(mood: str) -> None:
    samples = synthesize(mood, 32)  # two phrases: the sparse intro and the full arrangement
    grid = beats.library_beats(mood, len(samples) / SAMPLE_RATE)
    found = beats.track_beats(samples, SAMPLE_RATE)
    assert found.tempo_bpm == pytest.approx(grid.tempo_bpm, rel=0.01)
    extra, missed = _errors(found.beats_s, np.array(grid.beats_s))
    # Soft attacks (a pad, a plucked string) speak a few ms after the note starts.
    assert np.median(extra) < 0.012 and np.percentile(extra, 90) < 0.025 and extra.max() < 0.05
    inside = missed[
        (np.array(grid.beats_s) > found.beats_s[0]) & (np.array(grid.beats_s) < found.beats_s[-1])
    ]
    assert (inside < 0.05).mean() >= 0.9, "nearly every beat of the grid is found"


@pytest.mark.parametrize("mood", ["calm", "sad", "cinematic"])
def test_tracker_does_not_invent_a_beat_in_ambient_library_tracks(mood: str) -> None:
    assert beats.track_beats(loop_of(mood), SAMPLE_RATE) == beats.NO_BEATS


@pytest.mark.parametrize("mood", MOODS)
def test_library_grid_is_the_synthesisers_and_survives_looping(mood: str) -> None:
    period = beat_period(mood)
    grid = beats.library_beats(mood, 125.0)
    assert grid.beats_s[0] == 0.0 and grid.beats_s[-1] < 125.0 <= grid.beats_s[-1] + period + 1e-5
    assert np.allclose(np.diff(grid.beats_s), period, atol=1e-5)
    assert grid.period_s == pytest.approx(period, rel=1e-4)
    # The renderer loops the piece: it is whole bars long, so the grid runs on unbroken.
    assert len(loop_of(mood)) % round(period * SAMPLE_RATE * 4) == 0
    with pytest.raises(DraftError, match="unknown music mood"):
        beats.library_beats("polka", 10)


def test_grid_helpers() -> None:
    g = beats.BeatGrid(120.0, (0.0, 0.5, 1.0, 1.5, 2.0))
    assert g.nearest(0.74) == 0.5 and g.nearest(0.76) == 1.0 and g.nearest(-3) == 0.0 and g.nearest(9) == 2.0
    assert g.snap(1.04, within=0.05) == 1.0 and g.snap(1.2, within=0.05) == 1.2
    assert g.between(0.5, 1.5) == (0.5, 1.0)
    assert g.shifted(2.0).beats_s[0] == 2.0 and g.period_s == 0.5
    assert beats.NO_BEATS.nearest(1.0) is None and beats.NO_BEATS.snap(1.0, 1.0) == 1.0


def test_a_file_is_decoded_and_tracked(tmp_path: Path) -> None:
    x, truth = click_track(93, 15.0, 0.8)
    wav = tmp_path / "clicks.wav"
    save_wav(wav, x, RATE)
    m4a = tmp_path / "clicks.m4a"
    ffmpeg("-i", str(wav), "-c:a", "aac", "-b:a", "128k", str(m4a))
    for path in (wav, m4a):
        grid = beats.beats_of_file(path)
        assert grid.tempo_bpm == pytest.approx(93, rel=0.005)
        extra, missed = _errors(grid.beats_s, truth)
        assert extra.max() < 0.02 and missed.max() < 0.02, path.suffix
    silent_video = tmp_path / "silent.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=64x64:d=1", "-an", str(silent_video))
    with pytest.raises(InputError, match="has no sound"):
        beats.beats_of_file(silent_video)
    (tmp_path / "junk.mp3").write_bytes(b"not audio at all" * 100)
    with pytest.raises(InputError, match="could not be decoded"):
        beats.beats_of_file(tmp_path / "junk.mp3")
