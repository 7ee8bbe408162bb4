"""Typed edits through apply_edits: all or none, every value checked, a bad edit named."""

from __future__ import annotations

from typing import Any

import pytest

from nemo_skill import EditError
from nemo_skill.interpreter import InterpretContext, apply_edits
from nemo_skill.interpreter.edits import EDIT_ADAPTER, EDIT_OPS, SetAspect, SetTransition
from nemo_skill.models import Draft, MediaInfo

PHOTOS = [
    MediaInfo(media_id=f"p{i}", filename=f"{i}.jpg", file_type="image", width=1600, height=1200)
    for i in range(1, 5)
]
SONG = MediaInfo(media_id="a1", filename="song.mp3", file_type="audio", duration=60.0)


def _draft(music: str = "library:cinematic") -> Draft:
    segs = [
        {"src": f"p{i}", "st": (i - 1) * 3000, "d": 3000,
         "m": {"tr": {"name": "fade", "d": 500}, "kb": {"on": True, "dir": "in", "amount": 0.1}}}
        for i in range(1, 5)
    ]  # fmt: skip
    del segs[-1]["m"]["tr"]
    tracks: list[dict[str, Any]] = [{"tt": 0, "sg": segs}]
    if music:
        tracks.append({"tt": 1, "m": {"vol": 0.35}, "sg": [{"src": music, "st": 0, "d": 12000}]})
    return Draft.model_validate({"d": 12000, "m": {"w": 1920, "h": 1080}, "t": tracks})


def _draft_of(photo_ms: int) -> Draft:
    segs = [{"src": f"p{i}", "d": photo_ms, "m": {"tr": {"name": "fade", "d": 500}}} for i in range(1, 5)]
    return Draft.model_validate({"d": photo_ms * 4, "t": [{"tt": 0, "sg": segs}]})


def _ctx(draft: Draft | None = None, media: list[MediaInfo] | None = None, **kw: Any) -> InterpretContext:
    return InterpretContext(draft=_draft() if draft is None else draft, media=media or PHOTOS, **kw)


def _srcs(draft: Draft) -> list[str]:
    return [seg.src or "" for seg in draft.tracks(0)[0].sg]


def test_every_op_is_one_model_of_the_union() -> None:
    assert len(EDIT_OPS) == len(set(EDIT_OPS)) >= 29
    for op in ("set_aspect", "set_length", "set_photo_duration", "set_transition", "set_music", "remove_music",
               "set_title", "set_filter", "move_photo", "remove_photo", "set_motion", "undo", "redo", "fade_in",
               "fade_out", "shuffle", "reverse"):  # fmt: skip
        assert op in EDIT_OPS
    assert isinstance(EDIT_ADAPTER.validate_python({"op": "set_aspect", "aspect": "9:16"}), SetAspect)


def test_a_batch_applies_in_order_and_costs_one() -> None:
    result = apply_edits(
        [{"op": "set_aspect", "aspect": "1:1"}, {"op": "set_length", "seconds": 20},
         SetTransition(name="fadeblack", seconds=1)],
        _ctx(),
    )  # fmt: skip
    assert result.cost == 1 and result.draft is not None
    draft = result.draft
    assert (draft.m.w, draft.m.h) == (1080, 1080) and draft.d == 20000
    assert {(seg.m.tr.name, seg.m.tr.d) for seg in draft.tracks(0)[0].sg[:-1] if seg.m.tr} == {
        ("fadeblack", 1000)
    }
    assert [event.name for event in result.events] == ["set_aspect", "set_length", "set_transition"]
    assert result.understood == ["1:1 frame", "20-second video", "1-second fades through black"]
    assert result.reply.endswith(".")


@pytest.mark.parametrize(
    ("edits", "named"),
    [
        ([{"op": "set_aspect", "aspect": "9:16"}, {"op": "set_aspect", "aspect": "7:3"}], "edit 2 (set_aspect): aspect"),
        ([{"op": "remove_photo", "photo": 0}], "edit 1 (remove_photo): photo"),
        ([{"op": "set_length", "seconds": -1}], "edit 1 (set_length): seconds"),
        ([{"op": "explode"}], "edit 1 (explode)"),
        ([{"op": "set_title", "text": "x", "color": "sparkly"}], "edit 1 (set_title): color"),
        ([{"op": "set_aspect", "aspect": "9:16"}, {"op": "remove_photo", "photo": 9}], "edit 2 (remove_photo): There are only 4"),
        ([{"op": "set_music", "media_id": "p1"}], "edit 1 (set_music): p1 is not an audio file"),
        ([{"op": "set_transition"}], "edit 1 (set_transition)"),
    ],
)  # fmt: skip
def test_a_bad_edit_is_named_and_nothing_changes(edits: list[dict[str, Any]], named: str) -> None:
    ctx = _ctx()
    before = ctx.draft.dump()  # type: ignore[union-attr]
    with pytest.raises(EditError) as raised:
        apply_edits(edits, ctx)
    assert str(raised.value).startswith(named), str(raised.value)
    assert "\n" not in str(raised.value) and "Traceback" not in str(raised.value)
    assert ctx.draft.dump() == before  # type: ignore[union-attr]


