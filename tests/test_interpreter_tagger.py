"""The tagger alone: typed mentions with spans, and clauses that keep mentions whole."""

from __future__ import annotations

import pytest

from nemo_skill.interpreter.words.refs import Ref
from nemo_skill.interpreter.words.tagger import Words, tag


def _mentions(words: Words) -> list[tuple[str, object, str]]:
    """(kind, noun or value, the words) for every mention."""
    return [(m.kind, m.noun or m.value, words.text[m.start : m.end]) for m in words.mentions]


def _kinds(message: str) -> list[str]:
    return [m.kind for m in tag(message).mentions]


@pytest.mark.parametrize(
    ("message", "words", "senses"),
    [
        ("end with a fade to black", "fade to black", {"transition": "fadeblack", "fade": "out"}),
        ("make it black-and-white", "black-and-white", {"filter": "bw"}),
        ("1 second crossfades", "crossfades", {"transition": "fade"}),
        ("pixel dissolve transitions", "pixel dissolve", {"transition": "pixeldissolve"}),
        ("转场用淡入淡出", "淡入淡出", {"fade": "both", "transition": "fade"}),
        ("调成冷色调", "冷色调", {"filter": "cool"}),
        ("转场用闪黑", "闪黑", {"transition": "fadeblack", "fade": "out"}),
    ],
)
def test_the_longest_reading_wins(message: str, words: str, senses: dict[str, str]) -> None:
    tagged = tag(message)
    found = next(m for m in tagged.mentions if tagged.text[m.start : m.end] == words)
    assert found.senses == senses


def test_a_title_card_is_one_noun_not_a_title_and_a_card() -> None:
    tagged = tag('put "X" on the title card')
    assert [m.noun for m in tagged.mentions if m.kind == "lex"] == ["title"]
    assert tagged.text[tagged.mentions[-1].start : tagged.mentions[-1].end] == "title card"


@pytest.mark.parametrize(
    ("message", "kind", "value"),
    [
        ("9:16", "ratio", "9:16"),
        ("make it 4:5.", "ratio", "4:5"),
        ("make it 1:30", "duration", 90000),
        ("about half a minute", "duration", 30000),
        ("a minute and a half", "duration", 90000),
        ("2.5 seconds", "duration", 2500),
        ("每张三秒", "duration", 3000),
        ("music at 35%", "percent", 35.0),
        ("音量百分之三十", "percent", 30.0),
        ("export in 4K", "resolution", "2160p"),
        ("全高清", "resolution", "1080p"),
        ("60 fps", "fps", 60),
        ("make it square", "shape", "1:1"),
        ("portrait feed", "shape", "4:5"),
        ("for TikTok", "platform", "9:16"),
        ("for Instagram", "platform", "4:5"),
    ],
)
def test_values(message: str, kind: str, value: object) -> None:
    found = [m for m in tag(message).mentions if m.kind == kind]
    assert [m.value for m in found] == [value]


def test_portrait_photos_are_photos_not_a_shape() -> None:
    assert "shape" not in _kinds("turn my portrait photos into a video")


@pytest.mark.parametrize(
    ("message", "ref"),
    [
        ("remove the third photo", Ref("photo", (3,))),
        ("put the venue clip at the end", Ref("clip", ())),
        ("remove photos 2 and 5", Ref("photo", (2, 5))),
        ("删掉倒数第二张", Ref("photo", (-2,))),
        ("make it the second one", Ref("any", (2,))),
    ],
)
def test_references(message: str, ref: Ref) -> None:
    assert [m.value for m in tag(message).mentions if m.kind == "ref"] == [ref]


def test_a_video_is_the_whole_video_not_a_clip() -> None:
    assert "ref" not in _kinds("make a video") and "ref" not in _kinds("做一个视频")


