"""Where the beats are: a beat tracker on numpy, and the library tracks' own grids.

Three steps, after Ellis, "Beat Tracking by Dynamic Programming" (2007):

1. **Onset strength** (spectral flux): a short-time spectrum every 8 ms, log-compressed;
   the envelope is how much the spectrum grew since the previous frame, summed over
   frequency (only growth counts: a note starting, not one fading), with its slow
   trend removed.
2. **Tempo**: the envelope's autocorrelation over beat periods from 40 to 240 BPM,
   weighted by a broad preference around 110 BPM; then the octave: half the period
   wins when the pulse there is nearly as strong (a click every 0.35 s is 174 BPM, not
   87 with a silent off-beat), up to 190 BPM. Refined between lags to a fraction of a
   frame.
3. **Beats**: dynamic programming picks the chain of onsets that are strong and about
   one period apart (each step pays ``TIGHTNESS * log(gap / period)**2``); each beat is
   then moved onto the onset peak it sits on, to a fraction of a frame; the weak beats
   before the music starts and after it ends are dropped.

librosa does the same but brings numba and LLVM; aubio has no wheels, essentia is
AGPL and madmom's models are not for commercial use. This file is all numpy.

Speed: a 3-minute song takes ~0.3 s here (decoded once to 16 kHz mono: the beat is
in the rhythm of the spectrum, not in its top octave); ``tools/bench_render.py --beats``
measures it.

The built-in library tracks (``library:<mood>``) are composed on a grid, so they
report it instead of being analysed: :func:`library_beats`.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .._exceptions import InputError

ANALYSIS_RATE = 16_000  # Hz: what the tracker analyses (input is decimated to about this)
_FFT = 512  # 32 ms at 16 kHz: short enough to place a click within a few ms
_HOP = 128  # 8 ms between spectra
_BLOCK = 1024  # spectra computed at a time (a few MB)
MIN_BPM, MAX_BPM = 40.0, 240.0
_PREFERRED_BPM, _PREFERENCE_OCTAVES = 100.0, 1.0  # a log-normal weight over tempi: broad
_CLARITY = 0.1  # the beat's autocorrelation against the envelope's energy: less is no pulse
_EVEN = 0.9  # the octave up when the onsets halfway between beats are this strong...
_FASTEST_BPM = 190.0  # ...up to this tempo;
_ACCENT = 2.0  # the octave down when every other beat is this much stronger...
_SLOWEST_BPM = 50.0  # ...down to this tempo
TIGHTNESS = 100.0  # how strongly the beat chain keeps one period (Ellis's alpha)
_DETREND_S = 0.4  # the slow trend removed from the onset envelope
_TRIM = 0.5  # leading/trailing beats weaker than this share of the typical beat are dropped


@dataclass(frozen=True)
class BeatGrid:
    """A tempo and the beat times (seconds from the start of the audio, increasing).

    An empty ``beats_s`` (and tempo 0) means no beat was found: silence, or sound with no pulse.
    """

    tempo_bpm: float
    beats_s: tuple[float, ...]

    @property
    def period_s(self) -> float:
        return 60.0 / self.tempo_bpm if self.tempo_bpm > 0 else 0.0

    def nearest(self, t: float) -> float | None:
        """The beat closest to ``t`` (None when there are none)."""
        if not self.beats_s:
            return None
        i = bisect.bisect_left(self.beats_s, t)
        near = self.beats_s[max(0, i - 1) : i + 1]
        return min(near, key=lambda b: abs(b - t))

    def snap(self, t: float, within: float) -> float:
        """``t`` moved onto the nearest beat when one is at most ``within`` seconds away, else ``t``."""
        b = self.nearest(t)
        return b if b is not None and abs(b - t) <= within else t

    def between(self, start: float, end: float) -> tuple[float, ...]:
        """The beats with ``start <= beat < end``."""
        return self.beats_s[bisect.bisect_left(self.beats_s, start) : bisect.bisect_left(self.beats_s, end)]

    def shifted(self, offset: float) -> BeatGrid:
        """The same grid ``offset`` seconds later (music placed at ``offset`` on the timeline)."""
        return BeatGrid(self.tempo_bpm, tuple(b + offset for b in self.beats_s))


NO_BEATS = BeatGrid(0.0, ())


# --- 1. onset strength -----------------------------------------------------------------------


def _mono_at_analysis_rate(samples: np.ndarray, sample_rate: int) -> tuple[np.ndarray, float]:
    """Mono float32, decimated by a whole factor k to about ANALYSIS_RATE: the mean of each
    k samples of every channel (a box average is the anti-alias filter: what folds down
    is still the same onsets). Strided adds, not a reduction over a short axis (5x faster)."""
    x = np.asarray(samples)
    k = max(1, round(sample_rate / ANALYSIS_RATE))
    if k == 1 and x.ndim == 1 and x.dtype == np.float32:
        return x, float(sample_rate)  # already what is analysed (decode_mono's): no copy
    channels = [x] if x.ndim == 1 else [x[:, c] for c in range(x.shape[1])]
    n = len(channels[0]) // k
    out = np.zeros(n, np.float32)
    for ch in channels:
        for j in range(k):
            out += ch[j : j + n * k : k]
    scale = 1.0 / (k * len(channels))
    if np.issubdtype(x.dtype, np.integer):
        scale /= float(np.iinfo(x.dtype).max)
    out *= scale
    return out, sample_rate / k


_N_BANDS = 40
_LOW_HZ, _HIGH_HZ = 30.0, 7600.0
_BASS_HZ = 200.0
BASS_WEIGHT = 1.0


def _mel(f: float) -> float:
    return 2595 * math.log10(1 + f / 700)


def _bass_bands(rate: float) -> int:
    """How many of the lowest bands sit under _BASS_HZ."""
    top = _mel(min(_HIGH_HZ, rate / 2))
    step = (top - _mel(_LOW_HZ)) / (_N_BANDS + 1)
    return max(1, int((_mel(_BASS_HZ) - _mel(_LOW_HZ)) / step))


@lru_cache(maxsize=4)
def _bands(rate: float) -> np.ndarray:
    """Triangular bands evenly spaced in mel from 30 Hz up: a kick or a bass note weighs
    as much as the hi-hat's whole octave, as the ear hears it (FFT bins x bands)."""
    mel_lo, mel_hi = (2595 * np.log10(1 + f / 700) for f in (_LOW_HZ, min(_HIGH_HZ, rate / 2)))
    edges = 700 * (10 ** (np.linspace(mel_lo, mel_hi, _N_BANDS + 2) / 2595) - 1)
    freqs = np.fft.rfftfreq(_FFT, 1 / rate)
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rise = (freqs[None, :] - lo) / np.maximum(mid - lo, 1e-6)
    fall = (hi - freqs[None, :]) / np.maximum(hi - mid, 1e-6)
    weights = np.maximum(0.0, np.minimum(rise, fall))
    weights /= np.maximum(weights.sum(axis=1, keepdims=True), 1e-9)
    return weights.T.astype(np.float32)


