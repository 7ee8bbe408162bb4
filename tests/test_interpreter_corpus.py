"""The instruction corpus: each message with the EXACT change it must make to a draft.

Layer 1 (this file) calls interpret() directly on a hand-made draft; layer 2
(test_interpreter_protocol.py) sends the same corpus through the real local
backend. Expected changes are written as small functions over the draft's wire
dict, with an independent re-statement of the timing rule (``retime``), so the
test does not trust the code it checks.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from interpreter_corpus.oracle import (
    Wire,
    both,
    canvas,
    filt,
    fps,
    mood,
    motion,
    move_after,
    move_clip_to_end,
    move_photo,
    music_fade_out,
    no_music,
    pace,
    photo_ms,
    remove_at,
    remove_photos,
    remove_text,
    retime,
    reverse,
    set_text,
    smoother,
    sort_by_date,
    swap_photos,
    text_field,
    total,
    transition,
    uploaded_music,
    video_fade,
    volume,
)

from nemo_skill.interpreter import InterpretContext, interpret
from nemo_skill.models import Draft, MediaInfo

# --- the corpus -------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    message: str
    change: Callable[[Wire], None]
    needs: frozenset[str] = field(default_factory=frozenset)
    """What the starting draft must have: "clip", "title", "dates" (out of capture order), "audio-upload"."""

    @property
    def zh(self) -> bool:
        unquoted = re.sub(r"[\"“「『'‘].*?[\"”」』'’]", "", self.message)
        return len(re.findall(r"[\u4e00-\u9fff]", unquoted)) > len(re.findall(r"[a-zA-Z]", unquoted)) / 2


CLIP = frozenset({"clip"})
DATES = frozenset({"clip", "dates"})
TITLE = frozenset({"title"})
UPLOAD = frozenset({"audio-upload"})

MEDIA: list[MediaInfo] = [
    MediaInfo(
        media_id="p1",
        filename="a.jpg",
        file_type="image",
        width=1600,
        height=1200,
        taken_at="2027-06-12T10:05:00",
    ),
    MediaInfo(
        media_id="p2",
        filename="b.jpg",
        file_type="image",
        width=1600,
        height=1200,
        taken_at="2027-06-12T09:00:00",
    ),
    MediaInfo(
        media_id="p3",
        filename="c.jpg",
        file_type="image",
        width=1600,
        height=1200,
        taken_at="2027-06-12T11:30:00",
    ),
    MediaInfo(media_id="v1", filename="venue.mp4", file_type="video", width=1920, height=1080, duration=8.0),
    MediaInfo(
        media_id="p4",
        filename="d.jpg",
        file_type="image",
        width=1600,
        height=1200,
        taken_at="2027-06-12T08:15:00",
    ),
    MediaInfo(media_id="p5", filename="e.jpg", file_type="image", width=1600, height=1200),
    MediaInfo(
        media_id="p6",
        filename="f.jpg",
        file_type="image",
        width=1600,
        height=1200,
        taken_at="2027-06-12T12:00:00",
    ),
    MediaInfo(media_id="a1", filename="song.mp3", file_type="audio", duration=120.0),
]


def _photo(src: str, direction: str) -> Wire:
    return {
        "src": src, "st": 0, "d": 2500,
        "m": {"tr": {"name": "fade", "d": 500}, "fit": "cover", "filter": "none",
              "kb": {"on": True, "dir": direction, "amount": 0.1}},
    }  # fmt: skip


def base_draft() -> Wire:
    """A draft as the builder would make it, written out by hand (plus a field we do not know)."""
    segs = [_photo("p1", "in"), _photo("p2", "out"), _photo("p3", "left")]
    segs.append({"src": "v1", "st": 0, "d": 4000, "m": {"tr": {"name": "fadeblack", "d": 1000}, "fit": "cover",
                                                      "filter": "none", "in": 2000}})  # fmt: skip
    segs += [_photo("p4", "right"), _photo("p5", "up"), _photo("p6", "down")]
    del segs[-1]["m"]["tr"]
    draft = {
        "d": 0,
        "m": {"w": 1920, "h": 1080, "fps": 30},
        "t": [
            {"tt": 0, "m": {"name": "Photos"}, "sg": segs, "x_editor_lock": True},
            {"tt": 1, "m": {"name": "BGM", "vol": 0.35},
             "sg": [{"src": "library:cinematic", "st": 0, "d": 1, "m": {"mood": "cinematic", "loop": True, "fade_out": 2000}}]},
            {"tt": 7, "m": {"name": "Text"},
             "sg": [{"st": 0, "d": 3000, "m": {"text": "Hello", "role": "title", "pos": "center", "fade": 500}}]},
        ],
        "x_project_note": "keep me",
    }  # fmt: skip
    retime(draft)
    return Draft.model_validate(draft).dump()


CASES: list[Case] = [
    # canvas
    Case("make it 9:16", canvas(1080, 1920, "blur")),
    Case("Make it vertical for TikTok", canvas(1080, 1920, "blur")),
    Case("改成竖屏", canvas(1080, 1920, "blur")),
    Case("９：１６", canvas(1080, 1920, "blur")),
    Case("make it square", canvas(1080, 1080, "blur")),
    Case("改成1:1的正方形", canvas(1080, 1080, "blur")),
    Case("make it 4:5 for an Instagram post", canvas(1080, 1350, "blur")),
    Case("I need it for Instagram Reels", canvas(1080, 1920, "blur")),
    Case("make it 720p", canvas(1280, 720, "cover")),
    Case("export in 4K please", canvas(3840, 2160, "cover")),
    Case("60 fps", fps(60)),
    Case("帧率改成24帧", fps(24)),
    # timing
    Case("3 seconds per photo", photo_ms(3000)),
    Case("each photo should last 4 seconds", photo_ms(4000)),
    Case("每张照片3秒", photo_ms(3000)),
    Case("每张照片三秒", photo_ms(3000)),
    Case("show every picture for 1.5 s", photo_ms(1500)),
    Case("make it a 60-second video", total(60000)),
    Case("一分钟", total(60000)),
    Case("make it 30s", total(30000)),
    Case("make it 1:30", total(90000)),
    Case("总时长改为45秒", total(45000)),
    Case("cut it down to 12 seconds", total(12000)),
    Case("make it 15 seconds long", total(15000)),
    Case("make it faster", pace(0.75)),
    Case("slow it down", pace(1 / 0.75)),
    Case("节奏快一点", pace(0.75)),
    # photos and clips
    Case("remove the third photo", remove_photos(3)),
    Case("delete photo 2", remove_photos(2)),
    Case("删除第三张", remove_photos(3)),
    Case("去掉第2、5张", remove_photos(2, 5)),
    Case("remove photos 2 and 5", remove_photos(2, 5)),
    Case("remove photos 2-4", remove_photos(2, 3, 4)),
    Case("remove the last photo", remove_photos(-1)),
    Case("drop the last one", remove_at(-1)),
    Case("删掉最后一张", remove_photos(-1)),
    Case("倒数第二张删掉", remove_photos(-2)),
    Case("move the first photo to the end", move_photo(1, "end")),
    Case("把第一张移到最后", move_photo(1, "end")),
    Case("put the 2nd photo at the start", move_photo(2, "start")),
    Case("remove the first two photos", remove_photos(1, 2)),
    Case("删掉前两张", remove_photos(1, 2)),
    Case("put photo 5 first", move_photo(5, "start")),
    Case("move photo 2 after photo 4", move_after(2, 4)),
    Case("把第三张放到第一张后面", move_after(3, 1)),
    Case("swap photos 1 and 3", swap_photos(1, 3)),
    Case("第二张和第四张换一下位置", swap_photos(2, 4)),
    Case("交换第一张和第三张", swap_photos(1, 3)),
    Case("swap the first and last photos", swap_photos(1, -1)),
    Case("reverse the order", reverse),
    Case("倒序", reverse),
    Case("sort the photos by date", sort_by_date(MEDIA), DATES),
    Case("按拍摄时间排序", sort_by_date(MEDIA), DATES),
    Case("put the venue clip at the end", move_clip_to_end, CLIP),
    Case("把视频放到最后", move_clip_to_end, CLIP),
    # transitions and fades
    Case("use slide transitions", transition("slideleft")),
    # Issue #12: a dissolve is what editors call a crossfade (xfade's "fade").
    Case("dissolve between photos", transition("fade")),
    Case("fade to black between the photos", transition("fadeblack")),
    Case("no transitions", transition("none")),
    Case("去掉转场", transition("none")),
    Case("转场用溶解", transition("fade")),
    Case("make the transitions smoother", smoother),
    Case("faster transitions", transition(None, factor=0.6)),
    Case("1 second transitions", transition(None, ms=1000)),
    Case("fade in at the start", video_fade(fade_in=1000)),
    Case("fade out at the end", video_fade(fade_out=1000)),
    Case("淡入淡出", video_fade(1000, 1000)),
    Case("fade in and out", video_fade(1000, 1000)),
    Case("fade in and out over 2 seconds", video_fade(2000, 2000)),
    # motion
    Case("turn off the Ken Burns", motion(on=False)),
    Case("no zoom please", motion(on=False)),
    Case("去掉动效", motion(on=False)),
    Case("slower zoom", motion(factor=0.6)),
    Case("make the motion more dramatic", motion(factor=1.6)),
    Case("zoom in on every photo", motion(direction="in")),
    Case("pan left", motion(direction="left")),
    Case("动效慢一点", motion(factor=0.6)),
    # music
    Case("add romantic music", mood("romantic")),
    Case("change the music to lo-fi", mood("lofi")),
    Case("换成浪漫的音乐", mood("romantic")),
    Case("make the music more upbeat", mood("upbeat")),
    Case("the background music should be calm", mood("calm")),
    Case("make it more romantic", mood("romantic")),
    Case("浪漫一点", mood("romantic")),
    Case("music volume 50%", volume(0.5)),
    Case("把音乐声音调小一点", volume(factor=0.7)),
    Case("音乐音量调到百分之三十", volume(0.3)),
    Case("make the music quieter", volume(factor=0.7)),
    Case("louder music", volume(factor=1 / 0.7)),
    Case("fade out the music over 4 seconds", music_fade_out(4000)),
    Case("remove the music", no_music),
    Case("去掉背景音乐", no_music),
    Case("no music", no_music),
    Case("use my song", uploaded_music("a1"), UPLOAD),
    # text (quoted text is never a command)
    Case('add the title "Remove Photo 3"', set_text("title", "Remove Photo 3")),
    Case('add the title "Delete the music"', set_text("title", "Delete the music")),
    Case("add the title 'Make it 9:16'", set_text("title", "Make it 9:16")),
    Case("标题改成“删除第三张”", set_text("title", "删除第三张")),
    Case('change the title to "Our Summer"', set_text("title", "Our Summer")),
    Case("加标题「我们的夏天」", set_text("title", "我们的夏天")),
    Case("title: Our Wedding Day", set_text("title", "Our Wedding Day")),
    Case("标题改成我们的婚礼", set_text("title", "我们的婚礼")),
    Case('add a subtitle "June 2027"', set_text("subtitle", "June 2027")),
    Case('add the caption "Mum & Dad" to the third photo', set_text("caption", "Mum & Dad", photo=3)),
    Case("加字幕『你好 World』", set_text("caption", "你好 World")),
    Case('end with "Thank you for coming"', set_text("endcard", "Thank you for coming")),
    Case("add an end card", set_text("endcard", "The End")),
    Case(
        "our names are Anna & Tom and the date is June 12, 2027",
        both(set_text("title", "Anna & Tom"), set_text("subtitle", "June 12, 2027")),
    ),
    Case(
        "安娜和汤姆的婚礼，2027年6月12日",
        both(set_text("title", "安娜和汤姆"), set_text("subtitle", "2027年6月12日")),
    ),
    Case("Anna and Tom", set_text("title", "Anna and Tom")),
    Case("move the title to the top", text_field("title", "pos", "top"), TITLE),
    Case("标题放在底部", text_field("title", "pos", "bottom"), TITLE),
    Case("show the title for 5 seconds", text_field("title", "d", 5000), TITLE),
    Case("remove the title", remove_text("title"), TITLE),
    Case("去掉标题", remove_text("title"), TITLE),
    # look
    Case("make it black and white", filt("bw")),
    Case("黑白", filt("bw")),
    Case("make the third photo black and white", filt("bw", photo=3)),
    Case("warmer colours", filt("warm")),
    Case("give it a vintage look", filt("vintage")),
    Case("复古一点", filt("vintage")),
    # several edits in one message
    Case(
        "make it 9:16, 3 seconds per photo and add romantic music",
        both(mood("romantic"), canvas(1080, 1920, "blur"), photo_ms(3000)),
    ),
    Case(
        "竖屏，每张照片3秒，加浪漫的音乐", both(mood("romantic"), canvas(1080, 1920, "blur"), photo_ms(3000))
    ),
    Case("remove the second photo and make it black and white", both(remove_photos(2), filt("bw"))),
    Case("remove the music and the title", both(remove_text("title"), no_music), TITLE),
    Case("去掉音乐和标题", both(remove_text("title"), no_music), TITLE),
]


def expected_after(case: Case, before: Wire) -> Wire:
    expected = copy.deepcopy(before)
    case.change(expected)
    return Draft.model_validate(expected).dump()


SENTENCE_END = re.compile(r"[.!?。！？」”\"')）]\s*$")


def assert_complete_sentence(reply: str) -> None:
    assert reply and reply[0] not in " ,.;" and SENTENCE_END.search(reply), (
        f"not a complete sentence: {reply!r}"
    )


# --- layer 1: interpret() directly ------------------------------------------------------


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 80
    assert sum(1 for case in CASES if case.zh) >= 25


@pytest.mark.parametrize("case", CASES, ids=[case.message for case in CASES])
def test_instruction_makes_exact_change(case: Case) -> None:
    before = base_draft()
    draft = Draft.model_validate(before)
    result = interpret(case.message, InterpretContext(draft=draft, media=MEDIA, previous_draft=None))
    assert result.draft is not None, f"nothing changed; reply: {result.reply}"
    assert result.draft.dump() == expected_after(case, before)
    assert result.cost == 1
    assert not result.question and not result.undo
    assert draft.dump() == before, "the context's draft must not be modified in place"
    assert result.draft.dump()["x_project_note"] == "keep me"
    assert_complete_sentence(result.reply)
    has_cjk = re.search(r"[\u4e00-\u9fff]", re.sub(r"[“「『\"].*?[”」』\"]", "", result.reply)) is not None
    assert has_cjk == case.zh, f"reply in the wrong language: {result.reply!r}"
    assert [event.name for event in result.events], "each edit is reported as a tool event"
