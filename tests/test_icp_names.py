import json

import click
import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.errors import ConfigError
from agent.icp_names import check_icp_name, choose_icp_name
from agent.models import AccountResult
from store.db import Store


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("mid-market b2b saas",
         "unknown ICP 'mid-market b2b saas' (did you mean 'Mid-market B2B SaaS'?)"),
        ("Midmarket", "unknown ICP 'Midmarket' (did you mean 'Mid-market B2B SaaS'?)"),
        ("Zebra",
         "unknown ICP 'Zebra'; the store has scores for: 'Enterprise', 'Mid-market B2B SaaS'"),
    ],
)  # fmt: skip
def test_check_icp_name_unknown_names_are_errors(given, message):
    with pytest.raises(ConfigError) as error:
        check_icp_name(given, ["Enterprise", "Mid-market B2B SaaS"])
    assert message in str(error.value)


def test_choose_icp_name():
    assert choose_icp_name(None, ["A"]) == "A"
    assert choose_icp_name(None, []) is None
    assert choose_icp_name("B", ["A", "B"]) == "B"
    with pytest.raises(ConfigError, match="several ICPs"):
        choose_icp_name(None, ["A", "B"])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "icp.db"
    store = Store(path)
    result = AccountResult.model_validate(
        {"domain": "acme.com", "input": {}, "status": "ok",
         "score": {"icp": "Mid-market B2B SaaS", "total": 70.0, "tier": "Strong Fit",
                   "route": "ae", "dimensions": {}}}  # fmt: skip
    )
    store.save_account(result, [])
    store.close()
    return path


NAMED = [
    ["report", "--icp-name", "mid-market b2b saas", "--json"],
    ["override", "acme.com", "--tier", "strong", "--reason", "x", "--icp", "Mid-Market"],
    ["export", "--icp", "MID-MARKET B2B SAAS"],
    ["signals", "--icp", "mid-market b2b saas"],
]


def test_the_cases_cover_every_command_that_takes_an_icp_name():
    ctx = click.Context(cli)
    taking = {name for name in cli.list_commands(ctx)
              if any(p.name == "icp_name" for p in cli.get_command(ctx, name).params)}  # fmt: skip
    assert taking == {args[0] for args in NAMED}


@pytest.mark.parametrize("args", NAMED)
def test_every_command_taking_an_icp_name_checks_it(db, args):
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "unknown ICP" in result.output and "Mid-market B2B SaaS" in result.output


def test_report_with_the_right_name_reports(db):
    result = CliRunner().invoke(
        cli, ["report", "--icp-name", "Mid-market B2B SaaS", "--json", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["icp"] == "Mid-market B2B SaaS"
