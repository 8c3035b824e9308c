from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from agent.models import JOB_FUNCTIONS, Evidence, Field, Hiring, Posting
from tools.evidence import evidence_is_valid
from tools.html import parse_html
from tools.jobs.ats_board import AtsBoard, board_from_url, detect_ats
from tools.jobs.board import research_hiring
from tools.jobs.hiring_signals import answer_hiring_question, summarize_postings
from tools.web.fetcher import Fetcher, HttpSettings

FIXTURES = Path(__file__).parent / "fixtures" / "jobs"
GREENHOUSE_API = "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"
SR_API = "https://api.smartrecruiters.com/v1/companies/AcmeCorp/postings"
ZEROS = dict.fromkeys(JOB_FUNCTIONS, 0)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def page(name: str, url: str = "https://acme.test/careers"):
    return parse_html(fixture_text(name), url)


def json_response(name: str) -> tuple[int, str, str]:
    return 200, fixture_text(name), "application/json"


class Server:
    """An in-process stand-in for the vendor APIs: URL -> (status, body, content type)."""

    def __init__(self, routes: dict[str, tuple[int, str, str] | Exception]):
        self.routes = routes
        self.requested: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requested.append(url)
        route = self.routes.get(url)
        if isinstance(route, Exception):
            raise route
        if route is None:
            return httpx.Response(404, text="not found")
        status, body, content_type = route
        return httpx.Response(status, text=body, headers={"content-type": content_type})


def research(pages, routes, *, obey_robots=False, max_bytes=5 * 1024 * 1024, domain="acme.test"):
    server = Server(routes)
    settings = HttpSettings(allow_private_network=True, obey_robots=obey_robots, per_host_delay=0,
                            retries=0, max_bytes=max_bytes)  # fmt: skip

    async def run():
        async with Fetcher(settings, transport=httpx.MockTransport(server)) as fetcher:
            return await research_hiring(fetcher, pages, domain=domain, today=date(2025, 6, 1))

    return asyncio.run(run()), server


def page_texts(result) -> dict[str, tuple[str, ...]]:
    return {r.url: (r.text, r.source) for r in result.pages}


# -- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://boards.greenhouse.io/embed/job_board/js?for=acme", ("greenhouse", "acme", "")),
        (
            "https://job-boards.greenhouse.io/embed/job_board?for=acme&b=x",
            ("greenhouse", "acme", ""),
        ),
        ("https://job-boards.greenhouse.io/acme/jobs/123", ("greenhouse", "acme", "")),
        ("https://boards.greenhouse.io/acme", ("greenhouse", "acme", "")),
        ("https://job-boards.eu.greenhouse.io/acme", ("greenhouse", "acme", "")),
        ("https://boards-api.greenhouse.io/v1/boards/acme/jobs", ("greenhouse", "acme", "")),
        ("https://jobs.lever.co/acme/abc-123/apply", ("lever", "acme", "")),
        ("https://jobs.eu.lever.co/acme", ("lever", "acme", "eu")),
        ("https://api.lever.co/v0/postings/acme?mode=json", ("lever", "acme", "")),
        ("https://jobs.ashbyhq.com/Acme%20Labs/0f2c", ("ashby", "Acme Labs", "")),
        ("https://jobs.ashbyhq.com/acme/embed?version=2", ("ashby", "acme", "")),
        ("https://api.ashbyhq.com/posting-api/job-board/acme", ("ashby", "acme", "")),
        ("https://apply.workable.com/acme/", ("workable", "acme", "")),
        ("https://apply.workable.com/acme/j/AB12CD34EF/", ("workable", "acme", "")),
        ("https://apply.workable.com/api/v1/widget/accounts/acme", ("workable", "acme", "")),
        ("https://acme.workable.com/", ("workable", "acme", "")),
        ("https://careers.smartrecruiters.com/AcmeCorp", ("smartrecruiters", "AcmeCorp", "")),
        ("https://jobs.smartrecruiters.com/AcmeCorp/744-sdr", ("smartrecruiters", "AcmeCorp", "")),
        (
            "https://api.smartrecruiters.com/v1/companies/AcmeCorp/postings",
            ("smartrecruiters", "AcmeCorp", ""),
        ),
        ("https://apply.workable.com/j/AB12CD34EF", None),
        ("https://www.workable.com/", None),
        ("https://jobs.smartrecruiters.com/sr-jobs/search", None),
        ("https://boards.greenhouse.io/embed/job_board", None),
        ("https://jobs.ashbyhq.com/api/non-user-graphql", None),
        ("https://acme.test/careers", None),
        ("https://greenhouse.io.evil.test/acme", None),
    ],
)
def test_board_from_url(url, expected):
    board = board_from_url(url)
    assert (board and (board.vendor, board.token, board.region)) == expected


