"""Taste in the defaults (issue #12): each skill's mood cut as an editor would, the pace
deciding the length, a word about a length that makes photos a flash or a wait, scene
changes that differ from the cuts inside a scene, fades from and to black with the music,
end cards held long enough to read in the user's language, and text placed by the
renderer unless the user names a place. The last tests go through the real backend."""

from __future__ import annotations

from typing import Any

import pytest
from backend_helpers import Api, jpeg_bytes
from interpreter_api import InterpretContext, interpret

from nemo_skill.local.skill_info import recipe_for
from nemo_skill.models import Draft, MediaInfo


def photos(count: int, scenes: int = 1, portrait: bool = True) -> list[MediaInfo]:
    """``count`` photos in ``scenes`` groups of a different light (the builder's scenes)."""
    size = (1080, 1350) if portrait else (1600, 1200)
    return [
        MediaInfo(media_id=f"p{i:02d}", filename=f"{i}.jpg", file_type="image", width=size[0], height=size[1],
                  signature=[0.15 + 0.7 * ((i * scenes // count) % 2)] * 6)
        for i in range(count)
    ]  # fmt: skip


def make(message: str, skill: str | None, media: list[MediaInfo], lang: str = "en") -> Any:
    ctx = InterpretContext(draft=None, media=media, recipe=recipe_for(skill), language=lang)
    result = interpret(message, ctx)
    assert result.draft is not None, result.reply
    return result


def video(draft: Draft) -> list[Any]:
    return draft.tracks(0)[0].sg


def texts(draft: Draft) -> list[Any]:
    return [seg for track in draft.tracks(7) for seg in track.sg]


# --- taste per skill and mood -------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 12])
def test_the_wedding_skill_is_slow_soft_and_romantic(count: int) -> None:
    draft = make("make a wedding invitation video", "wedding-invitation-video", photos(count)).draft
    segs = video(draft)
    # 3.5-5 s a photo whatever the count (not 12 s for five, not 1.7 s for twelve), a beat either way.
    assert all(3500 - 840 <= seg.d <= 5000 + 840 for seg in segs[:-1]), [seg.d for seg in segs]
    assert all(seg.m.tr.name in ("fade", "dissolve") and seg.m.tr.d == 1000 for seg in segs[:-1])
    # A slow, gentle zoom, breathing in and out.
    assert {seg.m.kb.dir for seg in segs} == {"in", "out"} and max(seg.m.kb.amount for seg in segs) <= 0.08
    assert draft.tracks(1)[0].sg[0].src == "library:romantic"


@pytest.mark.parametrize("count", [5, 12])
def test_the_social_skill_is_quick_and_slides_on_the_beat(count: int) -> None:
    draft = make("turn these photos into a video", "free-photo-to-video-ai", photos(count)).draft
    segs = video(draft)
    assert all(1500 - 530 <= seg.d <= 2500 + 530 for seg in segs[:-1]), [seg.d for seg in segs]
    assert all(seg.m.tr.name == "slideleft" and seg.m.tr.d <= 400 for seg in segs[:-1])
    assert draft.t[0].m.beats is True


def test_the_photographer_skill_pushes_in_slowly_and_dips_to_black_between_scenes() -> None:
    draft = make("turn these photos into a video", "photographer-video", photos(8, scenes=2)).draft
    segs = video(draft)
    dirs = [seg.m.kb.dir for seg in segs]
    assert dirs.count("in") > 2 * dirs.count("out") and set(dirs) == {"in", "out"}
    changes = [i for i in range(len(segs) - 1) if segs[i].m.scene != segs[i + 1].m.scene]
    assert changes, "two scenes were drawn"
    for i, seg in enumerate(segs[:-1]):
        kind = seg.m.tr.name
        assert (kind == "fadeblack") == (i in changes), [s.m.tr.name for s in segs[:-1]]
    assert all(3000 - 940 <= seg.d <= 5000 + 940 for seg in segs[:-1])


@pytest.mark.parametrize(
    ("message", "inside", "between"),
    [("a romantic video", "fade", "fadeblack"), ("a dreamy video", "fade", "fadewhite"),
     ("an energetic video", "none", "slideleft"),
     ("a cinematic video", "fade", "fadeblack")],
)  # fmt: skip
def test_a_scene_change_gets_another_transition_than_a_cut_inside_a_scene(
    message: str, inside: str, between: str
) -> None:
    draft = make(message, "photographer-video", photos(8, scenes=2)).draft
    segs = video(draft)
    kinds = {
        (segs[i].m.scene != segs[i + 1].m.scene, segs[i].m.tr.name if segs[i].m.tr else "none")
        for i in range(len(segs) - 1)
    }
    assert kinds == {(False, inside), (True, between)}, kinds


def test_a_mood_word_when_the_video_is_made_sets_its_pace_not_a_colour_grade() -> None:
    romantic = make("a romantic video please", "free-photo-to-video-ai", photos(6)).draft
    assert all(seg.m.filter == "none" for seg in video(romantic))
    assert all(seg.d >= 3500 - 840 for seg in video(romantic)[:-1])
    assert romantic.t[0].m.style == "romantic" and romantic.m.fade_out == 2500
    energetic = make("an energetic video", "wedding-invitation-video", photos(6)).draft
    assert all(seg.d <= 2500 + 530 for seg in video(energetic)[:-1])
    assert all(seg.m.filter == "vivid" for seg in video(energetic)), "a look word grades the photos"


# --- the length and the words about it -----------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "lang", "count", "words"),
    [("make a 20-second video", "en", 24, ("too quick", 'say "make it 96 seconds"')),
     ("make a 60-second video", "en", 5, ("long for a still picture", 'say "make it 20 seconds"')),
     ("做一个20秒的视频", "zh", 24, ("太快了", "改成96秒")),
     ("做一个60秒的视频", "zh", 5, ("太久", "改成20秒"))],
)  # fmt: skip
def test_a_length_that_makes_photos_a_flash_or_a_wait_is_kept_and_the_reply_says_so(
    message: str, lang: str, count: int, words: tuple[str, str]
) -> None:
    result = make(message, None, photos(count, portrait=False), lang)
    assert result.draft.d == (20000 if "20" in message else 60000)
    for word in words:
        assert word in result.reply, result.reply


def test_a_sensible_length_gets_no_advice_and_an_edit_gets_it_too() -> None:
    result = make("make a 30-second video", None, photos(8, portrait=False))
    assert "too quick" not in result.reply and "still picture" not in result.reply
    later = interpret(
        "make it 4 seconds", InterpretContext(draft=result.draft, media=photos(8, portrait=False))
    )
    assert later.draft is not None and later.draft.d == 4000 and "too quick" in later.reply


# --- beginnings and endings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "skill", ["photographer-video", "free-photo-to-video-ai", "wedding-invitation-video"]
)
def test_a_new_video_fades_in_and_out_to_black_with_its_music(skill: str) -> None:
    draft = make("turn these photos into a video", skill, photos(6)).draft
    assert draft.m.fade_in and draft.m.fade_in <= 1200
    music = draft.tracks(1)[0].sg[0]
    assert draft.m.fade_out == music.m.fade_out and music.st + music.d == draft.d


@pytest.mark.parametrize(
    ("message", "lang", "card"),
    [("make a wedding invitation video", "en", "Save the date"), ("做一个婚礼邀请视频", "zh", "期待您的光临"),
     ("做一个20秒的竖屏婚礼邀请视频", "zh", "期待您的光临")],
)  # fmt: skip
def test_the_end_card_follows_the_users_language_and_holds_long_enough_to_read(
    message: str, lang: str, card: str
) -> None:
    draft = make(message, "wedding-invitation-video", photos(5), lang).draft
    (end,) = [seg for seg in texts(draft) if seg.m.role == "endcard"]
    assert end.m.text == card and end.st + end.d == draft.d
    # 1.5 s + 0.4 s a word (a Chinese character half a word), its fade-in, the fade to black.
    assert end.d == 1500 + 1200 + 500 + draft.m.fade_out
    if "20秒" in message:
        assert draft.d == 20000
    else:  # the last photo holds the card: it does not sit across a cut
        assert video(draft)[-1].d >= end.d


def test_a_longer_end_card_holds_longer_and_the_default_one_speaks_chinese() -> None:
    first = make("make a video", "photographer-video", photos(6)).draft
    short = interpret('end with "Thanks"', InterpretContext(draft=first, media=photos(6))).draft
    long = interpret(
        'end with "See you in Florence on the twelfth of June, with love"',
        InterpretContext(draft=first, media=photos(6)),
    ).draft
    (a,), (b,) = ([seg for seg in texts(d) if seg.m.role == "endcard"] for d in (short, long))
    assert b.d - a.d == 400 * 10  # eleven words against one
    zh = interpret("加一个片尾", InterpretContext(draft=first, media=photos(6), language="zh")).draft
    assert [seg.m.text for seg in texts(zh) if seg.m.role == "endcard"] == ["谢谢观看"]


def test_text_is_placed_by_the_renderer_unless_the_user_names_a_place() -> None:
    draft = make('a wedding invitation titled "Anna & Tom" with the caption "Lake Como"',
                 "wedding-invitation-video", photos(5)).draft  # fmt: skip
    assert texts(draft) and all(seg.m.pos is None for seg in texts(draft))
    moved = interpret("move the title to the top", InterpretContext(draft=draft, media=photos(5))).draft
    assert [seg.m.pos for seg in texts(moved) if seg.m.role == "title"] == ["top"]
    assert all(seg.m.pos is None for seg in texts(moved) if seg.m.role != "title")


# --- through the real backend -------------------------------------------------------------------------


class WeddingApi(Api):
    @property
    def headers(self) -> dict[str, str]:
        return {**super().headers, "X-Skill-Source": "wedding-invitation-video"}


@pytest.mark.parametrize(
    ("message", "lang"),
    [("做一个20秒的竖屏婚礼邀请视频，名字是安娜和汤姆，2027年6月12日", "zh"),
     ("a 20-second vertical invitation for Anna & Tom, June 12, 2027", "en")],
)  # fmt: skip
def test_a_20_second_invitation_through_the_backend(local_server: Any, message: str, lang: str) -> None:
    api = WeddingApi.new(local_server.url, language=lang)
    api.upload_ok(*[(f"{i}.jpg", jpeg_bytes(540, 960, color=(60 * i, 120, 170))) for i in range(5)])
    events = api.message(message)
    assert not [e for e in events if e.get("type") == "error"], events
    draft = api.state()["draft"]
    assert draft["d"] == 20000 and (draft["m"]["w"], draft["m"]["h"]) == (1080, 1920)
    assert draft["m"]["fade_in"] > 0 and draft["m"]["fade_out"] > 0
    cards = [
        seg["m"]["text"]
        for t in draft["t"]
        if t["tt"] == 7
        for seg in t["sg"]
        if seg["m"]["role"] == "endcard"
    ]
    assert cards == (["期待您的光临"] if lang == "zh" else ["Save the date"])
    assert not any("pos" in seg["m"] for t in draft["t"] if t["tt"] == 7 for seg in t["sg"])


def test_a_skill_default_with_no_length_is_paced_not_stretched(local_server: Any) -> None:
    """The wedding skill's own prompt on five photos: about 4-5 s each, not 12 s."""
    from nemo_skill.skills_registry import find_skill

    prompt = find_skill("wedding-invitation-video").manifest.settings.defaults.prompt
    api = WeddingApi.new(local_server.url)
    api.upload_ok(*[(f"{i}.jpg", jpeg_bytes(540, 960, color=(50 * i, 100, 150))) for i in range(5)])
    api.message(prompt)
    draft = api.state()["draft"]
    segs = next(t for t in draft["t"] if t["tt"] == 0)["sg"]
    assert all(3300 <= seg["d"] <= 5900 for seg in segs[:-1]), [seg["d"] for seg in segs]
    assert 20000 <= draft["d"] <= 32000


@pytest.mark.parametrize(
    ("message", "lang", "title"),
    [('invitation for "Anna & Tom", June 12, 2027', "en", "Anna & Tom"),
     ('a video of "Our Trip"', "en", "Our Trip"), ("做一个“安娜和汤姆”的婚礼请柬", "zh", "安娜和汤姆")],
)  # fmt: skip
def test_quoted_words_the_video_is_for_are_its_title(message: str, lang: str, title: str) -> None:
    """The CLI's own example ('invitation for "Anna & Tom", June 12, 2027') once lost its names."""
    result = make(message, "wedding-invitation-video", photos(5), lang)
    assert [seg.m.text for seg in texts(result.draft) if seg.m.role == "title"] == [title]
    assert not result.not_understood
