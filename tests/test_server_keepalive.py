"""An idle keep-alive connection outlives a client's idle expiry.

httpx drops idle connections after 5 s; were the server to drop them at the same moment
(uvicorn's default), a request sent on a connection the server is closing is lost with
"Server disconnected without sending a response". The server holds them longer.
"""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import pytest
from conftest import LocalServer

from nemo_skill.local.process.server import KEEP_ALIVE_S


def _get(sock: socket.socket, host: str) -> bytes:
    sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(4096)
    return head


@pytest.mark.slow
def test_idle_connection_is_kept_past_the_client_expiry(local_server: LocalServer) -> None:
    assert KEEP_ALIVE_S > 5
    parts = urlsplit(local_server.url)
    assert parts.hostname and parts.port
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        assert _get(sock, parts.netloc).startswith(b"HTTP/1.1 200")
        time.sleep(6)  # past httpx's 5 s idle expiry and uvicorn's 5 s default
        assert _get(sock, parts.netloc).startswith(b"HTTP/1.1 200")
