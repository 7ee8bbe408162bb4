"""Structured edits on the wire: the local backend's extension of the protocol
(``POST /api/local/v1/sessions/<sid>/edits``, docs/local-backend.md), shared by the
client, the backend and the MCP tool ``apply_edits``.

The edits themselves are the interpreter's typed models (``nemo_skill.interpreter.edits``,
a discriminated union on ``op``); this module wraps them in a request and an answer and
derives from them the two things a caller reads: the JSON schema (self-contained, for
MCP clients) and the list of ops with their arguments (``list_options``, ``edit --list``).

Not imported by ``nemo_skill.models`` itself: the union imports the interpreter, which
imports the models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._exceptions import EditError
from ..interpreter.edits import EDIT_ADAPTER, Edit, parse_edits
from .protocol import EDITS

__all__ = [
    "EDITS_PATH",
    "MAX_EDITS",
    "AppliedEdit",
    "EditArgument",
    "EditOp",
    "EditsAnswer",
    "EditsRequest",
    "edit_ops",
    "edits_json_schema",
]

EDITS_PATH = EDITS.template
"""The structured-edits endpoint's path template (:data:`nemo_skill.models.protocol.EDITS`)."""
MAX_EDITS = 200


class EditsRequest(BaseModel):
    """The body: edits applied in order, all or none."""

    model_config = ConfigDict(extra="forbid")

    edits: list[Edit] = Field(min_length=1, max_length=MAX_EDITS)
    expected_version: int | None = Field(
        default=None,
        ge=0,
        description="The draft version the edits were made against (0: none yet); another one is 409.",
    )

    @classmethod
    def parse(cls, payload: Any) -> EditsRequest:
        """The request from a JSON body; EditError names what is wrong (the edit's number, op, field)."""
        if not isinstance(payload, Mapping):
            raise EditError('the body must be a JSON object: {"edits": [{"op": ...}, ...]}')
        edits = payload.get("edits")
        if not isinstance(edits, Sequence) or isinstance(edits, str | bytes):
            raise EditError('"edits" must be a list, e.g. [{"op": "set_aspect", "aspect": "9:16"}]')
        if not edits:
            raise EditError("no edits given", hint='e.g. [{"op": "set_aspect", "aspect": "9:16"}]')
        if len(edits) > MAX_EDITS:
            raise EditError(f"at most {MAX_EDITS} edits in one request")
        parsed = parse_edits(edits)
        try:
            return cls.model_validate({**payload, "edits": parsed})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise EditError(f"{where}: {str(first['msg']).removeprefix('Value error, ')}") from None

    def wire(self) -> dict[str, Any]:
        """The JSON body (``from`` spelt as on the wire)."""
        body: dict[str, Any] = {"edits": [{"op": edit.op, **edit.args()} for edit in self.edits]}
        if self.expected_version is not None:
            body["expected_version"] = self.expected_version
        return body


class AppliedEdit(BaseModel):
    """One edit as applied (a tool_call/tool_result pair of the stream)."""

    op: str = Field(description="The edit's op (generate_draft for a new video).")
    args: dict[str, Any] = Field(default_factory=dict, description="Its arguments, as applied.")
    changed: bool | None = Field(None, description="Whether this edit changed the timeline.")
    message: str | None = Field(None, description="What it did, in a sentence.")


class EditsAnswer(BaseModel):
    """The JSON answer (``Accept: application/json``); SSE clients get the same as events."""

    model_config = ConfigDict(extra="allow")

    reply: str
    changed: bool
    cost: int = Field(
        description="Credits charged: 1 for edits that changed the draft, 5 with generate, 0 else."
    )
    applied: list[AppliedEdit]
    understood: list[str] = Field(default_factory=list)
    version: int = Field(description="The draft version now (0: no draft yet).")
    previous_version: int | None = None
    redo_version: int | None = None
    draft: dict[str, Any] | None = None


# --- what callers read about the ops ---------------------------------------------------


class EditArgument(BaseModel):
    name: str
    type: str = Field(description='e.g. "number", "integer | string", one of "16:9" | "9:16".')
    required: bool
    description: str | None = None
    default: Any = None


class EditOp(BaseModel):
    op: str
    description: str
    arguments: list[EditArgument]

    def signature(self) -> str:
        """``set_title(text?: string, role?: "title" | ...)``: ``?`` marks what may be left out."""
        args = ", ".join(f"{a.name}{'' if a.required else '?'}: {a.type}" for a in self.arguments)
        return f"{self.op}({args})"


def _compact(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every ``$ref`` inlined (some MCP clients do not follow them),
    without pydantic's titles, and ``null`` left out of optional fields."""
    if isinstance(node, list):
        return [_compact(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _compact(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("title", "discriminator", "$defs"):
            continue  # the discriminator's mapping names $refs; each variant's op const says it
        if key == "description" and isinstance(value, str):
            value = " ".join(value.replace("``", "`").split())
        out[key] = _compact(value, defs) if key not in ("default", "const", "enum") else value
    branches = out.get("anyOf")
    if isinstance(branches, list) and {"type": "null"} in branches:
        kept = [branch for branch in branches if branch != {"type": "null"}]
        out.pop("anyOf")
        if out.get("default") is None:
            out.pop("default", None)
        out = {**kept[0], **out} if len(kept) == 1 else {"anyOf": kept, **out}
    return out


@cache
def edits_json_schema() -> dict[str, Any]:
    """The JSON schema of one edit: ``oneOf`` the ops, each an object with its ``op`` const
    (required), its fields and its description; self-contained."""
    raw = EDIT_ADAPTER.json_schema()
    schema = _compact(raw, raw.get("$defs", {}))
    for variant in schema["oneOf"]:
        variant["required"] = ["op", *[name for name in variant.get("required", []) if name != "op"]]
        variant["properties"]["op"].pop("default", None)
    return {"type": "object", **schema}


def _type_of(schema: dict[str, Any]) -> str:
    if "const" in schema:
        return repr(schema["const"]).replace("'", '"')
    if "enum" in schema:
        return " | ".join(f'"{value}"' for value in schema["enum"])
    if "anyOf" in schema:
        return " | ".join(dict.fromkeys(_type_of(branch) for branch in schema["anyOf"]))
    if schema.get("type") == "array":
        return f"list of ({_type_of(schema.get('items', {}))})"
    return str(schema.get("type", "any"))


@cache
def edit_ops() -> tuple[EditOp, ...]:
    """Every op with its description and arguments, read from the models (never a hand list)."""
    ops = []
    for variant in edits_json_schema()["oneOf"]:
        required = set(variant.get("required", []))
        arguments = [
            EditArgument(
                name=name,
                type=_type_of(field),
                required=name in required,
                description=field.get("description"),
                default=field.get("default"),
            )
            for name, field in variant["properties"].items()
            if name != "op"
        ]
        ops.append(
            EditOp(
                op=variant["properties"]["op"]["const"],
                description=variant.get("description", ""),
                arguments=arguments,
            )
        )
    return tuple(ops)
