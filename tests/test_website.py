import asyncio
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

from tools.html import Link, ParsedPage, parse_html
from tools.web.fetcher import Fetcher, HttpSettings
from tools.website import (
    COMMON_PATHS,
    DEFAULT_PAGE_BUDGET,
    PAGE_KINDS,
    SiteResult,
    classify_url,
    fetch_site,
    parse_sitemap,
    plan_pages,
)

SITE = Path(__file__).parent / "fixtures" / "site"
HOME = "https://acmeledger.com/"
WWW = "https://www.acmeledger.com/"

# -- classify_url ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "anchor_text", "expected"),
    [
        ("https://acme.com/about", "", "about"),
        ("https://acme.com/about-us/", "", "about"),
        ("https://acme.com/company", "", "about"),
        ("https://acme.com/about.html", "", "about"),
        ("https://acme.com/en/about", "", "about"),
        ("https://acme.com/our-story?ref=nav", "", "about"),
        ("https://acme.de/ueber-uns", "", "about"),
        ("https://acme.de/%C3%BCber-uns/", "", "about"),
        ("https://acme.de/de/unternehmen", "", "about"),
        ("https://acme.fr/qui-sommes-nous", "", "about"),
        ("https://acme.fr/fr-fr/a-propos", "", "about"),
        ("https://acme.es/sobre-nosotros", "", "about"),
        ("https://acme.com/careers", "", "careers"),
        ("https://acme.com/jobs/", "", "careers"),
        ("https://acme.com/company/careers", "", "careers"),
        ("https://acme.com/careers/account-executive-berlin", "", "careers"),
        ("https://acme.de/de-de/karriere/", "", "careers"),
        ("https://acme.fr/fr/nous-rejoindre", "", "careers"),
        ("https://acme.fr/recrutement", "", "careers"),
        ("https://careers.acme.com/", "", "careers"),
        ("https://jobs.acme.com", "", "careers"),
        ("https://acme.com/team", "", "team"),
        ("https://acme.com/about/team", "", "team"),
        ("https://acme.com/company/leadership", "", "team"),
        ("https://acme.fr/%C3%A9quipe", "", "team"),
        ("https://acme.de/de/unser-team", "", "team"),
        ("https://acme.com/contact-us.php", "", "contact"),
        ("https://acme.de/impressum", "", "legal"),
        ("https://acme.de/kontakt", "", "contact"),
        ("https://acme.fr/mentions-legales", "", "legal"),
        ("https://acme.com/legal/imprint", "", "legal"),
        ("https://acme.com/privacy-policy", "", "legal"),
        ("https://acme.it/note-legali", "", "legal"),
        ("https://acme.com/x", "Terms of Service", "legal"),
        ("https://acme.com/blogs", "", "press"),
        ("https://acme.com/resources", "", "press"),
        ("https://acme.nl/nieuws", "", "press"),
        # product and industry pages reuse kind words: not pages of a kind
        ("https://acme.com/solutions/industries/media-and-entertainment", "", None),
        ("https://acme.com/solutions/industries/media", "", None),
        ("https://acme.com/industry/media", "", None),
        ("https://acme.com/product/integrations", "", None),
        ("https://acme.com/press", "", "press"),
        ("https://acme.com/newsroom", "", "press"),
        ("https://acme.com/blog", "", "press"),
        ("https://acme.com/press/acme-raises-40m-series-b", "", "press"),
        ("https://acme.com/news/2024/03/acme-acquires-initech", "", "press"),
        ("https://acme.de/de/presse/pressemitteilung-2024", "", "press"),
        ("https://acme.com/customers", "", "customers"),
        ("https://acme.com/customers/initech", "", "customers"),
        ("https://acme.com/case-studies", "", "customers"),
        ("https://acme.de/referenzen", "", "customers"),
        ("https://acme.com/pricing", "", "pricing"),
        ("https://acme.de/preise", "", "pricing"),
        ("https://acme.fr/tarifs", "", "pricing"),
        ("https://acme.com/integrations/slack", "", "integrations"),
        ("https://acme.com/partners", "", "integrations"),
        ("https://acme.com/events", "", "events"),
        ("https://acme.com/webinars", "", "events"),
        ("https://acme.de/veranstaltungen", "", "events"),
        # deep blog posts are never pages of a kind, whatever their slug or anchor text
        ("https://acme.com/blog/2023/05/why-we-raised", "", None),
        ("https://acme.com/blog/our-story", "", None),
        ("https://acme.com/blog/careers", "Careers", None),
        ("https://acme.com/en/blog/team", "", None),
        ("https://acme.com/insights/pricing", "", None),
        # neither are files, the site's root or pages of no kind
        ("https://acme.com/about.pdf", "", None),
        ("https://acme.com/media/logo.png", "", None),
        ("https://acme.com/", "About", None),
        ("https://www.acme.com/", "Careers", None),
        ("https://acme.com", "", None),
        ("https://acme.com/products/widget", "", None),
        ("https://acme.com/about/leadership/jane-doe", "", None),
        ("not a url", "", None),
        ("https://[broken/about", "", None),
        # anchor texts, English and not
        ("https://acme.com/x", "About us", "about"),
        ("https://acme.com/x", "Über uns", "about"),
        ("https://acme.com/x", "Qui sommes-nous ?", "about"),
        ("https://acme.com/x", "À propos", "about"),
        ("https://acme.com/x", "Karriere", "careers"),
        ("https://acme.com/x", "Carrières", "careers"),
        ("https://acme.com/x", "We\u2019re hiring!", "careers"),
        ("https://acme.com/x", "Join our team", "careers"),
        ("https://acme.com/x", "Meet the team", "team"),
        ("https://acme.com/x", "Das Team", "team"),
        ("https://acme.com/x", "Nous contacter", "contact"),
        ("https://acme.com/x", "Pricing \u2192", "pricing"),
        ("https://acme.com/x", "Case studies", "customers"),
        ("https://work.acme.com/", "Careers", "careers"),
        ("https://acme.com/x", "Teamwork makes the dream work", None),
        ("https://acme.com/x", "Read more about how we invoice freight for carriers", None),
        ("https://acme.com/x", "", None),
        # more languages, and investor relations
        ("https://acme.it/chi-siamo/", "", "about"),
        ("https://acme.nl/x", "Over ons", "about"),
        ("https://acme.pt/x", "Quem somos", "about"),
        ("https://acme.it/x", "Lavora con noi", "careers"),
        ("https://acme.it/comunicati-stampa", "", "press"),
        ("https://acme.nl/x", "Neem contact op", "contact"),
        ("https://acme.nl/privacybeleid", "", "legal"),
        ("https://investors.acme.com/", "", "investors"),
        ("https://acme.com/x", "Investor Relations", "investors"),
    ],
)
def test_classify_url(url, anchor_text, expected):
    assert classify_url(url, anchor_text) == expected


