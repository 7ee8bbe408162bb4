"""Which copy of a skill the runtime acts as, and so which platform it reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nemo_skill import ConfigError
from nemo_skill.skills_registry import DEFAULT_SKILL, bundled_skills_dir, find_skill

NAME = "wedding-invitation-video"


@pytest.fixture
def fake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NEMO_SKILL_HOME", str(tmp_path / "nemo-home"))
    monkeypatch.delenv("NEMO_SKILL_DIR", raising=False)
    return home


def copy_to(home: Path, relative: str) -> Path:
    target = home / relative / NAME
    shutil.copytree(bundled_skills_dir() / NAME, target)
    return target


def test_bundled_copy_is_unknown_platform(fake_home: Path) -> None:
    skill = find_skill(NAME)
    assert skill.origin == "bundled" and skill.headers()["X-Skill-Platform"] == "unknown"


@pytest.mark.parametrize(
    ("relative", "platform"), [(".cursor/skills", "cursor"), (".clawhub/skills", "clawhub")]
)
def test_a_hand_copied_install_is_attributed_to_its_platform(
    fake_home: Path, relative: str, platform: str
) -> None:
    folder = copy_to(fake_home, relative)
    skill = find_skill(NAME)
    assert skill.folder == folder.resolve()
    assert skill.headers() == {
        "X-Skill-Source": NAME,
        "X-Skill-Version": skill.manifest.version,
        "X-Skill-Platform": platform,
    }


def test_copies_on_two_platforms_cannot_be_told_apart_by_name(fake_home: Path) -> None:
    copy_to(fake_home, ".cursor/skills")
    copy_to(fake_home, ".clawhub/skills")
    assert find_skill(NAME).headers()["X-Skill-Platform"] == "unknown"


def test_skill_dir_wins(fake_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_to(fake_home, ".cursor/skills")
    copy_to(fake_home, ".clawhub/skills")
    monkeypatch.setenv("NEMO_SKILL_DIR", str(folder))
    assert find_skill().headers()["X-Skill-Platform"] == "cursor"


def test_default_and_unknown(fake_home: Path) -> None:
    assert find_skill().name == DEFAULT_SKILL
    with pytest.raises(ConfigError, match="unknown skill 'nope'"):
        find_skill("nope")
