"""Pure parsers for the XML, RSS and HTML job boards (Personio, Teamtailor, iCIMS, JazzHR, JOIN).

- Personio `GET https://{company}.jobs.personio.de/xml` → `<workzag-jobs><position><id>,
  <name>, <office>, <department>, <employmentType>, <schedule>, <createdAt>,
  <jobDescriptions><jobDescription><name/><value>HTML</value>…` (Personio's documented XML feed);
- Teamtailor `GET https://{company}.teamtailor.com/jobs.rss` → RSS 2.0 `<item><title>, <link>,
  <description>, <pubDate>` with Teamtailor's `tt:` elements (`tt:department`,
  `tt:locations/tt:location/tt:city`, `tt:remoteStatus`);
- iCIMS `GET https://{portal}.icims.com/jobs/search?ss=1&in_iframe=1&pr=N` → HTML whose job
  links read `/jobs/{id}/{slug}/job`;
- JazzHR `GET https://{company}.applytojob.com/apply` → HTML whose job links read
  `/apply/{id}/{slug}`;
- JOIN `GET https://join.com/companies/{slug}` → a Next.js page whose `__NEXT_DATA__` holds
  `props.pageProps.initialState.company.id`, the id the jobs API needs.

XML is parsed with entity resolution and network access off.
"""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from agent.models import Posting
from tools.html import ParsedPage
from tools.jobs.ats_parsers import employment_type, html_to_text, make_posting
from tools.jobs.job_titles import clean_title, looks_like_job_title

_ICIMS_JOB = re.compile(r"/jobs/\d+/[^/?#]+/job(?:[?#]|$)")
_JAZZ_JOB = re.compile(r"/apply/[A-Za-z0-9]{6,}/[^/?#]+")


def _xml(text: str) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not XML: {exc}") from None


def _child(element: Any, name: str) -> str:
    """Return the text of the first child with this local name ("" when absent)."""
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return (child.text or "").strip()
    return ""


def _descendants(element: Any, name: str) -> list[Any]:
    return [e for e in element.iter() if isinstance(e.tag, str)
            and etree.QName(e).localname == name]  # fmt: skip


def _rfc822_date(value: str) -> str | None:
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def parse_personio(text: str, board_url: str) -> list[Posting]:
    """Parse Personio's XML feed; job pages are `{board_url}/job/{id}`."""
    root = _xml(text)
    if etree.QName(root).localname != "workzag-jobs":
        raise ValueError("expected a <workzag-jobs> document")
    postings = []
    for position in _descendants(root, "position"):
        title = clean_title(_child(position, "name"))
        if not title:
            continue
        descriptions = _descendants(position, "jobDescription")
        sections = [html_to_text(_child(d, "value")) for d in descriptions]
        job_id = _child(position, "id")
        office = _child(position, "office") or None
        postings.append(make_posting(
            title,
            department=_child(position, "department") or None,
            location=office,
            remote=True if office and re.search(r"\bremote\b", office, re.I) else None,
            employment_type=employment_type(_child(position, "schedule")
                                            or _child(position, "employmentType")),
            url=f"{board_url.rstrip('/')}/job/{job_id}" if job_id else None,
            posted_at=(_child(position, "createdAt")[:10] or None),
            text="\n".join(s for s in sections if s),
        ))  # fmt: skip
    return postings


def parse_teamtailor(text: str) -> list[Posting]:
    """Parse a Teamtailor `jobs.rss` feed."""
    root = _xml(text)
    if etree.QName(root).localname != "rss":
        raise ValueError("expected an RSS document")
    postings = []
    for item in _descendants(root, "item"):
        title = clean_title(_child(item, "title"))
        if not title:
            continue
        places = _descendants(item, "location")
        cities = [(_child(place, "city") or _child(place, "name")) for place in places]
        location = ", ".join(c for c in cities if c) or None
        remote_status = _child(item, "remoteStatus").lower()
        postings.append(make_posting(
            title,
            department=_child(item, "department") or None,
            location=location,
            remote={"fully": True, "none": False}.get(remote_status),
            url=_child(item, "link") or None,
            posted_at=_rfc822_date(_child(item, "pubDate")),
            text=html_to_text(_child(item, "description")),
        ))  # fmt: skip
    return postings


# iCIMS prefixes each job link's text with a screen-reader field label
_FIELD_LABEL = re.compile(r"^(?:job\s+)?title\s+(?=\S)", re.I)


def _linked_postings(page: ParsedPage, pattern: re.Pattern[str]) -> list[Posting]:
    postings: list[Posting] = []
    seen: set[str] = set()
    for link in page.links:
        url = urljoin(page.url, link.url).split("#")[0]
        if url in seen or not pattern.search(urlsplit(url).path + "?"):
            continue
        title = clean_title(_FIELD_LABEL.sub("", link.text.strip()))
        if not title or not looks_like_job_title(title):
            continue
        seen.add(url)
        postings.append(make_posting(title, url=url))
    return postings


def parse_icims(page: ParsedPage) -> list[Posting]:
    """Parse one iCIMS search results page: its job links (`/jobs/{id}/{slug}/job`)."""
    return _linked_postings(page, _ICIMS_JOB)


def parse_jazzhr(page: ParsedPage) -> list[Posting]:
    """Parse a JazzHR `applytojob.com/apply` listing: its job links (`/apply/{id}/{slug}`)."""
    return _linked_postings(page, _JAZZ_JOB)


def join_company_id(source: str) -> str | None:
    """Return the numeric JOIN company id from a company page's `__NEXT_DATA__`, else None."""
    found = re.search(r'<script[^>]+id="__NEXT_DATA__"[^>]*>(.*?)</script>', source, re.S)
    if not found:
        return None
    try:
        data = json.loads(found.group(1))
    except ValueError:
        return None
    state = ((data.get("props") or {}).get("pageProps") or {}).get("initialState") or {}
    company_id = (state.get("company") or {}).get("id")
    if isinstance(company_id, int | str) and str(company_id).isdigit():
        return str(company_id)
    return None
