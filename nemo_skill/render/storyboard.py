"""The storyboard: a PNG contact sheet of the timeline, one frame per segment.

Each thumbnail is the real composed frame at the middle of its segment (same framing,
motion, filter and text as the video), captioned with its time, transition and text.
Each caption line is measured with its font and shortened with an ellipsis to the
tile's width, and lines are spaced by the font's own height: labels never run into
each other or out of their tile.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .._exceptions import InputError
from ..models.draft import TRACK_AUDIO, Draft
from .colour import even, i420_to_rgb, new_frame
from .compositor import Compositor
from .fonts import font_path
from .media import MediaResolver
from .plan import Plan, make_plan

_THUMB_LONG = 320
_CAPTION_LINES = 3
_LINE_GAP = 3  # px between caption lines, below the font's own height
_PAD = 12
_BG = (24, 24, 28)
_FG = (235, 235, 235)
_DIM = (160, 160, 170)


def _secs(ms: float) -> str:
    return f"{ms / 1000:.1f}s"


def _shorten(text: str, n: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def fit_line(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """``text`` as it is when it fits ``width`` px, else cut at a character with "…" added."""
    if font.getlength(text) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with its ellipsis
        mid = (lo + hi + 1) // 2
        if font.getlength(text[:mid].rstrip() + "…") <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


Label = tuple[str, tuple[int, int], tuple[int, int, int, int]]  # text, where drawn, ink box


def caption_labels(lines: list[str], font: ImageFont.FreeTypeFont, x: int, y: int, width: int) -> list[Label]:
    """Each caption line fitted to the tile's width, where it is drawn (one under the other,
    the font's height plus ``_LINE_GAP`` apart) and its ink box on the sheet."""
    ascent, descent = font.getmetrics()
    out = []
    for j, line in enumerate(lines[:_CAPTION_LINES]):
        fitted = fit_line(line, font, width)
        top = y + j * (ascent + descent + _LINE_GAP)
        x0, y0, x1, y1 = (round(edge) for edge in font.getbbox(fitted))
        out.append((fitted, (x, top), (x + x0, top + y0, x + x1, top + y1)))
    return out


def _caption_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return _CAPTION_LINES * (ascent + descent + _LINE_GAP) + 4


def _tiles(plan: Plan) -> list[tuple[float, list[str]]]:
    """(time to show, caption lines) per tile."""
    tiles = []
    for v in plan.visuals:
        lines = [f"#{v.index + 1}  {_secs(v.start)}–{_secs(v.end)}  {v.ref.path.name}"]
        motion = (
            "still"
            if v.motion.direction == "none"
            else f"zoom {v.motion.direction}"
            if v.motion.direction in ("in", "out")
            else f"pan {v.motion.direction}"
        )
        tr = f"→ {v.tr_name} {_secs(v.tr_out)}" if v.tr_out > 0 and v.tr_name != "none" else "→ cut"
        lines.append(f"{motion}  {tr}" + (f"  {v.filter}" if v.filter != "none" else ""))
        texts = [t.text for t in plan.texts if t.start < v.end and t.end > v.start]
        if texts:
            lines.append("“" + _shorten(" / ".join(texts)) + "”")
        tiles.append(((v.start + v.end) / 2, lines))
    if not tiles:
        for t in plan.texts or []:
            tiles.append(
                ((t.start + t.end) / 2, [f"{_secs(t.start)}–{_secs(t.end)}", "“" + _shorten(t.text) + "”"])
            )
    return tiles or [(0.0, ["(no pictures)"])]


def storyboard(draft: Draft, media: MediaResolver, out_png: Path, *, columns: int = 4) -> Path:
    out_png = out_png.expanduser().absolute()
    if not out_png.parent.is_dir() or not os.access(out_png.parent, os.W_OK):
        raise InputError(f"cannot write the storyboard in {out_png.parent} (missing or not writable)")
    plan = make_plan(draft, media, "high", audio=False)
    k = _THUMB_LONG / max(plan.width, plan.height)
    plan.width, plan.height = even(plan.width * k), even(plan.height * k)
    plan.preview = True
    tw, th = plan.width, plan.height
    tiles = _tiles(plan)
    columns = max(1, min(columns, len(tiles)))
    rows = (len(tiles) + columns - 1) // columns
    font = ImageFont.truetype(str(font_path(False)), 13)
    head = ImageFont.truetype(str(font_path(True)), 16)
    cap_h = _caption_height(font)
    sheet = Image.new("RGB", (columns * (tw + _PAD) + _PAD, 34 + rows * (th + cap_h + _PAD) + _PAD), _BG)
    draw = ImageDraw.Draw(sheet)
    music = (
        ", ".join(seg.src for track in draft.tracks(TRACK_AUDIO) for seg in track.sg if seg.src) or "no music"
    )
    summary = f"{len(plan.visuals)} segments · {_secs(plan.duration_ms)} · {draft.m.w}x{draft.m.h}@{draft.m.fps} · {music}"
    draw.text((_PAD, 9), fit_line(summary, head, sheet.width - 2 * _PAD), font=head, fill=_FG)
    comp = Compositor(plan, prefetch=False)
    _, frame = new_frame(tw, th)
    try:
        for n, (t, lines) in enumerate(tiles):
            comp.compose(t, frame)
            x = _PAD + (n % columns) * (tw + _PAD)
            y = 34 + (n // columns) * (th + cap_h + _PAD)
            sheet.paste(Image.fromarray(i420_to_rgb(frame)), (x, y))
            for j, (line, at, _) in enumerate(caption_labels(lines, font, x, y + th + 4, tw)):
                draw.text(at, line, font=font, fill=_FG if j == 0 else _DIM)
    finally:
        comp.close()
    tmp = out_png.with_name(f".{out_png.stem}.{uuid.uuid4().hex[:8]}.part.png")
    try:
        sheet.save(tmp, format="PNG", optimize=False)
        os.replace(tmp, out_png)
    finally:
        tmp.unlink(missing_ok=True)
    return out_png
