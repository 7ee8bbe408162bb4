"""The sessions the corpus talks to: six photos, sometimes a song, sometimes a first version.

The first version of an edit session is written out by hand (as the builder would
make it), so what an edit must leave alone is known without asking the interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass

from interpreter_api import InterpretContext

from nemo_skill.models import Draft, MediaInfo

from .wire import Wire

PHOTOS = [f"p{i}" for i in range(1, 7)]
SONG = "a1"
TITLE_TEXT = "Our Trip"
KB_DIRECTIONS = ("in", "out", "left", "right", "up", "down")
TRANSITION_MS = 700
CANVAS = {"16:9": (1920, 1080), "9:16": (1080, 1920)}


@dataclass(frozen=True)
class Session:
    """What the session holds before the message. ``drafted=False``: six photos and no video yet."""

    drafted: bool = True
    song: bool = False
    """An uploaded song; in a drafted session it is the music."""
    music: str | None = "cinematic"
    """The library mood of the first version's music; None = the music was turned off."""
    title: str | None = None
    filter: str = "none"
    aspect: str = "16:9"
    transition: str = "fade"
    photo_ms: int = 4000

    @property
    def kind(self) -> str:
        return "edit" if self.drafted else "first"


FRESH = Session(drafted=False)
FRESH_SONG = Session(drafted=False, song=True)
EDIT = Session()


def media(session: Session) -> list[MediaInfo]:
    items = [
        MediaInfo(
            media_id=src,
            filename=f"IMG_{100 + i}.jpg",
            file_type="image",
            width=1600,
            height=1200,
            taken_at=f"2027-06-12T{9 + i:02d}:00:00",
        )
        for i, src in enumerate(PHOTOS)
    ]
    if session.song:
        items.append(MediaInfo(media_id=SONG, filename="our-song.mp3", file_type="audio", duration=95.0))
    return items


def first_version(session: Session) -> Wire:
    w, h = CANVAS[session.aspect]
    segs: list[Wire] = []
    for i, src in enumerate(PHOTOS):
        meta: Wire = {
            "fit": "cover",
            "filter": session.filter,
            "kb": {"on": True, "dir": KB_DIRECTIONS[i], "amount": 0.08},
        }
        if i + 1 < len(PHOTOS):
            meta["tr"] = {"name": session.transition, "d": TRANSITION_MS}
        segs.append({"src": src, "st": i * session.photo_ms, "d": session.photo_ms, "m": meta})
    total = session.photo_ms * len(PHOTOS)
    tracks: list[Wire] = [{"tt": 0, "m": {"name": "Photos"}, "sg": segs}]
    music_meta: Wire = {"loop": True, "fade_in": 500, "fade_out": 2000}
    if session.song:
        tracks.append({"tt": 1, "m": {"name": "BGM", "vol": 0.8},
                       "sg": [{"src": SONG, "st": 0, "d": total, "m": music_meta}]})  # fmt: skip
    elif session.music:
        music_meta["mood"] = session.music
        tracks.append({"tt": 1, "m": {"name": "BGM", "vol": 0.8},
                       "sg": [{"src": f"library:{session.music}", "st": 0, "d": total, "m": music_meta}]})  # fmt: skip
    if session.title:
        tracks.append({"tt": 7, "m": {"name": "Text"},
                       "sg": [{"st": 0, "d": 3000, "m": {"text": session.title, "role": "title", "pos": "center",
                                                         "fade": 500}}]})  # fmt: skip
    return {"d": total, "m": {"w": w, "h": h, "fps": 30}, "t": tracks}


def context(session: Session, lang: str) -> InterpretContext:
    draft = Draft.model_validate(first_version(session)) if session.drafted else None
    return InterpretContext(draft=draft, media=media(session), previous_draft=None, language=lang)
