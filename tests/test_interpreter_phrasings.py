"""Phrasings real users typed that the interpreter once half understood: a mood word it did
not know ("moody"), filler around a music wish ("swap the music for something with
guitar"), quoted words put on a named photo, a scope said in the next clause ("but only
for the first photo"), more or less motion, and brightness (which the draft cannot hold)."""

from __future__ import annotations

from typing import Any

import pytest

from nemo_skill.interpreter import InterpretContext, SkillRecipe, interpret
from nemo_skill.interpreter.api import Interpretation
from nemo_skill.models import TRACK_AUDIO, TRACK_TEXT, Draft, MediaInfo

MEDIA = [
    MediaInfo(media_id=f"m{i}", filename=f"{i}.jpg", file_type="image", width=320, height=240)
    for i in range(4)
]
RECIPE = SkillRecipe(name="photographer-video")


def say(message: str, draft: Draft | None = None) -> Interpretation:
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in message) else "en"
    return interpret(message, InterpretContext(draft=draft, media=MEDIA, recipe=RECIPE, language=lang))


@pytest.fixture(scope="module")
def made() -> Draft:
    draft = say("make a video").draft
    assert draft is not None
    return draft


def edited(message: str, draft: Draft) -> Interpretation:
    result = say(message, draft)
    assert result.not_understood == [], result.reply
    return result


def filters(draft: Draft) -> list[str]:
    return [seg.m.filter for seg in draft.t[0].sg]


def motion(draft: Draft) -> list[float]:
    """Each photo's zoom/pan amount, 0 when its motion is off."""
    return [seg.m.kb.amount if seg.m.kb and seg.m.kb.on is not False else 0.0 for seg in draft.t[0].sg]


def texts(draft: Draft) -> list[tuple[str | None, str | None, str | None]]:
    metas = [
        seg.m.model_dump(exclude_defaults=True) for track in draft.tracks(TRACK_TEXT) for seg in track.sg
    ]
    return [(meta.get("role"), meta.get("text"), meta.get("at")) for meta in metas]


def moods(draft: Draft) -> list[str | None]:
    return [seg.m.mood for track in draft.tracks(TRACK_AUDIO) for seg in track.sg]


@pytest.mark.parametrize(
    ("message", "mood"),
    [
        (
            "could you put together a short film from my honeymoon pics, around 40 secs, moody and slow",
            "cinematic",
        ),
        ("turn my photos into something fun for instagram stories", "upbeat"),
        ("a short video for tiktok, something chill", "lofi"),
        ("hey can u make a slideshow of our wedding pics, maybe 1 min, romantic music pls", "romantic"),
        ("kinda want a cinematic vibe, 30 seconds, for youtube", "cinematic"),
    ],
)
def test_first_requests_with_filler_and_moods(message: str, mood: str) -> None:
    result = say(message)
    assert result.not_understood == [], result.reply
    assert result.draft is not None and moods(result.draft) == [mood]


def test_moody_and_a_length_together() -> None:
    result = say("could you put together a short film from my honeymoon pics, around 40 secs, moody and slow")
    assert result.draft is not None and result.draft.d == 40000
    assert "cinematic look" in result.understood


@pytest.mark.parametrize(("message", "seconds"), [("帮我把这些照片做成一个浪漫的视频，大概30秒", 30000),
                                                  ("给我做个旅行vlog，横屏，一分钟左右", 60000)])  # fmt: skip
def test_chinese_hedges_around_a_length(message: str, seconds: int) -> None:
    result = say(message)
    assert result.not_understood == [], result.reply
    assert result.draft is not None and result.draft.d == seconds


@pytest.mark.parametrize(
    ("message", "mood"),
    [
        ("swap the music for something with guitar", "acoustic"),
        ("change the music to something calmer", "calm"),
        ("pls add some jazz", "jazz"),
    ],
)
def test_music_swapped_for_something(made: Draft, message: str, mood: str) -> None:
    result = edited(message, made)
    assert result.draft is not None and moods(result.draft) == [mood]


def test_no_music_is_not_taken_as_the_music_replaced(made: Draft) -> None:
    result = say("no music, something with guitar", made)
    assert result.draft is not None and moods(result.draft) == ["acoustic"]
    assert "I removed the background music" in result.reply


def test_volume_said_with_a_step_and_a_level(made: Draft) -> None:
    """ "lower the volume to 30%" once lowered by a step (24%) and dropped the level."""
    result = edited("lower the volume to 30%", made)
    assert result.draft is not None
    assert [track.m.vol for track in result.draft.tracks(TRACK_AUDIO)] == [0.3]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ('i want the words "Bali 2026" on the first picture', [("title", "Bali 2026", None)]),
        ('put "Hello" on the first photo', [("title", "Hello", None)]),
        ('put "Day two" on photo 3', [("caption", "Day two", "m2")]),
        ('write "sunset" on the last photo', [("caption", "sunset", "m3")]),
        ('add "The End" at the end', [("endcard", "The End", None)]),
        ("put our names Anna & Tom on the first photo", [("title", "Anna & Tom", None)]),
    ],
)
def test_quoted_words_on_a_named_photo(
    made: Draft, message: str, expected: list[tuple[str, str, str | None]]
) -> None:
    result = edited(message, made)
    assert result.draft is not None
    assert [(role or "title", text, at) for role, text, at in texts(result.draft)] == expected


