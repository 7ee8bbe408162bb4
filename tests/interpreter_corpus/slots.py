"""Slot tables: every wish a person puts in a sentence, its phrasings, and what it must do.

A :class:`Wish` is one value of one slot ("a 20-second video", "square", "warm filter")
with phrasings in English and Chinese, sorted by where they fit in a sentence:

- ``pre``: before the noun ("a *20-second vertical* video", "一个*20秒的竖屏*视频");
- ``post``: after the noun ("a video *with romantic music*", "*for TikTok*");
- ``frag``: a loose fragment after a comma ("vintage slideshow with jazz, *35 seconds*");
- ``clause``: an imperative ("*make it square*", "*转场用叠化*").

A phrasing marked ``last`` (an unquoted title) must end the sentence. The checks are
computed from the slot's value only, never from the interpreter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nemo_skill.models.draft import MOODS

from . import checks as c
from .checks import Check
from .sessions import SONG

Phrase = tuple[str, bool]
Forms = dict[str, tuple[Phrase, ...]]
FADE_NAMES = frozenset({"fade"})


def p(*texts: str, last: bool = False) -> tuple[Phrase, ...]:
    return tuple((text, last) for text in texts)


@dataclass(frozen=True)
class Wish:
    slot: str
    group: str
    en: Forms
    zh: Forms
    checks: tuple[Check, ...]
    touches: frozenset[str]
    where: frozenset[str] = frozenset({"first", "edit"})
    needs: tuple[tuple[str, Any], ...] = ()
    """Session fields the wish needs (a title to make bigger, a song to keep)."""
    avoid: tuple[tuple[str, Any], ...] = ()
    """Session fields that keep the wish from being a no-op on the first version."""
    conflicts: frozenset[str] = frozenset()
    """Groups that may not share a sentence with this wish."""
    photo_ms: int | None = None
    """The shortest photo the wish leaves (to keep transitions clear of the half-neighbour clamp)."""
    tr_ms: int | None = None
    label: str = field(default="", compare=False)
    zh_checks: tuple[Check, ...] | None = None
    """When the Chinese phrasings carry other values (a Chinese title)."""

    def forms(self, lang: str) -> Forms:
        return self.en if lang == "en" else self.zh

    def checks_for(self, lang: str) -> tuple[Check, ...]:
        return self.zh_checks if lang == "zh" and self.zh_checks is not None else self.checks


def sec(value: float) -> str:
    return f"{value:g}"


def secs(value: float) -> str:
    """ "1 second", "1.5 seconds"."""
    return f"{value:g} second" + ("" if value == 1 else "s")


_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """20 -> 二十, 45 -> 四十五, 2 -> 两 (as in 两秒)."""
    if n == 2:
        return "两"
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")


# --- length of the whole video ----------------------------------------------------------------


def length(seconds: int) -> Wish:
    s = str(seconds)
    en: Forms = {
        "pre": p(f"{s}-second", f"{s} second", f"{s}s"),
        "post": p(f"that's {s} seconds long", f"of {s} seconds", f"about {s} seconds long"),
        "frag": p(f"{s} seconds", f"{s} seconds long", f"{s} sec total"),
        "clause": p(
            f"make it {s} seconds long", f"keep it to {s} seconds", f"make the whole thing {s} seconds"
        ),
    }
    zh: Forms = {
        "pre": p(f"{s}秒的", f"{zh_number(seconds)}秒的"),
        "clause": p(f"时长{s}秒", f"总长{s}秒", f"控制在{zh_number(seconds)}秒", f"做成{s}秒的"),
    }
    if seconds == 30:
        en["post"] += p("about half a minute long")
        en["frag"] += p("about half a minute")
        zh["pre"] += p("半分钟的")
    if seconds == 60:
        en["pre"] += p("one-minute")
        en["post"] += p("a minute long")
        en["clause"] += p("make it one minute long")
        zh["pre"] += p("一分钟的")
        zh["clause"] += p("时长一分钟")
    return Wish(
        "length", "timing", en, zh, (c.total_length(seconds * 1000),), frozenset({"timing"}),
        photo_ms=seconds * 1000 // 6, label=f"{seconds}s",
    )  # fmt: skip


def per_photo(seconds: float) -> Wish:
    s = sec(seconds)
    en: Forms = {
        "post": p(f"with {s} seconds per photo", f"showing each photo for {s} seconds"),
        "frag": p(f"{s} seconds per photo", f"each photo {s} seconds", f"{s}s per picture"),
        "clause": p(
            f"show each photo for {s} seconds", f"give every photo {s} seconds", f"{s} seconds per photo"
        ),
    }
    zh_s = zh_number(int(seconds)) if seconds == int(seconds) else s
    zh: Forms = {"clause": p(f"每张{s}秒", f"每张照片停{zh_s}秒", f"每张图片显示{s}秒")}
    return Wish(
        "per_photo", "timing", en, zh, (c.every_photo(round(seconds * 1000)),), frozenset({"timing"}),
        photo_ms=round(seconds * 1000), label=f"{s}s/photo",
    )  # fmt: skip


# Photo references: (0-based index, English, Chinese).
PHOTO_REFS: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (0, ("the first photo", "the 1st picture"), ("第一张", "第一张照片")),
    (1, ("the second photo", "photo 2"), ("第二张", "第2张照片")),
    (2, ("photo 3", "the third photo"), ("第三张", "第3张")),
    (3, ("the 4th photo", "photo 4"), ("第四张图", "第四张照片")),
    (-1, ("the last photo", "the last picture"), ("最后一张", "最后一张照片")),
)


def one_photo(index: int, en_refs: tuple[str, ...], zh_refs: tuple[str, ...], seconds: int) -> Wish:
    s = str(seconds)
    en_clauses: list[str] = []
    for ref in en_refs:
        en_clauses += [f"show {ref} for {s} seconds", f"keep {ref} on screen for {s} seconds"]
        if not ref.startswith("photo"):
            en_clauses.append(f"make {ref} {s} seconds long")
    if en_refs[0].startswith("photo"):
        en_clauses.append(f"{en_refs[0]} for {s} seconds")
    zh_clauses: list[str] = []
    for ref in zh_refs:
        zh_clauses += [f"{ref}显示{s}秒", f"{ref}停留{zh_number(seconds)}秒", f"把{ref}改成{s}秒"]
    return Wish(
        "one_photo", "timing", {"clause": p(*en_clauses)}, {"clause": p(*zh_clauses)},
        (c.one_photo(index, seconds * 1000),), frozenset({"timing"}), where=frozenset({"edit"}),
        conflicts=frozenset({"order"}), photo_ms=min(seconds * 1000, 4000), label=f"photo{index}={s}s",
    )  # fmt: skip


# --- canvas -----------------------------------------------------------------------------------------


def aspect(value: str, en: Forms, zh: Forms, label: str) -> Wish:
    avoid = (("aspect", "9:16"),) if value == "16:9" else ()
    return Wish(
        "aspect", "aspect", en, zh, (c.aspect_is(value),), frozenset({"canvas"}), avoid=avoid, label=label
    )


ASPECTS: tuple[Wish, ...] = (
    aspect("1:1",
           {"pre": p("square"), "post": p("in square format", "in a square format for Instagram"),
            "frag": p("square", "square for Instagram"),
            "clause": p("make it square", "make it square for Instagram", "crop it to a square")},
           {"pre": p("正方形的", "1:1的"), "clause": p("做成正方形", "比例改成1:1", "改成正方形的")}, "square"),
    aspect("4:5",
           {"pre": p("4:5"), "post": p("for the Instagram portrait feed", "in 4:5"),
            "frag": p("4:5 for the feed"), "clause": p("make it 4:5", "make it 4:5 for the portrait feed")},
           {"pre": p("4:5的"), "clause": p("比例改成4:5", "做成4:5的")}, "4:5"),
    aspect("9:16",
           {"pre": p("vertical", "9:16", "portrait"),
            "post": p("for TikTok", "for Instagram Reels", "for YouTube Shorts", "for my Instagram Stories", "in 9:16"),
            "frag": p("vertical", "9:16 for TikTok", "for Reels"),
            "clause": p("make it vertical", "make it 9:16", "make it portrait for TikTok", "format it for Shorts")},
           {"pre": p("竖屏的", "9:16的"), "clause": p("做成竖屏", "要发抖音", "改成竖屏", "比例9:16")}, "vertical"),
    aspect("16:9",
           {"pre": p("widescreen", "landscape", "16:9"),
            "post": p("for YouTube", "in landscape", "in widescreen"),
            "frag": p("landscape", "16:9 for YouTube"),
            "clause": p("make it landscape", "make it widescreen for YouTube", "switch to 16:9")},
           {"pre": p("横屏的", "16:9的"), "clause": p("做成横屏", "改成横屏", "比例改成16:9")}, "landscape"),
)  # fmt: skip


def resolution(
    px: int, en_names: tuple[str, ...], zh_names: tuple[str, ...], first_only: bool = False
) -> Wish:
    en: Forms = {
        "pre": p(*en_names),
        "post": p(*(f"in {name}" for name in en_names)),
        "frag": p(*en_names),
        "clause": p(*(f"export it in {name}" for name in en_names), f"make it {en_names[0]}"),
    }
    zh: Forms = {"pre": p(*(f"{name}的" for name in zh_names)),
                 "clause": p(*(f"导出{name}" for name in zh_names), f"分辨率{zh_names[0]}")}  # fmt: skip
    where = frozenset({"first"}) if first_only else frozenset({"first", "edit"})
    return Wish("resolution", "resolution", en, zh, (c.short_side_is(px),), frozenset({"canvas"}),
                where=where, label=f"{px}p")  # fmt: skip


RESOLUTIONS: tuple[Wish, ...] = (
    resolution(720, ("720p",), ("720p",)),
    resolution(1080, ("1080p", "full HD"), ("1080p",), first_only=True),
    resolution(2160, ("4K",), ("4K",)),
)


# --- transitions ----------------------------------------------------------------------------------------

# Words for the soft crossfade (issue #12): every one must give the transition "fade".
FADE_WORDS_EN = ("crossfade", "cross-dissolve", "dissolve", "soft", "gentle", "fade")
FADE_WORDS_ZH = ("叠化", "溶解", "淡入淡出")


def fade_transitions(word_en: str, word_zh: str, seconds: float | None) -> Wish:
    plural = {"crossfade": "crossfades", "dissolve": "dissolves", "cross-dissolve": "cross-dissolves"}
    s = sec(seconds) if seconds else ""
    if seconds is None:
        en: Forms = {
            "post": p(f"with {word_en} transitions"),
            "clause": p(f"use {word_en} transitions", f"switch to {word_en} transitions"),
        }
        if word_en in plural:
            en["post"] += p(f"with {plural[word_en]} between the photos")
            en["clause"] += p(f"{plural[word_en]} between the photos")
        zh: Forms = {"clause": p(f"转场用{word_zh}", f"用{word_zh}转场", f"照片之间用{word_zh}过渡")}
    else:
        en = {
            "post": p(
                f"with {s}-second {word_en} transitions",
                f"with {word_en} transitions lasting {secs(seconds)}",
            ),
            "clause": p(
                f"use {s}-second {word_en} transitions", f"use {word_en} transitions of {secs(seconds)}"
            ),
        }
        if word_en in plural:
            en["post"] += p(f"with {s} second {plural[word_en]}")
            en["clause"] += p(f"{s}-second {plural[word_en]} between the photos")
        zh = {
            "clause": p(f"转场用{word_zh}，每个{s}秒", f"{s}秒的{word_zh}转场", f"用{word_zh}转场，时长{s}秒")
        }
    found = (c.transition_kind(FADE_NAMES),) + ((c.transition_ms(round(seconds * 1000)),) if seconds else ())
    return Wish(
        "transition", "transition", en, zh, found, frozenset({"transitions"}),
        avoid=(("transition", "slideleft"),), tr_ms=round(seconds * 1000) if seconds else None,
        label=f"{word_en}{'/' + s + 's' if s else ''}",
    )  # fmt: skip


def transition_seconds(seconds: float) -> Wish:
    s = sec(seconds)
    en: Forms = {
        "post": p(f"with {s}-second transitions", f"with transitions lasting {secs(seconds)}"),
        "clause": p(f"make the transitions {secs(seconds)}", f"make each transition last {secs(seconds)}",
                    f"{s}-second transitions"),
    }  # fmt: skip
    zh: Forms = {"clause": p(f"转场{s}秒", f"每个转场{s}秒", f"转场时长改成{s}秒")}
    return Wish("transition", "transition", en, zh, (c.transition_ms(round(seconds * 1000)),),
                frozenset({"transitions"}), tr_ms=round(seconds * 1000), label=f"tr {s}s")  # fmt: skip


FADE_BLACK = Wish(
    "transition", "transition",
    {"post": p("with a dip to black between photos", "fading through black between the photos"),
     "clause": p("dip to black between photos", "fade through black between the photos",
                 "use a dip to black between the photos")},
    {"clause": p("照片之间用黑场过渡", "转场用闪黑", "照片之间闪黑过渡")},
    (c.transition_kind(frozenset({"fadeblack"})),), frozenset({"transitions"}), label="fadeblack",
)  # fmt: skip

HARD_CUTS = Wish(
    "transition", "transition",
    {"post": p("with no transitions", "with hard cuts only"), "frag": p("no transitions", "hard cuts"),
     "clause": p("no transitions", "use hard cuts", "just hard cuts between the photos")},
    {"clause": p("不要转场", "直接硬切", "去掉转场效果")},
    (c.no_transitions(),), frozenset({"transitions"}), label="hard cuts",
)  # fmt: skip


# --- music -------------------------------------------------------------------------------------------------

MOOD_WORDS: dict[str, tuple[str, str]] = {
    # mood: (English, Chinese) as said before "music" / "音乐"
    "romantic": ("romantic", "浪漫"),
    "cinematic": ("cinematic", "电影感"),
    "upbeat": ("upbeat", "欢快"),
    "calm": ("calm", "舒缓"),
    "lofi": ("lo-fi", "lofi"),
    "sad": ("sad", "伤感"),
    "piano": ("piano", "钢琴"),
    "jazz": ("jazz", "爵士"),
    "acoustic": ("acoustic guitar", "木吉他"),
    "electronic": ("electronic", "电子"),
}
assert set(MOOD_WORDS) == set(MOODS), "every mood the backend offers has words here"


def mood(name: str) -> Wish:
    en_word, zh_word = MOOD_WORDS[name]
    en: Forms = {
        "post": p(
            f"with {en_word} music", f"with some {en_word} background music", f"set to {en_word} music"
        ),
        "clause": p(
            f"add {en_word} music", f"use {en_word} background music", f"put some {en_word} music under it"
        ),
    }
    if name == "jazz":
        en["post"] += p("with jazz")
        en["frag"] = p("jazz music")
    zh: Forms = {"clause": p(f"配{zh_word}音乐", f"加点{zh_word}的背景音乐", f"背景音乐用{zh_word}风格的")}
    return Wish("mood", "music", en, zh, (c.music_is(f"library:{name}"),), frozenset({"music"}),
                avoid=(("music", "calm" if name == "cinematic" else "cinematic"),), label=name)  # fmt: skip


MUSIC_OFF = Wish(
    "music_off", "music",
    {"post": p("without music", "with no music"), "frag": p("no music"),
     "clause": p("no music", "turn the music off", "remove the music", "no background music please")},
    {"clause": p("不要音乐", "不要背景音乐", "把音乐关掉", "去掉配乐")},
    (c.no_music(),), frozenset({"music"}), label="no music",
)  # fmt: skip

MUSIC_ON = Wish(
    "music_on", "music",
    {"clause": p("add some background music", "turn the music back on", "put music back in")},
    {"clause": p("加上背景音乐", "把音乐加回来", "配上背景音乐")},
    (c.has_music(),), frozenset({"music"}), where=frozenset({"edit"}), needs=(("music", None),), label="music on",
)  # fmt: skip


# --- look ---------------------------------------------------------------------------------------------------

FILTER_WORDS: dict[str, tuple[Forms, Forms]] = {
    "bw": (
        {"pre": p("black-and-white"), "post": p("in black and white", "in B&W"), "frag": p("black and white"),
         "clause": p("make it black and white", "make it monochrome", "turn it black and white")},
        {"pre": p("黑白的"), "clause": p("黑白效果", "加黑白滤镜", "做成黑白的")},
    ),
    "warm": (
        {"pre": p("warm-toned"), "post": p("with a warm filter", "with warm tones"), "frag": p("warm colours"),
         "clause": p("give it a warm look", "add a warm filter", "use warm tones")},
        {"pre": p("暖色调的"), "clause": p("用暖色调", "加个暖色滤镜", "调成暖色调")},
    ),
    "cool": (
        {"post": p("with cool tones", "with a cool filter"), "frag": p("cool tones"),
         "clause": p("use a cool filter", "give it cool tones", "make the colours cool")},
        {"pre": p("冷色调的"), "clause": p("用冷色调", "调成冷色调", "加个冷色滤镜")},
    ),
    "vintage": (
        {"pre": p("vintage", "vintage style", "retro"), "post": p("with a vintage look", "with a retro filter"),
         "frag": p("vintage look"), "clause": p("give it a vintage look", "add a retro filter", "make it vintage")},
        {"pre": p("复古风的"), "clause": p("做成复古风格", "加个复古滤镜", "复古一点")},
    ),
    "vivid": (
        {"post": p("with vivid colours", "with saturated colours"), "frag": p("vivid colours"),
         "clause": p("make the colours vivid", "use a vivid filter", "make the colors more saturated")},
        {"pre": p("色彩鲜艳的"), "clause": p("色彩鲜艳一点", "颜色调鲜艳", "加个鲜艳的滤镜")},
    ),
}  # fmt: skip


def filter_wish(name: str) -> Wish:
    en, zh = FILTER_WORDS[name]
    return Wish("filter", "filter", en, zh, (c.filter_all(name),), frozenset({"filter"}), label=name)


BACK_TO_COLOUR = Wish(
    "filter_off", "filter",
    {"clause": p("back to color", "actually go back to color", "remove the filter", "no filter",
                 "bring the colour back")},
    {"clause": p("恢复彩色", "去掉滤镜", "变回彩色的")},
    (c.filter_all("none"),), frozenset({"filter"}), where=frozenset({"edit"}), needs=(("filter", "bw"),),
    label="back to colour",
)  # fmt: skip


def filter_one_photo(index: int, en_ref: str, zh_ref: str) -> Wish:
    return Wish(
        "filter_one", "filter",
        {"clause": p(f"make {en_ref} black and white", f"turn {en_ref} black and white")},
        {"clause": p(f"{zh_ref}做成黑白", f"把{zh_ref}调成黑白")},
        (c.filter_one(index, "bw"),), frozenset({"filter"}), where=frozenset({"edit"}),
        conflicts=frozenset({"order"}), label=f"bw photo{index}",
    )  # fmt: skip


# Style words on a session whose music is the user's own song (issue #11, section 5).
STYLE_WORDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("cinematic", ("make it more cinematic", "give it a cinematic feel"), ("更有电影感一点", "做出电影感")),
    (
        "old film",
        ("make it look like an old film", "give it an old film look"),
        ("做成老电影的感觉", "像老电影一样"),
    ),
    ("dreamy", ("make it dreamy", "make it feel more dreamy"), ("梦幻一点", "做得梦幻一些")),
    ("energetic", ("make it more energetic", "make it feel energetic"), ("更有活力一点", "节奏更有活力")),
)


def style(label: str, en: tuple[str, ...], zh: tuple[str, ...]) -> Wish:
    return Wish(
        "style", "style", {"clause": p(*en)}, {"clause": p(*zh)},
        (c.music_is(SONG), c.look_changed()), frozenset({"filter", "transitions", "timing"}),
        where=frozenset({"edit"}), needs=(("song", True),),
        conflicts=frozenset({"music", "filter", "transition", "timing"}), label=label,
    )  # fmt: skip


# --- titles ----------------------------------------------------------------------------------------------------

EN_TITLES = (
    "Summer in Lisbon",
    "Our Wedding Day",
    "Grandma Turns Ninety",
    "The Big Move",
    "Weekend at the Lake",
)
ZH_TITLES = ("我们结婚啦", "毕业快乐", "夏日回忆", "宝宝一周岁", "我们的旅行")


def title(en_text: str, zh_text: str) -> Wish:
    t, z = en_text, zh_text
    en: Forms = {
        "post": p(f'titled "{t}"', f'called "{t}"', f"titled “{t}”", f'with the title "{t}"')
        + p(f"titled {t}", f"called {t}", f"with the title: {t}", last=True),
        "clause": p(f'add the title "{t}"', f"add a title “{t}”", f'put "{t}" as the title')
        + p(f"add a title: {t}", f"title: {t}", f"call it {t}", last=True),
    }
    zh: Forms = {
        "pre": p(f"叫「{z}」的", f"标题为“{z}”的"),
        "clause": p(f"标题是「{z}」", f"加个标题「{z}」", f"标题用“{z}”", f'标题叫"{z}"')
        + p(f"加一个标题：{z}", f"标题：{z}", f"标题是{z}", last=True),
    }
    return Wish("title", "title", en, zh, (c.title_is(t),), frozenset({"title"}), label="title",
                zh_checks=(c.title_is(z),))  # fmt: skip


def retitle(en_text: str, zh_text: str) -> Wish:
    t, z = en_text, zh_text
    en: Forms = {
        "clause": p(f'change the title to "{t}"', f"rename the title to “{t}”")
        + p(f"change the title to {t}", f"change the title to: {t}", last=True)
    }
    zh: Forms = {"clause": p(f"标题改成「{z}」", f"把标题换成“{z}”") + p(f"标题改成：{z}", last=True)}
    return Wish("retitle", "title", en, zh, (c.title_is(t),), frozenset({"title"}), where=frozenset({"edit"}),
                needs=(("title", "Our Trip"),), label="retitle", zh_checks=(c.title_is(z),))  # fmt: skip


def title_style(slot: str, en: tuple[str, ...], zh: tuple[str, ...], check: Check) -> Wish:
    # Its own group per slot: "make the title bigger and gold" is two wishes about one title.
    return Wish(slot, slot, {"clause": p(*en)}, {"clause": p(*zh)}, (check,), frozenset({"title"}),
                where=frozenset({"edit"}), needs=(("title", "Our Trip"),), conflicts=frozenset({"title"}),
                label=slot)  # fmt: skip


TITLE_STYLES: tuple[Wish, ...] = (
    title_style("title_size", ("make the title bigger", "make the title larger", "use a bigger title"),
                ("标题大一点", "把标题放大", "标题字再大一些"), c.title_bigger()),
    title_style("title_colour", ("make the title gold", "make the title yellow", "use a red title"),
                ("标题改成金色", "标题用黄色", "把标题变成红色"), c.title_coloured()),
    title_style("title_pos", ("move the title to the top", "put the title at the top"),
                ("标题放到顶部", "把标题移到最上面"), c.title_pos("top")),
    title_style("title_pos", ("put the title at the bottom", "move the title to the bottom"),
                ("标题放到底部", "把标题移到下面"), c.title_pos("bottom")),
)  # fmt: skip


FADE_TO_BLACK = Wish(
    "fade_out", "ending",
    {"post": p("ending with a fade to black", "that fades to black at the end"),
     "clause": p("end with a fade to black", "fade to black at the end", "fade out to black at the very end")},
    {"clause": p("结尾淡出到黑屏", "最后渐隐到黑场", "结尾加个黑场淡出")},
    (c.fade_out(),), frozenset(), label="fade to black",
)  # fmt: skip


# --- order ---------------------------------------------------------------------------------------------------------


def _move_last_to_second(srcs: list[str]) -> list[str]:
    return [srcs[0], srcs[-1], *srcs[1:-1]]


def _without(index: int) -> Callable[[list[str]], list[str]]:
    def reorder(srcs: list[str]) -> list[str]:
        return [src for i, src in enumerate(srcs) if i != index]

    return reorder


def order(slot: str, en: tuple[str, ...], zh: tuple[str, ...], check: Check, touches: frozenset[str]) -> Wish:
    return Wish(slot, "order", {"clause": p(*en)}, {"clause": p(*zh)}, (check,), touches,
                where=frozenset({"edit"}), label=slot)  # fmt: skip


ORDER = frozenset({"order"})
ORDERS: tuple[Wish, ...] = (
    order("move", ("move the last photo to the second position", "put the last photo second",
                   "make the last photo the second one"),
          ("把最后一张移到第二个位置", "最后一张放到第二张", "把最后一张照片挪到第二位"),
          c.order_is(_move_last_to_second, "the last photo moved to second"), ORDER),
    order("reverse", ("reverse the order", "reverse the order of the photos", "play the photos in reverse order"),
          ("倒序播放", "顺序反过来", "把照片顺序倒过来"),
          c.order_is(lambda srcs: srcs[::-1], "the order reversed"), ORDER),
    order("shuffle", ("shuffle the photos", "mix up the order of the photos", "put the photos in random order"),
          ("随机打乱顺序", "把照片顺序打乱", "照片随机排列"), c.shuffled(), ORDER),
    order("remove", ("remove photo 3", "delete the third photo", "drop the 3rd picture"),
          ("删掉第三张", "去掉第3张照片", "把第三张删了"),
          c.order_is(_without(2), "photo 3 removed"), frozenset({"order", "timing", "transitions"})),
    order("remove", ("remove the second photo", "delete photo 2", "take out the 2nd photo"),
          ("删掉第二张", "去掉第2张", "把第二张照片删掉"),
          c.order_is(_without(1), "photo 2 removed"), frozenset({"order", "timing", "transitions"})),
)  # fmt: skip


# --- everything, by where it can be said ------------------------------------------------------------------------------


def all_wishes() -> list[Wish]:
    wishes: list[Wish] = []
    wishes += [length(s) for s in (10, 12, 15, 20, 25, 30, 40, 45, 60)]
    wishes += [per_photo(s) for s in (1.5, 2, 2.5, 3, 5, 6)]
    wishes += [one_photo(i, en, zh, s) for (i, en, zh), s in zip(PHOTO_REFS, (6, 2, 8, 3, 5), strict=True)]
    wishes += list(ASPECTS) + list(RESOLUTIONS)
    for i, word in enumerate(FADE_WORDS_EN):
        zh_word = FADE_WORDS_ZH[i % len(FADE_WORDS_ZH)]
        wishes += [
            fade_transitions(word, zh_word, None),
            fade_transitions(word, zh_word, (0.5, 0.8, 1, 1.2, 1.5, 2)[i]),
        ]
    wishes += [transition_seconds(s) for s in (0.5, 1, 1.5, 2)]
    wishes += [FADE_BLACK, HARD_CUTS]
    wishes += [mood(name) for name in MOODS] + [MUSIC_OFF, MUSIC_ON]
    wishes += [filter_wish(name) for name in FILTER_WORDS] + [BACK_TO_COLOUR]
    wishes += [filter_one_photo(i, en[0], zh[0]) for i, en, zh in PHOTO_REFS[1:4]]
    wishes += [style(*words) for words in STYLE_WORDS]
    wishes += [title(en, zh) for en, zh in zip(EN_TITLES, ZH_TITLES, strict=True)]
    wishes += [retitle(en, zh) for en, zh in zip(EN_TITLES[:3], ZH_TITLES[:3], strict=True)]
    wishes += [*TITLE_STYLES, FADE_TO_BLACK, *ORDERS]
    return wishes


# Things no video editor does: added to some generated requests, they must be listed as
# not understood while the rest is applied.
NOISE_EN = (
    "and order me a pizza",
    "and also book a table for two tonight",
    "and what's the weather tomorrow?",
)
NOISE_ZH = ("顺便帮我订个外卖", "再帮我查一下明天的天气", "顺便订一张去上海的机票")
