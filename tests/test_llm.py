import asyncio
import json

import pytest
from llm_server import LLMTestServer, Reply
from pydantic import BaseModel

from agent.errors import LLMError, LLMOutputError, LLMUnavailableError
from agent.llm.client import DUMMY_API_KEY, LLMClient
from agent.llm.costs import Price, Prices, Usage
from agent.llm.settings import LLMSettings
from agent.llm.structured_output import ReplyError, extract_json, parse_reply, strict_json_schema
from agent.settings import Settings
from agent.wiring import build_llm_client
from store.llm_cache import LLMCache
from tools.web.retry import backoff, retry_after

VARIABLES = {"domain": "acme.example", "questions": "- q | bool | Q?", "pages": "(none)"}


class Answer(BaseModel):
    key: str
    value: int | None = None


class Answers(BaseModel):
    answers: list[Answer] = []


GOOD = {"answers": [{"key": "q", "value": 3}]}


@pytest.fixture
def llm_server():
    with LLMTestServer() as server:
        yield server


class Sleeps:
    """Records the waits the client asks for instead of waiting."""

    def __init__(self):
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def client_for(server, sleeps=None, prices=None, **settings) -> LLMClient:
    options = {"model": "test-model", "base_url": server.url, "retries": 2, "timeout": 5.0}
    return LLMClient(LLMSettings(**(options | settings)), prices=prices, sleep=sleeps or Sleeps())


def ask(client, cache=None, variables=VARIABLES, schema=Answers):
    async def run():
        try:
            return await client.structured("answer_specialized", variables, schema, cache=cache)
        finally:
            await client.aclose()

    return asyncio.run(run())


# -- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ({}, {}, None),
        ({}, {"ICP_LLM_MODEL": "gpt-4o-mini"}, None),
        (
            {},
            {"OPENAI_BASE_URL": "http://127.0.0.1:8765/v1"},
            LLMSettings(model="gpt-4o-mini", base_url="http://127.0.0.1:8765/v1"),
        ),
        ({}, {"OPENAI_API_KEY": "sk-1"}, LLMSettings(api_key="sk-1")),
        (
            {"model": "qwen", "base_url": "http://localhost:11434/v1"},
            {"OPENAI_API_KEY": "sk-1", "ICP_LLM_MODEL": "other", "OPENAI_BASE_URL": "http://x/v1"},
            LLMSettings(model="qwen", base_url="http://localhost:11434/v1", api_key="sk-1"),
        ),
        (
            {},
            {
                "OPENAI_BASE_URL": "https://res.openai.azure.com/openai/deployments/dep",
                "AZURE_OPENAI_API_KEY": "az-1",
                "OPENAI_API_VERSION": "2024-10-21",
                "ICP_LLM_MODEL": "dep",
                "ICP_LLM_TIMEOUT": "30",
                "ICP_LLM_RETRIES": "5",
                "ICP_LLM_CONCURRENCY": "8",
            },
            LLMSettings(
                model="dep",
                base_url="https://res.openai.azure.com/openai/deployments/dep",
                api_key="az-1",
                api_version="2024-10-21",
                timeout=30.0,
                retries=5,
                concurrency=8,
            ),
        ),
    ],
)
def test_settings_from_env(args, env, expected):
    settings = Settings.load({f"llm_{name}": value for name, value in args.items()}, environ=env)
    client = build_llm_client(settings)
    assert (client.settings if client else None) == expected
    assert settings.llm_configured is (expected is not None)


def test_build_llm_client_returns_none_without_an_endpoint_or_with_no_llm():
    assert build_llm_client(Settings.load(environ={})) is None
    switched_off = Settings.load({"no_llm": True}, environ={"OPENAI_API_KEY": "k"})
    assert build_llm_client(switched_off) is None


def test_build_llm_client_with_a_base_url_alone_sends_a_dummy_key(llm_server):
    llm_server.add(Reply.json(GOOD))
    client = build_llm_client(Settings(llm_base_url=llm_server.url))
    result, _ = ask(client)
    assert result == Answers.model_validate(GOOD)
    headers = llm_server.requests[0]["_headers"]
    assert headers["authorization"] == f"Bearer {DUMMY_API_KEY}"


def test_api_version_is_sent_as_a_query_parameter(llm_server):
    llm_server.add(Reply.json(GOOD))
    ask(client_for(llm_server, api_key="az-1", api_version="2024-10-21"))
    assert llm_server.requests[0]["_path"] == "/v1/chat/completions?api-version=2024-10-21"
    assert llm_server.requests[0]["_headers"]["authorization"] == "Bearer az-1"


