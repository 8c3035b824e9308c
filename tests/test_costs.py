import pytest

from agent.errors import ConfigError
from agent.llm.costs import (
    DEFAULT_PRICES,
    CostLedger,
    Price,
    Prices,
    Usage,
    format_cost,
    load_prices,
)
from agent.settings import Settings


@pytest.mark.parametrize(
    ("model", "price"),
    [
        ("gpt-4o-mini", DEFAULT_PRICES["gpt-4o-mini"]),
        ("gpt-4o-mini-2024-07-18", DEFAULT_PRICES["gpt-4o-mini"]),
        ("gpt-4o-2024-08-06", DEFAULT_PRICES["gpt-4o"]),
        ("gpt-4.1-nano", DEFAULT_PRICES["gpt-4.1-nano"]),
        ("qwen2.5:7b", None),
        ("gpt-4o-minix", None),
    ],
)
def test_price_for_matches_exact_names_then_the_longest_dated_prefix(model, price):
    assert Prices().price_for(model) == price


def test_cost_is_unknown_for_an_unknown_model():
    assert Prices().cost("my-azure-deployment", 1000, 100) is None
    assert Prices().cost("gpt-4o-mini", 1_000_000, 1_000_000) == pytest.approx(0.75)


def test_prices_from_a_toml_file_and_the_environment(tmp_path):
    path = tmp_path / "prices.toml"
    path.write_text('["qwen2.5:7b"]\ninput = 0\noutput = 0\n', encoding="utf-8")
    env = {"ICP_LLM_PRICES": str(path), "ICP_LLM_PRICE_INPUT": "1", "ICP_LLM_PRICE_OUTPUT": "2"}
    settings = Settings.load(environ=env)
    prices = Prices.configured(
        "local-model", settings.llm_prices, settings.llm_price_input, settings.llm_price_output
    )
    assert prices.price_for("qwen2.5:7b") == Price(input=0, output=0)
    assert prices.price_for("local-model") == Price(input=1, output=2)
    assert prices.cost("qwen2.5:7b", 5000, 500) == 0.0


@pytest.mark.parametrize(
    ("content", "env", "message"),
    [
        ('["m"]\ninput = "cheap"\n', {}, r"\[m\]: expected `input` and `output`"),
        ("not toml [", {}, "not valid TOML"),
        (None, {"ICP_LLM_PRICE_INPUT": "1"}, "set both ICP_LLM_PRICE_INPUT and"),
        (None, {"ICP_LLM_PRICE_INPUT": "x", "ICP_LLM_PRICE_OUTPUT": "1"},
         "ICP_LLM_PRICE_INPUT='x': could not convert"),
        (None, {"ICP_LLM_PRICE_INPUT": "-1", "ICP_LLM_PRICE_OUTPUT": "1"}, "-1 is not a price"),
        (None, {"ICP_LLM_PRICE_INPUT": "inf", "ICP_LLM_PRICE_OUTPUT": "1"}, "inf is not a price"),
    ],
)
def test_bad_price_settings_are_config_errors(tmp_path, content, env, message):
    if content is not None:
        path = tmp_path / "prices.toml"
        path.write_text(content, encoding="utf-8")
        env = env | {"ICP_LLM_PRICES": str(path)}
    with pytest.raises(ConfigError, match=message):
        settings = Settings.load(environ=env)
        Prices.configured("m", settings.llm_prices)


def test_load_prices_reports_a_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="prices file not found"):
        load_prices(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("left", "right", "cost"),
    [
        (Usage(calls=1, cost_usd=0.5), Usage(calls=1, cost_usd=0.25), 0.75),
        (Usage(calls=1, cost_usd=0.5), Usage(calls=1, cost_usd=None), None),
        (Usage(), Usage(cache_hits=1), 0.0),
    ],
)
def test_usage_adds_up_and_unknown_cost_stays_unknown(left, right, cost):
    assert (left + right).cost_usd == cost


def test_ledger_sums_per_account_and_per_run():
    ledger = CostLedger()
    ledger.record("a.com", "research_firmographics", "m", Usage(calls=1, prompt_tokens=900,
                  completion_tokens=100, cost_usd=0.001))  # fmt: skip
    ledger.record("a.com", "answer_specialized", "m", Usage(calls=1, prompt_tokens=400,
                  completion_tokens=50, cost_usd=0.0005))  # fmt: skip
    ledger.record("b.com", "research_firmographics", "m", Usage(cache_hits=1))
    assert ledger.by_account() == {
        "a.com": Usage(calls=2, prompt_tokens=1300, completion_tokens=150, cost_usd=0.0015),
        "b.com": Usage(cache_hits=1),
    }
    assert ledger.total().run_dict() == {
        "calls": 2,
        "cache_hits": 1,
        "prompt_tokens": 1300,
        "completion_tokens": 150,
        "cost_usd": 0.0015,
    }
    assert ledger.summary() == (
        "LLM: 2 calls, 1 cache hits, 1300 prompt + 150 completion tokens "
        "(725 per account), cost $0.0015"
    )


@pytest.mark.parametrize(
    ("cost", "text"), [(None, "unknown"), (0.0, "$0.0000"), (1.23456, "$1.2346")]
)
def test_format_cost(cost, text):
    assert format_cost(cost) == text
