"""The store's SQL views agree with what the reports and exports show."""

import pytest
import sqlite_utils

from agent.icp import parse_icp
from agent.icp_names import icp_settings
from agent.models import AccountResult, Field
from agent.overrides import active_overrides, add_override, apply_overrides
from store.db import Store

ICP = parse_icp({
    "name": "Strict", "tiers": {"perfect": 90, "strong": 75, "moderate": 50},
    "routing": {"strong": "sdr", "moderate": "nurture"},
    "dimensions": [{"name": "f", "weight": 1.0, "criteria": [
        {"field": "firmographics.employee_count", "min": 100, "points": 1}]}],
})  # fmt: skip


def sql(store):
    """A second connection to the store's file, as Datasette or the sqlite3 shell would open."""
    return sqlite_utils.Database(store.path)


def evidence():
    return [{"url": "https://acme.com/about", "quote": "q"}]


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "icp.db")
    for domain, model in (("acme.com", "b2b"), ("beta.io", "b2c")):
        result = AccountResult.model_validate({
            "domain": domain, "input": {"name": domain}, "status": "ok",
            "score": {"icp": "Strict", "total": 40.0, "tier": "Weak Fit", "route": "disqualify",
                      "dimensions": {}},
        })  # fmt: skip
        result.firmographics.business_model = Field(value=model, evidence=evidence(),
                                                    confidence=0.9, method="rule")  # fmt: skip
        result.firmographics.employee_count = Field(value=120, evidence=evidence(),
                                                    confidence=0.9, method="rule")  # fmt: skip
        store.save_account(result, [])
    store.save_icp_settings(icp_settings([ICP]), "2026-01-01T00:00:00+00:00")
    yield store
    store.close()


def test_account_scores_applies_overrides_like_the_reports(store):
    add_override(store, "acme.com", "Strict", reason="Signed LOI", score=80)
    add_override(store, "beta.io", "Strict", reason="old", tier="Perfect Fit")
    add_override(store, "beta.io", "Strict", reason="newer", tier="Moderate Fit")
    rows = {r["domain"]: r for r in sql(store).query(
        "SELECT domain, icp, total, tier, route, override_reason, model_total, model_tier "
        "FROM account_scores")}  # fmt: skip
    records = list(store.iter_scored_records("Strict"))
    apply_overrides(records, active_overrides(store, "Strict"), [ICP])
    for record in records:
        score = record["score"]
        row = rows[record["domain"]]
        assert (row["total"], row["tier"], row["route"]) == (
            score["total"], score["tier"], score["route"])
        assert row["override_reason"] == score["override"]["reason"]
        assert (row["model_total"], row["model_tier"]) == (40.0, "Weak Fit")
    assert (rows["acme.com"]["tier"], rows["acme.com"]["route"]) == ("Strong Fit", "sdr")
    assert (rows["beta.io"]["tier"], rows["beta.io"]["route"]) == ("Moderate Fit", "nurture")


def test_account_fields_have_plain_values(store):
    rows = list(sql(store).query(
        "SELECT domain, field, value, source_url FROM account_fields WHERE value = 'b2b'"))
    assert rows == [{"domain": "acme.com", "field": "business_model", "value": "b2b",
                     "source_url": "https://acme.com/about"}]  # fmt: skip
    sizes = list(sql(store).query(
        "SELECT count(*) AS n FROM account_fields WHERE field = 'employee_count' AND value >= 100"))
    assert sizes == [{"n": 2}]
