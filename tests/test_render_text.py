"""Text: Chinese renders (no tofu), role presets, soft shadow or scrim, the safe area, positions."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from nemo_skill import DraftError
from nemo_skill.render import fonts, text
from nemo_skill.render.colour import new_frame


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> np.ndarray:
    img = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(img).text((8, 0), ch, font=font, fill=255)
    return np.asarray(img) > 128


@pytest.mark.parametrize("weight", fonts.WEIGHTS)
def test_chinese_renders_as_real_glyphs_not_tofu(weight: str) -> None:
    font = ImageFont.truetype(str(fonts.font_path(weight)), 60)
    tofu = _glyph(font, "\ue000")  # a private-use code point: no font has it, so it draws .notdef
    glyphs = [_glyph(font, ch) for ch in "我们结婚啦"]
    for ch, g in zip("我们结婚啦", glyphs, strict=False):
        assert g.sum() > 100, f"{ch} drew nothing"
        assert (g != tofu).mean() > 0.05, f"{ch} is drawn as the missing-glyph box"
    assert all((a != b).mean() > 0.05 for i, a in enumerate(glyphs) for b in glyphs[i + 1 :]), (
        "five different glyphs"
    )
    assert _glyph(font, "A").sum() > 60


def test_weights_differ_light_to_bold() -> None:
    ink = [_glyph(ImageFont.truetype(str(fonts.font_path(w)), 60), "婚").sum() for w in fonts.WEIGHTS]
    assert ink[0] < ink[1] < ink[2]


def _sprite(words: str, role: str = "title", w: int = 640, h: int = 360, **kw: object) -> text.Sprite:
    colour = kw.pop("colour", (255, 255, 255))
    lay = text.layout(words, role, kw.pop("size", None), w, h)  # type: ignore[arg-type]
    x = (w - lay.block_w) // 2
    return text.make_sprite(lay, colour, x, text.anchor_y("center", lay.block_h, w, h), w, h, **kw)  # type: ignore[arg-type]


def test_sprite_has_ink_and_a_soft_shadow_not_an_outline() -> None:
    s = _sprite("我们结婚啦 Just married")
    assert s.alpha.max() == pytest.approx(1.0, abs=0.01)
    ink = (s.planes.y > 200) & (s.alpha > 0.9)
    shade = (s.planes.y < 60) & (s.alpha > 0.05)
    assert ink.sum() > 500 and shade.sum() > 300, "white letters with a dark shadow"
    assert ((s.planes.y < 60) & (s.alpha > 0.7)).sum() < 0.02 * ink.sum(), "no opaque dark outline"
    assert s.alpha[0].max() == s.alpha[-1].max() == s.alpha[:, 0].max() == s.alpha[:, -1].max() == 0, (
        "the shadow ends inside the sprite"
    )


def test_scrim_is_a_soft_dark_cloud_around_the_words() -> None:
    plain, scrim = _sprite("Save the date"), _sprite("Save the date", scrim=0.45)
    around = (scrim.alpha > 0.3) & (plain.alpha < 0.05)
    assert around.sum() > 2000, "the scrim covers the spaces between and around the letters"
    assert scrim.alpha[plain.alpha < 0.05].max() <= 0.5, "about the asked opacity (a faint shadow adds)"
    assert scrim.alpha[0].max() == scrim.alpha[:, 0].max() == 0, "and fades out before the edge"
    assert float(scrim.planes.y[around].mean()) < 40


def test_dark_text_gets_a_light_halo_and_colour_and_size_are_honoured() -> None:
    s = _sprite("Hello", colour=(30, 30, 120), scrim=0.4)
    halo = (s.alpha > 0.2) & (s.alpha < 0.6)
    assert float(s.planes.y[halo].mean()) > 180, "light behind dark letters"
    letters = s.alpha > 0.95
    assert float(s.planes.u[letters[::2, ::2]].mean()) > 140, "the fill keeps the draft's colour (blue)"
    big = text.layout("Hello", "caption", 0.2, 640, 360)
    assert big.px == round(0.2 * 360), "an explicit size is a fraction of the height"


def test_title_preset_is_light_and_spaced() -> None:
    title, caption = (
        text.layout("Summer Lakes", "title", None, 1920, 1080),
        text.layout("Summer Lakes", "caption", None, 1920, 1080),
    )
    assert text.ROLE_STYLES["title"].weight == "light" and title.tracking > 0.04 * title.px
    assert title.px > 1.5 * caption.px
    plain = title.font.getlength("Summer Lakes")
    assert title.widths[0] > plain + 5 * title.tracking, "letter-spacing widens the line"


@pytest.mark.parametrize(("w", "h", "bottom"), [(1920, 1080, 0.08), (1080, 1920, 0.18), (1080, 1080, 0.09)])
def test_safe_area_follows_the_aspect(w: int, h: int, bottom: float) -> None:
    x0, y0, x1, y1 = text.safe_area(w, h)
    assert y1 == h - round(h * bottom) and 0 < x0 < x1 < w and 0 < y0 < y1


def test_long_text_wraps_inside_the_safe_area() -> None:
    words = "a long caption that certainly will not fit on one line of a small frame " * 2
    lay = text.layout(words.strip(), "caption", None, 320, 180)
    x0, y0, x1, y1 = text.safe_area(320, 180)
    assert len(lay.lines) > 1 and max(lay.widths) <= x1 - x0
    y = text.anchor_y("bottom", lay.block_h, 320, 180)
    assert y + lay.block_h <= y1 and y >= y0
    cjk = text.layout("我们结婚啦" * 12, "caption", None, 320, 180)
    assert len(cjk.lines) > 1 and "".join(cjk.lines) == "我们结婚啦" * 12, "CJK breaks between characters"
    assert max(cjk.widths) - min(cjk.widths) < 0.2 * max(cjk.widths), "into lines of even length"


@pytest.mark.parametrize(("pos", "lo", "hi"), [("top", 0, 60), ("center", 60, 120), ("bottom", 120, 180)])
def test_positions(pos: str, lo: int, hi: int) -> None:
    lay = text.layout("Hello", "caption", None, 320, 180)
    y = text.anchor_y(pos, lay.block_h, 320, 180)
    assert lo <= y + lay.block_h / 2 < hi


def test_overlay_fades_with_opacity() -> None:
    s = _sprite("Fade", w=320, h=180)
    levels = []
    for opacity in (0.0, 0.5, 1.0):
        _, f = new_frame(320, 180)
        f.y[...] = 16
        f.u[...] = f.v[...] = 128
        text.overlay(f, s, opacity)
        levels.append(int(f.y.max()))
    assert levels[0] == 16 < levels[1] < levels[2] and levels[2] > 200


def test_a_block_at_the_edge_is_clipped_to_the_canvas() -> None:
    lay = text.layout("Edge", "title", None, 320, 180)
    s = text.make_sprite(lay, (255, 255, 255), 2, 2, 320, 180)
    assert s.x >= 0 and s.y >= 0 and s.x + s.alpha.shape[1] <= 320 and s.y + s.alpha.shape[0] <= 180
    assert s.planes.u.shape == (s.alpha.shape[0] // 2, s.alpha.shape[1] // 2)


@pytest.mark.slow  # renders
def test_bad_text_settings_are_refused() -> None:
    with pytest.raises(DraftError, match="unknown text position 'middle'"):
        text.check_position("middle")
    with pytest.raises(DraftError, match="is not a colour"):
        text.parse_colour("blurple-ish")
    with pytest.raises(DraftError, match="does not fit"):
        text.check_fits("字" * 300, "title", 0.5, 64, 36)
