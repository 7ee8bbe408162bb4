"""The MCP server, driven by the official SDK's own client against the real local backend.

In memory (``Client(server)``) for the whole job, over stdio (``nemo-skill mcp`` as a
subprocess) and over streamable HTTP (``/mcp`` of ``nemo-skill serve``, bearer token).
"""

from __future__ import annotations

import base64
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from backend_helpers import new_token
from conftest import LocalServer
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, ImageContent, TextContent
from test_client_backend import photos

from nemo_skill.interpreter.edits import EDIT_OPS
from nemo_skill.mcp_server import build_server
from nemo_skill.mcp_server.access import LocalAccess
from nemo_skill.models.mcp import (
    ApplyEditsOutput,
    CreditsOutput,
    EditVideoOutput,
    ExportVideoOutput,
    GetExportOutput,
    OptionsOutput,
    TimelineOutput,
    UploadMediaOutput,
)

PINNED = {
    "upload_media",
    "edit_video",
    "apply_edits",
    "get_timeline",
    "export_video",
    "get_export",
    "get_credits",
    "list_options",
}


def run(body: Callable[[Client], Awaitable[Any]], target: Any = None) -> Any:
    """Connect the SDK client to ``target`` (default: the in-memory server) and run ``body``."""

    async def main() -> Any:
        async with Client(target if target is not None else build_server(LocalAccess())) as client:
            return await body(client)

    return anyio.run(main)


def text_of(result: CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if isinstance(block, TextContent))


async def call_ok(client: Client, name: str, args: dict[str, Any]) -> CallToolResult:
    result = await client.call_tool(name, args)
    assert not result.is_error, text_of(result)
    return result


async def wait_export(client: Client, export_id: str, timeout: float = 240) -> GetExportOutput:
    with anyio.fail_after(timeout):
        while True:
            result = await call_ok(client, "get_export", {"id": export_id})
            state = GetExportOutput.model_validate(result.structured_content)
            if state.status in ("completed", "failed"):
                return state
            await anyio.sleep(0.3)


def test_tools_are_listed_with_schemas_and_annotations(client_env: Path) -> None:
    async def body(client: Client) -> Any:
        return (await client.list_tools()).tools

    tools = {tool.name: tool for tool in run(body)}
    assert set(tools) == PINNED
    for tool in tools.values():
        assert tool.description and len(tool.description) > 40, tool.name
        assert tool.input_schema["type"] == "object"
        assert tool.output_schema is not None and tool.output_schema["type"] == "object"
        assert tool.annotations is not None
    upload = tools["upload_media"].input_schema["properties"]
    assert upload["paths"]["type"] == "array" and "description" in upload["paths"]
    assert set(tools["export_video"].input_schema["properties"]["quality"]["enum"]) == {"draft", "high"}
    assert tools["get_timeline"].annotations.read_only_hint is True
    assert tools["get_credits"].annotations.read_only_hint is True
    edit = tools["edit_video"].annotations
    assert edit.read_only_hint is False and edit.destructive_hint is False and edit.idempotent_hint is False
    assert tools["get_export"].annotations.idempotent_hint is True
    assert "completed" in json.dumps(tools["get_export"].output_schema)
    apply = tools["apply_edits"]
    hints = apply.annotations
    assert (hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint) == (False, False, False)
    items = apply.input_schema["properties"]["edits"]["items"]
    assert "$ref" not in json.dumps(apply.input_schema)  # self-contained: clients need not follow refs
    variants = {v["properties"]["op"]["const"]: v for v in items["oneOf"]}
    assert set(variants) == set(EDIT_OPS)
    for op, variant in variants.items():
        assert variant["description"], op  # each op documented for the model
        assert variant["required"][0] == "op" and variant["additionalProperties"] is False, op
    assert set(variants["set_aspect"]["properties"]["aspect"]["enum"]) >= {"16:9", "9:16", "1:1", "4:5"}
    assert variants["move_photo"]["required"] == ["op", "from"]
    assert "applied" in apply.output_schema["properties"]


