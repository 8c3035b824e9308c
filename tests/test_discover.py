import json
import math
import tomllib
from fractions import Fraction
from math import comb

import pytest
from click.testing import CliRunner
from synthetic_crm import build_store, synthetic_accounts, write_crm_csv

from agent.analytics.attributes import candidate_families
from agent.analytics.crm import CrmAccount, CrmColumns, read_crm
from agent.analytics.discover import DiscoverOptions, best_customers, discover
from agent.analytics.discover_draft import draft_icp, observed_industries
from agent.analytics.stats import auc, fisher_greater, q_values, wilson_interval
from agent.commands.demo import sample_path
from agent.commands.discover import discover_command
from agent.crm.amounts import parse_amount
from agent.errors import InputError
from agent.icp import Criterion, parse_icp
from agent.scoring import evaluate_criterion, score_record
from store.db import Store

PLANTED = {
    "firmographics.industry=fintech",
    "firmographics.employee_count:[100,500]",
    "technology=salesforce",
}


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_accounts(seed=7, count=300)


@pytest.fixture(scope="module")
def records(synthetic):
    return {a.domain: a.record for a in synthetic}


@pytest.fixture(scope="module")
def crm_accounts(synthetic, tmp_path_factory):
    path = write_crm_csv(tmp_path_factory.mktemp("crm") / "crm.csv", synthetic)
    return read_crm(path).accounts


@pytest.fixture(scope="module")
def discovery(records, crm_accounts):
    return discover(records, crm_accounts)


def fisher_by_enumeration(a, b, c, d):
    row, col, total = a + b, a + c, a + b + c + d
    upper = min(row, col)
    terms = [
        Fraction(comb(row, x) * comb(total - row, col - x), comb(total, col))
        for x in range(a, upper + 1)
        if 0 <= col - x <= total - row
    ]
    return float(sum(terms))


@pytest.mark.parametrize(
    "table",
    [(3, 1, 1, 3), (8, 2, 1, 5), (0, 5, 5, 0), (5, 0, 0, 5), (12, 30, 3, 200), (1, 0, 0, 0)],
)
def test_fisher_greater_matches_exact_enumeration(table):
    assert fisher_greater(*table) == pytest.approx(fisher_by_enumeration(*table), rel=1e-9)


def test_fisher_greater_tea_tasting_value():
    assert fisher_greater(3, 1, 1, 3) == pytest.approx(17 / 70)


@pytest.mark.parametrize(
    ("successes", "trials", "expected"),
    [(0, 10, (0.0, 0.2775)), (5, 10, (0.2366, 0.7634)), (10, 10, (0.7225, 1.0)), (0, 0, (0, 1))],
)
def test_wilson_interval_known_values(successes, trials, expected):
    low, high = wilson_interval(successes, trials)
    assert (round(low, 4), round(high, 4)) == pytest.approx(expected, abs=1e-4)


def test_q_values_benjamini_hochberg():
    assert q_values([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.0533333, 0.0533333, 0.5])


@pytest.mark.parametrize(
    ("scores", "labels", "expected"),
    [
        ([1, 2, 3, 4], [False, False, True, True], 1.0),
        ([4, 3, 2, 1], [False, False, True, True], 0.0),
        ([1, 1, 1, 1], [False, True, False, True], 0.5),
        ([1, 2, 2, 3], [False, True, False, True], 0.875),
        ([1, 2], [True, True], None),
    ],
)
def test_auc_with_ties(scores, labels, expected):
    assert auc(scores, labels) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,000", 12000.0),
        ("$1.5k", 1500.0),
        ("3M", 3_000_000.0),
        ("€ 4 500.50", 4500.5),
        ("n/a", None),
        ("", None),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


