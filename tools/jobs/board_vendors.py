"""The ten job boards read through their public career-site endpoints: hosts, tokens and URLs.

A company's pages link to, embed (iframe) or load a script from its board; the board's URL says
the vendor and the company's token on it:

| vendor | board URLs | token | endpoint read |
|---|---|---|---|
| workday | `{tenant}.wd5.myworkdayjobs.com/[en-US/]{site}` | `tenant/site` (+ `wd5`) | `POST /wday/cxs/{tenant}/{site}/jobs` |
| icims | `careers-{company}.icims.com/jobs/…` | `careers-{company}` | `GET /jobs/search?ss=1&in_iframe=1&pr=N` (HTML) |
| personio | `{company}.jobs.personio.de` (or `.com`) | `company` (+ `de`) | `GET /xml` |
| recruitee | `{company}.recruitee.com` | `company` | `GET /api/offers/` |
| teamtailor | `{company}.teamtailor.com` | `company` | `GET /jobs.rss` |
| bamboohr | `{company}.bamboohr.com/careers` | `company` | `GET /careers/list` |
| jazzhr | `{company}.applytojob.com/apply`, `app.jazz.co/widgets/basic/create/{company}` | `company` | `GET /apply` (HTML) |
| rippling | `ats.rippling.com/[en-GB/]{slug}/jobs` | `slug` | `GET api.rippling.com/platform/api/ats/v1/board/{slug}/jobs` |
| breezy | `{company}.breezy.hr` | `company` | `GET /json` |
| join | `join.com/companies/{slug}` | `slug` | the company page (its id), then `GET /api/public/companies/{id}/jobs` |
"""  # noqa: E501 - a table reads better unwrapped

from __future__ import annotations

import re
from urllib.parse import quote

from agent.models import AtsVendor

MORE_VENDORS: tuple[AtsVendor, ...] = (
    "workday", "icims", "personio", "recruitee", "teamtailor", "bamboohr", "jazzhr", "rippling",
    "breezy", "join",
)  # fmt: skip
HOST_PATTERN = (
    r"myworkdayjobs\.com|icims\.com|jobs\.personio\.(?:de|com)|recruitee\.com|teamtailor\.com"
    r"|bamboohr\.com|applytojob\.com|app\.jazz\.co/widgets|ats\.rippling\.com|breezy\.hr"
    r"|join\.com/companies"
)
"""Host (or host and path) texts of these boards, for finding their URLs in page source."""

_WORKDAY_HOST = re.compile(r"^([\w-]+)\.(wd\d+)\.myworkdayjobs\.com$")
_PERSONIO_HOST = re.compile(r"^([\w-]+)\.jobs\.personio\.(de|com)$")
_SUBDOMAIN_VENDORS: dict[str, tuple[AtsVendor, frozenset[str]]] = {
    "icims.com": ("icims", frozenset({"www", "developer", "community", "login", "cdn"})),
    "recruitee.com": ("recruitee", frozenset({"www", "app", "api", "blog", "help", "support",
                                             "careers", "docs"})),
    "teamtailor.com": ("teamtailor", frozenset({"www", "app", "api", "career", "support", "docs",
                                               "partner", "status"})),
    "bamboohr.com": ("bamboohr", frozenset({"www", "api", "app", "help", "marketplace",
                                           "partners", "status", "documentation"})),
    "applytojob.com": ("jazzhr", frozenset({"www", "app"})),
    "breezy.hr": ("breezy", frozenset({"www", "app", "api", "developer", "help", "marketing"})),
}  # fmt: skip
_LOCALE = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{2})?$")


def _without_locale(segments: list[str]) -> list[str]:
    return segments[1:] if segments and _LOCALE.match(segments[0]) else segments


