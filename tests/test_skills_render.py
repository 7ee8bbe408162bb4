"""The bundled skills are rendered from skills/<name>/variant.yaml + one template (one source of truth)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nemo_skill import ManifestError
from nemo_skill.manifest import VARIANT_FILE, load_manifest
from nemo_skill.routing_table import routing_table_markdown
from nemo_skill.skilltools.commands import find_commands
from nemo_skill.skilltools.skill_md import render_skill_files, render_skill_md
from nemo_skill.skilltools.variant import load_variant, variant_from_mapping

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ("photographer-video", "free-photo-to-video-ai", "wedding-invitation-video")

# The facts each bundled skill must carry (shared/skills.md and the brief's recipes).
EXPECTED = {
    "photographer-video": {"max_file_mb": 500, "aspect": "16:9", "mood": "cinematic", "length": (25, 35)},
    "free-photo-to-video-ai": {"max_file_mb": 200, "aspect": "9:16", "mood": "upbeat", "length": (15, 20)},
    "wedding-invitation-video": {
        "max_file_mb": 500,
        "aspect": "9:16",
        "mood": "romantic",
        "length": (55, 65),
    },
}


@pytest.mark.parametrize("name", BUNDLED)
def test_committed_skill_files_equal_rendered(name: str) -> None:
    variant = load_variant(ROOT / "skills" / name / VARIANT_FILE)
    files = render_skill_files(variant)
    assert set(files) == {"SKILL.md", "references/REFERENCE.md"}
    for relative, text in files.items():
        committed = (ROOT / "skills" / name / relative).read_text(encoding="utf-8")
        assert committed == text, (
            f"skills/{name}/{relative} differs from its variant: run python tools/render_skills.py"
        )
    assert files["SKILL.md"] == render_skill_md(variant)


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_skill_passes_the_spec_reference_validator(name: str) -> None:
    from skills_ref import validate

    assert validate(ROOT / "skills" / name) == []


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_skill_is_read_as_openclaw_reads_it(name: str) -> None:
    """OpenClaw turns a YAML mapping under metadata into JSON and looks for an object at .openclaw."""
    import yaml

    block = (ROOT / "skills" / name / "SKILL.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    front = yaml.safe_load(block.removeprefix("---\n"))
    openclaw = json.loads(json.dumps(front["metadata"]))["openclaw"]
    assert isinstance(openclaw, dict)
    assert openclaw["primaryEnv"] == "NEMO_TOKEN" and openclaw["emoji"]
    assert openclaw["requires"]["anyBins"] == ["nemo-skill", "sh"]
    assert "env" not in openclaw["requires"]  # nothing mandatory: the token is optional
    # Every other metadata value is a string, as the spec asks.
    assert all(isinstance(v, str) for k, v in front["metadata"].items() if k != "openclaw")
    assert set(front) <= {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}


def test_render_tool_check_mode_agrees() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "render_skills.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_manifest_carries_the_skill_facts(name: str) -> None:
    manifest = load_manifest(ROOT / "skills" / name)
    facts = EXPECTED[name]
    assert manifest.name == name
    assert manifest.version == "1.0.0"
    text = manifest.path.read_text(encoding="utf-8")
    assert '  version: "1.0.0"' in text  # under metadata, quoted
    metadata = manifest.metadata
    assert metadata["openclaw"]["requires"]["configPaths"] == ["~/.config/nemovideo/"]
    assert metadata["openclaw"]["primaryEnv"] == "NEMO_TOKEN"
    assert metadata["openclaw"]["emoji"]
    assert json.loads(metadata["nemo"])["max_file_mb"] == facts["max_file_mb"]  # a JSON string
    settings = manifest.settings
    assert settings.max_file_mb == facts["max_file_mb"]
    assert settings.defaults.aspect == facts["aspect"]
    assert settings.defaults.mood == facts["mood"]
    low, high = facts["length"]
    assert low <= settings.defaults.length_s <= high
    assert settings.defaults.resolution == "1080p"
    assert len(manifest.description) <= 300
    assert routing_table_markdown(manifest.settings.keywords) in manifest.body
    assert f"the limit is {facts['max_file_mb']} MB" in manifest.body
    for code in ("1001", "1002", "2001", "4001", "4002", "402", "429"):
        assert f"| {code} |" in manifest.body
    assert "register?bind=" in manifest.body
    commands = [c.text for c in find_commands(manifest.body, manifest.body_line)]
    assert any(c.startswith("scripts/nemo-skill chat ") and "--attach" in c for c in commands)
    assert any(c.startswith("nemo-skill chat ") for c in commands)
    assert any(c.startswith("scripts/nemo-skill export -o ") for c in commands)
    assert any(c.startswith("nemo-skill make ") for c in commands)


def test_wedding_recipe_has_title_and_end_card() -> None:
    defaults = load_manifest(ROOT / "skills" / "wedding-invitation-video").settings.defaults
    assert defaults.title_card is True
    assert defaults.end_card == "Save the date"


def test_minimal_variant_gets_sensible_defaults() -> None:
    variant = variant_from_mapping({"name": "pet-video", "description": "Turns pet photos into a video."})
    text = render_skill_md(variant)
    assert 'displayName: "Pet Video"' in text
    assert "- “turn these photos into a video" in text  # the default prompt doubles as the example
    assert "{{" not in text and "{%" not in text


def test_awkward_text_survives_yaml_and_shell_quoting(tmp_path: Path) -> None:
    variant = variant_from_mapping(
        {
            "name": "quote-test",
            "display_name": 'Say "cheese": it\'s #1',
            "description": "Uses: colons, #hashes, 'quotes' and \"double quotes\" - all of them.",
            "examples": ['add the title "Tom\'s 30th"'],
        }
    )
    folder = tmp_path / "quote-test"
    folder.mkdir()
    (folder / "SKILL.md").write_text(render_skill_md(variant), encoding="utf-8")
    manifest = load_manifest(folder)
    assert manifest.display_name == 'Say "cheese": it\'s #1'
    assert manifest.description == variant.description
    import shlex

    chat = next(c.text for c in find_commands(manifest.body) if c.text.startswith("scripts/nemo-skill chat"))
    assert shlex.split(chat)[2] == 'add the title "Tom\'s 30th"'


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"name": "x-video", "description": "d", "tip": ["typo"]}, "tip"),
        ({"name": "Bad--Name", "description": "d"}, "name"),
        ({"name": "ok-video"}, "description"),
        ({"name": "ok-video", "description": "d", "version": "1.0"}, "version"),
        ({"name": "ok-video", "description": "d", "keywords": {"teleport": ["beam me"]}}, "keywords"),
        ({"name": "ok-video", "description": "d", "defaults": {"length_s": 0}}, "defaults.length_s"),
        (["not", "a", "mapping"], "mapping"),
    ],
)
def test_bad_variant_is_one_clear_line(data: object, needle: str) -> None:
    with pytest.raises(ManifestError) as info:
        variant_from_mapping(data, "v.yaml")
    message = str(info.value)
    assert message.startswith("v.yaml: ")
    assert needle in message
    assert "\n" not in message


def test_unquoted_float_version_in_variant_file_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text("name: a-video\ndescription: d\nversion: 1.10\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="quote it"):
        load_variant(path)