class _Spectra:
    """Mel-band magnitudes of a 32 ms spectrum every 8 ms, fed the sound in pieces (a song
    decoded piece by piece is never held whole: only its bands, ~1.3 MB a minute)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.window, self.weights = np.hanning(_FFT).astype(np.float32), _bands(rate)
        self.rest = np.zeros(_FFT, np.float32)  # silence first: an onset at 0 rises too
        self.blocks: list[np.ndarray] = []
        self.samples = 0

    def feed(self, x: np.ndarray) -> None:
        self.samples += len(x)
        buf = np.concatenate([self.rest, x])
        if len(buf) < _FFT:
            self.rest = buf
            return
        n = (len(buf) - _FFT) // _HOP + 1
        frames = np.lib.stride_tricks.sliding_window_view(buf, _FFT)[::_HOP][:n]
        # In blocks of frames: the spectra of a whole song would be ~100 MB, touched once.
        for i in range(0, n, _BLOCK):
            spectra = np.abs(np.fft.rfft(frames[i : i + _BLOCK] * self.window, axis=1)).astype(np.float32)
            self.blocks.append(spectra @ self.weights)
        self.rest = buf[n * _HOP :].copy()

    def bands(self) -> np.ndarray:
        return np.concatenate(self.blocks) if self.blocks else np.zeros((0, _N_BANDS), np.float32)


def _envelope(bands: np.ndarray, rate: float) -> tuple[np.ndarray, float, float]:
    """The onset envelope of the band magnitudes (see onset_strength)."""
    fps = rate / _HOP
    if len(bands) < 2:
        return np.zeros(0, np.float32), fps, 0.0
    peak = float(bands.max()) or 1.0
    level = bands * np.float32(1000.0 / peak)
    np.log1p(level, out=level)
    rise = np.diff(level, axis=0)
    del level
    np.maximum(rise, 0.0, out=rise)
    flux = rise.mean(axis=1) + BASS_WEIGHT * rise[:, : _bass_bands(rate)].mean(axis=1)
    width = max(1, round(_DETREND_S * fps))
    trend = np.convolve(flux, np.ones(width) / width, mode="same")
    env = np.maximum(flux - trend, 0.0)
    sd = float(env.std())
    env = env / sd if sd > 0 else env
    # Flux i compares spectra i and i+1. The windows slide over a click from their far end:
    # it shows most where the Hann window rises fastest, a quarter window in from that end,
    # so flux i peaks when the click is at (i + 1) * hop + 3/4 of a window.
    t0 = (_HOP + 0.75 * _FFT - _FFT) / rate  # less the silence put in front
    return env.astype(np.float32), fps, t0


_FEED = ANALYSIS_RATE  # samples fed at a time: a second (the copies stay small)


def onset_strength(samples: np.ndarray, sample_rate: int) -> tuple[np.ndarray, float, float]:
    """The onset envelope (one value per frame, unit variance), frames per second, and the
    time (s) of frame 0: where an onset in frame i happened is ``t0 + i / fps``."""
    x, rate = _mono_at_analysis_rate(samples, sample_rate)
    if len(x) < _FFT * 4:
        return np.zeros(0, np.float32), rate / _HOP, 0.0
    spectra = _Spectra(rate)
    for i in range(0, len(x), _FEED):
        spectra.feed(x[i : i + _FEED])
    return _envelope(spectra.bands(), rate)


# --- 2. tempo ----------------------------------------------------------------------------------


def _autocorrelation(env: np.ndarray, max_lag: int) -> np.ndarray:
    n = len(env)
    size = 1 << (2 * n - 1).bit_length()
    spec = np.fft.rfft(env, size)
    ac = np.fft.irfft(spec * np.conj(spec), size)[: max_lag + 1]
    return ac / np.maximum(1, n - np.arange(max_lag + 1))  # unbiased: long lags are not penalised


def _peak_offset(y_prev: float, y: float, y_next: float) -> float:
    """Where the parabola through three samples peaks, relative to the middle one (-0.5..0.5)."""
    den = y_prev - 2 * y + y_next
    return 0.0 if den >= 0 else float(np.clip(0.5 * (y_prev - y_next) / den, -0.5, 0.5))


def estimate_tempo(env: np.ndarray, fps: float) -> float:
    """The most likely beat period's tempo in BPM, before the octave check in track_beats;
    0 when the envelope is too short or has no pulse a listener could tap."""
    lo, hi = math.floor(fps * 60 / MAX_BPM), math.ceil(fps * 60 / MIN_BPM)
    if len(env) < 2 * hi or not env.any():
        return 0.0
    ac = _autocorrelation(env - env.mean(), 2 * hi + 2)
    lags = np.arange(lo, hi + 1)
    weight = np.exp(-0.5 * (np.log2(60 * fps / lags / _PREFERRED_BPM) / _PREFERENCE_OCTAVES) ** 2)
    best = lo + int(np.argmax(ac[lags] * weight))
    if ac[best] < _CLARITY * ac[0]:
        return 0.0
    return _tempo_at(ac, best, fps)


def _tempo_at(ac: np.ndarray, lag: float, fps: float) -> float:
    """The tempo of the autocorrelation peak nearest ``lag``, refined between lags."""
    k = _local_peak(ac, lag)
    return 60 * fps / (k + _peak_offset(ac[k - 1], ac[k], ac[k + 1]))


def _local_peak(ac: np.ndarray, lag: float) -> int:
    """The autocorrelation's highest lag within a frame of ``lag``."""
    lo, hi = max(1, math.floor(lag) - 1), min(len(ac) - 2, math.ceil(lag) + 1)
    return lo + int(np.argmax(ac[lo : hi + 1])) if hi >= lo else 0


