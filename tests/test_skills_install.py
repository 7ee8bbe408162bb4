"""`nemo-skill skills install|uninstall|list`: platform folders, the launcher, fingerprints."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli

from nemo_skill import InputError
from nemo_skill.platform import detect_platform
from nemo_skill.skills_registry import bundled_skills_dir, load_skill
from nemo_skill.skilltools.fingerprint import RECORD_FILE, folder_digest, read_record
from nemo_skill.skilltools.install import install_root, install_skill, installed_status, uninstall_skill
from nemo_skill.skilltools.listing import list_skills

BUNDLED = ("photographer-video", "free-photo-to-video-ai", "wedding-invitation-video")


@pytest.fixture
def fake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("NEMO_SKILL_HOME", str(tmp_path / "nemo-home"))
    return home


@pytest.mark.parametrize(
    ("platform", "project", "expected"),
    [
        ("clawhub", False, ".clawhub/skills/photographer-video"),
        ("openclaw", False, ".openclaw/skills/photographer-video"),
        ("agents", False, ".agents/skills/photographer-video"),
        ("cursor", False, ".cursor/skills/photographer-video"),
        ("claude", False, ".claude/skills/photographer-video"),
        ("clawhub", True, "proj/skills/photographer-video"),
        ("openclaw", True, "proj/skills/photographer-video"),
        ("agents", True, "proj/.agents/skills/photographer-video"),
        ("cursor", True, "proj/.cursor/skills/photographer-video"),
        ("claude", True, "proj/.claude/skills/photographer-video"),
    ],
)
def test_install_lands_where_the_platform_looks_and_is_detected(
    platform: str, project: bool, expected: str, fake_home: Path
) -> None:
    args = ["skills", "install", "photographer-video", "--platform", platform, "--home", fake_home]
    if project:
        args += ["--project", fake_home / "proj"]
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    folder = fake_home / expected
    for relative in ("SKILL.md", "references/REFERENCE.md"):
        assert (folder / relative).read_bytes() == (
            bundled_skills_dir() / "photographer-video" / relative
        ).read_bytes()
    assert detect_platform(folder / "SKILL.md", home=fake_home) == platform
    if platform == "clawhub" and project:
        origin = json.loads((folder / ".clawhub" / "origin.json").read_text())
        assert origin["slug"] == "photographer-video"
    record = read_record(folder)
    assert record is not None and record.platform == platform and record.python == sys.executable
    assert record.digest == folder_digest(folder)


@pytest.mark.slow
def test_launcher_is_posix_sh_and_runs_this_interpreter(tmp_path: Path) -> None:
    fake_home = tmp_path / "home with spaces & 'quotes'"  # the launcher must quote every path
    fake_home.mkdir()
    skill = load_skill(bundled_skills_dir() / "free-photo-to-video-ai", "bundled")
    result = install_skill(skill, "cursor", home=fake_home)
    launcher = result.folder / "scripts" / "nemo-skill"
    assert launcher.read_text().startswith("#!/bin/sh\n")
    assert launcher.stat().st_mode & stat.S_IXUSR
    assert sys.executable in launcher.read_text()
    # The runtime sees the installed folder as its skill, through a symlink to the launcher too.
    link = fake_home / "bin" / "nemo-skill"
    link.parent.mkdir()
    link.symlink_to(launcher)
    for exe in (launcher, link):
        proc = subprocess.run(
            [str(exe), "route", "how many credits do I have?", "--json"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "HOME": str(fake_home)},
            cwd=fake_home,
        )
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout) == {
            "ok": True,
            "action": "credits",
            "text": "credits",
            "error": None,
            "code": None,
            "hint": None,
            "skill": "free-photo-to-video-ai",
            "reason": json.loads(proc.stdout)["reason"],
        }


def test_launcher_explains_a_vanished_python(fake_home: Path) -> None:
    skill = load_skill(bundled_skills_dir() / "photographer-video", "bundled")
    result = install_skill(skill, "clawhub", home=fake_home, python=str(fake_home / "gone" / "python"))
    proc = subprocess.run(
        [str(result.folder / "scripts" / "nemo-skill"), "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 127
    assert "reinstall" in proc.stderr


def test_modified_copy_is_not_overwritten_without_force(fake_home: Path) -> None:
    skill = load_skill(bundled_skills_dir() / "wedding-invitation-video", "bundled")
    result = install_skill(skill, "clawhub", home=fake_home)
    # Reinstalling an untouched copy is fine.
    assert install_skill(skill, "clawhub", home=fake_home).replaced is True
    edited = result.folder / "SKILL.md"
    edited.write_text(edited.read_text() + "\nmy own note\n")
    assert installed_status(result.folder, skill) == "modified"
    proc = cli("skills", "install", skill.name, "--platform", "clawhub", "--home", fake_home)
    assert proc.returncode == 1
    assert "modified since it was installed" in proc.stderr and "--force" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "my own note" in edited.read_text()
    with pytest.raises(InputError):
        uninstall_skill(skill.name, "clawhub", home=fake_home)
    proc = cli("skills", "install", skill.name, "--platform", "clawhub", "--home", fake_home, "--force")
    assert proc.returncode == 0, proc.stderr
    assert "my own note" not in edited.read_text()
    assert installed_status(result.folder, skill) == "current"


def test_foreign_folder_is_not_replaced_without_force(fake_home: Path) -> None:
    foreign = install_root("cursor", home=fake_home) / "photographer-video"
    foreign.mkdir(parents=True)
    (foreign / "SKILL.md").write_text("someone else's")
    skill = load_skill(bundled_skills_dir() / "photographer-video", "bundled")
    with pytest.raises(InputError, match="not installed by nemo-skill"):
        install_skill(skill, "cursor", home=fake_home)
    assert install_skill(skill, "cursor", home=fake_home, force=True).replaced is True
    assert (foreign / RECORD_FILE).is_file()


def test_uninstall(fake_home: Path) -> None:
    assert cli("skills", "install", *BUNDLED, "--platform", "cursor", "--home", fake_home).returncode == 0
    proc = cli("skills", "uninstall", "photographer-video", "--platform", "cursor", "--home", fake_home)
    assert proc.returncode == 0, proc.stderr
    root = install_root("cursor", home=fake_home)
    assert sorted(p.name for p in root.iterdir()) == ["free-photo-to-video-ai", "wedding-invitation-video"]
    again = cli("skills", "uninstall", "photographer-video", "--platform", "cursor", "--home", fake_home)
    assert again.returncode == 1 and "not installed" in again.stderr


def test_uninstall_refuses_names_that_are_paths(fake_home: Path) -> None:
    victim = fake_home / "precious"
    victim.mkdir()
    proc = cli(
        "skills", "uninstall", "../../precious", "--platform", "cursor", "--home", fake_home, "--force"
    )
    assert proc.returncode == 1 and "not a skill name" in proc.stderr
    assert victim.is_dir()


def test_install_over_its_own_source_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "repo"
    source = project / "skills" / "pet-video"
    source.mkdir(parents=True)
    shutil.copy(bundled_skills_dir() / "photographer-video" / "SKILL.md", source / "SKILL.md")
    text = (source / "SKILL.md").read_text().replace("name: photographer-video", "name: pet-video")
    (source / "SKILL.md").write_text(text)
    proc = cli("skills", "install", str(source), "--platform", "clawhub", "--project", project, "--force")
    assert proc.returncode == 1 and "own source folder" in proc.stderr
    assert not (source / "scripts").exists()


def test_unknown_skill_and_bad_platform(fake_home: Path) -> None:
    proc = cli("skills", "install", "no-such-skill", "--platform", "cursor", "--home", fake_home)
    assert proc.returncode == 1
    assert "unknown skill 'no-such-skill'" in proc.stderr and "photographer-video" in proc.stderr
    bad = cli("skills", "install", "photographer-video", "--platform", "vscode", "--home", fake_home)
    assert bad.returncode == 1 and "invalid choice" in bad.stderr  # a usage error: the user can fix it


def test_list_shows_installed_copies_and_whether_they_are_out_of_date(fake_home: Path) -> None:
    new = ("skills", "new", "pet-video", "--emoji", "🐶", "--mood", "upbeat")
    assert cli(*new, "--description", "Turns pet photos into a playful video.").returncode == 0
    assert cli("skills", "install", "pet-video", "--platform", "clawhub", "--home", fake_home).returncode == 0
    install_skill(
        load_skill(bundled_skills_dir() / "free-photo-to-video-ai", "bundled"), "cursor", home=fake_home
    )

    rows = {(r.name, r.origin, r.platform): r for r in list_skills(home=fake_home)}
    assert {(n, "bundled", "unknown") for n in BUNDLED} <= set(rows)
    assert rows[("pet-video", "user", "unknown")].status == "-"
    assert rows[("pet-video", "installed", "clawhub")].status == "current"
    assert rows[("free-photo-to-video-ai", "installed", "cursor")].status == "current"

    # The author changes the variant: the installed copy is now out of date.
    proc = cli(*new, "--description", "Turns pet photos into a funny video.", "--force")
    assert proc.returncode == 0, proc.stderr
    proc = cli("skills", "list", "--json", "--home", fake_home)
    assert proc.returncode == 0, proc.stderr
    listed = {(e["name"], e["origin"], e["platform"]): e for e in json.loads(proc.stdout)["skills"]}
    pet = listed[("pet-video", "installed", "clawhub")]
    assert pet["status"] == "outdated" and pet["version"] == "1.0.0"
    assert pet["path"] == str(fake_home / ".clawhub" / "skills" / "pet-video")
    assert listed[("free-photo-to-video-ai", "installed", "cursor")]["status"] == "current"
    text = cli("skills", "list", "--home", fake_home)
    assert "STATUS" in text.stdout and "outdated" in text.stdout


def _mcp_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("project", [False, True])
def test_mcp_flag_merges_the_server_into_cursors_mcp_json(fake_home: Path, project: bool) -> None:
    base = fake_home / "proj" if project else fake_home
    config = base / ".cursor" / "mcp.json"
    config.parent.mkdir(parents=True)
    other = {"command": "npx", "args": ["-y", "some-server"], "env": {"KEY": "v"}}
    config.write_text(json.dumps({"mcpServers": {"other": other}, "theme": "dark"}), encoding="utf-8")
    args = [
        "skills",
        "install",
        "free-photo-to-video-ai",
        "--platform",
        "cursor",
        "--home",
        fake_home,
        "--mcp",
    ]
    if project:
        args += ["--project", base]
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    assert str(config) in proc.stdout
    data = _mcp_json(config)
    assert data["theme"] == "dark" and data["mcpServers"]["other"] == other  # nothing clobbered
    entry = data["mcpServers"]["nemo-skill"]
    launcher = base / ".cursor" / "skills" / "free-photo-to-video-ai" / "scripts" / "nemo-skill"
    assert entry == {"command": str(launcher), "args": ["mcp"]}
    # Installing again changes nothing; uninstalling takes only our entry out.
    assert cli(*args, "--force").returncode == 0
    assert _mcp_json(config)["mcpServers"]["nemo-skill"] == entry
    uninstall = ["skills", "uninstall", "free-photo-to-video-ai", "--platform", "cursor", "--home", fake_home]
    assert cli(*uninstall, *(["--project", base] if project else [])).returncode == 0
    assert _mcp_json(config)["mcpServers"] == {"other": other}


def test_mcp_flag_starts_a_missing_mcp_json_and_refuses_a_broken_one(fake_home: Path) -> None:
    args = ["skills", "install", "photographer-video", "--platform", "cursor", "--home", fake_home, "--mcp"]
    config = fake_home / ".cursor" / "mcp.json"
    assert cli(*args).returncode == 0
    assert set(_mcp_json(config)["mcpServers"]) == {"nemo-skill"}
    config.write_text("{not json", encoding="utf-8")
    proc = cli(*args, "--force")
    assert proc.returncode == 1 and "not valid JSON" in proc.stderr and "nothing was changed" in proc.stderr
    assert config.read_text(encoding="utf-8") == "{not json"


def test_mcp_flag_is_for_one_cursor_skill(fake_home: Path) -> None:
    for extra in (["--platform", "claude"], ["wedding-invitation-video", "--platform", "cursor"]):
        proc = cli("skills", "install", "photographer-video", *extra, "--home", fake_home, "--mcp")
        assert proc.returncode == 1 and "--mcp" in proc.stderr
    assert not (fake_home / ".cursor" / "mcp.json").exists()


@pytest.mark.slow
def test_installed_mcp_entry_starts_a_server_that_lists_the_tools(fake_home: Path, tmp_path: Path) -> None:
    import anyio
    from mcp import Client, StdioServerParameters

    assert (
        cli(
            "skills", "install", "photographer-video", "--platform", "cursor", "--home", fake_home, "--mcp"
        ).returncode
        == 0
    )
    entry = _mcp_json(fake_home / ".cursor" / "mcp.json")["mcpServers"]["nemo-skill"]
    params = StdioServerParameters(
        command=entry["command"],
        args=entry["args"],
        env={"NEMO_SKILL_HOME": str(tmp_path / "h"), "HOME": str(fake_home)},
    )

    async def main() -> set[str]:
        async with Client(params) as client:
            return {tool.name for tool in (await client.list_tools()).tools}

    assert "edit_video" in anyio.run(main)
