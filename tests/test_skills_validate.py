"""`nemo-skill skills validate`: manifest errors and body lints, one line per broken rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest

from nemo_skill.cli.main import command_check
from nemo_skill.routing_table import routing_table_markdown
from nemo_skill.skilltools.lints import MIN_BODY_CHARS, RULE_SET_NAMES, Finding
from nemo_skill.skilltools.lints import lint_skill as lint_without_commands


def lint_skill(path: Path, rule_set: Literal["all", "spec", "clawhub", "nemo"] = "all") -> list[Finding]:
    """What ``skills validate`` checks: the commands too, with the CLI's own parser."""
    return lint_without_commands(path, rule_set, check_command=command_check())


ROOT = Path(__file__).resolve().parent.parent

FRONT = """---
name: {name}
description: Turns photos into a video; used by the validator's tests.
metadata:
  version: "1.0.0"
  displayName: "Lint Test"
  openclaw:
    emoji: "🧪"
    primaryEnv: "NEMO_TOKEN"
    requires:
      configPaths:
        - "~/.config/nemovideo/"
---
"""

# Commands limited to the ones every checkout has (route, skills), so these tests do not
# depend on the client commands being present.
BODY = f"""
# Lint test

This skill exists for the validator's tests. It explains what it does in enough words to
pass the minimum body length, shows how to run the runtime, and prints the routing table.

Check where a message would go with `nemo-skill route "export it" --json`, and list the
skills with:

```sh
nemo-skill skills list --json
scripts/nemo-skill route "how many credits do I have?"
```

See [the routing table](#routing) for the actions.

## Routing

{routing_table_markdown()}
"""


def make_skill(root: Path, name: str = "lint-test", body: str = BODY, front: str | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "SKILL.md").write_text((front or FRONT.format(name=name)) + body, encoding="utf-8")
    return folder


