from __future__ import annotations

import csv

import pytest

from tools.jobs.job_titles import classify_title, looks_like_job_title

TITLES = [
    # sales development: the reps, and the people who lead them
    ("Sales Development Representative", "sales_development", None),
    ("SDR", "sales_development", None),
    ("BDR", "sales_development", None),
    ("ADR - Enterprise", "sales_development", None),
    ("Account Development Representative", "sales_development", None),
    ("Business Development Rep", "sales_development", None),
    ("Business Development Representative (EMEA)", "sales_development", None),
    ("Outbound SDR", "sales_development", None),
    ("Inbound Sales Development Representative", "sales_development", None),
    ("Senior Sales Development Representative", "sales_development", "senior"),
    ("Sr. BDR, North America", "sales_development", "senior"),
    ("Lead Development Representative", "sales_development", None),
    ("Junior SDR (German speaking)", "sales_development", "entry"),
    ("Sales Development Intern", "sales_development", "intern"),
    ("SDR Manager", "sales_development", "manager"),
    ("Manager, Sales Development", "sales_development", "manager"),
    ("BDR Team Lead", "sales_development", "lead"),
    ("Director of Sales Development", "sales_development", "director"),
    ("Head of Sales Development", "sales_development", "director"),
    ("VP, Sales Development", "sales_development", "vp"),
    ("SDRs / BDRs — Outbound Team", "sales_development", None),
    ("Business Developer (SDR) H/F", "sales_development", None),
    # account executives and closing sales
    ("Account Executive", "account_executive", None),
    ("AE", "account_executive", None),
    ("Mid-Market AE", "account_executive", None),
    ("Enterprise Account Executive", "account_executive", None),
    ("Senior Account Executive, Mid-Market", "account_executive", "senior"),
    ("Account Executive, Majors (APAC)", "account_executive", None),
    ("Commercial Account Executive - DACH", "account_executive", None),
    ("Strategic Account Exec", "account_executive", None),
    ("Regional Sales Manager", "account_executive", "manager"),
    ("Inside Sales Representative", "account_executive", None),
    ("Enterprise Sales Director", "account_executive", "director"),
    ("VP of Sales", "account_executive", "vp"),
    ("Chief Revenue Officer", "account_executive", "executive"),
    ("Business Development Manager", "account_executive", None),
    ("Key Account Manager", "account_executive", None),
    ("Business Developer", "account_executive", None),
    # sales-adjacent roles that are neither reps nor closers
    ("Sales Engineer", "other", None),
    ("Senior Solutions Engineer", "other", "senior"),
    ("Solutions Architect", "other", None),
    ("Sales Operations Analyst", "other", None),
    ("Revenue Operations Manager", "other", "manager"),
    ("Sales Enablement Lead", "other", "lead"),
    ("Partnerships Manager", "other", None),
    ("Channel Sales Manager", "other", "manager"),
    ("Business Development - Data Supply Partnerships (Veraset)", "other", None),
    # customer success and support
    ("Customer Success Manager", "customer_success", None),
    ("Senior Customer Success Manager", "customer_success", "senior"),
    ("Customer Success Engineer", "customer_success", None),
    ("Director, Customer Success", "customer_success", "director"),
    ("Technical Account Manager", "customer_success", None),
    ("Account Manager", "customer_success", None),
    ("Support Engineer II", "customer_success", "mid"),
    ("Customer Support Specialist", "customer_success", None),
    ("Implementation Consultant", "customer_success", None),
    ("Onboarding Specialist", "customer_success", None),
    ("Renewals Manager", "customer_success", "manager"),
    ("Client Support Analyst I", "customer_success", "entry"),
    # marketing
    ("Growth Marketing Manager", "marketing", "manager"),
    ("Product Marketing Manager", "marketing", "manager"),
    ("Demand Generation Manager", "marketing", "manager"),
    ("Content Writer", "marketing", None),
    ("SEO Specialist", "marketing", None),
    ("Developer Relations", "marketing", None),
    ("Developer Advocate", "marketing", None),
    ("DevRel Engineer, Agentic Infrastructure", "marketing", None),
    ("Chief Marketing Officer", "marketing", "executive"),
    ("Apprenticeship - Junior Brand Copywriter", "marketing", "intern"),
    ("Field Marketing Coordinator", "marketing", None),
    ("Werkstudent (m/w/d) Marketing & Kommunikation", "marketing", "intern"),
    # engineering
    ("Software Engineer", "engineering", None),
    ("Senior Backend Engineer", "engineering", "senior"),
    ("Staff Software Engineer, Payments", "engineering", "senior"),
    ("Principal Engineer", "engineering", "senior"),
    ("Engineering Manager, CDN", "engineering", "manager"),
    ("Director of Forward Deployed Engineering", "engineering", "director"),
    ("Forward-Deployed Engineer", "engineering", None),
    ("VP of Engineering", "engineering", "vp"),
    ("CTO", "engineering", "executive"),
    ("Member of Technical Staff", "engineering", None),
    ("Full Stack Developer", "engineering", None),
    ("iOS Engineer", "engineering", None),
    ("Android Engineer III", "engineering", "senior"),
    ("Site Reliability Engineer", "engineering", None),
    ("DevOps Engineer", "engineering", None),
    ("QA Analyst", "engineering", None),
    ("Data Engineer Intern", "engineering", "intern"),
    ("Data Scientist I", "engineering", "entry"),
    ("Machine Learning Engineer", "engineering", None),
    ("Tech Lead, Platform", "engineering", "lead"),
    ("SDR Software Engineer (Radio)", "engineering", None),
    ("Data Scientist - Sales", "engineering", None),
    ("Développeur·se Backend Python H/F", "engineering", None),
    # everything else
    ("Product Manager", "other", None),
    ("Senior Product Designer", "other", "senior"),
    ("Recruiter", "other", None),
    ("Office Manager", "other", None),
    ("Administrative Business Partner", "other", None),
    ("Clinical Coding Specialist", "other", None),
    ("General Counsel", "other", None),
    ("Data Analyst 2", "other", "mid"),
    ("Associate Director, Finance", "other", "director"),
    ("Chief Executive Officer", "other", "executive"),
    ("Co-Founder", "other", "executive"),
]


