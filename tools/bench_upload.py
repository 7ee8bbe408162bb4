"""Stream a 500 MB upload to a local backend on 127.0.0.1 and report the server's RSS growth.

The file is a real WAV (header + 500 MB of silence) produced on the fly, sent as a
chunked multipart body, so neither side ever holds it in memory. Target: the server's
resident memory grows by less than 50 MB.

    python tools/bench_upload.py [--mb 500]
"""

from __future__ import annotations

import argparse
import struct
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
from throwaway import rss_mb, start

CHUNK = 1024 * 1024
TARGET_GROWTH_MB = 50


def wav_header(data_bytes: int, rate: int = 48000, channels: int = 2) -> bytes:
    byte_rate = rate * channels * 2
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVE"
        + b"fmt "
        + struct.pack("<IHHIIHH", 16, 1, channels, rate, byte_rate, channels * 2, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )


def multipart_body(boundary: str, total_mb: int) -> Iterator[bytes]:
    data_bytes = total_mb * CHUNK
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="long.wav"\r\n'
        "Content-Type: audio/wav\r\n\r\n"
    ).encode() + wav_header(data_bytes)
    silence = bytes(CHUNK)
    for _ in range(total_mb):
        yield silence
    yield f"\r\n--{boundary}--\r\n".encode()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=int, default=500, help="upload size in MB (default 500)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nemo-bench-upload-") as tmp:
        url, proc = start(Path(tmp) / "data", "--max-upload-mb", str(args.mb + 10))
        try:
            token = httpx.post(
                f"{url}/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}
            ).json()
            headers = {"Authorization": f"Bearer {token['data']['token']}"}
            sid = httpx.post(f"{url}/api/tasks/me/with-session/nemo_agent", headers=headers, json={}).json()
            upload_url = f"{url}/api/upload-video/nemo_agent/me/{sid['data']['session_id']}"
            # Warm up: the first upload imports Pillow/PyAV; that is not upload memory.
            httpx.post(
                upload_url,
                headers={**headers, "Content-Type": "multipart/form-data; boundary=warm"},
                content=b"".join(multipart_body("warm", 1)),
            )
            baseline = rss_mb(proc.pid)
            peak = [baseline]
            done = threading.Event()

            def sample() -> None:
                while not done.is_set():
                    peak[0] = max(peak[0], rss_mb(proc.pid))
                    time.sleep(0.02)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            boundary = uuid.uuid4().hex
            started = time.perf_counter()
            response = httpx.post(
                upload_url,
                headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
                content=multipart_body(boundary, args.mb),
                timeout=600,
            )
            elapsed = time.perf_counter() - started
            done.set()
            sampler.join()
            body = response.json()
            if body.get("code") != 0:
                print(f"upload failed: {body}", file=sys.stderr)
                return 1
            info = body["data"]["files"][0]
            growth = peak[0] - baseline
            print(f"uploaded:        {args.mb} MB in {elapsed:.1f} s ({args.mb / elapsed:.0f} MB/s)")
            print(
                f"stored as:       {info['file_type']}, {info['size'] / CHUNK:.0f} MB, {info['duration']:.0f} s long"
            )
            print(f"server RSS:      baseline {baseline:.1f} MB, peak {peak[0]:.1f} MB")
            print(
                f"RSS growth:      {growth:.1f} MB (target < {TARGET_GROWTH_MB} MB): "
                f"{'OK' if growth < TARGET_GROWTH_MB else 'OVER'}"
            )
            return 0 if growth < TARGET_GROWTH_MB else 1
        finally:
            proc.terminate()
            proc.wait(timeout=15)


if __name__ == "__main__":
    raise SystemExit(main())
