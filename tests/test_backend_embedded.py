"""Embedded mode and the server process: one server per data dir, clean stops."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest
from conftest import start_server

from nemo_skill import ConfigError
from nemo_skill.extras import require_local_extra
from nemo_skill.local.process import embedded


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as stopped.
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_ensure_running_starts_once_and_reuses(tmp_path: Path) -> None:
    data_dir, state_file = tmp_path / "data", tmp_path / "home" / "local-backend.json"
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from nemo_skill.local.process.embedded import ensure_running
        print(ensure_running(Path({str(data_dir)!r}), Path({str(state_file)!r})))
        """
    )
    # Three CLI-like processes racing for the same data dir: one server, one URL.
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    urls = {racer.communicate(timeout=60)[0].strip() for racer in racers}
    state = json.loads(state_file.read_text())
    try:
        assert len(urls) == 1 and urls == {state["url"]}
        url = urls.pop()
        health = httpx.get(f"{url}/healthz").json()["data"]
        # The instance the starter recorded; nothing about the machine (pid, path) for anyone.
        assert health == {"status": "ok", "instance": state["instance"]} and state["instance"]
        assert embedded.ensure_running(data_dir, state_file) == url  # reused, not restarted
        assert "Serving" not in (data_dir / "server.log").read_text()  # stdout was parsed, log is stderr
    finally:
        assert embedded.stop_embedded(state_file)
    deadline = time.monotonic() + 10
    while _alive(state["pid"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(state["pid"]) and not state_file.exists()
    assert embedded.stop_embedded(state_file) is False


@pytest.mark.slow
def test_second_server_on_one_data_dir_is_refused(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data")
    try:
        second = subprocess.run(
            [sys.executable, "-m", "nemo_skill", "serve", "--port", "0", "--data-dir", str(server.data_dir)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 1
        assert second.stderr.count("\n") == 1 and "already using the data dir" in second.stderr
        assert "Traceback" not in second.stderr and second.stdout == ""
    finally:
        server.stop()


@pytest.mark.slow
def test_unusable_data_dir_is_one_line_error(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    done = subprocess.run(
        [sys.executable, "-m", "nemo_skill", "serve", "--port", "0", "--data-dir", str(not_a_dir)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1 and "cannot use" in done.stderr and "--data-dir" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.slow
def test_port_in_use_is_one_line_error(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data")
    try:
        port = server.url.rsplit(":", 1)[1]
        other = subprocess.run(
            [
                sys.executable,
                "-m",
                "nemo_skill",
                "serve",
                "--port",
                port,
                "--data-dir",
                str(tmp_path / "other"),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert other.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in other.stderr
        assert other.stderr.count("\n") == 1 and "Traceback" not in other.stderr
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_server_stops_cleanly_on_signals(tmp_path: Path, sig: signal.Signals) -> None:
    server = start_server(tmp_path / "data")
    assert httpx.get(f"{server.url}/healthz").status_code == 200
    server.process.send_signal(sig)
    code = server.process.wait(timeout=15)
    assert code in (0, 130, -sig, 128 + sig)
    assert "Traceback" not in server.log()
    # The data dir lock went with it: a new server starts on the same data dir.
    again = start_server(server.data_dir)
    again.stop()


def test_missing_local_extra_is_one_line_config_error(tmp_path: Path) -> None:
    script = (
        "import sys; sys.modules['uvicorn'] = None\n"
        "from nemo_skill.cli.main import main\n"
        f"sys.exit(main(['serve', '--port', '0', '--data-dir', {str(tmp_path)!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "pip install 'nemo-skill[local]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_require_local_extra_raises_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "starlette", None)
    with pytest.raises(ConfigError, match="starlette") as info:
        require_local_extra()
    assert info.value.hint == "pip install 'nemo-skill[local]'"


def test_the_server_starts_without_the_interpreter_or_the_decoders() -> None:
    """They load once it is up (app._warm_up): a make waits for the server's start, not for them."""
    code = (
        "import sys, nemo_skill.local.app; "
        "print(sorted({m.split('.')[0] if not m.startswith('nemo_skill') else '.'.join(m.split('.')[:2]) "
        "for m in sys.modules}))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in ("nemo_skill.interpreter", "PIL", "av", "cv2"):
        assert f"'{heavy}'" not in loaded, f"{heavy} is imported when the server starts"
