"""The soundtrack's ffmpeg inputs and filter graph (soundtrack.py runs them).

Music is looped or trimmed to its segment, faded, set to its volume; clip sound is
placed where its clip plays; music ducks under clip sound (sidechain compression); the
mix is normalised to about -16 LUFS integrated and padded or cut to exactly the
video's length.

Loudness is done in two passes: a fast audio-only ffmpeg run measures the mix (EBU R128,
``ebur128``), then the encoding run applies one gain and a peak limiter. A single-pass
``loudnorm`` would do it in one run, but it keeps adjusting its gain as it goes, which
pumps the music's dynamics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .plan import Plan

TARGET_LUFS = -16.0
# adelay may only shift timestamps; this turns the gap into real silence from t=0, so every
# branch (and the file's audio track) starts at zero and the mixers line up.
_FROM_ZERO = "aresample=async=1:first_pts=0"
_FORMAT = "aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"


@dataclass
class AudioGraph:
    inputs: list[str] = field(default_factory=list)  # ffmpeg arguments, all "-i" groups
    graph: str = ""  # the filter_complex text, ending in [aout]
    label: str = "[aout]"


def _s(ms: float) -> str:
    return f"{max(0.0, ms) / 1000:.3f}"


def build_audio(
    plan: Plan, music_paths: list[Path], first_input: int = 1, gain_db: float | None = 0.0
) -> AudioGraph:
    """``music_paths[j]`` is the file for ``plan.music[j]`` (library tracks already made).

    ``gain_db=None`` builds the measuring graph: the mix into ``ebur128`` instead of the
    final gain and limiter."""
    g = AudioGraph()
    chains: list[str] = []
    # The picture's length (whole frames), so sound and picture end together (±1 AAC frame).
    total = _s(plan.end_ms)
    idx = first_input
    music_labels: list[str] = []
    for j, (item, path) in enumerate(zip(plan.music, music_paths, strict=True)):
        if item.loop:
            g.inputs += ["-stream_loop", "-1"]
        g.inputs += ["-i", str(path)]
        span = item.end - item.start
        parts = [_FORMAT, f"atrim=0:{_s(span)}", "asetpts=PTS-STARTPTS", f"volume={item.vol:.3f}"]
        if item.fade_in > 0:
            parts.append(f"afade=t=in:st=0:d={_s(item.fade_in)}")
        if item.fade_out > 0:
            parts.append(f"afade=t=out:st={_s(span - item.fade_out)}:d={_s(item.fade_out)}")
        if item.start > 0:
            parts += [f"adelay={int(item.start)}:all=1", _FROM_ZERO]
        chains.append(f"[{idx}:a]{','.join(parts)}[m{j}]")
        music_labels.append(f"[m{j}]")
        idx += 1
    clip_labels: list[str] = []
    for v in plan.visuals:
        if v.clip is None or not v.clip.has_audio or v.mute or v.vol <= 0:
            continue
        length = v.vis_end - v.vis_start
        g.inputs += ["-ss", _s(v.in_ms), "-t", _s(length), "-i", str(v.ref.path)]
        parts = [_FORMAT, "asetpts=PTS-STARTPTS", f"volume={v.vol:.3f}", "afade=t=in:d=0.05"]
        if v.vis_start > 0:
            parts += [f"adelay={int(v.vis_start)}:all=1", _FROM_ZERO]
        label = f"[c{len(clip_labels)}]"
        chains.append(f"[{idx}:a]{','.join(parts)}{label}")
        clip_labels.append(label)
        idx += 1

    def merged(labels: list[str], name: str) -> str:
        # Every branch is padded and cut to the video's length so the mixers never end early.
        if len(labels) == 1:
            chains.append(f"{labels[0]}apad,atrim=0:{total}[{name}]")
        else:
            chains.append(
                f"{''.join(labels)}amix=inputs={len(labels)}:normalize=0:duration=longest,apad,atrim=0:{total}[{name}]"
            )
        return f"[{name}]"

    if not music_labels and not clip_labels:
        chains.append(f"anullsrc=r=48000:cl=stereo,atrim=0:{total}[aout]")
        g.graph = ";".join(chains)
        return g
    if music_labels and clip_labels:
        music = merged(music_labels, "music")
        clips = merged(clip_labels, "clips")
        chains.append(f"{clips}asplit=2[cmix][ckey]")
        # The music dips under speech or clip sound and comes back up after it.
        chains.append(f"{music}[ckey]sidechaincompress=threshold=0.02:ratio=8:attack=60:release=500[mduck]")
        chains.append("[mduck][cmix]amix=inputs=2:normalize=0:duration=longest[mix]")
        mix = "[mix]"
    else:
        mix = merged(music_labels or clip_labels, "mix")
    fades = _canvas_fades(plan)
    if fades:  # the video's fade from and to black takes the sound with it
        chains.append(f"{mix}{fades}[faded]")
        mix = "[faded]"
    if gain_db is None:
        chains.append(f"{mix}ebur128=framelog=quiet[aout]")
    else:
        # The limiter catches the peaks the gain pushes over -1.5 dBTP; level=0 keeps it from
        # re-normalising on its own.
        chains.append(
            f"{mix}volume={gain_db:.2f}dB,alimiter=limit={_PEAK_LIMIT:.4f}:level=0:attack=5:release=80,"
            f"{_FORMAT},apad,atrim=0:{total}[aout]"
        )
    g.graph = ";".join(chains)
    return g


def _canvas_fades(plan: Plan) -> str:
    """afade filters for the canvas's fade_in and fade_out (the picture's, in audio.py's terms)."""
    parts = []
    if plan.fade_in > 0:
        parts.append(f"afade=t=in:st=0:d={_s(min(plan.fade_in, plan.end_ms))}")
    if plan.fade_out > 0:
        d = min(plan.fade_out, plan.end_ms)
        parts.append(f"afade=t=out:st={_s(plan.end_ms - d)}:d={_s(d)}")
    return ",".join(parts)


_PEAK_LIMIT = 10 ** (-1.5 / 20)
_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-inf)\s+LUFS")
_SILENCE_LUFS = -60.0
_MAX_GAIN_DB = 24.0  # a whisper is not turned into a shout


def has_sound(plan: Plan) -> bool:
    return bool(plan.music) or any(
        v.clip is not None and v.clip.has_audio and not v.mute and v.vol > 0 for v in plan.visuals
    )


def measure_command(ffmpeg: str, plan: Plan, music_paths: list[Path]) -> list[str] | None:
    """The audio-only ffmpeg run that measures the mix (EBU R128); None when there is no sound."""
    if not has_sound(plan):
        return None
    g = build_audio(plan, music_paths, first_input=0, gain_db=None)
    return [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        *g.inputs,
        "-filter_complex",
        g.graph,
        "-map",
        g.label,
        "-f",
        "null",
        "-",
    ]


def gain_from_report(report: str) -> float:
    """The gain (dB) that brings the measured mix to TARGET_LUFS, from ``ebur128``'s summary."""
    found = _INTEGRATED.findall(report)
    if not found or found[-1] == "-inf" or float(found[-1]) < _SILENCE_LUFS:
        return 0.0
    return max(-_MAX_GAIN_DB, min(_MAX_GAIN_DB, TARGET_LUFS - float(found[-1])))