def test_a_title_on_another_photo_stays_unsaid(made: Draft) -> None:
    """ "the title on photo 3" names a title, which shows at the start: the photo is reported
    as not understood rather than silently turning the title into a caption."""
    result = say('add the title "Trip" on photo 3', made)
    assert result.draft is not None and texts(result.draft)[0][:2] == ("title", "Trip")
    assert result.not_understood


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("black and white please, but only for the first photo", ["bw", "none", "none", "none"]),
        ("make it sepia, just on photo 3", ["none", "none", "vintage", "none"]),
        ("just on photo 3, make it sepia", ["none", "none", "vintage", "none"]),
        ("warmer colours please, only the last one", ["none", "none", "none", "warm"]),
        ("第一张照片黑白", ["bw", "none", "none", "none"]),
    ],
)
def test_a_scope_in_its_own_clause_narrows_the_filter(made: Draft, message: str, expected: list[str]) -> None:
    result = edited(message, made)
    assert result.draft is not None and filters(result.draft) == expected


def test_a_scope_narrows_photo_lengths(made: Draft) -> None:
    result = edited("4 seconds each, but only photo 2", made)
    assert result.draft is not None
    before = [seg.d for seg in made.t[0].sg]
    after = [seg.d for seg in result.draft.t[0].sg]
    assert after[1] == 4000 and after[1] != before[1]
    assert [after[0], *after[2:]] == [before[0], *before[2:]]


@pytest.mark.parametrize(
    ("message", "direction"),
    [
        ("less zoom please", "down"),
        ("less movement", "down"),
        ("too much zooming", "down"),
        ("动效少一点", "down"),
        ("more zoom", "up"),
        ("a lot more movement", "up"),
        ("stop the zooming", "off"),
        ("no camera movement", "off"),
        ("stop the ken burns effect", "off"),
    ],
)
def test_more_or_less_motion(made: Draft, message: str, direction: str) -> None:
    result = edited(message, made)
    assert result.draft is not None
    before, after = motion(made), motion(result.draft)
    if direction == "off":
        assert after == [0.0] * len(after)
        assert filters(result.draft) == filters(made)  # "effect" is not a colour filter here
    elif direction == "down":
        assert all(a < b for a, b in zip(after, before, strict=True))
    else:
        assert all(a > b for a, b in zip(after, before, strict=True))


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("make everything a little brighter", "brightness"),
        ("make it darker", "brightness"),
        ("照片太暗了", "亮度"),
        ("less saturated please", "saturation"),
    ],
)
def test_brightness_is_refused_plainly(made: Draft, message: str, said: str) -> None:
    result = say(message, made)
    assert result.not_understood == [] and result.draft is None
    assert said in result.reply and "You can say things like" not in result.reply


def test_brightness_beside_a_filter_still_applies_the_filter(made: Draft) -> None:
    result = edited("brighter and warmer please", made)
    assert result.draft is not None and set(filters(result.draft)) == {"warm"}
    assert "brightness" in result.reply


@pytest.mark.parametrize(
    ("message", "mood"),
    [
        ("turn these into a tiktok, fast paced, trendy music", "upbeat"),
        ("i need a video for my client's engagement shoot, elegant and classy, 45 sec", "romantic"),
        ("make a video of my baby's first year, cute and happy", "upbeat"),
        ("帮我做一个旅行回忆的短片，配点轻松的音乐", "calm"),
        ("can you make a nice video out of these for our anniversary? something romantic", "romantic"),
    ],
)
def test_more_first_request_words(message: str, mood: str) -> None:
    test_first_requests_with_filler_and_moods(message, mood)


@pytest.mark.parametrize("message", ["can u make a vidoe with these photos", "make a slidshow with musik"])
def test_common_typos_still_make_a_video(message: str) -> None:
    result = say(message)
    assert result.not_understood == [] and result.draft is not None, result.reply


@pytest.mark.parametrize(
    ("message", "mood"),
    [
        ("can we try a different song, maybe something more upbeat", "upbeat"),
        ("换一首歌，要浪漫一点的", "romantic"),
        ("change the music, something jazzy", "jazz"),
    ],
)
def test_the_kind_of_music_in_the_next_clause(made: Draft, message: str, mood: str) -> None:
    result = edited(message, made)
    assert result.draft is not None and moods(result.draft) == [mood]
    assert not result.question  # the kind was given: no "what kind of music?"


def test_disliking_the_music_asks_for_another(made: Draft) -> None:
    result = edited("i don't like the music, change it", made)
    assert result.question and "What kind of music" in result.reply
    assert result.draft is None  # the music was not removed


def test_no_zoom_on_one_photo_neither_removes_it_nor_stills_every_photo(made: Draft) -> None:
    """ "no zoom on the first photo" once removed photo 1: motion is the whole video's."""
    result = say("no zoom on the first photo", made)
    assert result.not_understood == [] and result.draft is None
    assert "whole video" in result.reply