# --- 3. beats ----------------------------------------------------------------------------------


def _smoothed(env: np.ndarray, period: float) -> np.ndarray:
    """The envelope under a narrow bell (1/32 of a beat), so a beat a frame off its onset
    still scores it."""
    width = max(1, round(period / 32))
    return np.convolve(env, np.exp(-0.5 * (np.arange(-width * 2, width * 2 + 1) / width) ** 2), "same")


def _chain(env: np.ndarray, period: float) -> list[int]:
    """Ellis's dynamic programme: the best-scoring chain of frames about ``period`` apart."""
    n = len(env)
    lo, hi = max(1, round(period / 2)), max(2, round(period * 2))
    gaps = np.arange(lo, hi + 1)
    penalty = -TIGHTNESS * np.log(gaps / period) ** 2
    local = _smoothed(env, period)
    score = local.astype(np.float64).copy()
    back = np.full(n, -1, dtype=np.int64)
    # Frame t looks back at least ``lo`` frames, so a block of ``lo`` frames depends only on
    # frames before it: each block is one vectorised step (~30x fewer Python iterations).
    for t0 in range(lo, n, lo):
        ts = np.arange(t0, min(n, t0 + lo))
        prev = ts[:, None] - gaps[None, :]  # (block, gaps): the candidate previous beats
        cand = np.where(prev >= 0, score[np.maximum(prev, 0)] + penalty[None, :], -np.inf)
        j = np.argmax(cand, axis=1)
        best = cand[np.arange(len(ts)), j]
        take = best > 0
        score[ts[take]] += best[take]
        back[ts[take]] = prev[np.arange(len(ts)), j][take]
    # The chain ends at the best-scoring frame of the last period.
    tail = score[max(0, n - round(period)) :]
    t = n - len(tail) + int(np.argmax(tail))
    beats = [t]
    while back[t] >= 0:
        t = int(back[t])
        beats.append(t)
    beats.reverse()
    return _trim(beats, local)


