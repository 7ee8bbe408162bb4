"""Ken Burns is smooth and monotonic; transitions never flash black; frames look right."""

from __future__ import annotations

import itertools
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from test_render_util import draft, frames, luma, textured

from nemo_skill import DraftError
from nemo_skill.render import DirectoryResolver, render_draft
from nemo_skill.render.colour import I420, new_frame, rgb_to_i420
from nemo_skill.render.motion import Motion, ease, view_matrix
from nemo_skill.render.transitions import NAMES, blend


def _dots(path: Path) -> None:
    """Two white dots on grey, symmetric about the centre: their distance measures zoom."""
    img = np.full((720, 1280, 3), 60, np.uint8)
    for x in (440, 840):
        cv2.circle(img, (x, 360), 26, (255, 255, 255), -1, lineType=cv2.LINE_AA)
    Image.fromarray(img).save(path)


def _centroid(y: np.ndarray) -> float:
    w = np.clip(y - 150, 0, None)
    return float((w.sum(axis=0) * np.arange(y.shape[1])).sum() / w.sum())


@pytest.mark.slow  # renders
def test_zoom_in_is_monotonic_and_exponential(tmp_path: Path) -> None:
    _dots(tmp_path / "dots.png")
    out = tmp_path / "zoom.mp4"
    d = draft(["dots.png"], seg_ms=2000, fps=30, tr=None, kb={"dir": "in", "amount": 0.3}, fit="cover")
    render_draft(d, DirectoryResolver(tmp_path), out)
    gaps = []
    for rgb in frames(out):
        y = luma(rgb)
        gaps.append(_centroid(y[:, 160:]) + 160 - _centroid(y[:, :160]))
    steps = np.diff(gaps)
    assert gaps[-1] / gaps[0] == pytest.approx(1.3, rel=0.04)
    assert (steps > -0.02).all(), f"the zoom went backwards: {steps.min():.3f} px"
    assert (steps[5:-5] > 0).all()


@pytest.mark.slow  # renders
def test_pan_moves_one_way_with_subpixel_steps(tmp_path: Path) -> None:
    textured(1280, 720, seed=3).save(tmp_path / "t.png")
    out = tmp_path / "pan.mp4"
    d = draft(["t.png"], seg_ms=2000, fps=30, tr=None, kb={"dir": "right", "amount": 0.2}, fit="cover")
    render_draft(d, DirectoryResolver(tmp_path), out)
    ys = [luma(f)[20:160, 20:300] for f in frames(out)]
    shifts = [
        cv2.phaseCorrelate(a.astype(np.float64), b.astype(np.float64))[0][0]
        for a, b in itertools.pairwise(ys)
    ]
    shifts = np.array(shifts)
    # Camera travelling right: the picture slides left, every frame, never back.
    assert (shifts < 0.05).all(), shifts
    assert shifts.sum() == pytest.approx(-0.2 * 320 / 1.0, rel=0.2)
    assert (np.abs(shifts[3:-3]) < 2.5).all() and (np.abs(shifts) % 1 > 0.05).any(), (
        "sub-pixel, not whole-pixel steps"
    )


def test_view_matrix_never_leaves_the_plate() -> None:
    for d in ("in", "out", "left", "right", "up", "down"):
        for p in np.linspace(0, 1, 11):
            m = view_matrix(Motion(d, 0.2), float(p), (1152, 648), (960, 540), (900.0, 100.0))
            corners = np.array([[0, 0], [959, 539]], dtype=np.float64)
            inv = cv2.invertAffineTransform(m)
            src = corners @ inv[:, :2].T + inv[:, 2]
            assert (src >= -1e-6).all() and src[1, 0] <= 1152 and src[1, 1] <= 648, (d, p)
    assert ease(0) == 0 and ease(1) == 1 and ease(0.5) == pytest.approx(0.5)


def _flat(value: int, w: int = 64, h: int = 36) -> I420:
    _, f = new_frame(w, h)
    f.y[...] = value
    f.u[...] = 128
    f.v[...] = 128
    return f


