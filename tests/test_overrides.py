import json
from unittest.mock import ANY

import pytest
from click.testing import CliRunner
from synthetic_crm import build_store, synthetic_accounts

from agent.cli import IcpGroup
from agent.commands.crm_options import scored_records
from agent.commands.override import override_command
from agent.errors import ConfigError, InputError
from agent.icp import parse_icp
from agent.models import DimensionScore, Score
from agent.output import ResultWriter
from agent.overrides import (
    Override,
    active_overrides,
    add_override,
    apply_override,
    list_overrides,
    override_columns,
    parse_tier,
    resolve_icp_name,
    undo_override,
)
from agent.rescoring import rescore
from store.db import Store

ICP = parse_icp(
    {
        "name": "Planted",
        "tiers": {"perfect": 90, "strong": 70, "moderate": 30},
        "routing": {"moderate": "nurture"},
        "dimensions": [
            {
                "name": "fit",
                "weight": 1.0,
                "criteria": [
                    {"field": "firmographics.industry", "equals": "Fintech", "points": 1},
                    {"technology": "Salesforce", "points": 1},
                ],
            }
        ],
    }
)

MODEL = Score(
    icp="Planted",
    total=50.0,
    tier="Moderate Fit",
    route="nurture",
    dimensions={"fit": DimensionScore(weight=1.0, score=50.0, reasons=["met: x"])},
)


def override(**changes):
    base = {
        "id": 3,
        "domain": "a.com",
        "icp": "Planted",
        "reason": "LOI signed",
        "created_at": "2024-05-01T10:00:00+00:00",
    }
    return Override(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "icp", "expected"),
    [
        ({"tier": "Perfect Fit"}, ICP, (50.0, "Perfect Fit", "ae")),
        ({"score": 75.0}, ICP, (75.0, "Strong Fit", "ae")),
        ({"score": 75.0}, None, (75.0, "Strong Fit", "ae")),
        ({"score": 85.0}, ICP, (85.0, "Strong Fit", "ae")),
        ({"score": 85.0}, None, (85.0, "Perfect Fit", "ae")),
        ({"score": 10.0, "tier": "Moderate Fit"}, ICP, (10.0, "Moderate Fit", "nurture")),
        ({"tier": "Weak Fit"}, ICP, (50.0, "Weak Fit", "disqualify")),
    ],
)
def test_apply_override(changes, icp, expected):
    applied = apply_override(MODEL, override(**changes), icp)
    assert (applied.total, applied.tier, applied.route) == expected
    dumped = applied.model_dump(mode="json")
    assert dumped["override"] == {
        "id": 3,
        "tier": changes.get("tier"),
        "score": changes.get("score"),
        "reason": "LOI signed",
        "created_at": "2024-05-01T10:00:00+00:00",
        "model_total": 50.0,
        "model_tier": "Moderate Fit",
        "model_route": "nurture",
    }
    assert dumped["dimensions"] == MODEL.model_dump(mode="json")["dimensions"]


def test_apply_override_ignores_undone_and_missing():
    assert apply_override(MODEL, None) is MODEL
    assert apply_override(MODEL, override(tier="Perfect Fit", undone_at="2024-05-02")) is MODEL


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("perfect", "Perfect Fit"),
        ("Strong Fit", "Strong Fit"),
        ("MODERATE", "Moderate Fit"),
        ("weak-fit", "Weak Fit"),
    ],
)
def test_parse_tier(text, tier):
    assert parse_tier(text) == tier


@pytest.fixture
def store(tmp_path):
    db = build_store(tmp_path / "icp.db", synthetic_accounts(seed=3, count=30))
    opened = Store(db)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"reason": " ", "tier": "strong"}, ConfigError, "needs a --reason"),
        ({"reason": "r"}, ConfigError, "give --tier, --score or both"),
        ({"reason": "r", "tier": "great"}, ConfigError, "unknown tier 'great'"),
        ({"reason": "r", "score": 101.0}, ConfigError, "between 0 and 100"),
    ],
)
def test_add_override_rejects_incomplete_requests(store, kwargs, error, message):
    with pytest.raises(error, match=message):
        add_override(store, "company001.com", "Planted", **kwargs)
    with pytest.raises(InputError, match="is not a domain"):
        add_override(store, "not a domain", "Planted", reason="r", tier="weak")


