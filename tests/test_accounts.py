import pytest

from agent.accounts import normalize_domain, read_accounts
from agent.errors import InputError


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("acme.com", "acme.com"),
        ("ACME.COM", "acme.com"),
        ("www.acme.com", "acme.com"),
        ("https://www.acme.com/about?x=1", "acme.com"),
        ("http://acme.com:8080/", "acme.com"),
        ("acme.com/careers", "acme.com"),
        ("jane.doe@acme.co.uk", "acme.co.uk"),
        ("  acme.com.  ", "acme.com"),
        ("münchen-bau.de", "xn--mnchen-bau-9db.de"),
        ("acme", None),
        ("not a domain", None),
        ("", None),
        ("http://", None),
        ("-acme.com", None),
    ],
)
def test_normalize_domain(raw, domain):
    assert normalize_domain(raw) == domain


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "accounts.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffdomain,name\nacme.com,Acme\n",
        "domain;name\nacme.com;Acme\n",
        "domain\tname\nacme.com\tAcme\n",
        'Domain,name\n"acme.com","Acme"\n',
        "website,name\nhttps://www.acme.com/,Acme\n",
    ],
)
def test_read_accounts_formats(tmp_path, text):
    rows = list(read_accounts(write(tmp_path, text)))
    assert [(r.row, r.domain, r.problem) for r in rows] == [(2, "acme.com", None)]
    assert rows[0].input["name"] == "Acme"


def test_read_accounts_reports_problems_with_row_numbers(tmp_path):
    text = (
        'domain,name,note\nacme.com,Acme,"a, quoted\nmultiline note"\n,,\nnot_a_domain,X,\n'
        ",NoDomain,\nbeta.io,Beta,\n"
    )
    rows = list(read_accounts(write(tmp_path, text)))
    assert [(r.row, r.domain, r.problem) for r in rows] == [
        (3, "acme.com", None),
        (4, None, "empty row"),
        (5, None, "column 'domain': invalid domain 'not_a_domain'"),
        (6, None, "no domain given (column 'domain')"),
        (7, "beta.io", None),
    ]
    assert rows[0].input["note"] == "a, quoted\nmultiline note"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        (
            "name,size\nAcme,3\n",
            "line 1: no domain column (looked for 'domain', 'Company Domain Name', "
            "'company_domain', 'Website' …; columns: name, size); name it with --domain-column",
        ),
    ],
)
def test_read_accounts_bad_files(tmp_path, text, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(read_accounts(write(tmp_path, text)))


def test_read_accounts_not_utf8(tmp_path):
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_accounts(write(tmp_path, "domain\nmünchen.de\n", encoding="latin-1")))


HUBSPOT_COMPANIES = (
    "Record ID,Company name,Company Domain Name,Website URL,Industry,Number of Employees,"
    "Country/Region,Create Date\n"
    "5001,Acme,acme.com,https://www.acme.com,Computer Software,120,Germany,2024-03-01 10:22\n"
    "5002,Beta,,https://beta.io/,Financial Services,40,France,2024-03-02 09:00\n"
)
SALESFORCE_ACCOUNTS = (
    '"Account ID","Account Name","Website","Industry","Employees","Billing Country"\n'
    '"0015g00000AbCdE","Acme","www.acme.com","Technology","120","Germany"\n'
)
SALESFORCE_DATA_LOADER = (
    "Id,Name,Website,Industry,NumberOfEmployees,BillingCountry\n"
    "0015g00000AbCdE,Acme,http://acme.com,Technology,120,Germany\n"
)


@pytest.mark.parametrize(
    ("text", "domains"),
    [
        (HUBSPOT_COMPANIES, ["acme.com", "beta.io"]),
        (SALESFORCE_ACCOUNTS, ["acme.com"]),
        (SALESFORCE_DATA_LOADER, ["acme.com"]),
    ],
)
def test_read_accounts_reads_crm_exports_as_they_are(tmp_path, text, domains):
    rows = list(read_accounts(write(tmp_path, text)))
    assert [(r.domain, r.problem) for r in rows] == [(d, None) for d in domains]


def test_read_accounts_falls_back_to_website_when_company_domain_is_blank(tmp_path):
    rows = list(read_accounts(write(tmp_path, HUBSPOT_COMPANIES)))
    assert rows[1].raw == "https://beta.io/"
    assert rows[1].input["Record ID"] == "5002"


def test_read_accounts_domain_column_option(tmp_path):
    text = "Primary Site,Backup\nacme.com,beta.io\n"
    rows = list(read_accounts(write(tmp_path, text), domain_column="backup"))
    assert [r.domain for r in rows] == ["beta.io"]


def test_read_accounts_domain_column_missing_names_file_and_columns(tmp_path):
    path = write(tmp_path, "name\nAcme\n")
    message = r"accounts.csv: line 1: no column 'Site' \(columns: name\)"
    with pytest.raises(InputError, match=message):
        list(read_accounts(path, domain_column="Site"))


def test_read_accounts_invalid_domain_names_the_column(tmp_path):
    rows = list(read_accounts(write(tmp_path, "Company Domain Name\nnot a domain\n")))
    assert rows[0].problem == "column 'Company Domain Name': invalid domain 'not a domain'"
