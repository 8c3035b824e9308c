import json

import pytest
from click.testing import CliRunner
from synthetic_crm import build_store, field, synthetic_accounts

from agent.analytics.lookalikes import Space, explain, profile, rank_lookalikes, similarity
from agent.commands.lookalikes import lookalikes_command


def company(domain, industry=None, employees=None, technologies=(), country=None, status="ok"):
    return {
        "domain": domain,
        "status": status,
        "firmographics": {
            "company_name": field(domain, domain.split(".")[0].title()),
            "industry": field(domain, industry),
            "employee_count": field(domain, employees),
            "hq_country": field(domain, country),
        },
        "technographics": [{"name": name, "category": "x"} for name in technologies],
        "hiring": {"by_function": None},
        "specialized": {},
        "needs": None,
    }


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_accounts(seed=13, count=300)


def test_lookalikes_rank_the_planted_accounts_first(synthetic):
    fits = [a.domain for a in synthetic if a.fits]
    seeds = fits[:10]
    ranked = rank_lookalikes([a.record for a in synthetic], seeds)
    assert not {r.domain for r in ranked} & set(seeds)
    top = ranked[: len(fits) - len(seeds)]
    precision = sum(r.domain in set(fits) for r in top) / len(top)
    assert precision >= 0.75
    first = ranked[0]
    assert first.domain in fits
    assert "industry Fintech (10 of 10 seeds)" in first.shared
    assert "uses Salesforce (10 of 10 seeds)" in first.shared


def test_similarity_identical_is_one_and_unknown_counts_as_not_shared():
    seed = profile(company("s.com", "Fintech", 200, ["Salesforce"], "US"))
    twin = profile(company("t.com", "Fintech", 200, ["Salesforce"], "US"))
    blank = profile(company("b.com"))
    failed = profile(company("f.com", "Fintech", 200, ["Salesforce"], "US", status="error"))
    other = profile(company("o.com", "Retail", 20000, ["Shopify"], "DE"))
    space = Space.of([seed, twin, blank, failed, other])
    assert similarity(twin, seed, space) == pytest.approx(1.0)
    assert similarity(blank, seed, space) == 0.0
    assert similarity(failed, seed, space) == 0.0
    assert 0.0 <= similarity(other, seed, space) < 0.2


def test_rare_shared_technology_counts_more_than_a_common_one():
    records = [company(f"c{i}.com", technologies=["Google Analytics"]) for i in range(20)]
    records += [
        company("seed.com", technologies=["Google Analytics", "Snowflake"]),
        company("rare.com", technologies=["Snowflake"]),
        company("common.com", technologies=["Google Analytics"]),
    ]
    ranked = {r.domain: r.similarity for r in rank_lookalikes(records, ["seed.com"])}
    assert ranked["rare.com"] > ranked["common.com"]


def test_explain_lists_shared_attributes_with_seed_counts():
    seeds = [
        profile(company(f"s{i}.com", "Fintech", 100 + i * 100, ["Salesforce"])) for i in range(4)
    ]
    candidate = profile(company("c.com", "Fintech", 250, ["Salesforce", "Zendesk"], "US"))
    assert explain(candidate, seeds) == [
        "industry Fintech (4 of 4 seeds)",
        "uses Salesforce (4 of 4 seeds)",
        "250 employees (seeds 100–400)",
    ]


def test_lookalikes_command_json_and_csv(tmp_path, synthetic):
    db = build_store(tmp_path / "icp.db", synthetic)
    fits = [a.domain for a in synthetic if a.fits]
    seeds = tmp_path / "best.csv"
    seeds.write_text("domain\n" + "\n".join(fits[:8]) + "\nunknown-co.com\n", encoding="utf-8")
    exclude = tmp_path / "customers.csv"
    exclude.write_text("website\n" + fits[8] + "\n", encoding="utf-8")
    out = tmp_path / "la.csv"
    result = CliRunner().invoke(
        lookalikes_command,
        [
            "--seed",
            str(seeds),
            "--db",
            str(db),
            "--exclude",
            str(exclude),
            "--limit",
            "5",
            "--json",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 5
    assert not {r["domain"] for r in rows} & set(fits[:9])
    assert rows[0]["similarity"] >= rows[-1]["similarity"]
    assert "1 seeds have no research in the store: unknown-co.com" in result.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == (
        "rank,domain,name,similarity,nearest_seed,shared"
    )


def test_lookalikes_says_why_nothing_is_ranked_when_every_account_is_a_seed(tmp_path, synthetic):
    db = build_store(tmp_path / "icp.db", synthetic[:5])
    seeds = tmp_path / "all.csv"
    seeds.write_text("domain\n" + "\n".join(a.domain for a in synthetic[:5]) + "\n")
    result = CliRunner().invoke(lookalikes_command, ["--seed", str(seeds), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "nothing to rank: every account in" in result.stderr
