"""Pure parsers: public ATS job-board responses and JobPosting JSON-LD to `Posting` models.

Each `parse_*` takes the decoded JSON of one vendor response and returns every open posting
in it, in response order. HTML descriptions (Greenhouse's is entity-escaped HTML) become plain
text; dates become ISO dates (YYYY-MM-DD); countries become ISO 3166-1 alpha-2 when known.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

from agent.models import Posting
from tools.firmographics import geo
from tools.html import visible_text
from tools.jobs.job_titles import classify_title, clean_title

_EMPLOYMENT_TYPES = {
    "fulltime": "full-time", "parttime": "part-time", "contract": "contract",
    "contractor": "contract", "temporary": "temporary", "temp": "temporary",
    "intern": "internship", "internship": "internship", "apprenticeship": "apprenticeship",
    "perdiem": "per-diem", "volunteer": "volunteer", "seasonal": "seasonal",
}  # fmt: skip


def html_to_text(fragment: str | None) -> str:
    """Convert an HTML fragment to visible text, one block per line (entity-escaped too)."""
    if not fragment:
        return ""
    if "<" not in fragment and "&lt;" in fragment:
        fragment = html.unescape(fragment)  # Greenhouse sends its HTML entity-escaped
    return visible_text(fragment, drop_boilerplate=False)


def country_code(value: Any) -> str | None:
    """Return an ISO 3166-1 alpha-2 code for a country name or code, None when unknown."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("addressCountry")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    # Vendors send lower-case codes ("fr"); geo trusts only upper-case two-letter codes.
    return geo.country_code(value.upper() if len(value) == 2 else value)


def country_in_location(location: str | None) -> str | None:
    """Return the country a location names ("London, United Kingdom" -> "GB"), else None.

    Without a country name, well-known cities decide when they all agree ("San Francisco,
    New York City" -> "US"; "London, Berlin" -> None).
    """
    parts = [p.strip() for p in re.split(r"[,()/|]|\s[-–]\s", location or "") if p.strip()]
    for part in reversed(parts):
        key = part.casefold()
        # Two-letter parts are usually states ("Palo Alto, CA"): only "US"/"UK" are safe.
        if key in geo.COUNTRY_BY_NAME and (len(key) > 2 or key in ("us", "uk")):
            return geo.COUNTRY_BY_NAME[key]
    cities = {geo.city_country(part) for part in parts} - {None}
    return cities.pop() if len(cities) == 1 else None


_LATEST_EPOCH_MS = 253_402_300_799_000  # 9999-12-31T23:59:59Z


def iso_date(value: Any) -> str | None:
    """Return YYYY-MM-DD from an ISO timestamp, a date string or epoch milliseconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # epoch milliseconds from years 1970 to 9999; anything else (1e20, NaN) is no date
        if not 0 <= value <= _LATEST_EPOCH_MS:
            return None
        return datetime.fromtimestamp(value / 1000, UTC).date().isoformat()
    if not isinstance(value, str) or not re.match(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def employment_type(value: Any) -> str | None:
    """Normalize an employment type ("FullTime", "FULL_TIME", "Full-time") to "full-time"."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("label") or value.get("id")
    if not isinstance(value, str) or not value.strip():
        return None
    key = re.sub(r"[^a-z]", "", value.lower())
    return _EMPLOYMENT_TYPES.get(key, value.strip().lower())


def _join(*parts: Any) -> str | None:
    seen: list[str] = []
    for part in parts:
        text = clean_title(part) if isinstance(part, str) else ""
        if text and text.casefold() not in (s.casefold() for s in seen):
            seen.append(text)
    return ", ".join(seen) or None


def _remote_from_location(location: str | None) -> bool | None:
    return True if location and re.search(r"\bremote\b", location, re.I) else None


def make_posting(title: str, *, department: str | None = None, **fields: Any) -> Posting:
    """Build a normalized posting, classifying its title (department breaks ties)."""
    title = clean_title(title)
    function, seniority = classify_title(title, department)
    department = clean_title(department) if department else None
    if not fields.get("country"):
        fields["country"] = country_in_location(fields.get("location"))
    return Posting(
        title=title, function=function, seniority=seniority, department=department, **fields
    )


MAX_DESCRIBED_POSTINGS = 2_000
"""Descriptions read per board: every posting is counted, but reading the HTML of 30,000 would
take minutes, and 2,000 already name every tool a company hires for."""
_DESCRIPTION_KEYS = frozenset({
    "content", "description", "descriptionPlain", "descriptionHtml", "lists", "additional",
    "additionalPlain", "requirements", "benefits",
})  # fmt: skip


