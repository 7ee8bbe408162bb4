"""Music: add, change mood, volume, fade in/out, remove, use the uploaded track."""

from __future__ import annotations

import re
from typing import Any

from ...models import LIBRARY_PREFIX, TRACK_AUDIO, Draft, Segment, SegmentMeta, Track, TrackMeta
from ..extract import duration_in, percent_in
from ..message import Message
from ..ops import CannotDo, Clarify, Env, Op, Said, operation, seconds_en, seconds_zh
from ..timeline import audio_tracks
from ..words import DURATION, GAP
from . import ParseState

MOODS: dict[str, str] = {
    "romantic": r"romantic|romance|浪漫|爱情|温馨|甜蜜",
    "cinematic": r"cinematic|epic|orchestral|dramatic|film(?:ic)?|电影感?|史诗|大气|震撼",
    "upbeat": r"upbeat|happy|cheerful|energetic|fun|lively|uplifting|bright|欢快|轻快|活泼|动感|开心|愉快",
    "lofi": r"lo-?\s?fi|chill(?:ed)?|chillhop|低保真",
    "calm": r"calm|relaxing|peaceful|soft|gentle|ambient|quiet|安静|舒缓|轻柔|放松|平静",
    "sad": r"sad|melancholic|melancholy|emotional|touching|伤感|感人|忧伤",
    "piano": r"piano|钢琴",
    "jazz": r"jazz(?:y)?|爵士",
    "acoustic": r"acoustic|guitar|folk|吉他|民谣",
    "electronic": r"electronic|edm|techno|dance|电子",
}
MOODS_ZH = {
    "romantic": "浪漫", "cinematic": "电影感", "upbeat": "欢快", "lofi": "低保真", "calm": "舒缓", "sad": "伤感",
    "piano": "钢琴", "jazz": "爵士", "acoustic": "原声吉他", "electronic": "电子",
}  # fmt: skip
_MOOD_RE = {mood: re.compile(rf"(?<![a-z])(?:{words})(?![a-z])") for mood, words in MOODS.items()}
_NOUN = r"(?:\b(?:music|song|soundtrack|bgm|tune|track|audio|score|melody)s?\b|背景音乐|音乐|配乐|歌曲|歌|曲子|音轨|bgm)"
_VOLUME_NOUN = rf"(?:{_NOUN}|\bvolume\b|音量)"
_REMOVE = (
    rf"\b(?:remove|delete|drop|no|without|turn off|get rid of|mute|kill|lose|stop)\b\s+(?:the\s+|any\s+|all\s+)?(?:background\s+)?{_NOUN}",
    rf"(?:去掉|删除|删掉|不要|关掉|关闭|移除|取消|静音)(?:背景)?{_NOUN}",
    rf"{_NOUN}(?:不要了|去掉|删掉)",
)
_UPLOADED = (
    r"\b(?:use|play|put|add|with)\b\s+(?:my|our|the uploaded|the|this|that)\s+(?:own\s+|uploaded\s+)?(?:song|track|music|audio|mp3|file)\b(?!\s+(?:from|in)\s+the\s+library)",
    r"\b(?:the|my)\s+(?:song|track|music|audio) (?:i|we) (?:uploaded|sent|added)\b",
    r"用我(?:们)?(?:上传|发)?的(?:音乐|歌|歌曲|配乐|音频)|用上传的(?:音乐|歌|歌曲|配乐|音频)",
)
_FADE_OUT = (
    rf"\bfade(?:s)?\s+(?:the\s+)?{_NOUN}\s+out\b|\bfade\s+out\s+(?:the\s+)?{_NOUN}|{_NOUN}{GAP}\bfade(?:s)?\s*(?:-\s*)?out\b",
    rf"{_NOUN}{GAP}(?:淡出|渐弱|渐隐)|(?:淡出|渐弱){_NOUN}",
)
_FADE_IN = (
    rf"\bfade(?:s)?\s+(?:the\s+)?{_NOUN}\s+in\b|\bfade\s+in\s+(?:the\s+)?{_NOUN}|{_NOUN}{GAP}\bfade(?:s)?\s*(?:-\s*)?in\b",
    rf"{_NOUN}{GAP}(?:淡入|渐强)",
)
_QUIETER = r"\b(?:quieter|softer|lower|less loud|turn (?:it |the \w+ )?down|down a bit|too loud)\b|小声|小一?点|调低|降低|轻一?点|太大声|太吵"
_LOUDER = r"\b(?:louder|higher|turn (?:it |the \w+ )?up|up a bit|too quiet|more volume)\b|大声|大一?点|调高|提高|响一?点|太小声"
_CHANGE = rf"\b(?:change|switch|swap|replace|different|another|new)\b{GAP}{_NOUN}|{_NOUN}{GAP}\b(?:change|switch|swap|replace)\b|换(?:一|个|首|掉)*{_NOUN}|{_NOUN}换"
_ADD = rf"\b(?:add|put|include|with|need|want|play|give (?:it|me))\b{GAP}{_NOUN}|(?:加上|加入|添加|加点|加个|加|配上|配|要|带)(?:点|一些|个|首)?(?:背景)?{_NOUN}"
# "make it more romantic" / "浪漫一点": a mood on its own can only mean the music.
_FEEL = (
    r"^\W*(?:(?:please\s+)?make (?:it|the video)|i want it|something|it should (?:be|feel))\s+(?:feel\s+)?"
    r"(?:more\s+|a bit more\s+)?(?P<mood>[a-z -]+?)\W*$"
    r"|^\W*(?:更|再)?(?P<zmood>[\u4e00-\u9fff]{2,3})一?(?:点|些)\W*$"
    r"|^\W*(?P<bare>[a-z][a-z -]{2,18}?)(?:\s+(?:music|please|vibe|feel))?\W*$"
)
_QUIETER_ALONE = rf"^\W*(?:make it |turn it |a bit |a little )?(?:{_QUIETER})\W*$"
_LOUDER_ALONE = rf"^\W*(?:make it |turn it |a bit |a little )?(?:{_LOUDER})\W*$"
DEFAULT_VOLUME = 0.35
DEFAULT_FADE_MS = 2000
QUIETER_FACTOR = 0.7


