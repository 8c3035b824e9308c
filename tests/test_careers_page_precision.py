"""Careers pages and job posts: the job's place and the company's own facts told apart.

Written from common job-post phrasings; the same rules are measured on 596 real job
descriptions by benchmarks/firmographics_glassdoor.py.
"""

from __future__ import annotations

import pytest
from phrasing_checks import values_of

from tools.firmographics.headcount import extract_headcount
from tools.firmographics.headquarters import extract_headquarters

URL = "https://acme.example/careers"
NAMES = ["Acme", "acme"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # job posts name the job's place, recruiters their client's
        ("This position is based in Austin, TX.", []),
        ("The role can be located in Chicago, IL or remote.", []),
        ("Acme seeks a chemist to join its discovery team located in Cambridge, MA.", []),
        ("Our client headquartered in Manhattan is hiring data engineers.", []),
        ("Work from our office in Boston with a great team.", []),
        # other offices and places near the headquarters are not it
        ("We're headquartered in NYC with locations in London and Sao Paulo.", []),
        ("Headquartered south of Charlotte, NC, Acme has 3,000 employees.", []),
        # the company's own, even in a hiring sentence
        ("We're hiring engineers who want to build robots at our headquarters in San Jose, CA.",
         ["San Jose"]),
        ("Based in Denver, we build tools for farmers.", ["Denver"]),
        ("You can work from our corporate headquarters in Exton, PA, or remotely.", ["Exton"]),
        ("Join the data team in our new Kenwood Cincinnati headquarters.", ["Cincinnati"]),
        ("Acme, a contract manufacturer for the food industry, is located in Bristol, England.",
         ["Bristol"]),
        ("Acme's growing team of 150 employees is headquartered in San Francisco.",
         ["San Francisco"]),
    ],
)
def test_headquarters_on_careers_pages(text, expected):
    found = extract_headquarters(text, URL, NAMES)
    assert values_of(found, text, "hq_city") == expected


@pytest.mark.parametrize(
    "text",
    [
        "In the last few years we've gone from 0 to $24B in coverage and 0 to 230 employees.",
        "You will lead a team of 2-4 lab members focused on new biology.",
    ],
)
def test_headcount_not_from_growth_from_zero_or_a_small_range(text):
    assert values_of(extract_headcount(text, URL, NAMES), text, "employee_count") == []
