"""The corpus's independent oracle: the change each instruction must make, written as small
functions over the draft's wire dict, with its own re-statement of the timing rule
(``retime``), so the corpus does not trust the code it checks."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from nemo_skill.models import MediaInfo

Wire = dict[str, Any]


# --- the independent oracle -----------------------------------------------------


def video(d: Wire) -> list[Wire]:
    return next(t for t in d["t"] if t["tt"] == 0)["sg"]


def is_clip(seg: Wire) -> bool:
    return "in" in seg["m"]


def photos(d: Wire) -> list[Wire]:
    return [seg for seg in video(d) if not is_clip(seg)]


def texts(d: Wire) -> list[Wire]:
    return [seg for t in d["t"] if t["tt"] == 7 for seg in t["sg"]]


def bgm_track(d: Wire) -> Wire:
    return next(t for t in d["t"] if t["tt"] == 1)


def retime(d: Wire) -> None:
    """The draft docstring's timing rule, restated."""
    segs = video(d)
    cursor = 0
    for i, seg in enumerate(segs):
        seg["st"] = cursor
        cursor += seg["d"]
        tr = seg["m"].get("tr")
        if tr and i + 1 < len(segs):
            tr["d"] = min(tr["d"], seg["d"], segs[i + 1]["d"])
    d["d"] = cursor
    for track in d["t"]:
        if track["tt"] == 1:
            for seg in track["sg"]:
                seg["d"] = cursor - seg["st"]
    anchors = {seg["src"]: seg for seg in segs}
    for seg in texts(d):
        meta = seg["m"]
        if meta.get("at") in anchors:
            seg["st"], seg["d"] = anchors[meta["at"]]["st"], anchors[meta["at"]]["d"]
        elif meta.get("whole"):
            seg["st"], seg["d"] = 0, cursor
        else:
            seg["d"] = min(seg["d"], cursor)
            if meta.get("role") == "endcard":
                seg["st"] = cursor - seg["d"]
            elif meta.get("role") in ("title", "subtitle", None):
                seg["st"] = 0


def reorder(d: Wire, change: Callable[[list[Wire]], None]) -> None:
    """A new order; the transition at each position stays where it was (issue #11: an
    edit leaves the cuts alone), then the timing rule."""
    segs = video(d)
    cuts = [seg["m"].get("tr") for seg in segs]
    change(segs)
    for seg, tr in zip(segs, cuts, strict=True):
        seg["m"].pop("tr", None)
        if tr is not None:
            seg["m"]["tr"] = tr
    retime(d)


def canvas(w: int, h: int, fit: str) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        d["m"]["w"], d["m"]["h"] = w, h
        for seg in video(d):
            seg["m"]["fit"] = fit

    return change


def fps(value: int) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        d["m"]["fps"] = value

    return change


def photo_ms(ms: int) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        for seg in photos(d):
            seg["d"] = ms
        retime(d)

    return change


def pace(factor: float) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        for seg in photos(d):
            seg["d"] = max(300, round(seg["d"] * factor / 10.0) * 10)
        retime(d)

    return change


def total(ms: int) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        flexible = photos(d)
        room = ms - sum(seg["d"] for seg in video(d) if is_clip(seg))
        factor = room / sum(seg["d"] for seg in flexible)
        assigned = 0
        for seg in flexible[:-1]:
            seg["d"] = max(300, round(seg["d"] * factor / 10.0) * 10)
            assigned += seg["d"]
        flexible[-1]["d"] = room - assigned
        retime(d)

    return change


def _photo_index(d: Wire, position: int) -> int:
    """Video-track index of the n-th photo (1-based, negative from the end)."""
    indexes = [i for i, seg in enumerate(video(d)) if not is_clip(seg)]
    return indexes[position - 1] if position > 0 else indexes[position]


def remove_photos(*positions: int) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        doomed = {_photo_index(d, p) for p in positions}
        segs = video(d)
        segs[:] = [seg for i, seg in enumerate(segs) if i not in doomed]
        retime(d)

    return change