def validate(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEMO_SKILL_HOME": os.environ.get("NEMO_SKILL_HOME", "/nonexistent-nemo-home")}
    return subprocess.run(
        [sys.executable, "-m", "nemo_skill", "skills", "validate", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def rules(folder: Path) -> dict[str, str]:
    return {f.rule: f.severity for f in lint_skill(folder)}


# --- bad input, each through the CLI as a subprocess ------------------------------------


def _write(folder: Path, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    (folder / "SKILL.md").write_bytes(data)
    return folder


GOOD_FRONT = FRONT.format(name="bad-skill")
BAD_INPUTS: dict[str, tuple[object, str]] = {
    # case: (SKILL.md content, or None for no file; words the one-line error must contain)
    "missing": (None, "not found"),
    "empty": ("", "empty"),
    "no-frontmatter": ("# Just a heading\n\nNo frontmatter here.\n", "no frontmatter"),
    "unterminated": ('---\nname: bad-skill\nversion: "1.0.0"\n\n# body\n', "not terminated"),
    "not-a-mapping": ("---\n- a\n- list\n---\nbody\n", "mapping"),
    "metadata-json": (
        GOOD_FRONT.replace('  displayName: "Lint Test"', "  nemo: '{\"max_file_mb\": }'"),
        "metadata",
    ),
    "name-mismatch": (GOOD_FRONT.replace("name: bad-skill", "name: other-skill"), "folder"),
    "name-uppercase": (GOOD_FRONT.replace("name: bad-skill", "name: Bad-Skill"), "lowercase"),
    "name-double-hyphen": (GOOD_FRONT.replace("name: bad-skill", "name: bad--skill"), "lowercase"),
    "version-not-semver": (GOOD_FRONT.replace('version: "1.0.0"', 'version: "one"'), "semver"),
    "version-float": (GOOD_FRONT.replace('version: "1.0.0"', "version: 1.10"), "quote"),
    "description-too-long": (
        GOOD_FRONT.replace("description: Turns", "description: " + "x" * 1100 + " Turns"),
        "over 1024",
    ),
    "non-utf8": (GOOD_FRONT.encode("utf-8") + b"\n# caf\xe9 \xff\n", "UTF-8"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_skill_md_is_one_clear_line(case: str, tmp_path: Path) -> None:
    content, words = BAD_INPUTS[case]
    folder = tmp_path / "bad-skill"
    if content is None:
        folder.mkdir()
    else:
        _write(folder, content)  # type: ignore[arg-type]
    proc = validate(folder)
    assert proc.returncode == 1
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, proc.stdout
    assert str(folder / "SKILL.md") in lines[0]
    assert words.lower() in lines[0].lower()
    # The rule and the rule set it belongs to: the spec's, or this runtime's loader.
    assert lines[0].endswith(", Agent Skills spec]") or lines[0].endswith("[manifest, nemo-skill]")


def test_symlink_loop_folder_is_one_clear_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop-skill"
    loop.symlink_to(loop)
    proc = validate(loop)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "loop-skill" in lines[0] and "symlink loop" in lines[0]


def test_several_paths_report_each_and_json_is_parseable(tmp_path: Path) -> None:
    good = make_skill(tmp_path)
    bad = _write(tmp_path / "bad-skill", "")
    proc = validate(good, bad, "--json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["ok"] is False
    by_path = {Path(s["path"]).parent.name: s for s in report["skills"]}
    assert by_path["lint-test"]["ok"] is True
    assert by_path["bad-skill"]["ok"] is False
    assert by_path["bad-skill"]["findings"][0]["rule"] == "manifest"


def test_folder_of_skills_is_expanded(tmp_path: Path) -> None:
    make_skill(tmp_path, "first-skill")
    make_skill(tmp_path, "second-skill")
    proc = validate(tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "2 skill(s) checked" in proc.stderr


# --- body lints (in process: the rules themselves) -------------------------------------


def test_clean_skill_has_no_findings(tmp_path: Path) -> None:
    assert lint_skill(make_skill(tmp_path)) == []


def test_missing_routing_table(tmp_path: Path) -> None:
    folder = make_skill(tmp_path, body=BODY.replace(routing_table_markdown(), "(no table)"))
    assert rules(folder)["routing-table"] == "error"


def test_routing_table_that_drifted_from_the_router(tmp_path: Path) -> None:
    folder = make_skill(tmp_path, body=BODY.replace("| export | no |", "| export | yes |"))
    findings = [f for f in lint_skill(folder) if f.rule == "routing-table"]
    assert findings and "differs" in findings[0].message and findings[0].line


def test_command_the_cli_does_not_know(tmp_path: Path) -> None:
    body = BODY + "\nThen run `nemo-skill teleport --now` and `scripts/nemo-skill` (the launcher).\n"
    findings = [f for f in lint_skill(make_skill(tmp_path, body=body)) if f.rule == "command"]
    assert len(findings) == 1
    assert "teleport" in findings[0].message
    assert "invalid choice" in findings[0].message


def test_command_missing_a_required_argument(tmp_path: Path) -> None:
    body = BODY + "\nRun `scripts/nemo-skill route --json` to see.\n"
    findings = [f for f in lint_skill(make_skill(tmp_path, body=body)) if f.rule == "command"]
    assert len(findings) == 1
    assert findings[0].message.endswith("the following arguments are required: text")
    assert findings[0].line is not None


def test_command_with_a_flag_the_parser_rejects(tmp_path: Path) -> None:
    body = BODY + '\n```sh\nnemo-skill route "hi" \\\n  --no-such-flag\n```\n'
    findings = [f for f in lint_skill(make_skill(tmp_path, body=body)) if f.rule == "command"]
    assert len(findings) == 1 and "--no-such-flag" in findings[0].message


def test_command_with_unbalanced_quotes(tmp_path: Path) -> None:
    body = BODY + '\nRun `nemo-skill route "unclosed` now.\n'
    findings = [f for f in lint_skill(make_skill(tmp_path, body=body)) if f.rule == "command"]
    assert len(findings) == 1 and "split" in findings[0].message


def test_links(tmp_path: Path) -> None:
    body = (
        BODY
        + "\n[a](docs/missing.md) [b](#no-such-heading) [c](../outside.md) [d]() [ok](https://example.com)\n"
    )
    findings = [f.message for f in lint_skill(make_skill(tmp_path, body=body)) if f.rule == "link"]
    assert len(findings) == 4
    assert any("missing.md does not exist" in m for m in findings)
    assert any("#no-such-heading" in m for m in findings)
    assert any("outside the skill folder" in m for m in findings)
    assert any("empty target" in m for m in findings)


def test_existing_relative_link_is_fine(tmp_path: Path) -> None:
    folder = make_skill(tmp_path, body=BODY + "\nMore in [the notes](notes.md).\n")
    (folder / "notes.md").write_text("notes", encoding="utf-8")
    assert "link" not in rules(folder)


def test_template_leftovers(tmp_path: Path) -> None:
    body = BODY + "\nMade for {{ v.audience }}.\n"
    assert rules(make_skill(tmp_path, body=body))["placeholder"] == "error"


@pytest.mark.parametrize(
    "secret",
    [
        "NEMO_TOKEN=abcdefghijklmnopqrstuvwxyz123456",
        "Authorization: Bearer abcdefghijklmnopqrstuvwxyz123456",
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "-----BEGIN RSA PRIVATE KEY-----",
    ],
)
def test_secret_looking_strings_are_reported_without_echoing_them(secret: str, tmp_path: Path) -> None:
    folder = make_skill(tmp_path, body=BODY + f"\nSet it up with {secret} first.\n")
    findings = [f for f in lint_skill(folder) if f.rule == "secret"]
    assert findings and findings[0].severity == "error"
    assert all(secret not in str(f) for f in findings)


def test_secret_in_another_file_of_the_skill(tmp_path: Path) -> None:
    folder = make_skill(tmp_path)
    (folder / "scripts").mkdir()
    (folder / "scripts" / "helper.sh").write_text(
        "export API_KEY=sk-abcdefghijklmnopqrstuvwx\n", encoding="utf-8"
    )
    findings = [f for f in lint_skill(folder) if f.rule == "secret"]
    assert findings and findings[0].file.name == "helper.sh"


def test_placeholder_token_names_are_not_secrets(tmp_path: Path) -> None:
    body = BODY + "\nSet NEMO_TOKEN=<your token> or export NEMO_TOKEN=$TOKEN; primaryEnv is NEMO_TOKEN.\n"
    assert "secret" not in rules(make_skill(tmp_path, body=body))


def test_short_body(tmp_path: Path) -> None:
    folder = make_skill(tmp_path, body="\n# Tiny\n\n" + routing_table_markdown()[:10] + "\n")
    findings = {f.rule: f for f in lint_skill(folder)}
    assert findings["body-length"].severity == "error"
    assert str(MIN_BODY_CHARS) in findings["body-length"].message


def test_long_description_is_a_warning_not_an_error(tmp_path: Path) -> None:
    front = FRONT.format(name="lint-test").replace(
        "description: Turns", "description: " + "word " * 70 + "Turns"
    )
    folder = make_skill(tmp_path, front=front)
    assert rules(folder) == {"description-length": "warning"}
    proc = validate(folder)
    assert proc.returncode == 0
    assert "[description-length, ClawHub]" in proc.stdout
    assert validate(folder, "--strict").returncode == 1


def test_short_name_breaks_the_clawhub_slug_rule(tmp_path: Path) -> None:
    folder = make_skill(tmp_path, name="ab")
    assert rules(folder)["slug"] == "error"


def test_mandatory_env_in_openclaw_block_is_a_warning(tmp_path: Path) -> None:
    front = FRONT.format(name="lint-test").replace(
        "    requires:\n", '    requires:\n      env:\n        - "NEMO_TOKEN"\n'
    )
    assert rules(make_skill(tmp_path, front=front)) == {"openclaw-metadata": "warning"}


def test_each_finding_is_one_line_naming_file_and_rule(tmp_path: Path) -> None:
    body = BODY.replace(routing_table_markdown(), "") + "\n`nemo-skill nope`\n{{ x }}\n"
    for finding in lint_skill(make_skill(tmp_path, body=body)):
        text = str(finding)
        assert "\n" not in text
        assert text.startswith(str(tmp_path / "lint-test" / "SKILL.md"))
        assert text.endswith(f"[{finding.rule}, {RULE_SET_NAMES[finding.rule_set]}]")


def test_bundled_skills_validate() -> None:
    """All three bundled skills pass every rule (needs the client commands for the command lint)."""
    proc = validate()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 skill(s) checked, 0 error(s)" in proc.stderr


def test_defaults_the_runtime_does_not_know(tmp_path: Path) -> None:
    nemo = """  nemo: '{"defaults": {"mood": "playful", "transition": "swirl", "aspect": "16:9"}}'\n"""
    front = FRONT.format(name="lint-test").replace("  openclaw:\n", nemo + "  openclaw:\n")
    findings = [f for f in lint_skill(make_skill(tmp_path, front=front)) if f.rule == "defaults"]
    messages = " ".join(f.message for f in findings)
    assert len(findings) == 2 and "'playful'" in messages and "'swirl'" in messages
    assert "romantic" in messages  # the message lists what would work


# --- the rule sets: the Agent Skills spec and ClawHub ------------------------------------

OLD_LAYOUT = """---
name: {name}
version: "1.0.0"
displayName: "Lint Test"
description: Turns photos into a video; used by the validator's tests.
metadata: {{"openclaw": {{"emoji": "🧪", "primaryEnv": "NEMO_TOKEN"}}, "nemo": {{"max_file_mb": 50}}}}
---
"""


def test_old_layout_breaks_the_spec_and_says_what_to_move(tmp_path: Path) -> None:
    folder = make_skill(tmp_path, front=OLD_LAYOUT.format(name="lint-test"))
    spec = lint_skill(folder, rule_set="spec")
    assert {f.rule for f in spec} == {"keys", "metadata", "yaml"}
    assert all(f.rule_set == "spec" and f.severity == "error" for f in spec)
    messages = " ".join(f.message for f in spec)
    assert "metadata.version" in messages and "metadata.displayName" in messages
    assert "metadata.nemo is a dict" in messages
    assert lint_skill(folder, rule_set="clawhub") == []  # ClawHub reads the old layout fine
    proc = validate(folder, "--for", "spec")
    assert proc.returncode == 1 and proc.stdout.count("Agent Skills spec]") == len(spec)
    assert validate(folder, "--for", "clawhub").returncode == 0


def test_metadata_values_are_strings_except_openclaw(tmp_path: Path) -> None:
    front = FRONT.format(name="lint-test").replace("  openclaw:\n", "  extra:\n    deep: x\n  openclaw:\n")
    findings = lint_skill(make_skill(tmp_path, front=front), rule_set="spec")
    assert [(f.rule, "metadata.extra" in f.message) for f in findings] == [("metadata", True)]


def test_compatibility_over_500_and_a_long_body(tmp_path: Path) -> None:
    front = FRONT.format(name="lint-test").replace("metadata:\n", f"compatibility: {'x' * 501}\nmetadata:\n")
    body = BODY + "\n".join(f"line {i}" for i in range(600)) + "\n"
    findings = {f.rule: f for f in lint_skill(make_skill(tmp_path, front=front, body=body), rule_set="spec")}
    assert findings["compatibility"].severity == "error" and "501" in findings["compatibility"].message
    assert findings["body-budget"].severity == "warning" and "references/" in findings["body-budget"].message


def test_json_output_names_the_rule_set(tmp_path: Path) -> None:
    folder = make_skill(tmp_path, name="ab", front=OLD_LAYOUT.format(name="ab"))
    proc = validate(folder, "--json")
    report = json.loads(proc.stdout)
    sets = {(f["rule"], f["rule_set"]) for f in report["skills"][0]["findings"]}
    assert ("slug", "clawhub") in sets and ("keys", "spec") in sets