@pytest.mark.slow
def test_the_whole_job_in_memory(client_env: Path, tmp_path: Path) -> None:
    files = [str(p) for p in photos(tmp_path, 3)]
    target = tmp_path / "out" / "video.mp4"
    target.parent.mkdir()

    async def body(client: Client) -> dict[str, Any]:
        out: dict[str, Any] = {}
        out["credits0"] = CreditsOutput.model_validate(
            (await call_ok(client, "get_credits", {})).structured_content
        )
        uploaded = await call_ok(client, "upload_media", {"paths": files, "new_session": True})
        out["upload"] = UploadMediaOutput.model_validate(uploaded.structured_content)
        edited = await call_ok(client, "edit_video", {"message": "make a 2-second 1:1 video with a fade"})
        out["edit"] = EditVideoOutput.model_validate(edited.structured_content)
        timeline = await call_ok(client, "get_timeline", {})
        out["timeline"] = TimelineOutput.model_validate(timeline.structured_content)
        out["images"] = [b for b in timeline.content if isinstance(b, ImageContent)]
        started = await call_ok(client, "export_video", {"quality": "draft", "output": str(target)})
        out["started"] = ExportVideoOutput.model_validate(started.structured_content)
        out["done"] = await wait_export(client, out["started"].id)
        again = await call_ok(client, "get_export", {"id": out["started"].id})
        out["again"] = GetExportOutput.model_validate(again.structured_content)
        out["credits1"] = CreditsOutput.model_validate(
            (await call_ok(client, "get_credits", {})).structured_content
        )
        return out

    out = run(body)
    assert [m.filename for m in out["upload"].media] == ["photo_0.jpg", "photo_1.jpg", "photo_2.jpg"]
    assert all(m.file_type == "image" and m.width == 320 for m in out["upload"].media)
    edit: EditVideoOutput = out["edit"]
    assert edit.changed and edit.reply
    assert edit.summary.startswith("Timeline (") and "3 photos" in edit.summary
    timeline: TimelineOutput = out["timeline"]
    assert timeline.summary == edit.summary
    assert timeline.draft is not None and timeline.draft["m"]["w"] == timeline.draft["m"]["h"]
    assert len(timeline.media) == 3 and timeline.storyboard
    assert len(out["images"]) == 1 and out["images"][0].mime_type == "image/png"
    assert base64.b64decode(out["images"][0].data).startswith(b"\x89PNG")
    assert out["started"].output == str(target) and out["started"].status in ("pending", "processing")
    done: GetExportOutput = out["done"]
    assert done.status == "completed", done.error
    assert done.path == str(target) and target.is_file() and target.stat().st_size > 1000
    assert target.read_bytes()[4:8] == b"ftyp"
    assert out["again"].path == str(target)  # asking again does not download again
    assert out["credits1"].available < out["credits0"].available  # the edit cost credits


@pytest.mark.slow
def test_export_without_output_goes_to_the_exports_folder(client_env: Path, tmp_path: Path) -> None:
    files = [str(p) for p in photos(tmp_path, 2)]

    async def body(client: Client) -> GetExportOutput:
        await call_ok(client, "upload_media", {"paths": files, "new_session": True})
        await call_ok(client, "edit_video", {"message": "a 1-second video"})
        started = ExportVideoOutput.model_validate(
            (await call_ok(client, "export_video", {"quality": "draft"})).structured_content
        )
        assert started.output is not None and started.output.startswith(str(client_env / "exports"))
        return await wait_export(client, started.id)

    done = run(body)
    assert done.status == "completed" and done.path is not None
    assert Path(done.path).parent == client_env / "exports" and Path(done.path).stat().st_size > 1000