def test_page_kinds_cover_the_issue_list_and_guesses_name_known_kinds():
    assert list(PAGE_KINDS) == [
        "about",
        "careers",
        "press",
        "contact",
        "legal",
        "investors",
        "team",
        "pricing",
        "customers",
        "integrations",
        "events",
    ]
    assert set(COMMON_PATHS) <= set(PAGE_KINDS)
    for kind, paths in COMMON_PATHS.items():
        assert [classify_url("https://acme.com" + path) for path in paths] == [kind] * len(paths)


# -- plan_pages -----------------------------------------------------------------------------


def home_page(url: str, *links: tuple[str, str]) -> ParsedPage:
    return ParsedPage(url=url, source="", links=[Link(urljoin(url, h), t) for h, t in links])


def test_plan_pages_from_home_page_fixture():
    home = parse_html((SITE / "home_saas.html").read_text(), HOME)
    assert plan_pages(home, "acmeledger.com", [], DEFAULT_PAGE_BUDGET) == [
        ("https://acmeledger.com/company/about-us", "about"),
        ("https://acmeledger.com/careers", "careers"),
        ("https://acmeledger.com/blog", "press"),
        ("https://acmeledger.com/impressum", "legal"),
        ("https://acmeledger.com/pricing", "pricing"),
        ("https://acmeledger.com/customers", "customers"),
        # second pages once every kind has one
        ("https://jobs.acmeledger.com/", "careers"),
        ("https://acmeledger.com/press/acme-raises-series-b", "press"),
    ]