@pytest.mark.parametrize(
    ("board", "api_url"),
    [
        (AtsBoard("greenhouse", "acme"), GREENHOUSE_API),
        (
            AtsBoard("lever", "acme", region="eu"),
            "https://api.eu.lever.co/v0/postings/acme?mode=json",
        ),
        (AtsBoard("lever", "acme"), "https://api.lever.co/v0/postings/acme?mode=json"),
        (
            AtsBoard("ashby", "Acme Labs"),
            "https://api.ashbyhq.com/posting-api/job-board/Acme%20Labs?includeCompensation=true",
        ),
        (
            AtsBoard("workable", "acme"),
            "https://apply.workable.com/api/v1/widget/accounts/acme?details=true",
        ),
        (AtsBoard("smartrecruiters", "AcmeCorp"), f"{SR_API}?limit=100&offset=0"),
    ],
)
def test_board_api_url(board, api_url):
    assert board.api_url() == api_url


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("careers_greenhouse_embed.html", ("greenhouse", "acme")),  # the embed beats a link
        ("careers_lever_eu_link.html", ("lever", "acme")),
        ("careers_ashby_iframe.html", ("ashby", "acme")),
        ("careers_workable_link.html", ("workable", "acme")),
        ("careers_smartrecruiters_link.html", ("smartrecruiters", "AcmeCorp")),
        ("careers_inline_script.html", ("ashby", "acme-labs")),
        ("careers_no_openings.html", None),
        ("careers_jsonld.html", None),
    ],
)
def test_detect_ats_on_careers_pages(name, expected):
    board = detect_ats([page(name)])
    assert (board and (board.vendor, board.token)) == expected
    if board:
        assert board.found_on == "https://acme.test/careers"


def test_detect_ats_sums_references_across_pages():
    lever = parse_html('<a href="https://jobs.lever.co/acme">Jobs</a>', "https://acme.test/")
    pages = [lever, lever, page("careers_ashby_iframe.html")]  # two links (2+1 each) beat an iframe

    assert detect_ats(pages).vendor == "lever"


# -- research_hiring end to end --------------------------------------------------------------


def test_research_hiring_reads_greenhouse_board():
    result, server = research([page("careers_greenhouse_embed.html")],
                              {GREENHOUSE_API: json_response("greenhouse_jobs.json")})  # fmt: skip

    hiring = result.hiring
    assert (hiring.ats, hiring.status, hiring.board_url, hiring.open_roles) == (
        "greenhouse",
        "ok",
        GREENHOUSE_API,
        4,
    )
    assert hiring.by_function == {**ZEROS, "sales_development": 2, "account_executive": 1,
                                  "engineering": 1}  # fmt: skip
    assert [(p.title, p.function, p.seniority) for p in hiring.postings] == [
        ("Sales Development Representative", "sales_development", None),
        ("SDR Manager", "sales_development", "manager"),
        ("Senior Account Executive, Mid-Market", "account_executive", "senior"),
        ("Senior Data Engineer", "engineering", "senior"),
    ]
    assert server.requested == [GREENHOUSE_API]
    assert [(r.url, r.kind, r.status) for r in result.pages] == [(GREENHOUSE_API, "job_board", 200)]
    assert result.notes == []


