"""The instruments, each a numpy function of a note: the first five moods' voices and drums,
then the newer moods' felt and grand piano, Karplus-Strong strings, upright bass, vibraphone,
pads, supersaws, blips, synth bass and the kits.
"""

from __future__ import annotations

import numpy as np

from .dsp import SAMPLE_RATE, _attack, _band, _damped, _env, _hz, _osc, _saw


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