@pytest.mark.parametrize("name", NAMES)
def test_every_transition_starts_at_a_and_ends_at_b(name: str) -> None:
    a, b = _flat(60), _flat(200)
    _, out = new_frame(64, 36)
    blend(name, a, b, 0.0, out)
    assert abs(float(out.y.mean()) - 60) < 2
    blend(name, a, b, 1.0, out)
    assert abs(float(out.y.mean()) - 200) < 2
    blend(name, a, b, 0.5, out)
    lo = 16 if name == "fadeblack" else 55
    hi = 235 if name == "fadewhite" else 205
    assert lo - 1 <= out.y.min() and out.y.max() <= hi + 1


@pytest.mark.slow  # renders
def test_transitions_have_no_black_frames(tmp_path: Path) -> None:
    names = [n for n in NAMES if n != "fadeblack"]
    for i in range(len(names) + 1):
        textured(400, 240, seed=i, tint=(220, 200, 170)).save(tmp_path / f"s{i}.jpg", quality=92)
    d = draft([f"s{i}" for i in range(len(names) + 1)], seg_ms=400, fps=15, tr_ms=300)
    for seg, name in zip(d.t[0].sg, names, strict=False):
        seg.m.tr.name = name  # type: ignore[union-attr]
    out = tmp_path / "all.mp4"
    render_draft(d, DirectoryResolver(tmp_path), out)
    means = [float(luma(f).mean()) for f in frames(out)]
    darkest = [float(np.percentile(luma(f), 1)) for f in frames(out)]
    assert min(means) > 120, f"a dark frame: mean luma {min(means):.0f}"
    assert min(darkest) > 40, "no black bars or holes in any transition frame"


@pytest.mark.slow  # renders
def test_fadeblack_goes_through_black(tmp_path: Path) -> None:
    for i in range(2):
        textured(400, 240, seed=i, tint=(220, 200, 170)).save(tmp_path / f"b{i}.jpg")
    out = tmp_path / "fb.mp4"
    render_draft(
        draft(["b0", "b1"], seg_ms=1000, fps=20, tr="fadeblack", tr_ms=600), DirectoryResolver(tmp_path), out
    )
    assert min(float(luma(f).mean()) for f in frames(out)) < 25