def test_plan_pages_german_home_page():
    home = parse_html((SITE / "home_de.html").read_text(), "https://beispiel.de/de/")
    assert plan_pages(home, "beispiel.de", [], DEFAULT_PAGE_BUDGET) == [
        ("https://beispiel.de/de/%C3%BCber-uns/", "about"),
        ("https://beispiel.de/de/karriere", "careers"),
        ("https://beispiel.de/de/presse/pressemitteilung-2024", "press"),
        ("https://beispiel.de/de/kontakt", "contact"),
        ("https://beispiel.de/de/impressum", "legal"),
        ("https://beispiel.de/de/unser-team", "team"),
        ("https://beispiel.de/de/preise", "pricing"),
        ("https://beispiel.de/de/referenzen", "customers"),
    ]


@pytest.mark.parametrize(
    ("budget", "expected_count"),
    [(0, 0), (-3, 0), (1, 1), (3, 3), (6, 6), (7, 7), (12, 8)],
)
def test_plan_pages_respects_budget_and_fills_first_round_first(budget, expected_count):
    home = parse_html((SITE / "home_saas.html").read_text(), HOME)
    full = plan_pages(home, "acmeledger.com", [], 100)
    assert plan_pages(home, "acmeledger.com", [], budget) == full[:expected_count]


def test_plan_pages_prefers_the_legal_notice_to_privacy_and_terms():
    home = home_page(
        HOME,
        ("/privacy", "Privacy Policy"),
        ("/terms", "Terms of Service"),
        ("/legal/imprint", "Imprint"),
    )
    assert plan_pages(home, "acmeledger.com", [], 1) == [
        ("https://acmeledger.com/legal/imprint", "legal")
    ]


def test_plan_pages_press_before_contact_team_and_pricing_when_budget_is_tight():
    home = home_page(
        HOME,
        ("/pricing", "Pricing"),
        ("/team", "Team"),
        ("/contact", "Contact"),
        ("/news", "News"),
        ("/about", "About"),
    )
    assert plan_pages(home, "acmeledger.com", [], 3) == [
        ("https://acmeledger.com/about", "about"),
        ("https://acmeledger.com/news", "press"),
        ("https://acmeledger.com/contact", "contact"),
    ]


def test_plan_pages_one_page_per_kind_before_second_pages():
    home = home_page(
        HOME,
        ("/about", "About"),
        ("/about/history", "History"),
        ("/about/values", "Values"),
        ("/careers", "Careers"),
        ("/pricing", "Pricing"),
    )
    assert plan_pages(home, "acmeledger.com", [], 4) == [
        ("https://acmeledger.com/about", "about"),
        ("https://acmeledger.com/careers", "careers"),
        ("https://acmeledger.com/pricing", "pricing"),
        ("https://acmeledger.com/about/history", "about"),
    ]


def test_plan_pages_never_the_home_page_and_only_same_site_links():
    home = home_page(
        "https://www.acmeledger.com/company",  # the home page redirected to /company
        ("https://www.acmeledger.com/company", "About"),
        ("https://acmeledger.com/company/", "Company"),
        ("https://www.acmeledger.com/#contact", "Contact"),
        ("https://evilacmeledger.com/about", "About"),
        ("https://acmeledger.com.evil.com/careers", "Careers"),
        ("https://linkedin.com/company/acmeledger/jobs", "Jobs"),
        ("https://blog.acmeledger.com/team", "Team"),
        ("https://acmeledger.com/pricing#enterprise", "Pricing"),
    )
    assert plan_pages(home, "acmeledger.com", [], 12) == [
        ("https://blog.acmeledger.com/team", "team"),
        ("https://acmeledger.com/pricing", "pricing"),
    ]


def test_plan_pages_counts_one_page_once():
    home = home_page(
        HOME,
        ("/about", "About"),
        ("/about/", "About us"),
        ("https://www.acmeledger.com/about#team", "About"),
        ("http://acmeledger.com/About", "About"),
        ("/careers?utm_source=nav", "Careers"),
        ("/careers", "Careers"),
    )
    extra = ["https://acmeledger.com/about", "https://acmeledger.com/careers"]
    assert plan_pages(home, "acmeledger.com", extra, 12) == [
        ("https://acmeledger.com/about", "about"),
        ("https://acmeledger.com/careers?utm_source=nav", "careers"),
        ("https://acmeledger.com/careers", "careers"),
    ]


