"""Every mood the interpreter can choose is in the music library, and the five newer ones are
real, distinct music: checked by analysis (spectra, chroma, onset envelopes), since tests
cannot listen."""

from __future__ import annotations

import hashlib
import wave
from pathlib import Path

import av
import numpy as np
import pytest
from test_render_music import loop_of
from test_render_util import draft, textured

from nemo_skill.interpreter.defaults import MUSIC_MOODS
from nemo_skill.models.draft import MOODS
from nemo_skill.render.music import (
    SAMPLE_RATE,
    arrangements,
    dsp,
    instruments,
    library_track,
    moods,
    synthesize,
)

pytestmark = pytest.mark.slow  # synthesises library music and renders

NEW = ("sad", "piano", "jazz", "acoustic", "electronic")


def test_every_interpreter_mood_is_in_the_library() -> None:
    missing = set(MUSIC_MOODS) - set(MOODS)
    assert not missing, f"the interpreter can choose moods the renderer cannot play: {sorted(missing)}"
    assert set(NEW) <= set(MOODS)


def test_a_new_mood_renders_into_a_video(tmp_path: Path) -> None:
    """The bug this fixes: "add jazz music" made a draft whose render failed."""
    from nemo_skill.render import DirectoryResolver, render_draft

    textured(320, 180, seed=1).save(tmp_path / "p0.jpg")
    out = tmp_path / "jazz.mp4"
    render_draft(draft(["p0"], seg_ms=1500, music="library:jazz"), DirectoryResolver(tmp_path), out,
                 cache_dir=tmp_path / "cache")  # fmt: skip
    assert list((tmp_path / "cache" / "music").glob("jazz-*.wav"))
    with av.open(str(out)) as container:
        pcm = np.concatenate([f.to_ndarray().ravel() for f in container.decode(audio=0)])
    assert float(np.sqrt(np.mean(pcm[len(pcm) // 3 :] ** 2))) > 0.02, "the jazz is not audible"


@pytest.fixture(scope="module")
def loops() -> dict[str, np.ndarray]:
    return {mood: loop_of(mood) for mood in MOODS}


# ---------------------------------------------------------------- analysis helpers


def _spectrum(mono: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.fft.rfftfreq(len(mono), 1 / SAMPLE_RATE), np.abs(np.fft.rfft(mono)) ** 2


def _centroid(mono: np.ndarray) -> float:
    freqs, power = _spectrum(mono)
    return float((freqs * power).sum() / power.sum())


def _chroma(mono: np.ndarray) -> np.ndarray:
    """Energy per pitch class (C=0) between 60 Hz and 2 kHz, the loudest scaled to 1."""
    freqs, power = _spectrum(mono)
    keep = (freqs > 60) & (freqs < 2000)
    pcs = np.round(12 * np.log2(freqs[keep] / 440) + 69).astype(int) % 12
    chroma = np.bincount(pcs, power[keep], 12)
    return chroma / chroma.max()


def _band(mono: np.ndarray, low: float, high: float) -> np.ndarray:
    freqs = np.fft.rfftfreq(len(mono), 1 / SAMPLE_RATE)
    return np.fft.irfft(np.fft.rfft(mono) * ((freqs >= low) & (freqs < high)), len(mono))


def _envelope(x: np.ndarray, frame: int = 480) -> np.ndarray:
    """RMS in 10 ms frames."""
    return np.sqrt((x[: len(x) // frame * frame].reshape(-1, frame) ** 2).mean(axis=1))


def _tempo(mono: np.ndarray) -> float:
    """BPM of the strongest periodicity of the onset envelope, between 50 and 180 BPM."""
    onsets = np.maximum(0.0, np.diff(np.log(_envelope(mono) + 1e-6)))
    onsets -= onsets.mean()
    auto = np.fft.irfft(np.abs(np.fft.rfft(onsets, 2 * len(onsets))) ** 2)[: len(onsets)]
    lags = np.arange(len(auto)) * 0.01
    window = (lags > 60 / 180) & (lags < 60 / 50)
    return float(60 / lags[window][np.argmax(auto[window])])


def _same_tempo(a: float, b: float, tolerance: float = 0.04) -> bool:
    """Equal up to a doubling or halving (an onset tracker may lock onto either)."""
    ratio = a / b
    while ratio > np.sqrt(2):
        ratio /= 2
    while ratio < 1 / np.sqrt(2):
        ratio *= 2
    return abs(ratio - 1) < tolerance


def _beat_samples(mood: str) -> int:
    return dsp._smooth(int(60.0 / moods._MOODS[mood].bpm * SAMPLE_RATE))


def _fold(envelope: np.ndarray, beat: int, bins: int, frame: int) -> np.ndarray:
    """Average of an envelope (``frame``-sample frames) at each of ``bins`` phases of the beat."""
    phase = ((np.arange(len(envelope)) * frame) % beat * bins // beat).astype(int)
    return np.bincount(phase, envelope, bins) / np.bincount(phase, None, bins)


# ---------------------------------------------------------------- every newer mood


@pytest.mark.parametrize("mood", NEW)
def test_new_mood_is_deterministic(mood: str, loops: dict[str, np.ndarray]) -> None:
    assert np.array_equal(synthesize(mood, 16), loops[mood])


def test_new_mood_is_cached_as_the_same_wav(tmp_path: Path) -> None:
    first = library_track("electronic", 8, tmp_path / "a")
    second = library_track("electronic", 8, tmp_path / "b")
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    with wave.open(str(first)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (SAMPLE_RATE, 2, 2)
        assert w.getnframes() / SAMPLE_RATE > 7


@pytest.mark.parametrize("mood", NEW)
def test_new_mood_loops_without_a_seam(mood: str, loops: dict[str, np.ndarray]) -> None:
    loop = loops[mood]
    seam = float(np.abs(loop[0] - loop[-1]).max())
    typical = float(np.percentile(np.abs(np.diff(loop, axis=0)).max(axis=1), 99.9))
    assert seam < typical, f"{mood}: a jump of {seam:.3f} where the loop restarts"


@pytest.mark.parametrize("mood", NEW)
def test_new_mood_level_headroom_no_clipping_no_dc(mood: str, loops: dict[str, np.ndarray]) -> None:
    loop = loops[mood]
    peak = float(np.abs(loop).max())
    rms_db = 20 * np.log10(float(np.sqrt(np.mean(loop**2))))
    # The first five sit at -17..-15 dBFS RMS with 12-14 dB crest; the newer ones must match,
    # so the renderer's loudness gain treats them alike.
    assert abs(peak - 0.7) < 1e-6, f"{mood}: peak {peak:.3f}, not the library's -3 dBFS"
    assert -20 < rms_db < -12, f"{mood}: RMS {rms_db:.1f} dBFS"
    assert 20 * np.log10(peak) - rms_db < 14.5, f"{mood}: crest factor too high"
    assert np.abs(loop.mean(axis=0)).max() < 1e-3, f"{mood}: DC offset"
    wav = np.clip(loop, -1, 1) * 32767
    assert np.abs(wav).max() < 32000, f"{mood}: would clip as 16-bit"


@pytest.mark.parametrize("mood", NEW)
def test_new_mood_is_harmony_not_a_tone(mood: str, loops: dict[str, np.ndarray]) -> None:
    mono = loops[mood].mean(axis=1)
    chroma = _chroma(mono)
    assert (chroma > 0.1).sum() >= 5, f"{mood}: fewer than five pitch classes: {np.round(chroma, 2)}"
    freqs, power = _spectrum(mono)
    octaves = [power[(freqs >= lo) & (freqs < 2 * lo)].sum() for lo in (62.5, 125, 250, 500, 1000, 2000)]
    assert min(octaves) > 1e-4 * max(octaves), f"{mood}: an empty octave between 62 Hz and 4 kHz"
    seconds = len(mono) // SAMPLE_RATE
    quiet = [
        t
        for t in range(seconds)
        if np.sqrt(np.mean(mono[t * SAMPLE_RATE : (t + 1) * SAMPLE_RATE] ** 2)) < 0.01
    ]
    assert not quiet, f"{mood}: silent seconds {quiet}"


@pytest.mark.parametrize("mood", NEW)
def test_new_mood_is_distinct_from_every_other(mood: str, loops: dict[str, np.ndarray]) -> None:
    mine = loops[mood].mean(axis=1)
    for other in MOODS:
        if other == mood:
            continue
        theirs = loops[other].mean(axis=1)
        harmony = float(np.corrcoef(_chroma(mine), _chroma(theirs))[0, 1])
        brightness = _centroid(mine) / _centroid(theirs)
        assert (
            harmony < 0.9 or not 0.87 < brightness < 1.15 or not _same_tempo(_tempo(mine), _tempo(theirs))
        ), f"{mood} and {other} have the same harmony, brightness and tempo"


@pytest.mark.parametrize("mood", ("piano", "jazz", "acoustic", "electronic"))
def test_rhythmic_new_moods_keep_their_tempo(mood: str, loops: dict[str, np.ndarray]) -> None:
    found = _tempo(loops[mood].mean(axis=1))
    assert _same_tempo(found, moods._MOODS[mood].bpm), f"{mood}: {found:.1f} BPM heard"


# ---------------------------------------------------------------- each mood's character


def test_sad_is_minor_and_slowest(loops: dict[str, np.ndarray]) -> None:
    chroma = _chroma(loops["sad"].mean(axis=1))
    tonic = moods._MOODS["sad"].key % 12
    assert chroma[(tonic + 3) % 12] > 3 * chroma[(tonic + 4) % 12], "sad: the third is not minor"
    assert moods._MOODS["sad"].bpm == min(m.bpm for m in moods._MOODS.values())


def test_piano_strings_are_stretched_struck_and_decay() -> None:
    f0 = dsp._hz(60)
    note = instruments._grand(60, 2.5, 0.8)
    head = note[:SAMPLE_RATE] * np.hanning(SAMPLE_RATE)
    freqs, power = _spectrum(head)
    near = (freqs > 9.9 * f0) & (freqs < 10.4 * f0)
    tenth = float(freqs[near][np.argmax(power[near])])
    assert 1.004 < tenth / (10 * f0) < 1.03, "piano: the partials are not stretched like a stiff string"
    early = np.sqrt(np.mean(note[: SAMPLE_RATE // 2] ** 2))
    late = np.sqrt(np.mean(note[int(1.5 * SAMPLE_RATE) : 2 * SAMPLE_RATE] ** 2))
    assert late < 0.4 * early, "piano: the note does not decay"
    soft, hard = instruments._grand(60, 1.0, 0.2), instruments._grand(60, 1.0, 0.9)
    assert _centroid(hard) > 1.2 * _centroid(soft), "piano: playing harder is not brighter"


@pytest.mark.parametrize("midi", (40, 52, 64, 76))
def test_guitar_string_is_in_tune_and_its_highs_die_first(midi: int) -> None:
    string = instruments._string(midi, 1.6, 0.6, 3.0, seed=midi)
    segment = string[SAMPLE_RATE // 10 : SAMPLE_RATE // 10 + SAMPLE_RATE]
    freqs, power = _spectrum(np.pad(segment * np.hanning(len(segment)), (0, 7 * len(segment))))
    want = dsp._hz(midi)
    near = (freqs > want * 0.9) & (freqs < want * 1.1)
    found = float(freqs[near][np.argmax(power[near])])
    assert abs(1200 * np.log2(found / want)) < 3, f"string {midi}: {found:.2f} Hz for {want:.2f} Hz"
    start, later = string[: SAMPLE_RATE // 5], string[SAMPLE_RATE : SAMPLE_RATE + SAMPLE_RATE // 5]
    assert _centroid(later) < 0.85 * _centroid(start), f"string {midi}: the highs do not fade first"


def test_jazz_bass_walks() -> None:
    mood = moods._MOODS["jazz"]
    bars = 16
    line = arrangements._walking_line(mood, bars, np.random.default_rng(3))
    assert len(line) == 4 * bars
    assert all(28 <= note <= 52 for note in line), "the walking bass left the double bass's range"
    for b in range(bars):
        root = (mood.key + mood.chords[b % len(mood.chords)][0]) % 12
        assert line[4 * b] % 12 == root, f"bar {b}: the bass does not land on the root"
        nxt = line[(4 * b + 4) % len(line)]
        lead = abs(nxt - line[4 * b + 3])
        assert lead in (1, 5, 7), f"bar {b}: beat four does not lead into the next root"
    steps = np.abs(np.diff(line))
    assert steps.max() <= 7 and (steps == 0).sum() == 0, "a walking line moves by small steps, never repeats"


def test_jazz_ride_swings(loops: dict[str, np.ndarray]) -> None:
    cymbal = _band(loops["jazz"].mean(axis=1), 6000, 12000)
    frame = 48
    onsets = np.maximum(0.0, np.diff(_envelope(cymbal, frame)))
    folded = _fold(onsets, _beat_samples("jazz"), 48, frame)  # 48 phases of the beat
    swung, straight = folded[31:34].max(), folded[23:26].max()  # at 2/3 and at 1/2 of the beat
    assert swung > 1.6 * straight, "jazz: the offbeat is not swung to 2/3 of the beat"


def test_electronic_four_on_the_floor_pumps(loops: dict[str, np.ndarray]) -> None:
    mono = loops["electronic"].mean(axis=1)
    beat, frame = _beat_samples("electronic"), 96
    kick = _fold(_envelope(_band(mono, 30, 120), frame), beat, 16, frame)
    # The kick's low thump peaks early in every beat and has died away by its second half.
    assert kick[:4].max() > 2.5 * kick[8:].mean(), "electronic: no kick on every beat"
    chords = _fold(_envelope(_band(mono, 300, 1500), frame), beat, 16, frame)
    assert 20 * np.log10(chords[11:15].mean() / chords[1:3].mean()) > 3, "electronic: no sidechain pumping"
