"""Music edits: a library mood or the uploaded song, volume, fades, removal."""

from __future__ import annotations

from ...models import LIBRARY_PREFIX, TRACK_AUDIO, Draft, Segment, SegmentMeta, Track, TrackMeta
from ..defaults import BUILD, MUSIC_MOODS
from ..edits import AddMusic, MusicFade, RemoveMusic, SetMusic, SetVolume
from ..timeline import audio_tracks
from .base import CannotDo, Env, Said, applies, seconds_en, seconds_zh


def music_track(src: str, mood: str | None, total: int, volume: float = BUILD.music_volume) -> Track:
    """A background-music track covering the whole video, looping, fading out."""
    meta = SegmentMeta(mood=mood, loop=True, fade_out=BUILD.music_fade_out_ms)
    return Track(
        tt=TRACK_AUDIO,
        m=TrackMeta(name="BGM", vol=volume),
        sg=[Segment(src=src, st=0, d=max(1, total), m=meta)],
    )


def background(draft: Draft) -> tuple[Track, Segment] | None:
    for track in audio_tracks(draft):
        if track.sg:
            return track, track.sg[0]
    return None


def plays_upload(draft: Draft, env: Env) -> bool:
    """True when the music playing is a song the user uploaded (never replaced unasked)."""
    found = background(draft)
    return found is not None and env.kind_of(found[1].src) == "audio"


def _require(draft: Draft) -> tuple[Track, Segment]:
    found = background(draft)
    if found is None:
        raise CannotDo(
            'There is no music yet; say "add romantic music" to add some.',
            "还没有音乐，可以说“加浪漫的音乐”来添加。",
        )
    return found


def uploaded_song(env: Env) -> str | None:
    return next((info.media_id for info in env.media_order if info.file_type == "audio"), None)


def set_source(draft: Draft, src: str, mood: str | None) -> None:
    found = background(draft)
    if found is None:
        draft.t.append(music_track(src, mood, draft.d))
        return
    _, seg = found
    seg.src = src
    seg.m.mood = mood
    seg.m.loop = True


def mood_zh(mood: str) -> str:
    return MUSIC_MOODS.get(mood, mood)


@applies("add_music")
def add_music(draft: Draft, edit: AddMusic, env: Env) -> Said:
    if background(draft) is not None:
        return Said("The video already has background music.", "视频已经有背景音乐了。", noop=True)
    uploaded = uploaded_song(env)
    if uploaded:
        set_source(draft, uploaded, None)
        return Said("Your uploaded track plays as background music.", "已用你上传的音乐作为背景音乐。")
    mood = env.recipe.mood
    set_source(draft, f"{LIBRARY_PREFIX}{mood}", mood)
    return Said(f"I added {mood} background music.", f"已添加{mood_zh(mood)}风格的背景音乐。")


@applies("set_music")
def set_music(draft: Draft, edit: SetMusic, env: Env) -> Said:
    if edit.media_id is not None:
        info = env.media.get(edit.media_id)
        if info is None or info.file_type != "audio":
            raise CannotDo(
                f"{edit.media_id} is not an audio file uploaded to this session.",
                f"{edit.media_id}不是这个会话里上传的音频文件。",
            )
        set_source(draft, edit.media_id, None)
        said = Said("Your uploaded track plays as background music.", "已用你上传的音乐作为背景音乐。")
    else:
        mood = str(edit.mood)
        if mood not in MUSIC_MOODS:
            raise CannotDo(
                f"There is no {mood} music in the library; choose {', '.join(MUSIC_MOODS)}.",
                f"音乐库里没有这种风格，可选：{'、'.join(MUSIC_MOODS.values())}。",
            )
        set_source(draft, f"{LIBRARY_PREFIX}{mood}", mood)
        said = Said(f"The background music is {mood}.", f"背景音乐换成了{mood_zh(mood)}风格。")
    if edit.volume is not None:
        track, _ = _require(draft)
        track.m.vol = round(edit.volume, 2)
        said = said.then(
            Said(f"It plays at {round(edit.volume * 100)}%.", f"音量{round(edit.volume * 100)}%。")
        )
    return said


@applies("set_volume")
def set_volume(draft: Draft, edit: SetVolume, env: Env) -> Said:
    track, _ = _require(draft)
    current = track.m.vol if track.m.vol is not None else 1.0
    volume = edit.volume if edit.volume is not None else current * float(edit.factor or 1)
    track.m.vol = round(max(0.0, min(1.0, volume)), 2)
    percent = round(track.m.vol * 100)
    said = Said(f"The music volume is {percent}%.", f"音乐音量调到了{percent}%。")
    if edit.factor is not None and edit.factor > 1 and volume > 1:
        said = said.then(Said("That is as loud as it goes.", "已经是最大音量。"))
    return said


@applies("music_fade")
def music_fade(draft: Draft, edit: MusicFade, env: Env) -> Said:
    _, seg = _require(draft)
    parts: list[Said] = []
    for key, seconds, en, zh in (
        ("fade_in", edit.fade_in, "fades in over the first", "在开头{}淡入"),
        ("fade_out", edit.fade_out, "fades out over the last", "在最后{}淡出"),
    ):
        if seconds is not None:
            ms = round(seconds * 1000)
            setattr(seg.m, key, ms)
            parts.append(Said(f"The music {en} {seconds_en(ms)}.", f"音乐{zh.format(seconds_zh(ms))}。"))
    return parts[0].then(*parts[1:])


@applies("remove_music")
def remove_music(draft: Draft, edit: RemoveMusic, env: Env) -> Said:
    if background(draft) is None:
        return Said("The video has no background music to remove.", "视频没有背景音乐。", noop=True)
    draft.t = [track for track in draft.t if track.tt != TRACK_AUDIO]
    return Said("I removed the background music.", "已去掉背景音乐。")
