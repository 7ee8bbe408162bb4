"""The attachment rules one by one: the words in, the wishes out (no draft is edited).

Each test runs the tagger, binds modifiers to heads, and runs every rule in order, then
looks only at what the rule under test produced.
"""

from __future__ import annotations

from typing import Any

import pytest

from nemo_skill.interpreter.api import SkillRecipe
from nemo_skill.interpreter.words.coverage import not_understood
from nemo_skill.interpreter.words.plan import Facts, Plan, bind_heads
from nemo_skill.interpreter.words.refs import Ref
from nemo_skill.interpreter.words.rules import RULES, meta
from nemo_skill.interpreter.words.tagger import tag
from nemo_skill.models import Draft, MediaInfo

SONG = MediaInfo(media_id="a1", filename="song.mp3", file_type="audio", duration=90.0)


def _draft(cuts: str = "fade") -> Draft:
    segs = [{"src": f"p{i}", "d": 3000, "m": {"tr": {"name": cuts, "d": 500}}} for i in range(4)]
    return Draft.model_validate({"d": 12000, "t": [{"tt": 0, "sg": segs}]})


def plan_of(message: str, *, draft: Draft | None = None, media: list[MediaInfo] | None = None) -> Plan:
    words = tag(message)
    plan = Plan()
    meta.rule(words, plan)
    bind_heads(words)
    facts = Facts(draft=draft, media=media or [], recipe=SkillRecipe())
    for rule in RULES:
        rule(words, plan, facts)
    return plan


def wishes(message: str, **kw: Any) -> list[tuple[str, dict[str, Any]]]:
    return [(wish.op, wish.fields) for wish in plan_of(message, **kw).wishes]


# --- durations: each length binds to what it measures ---------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("a 20-second video", ("set_length", {"seconds": 20.0})),
        ("make it 45 seconds long", ("set_length", {"seconds": 45.0})),
        ("about half a minute", ("set_length", {"seconds": 30.0})),
        ("create a 10 second teaser for tiktok", ("set_length", {"seconds": 10.0})),
        ("a 30-second 1080p video", ("set_length", {"seconds": 30.0})),
        ("做一个8秒的婚礼邀请视频", ("set_length", {"seconds": 8.0})),
        ("总时长改为45秒", ("set_length", {"seconds": 45.0})),
        ("make a video of these photos of 20 seconds", ("set_length", {"seconds": 20.0})),
        ("3 seconds per photo", ("set_photo_duration", {"seconds": 3.0})),
        ("each photo should last 4 seconds", ("set_photo_duration", {"seconds": 4.0})),
        ("每张3秒", ("set_photo_duration", {"seconds": 3.0})),
        ("3秒一张", ("set_photo_duration", {"seconds": 3.0})),
        ("give each one 4 seconds", ("set_photo_duration", {"seconds": 4.0})),
        ("make each one last 5 seconds", ("set_photo_duration", {"seconds": 5.0})),
        ("every one of them should be 2.5 seconds", ("set_photo_duration", {"seconds": 2.5})),
        ("photo 3 for 4 seconds", ("set_photo_duration", {"photo": Ref("photo", (3,)), "seconds": 4.0})),
        ("show the first photo for 6 seconds", ("set_photo_duration", {"photo": Ref("photo", (1,)), "seconds": 6.0})),
        ("keep photo 2 on screen for 2 seconds", ("set_photo_duration", {"photo": Ref("photo", (2,)), "seconds": 2.0})),
        ("2-second transitions", ("set_transition", {"seconds": 2.0})),
        ("transitions lasting 2 seconds", ("set_transition", {"seconds": 2.0})),
        ("make the transitions 1.5 seconds", ("set_transition", {"seconds": 1.5})),
        ("转场时长改成1秒", ("set_transition", {"seconds": 1.0})),
        ("show the title for 5 seconds", ("set_title", {"role": "title", "seconds": 5.0})),
    ],
)  # fmt: skip
def test_a_length_binds_to_what_it_measures(message: str, expected: tuple[str, dict[str, Any]]) -> None:
    assert expected in wishes(message)
    assert len([w for w in wishes(message) if w[0] in ("set_length", "set_photo_duration")]) <= 1