def test_research_hiring_technologies_carry_verifiable_evidence():
    result, _ = research([page("careers_greenhouse_embed.html")],
                         {GREENHOUSE_API: json_response("greenhouse_jobs.json")})  # fmt: skip

    techs = {t.name: t for t in result.technologies}
    assert list(techs) == ["Salesforce", "Outreach", "Gong", "Zoominfo", "Snowflake", "dbt",
                           "Apache Airflow", "Amazon Web Services"]  # fmt: skip
    assert techs["Salesforce"].evidence == [
        Evidence(url=GREENHOUSE_API, quote="Experience with Salesforce and Outreach required.")
    ]
    assert {t.method for t in result.technologies} == {"job-post"}
    assert techs["Outreach"].category == "Sales engagement"
    for tech in result.technologies:
        assert all(evidence_is_valid(e, page_texts(result)) for e in tech.evidence)


def test_research_hiring_empty_board_is_no_open_roles():
    result, _ = research([page("careers_greenhouse_embed.html")],
                         {GREENHOUSE_API: json_response("greenhouse_empty.json")})  # fmt: skip

    assert result.hiring.model_dump() == {
        "ats": "greenhouse", "board_url": GREENHOUSE_API, "status": "no_open_roles",
        "open_roles": 0, "by_function": ZEROS, "postings": [],
        "by_seniority": {}, "locations": {}, "countries": {}, "remote": 0,
        "opened_last_30_days": None, "opened_last_90_days": None,
    }  # fmt: skip
    assert result.notes == ["greenhouse board 'acme' has no open roles"]


@pytest.mark.parametrize(
    ("route", "status", "note"),
    [
        (
            (404, '{"status":404,"error":"Job not found"}', "application/json"),
            "board_not_found",
            f"greenhouse board 'acme' not found (HTTP 404) at {GREENHOUSE_API}",
        ),
        (
            (500, "oops", "text/plain"),
            "fetch_failed",
            f"greenhouse board 'acme' could not be read (HTTP 500) at {GREENHOUSE_API}",
        ),
        (
            (200, "<html>maintenance</html>", "text/html"),
            "fetch_failed",
            f"greenhouse board 'acme' could not be read (response is not JSON) at {GREENHOUSE_API}",
        ),
        (
            (200, '{"jobs": "nope"}', "application/json"),
            "fetch_failed",
            "greenhouse board 'acme' could not be read (unexpected response shape) at "
            f"{GREENHOUSE_API}",
        ),
        (
            httpx.ConnectError("refused"),
            "fetch_failed",
            f"greenhouse board 'acme' could not be read (network) at {GREENHOUSE_API}",
        ),
    ],
)
def test_research_hiring_unreadable_board_has_no_counts(route, status, note):
    result, _ = research([page("careers_greenhouse_embed.html")], {GREENHOUSE_API: route})

    assert result.hiring.model_dump() == {
        "ats": "greenhouse", "board_url": GREENHOUSE_API, "status": status,
        "open_roles": None, "by_function": None, "postings": [],
        "by_seniority": None, "locations": None, "countries": None, "remote": None,
        "opened_last_30_days": None, "opened_last_90_days": None,
    }  # fmt: skip
    assert result.notes == [note]
    assert result.technologies == []


def test_research_hiring_robots_refusal_is_fetch_failed():
    robots = (200, "User-agent: *\nDisallow: /", "text/plain")
    routes = {"https://boards-api.greenhouse.io/robots.txt": robots,
              GREENHOUSE_API: json_response("greenhouse_jobs.json")}  # fmt: skip

    result, server = research([page("careers_greenhouse_embed.html")], routes, obey_robots=True)

    assert (result.hiring.status, result.hiring.open_roles) == ("fetch_failed", None)
    assert GREENHOUSE_API not in server.requested
    assert result.notes == [
        f"greenhouse board 'acme' could not be read (robots disallowed) at {GREENHOUSE_API}"
    ]