def test_no_filter_on_a_named_photo(made: Draft) -> None:
    warm = say("warm tones", made).draft
    assert warm is not None
    result = edited("no filter on photo 2", warm)
    assert result.draft is not None and filters(result.draft) == ["warm", "none", "warm", "warm"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("everything black and white except the first photo", ["none", "bw", "bw", "bw"]),
        ("black and white but not the last photo", ["bw", "bw", "bw", "none"]),
        ("除了第一张，其他都黑白", ["none", "bw", "bw", "bw"]),
        ("make it a bit more contrasty", ["vivid"] * 4),
    ],
)
def test_filters_with_exceptions(made: Draft, message: str, expected: list[str]) -> None:
    result = edited(message, made)
    assert result.draft is not None and filters(result.draft) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ('add some text "Thank you" at the end', [("endcard", "Thank you", None)]),
        ("add the date June 12 2026 as subtitle", [("subtitle", "June 12 2026", None)]),
    ],
)
def test_text_roles_said_around_the_words(
    made: Draft, message: str, expected: list[tuple[str, str, str | None]]
) -> None:
    test_quoted_words_on_a_named_photo(made, message, expected)


@pytest.mark.parametrize(("message", "index", "ms"), [("can you make the first photo longer, like 5 seconds", 0, 5000),
                                                      ("make photo 3 shorter, maybe 2 seconds", 2, 2000),
                                                      ("第一张长一点，5秒", 0, 5000)])  # fmt: skip
def test_a_length_after_longer_is_that_photos(made: Draft, message: str, index: int, ms: int) -> None:
    """The length once became the whole video's (5 s for every photo together)."""
    result = edited(message, made)
    assert result.draft is not None
    assert result.draft.t[0].sg[index].d == ms
    assert result.draft.d > 10000


@pytest.mark.parametrize(
    "message", ["照片动得太多了", "视频太长了，改成15秒", "hmm can the photos be a little longer"]
)
def test_more_edit_phrasings_understood(made: Draft, message: str) -> None:
    result = edited(message, made)
    assert result.draft is not None and result.draft.dump() != made.dump()


def pace(draft: Draft) -> int:
    return sum(seg.d for seg in draft.t[0].sg)


@pytest.mark.parametrize(
    ("message", "slower"),
    [
        ("i think the photos change too fast", True),
        ("照片换得太快了", True),
        ("the video feels too long", False),
        ("每张照片停留时间长一点", True),
        ("能不能慢一点", True),
    ],
)
def test_complaints_ask_for_the_opposite(made: Draft, message: str, slower: bool) -> None:
    """ "too fast" once made the photos faster still."""
    result = edited(message, made)
    assert result.draft is not None
    assert (pace(result.draft) > pace(made)) is slower


def test_transitions_too_slow_become_quicker(made: Draft) -> None:
    result = edited("the transitions are too slow", made)
    assert result.draft is not None
    before = [seg.m.tr.d for seg in made.t[0].sg if seg.m.tr]
    after = [seg.m.tr.d for seg in result.draft.t[0].sg if seg.m.tr]
    assert after and all(a < b for a, b in zip(after, before, strict=True))


def test_a_speed_word_inside_another_word(made: Draft) -> None:
    """ "缩放慢一点": "放慢" overlaps "缩放"; the tagger still sees "慢一点"."""
    result = edited("缩放慢一点", made)
    assert result.draft is not None and all(
        a < b for a, b in zip(motion(result.draft), motion(made), strict=True)
    )


def test_complaining_about_the_music_asks_which(made: Draft) -> None:
    result = edited("the music is boring", made)
    assert result.question and result.draft is None


@pytest.mark.parametrize(
    ("message", "looks"),
    [
        ("能不能帮我做个小红书的视频，温柔一点", ["舒缓风格"]),
        ("make it dreamy and soft please", ["dreamy look"]),
        ("a soft romantic video", ["romantic look"]),
    ],
)
def test_soft_is_the_calm_style_only_on_its_own(message: str, looks: list[str]) -> None:
    result = say(message)
    assert result.not_understood == [], result.reply
    assert [item for item in result.understood if "look" in item or "风格" in item] == looks


def test_soft_said_of_the_title_does_not_change_the_music(made: Draft) -> None:
    result = say("make the title subtle", made)
    assert result.draft is None or moods(result.draft) == moods(made)


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        ("remove all photos except photo 2", ["m1"]),
        ("remove all except 2 and 3", ["m1", "m2"]),
        ("delete every photo but not 4", ["m3"]),
    ],
)
def test_a_removal_with_except_keeps_what_was_named(message: str, kept: list[str], made: Draft) -> None:
    result = edited(message, made)
    assert result.draft is not None
    assert [seg.src for seg in result.draft.t[0].sg] == kept


@pytest.mark.parametrize(
    ("message", "coloured"),
    [
        ("add a warm filter to all photos except 1 and 2", ["none", "none", "warm", "warm"]),
        ("make everything warm except for 4", ["warm", "warm", "warm", "none"]),
    ],
)
def test_bare_numbers_after_except_are_the_photos_left_out(
    message: str, coloured: list[str], made: Draft
) -> None:
    result = edited(message, made)
    assert result.draft is not None
    assert filters(result.draft) == coloured


def order(draft: Draft) -> list[str | None]:
    return [seg.src for seg in draft.t[0].sg]


