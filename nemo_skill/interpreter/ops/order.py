"""Photos and clips: remove, move, swap, shuffle, reverse, sort by date, add new uploads."""

from __future__ import annotations

import random
import zlib
from statistics import median
from typing import Any

from ...models import Draft, KenBurns, Segment, SegmentMeta, Track, Transition
from ..defaults import BUILD
from ..edits import AddNewMedia, MovePhoto, RemovePhoto, Reverse, Shuffle, SortByDate, SwapPhotos
from ..timeline import KB_CYCLE, fit_for, retime, video_track
from .base import CannotDo, Env, Said, applies, seconds_en, seconds_zh
from .targets import describe, pick

DEFAULT_PHOTO_MS = 3000
DEFAULT_CLIP_MS = 5000


def _track(draft: Draft, what_en: str, what_zh: str, least: int = 1) -> Track:
    track = video_track(draft)
    if track is None or len(track.sg) < least:
        raise CannotDo(f"There is nothing to {what_en} yet.", f"还没有可以{what_zh}的内容。")
    return track


def _reorder(draft: Draft, track: Track, order: list[Segment]) -> None:
    """Put the items in a new order. The transition at each position stays: the cuts look
    as they did (the photo moved last does not bring a hard cut into the middle)."""
    cuts = [seg.m.tr for seg in track.sg]
    track.sg = order
    for seg, tr in zip(track.sg, cuts, strict=True):
        seg.m.tr = tr
    retime(draft)


@applies("remove_photo")
def remove_photo(draft: Draft, edit: RemovePhoto, env: Env) -> Said:
    track = _track(draft, "remove", "删除")
    indexes = pick(draft, edit.photo, edit.among, env)
    if len(indexes) >= len(track.sg):
        raise CannotDo(
            "I can't remove everything; at least one photo or clip has to stay.",
            "不能全部删除，至少要保留一张照片或一段视频。",
        )
    label_en, label_zh = describe(draft, indexes, env)
    doomed = set(indexes)
    track.sg = [seg for i, seg in enumerate(track.sg) if i not in doomed]
    retime(draft)
    return Said(
        f"I removed {label_en}; the video is now {seconds_en(draft.d)} long.",
        f"已删除{label_zh}，视频现在长{seconds_zh(draft.d)}。",
    ).stating(draft.d, f"I removed {label_en}.", f"已删除{label_zh}。")


def _destination(
    draft: Draft, edit: MovePhoto, rest: list[Segment], moving: list[Segment], env: Env
) -> tuple[int, str, str]:
    track = video_track(draft)
    assert track is not None
    if edit.to == "end":
        return len(rest), "to the end", "最后"
    if edit.to == "start":
        return 0, "to the start", "开头"
    if isinstance(edit.to, int):
        if edit.to > len(track.sg):
            raise CannotDo(
                f"Position {edit.to} does not exist; there are {len(track.sg)} items.",
                f"没有第{edit.to}个位置，一共只有{len(track.sg)}个片段。",
            )
        return min(edit.to - 1, len(rest)), f"to place {edit.to}", f"第{edit.to}个位置"
    relation = "after" if edit.after is not None else "before"
    other = pick(draft, edit.after if edit.after is not None else edit.before, edit.among, env)  # type: ignore[arg-type]
    anchor = track.sg[other[0]]
    if anchor in moving:
        raise CannotDo("A photo can't be moved next to itself.", "不能把照片移到它自己旁边。")
    position = next(i for i, seg in enumerate(rest) if seg is anchor) + (1 if relation == "after" else 0)
    anchor_en, anchor_zh = describe(draft, other[:1], env)
    return position, f"{relation} {anchor_en}", f"{anchor_zh}{'之后' if relation == 'after' else '之前'}"


@applies("move_photo")
def move_photo(draft: Draft, edit: MovePhoto, env: Env) -> Said:
    track = _track(draft, "move", "移动")
    indexes = pick(draft, edit.from_, edit.among, env)
    label_en, label_zh = describe(draft, indexes, env)
    if edit.copy_:
        return _copy(draft, track, edit, indexes, env, (label_en, label_zh))
    moving = [track.sg[i] for i in indexes]
    rest = [seg for i, seg in enumerate(track.sg) if i not in set(indexes)]
    position, where_en, where_zh = _destination(draft, edit, rest, moving, env)
    _reorder(draft, track, rest[:position] + moving + rest[position:])
    return Said(f"I moved {label_en} {where_en}.", f"已把{label_zh}移到{where_zh}。")


def _copy(
    draft: Draft, track: Track, edit: MovePhoto, indexes: list[int], env: Env, label: tuple[str, str]
) -> Said:
    """Copies of the items at the place; the cuts around them are the video's usual one."""
    copies = [track.sg[i].model_copy(deep=True) for i in indexes]
    everything = list(track.sg)
    position, where_en, where_zh = _destination(draft, edit, everything, copies, env)
    cuts = [seg.m.tr for seg in everything]
    said = [tr for tr in cuts[:-1] if tr is not None]
    usual = max(said, key=lambda tr: sum(other == tr for other in said)) if said else None
    track.sg = everything[:position] + copies + everything[position:]
    # Each position keeps its cut, as a reorder does; the new ones (and the one before a copy
    # put last, which had none) take the usual cut, and the last item none.
    new_cuts = cuts[:-1] + [usual] * len(copies)
    for seg, tr in zip(track.sg, [*new_cuts, None], strict=True):
        seg.m.tr = tr.model_copy() if tr is not None else None
    retime(draft)
    copies_en = "a copy" if len(copies) == 1 else f"{len(copies)} copies"
    where_en = f"at {where_en[3:]}" if where_en.startswith("to ") else where_en  # "at the end", "at place 2"
    en = f"I put {copies_en} of {label[0]} {where_en}"
    zh = f"已把{label[1]}复制一份放到{where_zh}"
    return Said(
        f"{en}; the video is now {seconds_en(draft.d)} long.", f"{zh}，视频现在长{seconds_zh(draft.d)}。"
    ).stating(draft.d, f"{en}.", f"{zh}。")