def test_plan_pages_adds_sitemap_urls_after_links():
    home = home_page(HOME, ("/about", "About"))
    sitemap = parse_sitemap((SITE / "sitemap_pages.xml").read_text())
    extra = sitemap + ["ftp://acmeledger.com/team", "https://other.com/jobs", "/pricing"]
    assert plan_pages(home, "acmeledger.com", extra, 12) == [
        ("https://acmeledger.com/about", "about"),
        ("https://acmeledger.com/jobs", "careers"),
    ]
    assert plan_pages(None, "acmeledger.com", sitemap, 12) == [
        ("https://acmeledger.com/about", "about"),
        ("https://acmeledger.com/jobs", "careers"),
    ]


# -- parse_sitemap --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (
            (SITE / "sitemap_pages.xml").read_text(),
            [
                "https://acmeledger.com/",
                "https://acmeledger.com/about",
                "https://acmeledger.com/jobs",
                "https://acmeledger.com/blog/2022/01/hello-world",
            ],
        ),
        ((SITE / "sitemap_index.xml").read_text(), []),
        ("<html><body><h1>Page not found</h1></body></html>", []),
        ("", []),
        ("<urlset><url><loc>https://a.com/x</loc></url><url></url></urlset>", ["https://a.com/x"]),
    ],
)
def test_parse_sitemap(xml, expected):
    assert parse_sitemap(xml) == expected


def test_parse_sitemap_limit():
    urls = "".join(f"<url><loc>https://a.com/{i}</loc></url>" for i in range(10))
    assert parse_sitemap(f"<urlset>{urls}</urlset>", limit=3) == [
        "https://a.com/0",
        "https://a.com/1",
        "https://a.com/2",
    ]


# -- fetch_site over a mock transport -------------------------------------------------------

DOWN = "down"


def html(body: str) -> httpx.Response:
    return httpx.Response(200, text=f"<html><body>{body}</body></html>",
                          headers={"content-type": "text/html; charset=utf-8"})  # fmt: skip


def links(*hrefs: str) -> httpx.Response:
    return html("".join(f"<p><a href='{href}'>link</a></p>" for href in hrefs))


def redirect(location: str) -> httpx.Response:
    return httpx.Response(301, headers={"location": location})


class Web:
    """URL -> response; a host in `down` refuses connections; anything else is a 404."""

    def __init__(self, routes: dict[str, httpx.Response | str]):
        self.routes = routes
        self.requested: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requested.append(url)
        route = self.routes.get(url)
        if route is None:
            route = self.routes.get(f"https://{request.url.host}/*")
        if route == DOWN:
            raise httpx.ConnectError("connection refused", request=request)
        if isinstance(route, httpx.Response):
            return httpx.Response(route.status_code, headers=route.headers, content=route.content)
        return httpx.Response(404, text="not found")

    def page_requests(self) -> list[str]:
        """Every request made for a page: not robots.txt, not the sitemap."""
        return [u for u in self.requested if not u.endswith(("/robots.txt", "/sitemap.xml"))]


def run(web: Web, domain: str = "acmeledger.com", *, obey_robots: bool = True, **kwargs):
    settings = HttpSettings(allow_private_network=True, per_host_delay=0, retries=0,
                            obey_robots=obey_robots)  # fmt: skip

    async def go() -> SiteResult:
        async with Fetcher(settings, transport=httpx.MockTransport(web)) as fetcher:
            return await fetch_site(fetcher, domain, **kwargs)

    return asyncio.run(go())


def summary(site: SiteResult) -> list[tuple[str, str, str | None, int | None]]:
    return [(page.kind, page.url, page.final_url, page.status) for page in site.pages]