@pytest.mark.parametrize(
    ("message", "left"),
    [
        ("cut photo 4", ["m0", "m1", "m2"]),
        ("ditch the last photo", ["m0", "m1", "m2"]),
        ("scrap the second picture", ["m0", "m2", "m3"]),
        ("cut the last two pictures", ["m0", "m1"]),
        ("drop the last 2 please", ["m0", "m1"]),
    ],
)
def test_more_ways_to_remove_photos(made: Draft, message: str, left: list[str]) -> None:
    result = edited(message, made)
    assert result.draft is not None and order(result.draft) == left


def test_cutting_the_photos_to_a_length_removes_none(made: Draft) -> None:
    result = edited("cut each photo down to 2 seconds", made)
    assert result.draft is not None and order(result.draft) == order(made)
    assert {seg.d for seg in result.draft.t[0].sg} == {2000}


@pytest.mark.parametrize(
    ("message", "seconds"),
    [("trim it down to 15 seconds", 15000), ("bring the video down to 12 seconds", 12000)],
)
def test_a_length_said_with_a_direction(made: Draft, message: str, seconds: int) -> None:
    result = edited(message, made)
    assert result.draft is not None and result.draft.d == seconds


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("photo 3 should come first", ["m2", "m0", "m1", "m3"]),
        ("photo 2 goes last", ["m0", "m2", "m3", "m1"]),
        ("end on photo 1", ["m1", "m2", "m3", "m0"]),
        ("open on the last photo", ["m3", "m0", "m1", "m2"]),
        ("the first photo should come after photo 3", ["m1", "m2", "m0", "m3"]),
        ("swap the first two", ["m1", "m0", "m2", "m3"]),
        ("flip the order", ["m3", "m2", "m1", "m0"]),
    ],
)
def test_more_ways_to_reorder(made: Draft, message: str, expected: list[str]) -> None:
    result = edited(message, made)
    assert result.draft is not None and order(result.draft) == expected


def test_lingering_on_a_photo_makes_it_alone_longer(made: Draft) -> None:
    result = edited("linger a bit on the third photo", made)
    assert result.draft is not None
    before, after = [seg.d for seg in made.t[0].sg], [seg.d for seg in result.draft.t[0].sg]
    assert after[2] > before[2] and after[:2] == before[:2] and after[3] == before[3]


def test_something_happier_is_upbeat_music(made: Draft) -> None:
    result = edited("change the music to something happier", made)
    assert result.draft is not None and moods(result.draft) == ["upbeat"]


def test_fades_over_the_first_or_last_seconds_keep_the_length(made: Draft) -> None:
    """ "fade in over the first 2 seconds" once made the whole video 2 seconds long."""
    result = edited("fade in over the first 2 seconds", made)
    assert result.draft is not None and result.draft.m.fade_in == 2000 and result.draft.d == made.d
    result = edited("fade the music out over the final 4 seconds", made)
    assert result.draft is not None and result.draft.d == made.d
    assert [seg.m.fade_out for track in result.draft.tracks(TRACK_AUDIO) for seg in track.sg] == [4000]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("add photo 1 again at the end", ["m0", "m1", "m2", "m3", "m0"]),
        ("end with the first photo again", ["m0", "m1", "m2", "m3", "m0"]),
        ("repeat photo 2 at the start", ["m1", "m0", "m1", "m2", "m3"]),
        ("show photo 2 again after photo 4", ["m0", "m1", "m2", "m3", "m1"]),
        ("duplicate the third photo", ["m0", "m1", "m2", "m3", "m2"]),
        ("重复第一张放到最后", ["m0", "m1", "m2", "m3", "m0"]),
        ("第一张再放一次在最后", ["m0", "m1", "m2", "m3", "m0"]),
        # "again" beside "move" repeats the move, not the photo.
        ("move photo 1 to the end again", ["m1", "m2", "m3", "m0"]),
    ],
)
def test_a_photo_again_is_a_copy(made: Draft, message: str, expected: list[str]) -> None:
    result = edited(message, made)
    assert result.draft is not None and order(result.draft) == expected


def test_again_said_of_a_look_is_no_copy(made: Draft) -> None:
    result = edited("make photo 2 black and white again", made)
    assert result.draft is not None and order(result.draft) == order(made)
    assert filters(result.draft)[1] == "bw"


@pytest.mark.parametrize(
    "message",
    [
        "make every photo black and white except 1 and 2",
        "make every photo black and white apart from 1 and 2",
        "make every photo black and white other than 1 and 2",
        "black and white for all besides photos 1 and 2",
    ],
)
def test_every_way_of_saying_except_leaves_the_photos_out(made: Draft, message: str) -> None:
    """The lexicon knew "apart from" and "other than", the references did not: all four went black and white."""
    result = edited(message, made)
    assert result.draft is not None and filters(result.draft)[2:] == ["bw", "bw"]
    assert filters(result.draft)[:2] == filters(made)[:2]


@pytest.fixture(scope="module")
def two_looks(made: Draft) -> Draft:
    draft = edited("make photos 1 and 3 black and white, the rest warm", made).draft
    assert draft is not None and filters(draft) == ["bw", "warm", "bw", "warm"]
    return draft


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("no black and white on photo 1", ["none", "warm", "bw", "warm"]),
        ("remove the black and white from the first photo", ["none", "warm", "bw", "warm"]),
        ("no black and white", ["none", "warm", "none", "warm"]),
        ("不要黑白", ["none", "warm", "none", "warm"]),
        ("no warm tones on photo 2", ["bw", "none", "bw", "warm"]),
    ],
)
def test_a_look_said_with_no_is_taken_off(two_looks: Draft, message: str, expected: list[str]) -> None:
    """ "no black and white on photo 1" once made photo 1 black and white."""
    result = edited(message, two_looks)
    assert result.draft is not None and filters(result.draft) == expected


