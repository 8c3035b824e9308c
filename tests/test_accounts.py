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
        (5, None, "invalid domain 'not_a_domain'"),
        (6, None, "no domain given"),
        (7, "beta.io", None),
    ]
    assert rows[0].input["note"] == "a, quoted\nmultiline note"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("name,size\nAcme,3\n", "line 1: no `domain` column (columns: name, size)"),
    ],
)
def test_read_accounts_bad_files(tmp_path, text, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(read_accounts(write(tmp_path, text)))


def test_read_accounts_not_utf8(tmp_path):
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_accounts(write(tmp_path, "domain\nmünchen.de\n", encoding="latin-1")))