def _jobs(data: Any, key: str) -> list[dict[str, Any]]:
    items = data.get(key) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError(f"expected a list of jobs under {key!r}")
    titled = (item for item in items if isinstance(item, dict))
    jobs = [item for item in titled if item.get("title") or item.get("text") or item.get("name")]
    return jobs[:MAX_DESCRIBED_POSTINGS] + [
        {k: v for k, v in job.items() if k not in _DESCRIPTION_KEYS}
        for job in jobs[MAX_DESCRIBED_POSTINGS:]
    ]


def parse_greenhouse(data: Any) -> list[Posting]:
    """Parse a Greenhouse `/v1/boards/{token}/jobs?content=true` response."""
    postings = []
    for job in _jobs(data, "jobs"):
        location = (job.get("location") or {}).get("name")
        departments = [d.get("name") for d in job.get("departments") or [] if d.get("name")]
        postings.append(make_posting(
            job["title"],
            department=departments[0] if departments else None,
            location=clean_title(location) or None,
            remote=_remote_from_location(location),
            url=job.get("absolute_url"),
            posted_at=iso_date(job.get("first_published")),
            text=html_to_text(job.get("content")),
        ))  # fmt: skip
    return postings


def _lever_text(job: dict[str, Any]) -> str:
    parts = [job.get("descriptionPlain") or html_to_text(job.get("description"))]
    for section in job.get("lists") or []:
        parts.append(clean_title(section.get("text") or ""))
        parts.append(html_to_text(section.get("content")))
    parts.append(job.get("additionalPlain") or html_to_text(job.get("additional")))
    return "\n".join(p.strip() for p in parts if p and p.strip())


def parse_lever(data: Any) -> list[Posting]:
    """Parse a Lever `/v0/postings/{site}?mode=json` response (a bare list)."""
    postings = []
    workplace = {"remote": True, "hybrid": False, "on-site": False, "onsite": False}
    for job in _jobs(data, "postings"):
        categories = job.get("categories") or {}
        location = categories.get("location")
        postings.append(make_posting(
            job["text"],
            department=categories.get("team") or categories.get("department"),
            location=clean_title(location) if location else None,
            country=country_code(job.get("country")),
            remote=workplace.get(str(job.get("workplaceType")).lower(),
                                 _remote_from_location(location)),
            employment_type=employment_type(categories.get("commitment")),
            url=job.get("hostedUrl"),
            posted_at=iso_date(job.get("createdAt")),
            text=_lever_text(job),
        ))  # fmt: skip
    return postings


def parse_ashby(data: Any) -> list[Posting]:
    """Parse an Ashby `/posting-api/job-board/{board}` response (listed jobs only)."""
    postings = []
    for job in _jobs(data, "jobs"):
        if job.get("isListed") is False:
            continue
        address = ((job.get("address") or {}).get("postalAddress")) or {}
        remote = job.get("isRemote")
        if str(job.get("workplaceType")).lower() == "remote":
            remote = True
        postings.append(make_posting(
            job["title"],
            department=job.get("department") or job.get("team"),
            location=clean_title(job.get("location") or "") or None,
            country=country_code(address.get("addressCountry")),
            remote=remote if isinstance(remote, bool) else None,
            employment_type=employment_type(job.get("employmentType")),
            url=job.get("jobUrl"),
            posted_at=iso_date(job.get("publishedAt")),
            text=job.get("descriptionPlain") or html_to_text(job.get("descriptionHtml")),
        ))  # fmt: skip
    return postings


def parse_workable(data: Any) -> list[Posting]:
    """Parse a Workable widget (`/api/v1/widget/accounts/{slug}`) or accounts API response."""
    postings = []
    key = "results" if isinstance(data, dict) and "results" in data else "jobs"
    for job in _jobs(data, key):
        location = job.get("location")
        place = location if isinstance(location, dict) else {}
        extra = (job.get("locations") or [{}])[0] if isinstance(job.get("locations"), list) else {}
        city = job.get("city") or place.get("city") or extra.get("city")
        region = job.get("state") or place.get("region") or extra.get("region")
        country = job.get("country") or place.get("country") or extra.get("country")
        code = (place.get("countryCode") or place.get("country_code") or extra.get("countryCode"))
        remote = job.get("telecommuting", place.get("telecommuting"))
        text = "\n".join(html_to_text(job.get(k)) for k in ("description", "requirements",
                                                           "benefits") if job.get(k))
        postings.append(make_posting(
            job["title"],
            department=job.get("department") if isinstance(job.get("department"), str) else None,
            location=_join(city, region, country),
            country=country_code(code) or country_code(country),
            remote=remote if isinstance(remote, bool) else None,
            employment_type=employment_type(job.get("employment_type") or job.get("type")),
            url=job.get("url") or job.get("shortlink") or job.get("application_url"),
            posted_at=iso_date(job.get("published_on") or job.get("published")
                               or job.get("created_at") or job.get("created")),
            text=text,
        ))  # fmt: skip
    return postings