def test_lengths_in_one_sentence_go_each_to_their_own_target() -> None:
    assert wishes("make a 20 second video where each transition lasts 2 seconds") == [
        ("set_length", {"seconds": 20.0}),
        ("set_transition", {"seconds": 2.0}),
    ]
    found = wishes("each photo 2.5 seconds with 1 second crossfades")
    assert ("set_photo_duration", {"seconds": 2.5}) in found and ("set_transition", {"seconds": 1.0}) in found
    assert ("set_length", {"seconds": 45.0}) in wishes("make it 45 seconds long with dissolve transitions")


def test_a_length_after_a_transitions_clause_goes_on_with_them() -> None:
    assert ("set_transition", {"seconds": 0.5}) in wishes("转场用叠化，每个0.5秒")
    assert ("set_transition", {"seconds": 2.0}) in wishes("用淡入淡出转场，时长2秒")
    # ... unless the transitions already have theirs, or it says per photo.
    assert ("set_length", {"seconds": 30.0}) in wishes("转场1秒，时长30秒")
    assert ("set_photo_duration", {"seconds": 2.0}) in wishes("转场时长改成1秒，每张2秒")


# --- canvas -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "aspect"),
    [("make it square for Instagram", "1:1"), ("for Instagram", "4:5"), ("portrait feed", "4:5"),
     ("make it vertical", "9:16"), ("比例改成4:5", "4:5"), ("横屏", "16:9"), ("for YouTube", "16:9")],
)  # fmt: skip
def test_a_said_shape_wins_over_a_platform(message: str, aspect: str) -> None:
    assert wishes(message) == [("set_aspect", {"aspect": aspect})]


def test_resolution_and_frame_rate() -> None:
    assert wishes("export in 720p") == [("set_resolution", {"resolution": "720p"})]
    assert wishes("60 fps") == [("set_fps", {"fps": 60})]


# --- fades ---------------------------------------------------------------------------------


def test_a_fade_to_black_at_the_end_is_the_videos_fade_out_not_the_transitions() -> None:
    assert wishes("end with a fade to black") == [("fade_out", {"seconds": 1.0})]
    assert wishes("fade to black between the photos") == [("set_transition", {"name": "fadeblack"})]
    assert wishes("fade in from black") == [("fade_in", {"seconds": 1.0})]
    assert wishes("fade in and out over 2 seconds") == [
        ("fade_in", {"seconds": 2.0}),
        ("fade_out", {"seconds": 2.0}),
    ]
    assert wishes("fade out the music over 4 seconds") == [("music_fade", {"fade_out": 4.0})]
    assert wishes("no fade at the end")[0] == ("fade_out", {"seconds": 0.0})


# --- transitions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "name"),
    [("crossfade transitions", "fade"), ("dissolve between photos", "fade"), ("cross-dissolves", "fade"),
     ("转场用溶解", "fade"), ("叠化转场", "fade"), ("pixel dissolve transitions", "pixeldissolve"),
     ("slide transitions", "slideleft"), ("no transitions", "none"), ("hard cuts", "none"), ("去掉转场", "none"),
     ("fade to black between the photos", "fadeblack")],
)  # fmt: skip
def test_transition_kinds(message: str, name: str) -> None:
    assert ("set_transition", {"name": name}) in wishes(message)


def test_transition_speed_and_softness() -> None:
    assert wishes("faster transitions") == [("set_transition", {"factor": 0.6})]
    slow = wishes("slow dissolves")
    assert slow[0][0] == "set_transition" and slow[0][1]["name"] == "fade" and slow[0][1]["factor"] > 1
    assert wishes("make the transitions smoother") == [("soften_transitions", {})]
    assert wishes("soft transitions") == [("soften_transitions", {})]


def test_with_transitions_adds_some_only_where_there_are_none() -> None:
    assert wishes("with transitions", draft=_draft("none")) == [("set_transition", {"name": "fade"})]
    plan = plan_of("with transitions", draft=_draft("fade"))
    assert plan.wishes == [] and plan.noted == [("transitions", "转场")]


