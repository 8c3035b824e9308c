"""Hostile input files: broken CSV quoting, huge cells, ICP files with unknown fields or inf/NaN."""

import json

import pytest
from click.testing import CliRunner

from agent.accounts import read_accounts
from agent.cli import cli
from agent.crm.csv_file import MAX_CELL_CHARS
from agent.errors import ConfigError
from agent.icp import parse_icp
from tools.web.archive import build_archive

ABOUT = "<html><body><h1>About Acme</h1><p>Founded in 2014, Acme has a team of 120.</p></body>"


def rows_of(tmp_path, text):
    path = tmp_path / "accounts.csv"
    path.write_text(text, encoding="utf-8")
    return [(r.row, r.domain, r.problem) for r in read_accounts(path)]


def test_read_accounts_unbalanced_quote_costs_one_row_not_the_rest(tmp_path):
    text = 'domain,name\nacme.test,"Acme\nbeta.test,Beta\ngamma.test,Gamma\n'
    assert rows_of(tmp_path, text) == [
        (2, None, "cannot read the CSV row: unbalanced quote (the quoted value never ends)"),
        (3, "beta.test", None),
        (4, "gamma.test", None),
    ]


def test_read_accounts_text_after_closing_quote_is_a_row_error(tmp_path):
    text = 'domain,name\nacme.test,"Acme"x,y\nbeta.test,Beta\n'
    rows = rows_of(tmp_path, text)
    assert rows[0][:2] == (2, None) and rows[0][2].startswith("cannot read the CSV row")
    assert rows[1:] == [(3, "beta.test", None)]


def test_read_accounts_quoted_multiline_values_still_read(tmp_path):
    text = 'domain,note\nacme.test,"two\nlines"\nbeta.test,x\n'
    assert rows_of(tmp_path, text) == [(3, "acme.test", None), (4, "beta.test", None)]


def test_read_accounts_huge_cell_errors_its_row_only(tmp_path):
    text = "domain,notes\nacme.test," + "x" * 1_000_000 + "\nbeta.test,ok\n"
    assert rows_of(tmp_path, text) == [
        (2, None, f"cell 'notes' has 1,000,000 characters (the limit is {MAX_CELL_CHARS:,})"),
        (3, "beta.test", None),
    ]


def icp_with(criterion):
    return {"name": "t", "dimensions": [{"name": "d", "weight": 1.0, "criteria": [criterion]}]}


@pytest.mark.parametrize(
    ("criterion", "message"),
    [
        (
            {"field": "firmographics.shoe_size", "min": 3, "points": 1},
            "dimensions[0].criteria[0]: unknown field 'firmographics.shoe_size'",
        ),
        (
            {"field": "hiring.by_function.astronauts", "min": 3, "points": 1},
            "dimensions[0].criteria[0]: unknown field 'hiring.by_function.astronauts'",
        ),
        (
            {"field": "hiring.open_jobs", "min": 3, "points": 1},
            "dimensions[0].criteria[0]: unknown field 'hiring.open_jobs'",
        ),
        (
            {"field": "firmographics.employee_count", "min": 3, "points": float("inf")},
            "dimensions[0].criteria[0].points: Input should be a finite number",
        ),
        (
            {"field": "firmographics.employee_count", "min": float("nan"), "points": 1},
            "dimensions[0].criteria[0].min: Input should be a finite number",
        ),
        (
            {"field": "firmographics.employee_count", "range": [1, float("inf")], "points": 1},
            "dimensions[0].criteria[0].range[1]: Input should be a finite number",
        ),
        (
            {"field": "input.score", "equals": float("-inf"), "points": 1},
            "dimensions[0].criteria[0]: -inf is not a finite number",
        ),
    ],
)
def test_parse_icp_rejects_unknown_fields_and_non_finite_numbers(criterion, message):
    with pytest.raises(ConfigError) as error:
        parse_icp(icp_with(criterion), source="icp.toml")
    assert str(error.value).startswith(f"icp.toml: {message}")


@pytest.mark.parametrize(
    "field",
    [
        "firmographics.employee_count",
        "hiring.open_roles",
        "hiring.by_function.sales_development",
        "input.anything",
        "specialized.attends_saastr",
        "needs.pains.category",
    ],
)
def test_parse_icp_accepts_known_and_open_fields(field):
    parse_icp(icp_with({"field": field, "min": 1, "points": 1}))


@pytest.fixture
def archive(tmp_path):
    site = tmp_path / "sites" / "acme.test"
    site.mkdir(parents=True)
    (site / "index.html").write_text(ABOUT)
    (tmp_path / "manifest.toml").write_text(
        '[[site]]\nhost = "acme.test"\ndir = "sites/acme.test"\n'
    )
    path = tmp_path / "a.warc.gz"
    build_archive(tmp_path / "manifest.toml", path)
    return path


def test_enrich_broken_csv_row_is_reported_and_the_rest_researched(tmp_path, archive):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text('domain,name\nbroken.test,"Broken\nacme.test,Acme\n', encoding="utf-8")
    out = tmp_path / "results.jsonl"
    result = CliRunner().invoke(
        cli,
        [
            "enrich",
            str(accounts),
            "--replay",
            str(archive),
            "--db",
            str(tmp_path / "i.db"),
            "--out",
            str(out),
            "--no-llm",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["status"], r["domain"]) for r in rows] == [
        ("error", 'broken.test,"Broken'),
        ("ok", "acme.test"),
    ]
    assert rows[0]["error"] == (
        "row 2: cannot read the CSV row: unbalanced quote (the quoted value never ends)"
    )


def test_enrich_icp_with_infinite_points_is_a_one_line_error(tmp_path, archive):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nacme.test\n", encoding="utf-8")
    icp = tmp_path / "icp.toml"
    icp.write_text(
        'name = "t"\n[[dimensions]]\nname = "d"\nweight = 1.0\n[[dimensions.criteria]]\n'
        'field = "firmographics.employee_count"\nmin = 1\npoints = inf\n'
    )
    result = CliRunner().invoke(
        cli,
        [
            "enrich",
            str(accounts),
            "--replay",
            str(archive),
            "--icp",
            str(icp),
            "--db",
            str(tmp_path / "i.db"),
            "--no-llm",
        ],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        f"{icp}: dimensions[0].criteria[0].points: Input should be a finite number" in result.output
    )


def test_enrich_binary_and_huge_notes_are_skipped_with_a_message(tmp_path, archive):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "acme.test_binary.md").write_bytes(b"\x00\x01PNG\x00" * 100)
    (notes / "acme.test_huge.md").write_bytes(b"Customer: pricing hurts.\n" * 2_100_000)  # 50 MB
    (notes / "acme.test_photo.png").write_bytes(b"\x89PNG\r\n")
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nacme.test\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["enrich", str(accounts), "--replay", str(archive), "--notes", str(notes),
         "--db", str(tmp_path / "i.db"), "--no-llm"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if "skipped:" in line]
    assert len(lines) == 3, result.output
    assert any("acme.test_binary.md: skipped: binary content" in line for line in lines)
    assert any("acme.test_huge.md: skipped: too large (52,500,000 bytes" in line for line in lines)
    assert any("acme.test_photo.png: skipped: unsupported file type .png" in line for line in lines)
