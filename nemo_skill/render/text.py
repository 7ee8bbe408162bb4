"""Titles, subtitles, captions and end cards: set once into a sprite, blended per frame.

Set the way a designer would set them over a photo:

* per role a weight, a size and letter-spacing (light, spaced titles and end cards;
  regular subtitles and captions), inside the title-safe area of the canvas's aspect;
* lines broken at phrase boundaries and balanced (linebreak.py), never inside a date,
  a name pair or a number with its unit;
* no outline: a soft shadow, or where the picture behind is bright or busy a subtle
  scrim (a feathered dark band), chosen by placement.py from the frames the text is on,
  which also chooses where the text goes (no face under it, the least detail);
* the draft's ``color`` and ``size`` win over the preset, and so does its ``pos``.

Drawn with Pillow (Noto Sans CJK, so Chinese renders), converted to I420 + alpha once,
so each frame only does an alpha blend of the sprite's rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial

import cv2
import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFont

from .._exceptions import DraftError
from .colour import I420, even, rgb_to_i420
from .fonts import font_path
from .linebreak import break_lines

ROLES = ("title", "subtitle", "caption", "endcard")
POSITIONS = ("center", "top", "bottom", "lower-third", "upper-third")
MAX_TEXT_CHARS = 300  # a caption longer than this is a paragraph: split it across segments
_LINE_SPACING = 1.3
_MIN_SIZE = 0.022  # smallest text height we will shrink to, as a fraction of the canvas height
# The scrim: the glyphs thickened by this much and blurred by that much (in text heights).
_SCRIM_GROW, _SCRIM_SOFT = 0.15, 0.38
PAD_EM = 1.2  # room around the text for its shadow or scrim, in text heights


@dataclass(frozen=True)
class RoleStyle:
    size: float  # text height as a fraction of the canvas's shorter side
    weight: str  # light, regular or bold (fonts.py)
    tracking: float  # extra space after each character, as a fraction of the text height
    pos: str  # where it goes by preference, when the picture leaves the choice free
    measure: float  # the longest line, as a fraction of the title-safe width


ROLE_STYLES = {
    "title": RoleStyle(0.085, "light", 0.06, "center", 0.82),
    "subtitle": RoleStyle(0.05, "regular", 0.04, "lower-third", 0.85),
    "caption": RoleStyle(0.045, "regular", 0.015, "bottom", 0.9),
    "endcard": RoleStyle(0.075, "light", 0.05, "center", 0.82),
}


def safe_area(w: int, h: int) -> tuple[int, int, int, int]:
    """x0, y0, x1, y1 of the title-safe area. Landscape: 8 % all round. Portrait (phone
    video): 8 % at the sides, 12 % at the top and 18 % at the bottom, where the apps put
    their status bar, buttons and caption. Square and 4:5: 7 %, 9 % at the bottom."""
    aspect = w / h
    if aspect >= 1.2:
        mx, top, bottom = 0.08, 0.08, 0.08
    elif aspect <= 0.8:
        mx, top, bottom = 0.08, 0.12, 0.18
    else:
        mx, top, bottom = 0.07, 0.07, 0.09
    return round(w * mx), round(h * top), w - round(w * mx), h - round(h * bottom)


@dataclass(frozen=True)
class Sprite:
    x: int
    y: int
    planes: I420
    alpha: np.ndarray  # float32, luma resolution
    alpha_c: np.ndarray  # float32, chroma resolution


@dataclass(frozen=True)
class Layout:
    """The text set in lines: what is drawn, and the size of its block (without effects)."""

    lines: tuple[str, ...]
    font: ImageFont.FreeTypeFont
    tracking: float  # px after each character
    line_h: int
    widths: tuple[float, ...]

    @property
    def px(self) -> int:
        return int(self.font.size)

    @property
    def block_w(self) -> int:
        return round(max(self.widths, default=1.0))

    @property
    def block_h(self) -> int:
        return len(self.lines) * self.line_h

    @property
    def pad(self) -> int:
        return even(self.px * PAD_EM)


@lru_cache(maxsize=24)
def _font(weight: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(weight)), px)


def parse_colour(value: str | None, default: tuple[int, int, int] = (255, 255, 255)) -> tuple[int, int, int]:
    if not value:
        return default
    try:
        rgb = ImageColor.getrgb(value)
    except ValueError:
        raise DraftError(f"colour {value!r} is not a colour; use #RRGGBB or a name like white") from None
    return rgb[0], rgb[1], rgb[2]


def check_text(text: str, index: int) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise DraftError(
            f"text segment {index + 1} has {len(text)} characters; the limit is {MAX_TEXT_CHARS} per segment",
            hint="split it across several captions or shorten it",
        )


def check_position(pos: str | None) -> None:
    if pos is not None and pos not in POSITIONS:
        raise DraftError(f"unknown text position {pos!r}; use one of {', '.join(POSITIONS)}")


def style_of(role: str) -> RoleStyle:
    return ROLE_STYLES.get(role, ROLE_STYLES["caption"])


def _size(role_size: float, size: float | None, w: int, h: int) -> float:
    """The draft's size (a fraction of the height), or the role's default, which is
    relative to the shorter side so a portrait title is not three lines of giant type."""
    return size if size else role_size * min(w, h) / h


def _width(font: ImageFont.FreeTypeFont, tracking: float, line: str) -> float:
    return font.getlength(line) + tracking * max(0, len(line) - 1)


def layout(text: str, role: str, size: float | None, w: int, h: int, *, scale: float = 1.0) -> Layout:
    """The text in lines that fit the title-safe area, shrunk if it must be; DraftError
    when it does not fit even at the smallest size. ``scale`` shrinks the role's own size
    (placement tries a smaller title where the picture leaves little room)."""
    style = style_of(role)
    x0, y0, x1, y1 = safe_area(w, h)
    max_w = (x1 - x0) * style.measure
    px = max(8, round(_size(style.size * scale, size, w, h) * h))
    floor = max(8, round(_MIN_SIZE * h))
    while True:
        font = _font(style.weight, px)
        tracking = style.tracking * px
        lines = break_lines(text, partial(_width, font, tracking), max_w)
        line_h = round(px * _LINE_SPACING)
        widths = tuple(_width(font, tracking, line) for line in lines)
        if len(lines) * line_h <= y1 - y0 and max(widths, default=0) <= x1 - x0:
            return Layout(tuple(lines), font, tracking, line_h, widths)
        if px <= floor:
            raise DraftError(
                f"text {text[:40]!r}... does not fit on a {w}x{h} frame even at the smallest size",
                hint="shorten it or split it across several captions",
            )
        px = max(floor, int(px * 0.85))


def check_fits(text: str, role: str, size: float | None, w: int, h: int) -> None:
    """Raise DraftError now, before the render starts, if the text cannot be laid out."""
    layout(text, role, size, w, h)


def anchor_y(pos: str, block_h: int, w: int, h: int) -> int:
    """The top of a text block placed at one of the named positions, inside the safe area."""
    _, top, _, bottom = safe_area(w, h)
    y: float
    if pos == "top":
        y = top
    elif pos == "bottom":
        y = bottom - block_h
    elif pos == "upper-third":
        y = top + (bottom - top) * 0.25 - block_h / 2
    elif pos == "lower-third":
        y = top + (bottom - top) * 0.75 - block_h / 2
    else:
        y = (top + bottom - block_h) / 2
    return round(min(max(y, top), max(top, bottom - block_h)))


def _glyphs(lay: Layout, align: str, size: tuple[int, int], origin: tuple[int, int]) -> np.ndarray:
    """Coverage of the glyphs (0..1), lines aligned left, centre or right in the block."""
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    ox, oy = origin
    for i, (line, lw) in enumerate(zip(lay.lines, lay.widths, strict=True)):
        slack = lay.block_w - lw
        x = ox + (0 if align == "left" else slack if align == "right" else slack / 2)
        y = oy + i * lay.line_h + (lay.line_h - lay.px) / 2
        if lay.tracking <= 0:
            draw.text((x, y), line, font=lay.font, fill=255)
            continue
        for k, ch in enumerate(line):
            # The advance of the line so far keeps the font's kerning between the letters.
            at = x + lay.font.getlength(line[:k]) + lay.tracking * k
            draw.text((at, y), ch, font=lay.font, fill=255)
    return np.asarray(mask, dtype=np.float32) / 255


def _scrim(fill: np.ndarray, px: int) -> np.ndarray:
    """A soft cloud behind the words (0..1): the glyphs thickened and blurred wide, so it
    follows the lines of text and its edge is never seen, unlike a box."""
    k = max(1, round(_SCRIM_GROW * px)) * 2 + 1
    thick = cv2.dilate(fill, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    cloud = cv2.GaussianBlur(thick, (0, 0), _SCRIM_SOFT * px)
    return np.clip(cloud * (1.0 / max(1e-6, float(cloud.max())) * 1.6), 0.0, 1.0)


def halo_colour(colour: tuple[int, int, int]) -> tuple[float, float, float]:
    """The shadow and scrim colour: near black behind light text, near white behind dark."""
    lum = (0.2126 * colour[0] + 0.7152 * colour[1] + 0.0722 * colour[2]) / 255
    return (10.0, 10.0, 14.0) if lum >= 0.45 else (245.0, 245.0, 240.0)


def make_sprite(
    lay: Layout,
    colour: tuple[int, int, int],
    x: int,
    y: int,
    w: int,
    h: int,
    *,
    align: str = "center",
    scrim: float = 0.0,
) -> Sprite:
    """The text's sprite with its block's top-left at (x, y) on a w x h canvas: a soft
    shadow, and a scrim of opacity ``scrim`` (0: none) behind it."""
    pad = lay.pad
    sw, sh = even(lay.block_w + 2 * pad + 1), even(lay.block_h + 2 * pad + 1)
    fill = _glyphs(lay, align, (sw, sh), (pad, pad))
    px = lay.px
    # The shadow: the glyphs offset a little down and right, blurred; lighter over a scrim.
    dx, dy = max(1, round(0.025 * px)), max(1, round(0.04 * px))
    shifted = np.zeros_like(fill)
    shifted[dy:, dx:] = fill[: sh - dy, : sw - dx]
    shadow = cv2.GaussianBlur(shifted, (0, 0), max(0.8, 0.06 * px)) * (0.3 if scrim > 0 else 0.5)
    under = shadow
    if scrim > 0:
        band = _scrim(fill, px) * scrim
        under = shadow + band - shadow * band
    alpha = fill + (1.0 - fill) * under
    alpha[alpha < 1.5 / 255] = 0.0  # the blurs' far tails: exactly nothing
    a = np.maximum(alpha, 1e-6)[..., None]
    rgb = (
        fill[..., None] * np.array(colour, np.float32)
        + (alpha - fill)[..., None] * np.array(halo_colour(colour), np.float32)
    ) / a
    planes = rgb_to_i420(np.clip(rgb, 0, 255).astype(np.uint8))
    sx, sy = even(x - pad), even(y - pad)
    # Keep the sprite on the canvas (a block at the safe area's edge may reach past it).
    cut_l, cut_t = max(0, -sx), max(0, -sy)
    cut_r, cut_b = max(0, sx + sw - w), max(0, sy + sh - h)
    if cut_l or cut_t or cut_r or cut_b:
        rows, cols = slice(cut_t, sh - cut_b), slice(cut_l, sw - cut_r)
        alpha = np.ascontiguousarray(alpha[rows, cols])
        planes = I420(
            np.ascontiguousarray(planes.y[rows, cols]),
            np.ascontiguousarray(planes.u[cut_t // 2 : (sh - cut_b) // 2, cut_l // 2 : (sw - cut_r) // 2]),
            np.ascontiguousarray(planes.v[cut_t // 2 : (sh - cut_b) // 2, cut_l // 2 : (sw - cut_r) // 2]),
        )
        sx, sy = sx + cut_l, sy + cut_t
    ah, aw = alpha.shape
    alpha_c = cv2.resize(alpha, (aw // 2, ah // 2), interpolation=cv2.INTER_AREA)
    return Sprite(sx, sy, planes, alpha, alpha_c)


def overlay(frame: I420, sprite: Sprite, opacity: float) -> None:
    """Alpha-blend the sprite onto the frame in place, scaled by ``opacity`` (0..1)."""
    if opacity <= 0:
        return
    for plane, sp, alpha, k in (
        (frame.y, sprite.planes.y, sprite.alpha, 1),
        (frame.u, sprite.planes.u, sprite.alpha_c, 2),
        (frame.v, sprite.planes.v, sprite.alpha_c, 2),
    ):
        x, y = sprite.x // k, sprite.y // k
        ph, pw = plane.shape
        hh, ww = min(sp.shape[0], alpha.shape[0], ph - y), min(sp.shape[1], alpha.shape[1], pw - x)
        if hh <= 0 or ww <= 0:
            continue
        a = alpha[:hh, :ww] * opacity if opacity < 1 else alpha[:hh, :ww]
        roi = plane[y : y + hh, x : x + ww]
        roi[...] = cv2.blendLinear(
            np.ascontiguousarray(roi), np.ascontiguousarray(sp[:hh, :ww]), 1.0 - a, np.ascontiguousarray(a)
        )
