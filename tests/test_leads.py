from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from leads_store import build_store

from agent.cli import cli

HUBSPOT_HEADER = (
    "Record ID,First Name,Last Name,Email,Job Title,Company Name,Website URL,Number of Sessions\n"
)


def _run(tmp_path: Path, contacts: str, *args: str) -> tuple[list[dict], str]:
    icp, db = build_store(tmp_path)
    path = tmp_path / "contacts.csv"
    path.write_text(contacts, encoding="utf-8")
    out = tmp_path / "leads.jsonl"
    result = CliRunner().invoke(
        cli, ["leads", str(path), "--icp", str(icp), "--db", str(db), "--out", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return lines, result.output


def test_vp_sales_and_engineer_at_one_account_get_different_scores_and_routes(tmp_path):
    lines, _ = _run(
        tmp_path,
        HUBSPOT_HEADER
        + '1,Dana,Whitfield,dana@acme.com,"VP, Sales",Acme Analytics,,5\n'
        + "2,Owen,Castillo,owen@acme.com,Senior Software Engineer,Acme Analytics,,5\n",
    )
    vp, engineer = lines
    assert vp["persona"] == {"name": "Revenue leader", "role": "decision_maker",
                             "seniority": "vp", "department": "sales"}  # fmt: skip
    assert engineer["persona"] is None
    assert vp["account"] == engineer["account"] == {
        "domain": "acme.com", "known": True, "score": 90.0, "tier": "Perfect Fit"
    }  # fmt: skip
    assert (vp["route"], engineer["route"]) == ("ae", "nurture")
    assert vp["lead_score"] - engineer["lead_score"] >= 35
    assert any('no persona matches "Senior Software Engineer"' in r for r in engineer["reasons"])
    assert "route nurture: no persona matches (score alone: sdr)" in engineer["reasons"]


def test_lead_score_formula_and_committee_are_in_the_reasons(tmp_path):
    lines, _ = _run(
        tmp_path,
        HUBSPOT_HEADER + "1,Dana,Whitfield,dana@acme.com,VP Sales,Acme Analytics,,1\n",
    )
    (line,) = lines
    # persona 100, account 90, engagement 0 (1 session < 3); weights 0.4/0.4/0.2 → 76
    # committee: Revenue leader (Dana) + Founder or CEO (Jane Roe, team page) = 2/4 → +5
    assert line["lead_score"] == 81.0
    assert (
        "buying committee: 2/4 personas covered (Revenue leader: Dana Whitfield; Founder or CEO: "
        "Jane Roe (team page)); missing: RevOps, Sales rep → +5 (10 × 2/4)"
    ) in line["reasons"]
    assert (
        "lead score 81 = 0.40×persona 100 + 0.40×account 90 + 0.20×engagement 0 +5 buying committee"
        in line["reasons"]
    )
    assert "engagement not met: input.Number of Sessions ≥ 3 (value 1) (0/100)" in line["reasons"]


def test_missing_decision_maker_lowers_every_lead_of_the_account(tmp_path):
    lines, _ = _run(
        tmp_path, HUBSPOT_HEADER + "1,Ann,Lee,ann@globex.com,Sales Development Rep,,,4\n"
    )
    (line,) = lines
    assert line["persona"]["name"] == "Sales rep"
    assert any("→ -2.5 (10 × 1/4 − 5 no decision maker known)" in r for r in line["reasons"])
    # 0.4×40 + 0.4×20 + 0.2×100 = 44, −2.5
    assert (line["lead_score"], line["route"]) == (41.5, "nurture")


@pytest.mark.parametrize(
    "email", ["lea.martin@gmail.com", "lea@outlook.com", "lea@yahoo.com", "lea@mailinator.com"]
)
def test_free_mail_is_never_a_company(tmp_path, email):
    lines, output = _run(tmp_path, HUBSPOT_HEADER + f"1,Lea,Martin,{email},CRO,,{email},9\n")
    (line,) = lines
    assert (line["domain"], line["account"]) == (None, None)
    kind = "disposable" if "mailinator" in email else "free-mail"
    assert any(f"is a {kind} domain, not a company" in r for r in line["reasons"])
    assert "no usable company: scored on persona and engagement alone" in line["reasons"]
    # persona 100 and engagement 100, the account part left out
    assert (line["lead_score"], line["route"]) == (100.0, "ae")
    assert "1 without a usable company" in output


def test_free_mail_contact_joins_its_account_by_company_name(tmp_path):
    lines, _ = _run(
        tmp_path, HUBSPOT_HEADER + "1,Lea,Martin,lea@gmail.com,CRO,ACME ANALYTICS Inc.,,0\n"
    )
    (line,) = lines
    assert line["domain"] == "acme.com"
    assert 'company acme.com: the stored account named "ACME ANALYTICS Inc."' in line["reasons"]


def test_enrich_researches_work_domains_only(tmp_path, monkeypatch):
    researched: list[list[str]] = []

    def fake_run_enrich(accounts, settings, **_):
        with open(accounts, encoding="utf-8") as handle:
            researched.append([row["domain"] for row in csv.DictReader(handle)])
        from agent.batch import BatchSummary

        return BatchSummary(run_id=1)

    monkeypatch.setattr("agent.batch.run_enrich", fake_run_enrich)
    lines, _ = _run(
        tmp_path,
        HUBSPOT_HEADER
        + "1,A,B,a@gmail.com,CRO,,gmail.com,0\n"
        + "2,C,D,c@newco.io,CRO,,,0\n"
        + "3,E,F,e@yahoo.com,CRO,,www.hooli.xyz,0\n"
        + "4,G,H,g@acme.com,CRO,,,0\n",
        "--enrich",
    )
    assert researched == [["hooli.xyz", "newco.io"]]
    assert [line["domain"] for line in lines] == [None, "newco.io", "hooli.xyz", "acme.com"]


def test_account_override_decides_the_route_and_says_why(tmp_path):
    lines, _ = _run(tmp_path, HUBSPOT_HEADER + "1,Al,Bo,al@umbrella.com,Software Engineer,,,0\n")
    (line,) = lines
    assert line["route"] == "ae"
    assert line["account"]["tier"] == "Perfect Fit"
    assert (
        'route ae from the account override of umbrella.com ("Strategic logo for the EMEA '
        'launch", 2026-11-02T10:00:00+00:00): takes precedence over disqualify from the lead score'
    ) in line["reasons"]


def test_unknown_and_unscored_accounts(tmp_path):
    lines, output = _run(
        tmp_path,
        HUBSPOT_HEADER + "1,A,B,a@unknown-co.com,VP Sales,,,5\n2,C,D,c@initech.com,VP Sales,,,5\n",
    )
    unknown, initech = lines
    assert unknown["account"] == {"domain": "unknown-co.com", "known": False, "score": None,
                                  "tier": None}  # fmt: skip
    assert any("not in the store (research it with --enrich)" in r for r in unknown["reasons"])
    # stored but never scored with this ICP: scored from its stored research (fit_points 75)
    assert initech["account"]["score"] == 100.0
    assert "1 at accounts not in the store" in output


def test_salesforce_headers_and_named_columns(tmp_path):
    lines, _ = _run(
        tmp_path,
        "FirstName,LastName,Position,Company,Email,Website\n"
        "Dana,W,Head of Sales,Globex,,https://www.globex.com/about\n"
        ",,,,,\n",
        "--title-column",
        "Position",
    )
    dana, empty = lines
    assert (dana["domain"], dana["persona"]["name"]) == ("globex.com", "Revenue leader")
    assert "company globex.com from the Website column" in dana["reasons"]
    assert (empty["status"], empty["error"], empty["route"]) == ("error", "empty row", "disqualify")


def test_unknown_column_and_no_contact_columns_are_clean_errors(tmp_path):
    icp, db = build_store(tmp_path)
    path = tmp_path / "c.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["leads", str(path), "--icp", str(icp), "--db", str(db)])
    assert result.exit_code == 1
    assert "c.csv: line 1: no contact columns" in result.output
    result = runner.invoke(
        cli, ["leads", str(path), "--icp", str(icp), "--db", str(db), "--email-column", "Mail"]
    )
    assert "c.csv: line 1: no column 'Mail' (columns: foo, bar)" in result.output
    assert "Traceback" not in result.output


def test_hubspot_and_salesforce_imports_never_export_free_mail_as_website(tmp_path):
    contacts = HUBSPOT_HEADER + "77,Lea,Martin,lea.martin@gmail.com,CRO,,lea.martin@gmail.com,9\n"
    icp, db = build_store(tmp_path)
    path = tmp_path / "contacts.csv"
    path.write_text(contacts + "78,Dana,W,dana@acme.com,VP Sales,Acme Analytics,,9\n")
    rows = {}
    for fmt in ("hubspot", "salesforce", "csv"):
        out = tmp_path / f"{fmt}.csv"
        args = ["leads", str(path), "--icp", str(icp), "--db", str(db), "--out", str(out)]
        result = CliRunner().invoke(cli, [*args, "--format", fmt])
        assert result.exit_code == 0, result.output
        rows[fmt] = list(csv.DictReader(out.open(encoding="utf-8")))
    lea, dana = rows["hubspot"]
    assert (lea["Record ID"], lea["Website URL"], lea["Company Name"]) == ("77", "", "")
    assert (dana["Website URL"], dana["icp_lead_route"], dana["icp_persona"]) == (
        "acme.com", "ae", "Revenue leader")  # fmt: skip
    lea, dana = rows["salesforce"]
    assert (lea["Website"], lea["Company"], lea["LastName"]) == ("", "[not provided]", "Martin")
    assert all(len(row["ICP_Lead_Reasons__c"]) <= 255 for row in (lea, dana))
    assert float(dana["ICP_Lead_Score__c"]) >= 75
    lea, dana = rows["csv"]
    assert (lea["domain"], dana["domain"], dana["persona"], dana["row"]) == (
        "", "acme.com", "Revenue leader", "3")  # fmt: skip


def test_contacts_are_stored_for_later_committees(tmp_path):
    from agent.icp import load_icp
    from agent.leads.committee import stored_coverage
    from store.db import Store

    _run(
        tmp_path, HUBSPOT_HEADER + "1,Rita,Ops,rita@globex.com,Director of Revenue Operations,,,0\n"
    )
    store = Store(tmp_path / "icp.db")
    coverage = stored_coverage(store, load_icp(tmp_path / "icp.toml"), "globex.com")
    assert coverage.covered == {"RevOps": ["Rita Ops"]}
    store.close()


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("gmail.com", "free-mail"), ("lea.martin@outlook.com", "free-mail"),
     ("https://mail.yahoo.com/", "free-mail"), ("x@mailinator.com", "disposable")],
)  # fmt: skip
def test_enrich_input_never_takes_a_mailbox_provider_for_a_company(tmp_path, cell, kind):
    from agent.accounts import read_accounts

    path = tmp_path / "accounts.csv"
    path.write_text(f"Website,Name\n{cell},Lea\nacme.com,Acme\n", encoding="utf-8")
    first, second = read_accounts(path)
    assert first.domain is None
    domain = cell.rsplit("@", 1)[-1].removeprefix("https://").strip("/")
    assert first.problem == f"column 'Website': {domain} is a {kind} domain, not a company"
    assert second.domain == "acme.com"


def test_enrich_researches_a_missing_account_from_a_replay(tmp_path):
    from agent.commands.demo import sample_path

    contacts = tmp_path / "contacts.csv"
    contacts.write_text(HUBSPOT_HEADER + "1,Dana,W,dana@pipewright.io,VP Sales,,,5\n"
                        "2,Lea,M,lea@gmail.com,CRO,,,5\n")  # fmt: skip
    out = tmp_path / "leads.jsonl"
    args = ["leads", str(contacts), "--icp", str(sample_path("icp.toml")), "--db",
            str(tmp_path / "icp.db"), "--out", str(out), "--enrich", "--no-llm",
            "--replay", str(sample_path("sample.warc.gz"))]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    dana, lea = (json.loads(line) for line in out.read_text().splitlines())
    assert dana["account"]["known"] is True and dana["account"]["score"] > 0
    assert (dana["route"], lea["domain"]) == ("ae", None)
    assert "1 accounts researched" in result.output
    from store.db import Store

    store = Store(tmp_path / "icp.db")
    assert [domain for domain, _ in store.research_dates()] == ["pipewright.io"]
    store.close()