def test_overrides_stack_and_undo(store):
    first = add_override(
        store,
        "https://www.Company001.com/",
        "Planted",
        tier="strong",
        reason="champion",
        now="2024-01-01T00:00:00+00:00",
    )
    second = add_override(
        store,
        "company001.com",
        "Planted",
        score=95,
        reason="signed",
        now="2024-01-02T00:00:00+00:00",
    )
    assert first.domain == "company001.com"
    assert active_overrides(store) == {("company001.com", "Planted"): second}
    undone = undo_override(store, "company001.com", now="2024-01-03T00:00:00+00:00")
    assert undone.id == second.id and undone.undone_at == "2024-01-03T00:00:00+00:00"
    assert active_overrides(store) == {("company001.com", "Planted"): first}
    assert [o.id for o in list_overrides(store, include_undone=True)] == [second.id, first.id]
    undo_override(store, "company001.com")
    assert active_overrides(store) == {}
    assert undo_override(store, "company001.com") is None


def test_override_survives_rescoring_and_shows_in_exports(store, tmp_path):
    rescore([ICP], store)
    model = next(s for s in store.scores_for("company002.com") if s["icp"] == "Planted")
    add_override(store, "company002.com", "Planted", tier="Perfect Fit", reason="Board intro")
    rescore([ICP], store)  # `icp score` again: the override must still be laid over the score
    assert store.scores_for("company002.com") == [model | {"scored_at": ANY}]
    records, name = scored_records(store, ICP)
    assert name == "Planted"
    record = next(r for r in records if r["domain"] == "company002.com")
    assert record["score"]["tier"] == "Perfect Fit"
    assert record["score"]["override"]["reason"] == "Board intro"
    assert record["score"]["override"]["model_tier"] == model["tier"]
    assert override_columns(record) == {
        "override_reason": "Board intro",
        "override_at": record["score"]["override"]["created_at"],
        "model_score": model["total"],
        "model_tier": model["tier"],
    }
    out = tmp_path / "results.jsonl"
    with ResultWriter(out) as writer:
        writer.write(record)
    assert json.loads(out.read_text())["score"]["override"]["reason"] == "Board intro"
    others = [r for r in records if r["domain"] != "company002.com"]
    assert all(r["score"].get("override") is None for r in others)


def test_stored_scores_get_overrides_without_an_icp_file(store):
    rescore([ICP], store)
    add_override(store, "company003.com", "Planted", score=99, reason="Expansion")
    records, _ = scored_records(store)
    record = next(r for r in records if r["domain"] == "company003.com")
    assert (record["score"]["total"], record["score"]["tier"]) == (99.0, "Perfect Fit")


def test_resolve_icp_name(store):
    with pytest.raises(ConfigError, match="no scores in the store yet"):
        resolve_icp_name(store, "company001.com", None)
    rescore([ICP], store)
    assert resolve_icp_name(store, "company001.com", None) == "Planted"
    rescore([ICP.model_copy(update={"name": "Other"})], store)
    with pytest.raises(ConfigError, match="several ICPs .*Other, Planted"):
        resolve_icp_name(store, "company001.com", None)
    assert resolve_icp_name(store, "company001.com", "Other") == "Other"


def test_override_command_add_list_undo(store):
    rescore([ICP], store)
    db = str(store.path)
    runner = CliRunner()
    result = runner.invoke(
        override_command,
        ["company004.com", "--tier", "strong", "--reason", "Met at SaaStr", "--db", db],
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == "override #1: company004.com (Planted) set to Strong Fit: Met at SaaStr\n"
    )
    listed = json.loads(runner.invoke(override_command, ["--list", "--json", "--db", db]).stdout)
    assert [(o["domain"], o["tier"], o["reason"]) for o in listed] == [
        ("company004.com", "Strong Fit", "Met at SaaStr")
    ]
    result = runner.invoke(override_command, ["company004.com", "--undo", "--db", db])
    assert result.exit_code == 0, result.output
    assert "undone override #1" in result.stdout
    assert (
        json.loads(runner.invoke(override_command, ["--list", "--json", "--db", db]).stdout) == []
    )
    everything = runner.invoke(override_command, ["--list", "--all", "--json", "--db", db]).stdout
    assert json.loads(everything)[0]["undone_at"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["company004.com", "--reason", "x"], "give --tier, --score, --undo or --list"),
        (["company004.com", "--undo"], "no active override to undo"),
        (["--tier", "strong"], "give a DOMAIN"),
    ],
)
def test_override_command_errors(store, args, message):
    group = IcpGroup("icp")  # the real group's error handling, registered or not
    group.add_command(override_command)
    result = CliRunner().invoke(group, ["override", *args, "--db", str(store.path)])
    assert result.exit_code == 1
    assert message in result.output