@pytest.mark.parametrize(
    ("base_url", "api_key_header"),
    [("https://res.openai.azure.com/openai/v1", "az-1"), ("http://127.0.0.1:8765/v1", None)],
)
def test_azure_hosts_also_get_the_api_key_header(base_url, api_key_header):
    client = LLMClient(LLMSettings(base_url=base_url, api_key="az-1"))
    assert client._client.default_headers.get("api-key") == api_key_header


# -- requests and replies ------------------------------------------------------------------


def test_structured_sends_a_strict_json_schema(llm_server):
    llm_server.add(Reply.json(GOOD))
    ask(client_for(llm_server))
    body = llm_server.requests[0]
    assert body["model"] == "test-model"
    assert body["temperature"] == 0.0
    assert body["max_tokens"] == 1000
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {
            "name": "answer_specialized",
            "schema": strict_json_schema(Answers),
            "strict": True,
        },
    }
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert "(none)" in body["messages"][1]["content"]


def test_strict_json_schema_requires_every_property_and_forbids_extras():
    assert strict_json_schema(Answers) == {
        "$defs": {
            "Answer": {
                "properties": {
                    "key": {"type": "string"},
                    "value": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                },
                "required": ["key", "value"],
                "type": "object",
                "additionalProperties": False,
            }
        },
        "properties": {"answers": {"items": {"$ref": "#/$defs/Answer"}, "type": "array"}},
        "required": ["answers"],
        "type": "object",
        "additionalProperties": False,
    }


def test_falls_back_to_json_object_when_json_schema_is_rejected_and_remembers():
    with LLMTestServer(reject_json_schema=True) as server:
        server.add(Reply.json(GOOD), Reply.json(GOOD))
        client = client_for(server)

        async def run():
            first = await client.structured("answer_specialized", VARIABLES, Answers)
            second = await client.structured("answer_specialized", VARIABLES, Answers)
            await client.aclose()
            return first, second

        (first, _), (second, _) = asyncio.run(run())
        kinds = [body["response_format"]["type"] for body in server.requests]
    assert first == second == Answers.model_validate(GOOD)
    assert kinds == ["json_schema", "json_object", "json_object"]
    assert client.json_schema_supported is False
    fallback = server.requests[1]
    assert fallback["response_format"]["schema"] == strict_json_schema(Answers)
    assert json.dumps(strict_json_schema(Answers)) in fallback["messages"][0]["content"]


@pytest.mark.parametrize("status", [400, 422])
def test_falls_back_when_the_error_names_response_format(llm_server, status):
    rejected = Reply.server_error(status, "response_format type must be one of text, json_object")
    llm_server.add(rejected, Reply.json(GOOD))
    client = client_for(llm_server)
    ask(client)
    assert [b["response_format"]["type"] for b in llm_server.requests] == [
        "json_schema",
        "json_object",
    ]


def test_a_500_after_json_schema_worked_is_retried_not_a_fallback(llm_server):
    llm_server.add(Reply.json(GOOD), Reply.server_error(), Reply.json(GOOD))
    client = client_for(llm_server)

    async def run():
        await client.structured("answer_specialized", VARIABLES, Answers)
        await client.structured("answer_specialized", VARIABLES, Answers)
        await client.aclose()

    asyncio.run(run())
    assert [b["response_format"]["type"] for b in llm_server.requests] == ["json_schema"] * 3


def test_switches_to_max_completion_tokens_when_max_tokens_is_refused(llm_server):
    refused = Reply.server_error(
        400, "Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead."
    )
    llm_server.add(Reply.json(GOOD), refused, Reply.json(GOOD))
    client = client_for(llm_server)

    async def run():
        await client.structured("answer_specialized", VARIABLES, Answers)
        await client.structured("answer_specialized", VARIABLES, Answers)
        await client.aclose()

    asyncio.run(run())
    last = llm_server.requests[-1]
    assert "max_tokens" not in last
    assert last["max_completion_tokens"] == 1000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('<think>The page says {"a": 2}</think>\n{"a": 1}', {"a": 1}),
        ('Reasoning first.</think>{"a": 1}', {"a": 1}),
        ('```json\n{"a": 1}\n```', {"a": 1}),
        ('Here you go:\n```\n{"a": 1}\n```\nAnything else?', {"a": 1}),
        ('Sure! {"a": {"b": [1, 2]}} Hope that helps.', {"a": {"b": [1, 2]}}),
        ("<THINK>hmm</THINK>[1, 2]", [1, 2]),
    ],
)
def test_extract_json_tolerates_think_blocks_fences_and_prose(text, expected):
    assert extract_json(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the reply was empty"),
        (None, "the reply was empty"),
        ("no json here", "the reply contains no JSON object"),
        ('{"a": ', "the reply is not valid JSON"),
    ],
)
def test_extract_json_says_what_is_wrong(text, message):
    with pytest.raises(ReplyError, match=message):
        extract_json(text)


