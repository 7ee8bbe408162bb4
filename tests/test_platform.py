"""Platform detection from where a SKILL.md really lives (fake home, real folders and links)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_skill.platform import detect_platform


def skill_at(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "SKILL.md").write_text("---\nname: x\n---\n", encoding="utf-8")
    return folder / "SKILL.md"


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        (".clawhub/skills/photographer-video", "clawhub"),
        (".openclaw/skills/photographer-video", "openclaw"),
        (".openclaw/workspace/skills/photographer-video", "openclaw"),
        (".agents/skills/photographer-video", "agents"),
        (".cursor/skills/photographer-video", "cursor"),
        (".claude/skills/photographer-video", "claude"),
        ("code/nemo-skill/skills/photographer-video", "unknown"),
        (".config/skills/photographer-video", "unknown"),
    ],
)
def test_user_level_folders(tmp_path: Path, relative: str, expected: str) -> None:
    home = tmp_path / "home"
    assert detect_platform(skill_at(home / relative), home=home) == expected


def test_project_cursor_folder(tmp_path: Path) -> None:
    assert (
        detect_platform(skill_at(tmp_path / "proj" / ".cursor" / "skills" / "s"), home=tmp_path / "h")
        == "cursor"
    )


@pytest.mark.parametrize(
    ("folder", "expected"), [(".agents", "agents"), (".cursor", "cursor"), (".claude", "claude")]
)
def test_project_level_folders(tmp_path: Path, folder: str, expected: str) -> None:
    md = skill_at(tmp_path / "proj" / folder / "skills" / "s")
    assert detect_platform(md, home=tmp_path / "h") == expected


def test_openclaw_workspace_skill_is_known_by_its_install_record(tmp_path: Path) -> None:
    md = skill_at(tmp_path / "ws" / "skills" / "s")
    assert detect_platform(md, home=tmp_path / "h") == "unknown"
    (md.parent / ".nemo-skill.json").write_text('{"platform": "openclaw"}', encoding="utf-8")
    assert detect_platform(md, home=tmp_path / "h") == "openclaw"
    (md.parent / ".nemo-skill.json").write_text("not json", encoding="utf-8")
    assert detect_platform(md, home=tmp_path / "h") == "unknown"


def test_clawhub_workspace_skill_with_origin(tmp_path: Path) -> None:
    md = skill_at(tmp_path / "ws" / "skills" / "s")
    assert detect_platform(md, home=tmp_path / "h") == "unknown"
    (md.parent / ".clawhub").mkdir()
    (md.parent / ".clawhub" / "origin.json").write_text("{}", encoding="utf-8")
    assert detect_platform(md, home=tmp_path / "h") == "clawhub"


def test_symlink_is_judged_by_its_target(tmp_path: Path) -> None:
    home = tmp_path / "home"
    real = skill_at(home / ".cursor" / "skills" / "s")
    link = tmp_path / "elsewhere"
    link.symlink_to(real.parent)
    assert detect_platform(link / "SKILL.md", home=home) == "cursor"
    # ... and a link *into* a platform folder pointing at a checkout is the checkout.
    checkout = skill_at(tmp_path / "checkout" / "s2")
    (home / ".clawhub" / "skills").mkdir(parents=True)
    (home / ".clawhub" / "skills" / "s2").symlink_to(checkout.parent)
    assert detect_platform(home / ".clawhub" / "skills" / "s2" / "SKILL.md", home=home) == "unknown"


def test_tilde_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    skill_at(tmp_path / ".clawhub" / "skills" / "s")
    assert detect_platform(Path("~/.clawhub/skills/s/SKILL.md")) == "clawhub"


def test_nemo_skill_home_does_not_matter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    md = skill_at(home / ".cursor" / "skills" / "s")
    monkeypatch.setenv("NEMO_SKILL_HOME", str(tmp_path / "other"))
    assert detect_platform(md, home=home) == "cursor"