def test_a_look_a_photo_does_not_have_is_not_taken_off(two_looks: Draft) -> None:
    result = say("no black and white on photo 2", two_looks)
    assert result.draft is None and result.cost == 0
    assert result.reply.startswith("That photo has no black and white to take off.")
    assert say("no vintage look", two_looks).reply.startswith("The video has no vintage look to take off.")


def cuts(draft: Draft) -> list[tuple[str, int] | None]:
    return [(seg.m.tr.name, seg.m.tr.d) if seg.m.tr else None for seg in draft.t[0].sg]


@pytest.mark.parametrize(
    ("message", "changed", "name"),
    [
        ("use a wipe between photo 2 and 3", 1, "wipeleft"),
        ("use a wipe between photos 2 and 3", 1, "wipeleft"),
        ("fade to white between the second and third photo", 1, "fadewhite"),
        ("a fade to white before the last photo", 2, "fadewhite"),
        ("make the last transition a fade to black", 2, "fadeblack"),
        ("no transition between photo 3 and photo 4", 2, "none"),
        ("slide left after photo 1", 0, "slideleft"),
    ],
)
def test_one_transition_named_by_the_photos_around_it(
    made: Draft, message: str, changed: int, name: str
) -> None:
    """It once changed every transition and said it did not understand "photo"."""
    result = edited(message, made)
    assert result.draft is not None
    before, after = cuts(made), cuts(result.draft)
    assert after[changed] is not None and after[changed][0] == name
    assert [c for i, c in enumerate(after) if i != changed] == [
        c for i, c in enumerate(before) if i != changed
    ]


def test_the_length_of_one_transition(made: Draft) -> None:
    result = edited("make the transition after photo 2 two seconds", made)
    assert result.draft is not None and cuts(result.draft)[1] == ("fade", 2000)
    assert [c for i, c in enumerate(cuts(result.draft)) if i != 1] == [
        c for i, c in enumerate(cuts(made)) if i != 1
    ]
    longer = edited("make the transition after photo 2 longer", made)
    assert longer.draft is not None and cuts(longer.draft)[1][1] > cuts(made)[1][1]  # type: ignore[index]
    assert cuts(longer.draft)[0] == cuts(made)[0]


def test_one_transition_and_all_transitions_in_one_message(made: Draft) -> None:
    result = edited("use wipes between photo 2 and 3, and make all transitions 1 second", made)
    assert result.draft is not None
    assert cuts(result.draft)[:3] == [("fade", 1000), ("wipeleft", 1000), ("fade", 1000)]


@pytest.mark.parametrize(
    ("message", "role", "text"),
    [
        ("make the title say Bali 2026", "title", "Bali 2026"),
        ("the end card should read See you soon", "endcard", "See you soon"),
    ],
)
def test_words_for_the_screen_after_say_or_read(made: Draft, message: str, role: str, text: str) -> None:
    result = edited(message, made)
    assert result.draft is not None and (role, text) in [(r, t) for r, t, _ in texts(result.draft)]


def test_a_complaint_about_the_title_is_not_its_words(made: Draft) -> None:
    titled = edited("make the title say Bali 2026", made).draft
    assert titled is not None
    result = say("the title reads too small", titled)
    assert ("title", "too small", None) not in texts(result.draft or titled)


@pytest.mark.parametrize(
    ("message", "slower"),
    [
        ("less time on each photo", False),
        ("spend less time on the photos", False),
        ("give each photo a bit more time", True),
    ],
)
def test_time_on_the_photos_is_the_pace(made: Draft, message: str, slower: bool) -> None:
    result = edited(message, made)
    assert result.draft is not None and (result.draft.d > made.d) is slower and result.draft.d != made.d


def test_more_time_on_one_photo(made: Draft) -> None:
    result = edited("more time on photo 2", made)
    assert result.draft is not None
    before, after = [seg.d for seg in made.t[0].sg], [seg.d for seg in result.draft.t[0].sg]
    assert after[1] > before[1] and after[0] == before[0]


@pytest.mark.parametrize(
    ("message", "length"),
    [
        ("keep it under 10 seconds", 10000),
        ("no longer than 12 seconds", 12000),
        ("at least 60 seconds", 60000),
    ],
)
def test_a_bound_not_met_is_the_new_length(made: Draft, message: str, length: int) -> None:
    result = edited(message, made)
    assert result.draft is not None and result.draft.d == length


@pytest.mark.parametrize(
    "message", ["keep it under a minute", "not more than 2 minutes", "at least 5 seconds", "视频1分钟以内"]
)
def test_a_bound_met_already_changes_nothing_and_says_so(made: Draft, message: str) -> None:
    """ "keep it under a minute" once stretched a 20-second video to 60 seconds."""
    result = say(message, made)
    assert result.draft is None and result.cost == 0 and result.not_understood == []
    assert "already" in result.reply or "已经" in result.reply


