"""A thin LLM client over the `openai` SDK: one structured-output method validated by pydantic.

Configuration (read once by `agent.settings`; flags win over the environment):

    OPENAI_BASE_URL        any OpenAI-compatible endpoint; alone it is enough (dummy key)
    OPENAI_API_KEY         the key (AZURE_OPENAI_API_KEY is read for *.azure.com endpoints)
    ICP_LLM_MODEL          model or Azure deployment name (default gpt-4o-mini)
    OPENAI_API_VERSION     Azure `api-version` query parameter (deployment-style URLs only)
    ICP_LLM_TIMEOUT        seconds per request (default 60)
    ICP_LLM_RETRIES        retries on 429/5xx/timeouts (default 3)
    ICP_LLM_CONCURRENCY    requests in flight (default 4)
    ICP_LLM_TOKEN_BUDGET   prompt + completion tokens per account (default 3000; agent.llm.research)
    ICP_LLM_PRICES         prices TOML; or ICP_LLM_PRICE_INPUT/OUTPUT (agent.llm.costs)

Endpoints: OpenAI (key only); Azure OpenAI (`https://RESOURCE.openai.azure.com/openai/v1/`, or
`.../openai/deployments/NAME` with OPENAI_API_VERSION); Ollama (`http://localhost:11434/v1`);
vLLM (`http://localhost:8000/v1`); llama.cpp server (`http://127.0.0.1:8765/v1`). With neither
a base URL nor a key, `agent.wiring.build_llm_client` returns None and the pipeline runs
deterministic-only.

Structured output asks for `response_format` json_schema; a server that rejects it (the
llama.cpp server answers HTTP 500) gets json_object with the schema in the prompt from then
on. A reply is read past `<think>` blocks and code fences, validated, and re-asked once with
the validation error. The SDK's own retries are off (`max_retries=0`): the retries here are
the only ones, with exponential backoff that honours Retry-After. A bare HTTP 500 on the very
first json_schema request is taken as a rejection too (llama-cpp-python gives no reason); the
cost of being wrong is only the schema's tokens in the prompt.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from agent.errors import LLMError, LLMOutputError, LLMUnavailableError
from agent.llm.costs import Prices, Usage
from agent.llm.settings import LLMSettings, is_azure
from agent.llm.structured_output import ReplyError, parse_reply, strict_json_schema

if TYPE_CHECKING:
    import openai
from agent.redaction import redact_secrets
from prompts import load_prompt
from store.llm_cache import LLMCache, input_hash
from tools.web.retry import backoff, retry_after

log = logging.getLogger("icp.llm")
T = TypeVar("T", bound=BaseModel)
DUMMY_API_KEY = "not-needed"  # local servers ignore it, the SDK insists on one


class StructuredLLM(Protocol):
    """What the research step needs from an LLM client."""

    model: str

    async def structured(
        self,
        prompt_name: str,
        variables: Mapping[str, Any],
        schema: type[T],
        *,
        cache: LLMCache | None = None,
        max_output_tokens: int | None = None,
    ) -> tuple[T, Usage]:
        """Return the validated reply to a prompt and its usage."""


_RETRY_STATUS = {408, 409, 429}
_FATAL_STATUS = {401, 403, 404}


class LLMClient:
    """Structured chat completions over one OpenAI-compatible endpoint."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        prices: Prices | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        limit: Callable[[], AbstractAsyncContextManager[Any]] | None = None,
    ):
        """Build the client.

        `limit` makes the context each request runs in: by default a semaphore of
        `settings.concurrency` in this process; on a cluster, a slot shared by every worker.
        """
        self.settings = settings
        self.model = settings.model
        self.prices = prices or Prices()
        self._sleep = sleep
        semaphore = asyncio.Semaphore(settings.concurrency)
        self._limit = limit or (lambda: semaphore)
        headers, query = {}, {}
        if settings.base_url and is_azure(settings.base_url):
            headers["api-key"] = settings.api_key or ""  # Azure's own auth header
        if settings.api_version:
            query["api-version"] = settings.api_version
        import openai  # the SDK loads in ~1 s: only a run that asks the LLM pays for it

        self._client = openai.AsyncOpenAI(
            api_key=settings.api_key or DUMMY_API_KEY,
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=0,  # ours are the only retries (see module docstring)
            default_headers=headers or None,
            default_query=query or None,
        )
        self.json_schema_supported: bool | None = None
        """None until known; False once the server rejected json_schema (then json_object)."""
        self._token_parameter = "max_tokens"
        self._send_temperature = settings.temperature is not None
        self._fatal: str | None = None

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._client.close()

    async def structured(
        self,
        prompt_name: str,
        variables: Mapping[str, Any],
        schema: type[T],
        *,
        cache: LLMCache | None = None,
        max_output_tokens: int | None = None,
    ) -> tuple[T, Usage]:
        """Return the validated reply to a prompt and its usage; cached replies cost nothing."""
        prompt = load_prompt(prompt_name)
        messages = prompt.render(**variables)
        json_schema = strict_json_schema(schema)
        digest = input_hash({"messages": messages, "schema": json_schema})
        if cache is not None and (hit := cache.get(self.model, prompt.key, digest)) is not None:
            try:
                saved = hit.prompt_tokens + hit.completion_tokens
                return schema.model_validate(hit.response), Usage(cache_hits=1, saved_tokens=saved)
            except ValidationError:
                log.warning("ignoring an invalid cached reply for %s", prompt.key)
        limit = max_output_tokens or self.settings.max_output_tokens
        text, usage = await self._complete(messages, prompt.name, json_schema, limit)
        try:
            result = parse_reply(text, schema)
        except ReplyError as first:
            log.info("re-asking %s: %s", prompt.key, first)
            reask = load_prompt("reask_invalid").render(error=str(first))[0]
            retry = [*messages, {"role": "assistant", "content": text or ""}, reask]
            try:
                text, more = await self._complete(retry, prompt.name, json_schema, limit)
            except LLMError as exc:
                exc.usage = usage + (exc.usage or Usage())
                raise
            usage = usage + more
            try:
                result = parse_reply(text, schema)
            except ReplyError as second:
                message = f"{prompt.key}: invalid reply after one re-ask: {second}"
                raise LLMOutputError(redact_secrets(message), usage) from None
        if cache is not None:
            cache.put(
                self.model, prompt.key, digest, result.model_dump(mode="json"),
                prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
            )  # fmt: skip
        return result, usage

    async def _complete(
        self, messages: list[dict[str, str]], name: str, schema: dict[str, Any], max_tokens: int
    ) -> tuple[str | None, Usage]:
        """Send one chat completion with retries; return the reply text and its usage."""
        import openai  # loaded by __init__ already

        async with self._limit():
            attempt = 0
            while True:
                if self._fatal:
                    raise LLMUnavailableError(self._fatal)
                request = self._request(messages, name, schema, max_tokens)
                try:
                    response = await self._client.chat.completions.create(**request)
                except openai.APIStatusError as exc:
                    if self._adapt_to(exc):
                        continue  # a request-shape fallback is not a retry
                    delay = self._retry_delay(exc.status_code, exc.response.headers, attempt)
                    if delay is None or attempt >= self.settings.retries:
                        raise self._error(exc) from None
                except openai.APIConnectionError as exc:  # includes timeouts
                    if attempt >= self.settings.retries:
                        message = redact_secrets(f"LLM endpoint unreachable: {exc}")
                        raise LLMUnavailableError(message) from None
                    delay = self._backoff(attempt)
                except (openai.APIError, ValueError) as exc:  # a body that is not a completion
                    if attempt >= self.settings.retries:
                        message = redact_secrets(f"LLM endpoint sent an invalid response: {exc}")
                        raise LLMUnavailableError(message) from None
                    delay = self._backoff(attempt)
                else:
                    if request["response_format"]["type"] == "json_schema":
                        self.json_schema_supported = True
                    return self._read(response, messages)
                attempt += 1
                log.info("LLM request failed; retry %d in %.1fs", attempt, delay)
                await self._sleep(delay)

    def _request(
        self, messages: list[dict[str, str]], name: str, schema: dict[str, Any], max_tokens: int
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.model, self._token_parameter: max_tokens}
        if self._send_temperature:
            request["temperature"] = self.settings.temperature
        if self.json_schema_supported is False:
            instruction = load_prompt("json_object_mode").render(schema=json.dumps(schema))[0]
            messages = _with_system_suffix(messages, instruction["content"])
            # llama.cpp's server enforces `schema` here with a grammar; others ignore it
            request["response_format"] = {"type": "json_object", "schema": schema}
        else:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": True},
            }
        request["messages"] = messages
        return request

    def _adapt_to(self, exc: openai.APIStatusError) -> bool:
        """Change the request shape once for a server that rejected it; return whether it did."""
        text = f"{exc.message} {json.dumps(exc.body, default=str)}".lower()
        if self.json_schema_supported is None and exc.status_code in (400, 415, 422, 500, 501):
            # llama-cpp-python answers json_schema with a bare 500; others name the field
            if exc.status_code == 500 or "json_schema" in text or "response_format" in text:
                log.info(
                    "server rejected json_schema (HTTP %s); using json_object", exc.status_code
                )
                self.json_schema_supported = False
                return True
        if exc.status_code == 400 and self._token_parameter == "max_tokens":
            if "max_tokens" in text and "max_completion_tokens" in text:
                self._token_parameter = "max_completion_tokens"
                return True
        if exc.status_code == 400 and self._send_temperature and "temperature" in text:
            self._send_temperature = False
            return True
        return False

    def _retry_delay(self, status: int, headers: Mapping[str, str], attempt: int) -> float | None:
        if status not in _RETRY_STATUS and status < 500:
            return None
        asked = retry_after({name.lower(): value for name, value in headers.items()})
        if asked is not None:
            return min(asked, self.settings.retry_after_max)
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        return backoff(attempt, self.settings.backoff_base, self.settings.backoff_max)

    def _error(self, exc: openai.APIStatusError) -> LLMError:
        # SDK error texts may echo the key sent (a 401 from a gateway): never pass it on
        message = redact_secrets(
            f"LLM endpoint answered HTTP {exc.status_code}: {_error_message(exc)}"
        )
        if exc.status_code in _FATAL_STATUS:
            # a wrong key or model fails every request the same way: stop sending them
            self._fatal = message
            return LLMUnavailableError(message)
        if exc.status_code in _RETRY_STATUS or exc.status_code >= 500:
            return LLMUnavailableError(message)
        return LLMError(message)

    def _read(self, response: Any, messages: list[dict[str, str]]) -> tuple[str | None, Usage]:
        text = response.choices[0].message.content if response.choices else None
        if response.usage is not None:
            prompt_tokens = response.usage.prompt_tokens or 0
            completion_tokens = response.usage.completion_tokens or 0
        else:  # some servers omit usage: estimate (4 characters a token) rather than say 0
            prompt_tokens = len(json.dumps(messages)) // 4
            completion_tokens = len(text or "") // 4
        cost = self.prices.cost(self.model, prompt_tokens, completion_tokens)
        usage = Usage(
            calls=1, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
            cost_usd=cost,
        )  # fmt: skip
        return text, usage


def _error_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        body = body["error"]
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"]
    return exc.message


def _with_system_suffix(messages: list[dict[str, str]], suffix: str) -> list[dict[str, str]]:
    if messages and messages[0]["role"] == "system":
        first = {"role": "system", "content": f"{messages[0]['content']}\n\n{suffix}"}
        return [first, *messages[1:]]
    return [{"role": "system", "content": suffix}, *messages]