def test_parse_reply_reports_validation_errors():
    with pytest.raises(ReplyError, match="answers.0.key: Field required"):
        parse_reply('{"answers": [{"value": 1}]}', Answers)


def test_reasks_once_with_the_validation_error(llm_server):
    llm_server.add(
        Reply.json({"answers": [{"value": 1}]}, usage=(100, 10)),
        Reply.json(GOOD, usage=(130, 12)),
    )
    result, usage = ask(client_for(llm_server))
    assert result == Answers.model_validate(GOOD)
    assert usage == Usage(calls=2, prompt_tokens=230, completion_tokens=22, cost_usd=None)
    reask = llm_server.requests[1]["messages"]
    assert reask[-2] == {"role": "assistant", "content": '{"answers": [{"value": 1}]}'}
    assert reask[-1]["role"] == "user"
    assert "answers.0.key: Field required" in reask[-1]["content"]


def test_gives_up_after_one_reask_with_the_usage(llm_server):
    llm_server.add(Reply.invalid_json(usage=(50, 5)), Reply.invalid_json(usage=(60, 5)))
    with pytest.raises(LLMOutputError, match="invalid reply after one re-ask") as caught:
        ask(client_for(llm_server))
    assert caught.value.usage == Usage(
        calls=2, prompt_tokens=110, completion_tokens=10, cost_usd=None
    )
    assert len(llm_server.requests) == 2


# -- retries ---------------------------------------------------------------------------------


def test_429_waits_as_long_as_retry_after_says(llm_server):
    sleeps = Sleeps()
    llm_server.add(Reply.rate_limited(retry_after="7"), Reply.json(GOOD))
    result, usage = ask(client_for(llm_server, sleeps))
    assert result == Answers.model_validate(GOOD)
    assert sleeps.calls == [7.0]
    assert usage.calls == 1
    assert len(llm_server.requests) == 2


def test_retry_after_is_capped(llm_server):
    sleeps = Sleeps()
    llm_server.add(Reply.rate_limited(retry_after="3600"), Reply.json(GOOD))
    ask(client_for(llm_server, sleeps, retry_after_max=20.0))
    assert sleeps.calls == [20.0]


def test_5xx_is_retried_with_growing_backoff(llm_server):
    sleeps = Sleeps()
    llm_server.add(Reply.json(GOOD))  # json_schema known to work, so a 500 is an outage
    client = client_for(llm_server, sleeps, backoff_base=1.0)

    async def run():
        await client.structured("answer_specialized", VARIABLES, Answers)
        llm_server.add(Reply.server_error(502), Reply.server_error(503), Reply.json(GOOD))
        result = await client.structured("answer_specialized", VARIABLES, Answers)
        await client.aclose()
        return result

    result, _ = asyncio.run(run())
    assert result == Answers.model_validate(GOOD)
    assert len(sleeps.calls) == 2
    assert 0.5 <= sleeps.calls[0] <= 1.0 and 1.0 <= sleeps.calls[1] <= 2.0


def test_gives_up_after_the_retries(llm_server):
    sleeps = Sleeps()
    llm_server.add(*[Reply.rate_limited(retry_after="1")] * 3)
    with pytest.raises(LLMUnavailableError, match="HTTP 429"):
        ask(client_for(llm_server, sleeps, retries=2))
    assert len(llm_server.requests) == 3
    assert sleeps.calls == [1.0, 1.0]


def test_a_timeout_is_retried(llm_server):
    llm_server.add(Reply.slow(2.0, GOOD), Reply.json(GOOD))
    result, _ = ask(client_for(llm_server, timeout=0.3))
    assert result == Answers.model_validate(GOOD)
    assert len(llm_server.requests) == 2


def test_a_refused_key_fails_fast_and_stops_further_calls(llm_server):
    llm_server.add(Reply.server_error(401, "Incorrect API key provided"))
    client = client_for(llm_server)

    async def run():
        errors = []
        for _ in range(2):
            try:
                await client.structured("answer_specialized", VARIABLES, Answers)
            except LLMUnavailableError as exc:
                errors.append(str(exc))
        await client.aclose()
        return errors

    errors = asyncio.run(run())
    assert errors == ["LLM endpoint answered HTTP 401: Incorrect API key provided"] * 2
    assert len(llm_server.requests) == 1


