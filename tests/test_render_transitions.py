"""Transitions judged on real rendered frames: smooth, and never noisier than the pictures they join."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from test_render_util import draft, frames, luma

from nemo_skill.models.draft import TRANSITIONS
from nemo_skill.render import DirectoryResolver, render_draft
from nemo_skill.render.transitions import NAMES, eased

pytestmark = pytest.mark.slow  # renders

FPS = 20
SEG_MS = 1000
TR_MS = 600
# The transition between segment 0 and 1 runs from 700 to 1300 ms: frames 14..26 at 20 fps.
FIRST, LAST = (SEG_MS - TR_MS // 2) * FPS // 1000, (SEG_MS + TR_MS // 2) * FPS // 1000


def high_frequency(rgb: np.ndarray) -> float:
    """Mean energy of the detail finer than ~2 px: what noise, static and hard edges add."""
    y = luma(rgb)
    return float(np.mean((y - cv2.GaussianBlur(y, (0, 0), 1.5)) ** 2))


def smooth_photo(w: int, h: int, seed: int, tint: tuple[int, int, int]) -> np.ndarray:
    """A photo-like picture: soft shapes and a little grain, so static would stand out."""
    rng = np.random.default_rng(seed)
    small = rng.random((6, 10, 3)).astype(np.float32)
    big = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    img = 0.6 * big * 255 + 0.4 * np.array(tint, np.float32) + rng.normal(0, 3, (h, w, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pair")
    from PIL import Image

    Image.fromarray(smooth_photo(480, 270, 1, (230, 180, 120))).save(root / "a.png")
    Image.fromarray(smooth_photo(480, 270, 2, (40, 70, 120))).save(root / "b.png")
    return root


def _render(root: Path, name: str, kb: dict | None = None) -> list[np.ndarray]:
    d = draft(["a.png", "b.png"], fps=FPS, seg_ms=SEG_MS, tr=name, tr_ms=TR_MS, kb=kb or {"on": False})
    out = root / f"{name}.mp4"
    render_draft(d, DirectoryResolver(root), out)
    return frames(out)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "pixeldissolve"])
def test_no_transition_frame_is_noisier_than_the_pictures_it_joins(pair: Path, name: str) -> None:
    # Still pictures, so the frames either side are exactly the two pictures being joined.
    video = _render(pair, name)
    before, after = high_frequency(video[FIRST - 1]), high_frequency(video[LAST + 1])
    # The margin covers a wipe showing the busier halves of both pictures at once, and the encoder.
    ceiling = max(before, after) * 1.2 + 0.5
    worst = max(range(FIRST, LAST + 1), key=lambda n: high_frequency(video[n]))
    assert high_frequency(video[worst]) <= ceiling, (
        f"{name}: frame {worst} has high-frequency energy {high_frequency(video[worst]):.2f}, "
        f"the pictures {before:.2f} and {after:.2f}"
    )


def test_pixel_dissolve_is_static_and_only_under_its_own_name(pair: Path) -> None:
    assert TRANSITIONS.index("pixeldissolve") == TRANSITIONS.index("dissolve") + 1
    video = _render(pair, "pixeldissolve")
    mid = (FIRST + LAST) // 2
    assert high_frequency(video[mid]) > 5 * max(
        high_frequency(video[FIRST - 1]), high_frequency(video[LAST + 1])
    )


def _linear(y: np.ndarray) -> np.ndarray:
    """Full-range luma (0..255, as decoded) to relative light with the BT.1886 curve."""
    return np.clip(y / 255.0, 0, 1) ** 2.4


@pytest.mark.parametrize("name", ["fade", "dissolve"])
def test_crossfade_frames_are_the_linear_light_blend_of_their_neighbours(pair: Path, name: str) -> None:
    video = _render(pair, name)
    a, b = luma(video[FIRST - 1]), luma(video[LAST + 1])
    for n in range(FIRST + 1, LAST):
        t_ms = n * 1000 / FPS
        q = eased((t_ms - (SEG_MS - TR_MS / 2)) / TR_MS)
        expected = 255 * ((1 - q) * _linear(a) + q * _linear(b)) ** (1 / 2.4)
        err = np.abs(luma(video[n]) - expected)
        assert float(err.mean()) < 2.5 and float(np.percentile(err, 99)) < 8, (
            f"frame {n} (weight {q:.2f}) is off the linear-light blend by {err.mean():.2f} on average"
        )
    # Halfway, where the pictures differ, linear light sits above a mix of code values: no dip.
    mid = (FIRST + LAST) // 2
    differ = np.abs(a - b) > 60
    lift = (luma(video[mid]) - (a + b) / 2)[differ]
    assert differ.mean() > 0.2 and float(lift.mean()) > 10 and float((lift > 0).mean()) > 0.95


def test_dissolve_renders_exactly_as_fade(pair: Path) -> None:
    fade, dissolve = _render(pair, "fade"), _render(pair, "dissolve")
    assert len(fade) == len(dissolve)
    assert all(np.array_equal(x, y) for x, y in zip(fade, dissolve, strict=True))


def test_crossfade_timing_is_eased(pair: Path) -> None:
    """The weight moves slowly at both ends and fastest in the middle."""
    video = _render(pair, "fade")
    light = [float(_linear(luma(f)).mean()) for f in video[FIRST - 1 : LAST + 2]]
    steps = np.abs(np.diff(light))
    assert steps[len(steps) // 2] > 2 * steps[0] and steps[len(steps) // 2] > 2 * steps[-1]
