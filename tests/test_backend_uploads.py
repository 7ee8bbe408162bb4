"""Local backend uploads: multipart streaming, type by content, probes, limits, URLs."""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from backend_helpers import Api, jpeg_bytes, mp4_file, png_bytes, wav_bytes
from conftest import LocalServer, start_server


def _tmp_files(server: LocalServer) -> list[Path]:
    return [p for p in (server.data_dir / "tmp").iterdir()]


def test_several_files_in_one_request_stored_by_content_hash(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    photo = jpeg_bytes(80, 60, orientation=6, taken_at="2024:06:01 10:20:30")
    files = api.upload_ok(("holiday.jpg", photo), ("logo.png", png_bytes()), ("song.wav", wav_bytes(1.0)))
    assert [f["file_type"] for f in files] == ["image", "image", "audio"]
    rotated = files[0]
    # EXIF orientation 6 turns an 80x60 landscape into a 60x80 portrait on screen.
    assert (rotated["width"], rotated["height"]) == (60, 80)
    assert rotated["taken_at"] == "2024-06-01T10:20:30"
    assert len(rotated["signature"]) == 6 and all(0 <= v <= 1 for v in rotated["signature"])
    assert rotated["hash"] == hashlib.sha256(photo).hexdigest() and rotated["size"] == len(photo)
    assert files[2]["duration"] == pytest.approx(1.0, abs=0.05)
    on_disk = {p.name for p in (local_server.data_dir / "media").iterdir()}
    assert f"{rotated['hash']}.jpg" in on_disk
    assert not any("holiday" in name for name in on_disk)
    state = api.state()
    assert [m["media_id"] for m in state["video_infos"]] == [f["media_id"] for f in files]


def test_video_is_probed_with_duration_fps_and_audio(local_server: LocalServer, tmp_path: Path) -> None:
    clip = mp4_file(tmp_path / "clip.mp4", seconds=1.0, fps=10)
    api = Api.new(local_server.url)
    (info,) = api.upload_ok(("venue.mov", clip.read_bytes()))
    assert info["file_type"] == "video"
    assert (info["width"], info["height"]) == (64, 48)
    assert info["fps"] == pytest.approx(10, abs=0.01)
    assert info["duration"] == pytest.approx(1.0, abs=0.15)
    assert info["has_audio"] is True


def test_signed_media_url_downloads_without_token_and_tampering_fails(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    photo = jpeg_bytes()
    (info,) = api.upload_ok(("a.jpg", photo))
    assert httpx.get(info["url"]).content == photo
    deadline = time.monotonic() + 5  # the access line is written just after the response
    while "GET /media/***" not in local_server.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "GET /media/*** 200" in local_server.log()
    assert info["url"].split("/media/")[1] not in local_server.log()
    payload, mac = info["url"].rsplit(".", 1)
    forged = httpx.get(f"{payload}.{'A' * len(mac)}")
    assert forged.status_code == 404 and forged.json()["code"] == 404


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels but holds one tiny compressed row."""
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = lambda kind, data: (  # noqa: E731
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    )
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 100))


def test_decompression_bomb_is_refused_before_decoding(local_server: LocalServer) -> None:
    response = Api.new(local_server.url).upload(("bomb.png", png_header(30000, 30000)))  # 900 MP
    assert response.status_code == 415 and "too many pixels" in response.json()["message"]


def test_upload_refuses_what_the_renderer_would_refuse(local_server: LocalServer) -> None:
    """A 63 MP PNG is over the renderer's 50 MP limit for non-JPEG photos: refused now,
    naming the user's file, not at export."""
    from nemo_skill.render.images import MAX_PIXELS_OTHER

    assert MAX_PIXELS_OTHER < 9000 * 7000
    response = Api.new(local_server.url).upload(("big.png", png_header(9000, 7000)))
    body = response.json()
    assert (
        response.status_code == 415
        and "'big.png'" in body["message"]
        and "over 50 megapixels" in body["message"]
    )


def test_upload_limit_comes_from_the_skill_manifest() -> None:
    from nemo_skill.local.skill_info import MB, upload_limit_bytes

    assert upload_limit_bytes("free-photo-to-video-ai", None) == 200 * MB
    assert upload_limit_bytes("photographer-video", None) == 500 * MB
    assert upload_limit_bytes("no-such-skill", None) == 500 * MB
    assert upload_limit_bytes("../skills/free-photo-to-video-ai", None) == 500 * MB  # a path is not a name
    assert upload_limit_bytes("free-photo-to-video-ai", 3) == 3 * MB


def test_empty_file_is_refused(local_server: LocalServer) -> None:
    response = Api.new(local_server.url).upload(("empty.jpg", b""))
    assert response.status_code == 415
    assert response.json()["code"] == 4001 and "empty" in response.json()["message"]


def test_truncated_jpeg_is_refused(local_server: LocalServer) -> None:
    photo = jpeg_bytes(400, 300)
    response = Api.new(local_server.url).upload(("cut.jpg", photo[: len(photo) // 2]))
    assert response.status_code == 415 and response.json()["code"] == 4001
    assert "cut.jpg" in response.json()["message"]
    assert not _tmp_files(local_server)


def test_text_file_named_jpg_is_refused(local_server: LocalServer) -> None:
    response = Api.new(local_server.url).upload(("photo.jpg", b"hello, I am just text\n" * 10))
    body = response.json()
    assert response.status_code == 415 and body["code"] == 4001
    assert "jpg" in body["message"] and "content" in body["message"]


def test_one_bad_file_stores_nothing_of_the_request(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    response = api.upload(("good.jpg", jpeg_bytes(33, 33)), ("bad.jpg", b"not a photo"))
    assert response.json()["code"] == 4001
    assert api.state()["video_infos"] == []


def test_a_bad_file_among_files_probed_as_they_arrive_stores_nothing(local_server: LocalServer) -> None:
    """Each file is probed while the next arrives: a bad one, wherever it is, still
    leaves nothing stored, no temp file, and names itself (not a later good file)."""
    api = Api.new(local_server.url)
    media_before = set((local_server.data_dir / "media").iterdir())
    goods = [(f"good{i}.jpg", jpeg_bytes(200 + i, 150, (i * 20, 90, 160))) for i in range(6)]
    for position in (0, 3, 6):
        files = [*goods[:position], ("broken.jpg", jpeg_bytes(300, 200)[:500]), *goods[position:]]
        response = api.upload(*files)
        assert response.status_code == 415, response.text
        assert "'broken.jpg'" in response.json()["message"]
        assert api.state()["video_infos"] == []
        assert set((local_server.data_dir / "media").iterdir()) == media_before
        assert not _tmp_files(local_server)
    stored = api.upload_ok(*goods)  # the same good files are then taken, in their order
    assert [f["filename"] for f in stored] == [name for name, _ in goods]


def test_zero_byte_multipart_is_400(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    path = f"/api/upload-video/nemo_agent/me/{api.session_id}"
    headers = {**api.headers, "Content-Type": "multipart/form-data; boundary=xyz"}
    response = api.post(path, content=b"", headers=headers)
    assert response.status_code == 400 and "files" in response.json()["message"]
    no_boundary = api.post(path, content=b"", headers={**api.headers, "Content-Type": "multipart/form-data"})
    assert no_boundary.status_code == 400 and "boundary" in no_boundary.json()["message"]


def _raw_multipart(parts: list[tuple[bytes, bytes]], boundary: bytes = b"b0undary") -> bytes:
    """A multipart body built by hand: httpx would percent-encode the hostile bytes we want to send."""
    body = b""
    for name, content in parts:
        body += b"--" + boundary + b"\r\n"
        body += b'Content-Disposition: form-data; name="files"; filename="' + name + b'"\r\n'
        body += b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n"
    return body + b"--" + boundary + b"--\r\n"


def test_hostile_file_names_are_stored_safely(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    data_root = local_server.data_dir.resolve()
    before = set(data_root.parent.rglob("*"))
    body = _raw_multipart(
        [
            (b"../../../evil.jpg", jpeg_bytes(20, 20)),
            (b"nul\x00name.png", png_bytes(8, 8)),
            (b"..\\..\\win.jpg", jpeg_bytes(21, 21)),
            (b"..", jpeg_bytes(22, 22)),
        ]
    )
    response = api.post(
        f"/api/upload-video/nemo_agent/me/{api.session_id}",
        content=body,
        headers={**api.headers, "Content-Type": "multipart/form-data; boundary=b0undary"},
    )
    assert response.status_code == 200, response.text
    names = [f["filename"] for f in response.json()["data"]["files"]]
    assert names == ["evil.jpg", "nulname.png", "win.jpg", "upload"]
    created = set(data_root.parent.rglob("*")) - before
    assert created and all(data_root in p.resolve().parents for p in created)
    assert not any("evil" in p.name or "win" in p.name for p in created)


@pytest.mark.slow
def test_oversize_upload_is_4002_and_partial_file_removed(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data", "--max-upload-mb", "1")
    try:
        api = Api.new(server.url)
        big = b"\xff\xd8\xff" + b"\x00" * (3 * 1024 * 1024)
        response = api.upload(("huge.jpg", big))
        assert response.status_code == 413
        body = response.json()
        assert body["code"] == 4002 and "1 MB" in body["message"]
        assert not _tmp_files(server)
        assert not list((server.data_dir / "media").iterdir())
        # The server keeps working after refusing.
        assert api.upload_ok(("small.jpg", jpeg_bytes()))[0]["file_type"] == "image"
    finally:
        server.stop()


def test_unsupported_content_type_is_400(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    response = api.post(
        f"/api/upload-video/nemo_agent/me/{api.session_id}",
        content=b"x",
        headers={**api.headers, "Content-Type": "text/plain"},
    )
    assert response.status_code == 400


# --- URL uploads -------------------------------------------------------------------


@pytest.fixture
def file_host() -> Iterator[tuple[str, dict[str, bytes]]]:
    """A tiny loopback HTTP server serving bytes by path (the 'internet' of these tests)."""
    content: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = content.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", content
    server.shutdown()
    server.server_close()


def test_url_upload_refuses_loopback_by_default(
    local_server: LocalServer, file_host: tuple[str, dict[str, bytes]]
) -> None:
    base, content = file_host
    content["/a.jpg"] = jpeg_bytes()
    api = Api.new(local_server.url)
    path = f"/api/upload-video/nemo_agent/me/{api.session_id}"
    for url in (
        f"{base}/a.jpg",
        "http://localhost:1/a.jpg",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
    ):
        response = api.post(path, json={"urls": [url], "source_type": "url"})
        assert response.status_code == 400, url
        assert "private" in response.json()["message"] or "loopback" in response.json()["message"]
    scheme = api.post(path, json={"urls": ["file:///etc/passwd"]})
    assert scheme.status_code == 400 and "http" in scheme.json()["message"]
    empty = api.post(path, json={"urls": []})
    assert empty.status_code == 400 and "urls" in empty.json()["message"]


def test_url_upload_unreachable_network_is_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    """An offline machine: the name does not resolve. Simulated in-process, because a real
    lookup would send a DNS query off this machine."""
    import socket

    from nemo_skill import BadRequest
    from nemo_skill.local.media.url_fetch import check_url

    def offline(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    with pytest.raises(BadRequest) as info:
        check_url("https://photos.example.invalid/a.jpg", allow_private=False)
    assert "could not resolve 'photos.example.invalid'" in str(info.value)
    assert "offline" in str(info.value)


@pytest.mark.slow
def test_url_upload_with_private_urls_allowed(
    tmp_path: Path, file_host: tuple[str, dict[str, bytes]]
) -> None:
    base, content = file_host
    photo = jpeg_bytes(50, 40)
    content["/pics/beach.jpg"] = photo
    content["/big.jpg"] = b"\xff\xd8\xff" + b"\x00" * (2 * 1024 * 1024)
    server = start_server(tmp_path / "data", "--allow-private-urls", "--max-upload-mb", "1")
    try:
        api = Api.new(server.url)
        path = f"/api/upload-video/nemo_agent/me/{api.session_id}"
        ok = api.post(path, json={"urls": [f"{base}/pics/beach.jpg"], "source_type": "url"})
        assert ok.status_code == 200, ok.text
        (info,) = ok.json()["data"]["files"]
        assert info["filename"] == "beach.jpg" and info["hash"] == hashlib.sha256(photo).hexdigest()
        missing = api.post(path, json={"urls": [f"{base}/nope.jpg"]})
        assert missing.status_code == 400 and "404" in missing.json()["message"]
        too_big = api.post(path, json={"urls": [f"{base}/big.jpg"]})
        assert too_big.status_code == 413 and too_big.json()["code"] == 4002
        assert not _tmp_files(server)
    finally:
        server.stop()


def test_a_body_that_ends_inside_a_file_is_refused_and_stores_nothing(local_server: LocalServer) -> None:
    api = Api.new(local_server.url)
    photo = jpeg_bytes(300, 200)
    whole = _raw_multipart([(b"whole.jpg", photo)]).removesuffix(b"--b0undary--\r\n")
    cut = whole + b'--b0undary\r\nContent-Disposition: form-data; name="files"; filename="cut.jpg"\r\n\r\n'
    response = api.post(
        f"/api/upload-video/nemo_agent/me/{api.session_id}",
        content=cut + photo[: len(photo) // 2],  # no closing boundary: the body stops mid-file
        headers={**api.headers, "Content-Type": "multipart/form-data; boundary=b0undary"},
    )
    assert response.status_code == 415 and "'cut.jpg'" in response.json()["message"]
    assert api.state()["video_infos"] == [] and not _tmp_files(local_server)