def test_a_bad_request_is_not_retried(llm_server):
    llm_server.add(Reply.json(GOOD), Reply.server_error(400, "context length exceeded"))
    client = client_for(llm_server)

    async def run():
        await client.structured("answer_specialized", VARIABLES, Answers)
        with pytest.raises(LLMError, match="context length exceeded"):
            await client.structured("answer_specialized", VARIABLES, Answers)
        await client.aclose()

    asyncio.run(run())
    assert len(llm_server.requests) == 2


def test_a_response_that_is_not_json_is_retried(llm_server):
    llm_server.add(Reply(raw=b"<html>Bad gateway</html>"), Reply.json(GOOD))
    result, _ = ask(client_for(llm_server))
    assert result == Answers.model_validate(GOOD)
    assert len(llm_server.requests) == 2


def test_drops_temperature_when_the_model_refuses_it(llm_server):
    refused = Reply.server_error(400, "Unsupported value: 'temperature' does not support 0.0")
    llm_server.add(Reply.json(GOOD), refused, Reply.json(GOOD))
    client = client_for(llm_server)

    async def run():
        await client.structured("answer_specialized", VARIABLES, Answers)
        await client.structured("answer_specialized", VARIABLES, Answers)
        await client.aclose()

    asyncio.run(run())
    assert [("temperature" in body) for body in llm_server.requests] == [True, True, False]


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_seconds(headers, seconds):
    assert retry_after(headers) == seconds


@pytest.mark.parametrize(("retry", "low", "high"), [(0, 0.5, 1.0), (1, 1.0, 2.0), (5, 5.0, 10.0)])
def test_backoff_grows_is_capped_and_jittered(retry, low, high):
    waits = {backoff(retry, 1.0, cap=10.0) for _ in range(50)}
    assert all(low <= wait <= high for wait in waits) and len(waits) > 1


def test_concurrency_is_limited():
    with LLMTestServer() as server:
        server.add(*[Reply(content=json.dumps(GOOD), delay=0.15) for _ in range(5)])
        client = client_for(server, concurrency=2)

        async def run():
            await asyncio.gather(
                *[client.structured("answer_specialized", VARIABLES, Answers) for _ in range(5)]
            )
            await client.aclose()

        asyncio.run(run())
        assert len(server.requests) == 5
        assert server.max_in_flight == 2


# -- cache and accounting ----------------------------------------------------------------------


def test_a_cache_hit_makes_no_call(llm_server, tmp_path):
    cache = LLMCache(tmp_path / "icp.db")
    llm_server.add(Reply.json(GOOD, usage=(100, 10)))
    first, first_usage = ask(client_for(llm_server), cache)
    second, second_usage = ask(client_for(llm_server), LLMCache(tmp_path / "icp.db"))
    assert first == second == Answers.model_validate(GOOD)
    assert len(llm_server.requests) == 1
    assert first_usage.calls == 1
    assert second_usage == Usage(cache_hits=1, saved_tokens=110)


@pytest.mark.parametrize(
    "change",
    [{"model": "other-model"}, {"variables": VARIABLES | {"pages": "new page text"}}],
)
def test_the_cache_misses_on_a_new_model_or_input(llm_server, tmp_path, change):
    cache = LLMCache(tmp_path / "icp.db")
    llm_server.add(Reply.json(GOOD), Reply.json(GOOD))
    ask(client_for(llm_server), cache)
    settings = {"model": change["model"]} if "model" in change else {}
    ask(client_for(llm_server, **settings), cache, variables=change.get("variables", VARIABLES))
    assert len(llm_server.requests) == 2
    assert len(cache) == 2


def test_usage_and_cost_come_from_the_server_and_the_price_table(llm_server):
    llm_server.add(Reply.json(GOOD, usage=(1_000, 200)))
    prices = Prices({"test-model": Price(input=0.15, output=0.60)})
    _, usage = ask(client_for(llm_server, prices=prices))
    assert usage.model_dump() == {
        "calls": 1,
        "cache_hits": 0,
        "prompt_tokens": 1_000,
        "completion_tokens": 200,
        "cost_usd": pytest.approx(0.00027),
        "saved_tokens": 0,
    }


def test_an_unknown_price_is_unknown_not_zero(llm_server):
    llm_server.add(Reply.json(GOOD, usage=(1_000, 200)))
    _, usage = ask(client_for(llm_server, prices=Prices({})))
    assert usage.cost_usd is None
