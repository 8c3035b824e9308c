"""The ten career-site boards: detection, parsing of their documented shapes, statuses, paging."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from tools.html import parse_html
from tools.jobs.ats_board import board_from_url, detect_ats
from tools.jobs.board import research_hiring
from tools.jobs.feed_board_parsers import (
    join_company_id,
    parse_icims,
    parse_jazzhr,
    parse_personio,
    parse_teamtailor,
)
from tools.jobs.json_board_parsers import (
    parse_bamboohr,
    parse_breezy,
    parse_join,
    parse_recruitee,
    parse_rippling,
    parse_workday,
)
from tools.jobs.vendor_boards import MAX_PAGES
from tools.web.fetcher import Fetcher, HttpSettings

FIXTURES = Path(__file__).parent / "fixtures" / "jobs"
WORKDAY_API = "https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/Acme_Careers/jobs"


def text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def data(name: str):
    return json.loads(text(name))


def rows(postings):
    return [(p.title, p.function, p.location, p.country, p.remote, p.url, p.posted_at)
            for p in postings]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "vendor", "token", "region"),
    [
        ("https://acme.wd5.myworkdayjobs.com/Acme_Careers", "workday", "acme/Acme_Careers", "wd5"),
        ("https://acme.wd1.myworkdayjobs.com/en-US/External/job/Austin/SDR_R1", "workday",
         "acme/External", "wd1"),
        (WORKDAY_API, "workday", "acme/Acme_Careers", "wd5"),
        ("https://careers-acme.icims.com/jobs/search?ss=1", "icims", "careers-acme", ""),
        ("https://acme.jobs.personio.de/job/1530001", "personio", "acme", "de"),
        ("https://acme.jobs.personio.com/", "personio", "acme", "com"),
        ("https://acme.recruitee.com/o/backend-engineer", "recruitee", "acme", ""),
        ("https://acme.teamtailor.com/jobs", "teamtailor", "acme", ""),
        ("https://acme.bamboohr.com/careers/41", "bamboohr", "acme", ""),
        ("https://acme.bamboohr.com/jobs/embed2.php", "bamboohr", "acme", ""),
        ("https://acme.applytojob.com/apply/Xk3Lm9PqRs/Account-Manager", "jazzhr", "acme", ""),
        ("https://app.jazz.co/widgets/basic/create/acme", "jazzhr", "acme", ""),
        ("https://ats.rippling.com/acme/jobs", "rippling", "acme", ""),
        ("https://ats.rippling.com/en-GB/acme/jobs/6f1d2c0e", "rippling", "acme", ""),
        ("https://acme.breezy.hr/p/a1b2c3d4e5f6-sdr", "breezy", "acme", ""),
        ("https://join.com/companies/acme/9001-account-executive-dach", "join", "acme", ""),
    ],
)
def test_board_from_url_reads_each_new_vendor(url, vendor, token, region):
    board = board_from_url(url)
    assert board is not None
    assert (board.vendor, board.token, board.region) == (vendor, token, region)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.bamboohr.com/pricing", "https://www.teamtailor.com/en/", "https://join.com/",
        "https://www.icims.com/products", "https://app.recruitee.com/login",
        "https://www.breezy.hr/", "https://acme.wd5.myworkdayjobs.com/",
        "https://ats.rippling.com/",
    ],
)  # fmt: skip
def test_vendor_home_pages_are_not_boards(url):
    assert board_from_url(url) is None


def test_parse_workday_builds_job_urls_and_reads_the_total():
    postings, total = parse_workday(data("workday_jobs.json"),
                                    "https://acme.wd5.myworkdayjobs.com/Acme_Careers")  # fmt: skip
    board = "https://acme.wd5.myworkdayjobs.com/Acme_Careers/job"
    assert total == 3
    assert rows(postings) == [
        ("Sales Development Representative", "sales_development", "Austin, TX", "US", None,
         f"{board}/Austin-TX/Sales-Development-Representative_R1001", None),
        ("Senior Software Engineer", "engineering", "Remote, USA", "US", True,
         f"{board}/Remote-USA/Senior-Software-Engineer_R1002", None),
        ("Account Executive, Mid-Market", "account_executive", "2 Locations", None, None,
         f"{board}/London/Account-Executive--Mid-Market_R1003", None),
    ]  # fmt: skip


def test_parse_recruitee_keeps_published_offers_with_their_text():
    postings = parse_recruitee(data("recruitee_offers.json"))
    assert rows(postings) == [
        ("Customer Success Manager", "customer_success", "Amsterdam, Netherlands", "NL", False,
         "https://acme.recruitee.com/o/customer-success-manager", "2025-05-03"),
        ("Backend Engineer", "engineering", "Remote", None, True,
         "https://acme.recruitee.com/o/backend-engineer", "2025-04-20"),
    ]  # fmt: skip
    assert "Experience with HubSpot is required." in postings[0].text
    assert postings[0].employment_type == "full-time"


def test_parse_bamboohr_job_urls_and_locations():
    postings = parse_bamboohr(data("bamboohr_list.json"), "https://acme.bamboohr.com/careers")
    assert rows(postings) == [
        ("Marketing Manager", "marketing", "Denver, Colorado", "US", None,
         "https://acme.bamboohr.com/careers/41", None),
        ("Business Development Representative", "sales_development", None, None, True,
         "https://acme.bamboohr.com/careers/42", None),
    ]  # fmt: skip


def test_parse_rippling_merges_one_job_listed_per_location():
    postings = parse_rippling(data("rippling_jobs.json"))
    assert [(p.title, p.department, p.location) for p in postings] == [
        ("Enterprise Account Executive", "Sales", "New York, NY; Remote (United States)"),
        ("Staff Data Engineer", "Engineering", "San Francisco, CA"),
    ]


def test_parse_breezy():
    postings = parse_breezy(data("breezy_jobs.json"))
    assert rows(postings) == [
        ("Sales Development Representative", "sales_development", "Austin, TX", "US", False,
         "https://acme.breezy.hr/p/a1b2c3d4e5f6-sales-development-representative", "2025-05-20"),
        ("Product Designer", "other", "Berlin, DE", "DE", True,
         "https://acme.breezy.hr/p/f6e5d4c3b2a1-product-designer", "2025-05-01"),
    ]  # fmt: skip
    assert [p.employment_type for p in postings] == ["full-time", "contract"]


def test_parse_join_company_id_and_jobs():
    assert join_company_id(text("join_company.html")) == "145851"
    assert join_company_id("<html><body>no data</body></html>") is None
    postings, pages = parse_join(data("join_jobs_page1.json"), "https://join.com/companies/acme")
    assert pages == 1
    assert rows(postings) == [
        ("Account Executive DACH", "account_executive", "Berlin, Germany", "DE", None,
         "https://join.com/companies/acme/9001-account-executive-dach", "2025-05-10"),
        ("Werkstudent Marketing (m/w/d)", "marketing", "Hamburg, Germany", "DE", None,
         "https://join.com/companies/acme/9002-werkstudent-marketing", "2025-04-02"),
    ]  # fmt: skip


def test_parse_personio_xml_feed():
    postings = parse_personio(text("personio_feed.xml"), "https://acme.jobs.personio.de")
    assert rows(postings) == [
        ("Sales Development Representative (m/w/d)", "sales_development", "München", "DE", None,
         "https://acme.jobs.personio.de/job/1530001", "2025-05-12"),
        ("Senior Frontend Engineer", "engineering", "Remote", None, True,
         "https://acme.jobs.personio.de/job/1530002", "2025-04-28"),
    ]  # fmt: skip
    assert postings[0].text == "Du qualifizierst Leads mit Salesforce und Outreach."
    assert postings[0].department == "Sales"


def test_parse_personio_refuses_entities_and_other_documents():
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]>'
            "<workzag-jobs><position><name>&a;</name></position></workzag-jobs>")
    assert all("root:" not in p.title for p in parse_personio(bomb, "https://a.jobs.personio.de"))
    with pytest.raises(ValueError):
        parse_personio("<html><body>Not found</body></html>", "https://a.jobs.personio.de")


def test_parse_teamtailor_rss():
    postings = parse_teamtailor(text("teamtailor_jobs.rss"))
    assert rows(postings) == [
        ("Customer Success Manager", "customer_success", "Stockholm", "SE", False,
         "https://acme.teamtailor.com/jobs/5012345-customer-success-manager", "2025-05-13"),
        ("Backend Developer", "engineering", None, None, True,
         "https://acme.teamtailor.com/jobs/5012399-backend-developer", "2025-05-05"),
    ]  # fmt: skip
    assert postings[0].department == "Customer Success"


def test_parse_icims_and_jazzhr_read_job_links_only():
    icims = parse_html(text("icims_search_page1.html"),
                       "https://careers-acme.icims.com/jobs/search?ss=1&in_iframe=1&pr=0")
    assert [(p.title, p.url) for p in parse_icims(icims)] == [
        ("Inside Sales Representative",
         "https://careers-acme.icims.com/jobs/4101/inside-sales-representative/job?in_iframe=1"),
        ("Field Marketing Manager",
         "https://careers-acme.icims.com/jobs/4102/field-marketing-manager/job?in_iframe=1"),
    ]
    jazz = parse_html(text("jazzhr_apply.html"), "https://acme.applytojob.com/apply")
    assert [p.title for p in parse_jazzhr(jazz)] == ["Account Manager", "Support Specialist"]


# --- reading boards end to end through the fetcher, on an in-process transport -------------


class Boards:
    """Vendor endpoints: URL -> (status, body, content type); Workday pages by POST offset."""

    def __init__(self, routes, workday_pages=None):
        self.routes, self.workday_pages = routes, workday_pages or []
        self.requested: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requested.append((request.method, url))
        if request.method == "POST" and url == WORKDAY_API and self.workday_pages:
            offset = json.loads(request.content)["offset"]
            page = self.workday_pages[min(offset // 20, len(self.workday_pages) - 1)]
            return httpx.Response(200, json=page)
        if url not in self.routes:
            return httpx.Response(404, text="not found")
        status, body, content_type = self.routes[url]
        return httpx.Response(status, text=body, headers={"content-type": content_type})


def read(careers_link: str, routes=None, workday_pages=None):
    careers = parse_html(f'<a href="{careers_link}">Open positions</a>', "https://acme.test/careers")
    boards = Boards(routes or {}, workday_pages)
    settings = HttpSettings(allow_private_network=True, obey_robots=False, per_host_delay=0,
                            retries=0)  # fmt: skip

    async def run():
        async with Fetcher(settings, transport=httpx.MockTransport(boards)) as fetcher:
            return await research_hiring(fetcher, [careers], domain="acme.test",
                                         today=date(2025, 6, 1))  # fmt: skip

    return asyncio.run(run()), boards


JSON, XML, HTML = "application/json", "application/xml", "text/html"


@pytest.mark.parametrize(
    ("link", "routes", "titles"),
    [
        ("https://acme.recruitee.com/", {"https://acme.recruitee.com/api/offers/":
                                         (200, text("recruitee_offers.json"), JSON)}, 2),
        ("https://acme.bamboohr.com/careers", {"https://acme.bamboohr.com/careers/list":
                                               (200, text("bamboohr_list.json"), JSON)}, 2),
        ("https://ats.rippling.com/acme/jobs",
         {"https://api.rippling.com/platform/api/ats/v1/board/acme/jobs":
          (200, text("rippling_jobs.json"), JSON)}, 2),
        ("https://acme.breezy.hr/", {"https://acme.breezy.hr/json":
                                     (200, text("breezy_jobs.json"), JSON)}, 2),
        ("https://acme.jobs.personio.de/", {"https://acme.jobs.personio.de/xml":
                                            (200, text("personio_feed.xml"), XML)}, 2),
        ("https://acme.teamtailor.com/jobs", {"https://acme.teamtailor.com/jobs.rss":
                                              (200, text("teamtailor_jobs.rss"),
                                               "application/rss+xml")}, 2),
        ("https://acme.applytojob.com/apply", {"https://acme.applytojob.com/apply":
                                               (200, text("jazzhr_apply.html"), HTML)}, 2),
        ("https://join.com/companies/acme", {
            "https://join.com/companies/acme": (200, text("join_company.html"), HTML),
            "https://join.com/api/public/companies/145851/jobs?locale=en&page=1&pageSize=50":
                (200, text("join_jobs_page1.json"), JSON)}, 2),
        ("https://careers-acme.icims.com/jobs/intro", {
            "https://careers-acme.icims.com/jobs/search?ss=1&in_iframe=1&pr=0":
                (200, text("icims_search_page1.html"), HTML),
            "https://careers-acme.icims.com/jobs/search?ss=1&in_iframe=1&pr=1":
                (200, text("icims_search_page2.html"), HTML)}, 3),
    ],
)  # fmt: skip
def test_research_hiring_reads_each_new_board(link, routes, titles):
    result, boards = read(link, routes)
    hiring = result.hiring
    assert (hiring.status, hiring.ats) == ("ok", board_from_url(link).vendor)
    assert hiring.open_roles == len(hiring.postings) == titles
    assert hiring.board_url in routes
    assert all(record.text for record in result.pages if record.url in routes)


def test_research_hiring_job_post_technologies_cite_the_board_response():
    result, _ = read("https://acme.recruitee.com/", {"https://acme.recruitee.com/api/offers/":
                                                     (200, text("recruitee_offers.json"), JSON)})
    hubspot = next(t for t in result.technologies if t.name == "HubSpot")
    assert hubspot.evidence[0].url == "https://acme.recruitee.com/api/offers/"
    assert hubspot.evidence[0].quote in result.pages[0].text


def test_research_hiring_pages_through_workday_by_post():
    first = {"total": 23, "jobPostings": [
        {"title": f"Account Executive {n}", "externalPath": f"/job/NYC/AE_R{n}",
         "locationsText": "New York, NY"} for n in range(20)]}
    second = {"total": 0, "jobPostings": [
        {"title": f"Software Engineer {n}", "externalPath": f"/job/NYC/SWE_R{n}"}
        for n in range(3)]}  # fmt: skip
    result, boards = read("https://acme.wd5.myworkdayjobs.com/en-US/Acme_Careers",
                          workday_pages=[first, second])
    assert boards.requested == [("POST", WORKDAY_API)] * 2
    assert (result.hiring.status, result.hiring.open_roles) == ("ok", 23)
    assert result.hiring.by_function["account_executive"] == 20


def test_research_hiring_workday_paging_is_bounded():
    page = {"total": 5000, "jobPostings": [{"title": "Nurse", "externalPath": "/job/x/Nurse"}] * 20}
    result, boards = read("https://acme.wd5.myworkdayjobs.com/Acme_Careers", workday_pages=[page])
    assert len(boards.requested) == MAX_PAGES
    assert result.hiring.open_roles == 20 * MAX_PAGES
    assert "workday board 'acme/Acme_Careers': read 200 of 5000 postings" in result.notes


@pytest.mark.parametrize(
    ("routes", "status"),
    [
        ({}, "board_not_found"),
        ({"https://acme.breezy.hr/json": (500, "oops", "text/plain")}, "fetch_failed"),
        ({"https://acme.breezy.hr/json": (200, "<html>maintenance</html>", HTML)}, "fetch_failed"),
        ({"https://acme.breezy.hr/json": (200, "[]", JSON)}, "no_open_roles"),
    ],
)
def test_research_hiring_new_board_statuses(routes, status):
    result, _ = read("https://acme.breezy.hr/", routes)
    assert result.hiring.status == status
    assert result.hiring.open_roles == (0 if status == "no_open_roles" else None)


def test_research_hiring_join_without_company_is_board_not_found():
    routes = {"https://join.com/companies/acme": (200, "<html><body>Gone</body></html>", HTML)}
    result, _ = read("https://join.com/companies/acme", routes)
    assert result.hiring.status == "board_not_found"
    assert result.notes[0].startswith("join board 'acme' not found (no JOIN company on the page)")


def test_research_hiring_icims_later_page_failing_is_fetch_failed():
    routes = {"https://careers-acme.icims.com/jobs/search?ss=1&in_iframe=1&pr=0":
              (200, text("icims_search_page1.html"), HTML),
              "https://careers-acme.icims.com/jobs/search?ss=1&in_iframe=1&pr=1":
              (503, "busy", "text/plain")}  # fmt: skip
    result, _ = read("https://careers-acme.icims.com/jobs/intro", routes)
    assert (result.hiring.status, result.hiring.open_roles) == ("fetch_failed", None)


def test_detect_ats_finds_a_new_board_in_an_iframe():
    careers = parse_html('<iframe src="https://acme.recruitee.com/embed"></iframe>'
                         '<a href="https://www.bamboohr.com/">HR by BambooHR</a>',
                         "https://acme.test/careers")  # fmt: skip
    board = detect_ats([careers])
    assert board is not None and (board.vendor, board.token) == ("recruitee", "acme")
