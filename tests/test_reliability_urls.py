"""URL uploads keep their deadline against a source that drips bytes, and slow sources
never starve file uploads (issue #13, item 2).

The slow source is simulated in-process: a loopback server of the test's own that sends
one byte at a time, forever. The backend runs with --allow-private-urls so it may fetch
from loopback (its SSRF guard refuses that by default), as the other URL tests do.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from backend_helpers import Api, jpeg_bytes
from conftest import start_server

pytestmark = pytest.mark.slow  # slow and dripping URL sources, against the clock


class _Drip(http.server.BaseHTTPRequestHandler):
    """Announces a 10 MB JPEG, then sends one byte every 0.2 s until the client hangs up."""

    stop = threading.Event()

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(10 * 1024 * 1024))
        self.end_headers()
        try:
            self.wfile.write(b"\xff\xd8\xff")
            while not self.stop.is_set():
                self.wfile.write(b"\x00")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:  # the backend gave up: that is the point
            return

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def drip_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    server.daemon_threads = True
    _Drip.stop.clear()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/slow.jpg"
    _Drip.stop.set()
    server.shutdown()
    server.server_close()


def _url_upload(api: Api, url: str) -> tuple[int, dict, float]:
    started = time.monotonic()
    response = api.post(
        f"/api/upload-video/nemo_agent/me/{api.session_id}", json={"urls": [url]}, timeout=120
    )
    return response.status_code, response.json(), time.monotonic() - started


def test_dripping_source_hits_the_wall_clock_deadline(tmp_path, drip_url: str) -> None:
    server = start_server(tmp_path / "data", "--allow-private-urls", "--url-timeout-s", "2")
    try:
        status, body, elapsed = _url_upload(Api.new(server.url), drip_url)
        assert status == 400 and "took longer than 2 s" in body["message"]
        assert elapsed < 6, f"the 2 s deadline took {elapsed:.1f} s"
        time.sleep(0.2)
        assert not list((server.data_dir / "tmp").iterdir())  # the partial download is gone
    finally:
        server.stop()


def test_slow_urls_never_starve_file_uploads(tmp_path, drip_url: str) -> None:
    """45 users each fetching a dripping URL (more than the 40 threads of the pool file
    uploads use), and meanwhile another user uploads a photo: it is not kept waiting."""
    server = start_server(tmp_path / "data", "--allow-private-urls", "--url-timeout-s", "20")
    try:
        slow_users = [Api.new(server.url) for _ in range(45)]
        uploader = Api.new(server.url)
        uploader.upload_ok(("warm.jpg", jpeg_bytes(32, 32)))  # first-use imports are not the point
        with ThreadPoolExecutor(45) as pool:
            fetches = [pool.submit(_url_upload, api, drip_url) for api in slow_users]
            time.sleep(1.5)  # every fetch is dripping by now
            started = time.monotonic()
            files = uploader.upload_ok(("photo.jpg", jpeg_bytes(320, 240)))
            upload_s = time.monotonic() - started
            assert not any(f.done() for f in fetches), "the slow fetches should still be running"
            results = [f.result() for f in fetches]
        assert files[0]["file_type"] == "image"
        assert upload_s < 5, f"a file upload waited {upload_s:.1f} s behind slow URL fetches"
        assert all(
            status == 400 and "took longer than 20 s" in body["message"] for status, body, _ in results
        )
    finally:
        server.stop()


def test_url_fetches_share_one_verifying_tls_context() -> None:
    """Made once (loading the CA bundle per fetch blocked the event loop under load), and
    still verifying: certificates checked against httpx's CA bundle, host names too."""
    import ssl

    from nemo_skill.local.media.url_fetch import _tls

    context = _tls()
    assert _tls() is context
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 50


def test_a_url_without_a_host_is_refused_without_its_secrets() -> None:
    from nemo_skill import BadRequest
    from nemo_skill.local.media.url_fetch import check_url

    with pytest.raises(BadRequest) as caught:
        check_url("https://user:s3cretpass@/x?sig=abc123", allow_private=False)
    message = str(caught.value)
    assert "has no host" in message
    assert "s3cretpass" not in message and "abc123" not in message