@applies("swap_photos")
def swap_photos(draft: Draft, edit: SwapPhotos, env: Env) -> Said:
    track = _track(draft, "swap", "交换", least=2)
    i = pick(draft, edit.a, edit.among, env)[0]
    j = pick(draft, edit.b, edit.among, env)[0]
    if i == j:
        raise CannotDo("Those are the same item, so there is nothing to swap.", "这是同一个片段，无需交换。")
    first_en, first_zh = describe(draft, [i], env)
    second_en, second_zh = describe(draft, [j], env)
    order = list(track.sg)
    order[i], order[j] = order[j], order[i]
    _reorder(draft, track, order)
    return Said(f"I swapped {first_en} and {second_en}.", f"已交换{first_zh}和{second_zh}。")


@applies("shuffle")
def shuffle(draft: Draft, edit: Shuffle, env: Env) -> Said:
    track = _track(draft, "shuffle", "打乱", least=2)
    before = list(track.sg)
    # Deterministic (the interpreter is pure): the seed comes from the edit or the order itself.
    seed = (
        edit.seed if edit.seed is not None else zlib.crc32("|".join(seg.src or "" for seg in before).encode())
    )
    rng = random.Random(seed)
    order = list(before)
    for _ in range(8):
        rng.shuffle(order)
        if any(a is not b for a, b in zip(order, before, strict=True)):
            break
    _reorder(draft, track, order)
    return Said("The photos and clips are in a new, shuffled order.", "照片和视频的顺序已随机打乱。")


@applies("reverse")
def reverse(draft: Draft, edit: Reverse, env: Env) -> Said:
    track = _track(draft, "reverse", "倒序")
    _reorder(draft, track, track.sg[::-1])
    return Said("The photos and clips play in reverse order.", "照片和视频的顺序已倒过来。")


@applies("sort_by_date")
def sort_by_date(draft: Draft, edit: SortByDate, env: Env) -> Said:
    track = _track(draft, "sort", "排序")
    upload_rank = {info.media_id: rank for rank, info in enumerate(env.media_order)}

    def key(item: tuple[int, Any]) -> tuple[bool, str, int, int]:
        index, seg = item
        info = env.media.get(seg.src or "")
        taken = info.taken_at if info and info.taken_at else None
        return (taken is None, taken or "", upload_rank.get(seg.src or "", len(upload_rank)), index)

    dated = sum(1 for seg in track.sg if (info := env.media.get(seg.src or "")) and info.taken_at)
    _reorder(draft, track, [seg for _, seg in sorted(enumerate(track.sg), key=key)])
    if dated == 0:
        return Said(
            "The photos had no capture dates, so they are in upload order.",
            "照片没有拍摄时间，已按上传顺序排列。",
        )
    return Said(
        "The photos and clips are sorted by the time they were taken.", "照片和视频已按拍摄时间排序。"
    )


@applies("add_new_media")
def add_new_media(draft: Draft, edit: AddNewMedia, env: Env) -> Said:
    track = video_track(draft)
    if track is None:
        raise CannotDo("There is no video to add to yet.", "还没有可以添加的视频。")
    used = draft.media_ids()
    fresh = [
        info for info in env.media_order if info.file_type in ("image", "video") and info.media_id not in used
    ]
    if not fresh:
        return Said(
            "All your photos and clips are already in the video.",
            "所有照片和视频都已经在视频里了。",
            noop=True,
        )
    photos = [seg for seg in track.sg if env.kind_of(seg.src) == "image"]
    photo_ms = int(median(seg.d for seg in photos)) if photos else DEFAULT_PHOTO_MS
    model_kb = next((seg.m.kb for seg in photos if seg.m.kb is not None), None)
    cut = next((seg.m.tr for seg in reversed(track.sg) if seg.m.tr is not None), None) or Transition(
        name="fade", d=BUILD.transition_ms
    )
    if track.sg:
        track.sg[-1].m.tr = cut.model_copy()
    for number, info in enumerate(fresh):
        meta = SegmentMeta(
            fit=fit_for(info, draft.m.w, draft.m.h),
            filter=track.sg[0].m.filter if track.sg else "none",
        )
        if info.file_type == "image":
            length = photo_ms
            meta.kb = KenBurns(
                on=model_kb.on if model_kb else True,
                dir=KB_CYCLE[(len(photos) + number) % len(KB_CYCLE)],
                amount=model_kb.amount if model_kb else 0.1,
            )
        else:
            length = min(int(info.duration * 1000) or DEFAULT_CLIP_MS, DEFAULT_CLIP_MS)
            meta.in_ = 0
        if number + 1 < len(fresh):
            meta.tr = cut.model_copy()
        track.sg.append(Segment(src=info.media_id, d=max(1, length), m=meta))
    retime(draft)
    count = len(fresh)
    items = f"{count} new item{'s' if count != 1 else ''}"
    return Said(
        f"I added {items} at the end; the video is now {seconds_en(draft.d)} long.",
        f"已在结尾加入{count}个新素材，视频现在长{seconds_zh(draft.d)}。",
    ).stating(draft.d, f"I added {items} at the end.", f"已在结尾加入{count}个新素材。")
