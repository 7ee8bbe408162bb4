"""URL uploads: http(s) only, no requests to private networks (SSRF), size and time limits.

The host is resolved once and the connection goes to that checked address (the Host
header and TLS SNI keep the name), so a DNS answer that changes between the check and
the request cannot redirect us to 127.0.0.1. Redirects are followed by hand, each
target checked again.

Downloads run on the event loop (httpx's async client), not in worker threads: a
source that drips one byte a second holds a socket, never a thread that file uploads
need. The deadline is wall-clock for the whole fetch (every redirect, every read),
enforced by cancelling it; at most ``MAX_CONCURRENT`` fetches run at once server-wide,
and name lookups (which block) run in a small pool of their own.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..._exceptions import BadRequest
from .incoming import IncomingFile, limit_error

MAX_REDIRECTS = 3
MAX_URLS = 20
MAX_CONCURRENT = 64
READ_TIMEOUT_S = 30.0
_LOOKUPS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="url-lookup")
_slots: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every fetch. Building one loads the whole CA bundle (~30 ms of
    CPU on the event loop): made per fetch, it was two thirds of the loop's time under the
    200-user soak, and every other request waited behind it. httpx builds it, so the trust
    is what httpx would use (its CA bundle, SSL_CERT_FILE/SSL_CERT_DIR)."""
    import httpx

    return httpx.create_ssl_context()


def _display(url: str) -> str:
    """The URL without query or credentials: signed links must not end up in messages or logs.

    Built from the text, never by parsing the port: a URL with port 99999 must still be
    shown in the error that refuses it."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{host}{parts.path}"[:200]


def _blocked(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        not address.is_global
        or address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def check_url(url: str, *, allow_private: bool) -> tuple[str, str, int, str]:
    """Validate a URL and resolve it: (scheme, host, port, address to connect to)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise BadRequest(
            f"URL {_display(url)!r} is not http(s)", hint="only http:// and https:// links can be fetched"
        )
    host = parts.hostname
    if not host:
        raise BadRequest(f"URL {_display(url)[:80]!r} has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise BadRequest(f"URL {_display(url)!r} has an invalid port") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise BadRequest(
            f"could not resolve {host!r} for {_display(url)} ({exc.args[-1] if exc.args else exc})",
            hint="check the link, or the network: this machine may be offline; upload the file itself instead",
        ) from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not allow_private:
        for address in addresses:
            if _blocked(address):
                raise BadRequest(
                    f"refusing to fetch {_display(url)}: {host!r} resolves to a private, loopback or "
                    f"reserved address ({address})",
                    hint="upload the file itself instead of a link to a local network",
                )
    return parts.scheme, host, port, str(addresses[0])


async def _download(response: object, name: str, tmp_dir: Path, limit_bytes: int) -> IncomingFile:
    import httpx

    assert isinstance(response, httpx.Response)
    incoming = IncomingFile.open(tmp_dir, name, limit_bytes)
    try:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit_bytes:
            raise limit_error(incoming.filename, limit_bytes)
        async for chunk in response.aiter_bytes():
            incoming.write(chunk)
    except BaseException:  # a cancelled (timed-out) download included
        incoming.discard()
        raise
    incoming.close()
    return incoming


def _slot() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    if loop not in _slots:
        _slots.clear()  # one server loop per process; a test's new loop replaces the old
        _slots[loop] = asyncio.Semaphore(MAX_CONCURRENT)
    return _slots[loop]


async def fetch_url(
    url: str, tmp_dir: Path, *, limit_bytes: int, timeout_s: float, allow_private: bool
) -> IncomingFile:
    """Download ``url`` into a temp file within ``timeout_s`` seconds of wall-clock time."""
    async with _slot():
        try:
            return await asyncio.wait_for(
                _fetch(
                    url, tmp_dir, limit_bytes=limit_bytes, timeout_s=timeout_s, allow_private=allow_private
                ),
                timeout_s,
            )
        except asyncio.TimeoutError:
            raise BadRequest(
                f"downloading {_display(url)} took longer than {timeout_s:g} s", hint="upload the file itself"
            ) from None


async def _fetch(
    url: str, tmp_dir: Path, *, limit_bytes: int, timeout_s: float, allow_private: bool
) -> IncomingFile:
    import httpx

    loop = asyncio.get_running_loop()
    current = url
    timeout = httpx.Timeout(min(10.0, timeout_s), read=min(READ_TIMEOUT_S, timeout_s))
    async with httpx.AsyncClient(timeout=timeout, verify=_tls()) as client:
        for _ in range(MAX_REDIRECTS + 1):
            scheme, host, port, address = await loop.run_in_executor(
                _LOOKUPS, functools.partial(check_url, current, allow_private=allow_private)
            )
            parts = urlsplit(current)
            ip_host = f"[{address}]" if ":" in address else address
            target = parts._replace(netloc=f"{ip_host}:{port}").geturl()
            request = client.build_request(
                "GET",
                target,
                headers={
                    "Host": host if parts.port is None else f"{host}:{parts.port}",
                    "User-Agent": "nemo-skill",
                },
                extensions={"sni_hostname": host} if scheme == "https" else {},
            )
            try:
                response = await client.send(request, stream=True)
            except httpx.TimeoutException:
                raise BadRequest(
                    f"timed out fetching {_display(url)}", hint="the network may be unreachable"
                ) from None
            except httpx.TransportError as exc:
                raise BadRequest(
                    f"could not fetch {_display(url)}: network unreachable ({type(exc).__name__})",
                    hint="check the network, or upload the file itself",
                ) from None
            try:
                if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                if response.status_code != 200:
                    raise BadRequest(
                        f"{_display(url)} answered HTTP {response.status_code}", hint="check the link"
                    )
                name = unquote(parts.path.rsplit("/", 1)[-1]) or "download"
                try:
                    return await _download(response, name, tmp_dir, limit_bytes)
                except httpx.TimeoutException:
                    raise BadRequest(
                        f"{_display(url)} stopped sending data for {READ_TIMEOUT_S:g} s",
                        hint="upload the file itself",
                    ) from None
                except httpx.TransportError as exc:
                    raise BadRequest(
                        f"the download of {_display(url)} broke off ({type(exc).__name__})"
                    ) from None
            finally:
                await response.aclose()
    raise BadRequest(f"{_display(url)} redirected more than {MAX_REDIRECTS} times")
