"""Amounts in CRM columns as people write them: parsed in one place, nonsense named."""

import json
import random

import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.crm.amounts import parse_amount
from agent.icp import Criterion
from agent.scoring import evaluate_criterion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,200,000", 1_200_000.0),  # HubSpot Annual Revenue in an en-US export
        ("1.2M", 1_200_000.0),
        ("€ 3 000 000", 3_000_000.0),
        ("3\u202f000\u202f000 €", 3_000_000.0),  # French grouping with narrow no-break spaces
        ("USD 5,000,000.00", 5_000_000.0),  # Salesforce currency field in a report
        ("1.200.000,50 €", 1_200_000.5),  # German
        ("EUR 2.500,75", 2500.75),
        ("1'200'000 CHF", 1_200_000.0),
        ("($1,000)", -1000.0),
        ("$1.2k", 1200.0),
        ("2bn", 2e9),
        ("1.5 million", 1_500_000.0),
        ("12,000", 12_000.0),
        ("3,5", 3.5),
        ("0.500", 0.5),
        ("180", 180.0),
        ("call me", None),
        ("1M-5M", None),
        ("12 employees", None),
        ("1.2.3", None),
        ("", None),
    ],
)
def test_parse_amount_reads_crm_spellings(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("revenue", ["$1,200,000", "1.2M", "€ 1 200 000", "USD 1,200,000.00",
                                     "1.200.000,00 €"])  # fmt: skip
def test_scoring_reads_currency_strings_in_input_columns(revenue):
    criterion = Criterion(field="input.Annual Revenue", min=1_000_000, points=1)
    record = {"domain": "acme.com", "input": {"Annual Revenue": revenue}}
    assert evaluate_criterion(criterion, record)[0] == "met"


def test_scoring_calls_nonsense_unknown():
    criterion = Criterion(field="input.Annual Revenue", min=1_000_000, points=1)
    record = {"domain": "acme.com", "input": {"Annual Revenue": "call me"}}
    assert evaluate_criterion(criterion, record)[0] == "unknown"


SPELLINGS = ["${:,}", "{:.1f}M", "€ {:,}", "USD {:,}.00"]


def revenue_text(rng, amount):
    spelling = rng.choice(SPELLINGS)
    if spelling == "{:.1f}M":
        return spelling.format(amount / 1e6)
    text = spelling.format(amount)
    return text.replace(",", " ") if text.startswith("€") else text


def test_discover_finds_a_revenue_pattern_written_in_currency_strings(tmp_path):
    rng = random.Random(5)
    lines = ["Opportunity ID,Account Name,Website,Stage,Close Date,Annual Revenue"]
    for i in range(300):
        planted = rng.random() < 0.3
        amount = rng.randint(20, 80) * 1_000_000 if planted else rng.randint(1, 9) * 100_000
        won = rng.random() < (0.85 if planted else 0.2)
        revenue = "call me" if i == 7 else revenue_text(rng, amount)
        stage = "Closed Won" if won else "Closed Lost"
        lines.append(f'006{i:05d},Company {i},company{i}.com,{stage},'
                     f'{rng.randint(1, 12)}/{rng.randint(1, 28)}/2024,"{revenue}"')  # fmt: skip
    export = tmp_path / "salesforce-opportunities.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["discover", str(export), "--db", str(tmp_path / "e.db"),
                                      "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (f"{export}: line 9: column 'Annual Revenue': 'call me' is not an amount"
            in result.stderr)  # fmt: skip
    findings = json.loads(result.stdout)["findings"]
    top = {key for finding in findings[:2] for key in finding["keys"]}
    assert any(key.startswith("input.Annual Revenue:") for key in top), top
    assert not any("call me" in key for finding in findings for key in finding["keys"])
