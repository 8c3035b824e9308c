"""Pure parsers for JSON job-board endpoints (Workday, Recruitee, BambooHR, Rippling, Breezy, JOIN).

Each `parse_*` takes the decoded JSON of one response and returns its postings in response
order (and, for paged endpoints, what paging needs). The shapes are the vendors' public
career-site endpoints, which their own hosted job pages call:

- Workday `POST /wday/cxs/{tenant}/{site}/jobs` → `{"total", "jobPostings": [{"title",
  "externalPath", "locationsText", "postedOn", "bulletFields"}]}` (`total` only on the first
  page);
- Recruitee `GET /api/offers/` → `{"offers": [{"title", "department", "location", "city",
  "country_code", "remote", "employment_type_code", "careers_url", "published_at",
  "description", "requirements"}]}`;
- BambooHR `GET /careers/list` → `{"meta": {"totalCount"}, "result": [{"id", "jobOpeningName",
  "departmentLabel", "employmentStatusLabel", "location": {"city", "state"}, "atsLocation":
  {"country", "city"}, "isRemote"}]}`;
- Rippling `GET api…/platform/api/ats/v1/board/{slug}/jobs` → `[{"uuid", "name", "url",
  "department": {"label"}, "workLocation": {"label"}}]`;
- Breezy `GET /json` → `[{"name", "url", "published_date", "type": {"name"}, "location":
  {"name", "city", "country": {"id"}, "is_remote"}, "department"}]`;
- JOIN `GET /api/public/companies/{id}/jobs?page=N` → `{"items": [{"idParam", "title",
  "city": {"cityName", "countryName", "countryCode"}, "employmentType", "createdAt",
  "workplaceType"}], "pagination": {"pageCount", "rowCount"}}`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from agent.models import Posting
from tools.jobs.ats_parsers import (
    country_code,
    employment_type,
    html_to_text,
    iso_date,
    make_posting,
)
from tools.jobs.job_titles import clean_title


def _items(data: Any, key: str | None) -> list[dict[str, Any]]:
    items = data.get(key) if key and isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError(f"expected a list of jobs{f' under {key!r}' if key else ''}")
    return [item for item in items if isinstance(item, dict)]


def _text(value: Any) -> str | None:
    return clean_title(value) or None if isinstance(value, str) else None


def _label(value: Any) -> str | None:
    """Return a display string from a plain string or a `{"label"|"name": ...}` object."""
    if isinstance(value, dict):
        value = value.get("label") or value.get("name")
    return _text(value)


def _remote(flag: Any, location: str | None) -> bool | None:
    if isinstance(flag, bool):
        return flag
    return True if location and re.search(r"\bremote\b", location, re.I) else None


def parse_workday(data: Any, board_url: str) -> tuple[list[Posting], int | None]:
    """Parse one page of a Workday cxs jobs response; return (postings, total or None)."""
    postings = []
    for job in _items(data, "jobPostings"):
        if not _text(job.get("title")):
            continue
        location = _text(job.get("locationsText"))
        path = job.get("externalPath")
        postings.append(make_posting(
            job["title"],
            location=location,
            remote=_remote(None, location),
            url=f"{board_url.rstrip('/')}{path}" if isinstance(path, str) else None,
        ))  # fmt: skip
    total = data.get("total") if isinstance(data, dict) else None
    return postings, total if isinstance(total, int) and total > 0 else None


def parse_recruitee(data: Any) -> list[Posting]:
    """Parse a Recruitee `/api/offers/` response (published offers only)."""
    postings = []
    for job in _items(data, "offers"):
        if job.get("status", "published") != "published" or not _text(job.get("title")):
            continue
        location = _text(job.get("location")) or _text(job.get("city"))
        text = "\n".join(html_to_text(job.get(key)) for key in ("description", "requirements"))
        postings.append(make_posting(
            job["title"],
            department=_text(job.get("department")),
            location=location,
            country=country_code(job.get("country_code")),
            remote=_remote(job.get("remote"), location),
            employment_type=employment_type(job.get("employment_type_code")),
            url=job.get("careers_url"),
            posted_at=iso_date(job.get("published_at") or job.get("created_at")),
            text=text.strip(),
        ))  # fmt: skip
    return postings


def parse_bamboohr(data: Any, careers_url: str) -> list[Posting]:
    """Parse a BambooHR `/careers/list` response; job pages are `{careers_url}/{id}`."""
    postings = []
    for job in _items(data, "result"):
        if not _text(job.get("jobOpeningName")):
            continue
        place = job.get("location") or {}
        ats_place = job.get("atsLocation") or {}
        parts = [place.get("city") or ats_place.get("city"),
                 place.get("state") or ats_place.get("state") or ats_place.get("province")]
        location = ", ".join(p for p in parts if isinstance(p, str) and p.strip()) or None
        job_id = job.get("id")
        postings.append(make_posting(
            job["jobOpeningName"],
            department=_text(job.get("departmentLabel")),
            location=location,
            country=country_code(ats_place.get("country")),
            remote=_remote(job.get("isRemote"), location),
            employment_type=employment_type(job.get("employmentStatusLabel")),
            url=f"{careers_url.rstrip('/')}/{quote(str(job_id))}" if job_id else None,
        ))  # fmt: skip
    return postings


def parse_rippling(data: Any) -> list[Posting]:
    """Parse a Rippling board jobs response (a bare list, one row per job and location)."""
    postings: list[Posting] = []
    seen: dict[str, Posting] = {}
    for job in _items(data, None):
        if not _text(job.get("name")):
            continue
        location = _label(job.get("workLocation"))
        key = str(job.get("uuid") or job.get("url") or job["name"])
        if key in seen:  # the same job listed once per location
            posting = seen[key]
            if location and posting.location and location not in posting.location:
                posting.location = f"{posting.location}; {location}"
            continue
        posting = make_posting(
            job["name"],
            department=_label(job.get("department")),
            location=location,
            remote=_remote(None, location),
            url=job.get("url"),
        )
        seen[key] = posting
        postings.append(posting)
    return postings


def parse_breezy(data: Any) -> list[Posting]:
    """Parse a Breezy HR `/json` response (a bare list)."""
    postings = []
    for job in _items(data, None):
        if not _text(job.get("name")):
            continue
        place = job.get("location") or {}
        location = _text(place.get("name")) if isinstance(place, dict) else _text(place)
        country = place.get("country") if isinstance(place, dict) else None
        postings.append(make_posting(
            job["name"],
            department=_label(job.get("department")),
            location=location,
            country=country_code(country.get("id") if isinstance(country, dict) else country),
            remote=_remote(place.get("is_remote") if isinstance(place, dict) else None,
                           location),
            employment_type=employment_type(job.get("type")),
            url=job.get("url"),
            posted_at=iso_date(job.get("published_date")),
        ))  # fmt: skip
    return postings


def parse_join(data: Any, company_url: str) -> tuple[list[Posting], int]:
    """Parse one page of JOIN's public company jobs API; return (postings, page count)."""
    postings = []
    for job in _items(data, "items"):
        if not _text(job.get("title")):
            continue
        city = job.get("city") or {}
        parts = [city.get("cityName"), city.get("countryName")] if isinstance(city, dict) else []
        location = ", ".join(p for p in parts if isinstance(p, str) and p.strip()) or None
        workplace = str(job.get("workplaceType") or "").upper()
        slug = job.get("idParam")
        postings.append(make_posting(
            job["title"],
            department=_label(job.get("category")),
            location=location,
            country=country_code(city.get("countryCode")) if isinstance(city, dict) else None,
            remote=True if workplace == "REMOTE" else _remote(None, location),
            employment_type=employment_type(job.get("employmentType")),
            url=f"{company_url.rstrip('/')}/{quote(str(slug))}" if slug else None,
            posted_at=iso_date(job.get("createdAt")),
        ))  # fmt: skip
    pagination = data.get("pagination") if isinstance(data, dict) else None
    pages = pagination.get("pageCount") if isinstance(pagination, dict) else None
    return postings, pages if isinstance(pages, int) and pages > 0 else 1