def _trim(beats: list[int], local: np.ndarray) -> list[int]:
    """Drop the weak beats the chain runs through before the music starts and after it ends."""
    if not beats:
        return beats
    strength = local[beats]
    floor = _TRIM * float(np.sqrt(np.mean(strength**2)))
    first = next((i for i, s in enumerate(strength) if s >= floor), len(beats))
    last = next((i for i in range(len(beats) - 1, -1, -1) if strength[i] >= floor), -1)
    return beats[first : last + 1]


def _refine(env: np.ndarray, frame: int) -> float:
    """The beat moved onto the onset peak within a frame of it, to a fraction of a frame."""
    lo, hi = max(0, frame - 1), min(len(env), frame + 2)
    i = lo + int(np.argmax(env[lo:hi]))
    if 0 < i < len(env) - 1 and env[i] > 0:
        return i + _peak_offset(float(env[i - 1]), float(env[i]), float(env[i + 1]))
    return float(frame)


def _octave(env: np.ndarray, frames: list[int], period: float, fps: float) -> int:
    """2 (twice the tempo), 1/2 as -2, or 1: the prior's pick is only a guess between
    octaves. Twice when the onsets halfway between the beats are as strong as the beats
    (a click every 0.35 s is 174 BPM, not 87 with silent off-beats); half when every
    other beat is far stronger (a romantic arpeggio's eighths under its 72 BPM chords)."""
    local = _smoothed(env, period)
    strength = local[frames]
    mids = [(a + b) // 2 for a, b in itertools.pairwise(frames)]
    if not mids or strength.mean() <= 0:
        return 1
    if local[mids].mean() >= _EVEN * strength.mean() and 2 * 60 * fps / period <= _FASTEST_BPM:
        return 2
    even, odd = float(strength[0::2].mean()), float(strength[1::2].mean())
    if max(even, odd) >= _ACCENT * max(min(even, odd), 1e-9) and 60 * fps / period / 2 >= _SLOWEST_BPM:
        return -2
    return 1


def track_beats(samples: np.ndarray, sample_rate: int) -> BeatGrid:
    """Tempo and beat times of a piece of music: samples as (n,) or (n, channels), float
    in -1..1 or integer PCM, at any rate. ``NO_BEATS`` for silence or sound without a pulse."""
    if sample_rate <= 0:
        raise ValueError(f"sample rate must be positive, not {sample_rate}")
    return _track(*onset_strength(samples, sample_rate))


def _track(env: np.ndarray, fps: float, t0: float) -> BeatGrid:
    bpm = estimate_tempo(env, fps)
    if bpm <= 0:
        return NO_BEATS
    frames = _chain(env, 60 * fps / bpm)
    octave = _octave(env, frames, 60 * fps / bpm, fps) if len(frames) > 2 else 1
    if octave != 1:
        ac = _autocorrelation(env - env.mean(), math.ceil(fps * 60 / MIN_BPM) * 2 + 2)
        lag = 60 * fps / bpm
        bpm = _tempo_at(ac, lag / 2 if octave == 2 else lag * 2, fps)
        frames = _chain(env, 60 * fps / bpm)
    if len(frames) < 2:
        return NO_BEATS
    times = tuple(round(t0 + _refine(env, f) / fps, 4) for f in frames)
    return BeatGrid(round(bpm, 2), times)


def decode_mono(path: Path, rate: int = ANALYSIS_RATE, max_s: float | None = None) -> np.ndarray:
    """A file's sound as mono float32 at ``rate`` (PyAV: anything ffmpeg reads); with
    ``max_s``, only its first ``max_s`` seconds (decoding stops there). Decoded into one
    growing buffer: a song's samples are held once, not twice."""
    import av

    limit = round(max_s * rate) if max_s is not None else None
    sound = np.empty(limit if limit is not None else rate * 60, np.float32)
    got = 0

    def keep(out: av.AudioFrame) -> None:
        nonlocal sound, got
        chunk = out.to_ndarray().reshape(-1)
        if limit is not None:
            chunk = chunk[: limit - got]
        if got + len(chunk) > len(sound):
            sound = np.resize(sound, max(got + len(chunk), 2 * len(sound)))
        sound[got : got + len(chunk)] = chunk
        got += len(chunk)

    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise InputError(f"{path.name} has no sound to find beats in")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    keep(out)
                if limit is not None and got >= limit:
                    break
            else:
                for out in resampler.resample(None):
                    keep(out)
    except av.FFmpegError as exc:
        raise InputError(f"{path.name} could not be decoded ({exc})") from None
    return sound[:got]


_PIECE_S = 8.0  # seconds of sound analysed at a time: ~1000 spectra, one FFT call
_SAMPLE_TYPES = {"u8": np.uint8, "s16": np.int16, "s32": np.int32, "s64": np.int64, "flt": np.float32,
                 "dbl": np.float64}  # fmt: skip


def _samples(frame: object) -> list[np.ndarray]:
    """A decoded frame's samples without a copy: one array per channel (planar formats)
    or one interleaved array."""
    fmt = frame.format  # type: ignore[attr-defined]
    dtype = _SAMPLE_TYPES[fmt.name.removesuffix("p")]
    channels = len(frame.layout.channels)  # type: ignore[attr-defined]
    n = frame.samples  # type: ignore[attr-defined]
    planes = frame.planes  # type: ignore[attr-defined]
    if fmt.is_planar:
        return [np.frombuffer(plane, dtype, count=n) for plane in planes[:channels]]
    return [np.frombuffer(planes[0], dtype, count=n * channels)]


def _to_mono(frames: list[list[np.ndarray]], channels: int, planar: bool) -> np.ndarray:
    """Decoded frames as one mono float32 signal in -1..1."""
    if planar:
        parts = [np.concatenate([f[c] for f in frames]) for c in range(channels)]
    else:
        parts = [np.concatenate([f[0] for f in frames]).reshape(-1, channels).T]
    dtype = parts[0].dtype
    mono = np.zeros(parts[0].shape[-1], np.float32)
    for part in parts:
        for channel in part if part.ndim == 2 else (part,):
            mono += channel
    if dtype == np.uint8:
        return (mono / channels - 128.0) / 128.0
    mono *= np.float32(1.0 / channels / (np.iinfo(dtype).max if dtype.kind == "i" else 1.0))
    return mono


def beats_of_file(path: Path, max_s: float | None = None) -> BeatGrid:
    """The beat grid of an audio (or video) file's sound (of its first ``max_s`` seconds).
    Decoded and analysed a few seconds at a time, the samples never held whole (a few MB
    whatever the song's length), and brought to the analysis rate as track_beats does (a
    box average of k samples), with numpy, not frame by frame through a resampler."""
    import av

    path = Path(path)
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise InputError(f"{path.name} has no sound to find beats in")
            spectra = _analyse_stream(container, container.streams.audio[0], max_s)
    except av.FFmpegError as exc:
        raise InputError(f"{path.name} could not be decoded ({exc})") from None
    if spectra.samples < _FFT * 4:
        return NO_BEATS
    return _track(*_envelope(spectra.bands(), spectra.rate))


def _analyse_stream(container: object, stream: object, max_s: float | None) -> _Spectra:
    rate = int(stream.rate or stream.codec_context.sample_rate or ANALYSIS_RATE)  # type: ignore[attr-defined]
    k = max(1, round(rate / ANALYSIS_RATE))
    spectra = _Spectra(rate / k)
    limit = round(max_s * rate) if max_s is not None else None
    piece, waiting, kept = round(_PIECE_S * rate), 0, 0
    frames: list[list[np.ndarray]] = []
    carry = np.zeros(0, np.float32)  # samples short of a whole k, for the next piece
    layout: tuple[int, bool] | None = None

    def analyse() -> None:
        nonlocal carry, frames, waiting
        assert layout is not None
        x = np.concatenate([carry, _to_mono(frames, *layout)])
        usable = len(x) - len(x) % k
        spectra.feed(x[:usable].reshape(-1, k).mean(axis=1, dtype=np.float32) if k > 1 else x)
        carry, frames, waiting = x[usable:], [], 0

    for frame in container.decode(stream):  # type: ignore[attr-defined]
        layout = layout or (len(frame.layout.channels), frame.format.is_planar)
        frames.append(_samples(frame))
        waiting += frame.samples
        kept += frame.samples
        if waiting >= piece:
            analyse()
        if limit is not None and kept >= limit:
            break
    if frames:
        analyse()
    return spectra


def library_beats(mood: str, duration_s: float) -> BeatGrid:
    """The grid a built-in library track (``library:<mood>``) was composed on, from 0 up to
    ``duration_s``: beat k at ``k * period``. The loop is a whole number of bars, so the
    grid runs on unbroken however often the renderer loops it."""
    from .music import beat_period

    period = beat_period(mood)
    count = max(0, math.ceil(duration_s / period - 1e-9))
    return BeatGrid(round(60.0 / period, 4), tuple(round(k * period, 6) for k in range(count)))
