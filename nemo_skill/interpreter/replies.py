"""Reply sentences the engine composes (the edits' own sentences live with the edits)."""

from __future__ import annotations

from ..models import TRACK_AUDIO, Draft
from ..summary import summarize
from .ops.base import seconds_en, seconds_zh
from .timeline import aspect_of, text_segments

NO_VIDEO = (
    'There is no video yet. Upload some photos or clips, then say "turn these photos into a video".',
    "还没有视频。请先上传照片或视频，然后说“做一个视频”。",
)
ALREADY_MADE = (
    'Your video is already made from these photos. Tell me what to change, or say "start over" to make it again.',
    "视频已经用这些照片做好了。告诉我要改什么，或者说“重新生成”。",
)
NOTHING_CHANGED = (" Nothing was changed.", "视频没有改动。")
UNDONE = ("I undid the last change.", "已撤销上一次修改。")
NOTHING_TO_UNDO = ("There is nothing to undo yet.", "没有可以撤销的修改。")
REDONE = ("I redid the change you undid.", "已恢复刚才撤销的修改。")
NOTHING_TO_REDO = (
    "There is nothing to redo: redo brings back what undo took away, until a new edit is made.",
    "没有可以恢复的修改：撤销之后、再做新修改之前，才可以重做。",
)
TIMELINE_LEAD = ("Here is the timeline:", "当前时间线：")


def say(zh: bool, pair: tuple[str, str]) -> str:
    return pair[1] if zh else pair[0]


def join(zh: bool, sentences: list[str]) -> str:
    return ("" if zh else " ").join(sentence for sentence in sentences if sentence)


def with_timeline(reply: str, draft: Draft | None, show: bool) -> str:
    if not show or draft is None:
        return reply
    return f"{reply} {summarize(draft)}".strip()


def unchanged(zh: bool, reasons: list[str]) -> str:
    if zh:
        return "无需修改，没有扣除积分。" + ("".join(reasons) or "视频已经是这样了。")
    return "Nothing needed to change, so no credits were used. " + (
        " ".join(reasons) or "The video already looks like that."
    )


TITLE_CARD_HINT = (
    'For the title card, tell me the names and the date, for example: "Anna & Tom, June 12, 2027".',
    "标题卡需要名字和日期，例如：“安娜和汤姆，2027年6月12日”。",
)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def article(number: str) -> str:
    """ "an 8-second", "an 18-second", "a 6-second": by how the number is said."""
    whole = number.split(".")[0]
    return "an" if whole.startswith("8") or whole in ("11", "18") else "a"


def generated(draft: Draft, photos: int, clips: int, scenes: int, zh: bool) -> str:
    """One sentence about a freshly built video, read from the final draft."""
    # Cuts on the beat leave lengths like 26.75 s: said to a tenth, as the timeline shows them.
    seconds = f"{round(draft.d / 100) / 10:g}"
    aspect = aspect_of(draft.m.w, draft.m.h)
    roles = {seg.m.role for seg in text_segments(draft)}
    music = next(
        (seg.m.mood or "your uploaded" for track in draft.tracks(TRACK_AUDIO) for seg in track.sg), None
    )
    if zh:
        media = f"{photos}张照片" + (f"和{clips}段视频" if clips else "")
        extras = [
            text
            for present, text in (
                (music, "配上背景音乐"),
                ("title" in roles, "加了标题"),
                ("endcard" in roles, "加了片尾卡片"),
            )
            if present
        ]
        tail = "，" + "，".join(extras) if extras else ""
        return f"已用{media}做好一个{seconds}秒的{aspect}视频，分为{scenes}个场景{tail}。"
    media = f"{photos} photo{'s' if photos != 1 else ''}"
    if clips:
        media += f" and {clips} clip{'s' if clips != 1 else ''}"
    extras = [
        text
        for present, text in (
            (music, f"{music} music"),
            ("title" in roles, "a title"),
            ("endcard" in roles, "an end card"),
        )
        if present
    ]
    tail = f" with {_and(extras)}" if extras else ""
    scene_word = "scene" if scenes == 1 else "scenes"
    return f"I made {article(seconds)} {seconds}-second {aspect} video from {media} in {scenes} {scene_word}{tail}."


def length_now(zh: bool, length_ms: int) -> str:
    return f"视频现在长{seconds_zh(length_ms)}。" if zh else f"The video is now {seconds_en(length_ms)} long."


def not_understood(zh: bool, fragments: list[str]) -> str:
    """One sentence naming the words that were not understood."""
    if zh:
        return f"没听懂：{'、'.join(f'“{f}”' for f in fragments)}。"
    quoted = [f'"{fragment}"' for fragment in fragments]
    return f"I didn't understand {_and(quoted) if len(quoted) > 1 else quoted[0]}."