def test_fetch_site_follows_apex_to_www_redirect():
    web = Web(
        {
            HOME: redirect(WWW),
            WWW: links("/about", "https://www.acmeledger.com/careers", "/pricing", "/blog/a/b"),
            WWW + "about": html("<h1>About</h1>"),
            WWW + "careers": html("<h1>Careers</h1>"),
            WWW + "pricing": html("<h1>Pricing</h1>"),
        }
    )
    site = run(web)
    assert site.home_url == WWW
    assert summary(site) == [
        ("home", HOME, WWW, 200),
        ("about", WWW + "about", WWW + "about", 200),
        ("careers", WWW + "careers", WWW + "careers", 200),
        ("pricing", WWW + "pricing", WWW + "pricing", 200),
    ]
    assert [kind for kind, _ in site.parsed] == ["home", "about", "careers", "pricing"]
    # the www home is not requested a second time; three kinds found: no sitemap, no guesses
    assert sorted(web.requested) == sorted(
        [HOME + "robots.txt", HOME, WWW + "robots.txt", WWW]
        + [WWW + "about", WWW + "careers", WWW + "pricing"]
    )
    assert (site.reachable, site.notes) == (True, [])


def test_fetch_site_apex_down_www_works():
    web = Web(
        {
            "https://acmeledger.com/*": DOWN,
            WWW: links("/about", "/jobs", "/contact"),
            WWW + "about": html("About"),
            WWW + "jobs": html("Jobs"),
            WWW + "contact": html("Contact"),
        }
    )
    site = run(web, obey_robots=False)
    assert site.home_url == WWW
    assert summary(site) == [
        ("home", HOME, HOME, None),
        ("home", WWW, WWW, 200),
        ("about", WWW + "about", WWW + "about", 200),
        ("careers", WWW + "jobs", WWW + "jobs", 200),
        ("contact", WWW + "contact", WWW + "contact", 200),
    ]
    assert site.notes == [
        f"home page {HOME} not available (network: ConnectError: connection refused)"
    ]
    assert site.reachable


def test_fetch_site_starting_from_www_domain_tries_apex_second():
    web = Web({WWW: "down", HOME: links("/about", "/careers", "/team")})
    site = run(web, "www.acmeledger.com", obey_robots=False)
    assert site.home_url == HOME
    assert web.page_requests()[:2] == [WWW, HOME]


@pytest.mark.parametrize(
    ("obey_robots", "reason"),
    [
        # a host that does not answer is a network failure, whether robots.txt is read or not
        (True, "network: ConnectError: connection refused"),
        (False, "network: ConnectError: connection refused"),
    ],
)
def test_fetch_site_both_hosts_down(obey_robots, reason):
    web = Web({"https://acmeledger.com/*": DOWN, "https://www.acmeledger.com/*": DOWN})
    site = run(web, obey_robots=obey_robots)
    assert (site.home_url, site.reachable, site.parsed) == (None, False, [])
    assert site.notes == [
        f"home page {HOME} not available ({reason})",
        f"home page {WWW} not available ({reason})",
    ]
    assert [(page.kind, page.url, page.status) for page in site.pages] == [
        ("home", HOME, None),
        ("home", WWW, None),
    ]
    assert web.page_requests() == ([] if obey_robots else [HOME, WWW])


def test_fetch_site_both_home_pages_404_gives_up():
    site = run(Web({}))
    assert (site.reachable, len(site.pages)) == (False, 2)
    assert site.notes == [
        f"home page {HOME} not available (HTTP 404)",
        f"home page {WWW} not available (HTTP 404)",
    ]


def test_fetch_site_home_500_but_sitemap_and_about_reachable():
    web = Web(
        {
            HOME: httpx.Response(500, text="oops"),
            WWW: httpx.Response(500, text="oops"),
            HOME + "sitemap.xml": httpx.Response(
                200,
                text=(SITE / "sitemap_pages.xml").read_text(),
                headers={"content-type": "application/xml"},
            ),
            HOME + "about": html("<p>Founded 2014.</p>"),
            HOME + "jobs": html("<p>Open roles</p>"),
        }
    )
    site = run(web)
    assert (site.home_url, site.reachable) == (None, True)
    assert [kind for kind, _ in site.parsed] == ["about", "careers"]
    assert summary(site) == [
        ("home", HOME, HOME, 500),
        ("home", WWW, WWW, 500),
        ("about", HOME + "about", HOME + "about", 200),
        ("careers", HOME + "jobs", HOME + "jobs", 200),
    ]
    assert site.notes == [
        f"home page {HOME} not available (HTTP 500)",
        f"home page {WWW} not available (HTTP 500)",
    ]
    assert sorted(web.page_requests()) == sorted([HOME, WWW, HOME + "about", HOME + "jobs"])


