"""Beginnings and endings: from black and to black, picture and sound ending together."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from test_render_util import draft, frames, luma, textured, write_wav

from nemo_skill.render import DirectoryResolver, render_draft

pytestmark = pytest.mark.slow  # renders


@pytest.fixture(scope="module")
def album(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ends")
    for i in range(2):
        textured(480, 320, seed=i, tint=(230, 210, 190)).save(root / f"p{i}.jpg")
    write_wav(root / "song.wav", 5.0)
    return root


def _sound(path: Path) -> tuple[np.ndarray, float, float]:
    with av.open(str(path)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        durations = float(v.duration * v.time_base), float(a.duration * a.time_base)
        pcm = np.concatenate([f.to_ndarray().mean(axis=0) for f in c.decode(audio=0)])
    return pcm, *durations


@pytest.mark.parametrize("seg_ms", [700, 733])  # 733: the length is not a whole number of frames
def test_fade_out_ends_dark_and_silent_together(album: Path, tmp_path: Path, seg_ms: int) -> None:
    d = draft(["p0.jpg", "p1.jpg"], seg_ms=seg_ms, fps=15, music="song.wav")
    d.m.fade_in, d.m.fade_out = 300, 600
    out = tmp_path / "end.mp4"
    render_draft(d, DirectoryResolver(album), out)
    video = frames(out)
    assert float(luma(video[-1]).mean()) < 20, "the last frame is dark"
    assert float(luma(video[0]).mean()) < 20, "the first frame comes from black"
    middle = float(luma(video[len(video) // 2]).mean())
    assert middle > 120
    fading = [float(luma(f).mean()) for f in video[-6:]]
    assert fading == sorted(fading, reverse=True), "darker every frame to the end"
    pcm, video_s, audio_s = _sound(out)
    assert abs(video_s - audio_s) < 0.025, f"picture {video_s:.3f} s, sound {audio_s:.3f} s"
    tail, mid = pcm[-2400:], pcm[len(pcm) // 2 - 2400 : len(pcm) // 2 + 2400]
    assert np.sqrt(np.mean(tail**2)) < 0.02 * np.sqrt(np.mean(mid**2)), "the sound fades out with the picture"
    head = pcm[:480]
    assert np.sqrt(np.mean(head**2)) < 0.1 * np.sqrt(np.mean(mid**2)), "and in with it"


def test_without_fades_the_picture_stays_up_to_the_end(album: Path, tmp_path: Path) -> None:
    out = tmp_path / "cut.mp4"
    render_draft(draft(["p0.jpg", "p1.jpg"], seg_ms=700, fps=15), DirectoryResolver(album), out)
    video = frames(out)
    assert float(luma(video[-1]).mean()) > 120 and float(luma(video[0]).mean()) > 120
