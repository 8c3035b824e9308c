import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from synthetic_crm import build_store, synthetic_accounts, write_crm_csv

from agent.analytics.crm import CrmAccount
from agent.analytics.figures import build_report
from agent.analytics.report_html import overrides_in, render_html
from agent.analytics.report_terminal import report_tables
from agent.analytics.svg_charts import bar_chart, nice_ceiling
from agent.commands.report import report_command

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ICP_TOML = """\
name = "Fintech <mid-market> & co"

[[dimensions]]
name = "fit"
weight = 1.0
  [[dimensions.criteria]]
  field = "firmographics.industry"
  equals = "Fintech"
  points = 2
  [[dimensions.criteria]]
  field = "firmographics.employee_count"
  range = [100, 500]
  points = 1
  [[dimensions.criteria]]
  technology = "Salesforce"
  points = 1
"""


def chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def render_in_chromium(page: Path, screenshot: Path, profile: Path) -> list[str]:
    """Render a local page headless; return the console messages Chromium logged."""
    browser = chromium()
    if browser is None:
        pytest.skip("no headless Chromium installed (Debian package `chromium`)")
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        f"--screenshot={screenshot}",
        "--window-size=1280,2000",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    # every console message (errors, CSP violations) is logged as ":CONSOLE"; a page with no
    # script should log none at all
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    accounts = synthetic_accounts(seed=17, count=300)
    db = build_store(tmp / "icp.db", accounts)
    crm = write_crm_csv(tmp / "crm.csv", accounts)
    icp = tmp / "icp.toml"
    icp.write_text(ICP_TOML, encoding="utf-8")
    return tmp, db, crm, icp


@pytest.fixture(scope="module")
def dashboard(stored):
    tmp, db, crm, icp = stored
    html = tmp / "report.html"
    result = CliRunner().invoke(
        report_command,
        [
            "--icp",
            str(icp),
            "--outcomes",
            str(crm),
            "--db",
            str(db),
            "--html",
            str(html),
        ],
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 0, result.output
    return html, result


def test_report_command_terminal_tables(dashboard):
    _, result = dashboard
    for words in (
        "Perfect Fit",
        "ICP (Perfect + Strong)",
        "win rate (95 % CI)",
        "Calibration: win rate by score decile",
        "Coverage:",
    ):
        assert words in result.stdout


def test_report_command_json(stored):
    _, db, crm, icp = stored
    result = CliRunner().invoke(
        report_command, ["--icp", str(icp), "--outcomes", str(crm), "--db", str(db), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [t["name"] for t in data["tiers"]] == [
        "Perfect Fit",
        "Strong Fit",
        "Moderate Fit",
        "Weak Fit",
    ]
    assert data["tiers"][0]["win_rate"] > data["tiers"][3]["win_rate"]
    assert data["accounts"] == 300 and len(data["deciles"]) == 10


def test_html_is_self_contained_and_escaped(dashboard):
    html = dashboard[0].read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html.lower()
    assert re.findall(r"""(?:src|href)\s*=\s*["'](?!data:)""", html) == []
    assert "url(" not in html and "@import" not in html
    assert "Fintech &lt;mid-market&gt; &amp; co" in html
    assert html.count("<svg") == 5


def test_html_report_renders_in_headless_chromium_without_console_errors(dashboard, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "icp-report.png"
    screenshot.unlink(missing_ok=True)
    console = render_in_chromium(dashboard[0], screenshot, tmp_path / "profile")
    assert console == []
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_chromium_check_catches_a_page_that_reaches_out(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        render_html(build_report([], {}, "x")).replace(
            "</main>", '<img src="https://example.invalid/pixel.png"></main>'
        ),
        encoding="utf-8",
    )
    console = render_in_chromium(page, tmp_path / "bad.png", tmp_path / "profile")
    assert any("example.invalid" in line for line in console)


def test_report_without_outcomes_shows_counts_and_coverage_only():
    records = [
        {
            "domain": "a.com",
            "status": "ok",
            "score": {
                "icp": "x",
                "total": 90,
                "tier": "Perfect Fit",
                "route": "ae",
                "dimensions": {},
            },
        }
    ]
    report = build_report(records, None, "x")
    html = render_html(report)
    assert html.count("<svg") == 2
    assert [t.title for t in report_tables(report)][0] == "ICP report: x (1 accounts)"


def test_bar_chart_marks_missing_values():
    svg = bar_chart(
        "t",
        [("a", None, "#000"), ("b", 0.5, "#111")],
        fmt=lambda v: f"{v:.0%}",
        top=1.0,
        intervals=[None, (0.3, 0.7)],
    )
    assert ">n/a</text>" in svg and ">50%</text>" in svg
    assert svg.count("<rect") == 1


def test_report_shows_overrides_with_reason():
    records = [
        {
            "domain": "a.com",
            "status": "ok",
            "score": {
                "icp": "x",
                "total": 95.0,
                "tier": "Perfect Fit",
                "route": "ae",
                "dimensions": {},
                "override": {
                    "id": 1,
                    "tier": None,
                    "score": 95.0,
                    "reason": "Signed <LOI>",
                    "created_at": "2024-05-01",
                    "model_total": 20.0,
                    "model_tier": "Weak Fit",
                    "model_route": "disqualify",
                },
            },
        }
    ]
    html = render_html(
        build_report(records, {"a.com": CrmAccount("a.com", deals_won=1)}),
        overrides=overrides_in(records),
    )
    assert "Manual overrides" in html
    assert "<td>Weak Fit (20)</td><td>Perfect Fit (95)</td><td>Signed &lt;LOI&gt;</td>" in html


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1.0), (179, 200), (8.6e6, 1e7), (65, 80), (1.0, 1.0), (0.37, 0.4), (2.2, 2.5)],
)
def test_nice_ceiling(value, ceiling):
    assert nice_ceiling(value) == pytest.approx(ceiling)
