"""The SKILL.md loader: a good manifest loads; every bad one gives one line naming file and problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from nemo_skill import ManifestError
from nemo_skill.manifest import load_manifest

META = {
    "openclaw": {
        "emoji": "📸",
        "requires": {"env": [], "configPaths": ["~/.config/nemovideo/"]},
        "primaryEnv": "NEMO_TOKEN",
    },
    "nemo": {
        "max_file_mb": 200,
        "formats": ["JPG", ".png"],
        "defaults": {"aspect": "9:16", "mood": "upbeat"},
        "keywords": {"export": ["deliver"]},
    },
}


def frontmatter(**overrides: str) -> str:
    fields = {
        "name": "demo-skill",
        "version": '"1.2.3"',
        "displayName": '"Demo Skill"',
        "description": "Turns photos into a video.",
        "metadata": json.dumps(META, ensure_ascii=False),
    }
    fields.update(overrides)
    lines = [f"{k}: {v}" for k, v in fields.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n# Demo\n\nBody text.\n"


def write_skill(root: Path, text: str | bytes, folder: str = "demo-skill") -> Path:
    skill = root / folder
    skill.mkdir(parents=True, exist_ok=True)
    path = skill / "SKILL.md"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_good_manifest_loads_with_settings(tmp_path: Path) -> None:
    m = load_manifest(write_skill(tmp_path, frontmatter()))
    assert (m.name, m.version, m.display_name) == ("demo-skill", "1.2.3", "Demo Skill")
    assert m.settings.max_file_mb == 200
    assert m.settings.formats == ("jpg", "png")
    assert m.settings.defaults.aspect == "9:16"
    assert m.settings.defaults.length_s == 30  # default kept
    assert m.settings.keywords == {"export": ("deliver",)}
    assert m.emoji == "📸"
    assert m.body.startswith("# Demo")
    assert m.body_line == 8


def test_folder_path_is_accepted(tmp_path: Path) -> None:
    path = write_skill(tmp_path, frontmatter())
    assert load_manifest(path.parent).path == path.resolve()


def test_metadata_as_yaml_mapping(tmp_path: Path) -> None:
    text = frontmatter(metadata=None).replace(
        "---\n# Demo", 'metadata:\n  openclaw:\n    emoji: "x"\n---\n# Demo'
    )
    assert load_manifest(write_skill(tmp_path, text)).emoji == "x"


def test_model_is_frozen(tmp_path: Path) -> None:
    m = load_manifest(write_skill(tmp_path, frontmatter()))
    with pytest.raises(ValidationError):
        m.name = "other"  # type: ignore[misc]


def test_unknown_top_level_keys_are_reported_not_typed(tmp_path: Path) -> None:
    m = load_manifest(write_skill(tmp_path, frontmatter(colour="blue")))
    assert m.extra_keys == ("colour",)
    assert not hasattr(m, "colour")


BAD: list[tuple[str, str | bytes, str]] = [
    ("empty", "", "is empty"),
    ("no-frontmatter", "# Just a body\n", "no frontmatter"),
    ("unterminated", "---\nname: demo-skill\n", "not terminated"),
    ("not-mapping", "---\n- a\n- b\n---\nbody\n", "must be a YAML mapping"),
    ("bad-yaml", "---\nname: [unclosed\n---\n", "invalid YAML"),
    ("bad-json", frontmatter(metadata='{"openclaw": '), "metadata is not valid JSON"),
    ("wrong-name", frontmatter(name="other-skill"), "does not match the folder"),
    ("upper", frontmatter(name="Demo-Skill"), "lowercase"),
    ("double-hyphen", frontmatter(name="demo--skill"), "lowercase"),
    ("not-semver", frontmatter(version='"1.2"'), "not semver"),
    ("float-version", frontmatter(version="1.10"), "read as a number"),
    ("long-description", frontmatter(description="x" * 1025), "over 1024"),
    ("non-utf8", b"---\nname: demo-skill\ndescription: caf\xe9\n---\n", "not valid UTF-8"),
    (
        "bad-nemo",
        frontmatter(metadata=json.dumps({"nemo": {"max_file_mb": "lots"}})),
        "metadata.nemo.max_file_mb",
    ),
    (
        "bad-keywords",
        frontmatter(metadata=json.dumps({"nemo": {"keywords": {"dance": ["x"]}}})),
        "unknown action",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_manifest_is_one_clear_line(tmp_path: Path, case: str, text: str | bytes, expected: str) -> None:
    folder = "Demo-Skill" if case == "upper" else "demo--skill" if case == "double-hyphen" else "demo-skill"
    path = write_skill(tmp_path, text, folder)
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    message = str(info.value)
    assert expected in message
    assert str(path.name) in message
    assert "\n" not in message


def test_float_version_hint_says_quote(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="quote it"):
        load_manifest(write_skill(tmp_path, frontmatter(version="1.10")))


def test_missing_file(tmp_path: Path) -> None:
    (tmp_path / "demo-skill").mkdir()
    with pytest.raises(ManifestError, match=r"SKILL\.md not found"):
        load_manifest(tmp_path / "demo-skill")


def test_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop-skill"
    loop.symlink_to(loop)
    with pytest.raises(ManifestError, match=r"symlink loop"):
        load_manifest(loop)


def test_secret_values_are_not_echoed(tmp_path: Path) -> None:
    secret = "nemo_" + "s3cr3tT0kenValue1234567890"
    text = frontmatter(metadata=json.dumps({"nemo": {"max_file_mb": secret}}))
    with pytest.raises(ManifestError) as info:
        load_manifest(write_skill(tmp_path, text))
    assert secret not in str(info.value)


def test_metadata_json_string_that_is_invalid(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="metadata is not valid JSON"):
        load_manifest(write_skill(tmp_path, frontmatter(metadata="'{\"openclaw\": }'")))


def test_symlink_loop_found_while_reading(tmp_path: Path) -> None:
    """Python 3.13's resolve() no longer raises on a loop; the read does (ELOOP)."""
    from nemo_skill.manifest import _read_text

    loop = tmp_path / "SKILL.md"
    loop.symlink_to(loop)
    with pytest.raises(ManifestError, match=r"symlink loop"):
        _read_text(loop)