def test_research_hiring_refetches_oversized_greenhouse_board_without_content():
    lean = {"jobs": [{"id": 1, "title": "SDR", "absolute_url": "https://x.test/1",
                      "location": {"name": "Remote"}}], "meta": {"total": 1}}  # fmt: skip
    without_content = "https://boards-api.greenhouse.io/v1/boards/acme/jobs"
    routes = {GREENHOUSE_API: json_response("greenhouse_jobs.json"),
              without_content: (200, json.dumps(lean), "application/json")}  # fmt: skip

    result, server = research([page("careers_greenhouse_embed.html")], routes, max_bytes=1500)

    assert server.requested == [GREENHOUSE_API, without_content]
    assert (result.hiring.status, result.hiring.open_roles) == ("ok", 1)
    assert result.hiring.board_url == without_content


WORKABLE_API = "https://apply.workable.com/api/v1/widget/accounts/acme"


@pytest.mark.parametrize(
    ("careers", "api_url", "body", "titles", "requested"),
    [
        (
            "careers_lever_eu_link.html",
            "https://api.eu.lever.co/v0/postings/acme?mode=json",
            "lever_postings.json",
            ["Business Development Representative (EMEA)", "Customer Success Manager"],
            None,
        ),
        (
            "careers_ashby_iframe.html",
            "https://api.ashbyhq.com/posting-api/job-board/acme?includeCompensation=true",
            "ashby_job_board.json",
            ["Growth Marketing Manager"],
            None,
        ),
        (
            "careers_workable_link.html",
            f"{WORKABLE_API}?details=true",
            "workable_widget.json",
            ["Account Executive"],
            None,
        ),
        # a board that refuses descriptions is still read through its lean list
        (
            "careers_workable_link.html",
            WORKABLE_API,
            "workable_widget.json",
            ["Account Executive"],
            [f"{WORKABLE_API}?details=true", WORKABLE_API],
        ),
    ],
)
def test_research_hiring_reads_each_vendor(careers, api_url, body, titles, requested):
    result, server = research([page(careers)], {api_url: json_response(body)})

    assert server.requested == (requested or [api_url])
    assert (result.hiring.status, result.hiring.board_url) == ("ok", api_url)
    assert [p.title for p in result.hiring.postings] == titles
    assert result.hiring.open_roles == sum(result.hiring.by_function.values()) == len(titles)


def test_research_hiring_workable_details_name_the_stack():
    api_url = f"{WORKABLE_API}?details=true"
    result, _ = research([page("careers_workable_link.html")],
                         {api_url: json_response("workable_widget.json")})  # fmt: skip

    quote = "Experience with Pipedrive and Aircall"
    assert [(t.name, t.evidence) for t in result.technologies] == [
        ("Pipedrive", [Evidence(url=api_url, quote=quote)]),
        ("Aircall", [Evidence(url=api_url, quote=quote)]),
    ]


def test_research_hiring_lever_technologies_from_lists():
    api_url = "https://api.eu.lever.co/v0/postings/acme?mode=json"
    result, _ = research([page("careers_lever_eu_link.html")],
                         {api_url: json_response("lever_postings.json")})  # fmt: skip

    assert [(t.name, t.evidence) for t in result.technologies] == [
        ("HubSpot", [Evidence(url=api_url, quote="1+ years with HubSpot CRM or SFDC")]),
        ("Salesforce", [Evidence(url=api_url, quote="1+ years with HubSpot CRM or SFDC")]),
    ]


