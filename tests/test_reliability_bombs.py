"""Decompression bombs at upload cost the server little memory (issue #13, item 1).

The server's resident memory is sampled from /proc for its whole process tree while the
bombs are uploaded; the bombs are made here, in the test's own process (no files in
the repository).
"""

from __future__ import annotations

import io
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from backend_helpers import Api, jpeg_bytes
from conftest import LocalServer, start_server
from throwaway import tree_rss_mb

pytestmark = pytest.mark.slow  # decompression bombs, memory measured

MB = 1024 * 1024


class RssSampler:
    """Samples the tree's RSS every 20 ms in a thread; ``peak`` is the highest seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            time.sleep(0.02)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def png_bomb(side: int = 7000) -> bytes:
    """~160 KB of PNG that decodes to side x side RGB pixels (7000: 49 MP, under the 50 MP limit)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (10, 20, 30)).save(buffer, "PNG", compress_level=9)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    server = start_server(tmp_path_factory.mktemp("bombs") / "data")
    # Warm up: the first upload loads Pillow, numpy and PyAV; that is not the bombs' cost.
    api = Api.new(server.url)
    api.upload_ok(("warm.jpg", jpeg_bytes(640, 480)), ("warm.png", png_bomb(300)))
    yield server
    server.stop()


def _baseline(server: LocalServer) -> float:
    time.sleep(0.3)
    return tree_rss_mb(server.process.pid)


def test_one_png_bomb_costs_under_120_mb(bomb_server: LocalServer) -> None:
    bomb = png_bomb()
    assert len(bomb) < 300 * 1024  # a small file ...
    api = Api.new(bomb_server.url)
    before = _baseline(bomb_server)
    with RssSampler(bomb_server.process.pid) as rss:
        (info,) = api.upload_ok(("bomb.png", bomb))
    # ... that is a real, valid 49 MP image: accepted, fully checked, cheaply.
    assert (info["width"], info["height"]) == (7000, 7000) and len(info["signature"]) == 6
    assert rss.peak - before < 120, f"+{rss.peak - before:.0f} MB for one PNG bomb"


def test_four_png_bombs_at_once_cost_under_300_mb(bomb_server: LocalServer) -> None:
    bomb = png_bomb()
    apis = [Api.new(bomb_server.url) for _ in range(4)]
    before = _baseline(bomb_server)
    with RssSampler(bomb_server.process.pid) as rss, ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(lambda api: api.upload(("bomb.png", bomb)), apis))
    assert [r.status_code for r in responses] == [200] * 4
    assert rss.peak - before < 300, f"+{rss.peak - before:.0f} MB for four PNG bombs"


def test_corrupt_png_rows_are_still_refused(bomb_server: LocalServer) -> None:
    """The strip decoder checks every byte: a flipped bit in the pixel data is a 4001."""
    data = bytearray(png_bomb(2000))
    data[len(data) // 2] ^= 0xFF
    response = Api.new(bomb_server.url).upload(("broken.png", bytes(data)))
    assert response.status_code == 415 and "'broken.png'" in response.json()["message"]


def mov_bomb(path: Path, side: int = 12000) -> Path:
    """A ~0.5 MB QuickTime file holding one side x side H.264 frame, made by ffmpeg."""
    import imageio_ffmpeg

    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi",
            "-i", f"color=c=gray:s={side}x{side}:d=1", "-frames:v", "1",
            "-c:v", "libx264", "-preset", "ultrafast", "-f", "mov", str(path),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    return path


def test_mov_bomb_is_refused_from_its_header(bomb_server: LocalServer, tmp_path: Path) -> None:
    bomb = mov_bomb(tmp_path / "bomb.mov").read_bytes()
    assert len(bomb) < 2 * MB
    api = Api.new(bomb_server.url)
    before = _baseline(bomb_server)
    with RssSampler(bomb_server.process.pid) as rss:
        response = api.upload(("clip.mov", bomb))
    body = response.json()
    assert response.status_code == 415 and body["code"] == 4001
    assert "12000x12000" in body["message"] and "'clip.mov'" in body["message"]
    assert rss.peak - before < 120, f"+{rss.peak - before:.0f} MB for one MOV bomb"