def test_a_new_video_under_a_bound_keeps_its_own_length() -> None:
    result = say("make a video under a minute")
    assert result.draft is not None and result.draft.d < 60000
    assert say("make a video under 5 seconds").draft.d == 5000  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def captioned(made: Draft) -> Draft:
    draft = edited("put 'beach' on photo 2", made).draft
    assert draft is not None
    draft = edited("put 'sunset' on photo 4", draft).draft
    assert draft is not None and [(t, at) for _, t, at in texts(draft)] == [("beach", "m1"), ("sunset", "m3")]
    return draft


@pytest.mark.parametrize(
    ("message", "left"),
    [
        ("remove the caption from photo 2", [("sunset", "m3")]),
        ("remove the words on the fourth photo", [("beach", "m1")]),
    ],
)
def test_removing_a_photos_caption_keeps_the_photo(
    captioned: Draft, message: str, left: list[tuple[str, str]]
) -> None:
    """ "remove the caption from photo 2" once removed photo 2 (and every caption)."""
    result = edited(message, captioned)
    assert result.draft is not None and order(result.draft) == order(captioned)
    assert [(t, at) for _, t, at in texts(result.draft)] == left


def test_a_photo_without_a_caption_has_none_to_remove(captioned: Draft) -> None:
    result = say("remove the caption from photo 3", captioned)
    assert result.draft is None and "Photo 3 has no caption to remove." in result.reply


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("start the music at 30 seconds", "I can't start it later or skip into the song"),
        ("skip the first 10 seconds of the song", "I can't start it later or skip into the song"),
        ("音乐从第30秒开始", "暂时不能延后开始"),
        ("no music on the first photo", "I can't leave it out for one photo"),
        ("remove the music from photo 2", "I can't leave it out for one photo"),
    ],
)
def test_what_the_music_cannot_do_changes_nothing(made: Draft, message: str, said: str) -> None:
    """These once made a 30- or 10-second video, removed the music, or removed photo 2."""
    result = say(message, made)
    assert result.draft is None and result.cost == 0
    assert said in result.reply


@pytest.mark.parametrize("message", ["remove the fade from photo 2", "get rid of the border on photo 2"])
def test_removing_a_thing_from_a_photo_never_removes_the_photo(made: Draft, message: str) -> None:
    """Both once removed photo 2; what the thing is may not be known, the photo stays."""
    result = say(message, made)
    assert result.draft is None or order(result.draft) == order(made)


@pytest.mark.parametrize(
    ("message", "left"),
    [
        ("delete the last photo from the video", ["m0", "m1", "m2"]),
        ("remove photos 2 and 3 from the slideshow", ["m0", "m3"]),
    ],
)
def test_a_photo_removed_from_the_video_still_goes(made: Draft, message: str, left: list[str]) -> None:
    result = edited(message, made)
    assert result.draft is not None and order(result.draft) == left


def test_taking_anything_off_a_photo_never_removes_or_moves_photos(made: Draft) -> None:
    """Every way of saying "remove X from/on/for photo N" tried at once: none may take the photo."""
    verbs = ["remove", "delete", "no", "get rid of", "take away", "drop", "turn off"]
    things = ["the caption", "the text", "the title", "the music", "the zoom", "the filter", "the black and white",
              "the transition", "the fade", "the effect", "the motion", "the border", "the sound"]  # fmt: skip
    places = ["from", "on", "in", "for", "of"]
    photos = ["photo 2", "the second photo", "the last picture"]
    moved = [
        message
        for message in (
            f"{verb} {thing} {place} {photo}"
            for verb in verbs
            for thing in things
            for place in places
            for photo in photos
        )
        if (result := say(message, made)).draft is not None and order(result.draft) != order(made)
    ]
    assert moved == []


@pytest.mark.parametrize(
    ("message", "change"),
    [
        ("make it 5 seconds longer", 5000),
        ("add 5 seconds to the video", 5000),
        ("make it longer by 4 seconds", 4000),
        ("extend the video by 10 seconds", 10000),
        ("make it 3 seconds shorter", -3000),
        ("cut 5 seconds", -5000),
        ("shorten it by 2 seconds", -2000),
    ],
)
def test_a_change_of_length_starts_from_the_length_now(made: Draft, message: str, change: int) -> None:
    """ "make it 5 seconds longer" once made a 5-second video."""
    result = edited(message, made)
    assert result.draft is not None and result.draft.d == made.d + change


def test_one_photo_a_few_seconds_longer(made: Draft) -> None:
    result = edited("make photo 2 one second longer", made)
    assert result.draft is not None
    assert abs(result.draft.t[0].sg[1].d - (made.t[0].sg[1].d + 1000)) <= 10  # lengths are kept to 10 ms
    assert result.draft.t[0].sg[0].d == made.t[0].sg[0].d


def test_the_title_a_few_seconds_longer(made: Draft) -> None:
    titled = edited("add the title 'Bali'", made).draft
    assert titled is not None
    before = next(seg.d for track in titled.tracks(TRACK_TEXT) for seg in track.sg)
    result = edited("make the title 2 seconds longer", titled)
    assert result.draft is not None and result.draft.d == titled.d
    assert next(seg.d for track in result.draft.tracks(TRACK_TEXT) for seg in track.sg) == before + 2000


