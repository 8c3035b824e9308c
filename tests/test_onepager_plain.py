"""The one-pager speaks plain English and fits one printed page."""

import pytest

from agent.analytics.onepager import build_brief, plain_words, render_html
from agent.commands.demo import sample_path
from agent.icp import Criterion, load_icp
from agent.scoring import score_record


@pytest.mark.parametrize(
    ("criterion", "words"),
    [
        ({"field": "firmographics.founded_year", "min": 2012, "points": 1},
         "Founded 2012 or later"),
        ({"field": "firmographics.founded_year", "max": 2000, "points": 1},
         "Founded 2000 or earlier"),
        ({"field": "firmographics.founded_year", "range": [2010, 2020], "points": 1},
         "Founded 2010–2020"),
        ({"field": "firmographics.employee_count", "min": 2500, "points": 1},
         "Employees: at least 2,500"),
        ({"field": "needs.pains.category", "in": ["data_quality", "lead_routing"], "points": 1},
         "Pain named in interviews: data quality or lead routing"),
    ],
)  # fmt: skip
def test_plain_words(criterion, words):
    assert plain_words(Criterion.model_validate(criterion)) == words


def test_example_reasons_are_plain_words_not_raw_reasons():
    icp = load_icp(sample_path("icp.toml"))
    record = {"domain": "acme.com", "status": "ok", "input": {"demo_requested": "yes"},
              "firmographics": {"founded_year": {"value": 2016}, "employee_count": {"value": 180}},
              "technographics": [], "hiring": {}, "specialized": {}, "needs": None}  # fmt: skip
    record["score"] = score_record(icp, record).model_dump(mode="json")
    brief = build_brief(icp, [record])
    reasons = [r for rows in brief.examples.values() for _, _, rs in rows for r in rs]
    assert reasons and not [r for r in reasons if "met:" in r or "(+" in r or "2,0" in r]


def test_html_has_a_one_page_print_layout():
    icp = load_icp(sample_path("icp.toml"))
    html = render_html(build_brief(icp, []))
    assert "@media print" in html and "column-count:2" in html and "@page" in html
