"""The tool registry: one :class:`ToolSpec` per tool, turned into MCP tools on an ``MCPServer``.

A tool is a name, a description written for a model, a pydantic input model, a
pydantic output model, its annotations and a handler ``(input, call) -> Answer``.
Adding a tool is adding one spec to :data:`nemo_skill.mcp_server.tools.TOOLS`.

The SDK derives a tool's input schema from the function's signature, so each handler
is wrapped in a function whose signature lists the input model's fields (their types,
constraints, defaults and descriptions); the model itself then validates the call,
cross-field rules included. The return annotation ``Annotated[CallToolResult, Output]``
publishes the output model as the tool's output schema while the tool keeps control
of its content blocks (text for the model, plus images).
"""

from __future__ import annotations

import base64
import inspect
import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, Field, ValidationError

from .._exceptions import NemoError

log = logging.getLogger("nemo_skill.mcp")

In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)


@dataclass(frozen=True)
class Answer(Generic[Out]):
    """What a handler returns: the structured output, the words for the model, and images."""

    output: Out
    text: str
    png_images: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class Hints:
    """MCP tool annotations: what a client may assume about a call."""

    read_only: bool = False
    destructive: bool = False
    idempotent: bool = False
    open_world: bool = False


class CallOpener(Protocol):
    """Gives each tool call what it works with (see :mod:`.access`)."""

    def open(self, ctx: Any) -> AbstractContextManager[Any]: ...


@dataclass(frozen=True)
class ToolSpec(Generic[In, Out]):
    name: str
    title: str
    description: str
    input_model: type[In]
    output_model: type[Out]
    handler: Callable[[In, Any], Answer[Out]]
    hints: Hints = field(default_factory=Hints)


def _parameters(model: type[BaseModel]) -> Iterator[inspect.Parameter]:
    for name, info in model.model_fields.items():
        # The field's own constraints and description, without its default: the
        # default goes on the parameter, where the SDK reads it.
        parts = (info.annotation, *info.metadata, Field(description=info.description))
        annotation = Annotated[parts]  # type: ignore[valid-type]  # a tuple spreads: Annotated[a, b, c]
        default = (
            inspect.Parameter.empty if info.is_required() else info.get_default(call_default_factory=True)
        )
        yield inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


def _first_problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    message = str(err["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def tool_function(spec: ToolSpec[Any, Any], opener: CallOpener) -> Callable[..., Any]:
    """The function the SDK registers for ``spec``: validate, open the call, run, convert."""
    from mcp.server.mcpserver import Context
    from mcp.server.mcpserver.exceptions import ToolError
    from mcp.types import CallToolResult, ImageContent, TextContent

    def run(**kwargs: Any) -> CallToolResult:
        ctx = kwargs.pop("ctx")
        try:
            args = spec.input_model.model_validate(kwargs)
        except ValidationError as exc:
            raise ToolError(_first_problem(exc)) from None
        try:
            with opener.open(ctx) as call:
                answer = spec.handler(args, call)
        except NemoError as exc:
            # The project's errors are written for a person to act on: the model gets them whole.
            log.info("tool %s: %s", spec.name, type(exc).__name__)
            raise ToolError(str(exc)) from None
        blocks: list[Any] = [TextContent(type="text", text=answer.text)]
        blocks += [
            ImageContent(type="image", data=base64.b64encode(png).decode("ascii"), mime_type="image/png")
            for png in answer.png_images
        ]
        return CallToolResult(content=blocks, structured_content=answer.output.model_dump(mode="json"))

    returns = Annotated[CallToolResult, spec.output_model]
    params = [*_parameters(spec.input_model)]
    params.append(inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context))
    run.__name__ = spec.name
    run.__doc__ = spec.description
    run.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    # The SDK finds the Context parameter through the annotations.
    run.__annotations__ = {"ctx": Context, "return": returns}
    return run


def register(server: Any, specs: tuple[ToolSpec[Any, Any], ...], opener: CallOpener) -> None:
    """Add every spec to an ``MCPServer``."""
    from mcp.types import ToolAnnotations

    for spec in specs:
        hints = spec.hints
        annotations = ToolAnnotations(
            title=spec.title,
            read_only_hint=hints.read_only,
            # The spec defines these two only for tools that write.
            destructive_hint=None if hints.read_only else hints.destructive,
            idempotent_hint=None if hints.read_only else hints.idempotent,
            open_world_hint=hints.open_world,
        )
        server.add_tool(
            tool_function(spec, opener),
            name=spec.name,
            title=spec.title,
            description=spec.description,
            annotations=annotations,
        )