def _mood_in(text: str) -> str | None:
    hits = [(match.start(), mood) for mood, pattern in _MOOD_RE.items() if (match := pattern.search(text))]
    return min(hits)[1] if hits else None


def _music_mood_in(clause: str) -> str | None:
    """The mood said of the music itself ("a cinematic video with romantic music" is
    romantic), else the first mood in the clause."""
    hits = [
        (match.start(), mood)
        for mood, words in MOODS.items()
        if (
            match := re.search(
                rf"(?<![a-z])(?:{words})(?![a-z])\s*的?\s*(?:background\s+|背景)?{_NOUN}", clause
            )
        )
    ]
    return min(hits)[1] if hits else _mood_in(clause)


def parse(msg: Message, state: ParseState) -> list[Op]:
    for pattern in _REMOVE:
        if msg.take(pattern):
            return [Op("remove_music", {})]
    ops: list[Op] = []
    for pattern in _UPLOADED:
        if msg.take(pattern):
            ops.append(Op("use_uploaded_music", {}))
            break
    for patterns, key in ((_FADE_OUT, "fade_out"), (_FADE_IN, "fade_in")):
        for pattern in patterns:
            match = msg.take(pattern)
            if match:
                ms = DEFAULT_FADE_MS
                probe = re.search(DURATION, msg.text[match.end() : match.end() + 25])
                if probe:
                    ms = int(duration_in(probe.group(0)) or DEFAULT_FADE_MS)
                    msg.consume_span(match.end() + probe.start(), match.end() + probe.end())
                ops.append(Op("set_music_fade", {key: ms}))
                break
    for clause in list(msg.clauses()):
        ops.extend(_parse_clause(msg, clause, state))
    feel = msg.find(_FEEL)
    if not ops and feel:
        mood = _mood_in(feel.group("mood") or feel.group("zmood") or feel.group("bare") or "")
        if mood:
            msg.consume(feel)
            ops.append(Op("set_music_mood", {"mood": mood}))
    if not ops and state.draft is not None and _bgm(state.draft) is not None:
        # "quieter" on its own: the music is the only level the user can mean.
        if msg.take(_QUIETER_ALONE):
            ops.append(Op("set_music_volume", {"factor": QUIETER_FACTOR}))
        elif msg.take(_LOUDER_ALONE):
            ops.append(Op("set_music_volume", {"factor": round(1 / QUIETER_FACTOR, 4)}))
    return ops


def _parse_clause(msg: Message, clause: str, state: ParseState) -> list[Op]:
    ops: list[Op] = []
    has_noun = re.search(_NOUN, clause) is not None
    has_volume = re.search(_VOLUME_NOUN, clause) is not None
    offset = msg.text.find(clause)
    if has_volume and offset >= 0:
        percent = percent_in(clause)
        if percent is not None:
            ops.append(Op("set_music_volume", {"vol": round(min(100.0, percent) / 100, 3)}))
        elif re.search(_QUIETER, clause):
            ops.append(Op("set_music_volume", {"factor": QUIETER_FACTOR}))
        elif re.search(_LOUDER, clause):
            ops.append(Op("set_music_volume", {"factor": round(1 / QUIETER_FACTOR, 4)}))
    if has_noun:
        mood = _music_mood_in(clause)
        if mood:
            ops.append(Op("set_music_mood", {"mood": mood}))
        elif re.search(_CHANGE, clause):
            ops.append(Op("set_music_mood", {"mood": None}))
        elif re.search(_ADD, clause) or state.generating:
            ops.append(Op("add_music", {}))
    if ops and offset >= 0:
        # Only the words about music are used up: "a 2-second video with music" still
        # has its length for the timing handler.
        start, end = _music_words_span(clause)
        msg.consume_span(offset + start, offset + end)
    return ops