def test_positions_name_the_draft_as_it_was_before_the_batch() -> None:
    result = apply_edits([{"op": "remove_photo", "photo": 1}, {"op": "remove_photo", "photo": 2}], _ctx())
    assert result.draft is not None and _srcs(result.draft) == ["p3", "p4"]
    moved = apply_edits([{"op": "move_photo", "from": -1, "to": 2}, {"op": "set_photo_duration", "photo": 4,
                                                                          "seconds": 5}], _ctx())  # fmt: skip
    assert moved.draft is not None and _srcs(moved.draft) == ["p1", "p4", "p2", "p3"]
    assert [seg.d for seg in moved.draft.tracks(0)[0].sg] == [3000, 5000, 3000, 3000]
    gone = apply_edits(
        [{"op": "remove_photo", "photo": 2}, {"op": "set_filter", "name": "bw", "photo": "p3"}], _ctx()
    )
    assert gone.draft is not None and [seg.m.filter for seg in gone.draft.tracks(0)[0].sg] == [
        None,
        "bw",
        None,
    ]
    with pytest.raises(EditError, match="already removed"):
        apply_edits(
            [{"op": "remove_photo", "photo": 2}, {"op": "set_filter", "name": "bw", "photo": 2}], _ctx()
        )


def test_a_new_order_keeps_the_cuts_where_they_were() -> None:
    result = apply_edits([{"op": "move_photo", "from": -1, "to": 2}], _ctx())
    assert result.draft is not None
    assert [seg.m.tr is not None for seg in result.draft.tracks(0)[0].sg] == [True, True, True, False]


def test_values_out_of_the_drafts_range_are_clamped_with_a_sentence() -> None:
    long = apply_edits([{"op": "set_transition", "seconds": 8}], _ctx())
    assert long.draft is not None
    assert {seg.m.tr.d for seg in long.draft.tracks(0)[0].sg[:-1] if seg.m.tr} == {3000}
    assert "Each transition takes 3 seconds. That is the most these photos allow." in long.reply
    longest = apply_edits([{"op": "set_transition", "seconds": 8}], _ctx(draft=_draft_of(12000)))
    assert longest.draft is not None and "That is the longest a transition can be." in longest.reply
    short = apply_edits([{"op": "set_length", "seconds": 0.5}], _ctx())
    assert short.draft is not None and short.draft.d == 1200 and "too short for 4 items" in short.reply
    flash = apply_edits([{"op": "set_photo_duration", "seconds": 0.1}], _ctx())
    assert flash.draft is not None and {seg.d for seg in flash.draft.tracks(0)[0].sg} == {300}
    assert "at least 0.3 seconds" in flash.reply


def test_the_total_length_is_met_exactly() -> None:
    result = apply_edits([{"op": "set_length", "seconds": 20}], _ctx())
    assert result.draft is not None and sum(seg.d for seg in result.draft.tracks(0)[0].sg) == 20000
    assert result.draft.tracks(1)[0].sg[0].d == 20000


def test_a_style_keeps_the_users_song_unless_asked() -> None:
    ctx = _ctx(draft=_draft(music="a1"), media=[*PHOTOS, SONG])
    styled = apply_edits([{"op": "set_style", "name": "cinematic"}], ctx)
    assert styled.draft is not None and styled.draft.tracks(1)[0].sg[0].src == "a1"
    assert "Your own song keeps playing" in styled.reply
    # The cinematic taste's crossfade (defaults.TASTES), at every cut of a draft without scenes.
    assert {(seg.m.tr.name, seg.m.tr.d) for seg in styled.draft.tracks(0)[0].sg[:-1] if seg.m.tr} == {
        ("fade", 900)
    }
    replaced = apply_edits([{"op": "set_style", "name": "cinematic", "music": True}], ctx)
    assert replaced.draft is not None and replaced.draft.tracks(1)[0].sg[0].src == "library:cinematic"


def test_title_size_colour_and_place() -> None:
    titled = apply_edits([{"op": "set_title", "text": "Hello"}], _ctx()).draft
    assert titled is not None
    styled = apply_edits(
        [{"op": "set_title", "size_step": 1, "color": "gold", "position": "top"}], _ctx(draft=titled)
    ).draft
    assert styled is not None
    title = styled.tracks(7)[0].sg[0]
    assert (title.m.color, title.m.pos) == ("#FFD700", "top")
    assert title.m.size is not None and title.m.size > 0.085
    with pytest.raises(EditError, match="no title yet"):
        apply_edits([{"op": "set_title", "color": "gold"}], _ctx())


