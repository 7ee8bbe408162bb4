"""Music: a mood said of the music, the uploaded song, volume ("at 35%", "quieter"),
off/on, "change the music" (which kind?), and music wanted ("with music")."""

from __future__ import annotations

import re

from ...ops.base import Said
from ..plan import Facts, Plan, loose
from ..tagger import Clause, Mention, Words
from .common import negated, turned_on, verbs

_UPLOADED = re.compile(
    r"\b(?:my|our)\s+(?:own\s+)?(?:uploaded\s+)?(?:song|track|music|audio|mp3|file|tune)"
    r"|\b(?:the|this|that)\s+(?:song|track|music|audio) (?:i|we) (?:uploaded|sent|added|gave you)"
    r"|\buploaded (?:song|track|music|audio)|用我(?:们)?(?:上传|发)?的|上传的(?:音乐|歌|歌曲|配乐|音频)|我的(?:音乐|歌)"
)
NO_SONG = Said(
    "I don't see an uploaded song yet; send an MP3, WAV, M4A or AAC file and ask again.",
    "还没有收到你上传的音乐，请先发送MP3、WAV、M4A或AAC文件。",
)
WHICH_MUSIC = Said(
    "What kind of music would you like: romantic, upbeat, cinematic, calm, lo-fi, sad, piano, jazz, acoustic or "
    "electronic?",
    "想换成什么风格的音乐：浪漫、欢快、电影感、舒缓、低保真、伤感、钢琴、爵士、原声吉他还是电子？",
)


def _volume(words: Words, plan: Plan, clause: Clause, nouns: list[Mention]) -> bool:
    percent = next((m for m in clause.mentions if m.kind == "percent" and not m.used), None)
    if percent is not None:
        plan.want("set_volume", percent, volume=round(min(100.0, percent.value) / 100, 3))
        words.use(percent, *nouns)
        return True
    for mod in clause.mentions:
        if mod.kind != "lex" or mod.used or mod.head not in nouns:
            continue
        factor = mod.senses.get("volume") or (0.7 if mod.senses.get("smoother") else None)
        if factor:
            plan.want("set_volume", mod, factor=round(factor, 4))
            words.use(mod, *nouns)
            return True
    return False


def _music(words: Words, plan: Plan, facts: Facts, clause: Clause, noun: Mention, levelled: bool) -> None:
    neg = negated(words, noun)
    if neg is not None:
        plan.want("remove_music", noun)
        words.use(noun, neg)
        return
    if _UPLOADED.search(words.text[clause.start : clause.end]):
        song = facts.uploaded_song
        if song is None:
            plan.refusals.append(NO_SONG)
        else:
            plan.want("set_music", noun, media_id=song)
        words.use(noun, *verbs(words, clause, "use", "add", "change", "make"))
        return
    moods = [
        m
        for m in clause.mentions
        if m.kind == "lex" and not m.used and m.head is noun and "music" in m.senses
    ]
    if moods:
        # "soft piano", "romantic jazz": the word that can only name music (the genre or
        # instrument) says which piece; the adjective beside it only describes it.
        moods.sort(key=lambda m: set(m.senses) != {"music"})
        plan.want("set_music", moods[0], mood=moods[0].senses["music"])
        words.use(noun, *moods, *verbs(words, clause, "add", "use", "change", "make", "move"))
        return
    on = turned_on(words, noun)
    changing = verbs(words, clause, "change")
    after = _kind_after(words, clause)
    if after is not None:
        # "a different song, maybe something more upbeat", "换一首歌，要浪漫一点的": the
        # kind came in the next clause, with no noun of its own to bind to.
        plan.want("set_music", after, mood=after.senses["music"])
        words.use(noun, after, *changing, *verbs(words, clause, "add", "use", "make", "move", "swap"))
        return
    if changing and not on:
        plan.asks.append(WHICH_MUSIC)
        words.use(noun, *changing)
        return
    adding = on or verbs(words, clause, "add", "use", "move") or clause.lead == "with" or facts.generating
    if adding and not (levelled and not on):
        plan.want("add_music", noun)
        words.use(noun, on, *verbs(words, clause, "add", "use", "move"))


def rule(words: Words, plan: Plan, facts: Facts) -> None:
    for clause in words.clauses:
        nouns = [m for m in clause.mentions if m.noun in ("music", "volume") and not m.used]
        if not nouns:
            continue
        volume_done = _volume(words, plan, clause, nouns)
        for noun in [m for m in nouns if m.noun == "music"]:
            _music(words, plan, facts, clause, noun, volume_done)
        if volume_done:
            words.use(*nouns)
    if not plan.wants("set_music"):
        # "jazz", "lo-fi please": a word that can only mean music.
        for mod in loose(words, "music"):
            if set(mod.senses) == {"music"}:
                plan.want("set_music", mod, mood=mod.senses["music"])
                words.use(mod)
                break

    if not plan.wishes and facts.draft is not None and facts.draft.tracks(1):
        # "quieter" on its own: the music is the only level the user can mean.
        levels = [m for m in loose(words, "volume") if len(words.mentions) <= 3]
        if levels:
            # "lower the volume to 30%": the level said wins over a step down.
            clause = words.clause_of(levels[0])
            percent = next((m for m in clause.mentions if m.kind == "percent" and not m.used), None)
            if percent is not None:
                plan.want("set_volume", percent, volume=round(min(100.0, percent.value) / 100, 3))
            else:
                plan.want("set_volume", levels[0], factor=round(levels[0].senses["volume"], 4))
            words.use(levels[0], percent)