def vendor_token(host: str, segments: list[str]) -> tuple[AtsVendor | None, str | None, str]:
    """Return (vendor, token, region) for a board URL of one of these vendors, else Nones."""
    if found := _WORKDAY_HOST.match(host):
        tenant, instance = found.groups()
        path = _without_locale(segments)
        if path[:2] == ["wday", "cxs"] and len(path) >= 4:
            return "workday", f"{path[2]}/{path[3]}", instance
        site = path[0] if path and path[0] not in ("job", "wday") else None
        return "workday", f"{tenant}/{site}" if site else None, instance
    if found := _PERSONIO_HOST.match(host):
        return "personio", found.group(1), found.group(2)
    if host == "ats.rippling.com":
        path = _without_locale(segments)
        return "rippling", path[0] if path else None, ""
    if host == "api.rippling.com" and segments[:5] == ["platform", "api", "ats", "v1", "board"]:
        return "rippling", segments[5] if len(segments) > 5 else None, ""
    if host in ("join.com", "www.join.com") and segments[:1] == ["companies"]:
        return "join", segments[1] if len(segments) > 1 else None, ""
    if host == "app.jazz.co" and segments[:3] == ["widgets", "basic", "create"]:
        return "jazzhr", segments[3] if len(segments) > 3 else None, ""
    label, _, domain = host.partition(".")
    if domain in _SUBDOMAIN_VENDORS:
        vendor, reserved = _SUBDOMAIN_VENDORS[domain]
        return vendor, None if label in reserved else label, ""
    return None, None, ""


def board_page_url(vendor: str, token: str, region: str) -> str:
    """Return the human-facing board page of one of these vendors."""
    slug = quote(token, safe="")
    if vendor == "workday":
        tenant, _, site = token.partition("/")
        return f"https://{tenant}.{region}.myworkdayjobs.com/{quote(site, safe='')}"
    return {
        "icims": f"https://{slug}.icims.com/jobs",
        "personio": f"https://{slug}.jobs.personio.{region or 'de'}",
        "recruitee": f"https://{slug}.recruitee.com/",
        "teamtailor": f"https://{slug}.teamtailor.com/jobs",
        "bamboohr": f"https://{slug}.bamboohr.com/careers",
        "jazzhr": f"https://{slug}.applytojob.com/apply",
        "rippling": f"https://ats.rippling.com/{slug}/jobs",
        "breezy": f"https://{slug}.breezy.hr/",
        "join": f"https://join.com/companies/{slug}",
    }.get(vendor, "")


def endpoint_url(vendor: str, token: str, region: str, page: int = 0) -> str:
    """Return the public endpoint of one page (0-based) of a board's postings."""
    slug = quote(token, safe="")
    if vendor == "workday":
        tenant, _, site = token.partition("/")
        host = f"https://{tenant}.{region}.myworkdayjobs.com"
        return f"{host}/wday/cxs/{quote(tenant, safe='')}/{quote(site, safe='')}/jobs"
    return {
        "icims": f"https://{slug}.icims.com/jobs/search?ss=1&in_iframe=1&pr={page}",
        "personio": f"https://{slug}.jobs.personio.{region or 'de'}/xml",
        "recruitee": f"https://{slug}.recruitee.com/api/offers/",
        "teamtailor": f"https://{slug}.teamtailor.com/jobs.rss",
        "bamboohr": f"https://{slug}.bamboohr.com/careers/list",
        "jazzhr": f"https://{slug}.applytojob.com/apply",
        "rippling": f"https://api.rippling.com/platform/api/ats/v1/board/{slug}/jobs",
        "breezy": f"https://{slug}.breezy.hr/json",
        "join": f"https://join.com/companies/{slug}",
    }.get(vendor, "")


def join_jobs_url(company_id: str, page: int, page_size: int) -> str:
    """Return JOIN's public jobs API URL of one page (1-based) of a company's jobs."""
    return (f"https://join.com/api/public/companies/{quote(company_id, safe='')}/jobs"
            f"?locale=en&page={page}&pageSize={page_size}")  # fmt: skip