def test_generate_builds_first_and_may_only_come_first() -> None:
    made = apply_edits(
        [{"op": "generate"}, {"op": "set_length", "seconds": 10}], InterpretContext(None, PHOTOS)
    )
    assert made.cost == 5 and made.draft is not None and made.draft.d == 10000
    assert made.events[0].name == "generate_draft"
    with pytest.raises(EditError, match="no video yet"):
        apply_edits([{"op": "set_length", "seconds": 10}], InterpretContext(None, PHOTOS))
    with pytest.raises(EditError, match="only be the first"):
        apply_edits([{"op": "set_length", "seconds": 10}, {"op": "generate"}], _ctx())


def test_undo_and_redo_stand_alone() -> None:
    before, after = _draft(), _draft(music="")
    undone = apply_edits([{"op": "undo"}], InterpretContext(after, PHOTOS, previous_draft=before))
    assert undone.undo and undone.draft is not None and undone.draft.dump() == before.dump()
    redone = apply_edits([{"op": "redo"}], InterpretContext(before, PHOTOS, next_draft=after))
    assert redone.redo and redone.draft is not None and redone.draft.dump() == after.dump()
    with pytest.raises(EditError, match="nothing to redo"):
        apply_edits([{"op": "redo"}], _ctx())
    with pytest.raises(EditError, match="stands alone"):
        apply_edits([{"op": "undo"}, {"op": "reverse"}], _ctx(previous_draft=before))


def test_one_photo_moves_instead_of_a_transition() -> None:
    one = Draft.model_validate(
        {"d": 3000, "t": [{"tt": 0, "sg": [{"src": "p1", "d": 3000, "m": {"kb": {"on": False}}}]}]}
    )
    result = apply_edits([{"op": "set_transition", "name": "fade"}], _ctx(draft=one))
    assert result.draft is not None and result.draft.tracks(0)[0].sg[0].m.kb.on  # type: ignore[union-attr]
    assert "nothing to transition between" in result.reply


def test_nothing_to_change_costs_nothing() -> None:
    result = apply_edits([{"op": "set_aspect", "aspect": "16:9"}], _ctx())
    assert result.draft is None and result.cost == 0 and result.understood == ["16:9 frame"]


def test_a_copy_goes_to_the_place_and_the_original_stays() -> None:
    result = apply_edits([{"op": "move_photo", "from": 1, "to": "end", "copy": True}], _ctx())
    assert result.draft is not None and _srcs(result.draft) == ["p1", "p2", "p3", "p4", "p1"]
    photos = result.draft.tracks(0)[0].sg
    assert [seg.d for seg in photos] == [3000] * 5 and result.draft.d == 15000
    # The photo that was last gets the video's usual cut into the copy; the copy, last now, none.
    assert [seg.m.tr.name if seg.m.tr else None for seg in photos] == ["fade"] * 4 + [None]
    assert photos[0].m.tr is not photos[4].m.tr and photos[0] is not photos[4]
    assert "I put a copy of photo 1 at the end; the video is now 15 seconds long." in result.reply
    after = apply_edits([{"op": "move_photo", "from": [2, 3], "after": 1, "copy": True}], _ctx())
    assert after.draft is not None and _srcs(after.draft) == ["p1", "p2", "p3", "p2", "p3", "p4"]


def test_a_transition_after_named_items_changes_only_those() -> None:
    result = apply_edits([{"op": "set_transition", "name": "wipeleft", "seconds": 1, "after": 2}], _ctx())
    assert result.draft is not None
    cuts = [(seg.m.tr.name, seg.m.tr.d) if seg.m.tr else None for seg in result.draft.tracks(0)[0].sg]
    assert cuts == [("fade", 500), ("wipeleft", 1000), ("fade", 500), None]
    assert "After photo 2 the video changes with a wipe to the left (1 second)." in result.reply
    both = apply_edits([{"op": "set_transition", "name": "none", "after": [1, 3]}], _ctx())
    assert both.draft is not None
    assert [seg.m.tr.name if seg.m.tr else None for seg in both.draft.tracks(0)[0].sg] == [
        "none",
        "fade",
        "none",
        None,
    ]


def test_no_transition_comes_after_the_last_item() -> None:
    with pytest.raises(EditError, match="the end of the video, so no transition comes after it"):
        apply_edits([{"op": "set_transition", "name": "fade", "after": -1}], _ctx())


def test_only_a_caption_belongs_to_a_photo() -> None:
    with pytest.raises(EditError, match="only a caption belongs to a photo"):
        apply_edits([{"op": "remove_title", "role": "title", "photo": 2}], _ctx())
