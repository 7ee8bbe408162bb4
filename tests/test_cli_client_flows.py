"""The commands end to end against the REAL local backend: make, chat workflows in
English and Chinese, direct commands, JSON output, exit codes, and no token anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from test_client_backend import SEEN as TRANSCRIPT
from test_client_backend import no_token_in_anything  # noqa: F401  (the same token scan, autouse)
from test_client_backend import photos as backend_photos

from nemo_skill.cli.main import main

pytestmark = pytest.mark.slow  # whole chat and make flows with renders

JSON_KEYS = {
    "ok", "action", "text", "timeline", "files", "output", "error", "code", "hint", "understood",
    "not_understood", "settings",
}  # fmt: skip


def photos(folder: Path, count: int = 3, prefix: str = "p") -> list[str]:
    return [str(path) for path in backend_photos(folder, count, prefix)]


def tone(path: Path, seconds: float = 3.0, rate: int = 44100) -> Path:
    import wave

    import numpy as np

    t = np.arange(int(seconds * rate)) / rate
    samples = (np.sin(2 * np.pi * 440 * t) * 0.3 * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    TRANSCRIPT.extend([out, err])
    assert "Traceback" not in err
    return code, out, err


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code, out, err = cli(capsys, *argv, "--json")
    assert out.strip(), err
    result = json.loads(out)
    assert set(result) == JSON_KEYS
    assert result["ok"] is (code == 0)
    return code, result


def probe(path: Path) -> tuple[int, int, float]:
    import av

    with av.open(str(path)) as container:
        ctx = container.streams.video[0].codec_context
        return ctx.width, ctx.height, float(container.duration / 1_000_000)


def test_help_teaches_and_starts_fast() -> None:
    for command in ("chat", "make", "upload", "credits", "state", "export"):
        done = subprocess.run(
            [sys.executable, "-m", "nemo_skill", command, "--help"], capture_output=True, text=True
        )
        assert done.returncode == 0 and "examples:" in done.stdout and "NEMO_API_BASE" in done.stdout
    # Start-up: the module's own import cost (importtime's cumulative column, in µs), not
    # the wall clock of a loaded machine.
    timing = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import nemo_skill.cli.cmd_client"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    row = next(line for line in timing.splitlines() if line.rstrip().endswith("nemo_skill.cli.cmd_client"))
    assert int(row.split("|")[1]) < 300_000
    modules = subprocess.run(
        [sys.executable, "-c", "import sys, nemo_skill.cli.cmd_client; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "httpx" not in modules and "pydantic" not in modules


def test_make_produces_the_drafted_video(
    client_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "made.mp4"
    song = tone(tmp_path / "song.wav")
    code, result = cli_json(
        capsys, "make", *photos(tmp_path), str(song), "-p", "a 2-second 16:9 480p video", "-o", str(out)
    )
    assert code == 0, result
    assert result["action"] == "make" and result["output"] == str(out) and len(result["files"]) == 4
    assert result["timeline"].startswith("Timeline (")
    board = tmp_path / "board.png"
    code, state = cli_json(capsys, "state", "--storyboard", str(board))
    assert code == 0 and state["timeline"] == result["timeline"] and state["output"] == str(board)
    with Image.open(board) as sheet:
        assert sheet.format == "PNG" and sheet.width > 0
    code, missing = cli_json(capsys, "state", "--storyboard", str(tmp_path / "no" / "board.png"))
    assert code == 1 and "does not exist" in missing["text"]
    from nemo_skill.runtime import Runtime

    with Runtime() as rt:
        draft = rt.session().state().draft
    assert draft is not None
    song_id = next(f["media_id"] for f in result["files"] if f["filename"] == "song.wav")
    assert [seg.src for track in draft.tracks(1) for seg in track.sg] == [
        song_id
    ]  # the audio input is the music
    width, height, seconds = probe(out)
    assert (width, height) == (draft.m.w, draft.m.h)
    assert abs(seconds - draft.d / 1000) < 0.25
    # Never overwrite without --force; with it, fine.
    code, again = cli_json(capsys, "make", *photos(tmp_path), "-o", str(out))
    assert code == 1 and "already exists" in again["text"] and "--force" in again["hint"]


QUICK_EDIT = {
    "en": (
        "turn these photos into a 480p video, 2 seconds long, with music",
        "make the transitions slower",
        "export",
    ),
    "zh": ("把这些照片做成2秒的视频，480p，配上音乐", "转场慢一点", "导出"),
}
ITERATE = {
    "en": (
        "turn these photos into a 480p video, 2 seconds long",
        "status",
        "add romantic music",
        "how many credits do I have left?",
        "download it",
    ),
    "zh": ("把这些照片做成2秒的视频，480p", "状态", "加上浪漫的音乐", "还剩多少积分", "导出"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chat_quick_edit(
    lang: str,
    client_env: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make, edit, export = QUICK_EDIT[lang]
    monkeypatch.chdir(tmp_path)
    code, first = cli_json(capsys, "chat", make, "--attach", *photos(tmp_path), "--new-session")
    assert code == 0 and first["action"] == "sse" and len(first["files"]) == 3
    assert first["text"] and "Video: 3 photos (0-2s)" in first["timeline"]
    code, out, _ = cli(capsys, "chat", edit)
    assert code == 0 and out.strip()
    assert not any(word in out.lower() for word in ("click", "drag", "点击", "拖拽"))
    code, exported = cli_json(capsys, "chat", export)
    assert code == 0 and exported["action"] == "export"
    video = Path(exported["output"])
    assert (
        video.parent == tmp_path
        and video.name.startswith("nemo-video-")
        and probe(video)[2] == pytest.approx(2, abs=0.25)
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chat_iterate(
    lang: str,
    client_env: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rough, status, refine, credits_question, export = ITERATE[lang]
    monkeypatch.chdir(tmp_path)
    code, first = cli_json(capsys, "chat", rough, "--attach", *photos(tmp_path), "--new-session")
    assert code == 0 and first["action"] == "sse" and first["timeline"].startswith("Timeline")
    code, state = cli_json(capsys, "chat", status)
    assert code == 0 and state["action"] == "state" and state["timeline"] == first["timeline"]
    assert "Media (3): p0.jpg (image 320x240)" in state["text"]
    code, refined = cli_json(capsys, "chat", refine)
    assert code == 0 and refined["action"] == "sse" and "romantic" in refined["timeline"]
    assert refined["timeline"] != first["timeline"]
    code, credits = cli_json(capsys, "chat", credits_question)
    assert code == 0 and credits["action"] == "credits" and "available" in credits["text"]
    code, exported = cli_json(capsys, "chat", export)
    assert code == 0 and exported["action"] == "export" and Path(exported["output"]).is_file()
    assert exported["timeline"] == refined["timeline"]


def test_chat_batch_each_set_its_own_session_and_render(
    client_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for name, prompt, count in (
        ("beach", "a 1-second 480p video", 2),
        ("city", "把这些照片做成1秒的视频，480p", 3),
    ):
        code, uploaded = cli_json(
            capsys, "chat", "here are my photos", "--attach", *photos(tmp_path, count, name), "--new-session"
        )
        assert code == 0 and uploaded["action"] == "upload" and len(uploaded["files"]) == count
        code, made = cli_json(capsys, "chat", prompt)
        assert code == 0 and f"Video: {count} photos" in made["timeline"]
        target = tmp_path / f"{name}.mp4"
        code, exported = cli_json(capsys, "export", "-o", str(target), "--quality", "draft")
        assert code == 0 and exported["output"] == str(target)
        outputs.append(target)
    assert all(p.stat().st_size > 0 for p in outputs)


def test_upload_and_credits_words(
    client_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "upload", *photos(tmp_path, 2))
    assert code == 0 and out.startswith("Uploaded 2 file(s).") and "p0.jpg (image 320x240)" in out
    code, out, _ = cli(capsys, "credits")
    assert code == 0 and out.startswith("Credits: 100 available")


def test_bad_input_exit_codes(client_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "upload", str(tmp_path / "missing.jpg"))
    assert code == 1 and "no such file" in err
    code, result = cli_json(capsys, "chat", "hi", "--skill", "nope")
    assert code == 1 and result["error"] == "ConfigError" and "known skills" in result["hint"]
    text = tmp_path / "notes.jpg"
    text.write_text("plain text")
    code, result = cli_json(capsys, "chat", "make a video", "--attach", str(text))
    assert code == 1 and result["code"] == 4001 and "accepted:" in result["hint"]
    code, result = cli_json(capsys, "export", "-o", str(tmp_path / "no" / "where.mp4"))
    assert code == 1 and "does not exist" in result["text"]
    code, result = cli_json(capsys, "chat", "upload")
    assert code == 1 and "nothing to upload" in result["text"] and "--attach" in result["hint"]
    assert not (client_env / "token.json").exists()  # all refused before any network call


def test_local_default_starts_and_reuses_the_embedded_backend(
    nemo_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nemo_skill.local.process.embedded import stop_embedded

    try:
        code, first = cli_json(capsys, "credits")
        # The embedded backend is this user's own: unlimited credits, said so honestly.
        assert code == 0 and first["text"].startswith("Credits: 1000 available")
        assert "tops them up" in first["text"]
        code, second = cli_json(capsys, "credits")  # same backend, same token: still 1000
        assert code == 0 and second["text"] == first["text"]
        stored = json.loads((nemo_home / "token.json").read_text())
        assert stored["api_base"] == "local"
        assert stored["token"] not in "".join(TRANSCRIPT)
    finally:
        assert stop_embedded()


def test_make_on_the_embedded_default_starts_the_backend_beside_its_own_work(
    nemo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nemo_skill.local.process.embedded import STATE_FILE, stop_embedded

    # A file that is not there: refused, and nothing started for it.
    code, result = cli_json(capsys, "make", str(tmp_path / "missing.jpg"), "-o", str(tmp_path / "a.mp4"))
    assert code == 1 and "no such file" in result["text"]
    assert not (nemo_home / STATE_FILE).exists()
    try:
        out = tmp_path / "made.mp4"
        code, result = cli_json(
            capsys, "make", *photos(tmp_path, 2), "-p", "a 2-second 16:9 480p video", "-o", str(out)
        )
        assert code == 0, result
        width, height, seconds = probe(out)
        assert (width, height) == (854, 480) and abs(seconds - 2.0) < 0.25
        # A file that is there but no photo: refused after the backend was started for it;
        # the start was recorded, so the next command reuses that server.
        text = tmp_path / "notes.jpg"
        text.write_text("plain text")
        started = json.loads((nemo_home / STATE_FILE).read_text())["pid"]
        code, result = cli_json(capsys, "make", str(text), "-o", str(tmp_path / "b.mp4"))
        assert code == 1 and result["code"] == 4001 and not (tmp_path / "b.mp4").exists()
        assert json.loads((nemo_home / STATE_FILE).read_text())["pid"] == started
    finally:
        assert stop_embedded()