# --- music ---------------------------------------------------------------------------------------


def test_the_mood_said_of_the_music() -> None:
    assert wishes("add romantic music") == [("set_music", {"mood": "romantic"})]
    assert wishes("the background music should be calm") == [("set_music", {"mood": "calm"})]
    assert ("set_music", {"mood": "upbeat"}) in wishes("a romantic video with upbeat music")
    assert wishes("jazz") == [("set_music", {"mood": "jazz"})]
    assert ("set_music", {"mood": "acoustic"}) in wishes("再配木吉他音乐")


def test_music_off_on_volume() -> None:
    for message in ("turn the music off", "no music", "without music", "不要音乐", "mute the music"):
        assert wishes(message) == [("remove_music", {})], message
    assert wishes("put music back in") == [("add_music", {})]
    assert wishes("把音乐加回来") == [("add_music", {})]
    assert wishes("music at 35%") == [("set_volume", {"volume": 0.35})]
    assert wishes("make the music quieter") == [("set_volume", {"factor": 0.7})]


def test_the_uploaded_song() -> None:
    assert wishes("use my song", media=[SONG]) == [("set_music", {"media_id": "a1"})]
    refused = plan_of("use my song")
    assert refused.wishes == [] and "uploaded song" in refused.refusals[0].en


def test_change_the_music_without_a_mood_asks_which() -> None:
    plan = plan_of("change the music")
    assert plan.wishes == [] and "What kind of music" in plan.asks[0].en


# --- look -----------------------------------------------------------------------------------------


def test_filters() -> None:
    assert wishes("make it black and white") == [("set_filter", {"name": "bw"})]
    assert wishes("make the third photo black and white") == [
        ("set_filter", {"name": "bw", "photo": Ref("photo", (3,))})
    ]
    for message in ("actually go back to color", "remove the filter", "bring the colour back", "变回彩色"):
        assert wishes(message) == [("set_filter", {"name": "none"})], message


def test_style_words_change_the_look() -> None:
    assert wishes("make it more cinematic") == [("set_style", {"name": "cinematic"})]
    assert wishes("make it look like an old film") == [("set_style", {"name": "oldfilm"})]
    assert wishes("梦幻一点") == [("set_style", {"name": "dreamy"})]


def test_a_mood_of_the_video_leaves_the_music_to_what_is_said_of_the_music() -> None:
    found = wishes("romantic and warm with soft music")
    assert sorted(found, key=str) == sorted(
        [("set_style", {"name": "romantic", "music": False}), ("set_filter", {"name": "warm"}),
         ("set_music", {"mood": "calm"})],
        key=str,
    )  # fmt: skip


# --- text -----------------------------------------------------------------------------------------


def test_a_quote_takes_the_role_named_before_it_else_after_it() -> None:
    assert wishes('add an end card that says "See you"') == [
        ("set_title", {"role": "endcard", "text": "See you"})
    ]
    assert wishes('put "Anna & Ben" on the title card') == [
        ("set_title", {"role": "title", "text": "Anna & Ben"})
    ]
    assert wishes('end with "Thank you"') == [("set_title", {"role": "endcard", "text": "Thank you"})]
    assert wishes('a montage titled "Weekend"') == [("set_title", {"role": "title", "text": "Weekend"})]
    assert wishes("做一个叫「我们的旅行」的视频") == [("set_title", {"role": "title", "text": "我们的旅行"})]


def test_title_size_colour_place() -> None:
    assert wishes("make the title bigger") == [("set_title", {"role": "title", "size_step": 1})]
    assert wishes("make the title gold") == [("set_title", {"role": "title", "color": "#FFD700"})]
    assert wishes("move the title to the top") == [("set_title", {"role": "title", "position": "top"})]
    assert wishes("标题大一点") == [("set_title", {"role": "title", "size_step": 1})]


def test_text_removal_and_wanted_cards() -> None:
    assert wishes("remove the title") == [("remove_title", {"role": "title"})]
    assert wishes("no text") == [("remove_title", {"role": None})]
    assert wishes("add an end card") == [("set_title", {"role": "endcard", "text": None})]


