"""Signal pieces the instruments and the mix are made of: envelopes, panning into a buffer, the
loop-safe reverb, the sidechain pump, the limiter, filters, damped partials and band-limited
wavetables. Everything here wraps around the loop's end, so a piece has no seam.
"""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 48_000


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