def parse_smartrecruiters(data: Any) -> list[Posting]:
    """Parse one page of a SmartRecruiters `/v1/companies/{id}/postings` response."""
    postings = []
    for job in _jobs(data, "content"):
        place = job.get("location") or {}
        company = (job.get("company") or {}).get("identifier")
        url = job.get("postingUrl")
        if not url and company and job.get("id"):
            url = f"https://jobs.smartrecruiters.com/{quote(company)}/{job['id']}"
        department = (job.get("department") or {}).get("label") or (
            job.get("function") or {}).get("label")
        full = place.get("fullLocation")  # may hold empty parts: "Hamburg, , Germany"
        location = _join(*full.split(",")) if isinstance(full, str) else _join(
            place.get("city"), place.get("region"), str(place.get("country") or "").upper())
        postings.append(make_posting(
            job["name"],
            department=department,
            location=clean_title(location) if location else None,
            country=country_code(place.get("country")),
            remote=place.get("remote") if isinstance(place.get("remote"), bool) else None,
            employment_type=employment_type(job.get("typeOfEmployment")),
            url=url,
            posted_at=iso_date(job.get("releasedDate")),
            text=smartrecruiters_detail_text(job),
        ))  # fmt: skip
    return postings


def smartrecruiters_detail_text(detail: Any) -> str:
    """Return the job-ad text of a SmartRecruiters posting detail (company blurb excluded)."""
    sections = ((detail or {}).get("jobAd") or {}).get("sections") or {}
    keys = ("jobDescription", "qualifications", "additionalInformation")
    parts = [html_to_text((sections.get(k) or {}).get("text")) for k in keys]
    return "\n".join(p for p in parts if p)


def _is_job_posting(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "JobPosting" for k in kinds)


def _jsonld_location(item: dict[str, Any]) -> tuple[str | None, str | None]:
    places = item.get("jobLocation") or []
    place = (places[0] if places else {}) if isinstance(places, list) else places
    address = place.get("address") if isinstance(place, dict) else None
    if isinstance(address, str):
        return clean_title(address) or None, None
    if not isinstance(address, dict):
        required = item.get("applicantLocationRequirements")
        required = required[0] if isinstance(required, list) and required else required
        return None, country_code(required)
    country = address.get("addressCountry")
    country_name = country.get("name") if isinstance(country, dict) else country
    location = _join(address.get("addressLocality"), address.get("addressRegion"), country_name)
    return location, country_code(country)


def parse_jsonld_postings(items: list[dict[str, Any]], today: date | None = None) -> list[Posting]:
    """Parse schema.org JobPosting items (as `ParsedPage.jsonld` holds them); skip expired ones."""
    postings: list[Posting] = []
    seen: set[tuple[str, str | None]] = set()
    for item in items:
        title = item.get("title") or item.get("name") if _is_job_posting(item) else None
        if not isinstance(title, str) or not clean_title(title):
            continue
        valid_through = iso_date(item.get("validThrough"))
        if today and valid_through and valid_through < today.isoformat():
            continue
        location, country = _jsonld_location(item)
        remote = str(item.get("jobLocationType", "")).upper() == "TELECOMMUTE" or None
        url = item.get("url") if isinstance(item.get("url"), str) else None
        if (clean_title(title), url) in seen:
            continue
        seen.add((clean_title(title), url))
        postings.append(make_posting(
            title,
            location=location,
            country=country,
            remote=remote if remote else _remote_from_location(location),
            employment_type=employment_type(item.get("employmentType")),
            url=url,
            posted_at=iso_date(item.get("datePosted")),
            text=html_to_text(item.get("description")) if isinstance(
                item.get("description"), str) else "",
        ))  # fmt: skip
    return postings