def remove_at(index: int) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        del video(d)[index]
        retime(d)

    return change


def move_photo(position: int, to: str | int) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        index = _photo_index(d, position)

        def move(segs: list[Wire]) -> None:
            seg = segs.pop(index)
            if to == "end":
                segs.append(seg)
            elif to == "start":
                segs.insert(0, seg)
            else:
                segs.insert(int(to), seg)

        reorder(d, move)

    return change


def move_after(position: int, anchor: int) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        i, j = _photo_index(d, position), _photo_index(d, anchor)

        def move(segs: list[Wire]) -> None:
            seg, other = segs[i], segs[j]
            segs.remove(seg)
            segs.insert(segs.index(other) + 1, seg)

        reorder(d, move)

    return change


def move_clip_to_end(d: Wire) -> None:
    def move(segs: list[Wire]) -> None:
        clip = next(seg for seg in segs if is_clip(seg))
        segs.remove(clip)
        segs.append(clip)

    reorder(d, move)


def swap_photos(a: int, b: int) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        i, j = _photo_index(d, a), _photo_index(d, b)

        def swap(segs: list[Wire]) -> None:
            segs[i], segs[j] = segs[j], segs[i]

        reorder(d, swap)

    return change


def reverse(d: Wire) -> None:
    reorder(d, lambda segs: segs.reverse())


def sort_by_date(media: list[MediaInfo]) -> Callable[[Wire], None]:
    taken = {info.media_id: info.taken_at for info in media}
    rank = {info.media_id: i for i, info in enumerate(media)}

    def change(d: Wire) -> None:
        reorder(
            d,
            lambda segs: segs.sort(
                key=lambda seg: (taken.get(seg["src"]) is None, taken.get(seg["src"]) or "", rank[seg["src"]])
            ),
        )

    return change


def transition(
    name: str | None, ms: int | None = None, factor: float | None = None
) -> Callable[[Wire], None]:
    """Every cut gets ``name`` (None: keeps its kind) and a new length."""

    def change(d: Wire) -> None:
        for seg in video(d)[:-1]:
            old = seg["m"].get("tr", {"d": 600})["d"]
            kind = name or seg["m"].get("tr", {}).get("name", "fade")
            if name == "none":
                new = 0
            elif ms is not None:
                new = ms
            elif factor is not None:
                new = max(100, min(3000, round(old * factor / 10.0) * 10))
            else:
                new = old
            seg["m"]["tr"] = {"name": kind, "d": new}
        retime(d)

    return change


def smoother(d: Wire) -> None:
    for seg in video(d)[:-1]:
        tr = seg["m"]["tr"]
        name = tr["name"] if tr["name"] in ("fade", "dissolve", "fadeblack", "fadewhite") else "dissolve"
        seg["m"]["tr"] = {"name": name, "d": max(800, int(tr["d"] * 1.5))}
    retime(d)


def video_fade(fade_in: int | None = None, fade_out: int | None = None) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        if fade_in is not None:
            d["m"]["fade_in"] = fade_in
        if fade_out is not None:
            d["m"]["fade_out"] = fade_out

    return change


def motion(
    on: bool | None = None, factor: float | None = None, direction: str | None = None
) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        for seg in photos(d):
            kb = seg["m"]["kb"]
            if on is not None:
                kb["on"] = on
            if factor is not None:
                kb["on"] = True
                kb["amount"] = round(min(0.6, max(0.02, kb["amount"] * factor)), 3)
            if direction is not None:
                kb["on"] = True
                kb["dir"] = direction

    return change


def mood(name: str) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        seg = bgm_track(d)["sg"][0]
        seg["src"] = f"library:{name}"
        seg["m"]["mood"] = name
        seg["m"]["loop"] = True

    return change


def volume(value: float | None = None, factor: float | None = None) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        track = bgm_track(d)
        new = value if value is not None else track["m"]["vol"] * float(factor or 1)
        track["m"]["vol"] = round(max(0.0, min(1.0, new)), 2)

    return change