@pytest.mark.parametrize(
    ("message", "role", "text"),
    [
        ("add text at the end: thanks for watching", "endcard", "thanks for watching"),
        ("at the end, show 'Thanks for watching'", "endcard", "Thanks for watching"),
        ("在结尾加一句：谢谢观看", "endcard", "谢谢观看"),
        ("最后加上字幕：谢谢", "endcard", "谢谢"),
        ("开头写：我们的夏天", "title", "我们的夏天"),
    ],
)
def test_words_for_the_end_or_the_start_after_a_colon(message: str, role: str, text: str) -> None:
    assert wishes(message) == [("set_title", {"role": role, "text": text})]


def test_it_in_the_next_clause_is_the_photo_just_named() -> None:
    for message in (
        "I don't like the second photo, get rid of it",
        "the second photo, remove it",
        "第二张不好看，删掉它",
    ):
        assert wishes(message) == [("remove_photo", {"photo": Ref("photo", (2,))})], message


def test_the_genre_said_of_the_music_wins_over_its_adjective() -> None:
    assert wishes("soft piano music please") == [("set_music", {"mood": "piano"})]
    assert wishes("轻柔的钢琴音乐") == [("set_music", {"mood": "piano"})]
    assert wishes("add soft music") == [("set_music", {"mood": "calm"})]


def test_names_without_values_ask_for_them() -> None:
    plan = plan_of("a wedding video with our names and date")
    assert plan.wishes == [] and "names and the date" in plan.hints[0].en


# --- order, pace, motion -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "fields"),
    [
        ("move the last photo to the second position", {"from": Ref("photo", (-1,)), "to": 2}),
        ("put the last photo second", {"from": Ref("photo", (-1,)), "to": 2}),
        ("make the last photo the second one", {"from": Ref("photo", (-1,)), "to": 2}),
        ("open with the last photo", {"from": Ref("photo", (-1,)), "to": "start"}),
        ("move the first photo to the end", {"from": Ref("photo", (1,)), "to": "end"}),
        ("move photo 2 after photo 4", {"from": Ref("photo", (2,)), "after": Ref("photo", (4,))}),
        ("把第三张放到第一张后面", {"from": Ref("photo", (3,)), "after": Ref("photo", (1,))}),
        ("最后1张放到第2张", {"from": Ref("photo", (-1,)), "to": 2}),
    ],
)
def test_moves(message: str, fields: dict[str, Any]) -> None:
    assert wishes(message) == [("move_photo", fields)]


def test_removals_swaps_and_orders() -> None:
    assert wishes("remove photos 2-4") == [("remove_photo", {"photo": Ref("photo", (2, 3, 4))})]
    assert wishes("倒数第二张删掉") == [("remove_photo", {"photo": Ref("photo", (-2,))})]
    assert wishes("remove the photo") == [("remove_photo", {"photo": Ref("photo", ())})]
    assert wishes("swap photos 1 and 3") == [
        ("swap_photos", {"a": Ref("photo", (1,)), "b": Ref("photo", (3,))})
    ]
    assert wishes("shuffle the photos") == [("shuffle", {})]
    assert wishes("put the photos in random order") == [("shuffle", {})]
    assert wishes("reverse the order") == [("reverse", {})]


def test_pace() -> None:
    assert wishes("make it faster") == [("set_photo_duration", {"factor": 0.75})]
    assert wishes("make it longer") == [("set_photo_duration", {"factor": round(1 / 0.75, 4)})]
    assert wishes("make photo 3 longer") == [
        ("set_photo_duration", {"photo": Ref("photo", (3,)), "factor": 1.5})
    ]


def test_motion() -> None:
    assert wishes("no zoom please") == [("set_motion", {"on": False})]
    assert wishes("keep the photos still") == [("set_motion", {"on": False})]
    assert wishes("zoom in on every photo") == [("set_motion", {"direction": "in"})]
    assert wishes("slower zoom") == [("set_motion", {"factor": 0.6})]
    assert wishes("动效慢一点") == [("set_motion", {"factor": 0.6})]


# --- heads and coverage -------------------------------------------------------------------------------