def test_a_change_longer_than_the_video_is_refused(made: Draft) -> None:
    result = say("make it 90 seconds shorter", made)
    assert result.draft is None and "say the length you want instead" in result.reply


@pytest.mark.parametrize(
    "message",
    [
        "the first 5 seconds in black and white",
        "make the last 3 seconds black and white",
        "after 10 seconds switch to black and white",
        "put the title at 3 seconds",
        "make the zoom last 3 seconds",
    ],
)
def test_a_moment_in_seconds_is_refused_and_changes_nothing(made: Draft, message: str) -> None:
    """These once set the video's length to the seconds said (and made every photo black and white)."""
    result = say(message, made)
    assert result.draft is None and result.cost == 0 and result.reply.endswith("Nothing was changed.")


@pytest.mark.parametrize(
    ("message", "length"), [("end the video at 15 seconds", 15000), ("cut it at 12 seconds", 12000)]
)
def test_where_the_video_ends_is_its_length(made: Draft, message: str, length: int) -> None:
    result = edited(message, made)
    assert result.draft is not None and result.draft.d == length


@pytest.mark.parametrize(("message", "change"), [("视频再长5秒", 5000), ("把视频缩短3秒", -3000)])
def test_a_change_of_length_in_chinese(made: Draft, message: str, change: int) -> None:
    """ "把视频缩短3秒" once made a 3-second video."""
    result = edited(message, made)
    assert result.draft is not None and result.draft.d == made.d + change
    assert edited("把视频缩短到15秒", made).draft.d == 15000  # type: ignore[union-attr]  # "to", not "by"


def test_one_transition_in_chinese(made: Draft) -> None:
    result = edited("第二张和第三张之间用滑动转场", made)
    assert result.draft is not None and cuts(result.draft)[1][0] == "slideleft"  # type: ignore[index]
    assert cuts(result.draft)[0] == cuts(made)[0] and cuts(result.draft)[2] == cuts(made)[2]


def test_removing_a_photos_caption_in_chinese_keeps_the_photo(captioned: Draft) -> None:
    """ "把第二张照片上的字幕删掉" once removed photo 2."""
    result = edited("把第二张照片上的字幕删掉", captioned)
    assert result.draft is not None and order(result.draft) == order(captioned)
    assert [(t, at) for _, t, at in texts(result.draft)] == [("sunset", "m3")]
    assert order(edited("把第二张删了", captioned).draft) == ["m0", "m2", "m3"]  # type: ignore[arg-type]


def test_taking_anything_off_a_photo_in_chinese_never_removes_or_moves_photos(made: Draft) -> None:
    shapes = ["把{r}上的{x}{v}", "{r}的{x}{v}", "{v}{r}上的{x}", "{r}上面的{x}{v}", "{r}不要{x}"]
    things = ["字幕", "标题", "音乐", "黑白", "转场", "滤镜", "缩放", "文字", "特效", "边框"]
    photos = ["第二张", "第二张照片", "最后一张"]
    moved = [
        message
        for message in (
            shape.format(r=r, x=x, v=v)
            for shape in shapes
            for x in things
            for r in photos
            for v in ["删掉", "去掉", "删除", "不要"]
        )
        if (result := say(message, made)).draft is not None and order(result.draft) != order(made)
    ]
    assert moved == []


@pytest.mark.parametrize(
    "message", ["把第二张删掉", "删掉第二张", "第二张不要了", "第二张删了吧", "不要第二张"]
)
def test_removing_a_photo_in_chinese_still_removes_it(made: Draft, message: str) -> None:
    result = edited(message, made)
    assert result.draft is not None and order(result.draft) == ["m0", "m2", "m3"]


@pytest.fixture(scope="module")
def titled(made: Draft) -> Draft:
    draft = edited("add the title 'Summer in Bali'", made).draft
    assert draft is not None
    return draft


def _title(draft: Draft) -> Any:
    return next(seg.m for track in draft.tracks(TRACK_TEXT) for seg in track.sg if seg.m.role == "title")


@pytest.mark.parametrize(
    ("message", "position"),
    [("put the title lower", "lower-third"), ("move the title a bit higher", "upper-third")],
)
def test_higher_or_lower_said_of_the_title_is_where_it_sits(
    titled: Draft, message: str, position: str
) -> None:
    """ "put the title lower" once turned the music down."""
    result = edited(message, titled)
    assert result.draft is not None and _title(result.draft).pos == position
    assert [t.m.vol for t in result.draft.tracks(TRACK_AUDIO)] == [
        t.m.vol for t in titled.tracks(TRACK_AUDIO)
    ]


def test_lower_said_of_the_music_is_its_level(titled: Draft) -> None:
    result = edited("music lower", titled)
    assert (
        result.draft is not None
        and result.draft.tracks(TRACK_AUDIO)[0].m.vol < titled.tracks(TRACK_AUDIO)[0].m.vol
    )


@pytest.mark.parametrize(
    ("message", "smaller"), [("the title is too big", True), ("the title is too small", False)]
)
def test_a_complaint_about_the_titles_size_asks_for_the_opposite(
    titled: Draft, message: str, smaller: bool
) -> None:
    """ "the title is too big" once made it large."""
    result = edited(message, titled)
    assert result.draft is not None and _title(result.draft).size is not None
    assert result.reply == ("The title is smaller." if smaller else "The title is bigger.")
    other = edited("the title is too small" if smaller else "the title is too big", titled).draft
    assert other is not None and (_title(result.draft).size < _title(other).size) is smaller