def _music_words_span(clause: str) -> tuple[int, int]:
    """From the first to the last word of the clause that speaks about the music."""
    patterns = [_NOUN, _VOLUME_NOUN, _CHANGE, _ADD, _QUIETER, _LOUDER, r"\d+(?:\.\d+)?\s*%|百分之\S+"]
    patterns += [pattern.pattern for pattern in _MOOD_RE.values()]
    spans = [m.span() for pattern in patterns for m in re.finditer(pattern, clause)]
    if not spans:
        return 0, len(clause)
    return min(s for s, _ in spans), max(e for _, e in spans)


def _bgm(draft: Draft) -> tuple[Track, Segment] | None:
    for track in audio_tracks(draft):
        if track.sg:
            return track, track.sg[0]
    return None


def _require_bgm(draft: Draft) -> tuple[Track, Segment]:
    found = _bgm(draft)
    if found is None:
        raise CannotDo(
            'There is no music yet; say "add romantic music" to add some.',
            "还没有音乐，可以说“加浪漫的音乐”来添加。",
        )
    return found


def music_track(src: str, mood: str | None, total: int, volume: float = DEFAULT_VOLUME) -> Track:
    """A background-music track covering the whole video, looping, fading out."""
    meta = SegmentMeta(mood=mood, loop=True, fade_out=DEFAULT_FADE_MS)
    return Track(
        tt=TRACK_AUDIO,
        m=TrackMeta(name="BGM", vol=volume),
        sg=[Segment(src=src, st=0, d=max(1, total), m=meta)],
    )


def _uploaded_audio(env: Env) -> str | None:
    for info in env.media_order:
        if info.file_type == "audio":
            return info.media_id
    return None


def _set_source(draft: Draft, src: str, mood: str | None) -> None:
    found = _bgm(draft)
    if found is None:
        draft.t.append(music_track(src, mood, draft.d))
        return
    _, seg = found
    seg.src = src
    seg.m.mood = mood
    seg.m.loop = True


@operation("add_music")
def add_music(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    if _bgm(draft) is not None:
        return Said("The video already has background music.", "视频已经有背景音乐了。", noop=True)
    uploaded = _uploaded_audio(env)
    if uploaded:
        _set_source(draft, uploaded, None)
        return Said("Your uploaded track plays as background music.", "已用你上传的音乐作为背景音乐。")
    mood = env.recipe.mood
    _set_source(draft, f"{LIBRARY_PREFIX}{mood}", mood)
    return Said(f"I added {mood} background music.", f"已添加{MOODS_ZH.get(mood, mood)}风格的背景音乐。")


@operation("set_music_mood")
def set_music_mood(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    mood = args.get("mood")
    if not mood:
        raise Clarify(
            "What kind of music would you like: romantic, upbeat, cinematic, calm, lo-fi, sad, piano, jazz, "
            "acoustic or electronic?",
            "想换成什么风格的音乐：浪漫、欢快、电影感、舒缓、低保真、伤感、钢琴、爵士、原声吉他还是电子？",
        )
    _set_source(draft, f"{LIBRARY_PREFIX}{mood}", str(mood))
    return Said(f"The background music is {mood}.", f"背景音乐换成了{MOODS_ZH.get(str(mood), mood)}风格。")


@operation("set_music_volume")
def set_music_volume(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    track, _ = _require_bgm(draft)
    current = track.m.vol if track.m.vol is not None else 1.0
    volume = float(args["vol"]) if "vol" in args else current * float(args["factor"])
    track.m.vol = round(max(0.0, min(1.0, volume)), 2)
    percent = round(track.m.vol * 100)
    return Said(f"The music volume is {percent}%.", f"音乐音量调到了{percent}%。")


@operation("set_music_fade")
def set_music_fade(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    _, seg = _require_bgm(draft)
    if "fade_out" in args:
        seg.m.fade_out = int(args["fade_out"])
        return Said(
            f"The music fades out over the last {seconds_en(seg.m.fade_out)}.",
            f"音乐在最后{seconds_zh(seg.m.fade_out)}淡出。",
        )
    seg.m.fade_in = int(args["fade_in"])
    return Said(
        f"The music fades in over the first {seconds_en(seg.m.fade_in)}.",
        f"音乐在开头{seconds_zh(seg.m.fade_in)}淡入。",
    )


@operation("remove_music")
def remove_music(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    if _bgm(draft) is None:
        return Said("The video has no background music to remove.", "视频没有背景音乐。", noop=True)
    draft.t = [track for track in draft.t if track.tt != TRACK_AUDIO]
    return Said("I removed the background music.", "已去掉背景音乐。")


@operation("use_uploaded_music")
def use_uploaded_music(draft: Draft, args: dict[str, Any], env: Env) -> Said:
    uploaded = _uploaded_audio(env)
    if uploaded is None:
        raise CannotDo(
            "I don't see an uploaded song yet; send an MP3, WAV, M4A or AAC file and ask again.",
            "还没有收到你上传的音乐，请先发送MP3、WAV、M4A或AAC文件。",
        )
    _set_source(draft, uploaded, None)
    return Said("Your uploaded track plays as background music.", "已用你上传的音乐作为背景音乐。")