@pytest.mark.parametrize(
    ("message", "role", "text"),
    [
        ("title: Our Wedding Day", "title", "Our Wedding Day"),
        ("加一个标题：我们结婚啦", "title", "我们结婚啦"),
        ("change the title to Summer in Lisbon", "title", "Summer in Lisbon"),
        ("and call it Summer in Lisbon", "title", "Summer in Lisbon"),
        ("标题改成我们的婚礼", "title", "我们的婚礼"),
    ],
)
def test_unquoted_words_for_the_screen(message: str, role: str, text: str) -> None:
    said = [m.value for m in tag(message).mentions if m.kind == "said"]
    assert said == [(role, text)]


@pytest.mark.parametrize("message", ["change the title to gold", "move the title to the top", "标题改成金色"])
def test_a_colour_or_a_place_is_not_a_title(message: str) -> None:
    assert "said" not in _kinds(message)


def test_quotes_are_mentions_and_keep_their_text() -> None:
    tagged = tag('add the title "Remove Photo 3" and 「删除第三张」')
    assert [m.value for m in tagged.mentions if m.kind == "quote"] == ["Remove Photo 3", "删除第三张"]
    assert "verb" not in [m.kind for m in tagged.mentions if m.start > 20]


def test_names_and_dates_keep_their_case() -> None:
    tagged = tag("our names are Anna & Tom and the date is June 12, 2027")
    assert [(m.kind, m.value) for m in tagged.mentions if m.kind in ("names", "date")] == [
        ("names", "Anna & Tom"),
        ("date", "June 12, 2027"),
    ]


def test_negation_and_scope_words() -> None:
    assert next((m.kind, m.value) for m in tag("no music").mentions) == ("neg", True)
    assert ("off", False) in [(m.kind, m.value) for m in tag("turn the music off").mentions]
    assert [m.value for m in tag("每张照片3秒").mentions if m.kind == "scope"] == ["each"]
    assert [m.value for m in tag("3 seconds per photo").mentions if m.kind == "scope"] == ["each"]
    assert [m.value for m in tag("end with a fade to black").mentions if m.kind == "scope"] == ["end"]


def test_clauses_split_at_joining_words_but_keep_mentions_whole() -> None:
    tagged = tag("make it 45 seconds long with dissolve transitions and remove photos 2 and 5")
    texts = [tagged.text[c.start : c.end].strip() for c in tagged.clauses]
    assert texts == ["make it 45 seconds long", "dissolve transitions", "remove photos 2 and 5"]
    # "with A and B": the list after "with" goes on.
    assert [c.lead for c in tagged.clauses] == ["", "with", "with"]
    assert [c.lead for c in tag("make it square, then add music").clauses] == ["", "then"]
    kept = tag("make it black and white with Anna & Tom")
    assert len(kept.clauses) == 2


def test_chinese_clauses() -> None:
    tagged = tag("每张照片3秒，转场1秒，然后加浪漫的音乐")
    assert len(tagged.clauses) == 3
    assert [m.clause for m in tagged.mentions if m.kind == "duration"] == [0, 1]


def test_every_mention_is_in_the_clause_it_says() -> None:
    tagged = tag("a 20-second video with fade transitions, background music and the title 'Hi'")
    for mention in tagged.mentions:
        clause = tagged.clauses[mention.clause]
        assert clause.start <= mention.start < max(clause.end, clause.start + 1)
        assert mention in clause.mentions


@pytest.mark.parametrize(
    "message", ["\ue000 ", 'add the title "\ue001" \ue000', "\ue0ff 3 seconds per photo"]
)
def test_private_use_characters_typed_by_a_user_are_not_taken_for_quotes(message: str) -> None:
    # The tagger stands a private-use character in for each quote; one the user typed
    # must not be looked up as a quote that was never lifted (an IndexError before).
    words = tag(message)
    placeholders = [ch for ch in words.text if "\ue000" <= ch <= "\ue0ff"]
    assert len(placeholders) == len(words.norm.quotes)
