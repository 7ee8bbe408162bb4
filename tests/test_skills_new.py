"""`nemo-skill skills new`: a variant file (or flags) becomes a complete, valid skill folder."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import cli

from nemo_skill.cli.main import command_check
from nemo_skill.manifest import load_manifest
from nemo_skill.skilltools.lints import lint_skill

VARIANT = """\
name: ignored-name
description: >
  Turns photos of a pet into a short, playful vertical video with bouncy music.
  Use it when someone wants to share their dog or cat on social media.
emoji: "🐶"
examples: [make a playful video of my dog]
defaults: {aspect: "9:16", length_s: 20, mood: upbeat}
keywords:
  export: [share it with my friends]
max_file_mb: 50
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEMO_SKILL_HOME", str(tmp_path / "nemo-home"))
    return tmp_path / "nemo-home"


def new(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    assert os.environ["NEMO_SKILL_HOME"] == str(home)
    return cli("skills", "new", *args)


def test_from_file_into_the_user_skills_folder(home: Path, tmp_path: Path) -> None:
    variant = tmp_path / "pet.yaml"
    variant.write_text(VARIANT, encoding="utf-8")
    proc = new(home, "pet-video", "--from", variant, "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    folder = home / "skills" / "pet-video"
    assert result == {
        "ok": True,
        "action": "skills new",
        "text": result["text"],
        "error": None,
        "code": None,
        "hint": None,
        "name": "pet-video",
        "path": str(folder),
        "warnings": [],
    }
    assert result["text"].startswith(f"created pet-video 1.0.0: {folder / 'SKILL.md'}")
    manifest = load_manifest(folder)  # NAME on the command line wins over the file's name
    assert manifest.name == "pet-video" and manifest.display_name == "Pet Video"
    assert manifest.settings.max_file_mb == 50
    assert manifest.settings.defaults.aspect == "9:16" and manifest.settings.defaults.length_s == 20
    assert lint_skill(folder, check_command=command_check()) == []
    # The runtime finds it by name, and routes with its extra keywords.
    route = cli("route", "share it with my friends", "--skill", "pet-video", "--json")
    assert route.returncode == 0, route.stderr
    assert json.loads(route.stdout)["action"] == "export"


def test_flags_override_the_file_and_out_dir(home: Path, tmp_path: Path) -> None:
    variant = tmp_path / "pet.yaml"
    variant.write_text(VARIANT, encoding="utf-8")
    out = tmp_path / "repo" / "skills"
    proc = new(
        home, "cat-video", "--from", variant, "--out", out, "--mood", "calm", "--emoji", "🐱", "--tip", "Sun!"
    )
    assert proc.returncode == 0, proc.stderr
    manifest = load_manifest(out / "cat-video")
    assert manifest.settings.defaults.mood == "calm"
    assert manifest.settings.defaults.aspect == "9:16"  # kept from the file
    assert manifest.emoji == "🐱"
    assert "- Sun!" in manifest.body
    assert not (home / "skills").exists()


def test_flags_only(home: Path) -> None:
    proc = new(home, "tiny-video", "--description", "Makes tiny videos.", "--version", "0.2.0")
    assert proc.returncode == 0, proc.stderr
    manifest = load_manifest(home / "skills" / "tiny-video")
    assert manifest.version == "0.2.0"
    assert manifest.settings.max_file_mb == 500  # the default


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("good-name",), "needs a description"),
        (("Bad_Name", "--description", "x"), "lowercase"),
        (("good-name", "--description", "x", "--version", "1.0"), "semver"),
        (("good-name", "--description", "x", "--max-file-mb", "0"), "max_file_mb"),
        (("photographer-video", "--description", "x"), "bundled skill"),
        (("good-name", "--from", "/nonexistent/variant.yaml"), "not found"),
    ],
)
def test_bad_input_is_one_line(home: Path, args: tuple[str, ...], words: str) -> None:
    proc = new(home, *args)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0]
    assert not (home / "skills" / "good-name").exists()


def test_bad_variant_files(home: Path, tmp_path: Path) -> None:
    cases = {
        "syntax.yaml": ("name: [unclosed\n", "invalid YAML"),
        "list.yaml": ("- a\n- b\n", "mapping"),
        "typo.yaml": ("description: d\ntip: [x]\n", "tip"),
        "float.yaml": ("description: d\nversion: 1.10\n", "quote it"),
        "latin1.yaml": (b"description: caf\xe9\n", "UTF-8"),
    }
    for filename, (content, words) in cases.items():
        path = tmp_path / filename
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        proc = new(home, "good-name", "--from", path)
        assert proc.returncode == 1, filename
        assert words in proc.stderr and filename in proc.stderr and "Traceback" not in proc.stderr


def test_existing_folder_needs_force_and_unwritable_out(home: Path, tmp_path: Path) -> None:
    assert new(home, "pet-video", "--description", "one").returncode == 0
    again = new(home, "pet-video", "--description", "two")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert new(home, "pet-video", "--description", "two", "--force").returncode == 0
    assert load_manifest(home / "skills" / "pet-video").description == "two"
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    proc = new(home, "pet-video", "--description", "x", "--out", blocker)
    assert proc.returncode == 1 and "cannot write" in proc.stderr and "Traceback" not in proc.stderr
