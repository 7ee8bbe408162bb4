"""``Runtime.chat``: the skills' entry point in the Python API, against the real local backend.

The CLI's ``chat`` prints what this returns; here the routing and what each action
answers are checked without the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from nemo_skill import ChatResult, InputError, Runtime, UnsupportedFileType


def photo(folder: Path, name: str = "a.jpg") -> Path:
    path = folder / name
    Image.new("RGB", (320, 240), (200, 120, 60)).save(path, quality=85)
    return path


def test_each_free_action_answers_in_words_and_facts(client_env: Path, tmp_path: Path) -> None:
    with Runtime() as rt:
        credits = rt.chat("how many credits do I have?")
        assert isinstance(credits, ChatResult)
        assert (credits.action, credits.ok) == ("credits", True)
        assert credits.text.startswith("Credits: ") and credits.media == () and credits.output is None

        uploaded = rt.chat("here you go", attach=[photo(tmp_path)], new_session=True)
        assert uploaded.action == "upload" and [m.filename for m in uploaded.media] == ["a.jpg"]
        assert uploaded.text.startswith("Uploaded 1 file(s).")

        shown = rt.chat("show tracks")
        assert shown.action == "state" and shown.state is not None
        assert [m.filename for m in shown.state.video_infos] == ["a.jpg"]
        assert shown.timeline == "Timeline is empty: nothing has been made yet."


def test_an_edit_goes_to_the_editor_and_says_what_it_understood(client_env: Path, tmp_path: Path) -> None:
    with Runtime() as rt:
        done = rt.chat("make a video with these", attach=[photo(tmp_path)], new_session=True)
        assert done.action == "sse" and done.ok and done.reply is not None and done.reply.changed
        assert done.timeline is not None and done.timeline.startswith("Timeline (")
        refused = rt.chat("order me a pizza")
        assert refused.action == "sse" and refused.ok is False  # nothing understood: the user says more
        assert refused.reply is not None and refused.reply.not_understood


def test_bad_input_fails_before_anything_is_sent(client_env: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("not a photo", encoding="utf-8")
    with Runtime() as rt:
        with pytest.raises(InputError, match="nothing to upload"):
            rt.chat("upload")
        with pytest.raises(UnsupportedFileType, match="does not contain a JPG file"):
            rt.chat("add these", attach=[text])
    assert not (client_env / "token.json").exists()  # refused locally: no token was even fetched