def test_bad_calls_are_tool_errors_with_actionable_messages(client_env: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.jpg"
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a photo")

    async def body(client: Client) -> dict[str, CallToolResult]:
        return {
            "empty": await client.call_tool("upload_media", {}),
            "missing": await client.call_tool("upload_media", {"paths": [str(missing)]}),
            "type": await client.call_tool("upload_media", {"paths": [str(text_file)]}),
            "typo": await client.call_tool("edit_video", {"mesage": "hi"}),
            "blank": await client.call_tool("edit_video", {"message": ""}),
            "quality": await client.call_tool("export_video", {"quality": "ultra"}),
            "relative": await client.call_tool("export_video", {"output": "out.mp4"}),
            "id": await client.call_tool("get_export", {"id": "../../etc/passwd"}),
            "empty_export": await client.call_tool("export_video", {"quality": "draft"}),
        }

    results = run(body)
    for name, result in results.items():
        assert result.is_error, name
        assert "Traceback" not in text_of(result), name
    assert "paths" in text_of(results["empty"]) and "urls" in text_of(results["empty"])
    assert str(missing) in text_of(results["missing"])
    assert "notes.txt" in text_of(results["type"])
    assert "mesage" in text_of(results["typo"])
    assert "absolute" in text_of(results["relative"])
    assert "timeline is empty" in text_of(results["empty_export"])
    assert not any((client_env / "exports").glob("*.mp4")) if (client_env / "exports").exists() else True


def test_list_options_names_what_the_editor_knows(client_env: Path) -> None:
    async def body(client: Client) -> CallToolResult:
        return await call_ok(client, "list_options", {})

    result = run(body)
    options = OptionsOutput.model_validate(result.structured_content)
    assert {"16:9", "9:16", "1:1", "4:5"} <= set(options.aspects)
    assert "fade" in options.transitions and "bw" in options.filters
    assert "romantic" in options.moods and "title" in options.text_roles
    assert "lower-third" in options.text_positions
    ops = {op.op: op for op in options.edit_ops}
    assert list(ops) == list(EDIT_OPS)  # read from the models: a new op shows up by itself
    move = {arg.name: arg for arg in ops["move_photo"].arguments}
    assert move["from"].required and not move["to"].required and '"start"' in move["to"].type
    title = {arg.name: arg for arg in ops["set_title"].arguments}
    assert "lower-third" in (title["position"].description or "")
    assert ops["undo"].arguments == [] and ops["undo"].description
    assert "set_aspect(aspect: " in text_of(result)


@pytest.mark.slow
def test_apply_edits_in_memory(client_env: Path, tmp_path: Path) -> None:
    files = [str(p) for p in photos(tmp_path, 3)]

    async def body(client: Client) -> dict[str, Any]:
        out: dict[str, Any] = {}
        await call_ok(client, "upload_media", {"paths": files, "new_session": True})
        made = await call_ok(
            client, "apply_edits", {"edits": [{"op": "generate"}, {"op": "set_length", "seconds": 6}]}
        )
        out["made"] = ApplyEditsOutput.model_validate(made.structured_content)
        out["before"] = TimelineOutput.model_validate(
            (await call_ok(client, "get_timeline", {})).structured_content
        )
        edits = [
            {"op": "set_aspect", "aspect": "1:1"},
            {"op": "move_photo", "from": 3, "to": 1},
            {"op": "set_title", "text": "x", "color": "sparkly"},
        ]
        out["bad"] = await client.call_tool("apply_edits", {"edits": edits})
        out["impossible"] = await client.call_tool(
            "apply_edits", {"edits": [*edits[:2], {"op": "remove_photo", "photo": 9}]}
        )
        out["empty"] = await client.call_tool("apply_edits", {"edits": []})
        out["after_bad"] = TimelineOutput.model_validate(
            (await call_ok(client, "get_timeline", {})).structured_content
        )
        good = await call_ok(client, "apply_edits", {"edits": edits[:2]})
        out["good"] = ApplyEditsOutput.model_validate(good.structured_content)
        out["good_text"] = text_of(good)
        undo = await call_ok(client, "apply_edits", {"edits": [{"op": "undo"}]})
        out["undo"] = ApplyEditsOutput.model_validate(undo.structured_content)
        out["credits"] = CreditsOutput.model_validate(
            (await call_ok(client, "get_credits", {})).structured_content
        )
        return out

    out = run(body)
    made: ApplyEditsOutput = out["made"]
    assert made.changed and [a.op for a in made.applied] == ["generate_draft", "set_length"]
    assert "3 photos (0-6s)" in made.summary
    for name in ("bad", "impossible"):
        assert out[name].is_error and ": edit 3 (" in text_of(out[name]), text_of(out[name])
    assert "edit 3 (set_title): color: unknown colour 'sparkly'" in text_of(out["bad"])
    assert "remove_photo" in text_of(out["impossible"]) and "only 3" in text_of(out["impossible"])
    assert out["empty"].is_error and "no edits given" in text_of(out["empty"])
    assert out["after_bad"].draft == out["before"].draft  # nothing changed
    good: ApplyEditsOutput = out["good"]
    assert good.changed and [a.op for a in good.applied] == ["set_aspect", "move_photo"]
    assert all(a.changed for a in good.applied) and good.summary in out["good_text"]
    assert out["undo"].changed and out["undo"].applied[0].op == "undo"
    assert out["credits"].available == 100 - 5 - 1  # generate 5, one edit request 1, undo and errors 0


def test_apply_edits_against_the_hosted_service_is_a_tool_error(nemo_home: Path) -> None:
    async def body(client: Client) -> CallToolResult:
        return await client.call_tool("apply_edits", {"edits": [{"op": "undo"}]})

    result = run(body, build_server(LocalAccess(api_base="cloud")))
    assert result.is_error
    assert "structured edits need the local backend: the hosted service" in text_of(result)
    assert "edit_video" in text_of(result)


def _stdio_params(home: Path, api_base: str) -> StdioServerParameters:
    env = {"NEMO_SKILL_HOME": str(home), "NEMO_API_BASE": api_base}
    env.update({k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "VIRTUAL_ENV")})
    return StdioServerParameters(
        command=sys.executable, args=["-m", "nemo_skill", "mcp", "--skill", "photographer-video"], env=env
    )