@pytest.mark.slow  # renders
def test_unknown_transition_and_direction_are_refused(tmp_path: Path) -> None:
    textured(100, 60, seed=1).save(tmp_path / "a.jpg")
    with pytest.raises(DraftError, match="unknown transition 'spin'"):
        render_draft(draft(["a", "a"], tr="spin"), DirectoryResolver(tmp_path), tmp_path / "x.mp4")
    with pytest.raises(DraftError, match="unknown Ken Burns direction"):
        render_draft(draft(["a"], kb={"dir": "sideways"}), DirectoryResolver(tmp_path), tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


def test_filters_change_colour_the_way_they_say(tmp_path: Path) -> None:
    from nemo_skill.render.colour import FILTER_NAMES, apply_filter

    img = np.asarray(textured(64, 36, seed=5, tint=(128, 128, 128)))
    means = {n: apply_filter(img, n).reshape(-1, 3).mean(axis=0) for n in FILTER_NAMES}
    bw = apply_filter(img, "bw")
    assert np.abs(bw[..., 0].astype(int) - bw[..., 2]).max() <= 1, "black and white has no colour"
    assert means["warm"][0] - means["warm"][2] > means["none"][0] - means["none"][2] + 10
    assert means["cool"][2] - means["cool"][0] > means["none"][2] - means["none"][0] + 10
    sat = lambda a: float(np.std(a.astype(float) - a.mean(axis=2, keepdims=True)))  # noqa: E731
    assert sat(apply_filter(img, "vivid")) > sat(img) * 1.2
    assert rgb_to_i420(np.zeros((4, 4, 3), np.uint8)).y.max() == 16, "BT.709 limited range black"


def test_auto_varies_motion_and_transitions() -> None:
    from nemo_skill.render.motion import resolve_motion
    from nemo_skill.render.transitions import resolve_name

    dirs = [resolve_motion(True, "auto", 0.1, i).direction for i in range(8)]
    assert len(set(dirs)) >= 5 and all(a != b for a, b in itertools.pairwise(dirs))
    names = [resolve_name("auto", i) for i in range(14)]
    assert len(set(names)) >= 5 and all(a != b for a, b in itertools.pairwise(names))
    assert resolve_motion(False, "in", 0.2, 0).direction == "none"


def test_fit_modes_cover_contain_blur() -> None:
    from nemo_skill.render.framing import choose_fit, compose_plate

    portrait = np.asarray(textured(300, 500, seed=9, tint=(230, 230, 230)))
    assert choose_fit(None, 300, 500, 640, 360) == "blur"
    assert choose_fit(None, 500, 300, 640, 360) == "cover"
    assert choose_fit("contain", 300, 500, 640, 360) == "contain"
    bg = (10, 200, 30)
    contain, _ = compose_plate(portrait, "contain", 640, 360, None, bg)
    assert (contain[:, :50] == bg).all(), "contain: bars in the background colour"
    blur, _ = compose_plate(portrait, "blur", 640, 360, None, bg)
    side = blur[:, :50].astype(float)
    assert not (blur[:, :50] == bg).all() and side.mean() < portrait.mean() * 0.8, (
        "blur: darkened photo, not bars"
    )
    assert (
        np.abs(np.diff(side, axis=0)).mean()
        < np.abs(np.diff(contain[:, 270:370].astype(float), axis=0)).mean()
    )
    cover, focus = compose_plate(portrait, "cover", 640, 360, (0.5, 0.9), bg)
    assert cover.shape == (360, 640, 3) and focus[1] > 180, "cover crops towards the focus point"


def _plate(w: int, h: int, seed: int) -> I420:
    return rgb_to_i420(np.asarray(textured(w, h, seed=seed)))


def _warped(src: I420, m: np.ndarray, w: int, h: int) -> I420:
    """The reference: one general bilinear warp per plane (what every view used to cost)."""
    from nemo_skill.render.motion import chroma_matrix

    _, out = new_frame(w, h)
    for s, o, mm in ((src.y, out.y, m), (src.u, out.u, chroma_matrix(m)), (src.v, out.v, chroma_matrix(m))):
        cv2.warpAffine(s, mm, o.shape[::-1], dst=o, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return out


# Every kind of view the renderer draws a faster way than one general warp; the speed is
# tools/bench_render.py's to measure, the pixels are this test's to check.
@pytest.mark.parametrize(
    ("direction", "focus"),
    [
        ("in", None),  # no face: the zoom centre holds still on a pixel corner (quadrant resizes)
        ("out", None),
        ("in", (60.0, 40.0)),  # a face near a corner: the centre travels (general warp)
        ("left", None),  # pans are 1:1 translations
        ("down", (60.0, 40.0)),
    ],
)
def test_fast_resamplers_draw_what_the_general_warp_draws(
    direction: str, focus: tuple[float, float] | None
) -> None:
    from nemo_skill.render import resample
    from nemo_skill.render.framing import plate_size

    w, h = 320, 180
    pw, ph = plate_size(w, h, 0.2)
    assert (pw, ph) == (384, 216), "multiples of 4, the canvas's aspect ratio"
    src = _plate(pw, ph, seed=11)
    for p in (0.0, 0.31, 0.77, 1.0):
        m = view_matrix(Motion(direction, 0.2), p, (pw, ph), (w, h), focus or (pw / 2, ph / 2))
        _, got = new_frame(w, h)
        resample.view(src, m, got)
        want = _warped(src, m, w, h)
        for a, b in zip(want, got, strict=True):
            assert np.abs(a.astype(int) - b).max() <= 2, (direction, p)
        # Part of a frame (a transition's box) is the same pixels as the whole frame there.
        _, part = new_frame(w, h)
        for plane in part:
            plane.fill(7)
        resample.view(src, m, part, (40, 20, 200, 140))
        for whole, piece, k in zip(got, part, (1, 2, 2), strict=True):
            inside = (slice(20 // k, 140 // k), slice(40 // k, 200 // k))
            assert np.abs(whole[inside].astype(int) - piece[inside]).max() <= 2
            assert (piece[: 20 // k] == 7).all() and (piece[:, 200 // k :] == 7).all(), (
                "outside the box untouched"
            )


def test_zoom_centre_stays_on_the_focus_when_it_is_still() -> None:
    """The anchored zoom keeps the old framing: its centre is within a pixel of the plate's
    centre (no face) and the view never leaves the plate."""
    from nemo_skill.render.framing import plate_size

    w, h = 1920, 1080
    pw, ph = plate_size(w, h, 0.12)
    for d in ("in", "out"):
        for p in np.linspace(0, 1, 7):
            m = view_matrix(Motion(d, 0.12), float(p), (pw, ph), (w, h), (pw / 2 + 0.4, ph / 2 - 0.3))
            inv = cv2.invertAffineTransform(m)
            centre = inv @ np.array([(w - 1) / 2, (h - 1) / 2, 1.0])
            assert np.abs(centre - [(pw - 1) / 2, (ph - 1) / 2]).max() <= 1.0
            corners = np.array([[-0.5, -0.5, 1.0], [w - 0.5, h - 0.5, 1.0]]) @ inv.T
            assert (corners[0] >= -0.5 - 1.0).all() and corners[1, 0] <= pw - 0.5 + 1.0
            assert corners[1, 1] <= ph - 0.5 + 1.0


@pytest.mark.parametrize("name", NAMES)
def test_transitions_read_only_the_parts_they_say(name: str) -> None:
    """Whatever lies outside the boxes ``needs`` gives (here: noise) never shows, so the
    compositor may skip drawing it."""
    from nemo_skill.render.transitions import needs

    w, h = 320, 180
    a, b = _plate(w, h, seed=1), _plate(w, h, seed=2)
    rng = np.random.default_rng(3)
    for p in (0.0, 0.1, 0.35, 0.5, 0.8, 1.0):
        _, want = new_frame(w, h)
        blend(name, a, b, p, want)
        partial = []
        for src, box in zip((a, b), needs(name, p, w, h), strict=True):
            _, f = new_frame(w, h)
            for plane in f:
                plane[...] = rng.integers(0, 256, plane.shape, dtype=np.uint8)
            if box is not None:
                x0, y0, x1, y1 = box
                assert x0 % 2 == y0 % 2 == x1 % 2 == y1 % 2 == 0 and 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
                for dst, full, k in zip(f, src, (1, 2, 2), strict=True):
                    dst[y0 // k : y1 // k, x0 // k : x1 // k] = full[y0 // k : y1 // k, x0 // k : x1 // k]
            partial.append(f)
        _, got = new_frame(w, h)
        blend(name, partial[0], partial[1], p, got)
        for x, y in zip(want, got, strict=True):
            assert np.array_equal(x, y), (name, p)
    boxes = [needs(name, p, w, h) for p in (0.2, 0.5, 0.8)]
    if name.startswith(("slide", "wipe", "smooth")):
        area = sum((x1 - x0) * (y1 - y0) for pair in boxes for x0, y0, x1, y1 in filter(None, pair))
        assert area < 3 * 2 * w * h * 0.8, "a wipe or slide draws well under two whole frames"
    if name == "zoomin":
        x0, y0, x1, y1 = boxes[2][0]
        assert (x1 - x0) * (y1 - y0) < 0.5 * w * h, "a zoom deep in draws only the middle of the old frame"


@pytest.mark.parametrize("z", [1.0, 1.004, 1.17, 1.6])
def test_zoomin_magnify_draws_what_the_general_warp_draws(z: float) -> None:
    from nemo_skill.render import resample

    src = _plate(320, 180, seed=5)
    for plane in src:
        h, w = plane.shape
        m = np.array([[z, 0, (1 - z) * (w - 1) / 2], [0, z, (1 - z) * (h - 1) / 2]])
        want = cv2.warpAffine(plane, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        got = np.full_like(plane, 7)
        resample.magnify_centred(plane, z, got)
        assert np.abs(want.astype(int) - got).max() <= 2, (z, plane.shape)
