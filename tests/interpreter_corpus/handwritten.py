"""Hand-written cases: every example in issue #11, word for word where it gives the words.

First requests go to six photos and no video; edits go to the hand-made first version
(sessions.py) with what the example needs (a title, the user's own song, a filter).
"""

from __future__ import annotations

from dataclasses import replace

from . import checks as c
from .cases import Case
from .checks import Check
from .sessions import EDIT, FRESH, PHOTOS, SONG, TITLE_TEXT, Session

FADE = frozenset({"fade"})
TITLED = replace(EDIT, title=TITLE_TEXT)
OWN_SONG = replace(EDIT, song=True)
BLACK_AND_WHITE = replace(EDIT, filter="bw")
SLIDES = replace(EDIT, transition="slideleft")


def first(message: str, *checks: Check, lang: str = "en", outcome: str = "change") -> Case:
    extra = (c.all_photos_used(PHOTOS),) if outcome in ("change", "partial") else ()
    return Case(f"issue-first-{message}", message, FRESH, lang, (*checks, *extra), outcome, "issue")


def edit(
    message: str,
    *checks: Check,
    touches: tuple[str, ...] = (),
    session: Session = EDIT,
    lang: str = "en",
    outcome: str = "change",
) -> Case:
    """An edit; every area it does not touch must stay as it was."""
    guards = (
        tuple(c.unchanged(area) for area in c.AREAS if area not in touches)
        if outcome in ("change", "partial")
        else ()
    )
    return Case(f"issue-edit-{message}", message, session, lang, (*checks, *guards), outcome, "issue")


def _last_to_second(srcs: list[str]) -> list[str]:
    return [srcs[0], srcs[-1], *srcs[1:-1]]


