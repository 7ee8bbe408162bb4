"""Which photos and clips an edit names: positions (as the track was before the batch)
or media ids, turned into indexes of the video track as it is now; and how a person
would name them back ("photos 2 and 5", "第1段视频")."""

from __future__ import annotations

from ...models import Draft, Segment
from ..timeline import video_track
from .base import CannotDo, Env, join_en

_NOUNS = {
    "photos": ("photo", "张", "照片"),
    "clips": ("clip", "段", "视频"),
    "items": ("item", "个", "片段"),
}


def _pool(env: Env, among: str) -> list[Segment]:
    if among == "items":
        return env.snapshot
    wanted = "video" if among == "clips" else "image"
    pool = [seg for seg in env.snapshot if env.kind_of(seg.src) == wanted]
    # "the third photo" in a video of clips only: the third item.
    return pool or (env.snapshot if among == "photos" else pool)


def _index_of(segments: list[Segment], seg: Segment) -> int | None:
    return next((i for i, item in enumerate(segments) if item is seg), None)


def pick(draft: Draft, targets: int | str | list[int | str], among: str, env: Env) -> list[int]:
    """Indexes in the video track, in the order named; each item once."""
    track = video_track(draft)
    items = track.sg if track else []
    pool = _pool(env, among)
    noun_en, measure, noun_zh = _NOUNS[among]
    if not pool:
        raise CannotDo(f"There is no {noun_en} in the video yet.", f"视频里还没有{noun_zh}。")
    chosen: list[int] = []
    for target in targets if isinstance(targets, list) else [targets]:
        if isinstance(target, str):
            index = next((i for i, seg in enumerate(items) if seg.src == target), None)
            if index is None:
                raise CannotDo(
                    f"No photo or clip with media id {target} is in the video.",
                    f"视频里没有媒体ID为{target}的照片或视频。",
                )
        else:
            position = target - 1 if target > 0 else len(pool) + target
            if not 0 <= position < len(pool):
                plural = "" if len(pool) == 1 else "s"
                verb = "is" if len(pool) == 1 else "are"
                raise CannotDo(
                    f"There {verb} only {len(pool)} {noun_en}{plural}, so there is no {noun_en} number "
                    f"{abs(target)}{' from the end' if target < 0 else ''}.",
                    f"一共只有{len(pool)}{measure}{noun_zh}，没有{'倒数' if target < 0 else ''}第{abs(target)}{measure}。",
                )
            index = _index_of(items, pool[position])
            if index is None:
                raise CannotDo(
                    f"{noun_en.capitalize()} {abs(target)} was already removed by this request.",
                    f"第{abs(target)}{measure}{noun_zh}已经在这次修改中删除了。",
                )
        if index not in chosen:
            chosen.append(index)
    return chosen


def describe(draft: Draft, indexes: list[int], env: Env) -> tuple[str, str]:
    """How a person would name these video-track items: "photos 2 and 5", "第1段视频"."""
    track = video_track(draft)
    segments = track.sg if track else []
    kinds = {env.kind_of(segments[i].src) for i in indexes}
    if len(kinds) > 1:
        numbers = [str(i + 1) for i in indexes]
        return f"the items at positions {join_en(numbers)}", f"第{'、'.join(numbers)}个片段"
    kind = "clip" if kinds == {"video"} else "photo"
    same = [i for i, seg in enumerate(segments) if (env.kind_of(seg.src) == "video") == (kind == "clip")]
    pool = same or list(range(len(segments)))
    numbers = [str(pool.index(i) + 1) for i in indexes]
    noun_en, measure, noun_zh = _NOUNS["clips" if kind == "clip" else "photos"]
    plural = "s" if len(numbers) > 1 else ""
    return f"{noun_en}{plural} {join_en(numbers)}", f"第{'、'.join(numbers)}{measure}{noun_zh}"