@pytest.mark.slow
def test_over_stdio_upload_edit_and_credits(
    client_env: Path, local_server: LocalServer, tmp_path: Path
) -> None:
    files = [str(p) for p in photos(tmp_path, 2)]

    async def body(client: Client) -> tuple[set[str], UploadMediaOutput, EditVideoOutput, CallToolResult]:
        names = {tool.name for tool in (await client.list_tools()).tools}
        uploaded = await call_ok(client, "upload_media", {"paths": files, "new_session": True})
        edited = await call_ok(client, "edit_video", {"message": "make it 9:16 with romantic music"})
        bad = await client.call_tool("get_export", {"id": "render_1"})
        return (
            names,
            UploadMediaOutput.model_validate(uploaded.structured_content),
            EditVideoOutput.model_validate(edited.structured_content),
            bad,
        )

    names, uploaded, edited, bad = run(body, _stdio_params(client_env, local_server.url))
    assert names == PINNED
    assert len(uploaded.media) == 2
    assert edited.changed and "BGM" in edited.summary
    assert bad.is_error and "render_1" in text_of(bad)
    # The subprocess remembered the session like the CLI does: same home, same skill.
    sessions = json.loads((client_env / "sessions.json").read_text())["sessions"]
    assert any(key.startswith("photographer-video @") for key in sessions)


def test_stdio_with_an_unknown_skill_fails_in_one_line(client_env: Path) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "nemo_skill", "mcp", "--skill", "no-such-skill"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "no-such-skill" in done.stderr
    assert done.stdout == ""


def _http_client(url: str, token: str | None) -> Any:
    import httpx2
    from mcp.client.streamable_http import streamable_http_client

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    http = httpx2.AsyncClient(
        headers=headers, timeout=httpx2.Timeout(60.0, read=300.0), follow_redirects=True
    )
    return http, streamable_http_client(f"{url}/mcp", http_client=http)


def test_served_over_http_behind_the_bearer_token(local_server: LocalServer, nemo_home: Path) -> None:
    import httpx

    refused = httpx.post(f"{local_server.url}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert refused.status_code == 401 and refused.json()["code"] == 1001
    wrong = httpx.post(
        f"{local_server.url}/mcp",
        json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
        headers={"Authorization": "Bearer not-a-token"},
    )
    assert wrong.status_code == 401

    token = new_token(local_server.url)["token"]

    async def main() -> tuple[set[str], CreditsOutput, CallToolResult, CallToolResult, CallToolResult]:
        http, transport = _http_client(local_server.url, token)
        async with http, Client(transport) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            credits = CreditsOutput.model_validate(
                (await call_ok(client, "get_credits", {})).structured_content
            )
            paths = await client.call_tool("upload_media", {"paths": ["/etc/hostname"]})
            output = await client.call_tool("export_video", {"output": "/tmp/x.mp4"})
            undo = await client.call_tool("apply_edits", {"edits": [{"op": "undo"}]})
            return names, credits, paths, output, undo

    names, credits, paths, output, undo = anyio.run(main)
    assert names == PINNED
    assert credits.available == 100  # the token's own account: a fresh anonymous one
    assert paths.is_error and "over HTTP" in text_of(paths)
    assert output.is_error and "over HTTP" in text_of(output)
    # Typed edits reach this server's endpoint with the caller's token (a new session: nothing to undo).
    assert undo.is_error and "edit 1 (undo): There is nothing to undo yet." in text_of(undo)
