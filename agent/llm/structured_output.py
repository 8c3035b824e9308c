"""Structured output: strict JSON schemas from pydantic models, and reading JSON replies.

Replies are read past `<think>` blocks (reasoning models), code fences and chatty prose, then
validated; `ReplyError` says what was wrong in words the re-ask can hand back to the model.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tools.safe_json import JsonRefused, loads_bounded

T = TypeVar("T", bound=BaseModel)


class ReplyError(ValueError):
    """One reply could not be read as the requested JSON."""


def strict_json_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """Return the model's JSON schema in the strict form structured outputs accept."""

    def strict(node: Any, names: bool = False) -> Any:
        # `names`: the keys of this dict are property or model names, not schema keywords
        if isinstance(node, dict):
            node = {
                key: strict(value, not names and key in ("properties", "$defs"))
                for key, value in node.items()
                if names or key not in ("default", "title", "description")
            }
            if not names and node.get("type") == "object" and "properties" in node:
                node["required"] = list(node["properties"])
                node["additionalProperties"] = False
            return node
        if isinstance(node, list):
            return [strict(item) for item in node]
        return node

    return strict(schema.model_json_schema())


_THINK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.S | re.I)
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.S)


def extract_json(text: str | None) -> Any:
    """Return the JSON value in a reply, skipping `<think>` blocks, code fences and prose."""
    if not text or not text.strip():
        raise ReplyError("the reply was empty")
    text = _THINK.sub("", text)
    if "</think>" in text:  # some servers strip the opening tag but keep the closing one
        text = text.rsplit("</think>", 1)[1]
    if fence := _FENCE.search(text):
        text = fence.group(1)
    text = text.strip()
    try:
        return loads_bounded(text)
    except JsonRefused as exc:
        raise ReplyError(f"the reply is not usable JSON: {exc}") from None
    except json.JSONDecodeError:
        pass
    start = text.find("{")
    if start >= 0:
        try:
            # bounded above: the whole text's nesting is within the limit
            return json.JSONDecoder().raw_decode(text[start:])[0]
        except json.JSONDecodeError as exc:
            raise ReplyError(f"the reply is not valid JSON: {exc}") from None
    raise ReplyError("the reply contains no JSON object")


def parse_reply(text: str | None, schema: type[T]) -> T:
    """Read and validate a reply; raise `ReplyError` saying what is wrong."""
    value = extract_json(text)
    try:
        return schema.model_validate(value)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}" for e in exc.errors()
        ]
        raise ReplyError("; ".join(problems[:8])) from None