def music_fade_out(ms: int) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        bgm_track(d)["sg"][0]["m"]["fade_out"] = ms

    return change


def no_music(d: Wire) -> None:
    d["t"] = [t for t in d["t"] if t["tt"] != 1]


def uploaded_music(media_id: str) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        seg = bgm_track(d)["sg"][0]
        seg["src"] = media_id
        seg["m"].pop("mood", None)
        seg["m"]["loop"] = True

    return change


def _text_track(d: Wire) -> Wire:
    for track in d["t"]:
        if track["tt"] == 7:
            return track
    track = {"tt": 7, "m": {"name": "Text"}, "sg": []}
    d["t"].append(track)
    return track


def _reading_ms(text: str, fade_ms: int = 500) -> int:
    """docs/draft-format.md's reading rule: 1.5 s, then 0.4 s a word (a Chinese character
    half a word), plus the text's fade-in."""
    latin = [
        token for token in re.sub(r"[\u4e00-\u9fff]", " ", text).split() if re.search(r"[A-Za-z0-9]", token)
    ]
    words = len(latin) + len(re.findall(r"[\u4e00-\u9fff]", text)) / 2
    return round(1500 + 400 * words) + fade_ms


def set_text(role: str, value: str, photo: int | None = None, card_ms: int = 3000) -> Callable[[Wire], None]:
    """New text has no ``pos`` (the renderer places it); a title or an end card stays long
    enough to read (the reading rule), a title at least ``card_ms``."""

    def change(d: Wire) -> None:
        anchor = video(d)[_photo_index(d, photo)]["src"] if photo else None
        for seg in texts(d):
            if seg["m"].get("role", "title") == role and (role != "caption" or seg["m"].get("at") == anchor):
                seg["m"]["text"] = value
                if role == "title":
                    seg["d"] = max(seg["d"], min(d["d"], _reading_ms(value) + d["m"].get("fade_in", 0)))
                elif role == "endcard":
                    seg["d"] = max(seg["d"], min(d["d"], _reading_ms(value) + d["m"].get("fade_out", 0)))
                return
        titles = [seg for seg in texts(d) if seg["m"].get("role") == "title"]
        meta: Wire = {"text": value, "role": role, "fade": 500}
        if role in ("title", "subtitle"):
            length = titles[0]["d"] if titles else max(card_ms, _reading_ms(value) + d["m"].get("fade_in", 0))
            seg = {"st": 0, "d": min(d["d"], length), "m": meta}
        elif role == "endcard":
            length = min(d["d"], _reading_ms(value) + d["m"].get("fade_out", 0))
            seg = {"st": d["d"] - length, "d": length, "m": meta}
        else:
            if anchor:
                meta["at"] = anchor
            else:
                meta["whole"] = True
            seg = {"st": 0, "d": d["d"], "m": meta}
        track = _text_track(d)
        track["sg"].append(seg)
        retime(d)
        track["sg"].sort(key=lambda item: item["st"])

    return change


def text_field(role: str, key: str, value: Any) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        for seg in texts(d):
            if seg["m"].get("role") == role:
                if key == "d":
                    seg["d"] = value
                else:
                    seg["m"][key] = value
        retime(d)

    return change


def remove_text(role: str) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        for track in d["t"]:
            if track["tt"] == 7:
                track["sg"] = [seg for seg in track["sg"] if seg["m"].get("role") != role]
        d["t"] = [t for t in d["t"] if t["tt"] != 7 or t["sg"]]

    return change


def filt(name: str, photo: int | None = None) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        targets = [video(d)[_photo_index(d, photo)]] if photo else video(d)
        for seg in targets:
            seg["m"]["filter"] = name

    return change


def both(*changes: Callable[[Wire], None]) -> Callable[[Wire], None]:
    def change(d: Wire) -> None:
        for item in changes:
            item(d)

    return change
