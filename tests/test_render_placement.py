"""Text that respects the picture, judged on real frames: never over a face, on the plain part
of the picture, a draft's explicit position kept, a scrim only where the text needs one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image
from test_render_util import faces_photo, frames, luma

from nemo_skill.models.draft import Draft
from nemo_skill.render import DirectoryResolver, faces, placement, render_draft

pytestmark = pytest.mark.slow  # renders

FPS = 10


def _draft(w: int, h: int, photo: str, texts: list[dict[str, Any]], ms: int = 2000, kb: bool = True) -> Draft:
    video = {"tt": 0, "sg": [{"src": photo, "d": ms, "m": {"kb": {"on": kb, "dir": "in", "amount": 0.1}}}]}
    tracks = [video, {"tt": 7, "sg": texts}] if texts else [video]
    return Draft.model_validate({"m": {"w": w, "h": h, "fps": FPS}, "t": tracks})


def _render(root: Path, d: Draft, name: str) -> list[np.ndarray]:
    out = root / f"{name}.mp4"
    render_draft(d, DirectoryResolver(root), out)
    return frames(out)


def _drawn(titled: np.ndarray, plain: np.ndarray, keep: float = 1.0, level: float = 10) -> np.ndarray:
    """Where the text changed the picture. Both are softened first: the encoder codes a
    frame with a title a little differently everywhere, a pixel or two at sharp edges."""
    a = cv2.GaussianBlur(luma(titled), (0, 0), 1.2)
    b = cv2.GaussianBlur(luma(plain), (0, 0), 1.2)
    changed = (np.abs(a - keep * b) > level).astype(np.uint8)
    # A lone pixel or two is the encoder; text (letters, shadow, scrim) comes in strokes.
    _, labels, stats, _ = cv2.connectedComponentsWithStats(changed, connectivity=8)
    big = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] >= 4)
    return np.isin(labels, big[big > 0])


def _faces_in(rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The cascade's face boxes in a rendered frame (x0, y0, x1, y1)."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return [(x, y, x + bw, y + bh) for x, y, bw, bh in faces.detect_faces(grey)]


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("people")
    faces_photo(1280, 720, [(0.4, 0.45), (0.6, 0.45)], 0.3).save(root / "couple.jpg", quality=92)
    faces_photo(720, 1280, [(0.36, 0.42), (0.64, 0.44)], 0.16).save(root / "portrait.jpg", quality=92)
    faces_photo(1280, 720, [(0.3, 0.42), (0.5, 0.42), (0.7, 0.42)], 0.26).save(root / "group.jpg", quality=92)
    return root


CASES = [
    (320, 180, "couple.jpg", "title", "Anna & Tom — June 12, 2027"),
    (320, 180, "group.jpg", "subtitle", "The Millers, summer 2026"),
    (320, 180, "couple.jpg", "endcard", "Save the date"),
    (180, 320, "portrait.jpg", "title", "Anna & Tom — June 12, 2027"),
    (180, 320, "portrait.jpg", "endcard", "Save the date · June 12"),
    (320, 180, "couple.jpg", "title", "我们结婚啦 2027年6月12日"),
]


@pytest.mark.parametrize(("w", "h", "photo", "role", "words"), CASES)
def test_no_text_pixel_inside_a_detected_face_box(
    people: Path, w: int, h: int, photo: str, role: str, words: str
) -> None:
    text = [{"st": 0, "d": 2000, "m": {"text": words, "role": role, "fade": 0}}]
    plain = _render(people, _draft(w, h, photo, []), f"plain-{photo}-{w}")
    titled = _render(people, _draft(w, h, photo, text), f"{role}-{photo}-{w}")
    # An end card dims the whole picture behind it (to half its light: an exact scaling in RGB).
    keep = 0.5 if role == "endcard" else 1.0
    checked = 0
    for n in range(2, len(plain) - 2):
        boxes = _faces_in(plain[n])
        drawn = _drawn(titled[n], plain[n], keep)
        assert drawn.sum() > 40, f"frame {n}: the text was drawn"
        for x0, y0, x1, y1 in boxes:
            inside = drawn[y0:y1, x0:x1]
            assert not inside.any(), (
                f"frame {n}: {int(inside.sum())} text pixels in the face at {(x0, y0, x1, y1)}"
            )
        checked += len(boxes)
    assert checked >= len(plain) - 4, "the faces were found on the frames (the test means something)"


def _half_busy(root: Path, busy_top: bool) -> str:
    """A photo whose top (or bottom) half is dense detail and the other half a plain wall."""
    rng = np.random.default_rng(5)
    img = np.full((360, 640, 3), (150, 140, 120), np.uint8)
    noise = rng.integers(0, 255, (180, 640, 3), dtype=np.uint8)
    if busy_top:
        img[:180] = noise
    else:
        img[180:] = noise
    name = f"busy-{'top' if busy_top else 'bottom'}.png"
    Image.fromarray(img).save(root / name)
    return name


@pytest.mark.parametrize("busy_top", [True, False])
def test_text_goes_to_the_plain_part_of_the_picture(tmp_path: Path, busy_top: bool) -> None:
    photo = _half_busy(tmp_path, busy_top)
    text = [{"st": 0, "d": 1000, "m": {"text": "Summer", "role": "title", "fade": 0}}]
    plain = _render(tmp_path, _draft(320, 180, photo, [], ms=1000, kb=False), "plain")
    titled = _render(tmp_path, _draft(320, 180, photo, text, ms=1000, kb=False), "titled")
    drawn = _drawn(titled[5], plain[5], level=20)
    rows = np.nonzero(drawn.any(axis=1))[0]
    assert rows.size
    if busy_top:
        assert rows.min() > 90, "below the busy top half"
    else:
        assert rows.max() < 90, "above the busy bottom half"


def test_an_explicit_position_wins(tmp_path: Path) -> None:
    photo = _half_busy(tmp_path, busy_top=True)
    text = [{"st": 0, "d": 1000, "m": {"text": "Summer", "role": "title", "pos": "top", "fade": 0}}]
    plain = _render(tmp_path, _draft(320, 180, photo, [], ms=1000, kb=False), "plain")
    titled = _render(tmp_path, _draft(320, 180, photo, text, ms=1000, kb=False), "top")
    drawn = _drawn(titled[5], plain[5], level=20)
    assert np.nonzero(drawn.any(axis=1))[0].mean() < 60, "at the top, over the detail, as asked"


@pytest.mark.parametrize(("wall", "scrim"), [((245, 245, 240), True), ((30, 40, 60), False)])
def test_a_scrim_backs_white_text_only_on_a_bright_picture(
    tmp_path: Path, wall: tuple[int, ...], scrim: bool
) -> None:
    Image.fromarray(np.full((180, 320, 3), wall, np.uint8)).save(tmp_path / "wall.png")
    text = [{"st": 0, "d": 1000, "m": {"text": "Summer Lakes", "role": "title", "fade": 0}}]
    titled = _render(tmp_path, _draft(320, 180, "wall.png", text, ms=1000, kb=False), "t")[5]
    y = luma(titled)
    background = float(np.median(y))
    darker = (y < background - 25).sum()
    if scrim:
        assert darker > 1500, "a dark cloud around the words"
    else:
        assert darker < 200, "a shadow alone: it has nothing to darken"


def test_placement_is_decided_once_per_text_segment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    faces_photo(640, 360, [(0.5, 0.45)], 0.3).save(tmp_path / "p.jpg")
    calls: list[tuple[float, float]] = []
    real = placement.analyse

    def counting(plan: Any, start: float, end: float) -> placement.Scene:
        calls.append((start, end))
        return real(plan, start, end)

    monkeypatch.setattr(placement, "analyse", counting)
    texts = [
        {"st": 0, "d": 1500, "m": {"text": "One", "role": "title"}},
        {"st": 1500, "d": 1500, "m": {"text": "Two", "role": "caption"}},
    ]
    render_draft(_draft(320, 180, "p.jpg", texts, ms=3000), DirectoryResolver(tmp_path), tmp_path / "o.mp4")
    assert calls == [(0.0, 1500.0), (1500.0, 3000.0)]


@pytest.mark.parametrize(("w", "h", "photo"), [(180, 320, "portrait.jpg"), (320, 180, "couple.jpg")])
def test_a_subtitle_shown_with_its_title_sits_under_it(people: Path, w: int, h: int, photo: str) -> None:
    """Names and a date: the date under the names, on one axis, off the faces (not placed
    apart, where the date once landed above the names). The date is set in green to tell
    its pixels from the title's."""
    title = {"st": 0, "d": 2000, "m": {"text": "Anna & Tom", "role": "title", "fade": 0}}
    date = {
        "st": 0,
        "d": 2000,
        "m": {"text": "June 12, 2027", "role": "subtitle", "fade": 0, "color": "#00FF00"},
    }
    plain = _render(people, _draft(w, h, photo, [], kb=False), f"pair-plain-{w}")
    both = _render(people, _draft(w, h, photo, [title, date], kb=False), f"pair-both-{w}")
    n = len(plain) // 2
    drawn = _drawn(both[n], plain[n])
    rgb = both[n].astype(np.int16)
    green = drawn & (rgb[..., 1] - np.maximum(rgb[..., 0], rgb[..., 2]) > 60)
    white = drawn & (rgb.min(axis=2) > 170)
    assert green.sum() > 20 and white.sum() > 20, "both were drawn"
    ys_names, xs_names = np.nonzero(white)
    ys_date, xs_date = np.nonzero(green)
    assert ys_date.min() > np.median(ys_names), "the date is under the names"
    assert ys_date.min() - ys_names.max() < 0.12 * h, "close under them, one block"
    assert abs(np.median(xs_date) - np.median(xs_names)) < 0.08 * w, "on the same axis"
    for x0, y0, x1, y1 in _faces_in(plain[n]):
        assert not drawn[y0:y1, x0:x1].any(), "no text on a face"
