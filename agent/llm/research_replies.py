"""The reply schemas of the research prompts (what the model must answer, as pydantic models).

The JSON schema sent with each request is generated from these (`strict_json_schema`); they
accept a few near-misses small local models make (one citation as an object, url/quote beside
the value) rather than spending a re-ask on them. Unknown keys are ignored.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, model_validator
from pydantic import Field as PydanticField

Value = str | int | float | bool | list[str] | None


class Citation(BaseModel):
    """A URL and a verbatim quote, as the model gives them."""

    url: str = ""
    quote: str = ""


class _Lenient(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def _near_misses(cls, data: Any) -> Any:
        """Accept one citation as an object, or url/quote beside the value."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if isinstance(data.get("evidence"), dict):
            data["evidence"] = [data["evidence"]]
        if "evidence" not in data and ("quote" in data or "url" in data):
            data["evidence"] = [{"url": data.pop("url", ""), "quote": data.pop("quote", "")}]
        return data


class FactAnswer(_Lenient):
    """One firmographic field's value."""

    field: str
    value: Value = None
    evidence: list[Citation] = PydanticField(default_factory=list)
    confidence: float = 0.5


class TechnologyAnswer(_Lenient):
    """A technology the company uses."""

    name: str
    category: str = ""
    evidence: list[Citation] = PydanticField(default_factory=list)


class FirmographicsReply(BaseModel):
    """The reply to `research_firmographics`."""

    facts: list[FactAnswer] = PydanticField(default_factory=list)
    technologies: list[TechnologyAnswer] = PydanticField(default_factory=list)


class SpecializedAnswer(_Lenient):
    """The answer to one specialized question."""

    key: str
    value: Value = None
    evidence: list[Citation] = PydanticField(default_factory=list)
    confidence: float = 0.5


class SpecializedReply(BaseModel):
    """The reply to `answer_specialized`."""

    answers: list[SpecializedAnswer] = PydanticField(default_factory=list)
