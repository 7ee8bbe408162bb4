"""Text: Chinese renders (no tofu), wrapping stays inside the safe area, positions, outline."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from nemo_skill._exceptions import DraftError
from nemo_skill.render import fonts, text
from nemo_skill.render.colour import new_frame


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> np.ndarray:
    img = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(img).text((8, 0), ch, font=font, fill=255)
    return np.asarray(img) > 128


@pytest.mark.parametrize("bold", [False, True])
def test_chinese_renders_as_real_glyphs_not_tofu(bold: bool) -> None:
    font = ImageFont.truetype(str(fonts.font_path(bold)), 60)
    tofu = _glyph(font, "\ue000")  # a private-use code point: no font has it, so it draws .notdef
    glyphs = [_glyph(font, ch) for ch in "我们结婚啦"]
    for ch, g in zip("我们结婚啦", glyphs, strict=False):
        assert g.sum() > 150, f"{ch} drew nothing"
        assert (g != tofu).mean() > 0.05, f"{ch} is drawn as the missing-glyph box"
    assert all((a != b).mean() > 0.05 for i, a in enumerate(glyphs) for b in glyphs[i + 1 :]), (
        "five different glyphs"
    )
    assert _glyph(font, "A").sum() > 100


def test_sprite_of_cjk_and_latin_has_ink_and_an_outline() -> None:
    s = text.make_sprite("我们结婚啦 Just married", "title", None, None, (255, 255, 255), 640, 360)
    assert s.alpha.max() == pytest.approx(1.0, abs=0.01)
    bright = s.planes.y > 200
    dark_opaque = (s.planes.y < 60) & (s.alpha > 0.5)
    assert bright.sum() > 500 and dark_opaque.sum() > 300, "white fill with a dark outline around it"
    assert s.x >= 0 and s.x + s.alpha.shape[1] <= 640


def test_long_text_wraps_inside_the_safe_area() -> None:
    words = "a long caption that certainly will not fit on one line of a small frame " * 2
    s = text.make_sprite(words.strip(), "caption", "bottom", None, (255, 255, 255), 320, 180)
    ink_cols = np.where(s.alpha.max(axis=0) > 0.5)[0]
    assert s.x + ink_cols.min() >= 320 * text.SAFE - 2
    assert s.x + ink_cols.max() <= 320 * (1 - text.SAFE) + 2
    rows = np.where(s.alpha.max(axis=1) > 0.5)[0]
    assert rows.max() - rows.min() > 2 * 0.045 * 180, "several lines"
    assert s.y + rows.max() <= 180 * (1 - text.SAFE) + 2, "above the bottom margin"
    cjk = text.wrap("我们结婚啦" * 12, ImageFont.truetype(str(fonts.font_path()), 20), 200)
    assert len(cjk) > 1 and all(len(line) <= 11 for line in cjk), "CJK breaks between characters"


@pytest.mark.parametrize(("pos", "lo", "hi"), [("top", 0, 60), ("center", 60, 120), ("bottom", 120, 180)])
def test_positions(pos: str, lo: int, hi: int) -> None:
    s = text.make_sprite("Hello", "caption", pos, None, (255, 255, 255), 320, 180)
    rows = np.where(s.alpha.max(axis=1) > 0.5)[0] + s.y
    assert lo <= rows.mean() < hi


def test_overlay_fades_with_opacity() -> None:
    s = text.make_sprite("Fade", "title", None, None, (255, 255, 255), 320, 180)
    levels = []
    for opacity in (0.0, 0.5, 1.0):
        _, f = new_frame(320, 180)
        f.y[...] = 16
        f.u[...] = f.v[...] = 128
        text.overlay(f, s, opacity)
        levels.append(int(f.y.max()))
    assert levels[0] == 16 < levels[1] < levels[2] and levels[2] > 220


def test_bad_text_settings_are_refused() -> None:
    with pytest.raises(DraftError, match="unknown text position 'middle'"):
        text.make_sprite("x", "title", "middle", None, (255, 255, 255), 320, 180)
    with pytest.raises(DraftError, match="is not a colour"):
        text.parse_colour("blurple-ish")
    with pytest.raises(DraftError, match="does not fit"):
        text.check_fits("字" * 300, "title", 0.5, 64, 36)
