"""Titles, subtitles, captions and end cards: laid out once into a sprite, blended per frame.

The sprite is drawn with Pillow (Noto Sans CJK, so Chinese renders), with a dark outline
and a soft shadow so white text reads on a bright sky, wrapped inside the title-safe
area, then converted to I420 + alpha so each frame only does an alpha blend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFilter, ImageFont

from .._exceptions import DraftError
from .colour import I420, even, rgb_to_i420
from .fonts import font_path

ROLES = ("title", "subtitle", "caption", "endcard")
POSITIONS = ("center", "top", "bottom", "lower-third", "upper-third")
MAX_TEXT_CHARS = 300  # a caption longer than this is a paragraph: split it across segments
SAFE = 0.06  # title-safe margin on each side, as a fraction of the canvas
_LINE_SPACING = 1.22
_MIN_SIZE = 0.022  # smallest text height we will shrink to, as a fraction of the canvas height


@dataclass(frozen=True)
class RoleStyle:
    size: float
    bold: bool
    pos: str


ROLE_STYLES = {
    "title": RoleStyle(0.085, True, "center"),
    "subtitle": RoleStyle(0.05, False, "lower-third"),
    "caption": RoleStyle(0.045, False, "bottom"),
    "endcard": RoleStyle(0.075, True, "center"),
}


@dataclass(frozen=True)
class Sprite:
    x: int
    y: int
    planes: I420
    alpha: np.ndarray  # float32, luma resolution
    alpha_c: np.ndarray  # float32, chroma resolution


@lru_cache(maxsize=16)
def _font(bold: bool, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), px)


def parse_colour(value: str | None, default: tuple[int, int, int] = (255, 255, 255)) -> tuple[int, int, int]:
    if not value:
        return default
    try:
        rgb = ImageColor.getrgb(value)
    except ValueError:
        raise DraftError(f"colour {value!r} is not a colour; use #RRGGBB or a name like white") from None
    return rgb[0], rgb[1], rgb[2]


# CJK ideographs, kana, hangul and full-width forms break anywhere; other scripts at spaces.
_TOKENS = re.compile(
    r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+\s*|\s+"
)


def wrap(text: str, font: ImageFont.FreeTypeFont, max_w: float) -> list[str]:
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for token in _TOKENS.findall(para):
            if font.getlength((line + token).rstrip()) <= max_w:
                line += token
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = token.lstrip()
            while font.getlength(line.rstrip()) > max_w and len(line) > 1:  # a word wider than the line
                cut = len(line) - 1
                while cut > 1 and font.getlength(line[:cut]) > max_w:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def check_text(text: str, index: int) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise DraftError(
            f"text segment {index + 1} has {len(text)} characters; the limit is {MAX_TEXT_CHARS} per segment",
            hint="split it across several captions or shorten it",
        )


def _size(role_size: float, size: float | None, w: int, h: int) -> float:
    """The draft's size (a fraction of the height), or the role's default, which is
    relative to the shorter side so a portrait title is not three lines of giant type."""
    return size if size else role_size * min(w, h) / h


def check_fits(text: str, role: str, size: float | None, w: int, h: int) -> None:
    """Raise DraftError now, before the render starts, if the text cannot be laid out."""
    style = ROLE_STYLES.get(role, ROLE_STYLES["caption"])
    _layout(text, _size(style.size, size, w, h), style.bold, w, h)


def _layout(
    text: str, size: float, bold: bool, w: int, h: int
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    max_w = w * (1 - 2 * SAFE)
    max_h = h * (1 - 2 * SAFE)
    px = max(8, round(size * h))
    floor = max(8, round(_MIN_SIZE * h))
    while True:
        font = _font(bold, px)
        lines = wrap(text, font, max_w)
        line_h = round(px * _LINE_SPACING)
        if len(lines) * line_h <= max_h:
            return font, lines, line_h
        if px <= floor:
            raise DraftError(
                f"text {text[:40]!r}... does not fit on a {w}x{h} frame even at the smallest size",
                hint="shorten it or split it across several captions",
            )
        px = max(floor, int(px * 0.85))


def _anchor_y(pos: str, block_h: int, pad: int, h: int) -> int:
    top, bottom = SAFE * h, h - SAFE * h
    if pos == "top":
        y = top - pad
    elif pos == "bottom":
        y = bottom - block_h + pad
    elif pos == "upper-third":
        y = h * 0.30 - block_h / 2
    elif pos == "lower-third":
        y = h * 0.72 - block_h / 2
    else:
        y = (h - block_h) / 2
    return int(min(max(y, 0), max(0, h - block_h)))


def make_sprite(
    text: str, role: str, pos: str | None, size: float | None, colour: tuple[int, int, int], w: int, h: int
) -> Sprite:
    style = ROLE_STYLES.get(role, ROLE_STYLES["caption"])
    pos = pos or style.pos
    if pos not in POSITIONS:
        raise DraftError(f"unknown text position {pos!r}; use one of {', '.join(POSITIONS)}")
    font, lines, line_h = _layout(text, _size(style.size, size, w, h), style.bold, w, h)
    px = font.size
    stroke = max(1, round(px * 0.05))
    shadow = max(1, round(px * 0.05))
    pad = stroke + shadow * 3
    widths = [font.getlength(line) for line in lines]
    sw = even(min(w, max(widths or [1]) + 2 * pad + 1) + 1)
    sh = even(min(h, len(lines) * line_h + 2 * pad) + 1)
    fill_m = Image.new("L", (sw, sh), 0)
    edge_m = Image.new("L", (sw, sh), 0)
    shadow_m = Image.new("L", (sw, sh), 0)
    for i, (line, lw) in enumerate(zip(lines, widths, strict=True)):
        x = (sw - lw) / 2
        y = pad + i * line_h + (line_h - px) / 2
        ImageDraw.Draw(fill_m).text((x, y), line, font=font, fill=255)
        ImageDraw.Draw(edge_m).text((x, y), line, font=font, fill=255, stroke_width=stroke, stroke_fill=255)
        ImageDraw.Draw(shadow_m).text(
            (x + shadow, y + shadow), line, font=font, fill=255, stroke_width=stroke, stroke_fill=255
        )
    shadow_m = shadow_m.filter(ImageFilter.GaussianBlur(shadow * 1.5))
    f = np.asarray(fill_m, dtype=np.float32) / 255
    e = np.asarray(edge_m, dtype=np.float32) / 255
    s = np.asarray(shadow_m, dtype=np.float32) / 255
    alpha = np.maximum(np.maximum(f, e * 0.85), s * 0.5)
    # Colour: the fill where the glyph is, a near-black outline/shadow around it.
    rgb = f[..., None] * np.array(colour, dtype=np.float32) + (1 - f[..., None]) * 12.0
    planes = rgb_to_i420(np.clip(rgb, 0, 255).astype(np.uint8))
    x0 = even((w - sw) / 2) if sw < w else 0
    y0 = _anchor_y(pos, sh, pad, h) // 2 * 2
    alpha_c = cv2.resize(alpha, (sw // 2, sh // 2), interpolation=cv2.INTER_AREA)
    return Sprite(x0, y0, planes, alpha, alpha_c)


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
        hh, ww = min(sp.shape[0], ph - y), min(sp.shape[1], pw - x)
        if hh <= 0 or ww <= 0:
            continue
        a = alpha[:hh, :ww] * opacity if opacity < 1 else alpha[:hh, :ww]
        roi = plane[y : y + hh, x : x + ww]
        roi[...] = cv2.blendLinear(
            np.ascontiguousarray(roi), np.ascontiguousarray(sp[:hh, :ww]), 1.0 - a, np.ascontiguousarray(a)
        )