def test_fetch_site_apex_down_www_500_looks_for_sitemap_on_www():
    web = Web(
        {
            "https://acmeledger.com/*": DOWN,
            WWW: httpx.Response(503),
            WWW + "sitemap.xml": httpx.Response(
                200,
                text="<urlset><url><loc>https://www.acmeledger.com/about</loc></url></urlset>",
                headers={"content-type": "application/xml"},
            ),
            WWW + "about": html("About"),
            WWW + "careers": html("Careers"),
        }
    )
    site = run(web)
    assert [(kind, page.url) for kind, page in site.parsed] == [
        ("about", WWW + "about"),
        ("careers", WWW + "careers"),
    ]
    assert WWW + "sitemap.xml" in web.requested
    assert not any(url.startswith(HOME) and url != HOME + "robots.txt" for url in web.requested)


def test_fetch_site_page_budget_is_never_exceeded():
    # every kind linked three times, plus posts and other sites; every page links further
    hrefs = [f"/{slugs[0]}/{n}" for _, (slugs, _) in PAGE_KINDS.items() for n in ("", "a", "b")]
    hrefs += ["/blog/2024/01/post", "https://twitter.com/acmeledger", "/products/x"]
    routes: dict = {HOME: links(*hrefs), "https://acmeledger.com/*": links("/deeper", "/about/z")}
    web = Web(routes)
    site = run(web)
    chosen = [HOME + href.lstrip("/") for href in hrefs[: 3 * len(PAGE_KINDS)]]
    first_round, second_round = chosen[0::3], chosen[1::3]
    spare = DEFAULT_PAGE_BUDGET - 1 - len(PAGE_KINDS)
    assert len(web.page_requests()) == len(site.pages) == DEFAULT_PAGE_BUDGET
    assert sorted(web.page_requests()) == sorted([HOME] + first_round + second_round[:spare])
    assert set(web.requested) - set(web.page_requests()) == {HOME + "robots.txt"}


@pytest.mark.parametrize(
    ("budget", "pages"),
    [
        (1, ["/"]),
        (2, ["/", "/about"]),
        (4, ["/", "/about", "/about-us", "/company"]),
        (12, ["/", "/about", "/about-us", "/company", "/careers", "/jobs"]),
    ],
)
def test_fetch_site_budget_counts_failed_guesses(budget, pages):
    web = Web({HOME: html("<p>Nothing linked</p>")})
    site = run(web, budget=budget)
    assert web.page_requests() == [HOME + page.lstrip("/") for page in pages]
    assert [page.kind for page in site.pages] == ["home"]  # a missing guess is not recorded
    assert (HOME + "sitemap.xml" in web.requested) is (budget > 1)


def test_fetch_site_budget_of_one_does_not_try_www():
    web = Web({"https://acmeledger.com/*": DOWN, WWW: html("home")})
    site = run(web, budget=1, obey_robots=False)
    assert web.page_requests() == [HOME]
    assert not site.reachable


@pytest.mark.parametrize(
    ("home", "note"),
    [
        (
            httpx.Response(200, text="Coming soon", headers={"content-type": "text/plain"}),
            f"home page {HOME} is not HTML",
        ),
        (
            httpx.Response(200, json={"status": "ok"}),
            f"home page {HOME} is not HTML",
        ),
    ],
)
def test_fetch_site_non_html_home_page(home, note):
    web = Web({HOME: home, HOME + "about": html("About"), HOME + "jobs": html("Jobs")})
    site = run(web)
    assert site.home_url == HOME
    assert site.notes == [note]
    assert [kind for kind, _ in site.parsed] == ["about", "careers"]
    assert summary(site) == [
        ("home", HOME, HOME, 200),
        ("about", HOME + "about", HOME + "about", 200),
        ("careers", HOME + "jobs", HOME + "jobs", 200),
    ]
    assert site.pages[0].text == home.text
    assert web.page_requests() == [HOME, HOME + "about", HOME + "careers", HOME + "jobs"]