@pytest.mark.parametrize(
    "message", ["rename it to Bali Days", "call the video Bali Days", "name this video Bali Days"]
)
def test_renaming_the_video_is_its_title(titled: Draft, message: str) -> None:
    result = edited(message, titled)
    assert result.draft is not None and _title(result.draft).text == "Bali Days"


@pytest.mark.parametrize(
    ("message", "factor"),
    [
        ("make it 2x faster", 0.5),
        ("twice as fast", 0.5),
        ("half speed", 2.0),
        ("double the length", 2.0),
        ("make it half as long", 0.5),
        ("make everything 20% shorter", 0.8),
        ("视频快一倍", 0.5),
        ("时长翻一倍", 2.0),
        ("缩短一半", 0.5),
    ],
)
def test_the_length_times_a_number(made: Draft, message: str, factor: float) -> None:
    """ "make it 2x faster" once gave an ordinary faster pace and said it did not understand "x"."""
    result = edited(message, made)
    assert result.draft is not None and abs(result.draft.d - made.d * factor) <= 20


@pytest.mark.parametrize(
    "message",
    ["i liked it better before", "put it back the way it was", "I don't like that change", "还是之前的好"],
)
def test_liking_it_better_before_is_undo(made: Draft, message: str) -> None:
    changed = edited("make it black and white", made).draft
    assert changed is not None
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in message) else "en"
    result = interpret(
        message,
        InterpretContext(draft=changed, media=MEDIA, recipe=RECIPE, previous_draft=made, language=lang),
    )
    assert result.undo and result.draft == made


@pytest.mark.parametrize("message", ["make it look like a film from the 70s", "1990s vibe", "an 80s style"])
def test_a_decade_is_a_look_not_seconds(made: Draft, message: str) -> None:
    """ "a film from the 70s" once made a 70-second video, "1990s" a 30-minute one."""
    result = edited(message, made)
    assert result.draft is not None and result.draft.d == made.d
    assert set(filters(result.draft)) == {"vintage"}


def test_colours_that_pop_are_vivid_not_pop_music(made: Draft) -> None:
    result = edited("make the colors pop", made)
    assert result.draft is not None and set(filters(result.draft)) == {"vivid"}
    assert moods(result.draft) == moods(made)


@pytest.mark.parametrize("message", ["trim photo 2 to 3 seconds", "shorten photo 2 to 3 seconds"])
def test_a_length_said_with_its_direction_is_applied_once(made: Draft, message: str) -> None:
    """It once made photo 2 shorter, then 3 seconds, and said both lengths."""
    result = edited(message, made)
    assert result.draft is not None and result.draft.t[0].sg[1].d == 3000
    assert result.reply.count("Photo 2 shows for") == 1


CLIPPED = [
    *MEDIA,
    MediaInfo(media_id="c1", filename="toast.mp4", file_type="video", width=1920, height=1080, duration=12.0),
]


@pytest.mark.parametrize(
    "message", ["mute the clip", "remove the sound from the clip", "make the clip louder", "静音这段视频"]
)
def test_a_clips_own_sound_is_refused_and_the_clip_stays(message: str) -> None:
    """ "mute the clip" once removed the clip; "make the clip louder" raised the music."""
    draft = interpret("make a video", InterpretContext(draft=None, media=CLIPPED, recipe=RECIPE)).draft
    assert draft is not None and "c1" in order(draft)
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in message) else "en"
    result = interpret(message, InterpretContext(draft=draft, media=CLIPPED, recipe=RECIPE, language=lang))
    assert result.draft is None and result.cost == 0
    assert "clip's own sound" in result.reply or "原声" in result.reply
    removed = interpret("remove the clip", InterpretContext(draft=draft, media=CLIPPED, recipe=RECIPE)).draft
    assert removed is not None and "c1" not in order(removed)


def test_a_photo_named_in_a_video_that_opens_with_a_clip_is_counted_among_the_photos() -> None:
    """ "photo 2" is the second photo, as the edits count it: "one second longer" once added
    the second item's length (the first photo's) to photo 2."""
    media = [CLIPPED[-1], *MEDIA]
    draft = interpret("make a video", InterpretContext(draft=None, media=media, recipe=RECIPE)).draft
    assert draft is not None and order(draft)[0] == "c1"
    result = interpret(
        "make photo 2 one second longer", InterpretContext(draft=draft, media=media, recipe=RECIPE)
    )
    assert result.draft is not None
    assert abs(result.draft.t[0].sg[2].d - (draft.t[0].sg[2].d + 1000)) <= 10
    grey = interpret(
        "make photo 2 black and white", InterpretContext(draft=draft, media=media, recipe=RECIPE)
    ).draft
    assert grey is not None
    off = interpret("no black and white on photo 2", InterpretContext(draft=grey, media=media, recipe=RECIPE))
    assert off.draft is not None and filters(off.draft)[2] == "none"
    kept = interpret(
        "no black and white on photo 1", InterpretContext(draft=grey, media=media, recipe=RECIPE)
    )
    assert kept.draft is None and "That photo has no black and white to take off." in kept.reply