def test_research_hiring_pages_through_smartrecruiters():
    first, second = f"{SR_API}?limit=100&offset=0", f"{SR_API}?limit=100&offset=2"
    detail = f"{SR_API}/744000000000001"
    routes = {first: json_response("smartrecruiters_page1.json"),
              second: json_response("smartrecruiters_page2.json"),
              detail: json_response("smartrecruiters_detail.json")}  # fmt: skip

    result, server = research([page("careers_smartrecruiters_link.html")], routes)

    assert server.requested[:2] == [first, second]
    assert sorted(server.requested[2:]) == [detail, f"{SR_API}/744000000000002",
                                            f"{SR_API}/744000000000003"]  # fmt: skip
    hiring = result.hiring
    assert (hiring.ats, hiring.status, hiring.open_roles, hiring.board_url) == (
        "smartrecruiters",
        "ok",
        3,
        first,
    )
    assert hiring.by_function == {**ZEROS, "sales_development": 1, "engineering": 1,
                                  "marketing": 1}  # fmt: skip
    sdr = hiring.postings[0]
    assert sdr.url == (
        "https://jobs.smartrecruiters.com/AcmeCorp/744000000000001-sales-development-representative"
    )
    quote = "You are fluent in Salesloft and LinkedIn Sales Navigator."
    assert [(t.name, t.evidence) for t in result.technologies] == [
        ("Salesloft", [Evidence(url=detail, quote=quote)]),
        ("LinkedIn Sales Navigator", [Evidence(url=detail, quote=quote)]),
    ]  # the company blurb ("a Salesforce partner") is no evidence
    assert [r.kind for r in result.pages] == ["job_board", "job_board"] + ["job_posting"] * 3
    assert result.notes == ["smartrecruiters board 'AcmeCorp': 2 posting details could not be read"]


def test_research_hiring_smartrecruiters_failed_later_page_is_fetch_failed():
    first = f"{SR_API}?limit=100&offset=0"
    result, _ = research([page("careers_smartrecruiters_link.html")],
                         {first: json_response("smartrecruiters_page1.json")})  # fmt: skip

    assert (result.hiring.status, result.hiring.open_roles, result.hiring.postings) == (
        "fetch_failed",
        None,
        [],
    )
    assert result.notes == [f"smartrecruiters board 'AcmeCorp' could not be read (HTTP 404) at "
                            f"{SR_API}?limit=100&offset=2"]  # fmt: skip


def test_research_hiring_falls_back_to_jsonld():
    careers = page("careers_jsonld.html")
    result, server = research([careers], {})

    hiring = result.hiring
    assert (hiring.ats, hiring.status, hiring.board_url, hiring.open_roles) == (
        "jsonld",
        "ok",
        "https://acme.test/careers",
        2,
    )
    assert server.requested == []
    assert [t.name for t in result.technologies] == ["Apollo.io", "Salesforce"]
    texts = {careers.url: (careers.text, careers.source)}
    assert all(evidence_is_valid(e, texts) for t in result.technologies for e in t.evidence)


def test_research_hiring_uses_jsonld_when_the_board_is_gone():
    pages = [
        page("careers_lever_eu_link.html"),
        page("careers_jsonld.html", "https://acme.test/jobs"),
    ]
    result, _ = research(pages, {})

    hiring = result.hiring
    assert (hiring.ats, hiring.status, hiring.open_roles) == ("jsonld", "ok", 2)
    assert result.notes == [
        "lever board 'acme' not found (HTTP 404) at https://api.eu.lever.co/v0/postings/acme?mode=json",
        "read 2 JobPosting items from the company's pages",
    ]


def test_research_hiring_falls_back_to_careers_links():
    result, _ = research([page("careers_job_links.html")], {})

    hiring = result.hiring
    assert (hiring.ats, hiring.status, hiring.board_url, hiring.open_roles) == (
        None,
        "ok",
        "https://acme.test/careers",
        2,
    )
    assert [(p.title, p.url) for p in hiring.postings] == [
        (
            "Sales Development Representative",
            "https://acme.test/careers/sales-development-representative",
        ),
        ("Staff Backend Engineer", "https://acme.test/careers/staff-backend-engineer"),
    ]