def test_fetch_site_unreadable_home_type_tries_www():
    pdf = httpx.Response(200, content=b"%PDF-1.7", headers={"content-type": "application/pdf"})
    web = Web({HOME: pdf, WWW: links("/about", "/careers", "/team")})
    site = run(web)
    assert site.home_url == WWW
    assert site.notes[0].startswith(f"home page {HOME} not available (unsupported_content_type")


def test_fetch_site_guesses_common_paths_only_for_kinds_not_found():
    web = Web(
        {
            HOME: links("/company/about-us", "/pricing", "/contact"),
            HOME + "company/about-us": html("About"),
            HOME + "pricing": html("Pricing"),
            HOME + "contact": html("Contact"),
            HOME + "jobs": html("Jobs"),
        }
    )
    site = run(web)
    assert [kind for kind, _ in site.parsed] == ["home", "about", "contact", "pricing", "careers"]
    guesses = [url for url in web.page_requests() if url.endswith(("/careers", "/jobs"))]
    assert guesses == [HOME + "careers", HOME + "jobs"]
    assert not {HOME + "about", HOME + "about-us", HOME + "company"} & set(web.requested)


def test_fetch_site_guesses_again_when_the_linked_page_fails_but_never_twice():
    web = Web(
        {
            HOME: links("/about", "/careers", "/pricing"),
            HOME + "about-us": html("About"),
            HOME + "careers": html("Careers"),
            HOME + "pricing": html("Pricing"),
        }
    )
    site = run(web)
    assert [(kind, page.url) for kind, page in site.parsed][1:] == [
        ("careers", HOME + "careers"),
        ("pricing", HOME + "pricing"),
        ("about", HOME + "about-us"),
    ]
    assert web.page_requests().count(HOME + "about") == 1
    assert f"about page {HOME}about not available (HTTP 404)" in site.notes


def test_fetch_site_guess_redirecting_to_home_is_not_a_page_of_its_kind():
    web = Web(
        {
            HOME: html("<p>Welcome</p>"),
            HOME + "about": redirect("/"),
            HOME + "careers": html("Careers"),
        }
    )
    site = run(web)
    assert [kind for kind, _ in site.parsed] == ["home", "careers"]
    assert f"about page {HOME}about redirects to the home page" in site.notes
    assert HOME + "about-us" in web.requested  # the guessing went on


def test_fetch_site_reads_sitemap_only_when_links_find_few_kinds():
    rich = Web({HOME: links("/about", "/careers", "/pricing")})
    run(rich)
    assert HOME + "sitemap.xml" not in rich.requested

    sitemap = "<urlset><url><loc>https://acmeledger.com/team</loc></url></urlset>"
    poor = Web(
        {
            HOME: links("/about"),
            HOME + "sitemap.xml": httpx.Response(200, text=sitemap),
            HOME + "about": html("About"),
            HOME + "team": html("Team"),
            HOME + "careers": html("Careers"),
        }
    )
    site = run(poor)
    assert [kind for kind, _ in site.parsed] == ["home", "about", "team", "careers"]


def test_fetch_site_sitemap_index_is_not_followed():
    web = Web(
        {
            HOME: links("/about", "/careers"),
            HOME + "sitemap.xml": httpx.Response(
                200, text=(SITE / "sitemap_index.xml").read_text()
            ),
        }
    )
    run(web)
    assert not any("sitemap-" in url for url in web.requested)


def test_fetch_site_localized_home_keeps_sitemap_and_guesses_at_the_origin():
    web = Web({HOME: redirect("/en/"), HOME + "en/": links("/en/about"), HOME + "jobs": html("J")})
    site = run(web)
    assert site.home_url == HOME + "en/"
    assert HOME + "sitemap.xml" in web.requested
    assert HOME + "en/sitemap.xml" not in web.requested
    assert [(kind, page.url) for kind, page in site.parsed][1:] == [("careers", HOME + "jobs")]