CASES: list[Case] = [
    # First requests: "the whole wish in one sentence, the way people start".
    first(
        "turn these photos into a 20-second video with fade transitions and background music",
        c.total_length(20000),
        c.transition_kind(FADE),
        c.has_music(),
    ),
    first(
        "make it 45 seconds long with dissolve transitions", c.total_length(45000), c.transition_kind(FADE)
    ),
    first(
        "a 30-second 1080p video with crossfade transitions and calm music",
        c.total_length(30000),
        c.short_side_is(1080),
        c.transition_kind(FADE),
        c.music_is("library:calm"),
    ),
    first(
        "a 15-second video with transitions and music",
        c.total_length(15000),
        c.some_transition(),
        c.has_music(),
    ),
    first("create a 10 second teaser for tiktok", c.total_length(10000), c.aspect_is("9:16")),
    first(
        "vintage style slideshow with jazz, 35 seconds",
        c.filter_all("vintage"),
        c.music_is("library:jazz"),
        c.total_length(35000),
    ),
    first(
        "each photo 2.5 seconds with 1 second crossfades",
        c.every_photo(2500),
        c.transition_kind(FADE),
        c.transition_ms(1000),
    ),
    # 20 s over six photos is 3.3 s each: 2-second transitions meet the half-neighbour clamp.
    first(
        "make a 20 second video where each transition lasts 2 seconds",
        c.total_length(20000),
        c.transition_ms(2000),
    ),
    # The attachment rules the issue names, each with its own words.
    first("make a video about half a minute long", c.total_length(30000)),
    first("a 25-second reel from these photos", c.total_length(25000)),
    first("a 12 second clip please", c.total_length(12000)),
    first("a slideshow with 3 seconds per photo", c.every_photo(3000)),
    first("每张3秒", c.every_photo(3000), lang="zh"),
    first("做一个视频，每张照片2秒，不要音乐", c.every_photo(2000), c.no_music(), lang="zh"),
    first("make a video without transitions and don't add any music", c.no_transitions(), c.no_music()),
    first("别加音乐，做成竖屏", c.no_music(), c.aspect_is("9:16"), lang="zh"),
    first("a square video for instagram", c.aspect_is("1:1")),
    first("a video for the Instagram portrait feed", c.aspect_is("4:5")),
    # "A request with nothing to do with video changes nothing and charges nothing,
    # even in a fresh session with uploads."
    first("order me a pizza", outcome="refused"),
    first("帮我点一份披萨外卖", lang="zh", outcome="refused"),
    # Edits after the first version: the misfires.
    edit("make it square for Instagram", c.aspect_is("1:1"), touches=("canvas",)),
    edit("end with a fade to black", c.fade_out(), c.transitions_unchanged()),
    edit(
        "make it more cinematic",
        c.music_is(SONG),
        c.look_changed(),
        touches=("filter", "transitions", "timing"),
        session=OWN_SONG,
    ),
    edit(
        "make it look like an old film",
        c.music_is(SONG),
        c.look_changed(),
        touches=("filter", "transitions", "timing"),
        session=OWN_SONG,
    ),
    edit(
        "romantic and warm with soft music",
        c.filter_all("warm"),
        c.music_is("library:romantic", "library:calm"),
        touches=("filter", "music", "transitions", "timing"),
    ),
    # The refusals.
    edit("make the title bigger", c.title_bigger(), touches=("title",), session=TITLED),
    edit("make the title gold", c.title_coloured(), touches=("title",), session=TITLED),
    edit("actually go back to color", c.filter_all("none"), touches=("filter",), session=BLACK_AND_WHITE),
    edit("turn the music off", c.no_music(), touches=("music",)),
    edit("加一个标题：我们结婚啦", c.title_is("我们结婚啦"), touches=("title",), lang="zh"),
    # Nothing was undone in this session, so there is nothing to redo (the backend test
    # tests/test_interpreter_issue11_backend.py undoes and redoes for real).
    edit("redo", outcome="unchanged"),
    edit("shuffle the photos", c.shuffled(), touches=("order",)),
    edit("make photo 3 longer", c.photo_longer(2), touches=("timing",)),
    edit("show the first photo for 6 seconds", c.one_photo(0, 6000), touches=("timing",)),
    edit(
        "make the transitions 1.5 seconds",
        c.transition_ms(1500),
        c.transition_kind(FADE),
        touches=("transitions",),
    ),
    edit(
        "move the last photo to the second position",
        c.order_is(_last_to_second, "the last photo moved to second"),
        touches=("order",),
    ),
    # The attachment rules on an edit.
    edit("photo 3 for 6 seconds", c.one_photo(2, 6000), touches=("timing",)),
    edit("1.5-second transitions", c.transition_ms(1500), touches=("transitions",)),
    edit("transitions lasting 1.2 seconds", c.transition_ms(1200), touches=("transitions",)),
    edit(
        "2 second crossfades",
        c.transition_kind(FADE),
        c.transition_ms(2000),
        touches=("transitions",),
        session=SLIDES,
    ),
    edit("fade in from black at the start", c.fade_in(), c.transitions_unchanged()),
    edit(
        "remove photos 2 and 4",
        c.order_is(lambda s: [s[0], s[2], *s[4:]], "photos 2 and 4 removed"),
        touches=("order", "timing", "transitions"),
    ),
    edit("make it 4:5", c.aspect_is("4:5"), touches=("canvas",)),
    edit("square", c.aspect_is("1:1"), touches=("canvas",)),
    edit(
        "删掉第二张",
        c.order_is(lambda s: [s[0], *s[2:]], "photo 2 removed"),
        touches=("order", "timing", "transitions"),
        lang="zh",
    ),
    edit(
        "remove the last photo",
        c.order_is(lambda s: s[:-1], "the last photo removed"),
        touches=("order", "timing", "transitions"),
    ),
    edit(
        "remove photos 2-3",
        c.order_is(lambda s: [s[0], *s[3:]], "photos 2 and 3 removed"),
        touches=("order", "timing", "transitions"),
    ),
    edit("每张4秒改成每张2秒", c.every_photo(2000), touches=("timing",), lang="zh"),
    # "One part that is not understood sinks a whole compound request": no more.
    edit("make it square and order me a pizza", c.aspect_is("1:1"), touches=("canvas",), outcome="partial"),
    edit("每张3秒，顺便帮我订个外卖", c.every_photo(3000), touches=("timing",), lang="zh", outcome="partial"),
    edit("order me a pizza", outcome="refused"),
    edit("天气怎么样", lang="zh", outcome="refused"),
]
