"""``nemo-skill studio``: the address of the studio on the right backend, or a clear error."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from conftest import LocalServer, cli

from nemo_skill.local.process import embedded


def test_studio_prints_the_address_of_the_configured_backend(
    client_env: Path, local_server: LocalServer
) -> None:
    result = cli("studio", "--no-browser")
    assert result.returncode == 0, result.stderr
    url = result.stdout.strip()
    assert url == f"{local_server.url}/studio"
    page = httpx.get(url)
    assert page.status_code == 200 and 'data-testid="export"' in page.text


@pytest.mark.slow
def test_studio_starts_the_embedded_backend(nemo_home: Path) -> None:
    result = cli("studio", "--no-browser")
    try:
        assert result.returncode == 0, result.stderr
        url = result.stdout.strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/studio")
        assert httpx.get(url).status_code == 200
        again = cli("studio", "--no-browser")
        assert again.stdout.strip() == url  # reused, not a second server
    finally:
        assert embedded.stop_embedded()


@pytest.mark.parametrize(
    ("api_base", "code", "words"),
    [("cloud", 1, "served by the local backend"), ("http://127.0.0.1:9", 2, "no local backend answers")],
)
def test_studio_refuses_a_backend_it_cannot_open(
    nemo_home: Path, monkeypatch: pytest.MonkeyPatch, api_base: str, code: int, words: str
) -> None:
    monkeypatch.setenv("NEMO_API_BASE", api_base)
    result = cli("studio", "--no-browser")
    assert result.returncode == code
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