@pytest.mark.parametrize(
    "sentence",
    ["There are currently no open positions. Check back soon!",
     "We don't have any open roles at the moment.", "We're not hiring right now."],
)  # fmt: skip
def test_research_hiring_careers_page_without_openings(sentence):
    html = fixture_text("careers_no_openings.html").replace(
        "There are currently no open positions. Check back soon!", sentence
    )
    result, _ = research([parse_html(html, "https://acme.test/careers")], {})

    assert result.hiring.model_dump() == {
        "ats": None, "board_url": "https://acme.test/careers", "status": "no_open_roles",
        "open_roles": 0, "by_function": ZEROS, "postings": [],
        "by_seniority": {}, "locations": {}, "countries": {}, "remote": 0,
        "opened_last_30_days": None, "opened_last_90_days": None,
    }  # fmt: skip


def test_research_hiring_nothing_found():
    result, server = research([parse_html("<p>Hello</p>", "https://acme.test/")], {})

    assert result.hiring == Hiring()
    assert (result.hiring.status, result.hiring.open_roles, result.hiring.by_function) == (
        "not_found",
        None,
        None,
    )
    assert server.requested == []
    assert result.notes == ["no job board, JobPosting data or job links found"]


def test_research_hiring_names_a_board_it_cannot_read():
    careers = parse_html('<a href="https://acme.taleo.net/careersection/2/jobsearch.ftl">Search '
                         'all jobs</a>', "https://acme.test/careers")  # fmt: skip

    result, _ = research([careers], {})

    assert (result.hiring.status, result.hiring.open_roles) == ("not_found", None)
    assert result.notes == [
        "jobs are on Taleo (https://acme.taleo.net/careersection/2/jobsearch.ftl), "
        "which is not read"
    ]


def test_research_hiring_follows_the_careers_link_from_home():
    home = page("home_with_careers_link.html", "https://acme.test/")
    routes = {"https://acme.test/careers": (200, fixture_text("careers_greenhouse_embed.html"),
                                            "text/html; charset=utf-8"),
              GREENHOUSE_API: json_response("greenhouse_jobs.json")}  # fmt: skip

    result, server = research([home], routes)

    assert server.requested == ["https://acme.test/careers", GREENHOUSE_API]
    assert [(r.url, r.kind) for r in result.pages] == [
        ("https://acme.test/careers", "careers"),
        (GREENHOUSE_API, "job_board"),
    ]
    assert (result.hiring.ats, result.hiring.open_roles) == ("greenhouse", 4)


def test_research_hiring_follows_a_careers_link_in_another_language():
    home = parse_html('<footer><a href="/karriere">Karriere</a></footer>', "https://acme.test/")
    routes = {"https://acme.test/karriere": (200, fixture_text("careers_greenhouse_embed.html"),
                                             "text/html")}  # fmt: skip

    result, server = research([home], routes)

    assert server.requested[0] == "https://acme.test/karriere"
    assert result.hiring.ats == "greenhouse"


def test_research_hiring_skips_the_companys_own_product():
    own = {"jobs": [{"id": 1, "title": "Account Executive", "absolute_url": "https://x.test/1",
                     "location": {"name": "NYC"},
                     "content": "&lt;p&gt;Requirements&lt;/p&gt;&lt;p&gt;Experience with Gong "
                                "and Salesforce is required.&lt;/p&gt;"}]}  # fmt: skip
    result, _ = research([page("careers_greenhouse_embed.html", "https://gong.test/careers")],
                         {GREENHOUSE_API: (200, json.dumps(own), "application/json")},
                         domain="gong.test")  # fmt: skip

    assert [t.name for t in result.technologies] == ["Salesforce"]


# -- signals ---------------------------------------------------------------------------------


def test_summarize_postings_counts_and_velocity():
    postings = [
        Posting(title="SDR", function="sales_development", seniority=None, location="Austin, TX",
                country="US", remote=False, posted_at="2025-05-20"),
        Posting(title="SDR Manager", function="sales_development", seniority="manager",
                location="Remote - US", country="US", remote=True, posted_at="2025-03-15"),
        Posting(title="AE", function="account_executive", location="Austin, TX", country="US",
                posted_at="2024-11-15"),
        Posting(title="Designer"),
    ]  # fmt: skip

    assert summarize_postings(postings, date(2025, 6, 1)) == {
        "open_roles": 4,
        "by_function": {**ZEROS, "sales_development": 2, "account_executive": 1, "other": 1},
        "by_seniority": {"manager": 1},
        "locations": {"Austin, TX": 2, "Remote - US": 1},
        "countries": {"US": 3},
        "remote": 1,
        "dated_postings": 3,
        "opened_last_30_days": 1,
        "opened_last_90_days": 2,
    }