def test_read_crm_guesses_columns_and_merges_deals(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text(
        "\ufeffCompany Domain;Stage;Amount;Churned;Days to close;Close Date\n"
        "https://www.Acme.com/;Closed Won;$10,000;no;30;2024-03-01\n"
        "acme.com;Closed Won;5k;yes;50;2024-06-01\n"
        "beta.io;Closed Lost;;;90;2024-02-01\n"
        "gamma.io;Negotiation;20000;;;\n"
        "not a domain;Closed Won;1;;;\n",
        encoding="utf-8",
    )
    data = read_crm(path)
    assert data.columns == {
        "domain": "Company Domain",
        "outcome": "Stage",
        "value": "Amount",
        "churned": "Churned",
        "cycle_days": "Days to close",
        "close_date": "Close Date",
    }
    acme = data.accounts["acme.com"]
    assert (acme.won, acme.deals_won, acme.revenue, acme.churned, acme.cycle) == (
        True,
        2,
        15000.0,
        True,
        40.0,
    )
    assert data.accounts["beta.io"].won is False
    assert data.accounts["gamma.io"].won is None
    assert data.problems == [
        f"{path}: line 6: column 'Company Domain': invalid or missing domain 'not a domain'; "
        "row skipped"
    ]


def test_read_crm_columns_named_by_options(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("site,result,ltv_usd\na.com,W,100\nb.com,L,0\n", encoding="utf-8")
    columns = CrmColumns(
        domain="site",
        outcome="result",
        value="LTV_USD",
        won_values=frozenset({"w"}),
        lost_values=frozenset({"l"}),
    )
    data = read_crm(path, columns)
    assert {d: (a.won, a.revenue) for d, a in data.accounts.items()} == {
        "a.com": (True, 100.0),
        "b.com": (False, 0.0),
    }


def test_read_crm_missing_outcome_column_is_a_clear_error(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("domain,amount\na.com,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="no outcome column .*--outcome-column"):
        read_crm(path)


def test_best_customers_top_share_of_won_not_churned():
    accounts = [CrmAccount(f"a{i}.com", deals_won=1, revenue=float(i)) for i in range(1, 11)]
    accounts[9].churned = True
    accounts.append(CrmAccount("lost.com", deals_lost=1))
    best, threshold, words = best_customers(accounts, DiscoverOptions(top_share=0.2))
    assert (best, threshold) == ({"a9.com"}, pytest.approx(8.2))
    assert words == "won, not churned, value ≥ 8 (top 20% of won accounts)"


def test_best_customers_without_values_are_all_won_not_churned():
    accounts = [CrmAccount("a.com", deals_won=1), CrmAccount("b.com", deals_won=1, churned=True),
                CrmAccount("c.com", deals_lost=1)]  # fmt: skip
    best, threshold, words = best_customers(iter(accounts), DiscoverOptions())
    assert (best, threshold) == ({"a.com"}, None)
    assert words == "won, not churned (no value differences: all of them)"


def test_attribute_tests_agree_with_the_scorer(records):
    rows = list(records.values())
    for family in candidate_families(rows):
        for attribute in family[:12]:
            criterion = Criterion.model_validate({**attribute.criterion, "points": 1})
            for record in rows[:60]:
                outcome, _ = evaluate_criterion(criterion, record)
                if attribute.test(record) is not None:
                    assert attribute.test(record) == (outcome == "met"), (attribute.key, record)


def test_discover_ranks_the_planted_pattern_first(discovery):
    top = [f.attributes[0].key for f in discovery.findings[:3]]
    assert set(top) == PLANTED
    assert all(f.verdict == "distinctive" for f in discovery.findings[:3])
    assert [f.verdict for f in discovery.findings[3:]].count("distinctive") == 0
    segment = discovery.segments[0]
    assert {a.key for a in segment.attributes} == PLANTED
    assert segment.verdict == "distinctive"
    assert segment.lift > max(f.lift for f in discovery.findings)


def test_discover_reports_counts_and_left_out_accounts(discovery, synthetic):
    failed = sorted(a.domain for a in synthetic if a.record["status"] == "error")
    assert discovery.failed == failed
    assert discovery.population == len(synthetic) - len(failed)
    fintech = next(f for f in discovery.findings if f.attributes[0].key.endswith("=fintech"))
    having = [
        a
        for a in synthetic
        if a.record["status"] == "ok"
        and a.record["firmographics"]["industry"]["value"] == "Fintech"
    ]
    assert fintech.accounts == len(having)
    assert fintech.won == sum(a.outcome == "won" for a in having)
    assert 0 < fintech.p_value < 1e-6
    assert fintech.q_value is not None and fintech.q_value < 1e-5


def test_draft_icp_holds_the_planted_criteria_with_evidence(discovery, records):
    text = draft_icp(
        discovery,
        name="Drafted",
        source="crm.csv",
        industries=observed_industries(list(records.values())),
    )
    icp = parse_icp(tomllib.loads(text))
    criteria = [c for d in icp.dimensions for c in d.criteria]
    assert {(c.field, c.technology, c.equals, c.range) for c in criteria} == {
        ("firmographics.industry", None, "Fintech", None),
        ("firmographics.employee_count", None, None, (100.0, 500.0)),
        (None, "Salesforce", None, None),
    }
    assert math.isclose(sum(d.weight for d in icp.dimensions), 1.0)
    assert "Fintech" in icp.industries
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip() == "[[dimensions.criteria]]":
            assert (
                lines[index - 1].strip().startswith("# ") and " best customers " in lines[index - 1]
            )
    assert "SMALL SAMPLE" in text


def test_draft_icp_scores_fitting_accounts_higher(discovery, synthetic, records):
    icp = parse_icp(tomllib.loads(draft_icp(discovery, name="D", source="crm.csv")))
    fits = [score_record(icp, a.record).total for a in synthetic if a.fits]
    others = [
        score_record(icp, a.record).total
        for a in synthetic
        if not a.fits and a.record["status"] == "ok"
    ]
    assert min(fits) == 100.0
    assert sum(others) / len(others) < 50


def test_discover_noise_only_drafts_nothing(synthetic):
    import random

    rng = random.Random(3)
    crm = {
        a.domain: CrmAccount(a.domain, deals_won=1, revenue=rng.uniform(1, 100))
        if rng.random() < 0.4
        else CrmAccount(a.domain, deals_lost=1)
        for a in synthetic
    }
    found = discover({a.domain: a.record for a in synthetic}, crm)
    assert found.distinctive == []
    assert any("nothing to draft" in note for note in found.notes)
    with pytest.raises(ValueError, match="no distinctive attribute"):
        draft_icp(found, name="x", source="crm.csv")


def test_discover_small_sample_is_reported_not_overfitted(synthetic):
    few = synthetic[:40]
    crm = {
        a.domain: CrmAccount(
            a.domain,
            deals_won=int(a.outcome == "won"),
            deals_lost=int(a.outcome == "lost"),
            revenue=a.ltv,
        )
        for a in few
    }
    found = discover({a.domain: a.record for a in few}, crm)
    assert found.small_sample
    assert any(note.startswith("small sample") for note in found.notes)
    for finding in found.findings:
        if finding.accounts < 5 or finding.best < 3:
            assert finding.verdict == "too few accounts"


@pytest.fixture
def stored(tmp_path, synthetic):
    db = build_store(tmp_path / "icp.db", synthetic)
    return db, write_crm_csv(tmp_path / "crm.csv", synthetic)


def test_discover_command_writes_draft_and_table(stored, tmp_path):
    db, crm = stored
    out = tmp_path / "draft.toml"
    result = CliRunner().invoke(
        discover_command,
        [str(crm), "--db", str(db), "--out", str(out), "--name", "From CRM"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "industry is Fintech" in result.output
    assert "segment: " in result.output
    icp = parse_icp(tomllib.loads(out.read_text(encoding="utf-8")))
    assert icp.name == "From CRM"


def test_discover_command_json_with_mapped_columns(stored, tmp_path):
    db, crm = stored
    renamed = tmp_path / "renamed.csv"
    text = crm.read_text(encoding="utf-8").replace("Website", "Account URL", 1)
    renamed.write_text(text.replace("LTV", "Lifetime Revenue", 1), encoding="utf-8")
    result = CliRunner().invoke(
        discover_command,
        [
            str(renamed),
            "--db",
            str(db),
            "--domain-column",
            "Account URL",
            "--value-column",
            "Lifetime Revenue",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {k for f in data["findings"][:3] for k in f["keys"]} == PLANTED
    assert data["small_sample"] is True


def test_discover_command_enriches_missing_accounts_from_a_replay(tmp_path):
    crm = tmp_path / "crm.csv"
    crm.write_text("domain,outcome,ltv\npipewright.io,won,1000\nledgerlark.com,lost,\n")
    db = tmp_path / "icp.db"
    result = CliRunner().invoke(
        discover_command,
        [
            str(crm),
            "--db",
            str(db),
            "--enrich",
            "--replay",
            str(sample_path("sample.warc.gz")),
            "--no-llm",
        ],
    )
    assert result.exit_code == 0, result.output
    store = Store(db)
    try:
        assert store.has_account("pipewright.io") and store.has_account("ledgerlark.com")
    finally:
        store.close()