def test_a_modifier_binds_to_the_head_it_describes() -> None:
    music = tag("soft music")
    bind_heads(music)
    assert music.mentions[0].head is music.mentions[1]
    transitions = tag("make the transitions soft and the music louder")
    bind_heads(transitions)
    soft = next(m for m in transitions.mentions if transitions.text[m.start : m.end] == "soft")
    assert soft.head is not None and soft.head.noun == "transition"


@pytest.mark.parametrize(
    ("message", "left"),
    [
        ("order me a pizza", ["order me a pizza"]),
        ("make it square and order me a pizza", ["order me a pizza"]),
        ("make it 9:16 sparkly", ["sparkly"]),
        ("turn these photos into a 20-second video with fade transitions and background music", []),
        ("make a 15-second vertical video of my beach trip with upbeat music", []),
        ("顺便订一张去上海的机票，改成竖屏", ["订一张去上海的机票"]),
    ],
)
def test_the_words_not_understood(message: str, left: list[str]) -> None:
    words = tag(message)
    plan = Plan()
    meta.rule(words, plan)
    bind_heads(words)
    for rule in RULES:
        rule(words, plan, Facts(draft=None, media=[], recipe=SkillRecipe()))
    assert not_understood(words) == left


# --- sentences of our own (no corpus has them) ---------------------------------------------------


def test_it_is_the_thing_just_named() -> None:
    assert ("set_title", {"role": "title", "size_step": -1}) in wishes(
        "move the title up to the top and make it a bit smaller"
    )
    assert ("set_title", {"role": "title", "size_step": 1}) in wishes("the title should be red and bigger")
    assert ("set_title", {"role": "title", "size_step": 1}) in wishes("标题改成金色并放大")
    assert ("music_fade", {"fade_out": 5.0}) in wishes("make the music louder and fade it out over 5 seconds")
    assert not [
        w for w in wishes("make the music louder and fade it out over 5 seconds") if w[0] == "set_length"
    ]


def test_the_rest_are_the_photos_not_named() -> None:
    found = wishes("make photos 2 and 3 black and white, the rest warm", draft=_draft())
    assert found == [
        ("set_filter", {"name": "bw", "photo": Ref("photo", (2, 3))}),
        ("set_filter", {"name": "warm", "photo": Ref("photo", (1, 4))}),
    ]


def test_two_photos_joined_by_and_stay_one_list() -> None:
    assert wishes("把第一张和最后一张对调") == [
        ("swap_photos", {"a": Ref("photo", (1,)), "b": Ref("photo", (-1,))})
    ]


def test_more_words() -> None:
    assert ("set_transition", {"name": "pixeldissolve"}) in wishes("make the transitions pixelated")
    assert ("set_motion", {"direction": "in"}) in wishes("每张照片慢慢放大")
    assert ("set_music", {"mood": "upbeat"}) in wishes("bouncy music")
    assert ("set_transition", {"seconds": 0.5}) in wishes("make every transition half a second")
    plan = plan_of("please make the video 2 hours long")
    assert [(w.op, w.fields) for w in plan.wishes] == [("set_length", {"seconds": 1800.0})]
    assert "at most 30 minutes" in plan.hints[0].en
    assert sorted(wishes("remove photo 3, 6 seconds per photo"), key=str) == [
        ("remove_photo", {"photo": Ref("photo", (3,))}),
        ("set_photo_duration", {"seconds": 6.0}),
    ]


def test_a_fade_said_slow_or_quick_is_longer_or_shorter() -> None:
    assert wishes("make the ending fade out slowly") == [("fade_out", {"seconds": 3.0})]
    assert wishes("end with a slow fade to black") == [("fade_out", {"seconds": 3.0})]
    assert wishes("add a slow fade at the end") == [("fade_out", {"seconds": 3.0})]
    assert wishes("fade in quickly at the start") == [("fade_in", {"seconds": 0.5})]
    assert wishes("结尾慢慢淡出") == [("fade_out", {"seconds": 3.0})]
    assert wishes("fade out the music slowly") == [("music_fade", {"fade_out": 6.0})]
