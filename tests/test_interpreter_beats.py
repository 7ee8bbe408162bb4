"""Cuts on the beat (issue #12): the library tracks' own grids, an uploaded song's beats
found once at upload, the words that ask for it or turn it off, and re-snapping after
later edits. The last tests go through the real backend: a 93 BPM click track uploaded
with photos, every cut within one frame of a click."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from backend_helpers import SKILL_HEADERS, Api, jpeg_bytes
from interpreter_api import InterpretContext, SkillRecipe, interpret
from test_render_beats import click_track

from nemo_skill.models import Draft, MediaInfo
from nemo_skill.render.beats import library_beats
from nemo_skill.render.music import save_wav

FRAME_MS = 1000 / 30
UPBEAT = SkillRecipe(name="free-photo-to-video-ai", aspect="9:16", length_s=18, mood="upbeat",
                     transition="slideleft", motion="normal")  # fmt: skip
PHOTOS = [
    MediaInfo(media_id=f"p{i}", filename=f"{i}.jpg", file_type="image", width=1080, height=1920)
    for i in range(6)
]
BPM = 93.0
SONG = MediaInfo(
    media_id="a1",
    filename="click.wav",
    file_type="audio",
    duration=20.0,
    tempo_bpm=BPM,
    beats=[round(0.5 + k * 60 / BPM, 3) for k in range(30)],
)


def cuts(draft: Draft | dict[str, Any]) -> list[int]:
    """Every segment boundary on the video track (the ends of all but the last item)."""
    wire = draft.dump() if isinstance(draft, Draft) else draft
    segs = next(t for t in wire["t"] if t["tt"] == 0)["sg"]
    ends: list[int] = []
    at = 0
    for seg in segs[:-1]:
        at += seg["d"]
        ends.append(at)
    return ends


def off_beat(points: list[int], beats_ms: np.ndarray) -> list[float]:
    """How far each point is from the nearest beat, for those more than a frame away."""
    far = [float(np.abs(beats_ms - p).min()) for p in points]
    return [d for d in far if d > FRAME_MS]


def _first(message: str, media: list[MediaInfo], recipe: SkillRecipe = UPBEAT, lang: str = "en") -> Any:
    result = interpret(message, InterpretContext(draft=None, media=media, recipe=recipe, language=lang))
    assert result.draft is not None, result.reply
    return result


def _then(draft: Draft, message: str, media: list[MediaInfo], recipe: SkillRecipe = UPBEAT) -> Any:
    return interpret(message, InterpretContext(draft=draft, media=media, recipe=recipe))


def _song_beats(until_ms: float) -> np.ndarray:
    """The clicks of SONG as the renderer plays it: looped every 20 s."""
    one = np.array(SONG.beats or []) * 1000
    return np.concatenate([one + k * 20000 for k in range(int(until_ms // 20000) + 2)])


# --- pure interpreter ----------------------------------------------------------------------


@pytest.mark.parametrize("mood", ["upbeat", "romantic", "cinematic", "calm"])
def test_a_new_video_cuts_on_the_library_tracks_own_grid(mood: str) -> None:
    recipe = SkillRecipe(mood=mood, length_s=30)
    draft = _first("turn these photos into a video", PHOTOS, recipe).draft
    assert draft.t[0].m.beats is True
    grid = np.array(library_beats(mood, draft.d / 1000 + 5).beats_s) * 1000
    assert not off_beat(cuts(draft), grid), (cuts(draft), mood)


def test_a_new_video_cuts_on_an_uploaded_songs_beats_and_keeps_the_asked_length() -> None:
    result = _first("turn these photos into a 25-second video", [*PHOTOS, SONG])
    draft = result.draft
    assert draft.d == 25000 and sum(seg.d for seg in draft.t[0].sg) == 25000
    assert not off_beat(cuts(draft), _song_beats(draft.d))
    # The pace is what the length asked for, give or take a beat.
    assert all(abs(seg.d - 25000 / 6) <= 60000 / BPM for seg in draft.t[0].sg[:-1])


def test_a_song_shorter_than_the_video_loops_with_its_beats() -> None:
    draft = _first("turn these photos into a 50-second video", [*PHOTOS, SONG]).draft
    assert draft.d == 50000 and max(cuts(draft)) > 20000
    assert not off_beat(cuts(draft), _song_beats(draft.d))


def test_photos_quicker_than_the_beat_cut_on_the_off_beats_too() -> None:
    many = [MediaInfo(media_id=f"q{i}", filename=f"{i}.jpg", file_type="image", width=1080, height=1920)
            for i in range(24)]  # fmt: skip
    draft = _first("make a 10-second video", [*many, SONG]).draft
    assert draft.d == 10000 and len(draft.t[0].sg) == 24
    beats = _song_beats(draft.d)
    halves = np.sort(np.concatenate([beats, (beats[1:] + beats[:-1]) / 2]))
    assert not off_beat(cuts(draft), halves)
    assert min(seg.d for seg in draft.t[0].sg) >= 300


@pytest.mark.parametrize(
    "message",
    ["make it 40 seconds", "shuffle the photos", "reverse the order", "remove the second photo", "slower",
     "make photo 3 longer", "make it more energetic", "use romantic music"],
)  # fmt: skip
def test_later_edits_of_length_or_order_snap_again(message: str) -> None:
    media = [*PHOTOS, SONG] if "romantic" not in message else PHOTOS
    first = _first("turn these photos into a video", media).draft
    result = _then(first, message, media)
    assert result.draft is not None, result.reply
    draft = result.draft
    music = draft.tracks(1)[0].sg[0].src or ""
    if music.startswith("library:"):
        grid = np.array(library_beats(music.split(":")[1], draft.d / 1000 + 5).beats_s) * 1000
    else:
        grid = _song_beats(draft.d)
    assert draft.t[0].m.beats is True
    assert not off_beat(cuts(draft), grid), (message, cuts(draft))
    if message == "make it 40 seconds":
        assert draft.d == 40000


def test_snapping_twice_changes_nothing_and_one_photo_longer_leaves_the_others() -> None:
    first = _first("turn these photos into a video", [*PHOTOS, SONG]).draft
    again = _then(first, "cut to the beat", [*PHOTOS, SONG])
    assert again.draft is None and again.cost == 0 and "already" in again.reply
    longer = _then(first, "make photo 3 longer", [*PHOTOS, SONG]).draft
    before, after = [seg.d for seg in first.t[0].sg], [seg.d for seg in longer.t[0].sg]
    assert after[2] > before[2] and after[:2] + after[3:] == before[:2] + before[3:]


@pytest.mark.parametrize(
    ("message", "lang"),
    [("each photo 3 seconds", "en"), ("show the first photo for 6 seconds", "en"), ("每张照片3秒", "zh")],
)
def test_durations_the_user_fixes_are_kept_and_the_beat_lets_go(message: str, lang: str) -> None:
    first = _first("turn these photos into a video", [*PHOTOS, SONG]).draft
    result = interpret(
        message, InterpretContext(draft=first, media=[*PHOTOS, SONG], recipe=UPBEAT, language=lang)
    )
    assert result.draft is not None and result.draft.t[0].m.beats is False
    durations = [seg.d for seg in result.draft.t[0].sg]
    assert (3000 in durations) if "3" in message else durations[0] == 6000
    assert ("卡点" if lang == "zh" else "cut to the beat") in result.reply


@pytest.mark.parametrize(
    ("message", "on"),
    [("cut to the beat", True), ("sync the photos to the music", True), ("卡点", True), ("踩点", True),
     ("跟着音乐的节奏切换", True), ("ignore the beat", False), ("don't sync to the music", False),
     ("不要卡点", False), ("stop cutting on the beat", False)],
)  # fmt: skip
def test_the_words_for_the_beat(message: str, on: bool) -> None:
    first = _first("each photo 3 seconds", [*PHOTOS, SONG]).draft  # fixed durations: the beat is off
    synced = _then(first, "cut to the beat", [*PHOTOS, SONG]).draft
    start = first if on else synced
    result = _then(start, message, [*PHOTOS, SONG])
    assert result.draft is not None and result.cost == 1, result.reply
    assert result.draft.t[0].m.beats is on and not result.not_understood
    if on:
        assert not off_beat(cuts(result.draft), _song_beats(result.draft.d))
        assert "93" in result.reply
    else:
        assert [seg.d for seg in result.draft.t[0].sg] == [seg.d for seg in synced.t[0].sg]


def test_the_beat_is_asked_for_with_the_first_message_and_kept_across_edits() -> None:
    first = _first("each photo 3 seconds, cut to the beat", [*PHOTOS, SONG]).draft
    assert first.t[0].m.beats is True and not off_beat(cuts(first), _song_beats(first.d))
    later = _then(first, "make it 9:16 and add the title 'Summer'", [*PHOTOS, SONG]).draft
    assert later.t[0].m.beats is True and cuts(later) == cuts(first)


def test_a_song_without_a_steady_pulse_or_no_music_says_so() -> None:
    noise = SONG.model_copy(update={"tempo_bpm": 0.0, "beats": []})
    first = _first("each photo 3 seconds", [*PHOTOS, noise]).draft
    result = _then(first, "cut to the beat", [*PHOTOS, noise])
    assert "steady beat" in result.reply and [seg.d for seg in result.draft.t[0].sg] == [3000] * 6
    silent = _then(first, "remove the music", [*PHOTOS, noise]).draft
    refused = _then(silent, "cut to the beat", [*PHOTOS, noise])
    assert refused.draft is None and refused.cost == 0 and "no music" in refused.reply


# --- through the real backend -----------------------------------------------------------------


def _wav(samples: np.ndarray, rate: int, tmp_path: Any) -> bytes:
    path = tmp_path / "click.wav"
    save_wav(path, samples, rate)
    return path.read_bytes()


class SkillApi(Api):
    skill: str = "photographer-video"

    @property
    def headers(self) -> dict[str, str]:
        return {**super().headers, **SKILL_HEADERS, "X-Skill-Source": self.skill}


def _state_media(api: Api) -> list[dict[str, Any]]:
    return list(api.state()["video_infos"])


def test_a_93_bpm_click_track_uploaded_through_the_backend_puts_every_cut_on_a_click(
    local_server: Any, tmp_path: Any
) -> None:
    rate = 44_100
    samples, truth = click_track(BPM, 24.0, lead_in=0.4, rate=rate)
    api = Api.new(local_server.url)
    files = [(f"{i}.jpg", jpeg_bytes(color=(40 * i, 120, 160))) for i in range(6)]
    uploaded = api.upload_ok(*files, ("click.wav", _wav(samples, rate, tmp_path)))
    song = next(item for item in uploaded if item["file_type"] == "audio")
    # Found once at upload and kept with the media's info (upload answer and state alike).
    assert song["tempo_bpm"] == pytest.approx(BPM, rel=0.01)
    assert len(song["beats"]) >= len(truth) - 1
    assert next(i for i in _state_media(api) if i["file_type"] == "audio")["beats"] == song["beats"]
    events = api.message("turn these photos into a 30-second video")
    assert not [e for e in events if e.get("type") == "error"], events
    draft = api.state()["draft"]
    assert draft["d"] == 30000
    clicks = np.concatenate([truth * 1000 + k * 24000 for k in range(3)])  # the song loops
    assert not off_beat(cuts(draft), clicks), cuts(draft)
    # Later edits of the length re-snap, through the backend too.
    api.message("make it 40 seconds")
    later = api.state()["draft"]
    assert later["d"] == 40000 and not off_beat(cuts(later), clicks), cuts(later)


def test_a_library_mood_through_the_backend_cuts_on_its_grid(local_server: Any) -> None:
    api = SkillApi.new(local_server.url, session=False)
    api.skill = "free-photo-to-video-ai"
    api.session_id = api.new_session()
    api.upload_ok(*[(f"{i}.jpg", jpeg_bytes(color=(40 * i, 90, 160))) for i in range(7)])
    api.message("turn these photos into a video")
    draft = api.state()["draft"]
    music = next(t for t in draft["t"] if t["tt"] == 1)["sg"][0]["src"]
    assert music == "library:upbeat"
    grid = np.array(library_beats("upbeat", draft["d"] / 1000 + 5).beats_s) * 1000
    assert not off_beat(cuts(draft), grid), cuts(draft)


def test_a_song_without_a_pulse_uploads_without_beats(local_server: Any, tmp_path: Any) -> None:
    rng = np.random.default_rng(5)
    api = Api.new(local_server.url)
    (item,) = api.upload_ok(("hiss.wav", _wav(rng.normal(0, 0.1, 48000 * 4), 48000, tmp_path)))
    assert item["file_type"] == "audio" and item["beats"] == [] and item["tempo_bpm"] == 0
    (photo,) = api.upload_ok(("a.jpg", jpeg_bytes()))
    assert "beats" not in photo and "tempo_bpm" not in photo