def _kind_after(words: Words, clause: Clause) -> Mention | None:
    """A music kind said loose (no head) in the clause right after the music's."""
    if clause.index + 1 >= len(words.clauses):
        return None
    return next(iter(loose_in(words, "music", words.clauses[clause.index + 1])), None)


def loose_in(words: Words, sense: str, clause: Clause) -> list[Mention]:
    return [m for m in loose(words, sense) if m.clause == clause.index]


# Where in the song the music starts, and music for one photo: the draft has neither, so
# the reply says so. Read before the lengths: "start the music at 30 seconds" once made a
# 30-second video, "skip the first 10 seconds of the song" a 10-second one without music.
_SONG = r"(?:the\s+|my\s+|our\s+)?(?:music|song|track|soundtrack|audio|bgm)"
_SONG_OFFSET = re.compile(
    rf"\b(?:start|begin|play)s?\s+{_SONG}\s+(?:at|from|after)\b"
    rf"|\bskip\s+(?:the\s+)?(?:first\s+)?(?P<skip>[^,;.!?]{{1,30}}?)\s+of\s+{_SONG}\b"
    rf"|\b{_SONG}\s+(?:from|starting at|starting from)\s+(?=\d)"
    r"|(?:音乐|歌曲?|配乐)(?:从|在)[^，。,.]{1,12}?(?:开始|起)"
)
_FOR_A_PHOTO = re.compile(r"\b(?:on|for|from|during|over|under)\s+$")
NO_SONG_OFFSET = Said(
    "The music always plays from the start of the song, from the first photo; I can't start it later or skip "
    "into the song yet. I can change the song, its volume or its fades.",
    "音乐总是从歌曲开头、从第一张照片开始播放，暂时不能延后开始或跳过歌曲的开头。可以换歌、调音量或淡入淡出。",
)
MUSIC_WHOLE_VIDEO = Said(
    'The music plays under the whole video; I can\'t leave it out for one photo. Say "no music" to remove it, '
    'or "quieter music".',
    "音乐贯穿整个视频，不能只去掉某一张照片的音乐；可以说“不要音乐”或“音乐小声一点”。",
)


# A clip's own sound ("mute the clip", "make the clip louder"): no edit holds it yet. Once
# "mute the clip" removed the clip and "make the clip louder" raised the music.
_CLIP_SOUND = re.compile(
    r"\b(?:mute[sd]?|muting|unmute|silence|sound|audio|louder|quieter|volume)\b|静音|声音|原声|音量"
)
CLIP_SOUND = Said(
    "I can't change a clip's own sound yet: it plays under the music, which dips while the clip is heard. "
    'I can change the music\'s volume ("quieter music"), or remove the clip.',
    "暂时不能单独调整视频片段的原声：它和背景音乐一起播放，片段有声音时音乐会自动降低。可以调整背景音乐的音量，或删掉这个片段。",
)


def _clip_sound(words: Words, plan: Plan, clause: Clause) -> bool:
    clip = next((m for m in clause.mentions if m.kind == "ref" and m.value.kind == "clip"), None)
    if clip is None or not _CLIP_SOUND.search(words.text, clause.start, clause.end):
        return False
    if CLIP_SOUND not in plan.refusals:
        plan.refusals.append(CLIP_SOUND)
    words.use(*clause.mentions)  # nothing else of the clause applies: not the music, not a removal
    words.mark(clause.start, clause.end)
    return True


def timing_rule(words: Words, plan: Plan, facts: Facts) -> None:
    """What the music cannot do, said before another rule reads its words another way."""
    for clause in words.clauses:
        if _clip_sound(words, plan, clause):
            continue
        offset = _SONG_OFFSET.search(words.text, clause.start, clause.end)
        if offset is not None:
            plan.refusals.append(NO_SONG_OFFSET)
            inside = [m for m in clause.mentions if m.start >= offset.start()]
            words.use(
                *(m for m in inside if m.kind in ("duration", "neg", "verb", "number") or m.noun == "music")
            )
            words.mark(offset.start(), clause.end)
            continue
        for noun in (m for m in clause.mentions if m.noun == "music" and not m.used):
            neg = negated(words, noun)
            ref = next(
                (
                    m
                    for m in clause.mentions
                    if m.kind == "ref"
                    and m.start >= noun.end
                    and m.value.positions
                    and _FOR_A_PHOTO.search(words.text, noun.end, m.start)
                ),
                None,
            )
            if neg is not None and ref is not None:  # "no music on the first photo"
                plan.refusals.append(MUSIC_WHOLE_VIDEO)
                words.use(noun, neg, ref)