def test_summarize_postings_without_dates_has_no_velocity():
    summary = summarize_postings([Posting(title="SDR")], date(2025, 6, 1))

    assert (summary["opened_last_30_days"], summary["opened_last_90_days"]) == (None, None)


@pytest.fixture(scope="module")
def greenhouse_research():
    result, _ = research([page("careers_greenhouse_embed.html")],
                         {GREENHOUSE_API: json_response("greenhouse_jobs.json")})  # fmt: skip
    return result


SDR_EVIDENCE = [Evidence(url=GREENHOUSE_API, quote="Sales Development Representative"),
                Evidence(url=GREENHOUSE_API, quote="SDR Manager")]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "answer_type", "value", "evidence"),
    [
        ("How many SDR/BDR roles are open?", "int", 2, SDR_EVIDENCE),
        ("Is it hiring SDRs?", "bool", True, SDR_EVIDENCE),
        ("Is the company hiring an SDR manager?", "bool", True, SDR_EVIDENCE[1:]),
        (
            "How many account executives are they hiring?",
            "int",
            1,
            [Evidence(url=GREENHOUSE_API, quote="Senior Account Executive, Mid-Market")],
        ),
        ("How many open roles does the company have?", "int", 4, None),
        (
            "Which SDR roles are open?",
            "list",
            ["Sales Development Representative", "SDR Manager"],
            SDR_EVIDENCE,
        ),
        (
            "How many SDR roles are open?",
            "text",
            "2 open: Sales Development Representative; SDR Manager",
            SDR_EVIDENCE,
        ),
        ("How many marketing roles are open?", "int", 0, None),
    ],
)
def test_answer_hiring_question(greenhouse_research, question, answer_type, value, evidence):
    hiring, pages = greenhouse_research.hiring, greenhouse_research.pages

    field = answer_hiring_question(question, answer_type, hiring, pages)

    assert (field.value, field.method, field.confidence) == (value, "rule", 0.9)
    if evidence is not None:
        assert field.evidence == evidence
    texts = page_texts(greenhouse_research)
    assert field.evidence and all(evidence_is_valid(e, texts) for e in field.evidence)


@pytest.mark.parametrize(
    "question",
    ["Does the company use Salesforce?", "How many employees does it have?",
     "Does it attend SaaStr?"],
)  # fmt: skip
def test_answer_hiring_question_ignores_other_questions(greenhouse_research, question):
    assert answer_hiring_question(question, "int", greenhouse_research.hiring) is None


def test_answer_hiring_question_without_pages_quotes_the_board_url(greenhouse_research):
    field = answer_hiring_question("How many BDRs are open?", "int", greenhouse_research.hiring)

    assert (field.value, field.evidence) == (2, SDR_EVIDENCE)


def test_answer_hiring_question_unreadable_board_is_none():
    hiring = Hiring(ats="lever", status="fetch_failed", board_url="https://api.lever.co/x")

    assert answer_hiring_question("How many SDR roles are open?", "int", hiring) is None


def test_answer_hiring_question_empty_board_quotes_the_empty_list():
    result, _ = research([page("careers_greenhouse_embed.html")],
                         {GREENHOUSE_API: json_response("greenhouse_empty.json")})  # fmt: skip

    field = answer_hiring_question("How many SDR roles?", "int", result.hiring, result.pages)

    assert (field.value, field.evidence) == (0, [Evidence(url=GREENHOUSE_API, quote='"jobs": []')])
    assert evidence_is_valid(field.evidence[0], page_texts(result))
    assert answer_hiring_question("How many SDR roles?", "int", result.hiring) == Field.empty()
