"""The Python API against the REAL local backend (tests/conftest.py: ``client_env``)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from conftest import LocalServer
from PIL import Image

from nemo_skill import DraftError, ExportBlocked, InputError, InsufficientCredits
from nemo_skill.client._http import HttpClient
from nemo_skill.client.export import new_render_id, start_render
from nemo_skill.client.sessions import SessionRecord, SessionStore
from nemo_skill.runtime import RESTARTED, Runtime

SEEN: list[str] = []
"""Every text these tests produced (replies, notices, exception messages), scanned for tokens."""


def photos(folder: Path, count: int = 3, prefix: str = "photo_") -> list[Path]:
    """Small distinct JPEGs, 320x240."""
    out = []
    for i in range(count):
        path = folder / f"{prefix}{i}.jpg"
        Image.new("RGB", (320, 240), (60 * i % 255, 120, 200 - 40 * i % 200)).save(path, quality=85)
        out.append(path)
    return out


@pytest.fixture(autouse=True)
def no_token_in_anything(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture):  # type: ignore[no-untyped-def]
    """After each backend test: the token appears in no output, log or error text."""
    watched = "client_env" in request.fixturenames
    home = request.getfixturevalue("client_env") if watched else None
    server = request.getfixturevalue("local_server") if watched else None
    yield
    if home is None or server is None or not (home / "token.json").exists():
        return
    token = json.loads((home / "token.json").read_text())["token"]
    for text in [*SEEN, caplog.text, server.log()]:
        assert token not in text


def test_token_file_private_and_session_remembered(client_env: Path) -> None:
    with Runtime() as rt:
        credits = rt.credits()
        first = rt.session()
    assert credits.available == 100 and credits.total == 100
    token_file = client_env / "token.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(client_env.stat().st_mode) == 0o700
    assert stat.S_IMODE((client_env / "sessions.json").stat().st_mode) == 0o600
    with Runtime() as rt:  # a later process continues the same timeline
        assert rt.session().id == first.id
        assert rt.session(new=True).id != first.id
    with Runtime("photographer-video") as rt:  # one session per skill
        assert rt.session().id != first.id
    SEEN.append(repr(rt.http.token_record()))


def test_upload_state_and_silent_nothing_to_export(client_env: Path, tmp_path: Path) -> None:
    with Runtime() as rt:
        session = rt.session()
        media = session.upload(photos(tmp_path, 2))
        assert [m.filename for m in media] == ["photo_0.jpg", "photo_1.jpg"]
        assert all(m.file_type == "image" and (m.width, m.height) == (320, 240) for m in media)
        state = session.state()
        assert [m.media_id for m in state.video_infos] == [m.media_id for m in media]
        with pytest.raises(DraftError, match="nothing to export yet") as info:
            session.export(tmp_path / "out.mp4")
        SEEN.append(str(info.value))


def test_lost_session_restarts_and_says_so(client_env: Path, tmp_path: Path) -> None:
    with Runtime() as rt:
        rt.credits()
        SessionStore().put(rt.skill.name, rt.api.key, SessionRecord(session_id="s_gone"))
        session = rt.session()
        media = session.upload(photos(tmp_path, 1))
    assert session.id != "s_gone" and media
    assert session.notices == [RESTARTED]
    assert SessionStore().get(rt.skill.name, rt.api.key).session_id == session.id  # type: ignore[union-attr]


def test_edit_reply_and_silent_change_described(client_env: Path, tmp_path: Path) -> None:
    with Runtime() as rt:
        session = rt.session(new=True)
        session.upload(photos(tmp_path, 3))
        reply = session.send("turn these photos into a 3-second 480p video")
        assert reply.changed and reply.draft is not None and reply.draft.renderable
        assert reply.text and "click" not in reply.text.lower()
        again = session.send("make it square")
        assert again.changed and again.draft is not None and again.draft.m.h == again.draft.m.w
        assert "1:1" in again.text or "square" in again.text.lower()
        nothing = session.send("hello")
        assert not nothing.changed and nothing.text
        SEEN.extend([reply.text, again.text, nothing.text])


def test_402_when_attribution_headers_are_missing(client_env: Path, tmp_path: Path) -> None:
    with Runtime() as rt:
        session = rt.session(new=True)
        session.upload(photos(tmp_path, 1))
        draft = session.send("make a 1-second 480p video").draft
        assert draft is not None
        bare = HttpClient(rt.http.base_url, api_base_key=rt.api.key, skill_headers={})
        with pytest.raises(ExportBlocked) as info:
            start_render(bare, session.id, draft, quality="draft", render_id=new_render_id())
        bare.close()
    assert info.value.code == 402 and "register or upgrade your plan" in str(info.value)
    SEEN.append(str(info.value))


def test_2001_for_an_anonymous_user_shows_the_bind_link(client_env: Path, tmp_path: Path) -> None:
    from nemo_skill.client.messages import send_message

    with Runtime() as rt:
        session = rt.session(new=True)
        session.upload(photos(tmp_path, 1))
        session.send("make a video")
        user_id = rt.http.token_record().user_id
        # Spend the free credits on real edits (1 credit each), straight over SSE for speed.
        for i in range(120):
            try:
                send_message(rt.http, session.id, "make it square" if i % 2 else "make it 16:9")
            except InsufficientCredits:
                break
        assert rt.credits().available == 0
        with pytest.raises(InsufficientCredits) as info:
            session.send("add romantic music")
    error = info.value
    assert error.code == 2001 and error.exit_code == 1
    assert f"/register?bind={user_id}" in str(error)
    assert error.bind_url is not None and error.bind_url.endswith(f"bind={user_id}")
    SEEN.append(str(error))


@pytest.mark.slow
def test_export_resume_after_walking_away(client_env: Path, tmp_path: Path) -> None:
    import av

    out = tmp_path / "resumed.mp4"
    with Runtime() as rt:
        session = rt.session(new=True)
        session.upload(photos(tmp_path, 2))
        draft = session.send("make a 2-second 480p video").draft
        assert draft is not None

        def walk_away(label: str, fraction: float) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            session.export(out, progress=walk_away)
        assert not out.exists()
    with Runtime() as rt:
        again = rt.session()
        assert again.last_render_id is not None
        path = again.resume_export()
    assert path == out.resolve() and out.stat().st_size > 0
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (draft.m.w, draft.m.h)
        assert abs(float(container.duration / 1_000_000) - draft.d / 1000) < 0.25
    with Runtime() as rt, pytest.raises(InputError, match="already exists"):
        rt.session().resume_export()


def test_upload_streams_with_progress_and_batches_requests(
    client_env: Path, tmp_path: Path, local_server: LocalServer
) -> None:
    import numpy as np

    big = tmp_path / "big.jpg"
    noise = np.random.default_rng(1).integers(0, 255, (1500, 1500, 3), dtype=np.uint8)
    Image.fromarray(noise).save(big, quality=95)
    many = photos(tmp_path, 12)
    seen: list[tuple[str, float]] = []
    with Runtime() as rt:
        session = rt.session(new=True)
        uploads = f"/api/upload-video/nemo_agent/me/{session.id}"
        before = local_server.requests_logged(uploads)
        media = session.upload([big, *many], progress=lambda label, f: seen.append((label, f)))
    after = local_server.requests_logged(uploads)
    assert len(media) == 13 and media[0].filename == "big.jpg"
    assert after - before == 2  # 10 files per request at most
    during_big = [f for label, f in seen if label == "uploading big.jpg"]
    assert len(set(during_big)) > 5  # the big file moves the bar while it streams
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_refused_token_is_replaced_once_and_the_old_session_restarts(
    client_env: Path, tmp_path: Path
) -> None:
    with Runtime() as rt:
        old_session = rt.session()
        key = rt.api.key
    from nemo_skill.client.auth import Token, TokenRecord, TokenStore

    TokenStore().save(TokenRecord(Token("nemo_not_a_real_token_0123456789"), "c-old", "u-old", api_base=key))
    with Runtime() as rt:
        assert rt.credits().available == 100  # a real 1001, then a fresh anonymous token
        session = rt.session()
        assert session.id == old_session.id  # remembered, but it belongs to the old user ...
        session.state()
        assert session.id != old_session.id and session.notices == [RESTARTED]  # ... so it restarts
    stored = json.loads((client_env / "token.json").read_text())
    assert stored["token"] != "nemo_not_a_real_token_0123456789" and stored["client_id"] != "c-old"


@pytest.mark.slow
def test_url_upload(nemo_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from conftest import start_server

    site = tmp_path / "site"
    site.mkdir()
    photos(site, 1)
    quiet = type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    files = ThreadingHTTPServer(("127.0.0.1", 0), partial(quiet, directory=str(site)))
    threading.Thread(target=files.serve_forever, daemon=True).start()
    server = start_server(tmp_path / "data", "--allow-private-urls")
    try:
        monkeypatch.setenv("NEMO_API_BASE", server.url)
        url = f"http://127.0.0.1:{files.server_address[1]}/photo_0.jpg"
        with Runtime() as rt:
            media = rt.session().upload([url])
        assert (
            len(media) == 1
            and media[0].file_type == "image"
            and (media[0].width, media[0].height) == (320, 240)
        )
    finally:
        server.stop()
        files.shutdown()
        files.server_close()
