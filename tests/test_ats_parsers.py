from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from agent.models import Posting
from tools.html import parse_html
from tools.jobs.ats_parsers import (
    country_code,
    country_in_location,
    employment_type,
    html_to_text,
    iso_date,
    parse_ashby,
    parse_greenhouse,
    parse_jsonld_postings,
    parse_lever,
    parse_smartrecruiters,
    parse_workable,
    smartrecruiters_detail_text,
)

FIXTURES = Path(__file__).parent / "fixtures" / "jobs"


def load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


# -- the REAL recorded vendor responses ------------------------------------------------------

REAL_RESPONSES = [
    ("ericleerepo-ATS_Polling/greenhouse.json", parse_greenhouse, "jobs", "title"),
    ("vishal-811-gtm-signal-engine/greenhouse_jobs.json", parse_greenhouse, "jobs", "title"),
    ("ericleerepo-ATS_Polling/lever.json", parse_lever, None, "text"),
    ("vishal-811-gtm-signal-engine/lever_jobs.json", parse_lever, None, "text"),
    ("ericleerepo-ATS_Polling/ashby.json", parse_ashby, "jobs", "title"),
    ("vishal-811-gtm-signal-engine/ashby_jobs.json", parse_ashby, "jobs", "title"),
]


def _raw_location(job: dict, parser) -> str:
    if parser is parse_greenhouse:
        return job["location"]["name"]
    if parser is parse_lever:
        return job["categories"]["location"]
    return job["location"]


@pytest.mark.parametrize(("path", "parser", "key", "title_key"), REAL_RESPONSES)
def test_parsers_read_every_real_posting_intact(realdata, path, parser, key, title_key):
    data = json.loads((realdata / "ats-api-fixtures" / path).read_text(encoding="utf-8"))
    jobs = data[key] if key else data

    postings = parser(data)

    assert len(postings) == len(jobs)
    assert [p.title for p in postings] == [" ".join(j[title_key].split()) for j in jobs]
    assert [p.location for p in postings] == [
        " ".join(_raw_location(j, parser).split()) for j in jobs
    ]
    urls = [j.get("absolute_url") or j.get("hostedUrl") or j.get("jobUrl") for j in jobs]
    assert [p.url for p in postings] == urls
    assert all(p.posted_at and len(p.posted_at) == 10 for p in postings)


def test_parse_greenhouse_real_content_becomes_plain_text(realdata):
    path = realdata / "ats-api-fixtures" / "ericleerepo-ATS_Polling" / "greenhouse.json"
    postings = parse_greenhouse(json.loads(path.read_text(encoding="utf-8")))

    text = postings[0].text
    assert "<" not in text and "&lt;" not in text and "&#39;" not in text
    assert "As the first point of contact for our clients, you'll investigate" in text
    assert text.splitlines()[1] == "Role"  # headings stay on their own line


def test_parse_lever_real_description_includes_lists_and_closing(realdata):
    path = realdata / "ats-api-fixtures" / "ericleerepo-ATS_Polling" / "lever.json"
    data = json.loads(path.read_text(encoding="utf-8"))

    posting = parse_lever(data)[0]

    assert posting.text.startswith("A World-Changing Company")
    assert "Book travel arrangements (domestic and international)." in posting.text
    assert "Life at Palantir" in posting.text
    assert (posting.country, posting.remote, posting.posted_at) == ("GB", False, "2024-03-25")


def test_parse_ashby_real_job_uses_postal_address_country(realdata):
    path = realdata / "ats-api-fixtures" / "ericleerepo-ATS_Polling" / "ashby.json"

    posting = parse_ashby(json.loads(path.read_text(encoding="utf-8")))[0]

    assert posting.model_dump(exclude={"text"}) == {
        "title": "Member of Technical Staff", "function": "engineering", "seniority": None,
        "department": "Engineering", "location": "San Francisco", "country": "US",
        "remote": False, "employment_type": "full-time",
        "url": "https://jobs.ashbyhq.com/openevidence/4c577aae-1ad0-444b-9e15-2ad994333de4",
        "posted_at": "2026-01-22",
    }  # fmt: skip
    assert posting.text.startswith("OpenEvidence is the most widely used medical AI platform")


# -- invented fixtures: every field of one posting ------------------------------------------


def test_parse_greenhouse_fixture_whole_posting():
    postings = parse_greenhouse(load("greenhouse_jobs.json"))

    assert [p.title for p in postings] == [
        "Sales Development Representative", "SDR Manager",
        "Senior Account Executive, Mid-Market", "Senior Data Engineer",
    ]  # fmt: skip
    first = postings[0]
    assert first.model_dump(exclude={"text"}) == {
        "title": "Sales Development Representative", "function": "sales_development",
        "seniority": None, "department": "Sales", "location": "Austin, TX", "country": "US",
        "remote": None, "employment_type": None,
        "url": "https://job-boards.greenhouse.io/acme/jobs/1001", "posted_at": "2025-05-20",
    }  # fmt: skip
    assert "Experience with Salesforce and Outreach required." in first.text.splitlines()


def test_parse_lever_fixture_eu_posting():
    first = parse_lever(load("lever_postings.json"))[0]

    assert first.model_dump() == {
        "title": "Business Development Representative (EMEA)", "function": "sales_development",
        "seniority": None, "department": "Sales", "location": "Dublin, Ireland", "country": "IE",
        "remote": True, "employment_type": "full-time", "url": "https://jobs.eu.lever.co/acme/a1",
        "posted_at": "2025-06-01",
        "text": "Join our outbound team.\nYou have\n1+ years with HubSpot CRM or SFDC",
    }  # fmt: skip


