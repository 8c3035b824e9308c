"""Metric tests for agent.evaluation.compare on hand-made results and labels (no pipeline run)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent.commands.eval import eval_command, read_jsonl, read_thresholds
from agent.errors import ConfigError, InputError
from agent.evaluation.archive import ArchiveIndex
from agent.evaluation.compare import check_thresholds, evaluate, figures
from agent.evaluation.matching import domain_key, normalize_label, values_match
from tools.web.archive import WarcArchive, build_archive

FIRM_FIELDS = ("company_name", "industry", "employee_count", "hq_city", "hq_country",
               "founded_year", "funding_stage", "total_funding_usd", "business_model")  # fmt: skip


def field(value, url="https://acme.example/about", quote="", method="rule"):
    return {"value": value, "evidence": [{"url": url, "quote": quote}] if value is not None else [],
            "confidence": 0.9, "method": method}  # fmt: skip


def result_row(domain="acme.example", **overrides):
    firm = {name: field(None) for name in FIRM_FIELDS}
    firm.update(overrides.pop("firmographics", {}))
    row = {
        "domain": domain, "input": {}, "status": "ok", "error": None, "firmographics": firm,
        "technographics": [], "hiring": {"ats": None, "open_roles": None, "by_function": None,
                                         "postings": []},
        "specialized": {}, "needs": None, "score": None,
    }  # fmt: skip
    row.update(overrides)
    return row


def label_row(domain="acme.example", **overrides):
    row = {
        "domain": domain, "firmographics": {name: None for name in FIRM_FIELDS},
        "justification": {}, "technographics": {"used": [], "traps": []},
        "hiring": {"open_roles": None, "by_function": None}, "specialized": {},
    }  # fmt: skip
    for key, value in overrides.items():
        if key == "firmographics":
            row["firmographics"].update(value)
        else:
            row[key] = value
    return row


@pytest.mark.parametrize(
    ("field_name", "got", "expected", "match"),
    [
        ("employee_count", 175, {"range": [150, 200]}, True),
        ("employee_count", 150, {"range": [150, 200]}, True),
        ("employee_count", 201, {"range": [150, 200]}, False),
        ("employee_count", 276, 240, True),
        ("employee_count", 277, 240, False),
        ("employee_count", "240", 240, True),
        ("employee_count", 10000, 85, False),
        ("founded_year", 2017, 2017, True),
        ("founded_year", 2016, 2017, False),
        ("total_funding_usd", 24000000, 31000000, False),
        ("hq_city", "München", "Munich", True),
        ("hq_city", "24 rue du Faubourg Poissonnière", "Paris", False),
        ("hq_country", "Germany", "DE", True),
        ("hq_country", "de", "DE", True),
        ("hq_country", "United Kingdom", "GB", True),
        ("hq_country", "US", "CA", False),
        ("funding_stage", "Series B", "series-b", True),
        ("funding_stage", "Series E", "series-d+", True),
        ("funding_stage", "IPO", "public", True),
        ("funding_stage", "seed", "series-a", False),
        ("business_model", "B2B", "b2b", True),
        ("business_model", "marketplace", "b2c", False),
        ("industry", "SaaS", "Software", True),
        ("industry", "Computer Software", "Software", True),
        ("industry", "Healthcare", "Software", False),
        ("company_name", "Kranwerk GmbH", "Kranwerk", True),
        ("company_name", "Harbor and Finch Co.", "Harbor & Finch", True),
        ("company_name", "Loomstead", {"any": ["Loomstead Mills", "Loomstead"]}, True),
        ("company_name", "Carrow Industries", {"any": ["Loomstead Mills", "Loomstead"]}, False),
        ("company_name", None, "Acme", False),
        ("attends_saastr", "yes", True, True),
        ("attends_saastr", False, True, False),
        ("sdr_open_roles", 0, 0, True),
        ("tools", ["HubSpot", "Salesforce"], ["salesforce", "hubspot"], True),
        ("tools", ["HubSpot"], ["salesforce", "hubspot"], False),
    ],
)
def test_values_match_table(field_name, got, expected, match):
    assert values_match(field_name, got, expected) is match


@pytest.mark.parametrize(
    ("text", "kind", "normalized"),
    [
        ("  Zürich ", "city", "zurich"),
        ("NYC", "city", "new york"),
        ("The Netherlands", "country", "nl"),
        ("Series-D+", "funding_stage", "series d+"),
        ("Self-funded", "funding_stage", "bootstrapped"),
        ("The Acme Company, Inc.", "company", "acme"),
        ("SFDC", "technology", "salesforce"),
        ("GA4", "technology", "google analytics"),
        ("Dirty data", "pain", "data quality"),
    ],
)
def test_normalize_label_applies_aliases(text, kind, normalized):
    assert normalize_label(text, kind) == normalized


@pytest.mark.parametrize(
    ("domain", "key"),
    [("https://www.Acme.example/about", "acme.example"), ("acme.example", "acme.example"),
     ("www.acme.example:443", "acme.example"), ("HTTP://shop.acme.example/", "shop.acme.example")],
)  # fmt: skip
def test_domain_key_normalizes(domain, key):
    assert domain_key(domain) == key


def test_evaluate_reports_a_deliberately_wrong_label():
    label = label_row(firmographics={"founded_year": 2017, "hq_city": "Boston"})
    result = result_row(firmographics={"founded_year": field(2017), "hq_city": field("Boston")})
    assert evaluate([result], [label])["fields"]["founded_year"]["accuracy"] == 1.0

    wrong = copy.deepcopy(label)
    wrong["firmographics"]["founded_year"] = 1999
    report = evaluate([result], [wrong])
    assert report["fields"]["founded_year"] == {"labelled": 1, "correct": 0, "accuracy": 0.0}
    assert report["field_accuracy"] == 0.5
    assert report["mismatches"] == [
        {"domain": "acme.example", "field": "founded_year", "kind": "wrong",
         "expected": 1999, "got": 2017},
    ]  # fmt: skip


def test_evaluate_counts_hallucinations_and_missing_values():
    label = label_row(
        firmographics={"hq_country": "US"},
        specialized={"attends_saastr": None, "sdr_open_roles": 2},
        hiring={"open_roles": None, "by_function": None},
    )
    result = result_row(
        firmographics={"employee_count": field(10000)},
        specialized={"attends_saastr": field(True), "sdr_open_roles": field(2)},
        hiring={"open_roles": 0, "by_function": None},
    )
    report = evaluate([result], [label])
    # 8 null firmographics + attends_saastr + hiring.open_roles = 10 null labels, 3 filled
    assert report["hallucination"] == {"null_labels": 10, "present": 3, "rate": 0.3}
    assert report["specialized"] == {"labelled": 1, "correct": 1, "accuracy": 1.0}
    assert [(m["field"], m["kind"]) for m in report["mismatches"]] == [
        ("employee_count", "hallucinated"),
        ("hq_country", "missing"),
        ("specialized.attends_saastr", "hallucinated"),
        ("hiring.open_roles", "hallucinated"),
    ]


def test_evaluate_technographics_precision_recall_traps_and_optional():
    label = label_row(technographics={
        "used": ["HubSpot", "Salesforce", "Segment"], "traps": ["Marketo", "Slack"],
        "optional": ["PHP"],
    })  # fmt: skip
    found = ["HubSpot", "SFDC", "Marketo", "Open Graph", "PHP", "Drift"]
    result = result_row(technographics=[{"name": n, "category": "", "evidence": []} for n in found])
    report = evaluate([result], [label])
    assert [(m["field"], m["kind"], m["expected"], m["got"]) for m in report["mismatches"]] == [
        ("technographics.Marketo", "trap", None, "Marketo"),
        ("technographics.Drift", "false-positive", None, "Drift"),
        ("technographics.Segment", "missing", "Segment", None),
    ]
    tech = report["technographics"]
    assert tech == {
        "true_positives": 2, "false_positives": 2, "false_negatives": 1, "traps": 2,
        "trap_false_positives": 1, "precision": 0.5, "recall": 0.6667,
        "trap_false_positive_rate": 0.5, "business_precision": 0.5, "business_recall": 0.6667,
    }  # fmt: skip


def test_evaluate_business_figures_leave_plumbing_out():
    label = label_row(technographics={"used": ["HubSpot", "jQuery", "Sanity"], "traps": []})
    found = [{"name": "HubSpot", "category": "Marketing automation", "business": True},
             {"name": "jQuery", "category": "JavaScript libraries", "business": False},
             {"name": "Swiper", "category": "JavaScript libraries", "business": False}]
    report = evaluate([result_row(technographics=found)], [label])
    tech = report["technographics"]
    assert (tech["precision"], tech["recall"]) == (0.6667, 0.6667)
    # business tools only: jQuery and Swiper are plumbing on both sides; Sanity is missed
    assert (tech["business_precision"], tech["business_recall"]) == (1.0, 0.5)


def test_evaluate_hiring_exact_and_per_function_error():
    functions = {"sales_development": 2, "account_executive": 1, "engineering": 2}
    labels = [
        label_row("a.example", hiring={"open_roles": 5, "by_function": functions}),
        label_row("b.example", hiring={"open_roles": 0, "by_function": {}}),
    ]
    results = [
        result_row("a.example", hiring={"open_roles": 5, "by_function": {
            "sales_development": 2, "account_executive": 0, "engineering": 2, "other": 1}}),
        result_row("b.example", hiring={"open_roles": None, "by_function": None}),
    ]  # fmt: skip
    hiring = evaluate(results, labels)["hiring"]
    assert hiring["open_roles_exact_rate"] == 0.5
    assert hiring["by_function_mae"] == {
        "sales_development": 0.0, "account_executive": 0.5, "engineering": 0.0,
        "marketing": 0.0, "customer_success": 0.0, "other": 0.5,
    }  # fmt: skip
    assert hiring["by_function_mae_mean"] == 0.1667


def test_evaluate_score_mae_tier_agreement_and_missing_rows():
    labels = [
        label_row("a.example", score={"total": 70.0, "tier": "Strong Fit"}),
        label_row("b.example", score={"total": 30.0, "tier": "Weak Fit"}),
    ]
    results = [result_row("a.example", score={"total": 62.0, "tier": "Strong Fit"})]
    report = evaluate(results, labels)
    # the missing row counts as a score of 0 and a disagreeing tier
    assert report["score"] == {"labelled": 2, "mae": 19.0, "tiers_labelled": 2,
                               "tier_agreement": 0.5}  # fmt: skip
    assert report["mismatches"][0] == {
        "domain": "b.example", "field": "result", "kind": "missing",
        "expected": "a result row", "got": None,
    }  # fmt: skip


def test_evaluate_pains_recall_matches_category_or_phrase():
    label = label_row(needs={"pains": ["data quality", "lead routing", "forecasting"]})
    result = result_row(needs={"interviews": 1, "pains": [
        {"pain": "duplicate accounts in CRM", "category": "data-quality", "severity": "important"},
        {"pain": "manual lead routing from a spreadsheet", "category": "process",
         "severity": "critical"},
    ]})  # fmt: skip
    assert evaluate([result], [label])["pains"] == {"labelled": 3, "recalled": 2, "recall": 0.6667}


@pytest.fixture
def small_archive(tmp_path: Path) -> ArchiveIndex:
    site = tmp_path / "site"
    site.mkdir()
    (site / "about.html").write_text(
        "<html><body><nav>Home</nav><p>Founded in 2017, we are 240 people.</p>"
        '<div style="display:none">We have 10,000 employees.</div>'
        '<script src="https://js.hs-scripts.com/1.js"></script></body></html>',
        encoding="utf-8",
    )
    (site / "investors.html").write_text("<p>We raised $54 million.</p>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /investors\n", encoding="utf-8")
    board = {"jobs": [{"title": "SDR", "content": "&lt;p&gt;You live in &lt;b&gt;Salesforce"
                       "&lt;/b&gt; every day.&lt;/p&gt;"}]}  # fmt: skip
    (tmp_path / "board.json").write_text(json.dumps(board), encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '[[site]]\nhost = "acme.example"\ndir = "site"\n'
        '[[response]]\nurl = "https://www.acme.example/about"\nstatus = 301\n'
        'headers = { Location = "https://acme.example/about" }\nbody = ""\n'
        '[[response]]\nurl = "https://api.board.example/jobs?content=true"\nfile = "board.json"\n',
        encoding="utf-8",
    )
    build_archive(tmp_path / "manifest.toml", tmp_path / "small.warc.gz")
    return ArchiveIndex(WarcArchive.load(tmp_path / "small.warc.gz"))


@pytest.mark.parametrize(
    ("url", "quote", "problem"),
    [
        ("https://acme.example/about", "we are 240 people", None),
        ("https://www.acme.example/about", "Founded in 2017", None),
        ("https://acme.example/about", "js.hs-scripts.com/1.js", None),
        ("https://api.board.example/jobs?content=true", "You live in Salesforce every day.", None),
        ("https://acme.example/about", "Founded in 2016",
         "quote not on https://acme.example/about: 'Founded in 2016'"),
        ("https://acme.example/team", "240 people", "no archived 2xx page at https://acme.example/team"),
        ("https://acme.example/investors", "We raised $54 million.",
         "robots.txt disallows https://acme.example/investors"),
    ],
)  # fmt: skip
def test_archive_index_checks_each_citation(small_archive, url, quote, problem):
    assert small_archive.evidence_problem([{"url": url, "quote": quote}]) == problem


def test_archive_index_hidden_text_is_visible_only_in_source(small_archive):
    visible_text = small_archive.texts("https://acme.example/about")[0]
    assert "10,000 employees" not in visible_text
    assert "Home" not in visible_text


def test_evaluate_evidence_validity_and_robots_audit(small_archive):
    result = result_row(
        "acme.example",
        firmographics={
            "founded_year": field(2017, "https://acme.example/about", "Founded in 2017"),
            "employee_count": field(10000, "https://acme.example/about", "made-up quote"),
            "company_name": field("Acme", "input:accounts.csv", "Acme", method="input"),
        },
        technographics=[{"name": "HubSpot", "category": "Marketing automation",
                         "evidence": [{"url": "https://acme.example/about",
                                       "quote": "js.hs-scripts.com/1.js"}]}],
    )  # fmt: skip
    requested = ["https://acme.example/robots.txt", "https://acme.example/about",
                 "https://acme.example/investors"]  # fmt: skip
    report = evaluate([result], [label_row()], archive=small_archive, requested_urls=requested)
    assert report["evidence"] == {"values": 3, "valid": 2, "validity": 0.6667}
    assert report["robots"] == {"disallowed_requests": 1,
                                "urls": ["https://acme.example/investors"]}  # fmt: skip
    assert figures(report)["robots_disallowed_requests"] == 1


def test_check_thresholds_reports_each_bound():
    measured = {"field_accuracy": 0.6, "hallucination_rate": 0.1, "pains_recall": None}
    thresholds = {"min": {"field_accuracy": 0.7, "pains_recall": 0.5, "speed": 1.0},
                  "max": {"hallucination_rate": 0.05}}  # fmt: skip
    assert check_thresholds(measured, thresholds) == [
        "field_accuracy: 0.6 is below the minimum 0.7",
        "pains_recall: not measured (nothing labelled or no archive)",
        "speed: unknown figure in thresholds",
        "hallucination_rate: 0.1 is above the maximum 0.05",
    ]
    assert check_thresholds(measured, {"min": {"field_accuracy": 0.6}}) == []


def test_read_jsonl_names_the_bad_line(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"domain": "a.example"}\n\n{"domain": \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"labels.jsonl: line 3: not JSON"):
        read_jsonl(path, "labels")
    path.write_text('["a.example"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1: labels need an object with `domain`"):
        read_jsonl(path, "labels")


def test_read_thresholds_rejects_unknown_tables(tmp_path):
    path = tmp_path / "thresholds.toml"
    path.write_text("[minimum]\nfield_accuracy = 0.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown table"):
        read_thresholds(path)


def test_eval_command_on_existing_results_fails_a_wrong_label(small_archive, tmp_path):
    result = result_row(
        "acme.example",
        firmographics={"founded_year": field(2017, "https://acme.example/about",
                                             "Founded in 2017")},
    )  # fmt: skip
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps(result) + "\n", encoding="utf-8")
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(label_row(firmographics={"founded_year": 1999})) + "\n",
                      encoding="utf-8")  # fmt: skip
    thresholds = tmp_path / "thresholds.toml"
    thresholds.write_text("[min]\nfield_accuracy = 1.0\nevidence_validity = 1.0\n",
                          encoding="utf-8")  # fmt: skip
    out = tmp_path / "eval.json"
    args = [str(labels), "--replay", str(tmp_path / "small.warc.gz"), "--results", str(results),
            "--thresholds", str(thresholds), "--json", str(out)]  # fmt: skip
    outcome = CliRunner().invoke(eval_command, args, terminal_width=200)
    assert outcome.exit_code == 1, outcome.output
    assert "founded_year" in outcome.output and "1999" in outcome.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["failures"] == ["field_accuracy: 0.0 is below the minimum 1.0"]
    assert document["figures"]["evidence_validity"] == 1.0
    assert document["report"]["mismatches"][0]["expected"] == 1999


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_eval_command_help_has_examples(flag):
    outcome = CliRunner().invoke(eval_command, [flag])
    assert outcome.exit_code == 0
    assert "Examples:" in outcome.output
    assert "icp eval evalset/labels.jsonl --replay evalset/evalset.warc.gz" in outcome.output