def test_title_table_is_large_enough():
    assert len(TITLES) >= 80


@pytest.mark.parametrize(("title", "function", "seniority"), TITLES)
def test_classify_title(title, function, seniority):
    assert classify_title(title) == (function, seniority)


@pytest.mark.parametrize(
    ("title", "department", "expected"),
    [
        ("Member of Staff", "Engineering", "engineering"),
        ("Specialist", "Marketing", "marketing"),
        ("Associate", "Customer Support", "customer_success"),
        ("Associate", "Sales", "other"),  # a sales department alone never makes an SDR
        ("Account Executive", "Engineering", "account_executive"),  # the title wins
    ],
)
def test_classify_title_department_only_breaks_ties(title, department, expected):
    assert classify_title(title, department)[0] == expected


def test_classify_title_tolerates_odd_whitespace():
    assert classify_title("  Senior\u00a0Data   Engineer\u00a0") == ("engineering", "senior")


def _glassdoor_titles(realdata) -> list[str]:
    path = realdata / "glassdoor-ds-jobs-2020" / "glassdoor_jobs.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["Job Title"] for row in csv.DictReader(handle)]


def test_no_real_data_science_title_becomes_sales_development(realdata):
    titles = _glassdoor_titles(realdata)
    assert len(titles) == 956

    sdr = [t for t in titles if classify_title(t)[0] == "sales_development"]

    assert sdr == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Data Scientist", ("engineering", None)),
        ("Senior Data Scientist", ("engineering", "senior")),
        ("Sr. Enterprise Account Exec- Data Science / ML - NYC", ("account_executive", "senior")),
        ("Customer Data Scientist/Sales Engineer", ("engineering", None)),
        ("Director II, Data Science - GRM Actuarial", ("engineering", "director")),
        ("Marketing Data Analyst", ("marketing", None)),
        ("Medical Laboratory Scientist", ("other", None)),
        ("Data Engineer 4 - Contract", ("engineering", "senior")),
        ("Associate Data Analyst- Graduate Development Program", ("other", "entry")),
    ],
)
def test_real_glassdoor_titles(realdata, title, expected):
    assert title in _glassdoor_titles(realdata)
    assert classify_title(title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senior Data Engineer", True),
        ("Sales Development Representative", True),
        ("SDR", True),
        ("View all jobs", False),
        ("Benefits", False),
        ("Careers", False),
        ("Our team", False),
        ("A long sentence that happens to mention an engineer and goes on and on forever", False),
    ],
)
def test_looks_like_job_title(text, expected):
    assert looks_like_job_title(text) is expected