def test_parse_ashby_skips_unlisted_jobs():
    postings = parse_ashby(load("ashby_job_board.json"))

    assert [p.title for p in postings] == ["Growth Marketing Manager"]
    assert (postings[0].function, postings[0].country) == ("marketing", "US")


def test_parse_workable_widget_posting():
    posting = parse_workable(load("workable_widget.json"))[0]

    assert posting == Posting(
        title="Account Executive", function="account_executive", seniority=None,
        department="Sales", location="Lisbon, Portugal", country="PT", remote=True,
        employment_type="full-time", url="https://apply.workable.com/j/AB12CD34EF",
        posted_at="2025-05-30",
        text="Close new logos in Iberia.\nRequirements\nExperience with Pipedrive and Aircall",
    )  # fmt: skip


def test_parse_workable_accounts_api_shape():
    data = {"total": 1, "results": [{
        "title": "Support Engineer", "shortcode": "ZZ1", "department": "Support",
        "url": "https://apply.workable.com/acme/j/ZZ1/", "published": "2025-04-02",
        "location": {"city": "Athens", "country": "Greece", "countryCode": "GR",
                     "telecommuting": False},
    }]}  # fmt: skip

    posting = parse_workable(data)[0]

    assert (posting.title, posting.function, posting.location, posting.country) == (
        "Support Engineer",
        "customer_success",
        "Athens, Greece",
        "GR",
    )
    assert (posting.remote, posting.posted_at) == (False, "2025-04-02")


def test_parse_smartrecruiters_page_and_detail():
    postings = parse_smartrecruiters(load("smartrecruiters_page1.json"))
    detail_text = smartrecruiters_detail_text(load("smartrecruiters_detail.json"))

    assert postings[0].model_dump() == {
        "title": "Sales Development Representative", "function": "sales_development",
        "seniority": None, "department": "Sales", "location": "Paris, FR", "country": "FR",
        "remote": False, "employment_type": "full-time",
        "url": "https://jobs.smartrecruiters.com/AcmeCorp/744000000000001",
        "posted_at": "2025-05-25", "text": "",
    }  # fmt: skip
    assert postings[1].remote is True
    assert postings[2:] == []
    assert detail_text == (
        "Prospect into French accounts.\n"
        "You are fluent in Salesloft and LinkedIn Sales Navigator.\n"
        "Hybrid, two days in Paris."
    )  # the company blurb ("a Salesforce partner") is left out


@pytest.mark.parametrize(
    ("data", "parser"),
    [({"jobs": {"not": "a list"}}, parse_greenhouse), ({"error": "x"}, parse_ashby),
     ("<html>", parse_smartrecruiters)],
)  # fmt: skip
def test_parsers_reject_unexpected_shapes(data, parser):
    with pytest.raises((ValueError, AttributeError)):
        parser(data)


# -- JSON-LD ---------------------------------------------------------------------------------


def test_parse_jsonld_postings_from_careers_page():
    page = parse_html((FIXTURES / "careers_jsonld.html").read_text(), "https://acme.test/careers")

    postings = parse_jsonld_postings(page.jsonld, today=date(2025, 6, 1))

    assert [p.title for p in postings] == ["Senior SDR", "Product Designer"]  # expired one dropped
    assert postings[0].model_dump() == {
        "title": "Senior SDR", "function": "sales_development", "seniority": "senior",
        "department": None, "location": "Denver, CO, US", "country": "US", "remote": None,
        "employment_type": "full-time", "url": "https://acme.test/careers/senior-sdr",
        "posted_at": "2025-05-15",
        "text": "Own outbound to mid-market accounts.\nExperience with Apollo.io and Salesforce "
                "required.",
    }  # fmt: skip
    assert (postings[1].remote, postings[1].country) == (True, "CA")


def test_parse_jsonld_ignores_other_types_and_untitled_postings():
    items = [{"@type": "Organization", "name": "Acme"}, {"@type": "JobPosting"},
             {"@type": ["JobPosting"], "name": "Data Engineer"}]  # fmt: skip

    assert [p.title for p in parse_jsonld_postings(items)] == ["Data Engineer"]


# -- small helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("&lt;p&gt;R&amp;amp;D &lt;strong&gt;team&lt;/strong&gt;&lt;/p&gt;", "R&D team"),
        ("<ul><li>One</li><li>Two</li></ul>", "One\nTwo"),
        ("", ""),
        (None, ""),
    ],
)
def test_html_to_text(fragment, expected):
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("United States", "US"), ("gb", "GB"), ("UK", "GB"), ({"name": "Canada"}, "CA"),
     ("Atlantis", None), ("", None), (None, None)],
)  # fmt: skip
def test_country_code(value, expected):
    assert country_code(value) == expected


@pytest.mark.parametrize(
    ("location", "expected"),
    [("London, United Kingdom", "GB"), ("Remote - US", "US"), ("Remote (United States)", "US"),
     ("Berlin, Deutschland", "DE"), ("Palo Alto, CA", "US"), ("Hybrid - San Francisco", "US"),
     ("Hybrid - London, Berlin", None), ("Remote - European Union", None), ("CA", None),
     (None, None)],
)  # fmt: skip
def test_country_in_location(location, expected):
    assert country_in_location(location) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1711403416463, "2024-03-25"), ("2026-07-27T13:48:30-04:00", "2026-07-27"),
     ("2025-05-30", "2025-05-30"), ("yesterday", None), (None, None), (True, None)],
)  # fmt: skip
def test_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("FullTime", "full-time"), ("FULL_TIME", "full-time"), ("Full-time", "full-time"),
     (["PART_TIME"], "part-time"), ({"label": "Contractor"}, "contract"), ("Intern", "internship"),
     ("Freelance", "freelance"), (None, None)],
)  # fmt: skip
def test_employment_type(value, expected):
    assert employment_type(value) == expected
