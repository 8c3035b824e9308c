from datetime import date, datetime

import pytest

from agent.analytics.crm import read_crm
from agent.commands.crm_options import read_outcomes
from agent.crm.columns import candidates, column_key, find_column
from agent.crm.values import parse_crm_date, slash_order
from agent.errors import InputError


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2024-03-01", "month-first", date(2024, 3, 1)),
        ("2024-03-01T10:22:00Z", "month-first", date(2024, 3, 1)),
        ("2024-03-01 10:22", "month-first", date(2024, 3, 1)),
        ("2024/03/01", "month-first", date(2024, 3, 1)),
        ("3/1/2024", "month-first", date(2024, 3, 1)),  # Salesforce report, en-US
        ("03/01/2024 10:22 AM", "month-first", date(2024, 3, 1)),
        ("3/1/24", "month-first", date(2024, 3, 1)),
        ("3/1/2024", "day-first", date(2024, 1, 3)),
        ("13/1/2024", "month-first", date(2024, 1, 13)),
        ("01.03.2024", "month-first", date(2024, 3, 1)),
        ("2/30/2024", "month-first", None),
        ("March 1", "month-first", None),
        ("", "month-first", None),
    ],
)
def test_parse_crm_date(text, order, expected):
    assert parse_crm_date(text, order) == expected


def test_slash_order_is_day_first_when_a_day_exceeds_twelve():
    assert slash_order(["3/1/2024", "4/2/2024"]) == "month-first"
    assert slash_order(["3/1/2024", "25/2/2024"]) == "day-first"


@pytest.mark.parametrize(
    ("header", "role", "expected"),
    [
        (["Record ID", "Company name", "Company Domain Name", "Website URL"], "domain",
         ["Company Domain Name", "Website URL"]),
        (["Id", "Name", "Website", "NumberOfEmployees"], "employees", ["NumberOfEmployees"]),
        (["Account Name", "Employees", "Billing Country"], "country", ["Billing Country"]),
        (["Country/Region"], "country", ["Country/Region"]),
        (["Deal Stage", "Close Date"], "outcome", ["Deal Stage"]),
        (["StageName", "CloseDate"], "close_date", ["CloseDate"]),
        (["Email", "FirstName", "Job Title"], "title", ["Job Title"]),
    ],
)  # fmt: skip
def test_candidates_recognise_hubspot_and_salesforce_headers(header, role, expected):
    assert candidates(header, role) == expected


def test_column_key_folds_case_spacing_and_custom_suffix():
    assert column_key("ICP_Score__c") == column_key("icp score") == "icpscore"
    assert column_key("Country/Region") == "countryregion"


def test_find_column_named_by_user_must_exist():
    assert find_column(["Site", "Stage"], "domain", "site") == "Site"
    with pytest.raises(InputError, match=r"deals.csv: line 1: no column 'Web'"):
        find_column(["Site"], "domain", "Web", "deals.csv")


SALESFORCE_OPPORTUNITIES = (
    '"Account Name","Website","Stage","Amount","Close Date"\n'
    '"Acme","www.acme.com","Closed Won","10,000.00","3/15/2024"\n'
    '"Beta","beta.io","Closed Lost","","11/2/2023"\n'
    '"Gamma","gamma.io","Closed Won","5,000.00","1/20/2025"\n'
    '"Delta","delta.io","Closed Won","5,000.00","someday"\n'
)


def test_read_crm_reads_salesforce_report_dates(tmp_path):
    path = tmp_path / "opportunities.csv"
    path.write_text(SALESFORCE_OPPORTUNITIES, encoding="utf-8")
    data = read_crm(path)
    assert {d: a.close_dates for d, a in data.accounts.items()} == {
        "acme.com": [date(2024, 3, 15)],
        "beta.io": [date(2023, 11, 2)],
        "gamma.io": [date(2025, 1, 20)],
        "delta.io": [],
    }
    assert data.problems == [
        f"{path}: line 5: column 'Close Date': 'someday' is not a date "
        "(YYYY-MM-DD, M/D/YYYY or DD.MM.YYYY)"
    ]
    assert data.accounts["acme.com"].columns["Account Name"] == "Acme"


def test_since_filters_salesforce_dates(tmp_path):
    path = tmp_path / "opportunities.csv"
    path.write_text(SALESFORCE_OPPORTUNITIES, encoding="utf-8")
    accounts = read_outcomes(path, {"since": datetime(2024, 1, 1)})
    assert sorted(accounts) == ["acme.com", "delta.io", "gamma.io"]


def test_read_crm_hubspot_deals_export(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text(
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Company Domain Name\n"
        "1,Acme - New,Closed won,1200,2024-03-01 10:22,acme.com\n"
        "2,Beta - New,Closed lost,,2024-04-01 09:00,beta.io\n",
        encoding="utf-8",
    )
    data = read_crm(path)
    assert data.columns["outcome"] == "Deal Stage"
    assert {d: (a.won, a.revenue) for d, a in data.accounts.items()} == {
        "acme.com": (True, 1200.0),
        "beta.io": (False, 0.0),
    }


SALESFORCE_REPORT = (
    '"Account Name","Website","Stage","Close Date"\n'
    '"Acme","acme.com","Closed Won","3/1/2024"\n'
    '"Globex","globex.io","Closed Lost","3/9/2024"\n'
    '""\n"Grand Totals (2 records)"\n""\n'
    '"Confidential Information - Do Not Distribute"\n'
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
)


def test_salesforce_report_footer_is_not_read_as_accounts(tmp_path):
    from agent.accounts import read_accounts

    path = tmp_path / "report.csv"
    path.write_text(SALESFORCE_REPORT, encoding="utf-8")
    assert [row.domain for row in read_accounts(path)] == ["acme.com", "globex.io"]
    data = read_crm(path)
    assert (data.rows, data.problems, sorted(data.accounts)) == (2, [], ["acme.com", "globex.io"])


def test_rows_like_a_footer_followed_by_data_are_kept(tmp_path):
    from agent.accounts import read_accounts

    path = tmp_path / "accounts.csv"
    path.write_text("domain,name\nacme.com,Acme\n,\nhooli.com\ninitech.com,Initech\n")
    assert [row.domain for row in read_accounts(path)] == ["acme.com", None, "hooli.com",
                                                           "initech.com"]  # fmt: skip
