"""Firmographics from structured markup: schema.org JSON-LD and microdata, OpenGraph/meta tags.

Each value comes with a verbatim quote of the markup it was read from: the exact
`"foundingDate": "2014"` text of the JSON-LD script, or the `<meta ...>` tag as written.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from agent.models import Evidence, Field
from tools.evidence import quote_occurs
from tools.firmographics.geo import city_country, country_code, us_state
from tools.html import ParsedPage
from tools.start_tags import strip_comments, tag_attributes

Candidate = tuple[str, Field]
QUOTE_LIMIT = 300
JSONLD_CONFIDENCE = 0.9
META_CONFIDENCE = 0.8

_ORGANIZATION_TYPES = {
    "organization", "corporation", "localbusiness", "onlinebusiness", "onlinestore", "ngo",
    "educationalorganization", "governmentorganization", "medicalorganization", "airline",
    "newsmediaorganization", "researchorganization", "sportsorganization", "consortium",
    "cooperative", "professionalservice", "store", "financialservice", "legalservice",
    "employmentagency", "travelagency", "insuranceagency", "bankorcreditunion", "library",
    "performinggroup", "project", "fundingscheme", "workersunion", "accountingservice",
    "hospital", "medicalclinic", "physician", "dentist", "pharmacy", "attorney", "hotel",
    "lodgingbusiness", "foodestablishment", "restaurant", "autodealer", "automotivebusiness",
    "realestateagent", "homeandconstructionbusiness", "generalcontractor",
    "collegeoruniversity", "school",
}  # fmt: skip
_NESTED_KEYS = ("mainEntity", "about", "publisher", "provider", "brand")
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)


def _types(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type", [])
    return [str(t).rsplit("/", 1)[-1].lower() for t in (raw if isinstance(raw, list) else [raw])]


def is_organization(node: dict[str, Any]) -> bool:
    """Return whether a JSON-LD node is a schema.org Organization or one of its subtypes."""
    return any(
        t in _ORGANIZATION_TYPES or t.endswith(("organization", "business", "company", "store"))
        for t in _types(node)
    )


def organization_nodes(page: ParsedPage) -> list[dict[str, Any]]:
    """Return the page's JSON-LD Organization nodes, the site's own organization first."""
    nodes: list[dict[str, Any]] = []
    for node in page.jsonld:
        for candidate in [node] + [node.get(k) for k in _NESTED_KEYS]:
            if (
                isinstance(candidate, dict)
                and is_organization(candidate)
                and candidate not in nodes
            ):
                nodes.append(candidate)
    host = (urlsplit(page.url).hostname or "").removeprefix("www.")

    def own_site(node: dict[str, Any]) -> bool:
        urls = [node.get("url"), node.get("@id")] + _as_list(node.get("sameAs"))
        return any(host and host in str(u) for u in urls if u)

    return sorted(nodes, key=lambda n: (not own_site(n), -len(n)))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def jsonld_quote(page: ParsedPage, key: str, value: Any) -> str | None:
    """Return the verbatim `"key": value` text of the JSON-LD scripts for this value."""
    decoder = json.JSONDecoder()
    for source in page.jsonld_sources:
        for found in re.finditer(rf'"{re.escape(key)}"\s*:\s*', source):
            try:
                parsed, end = decoder.raw_decode(source, found.end())
            except ValueError:
                continue
            if parsed == value:
                return source[found.start() : end][:QUOTE_LIMIT]
    return None


def meta_tag_quote(page: ParsedPage, key: str) -> tuple[str, str] | None:
    """Return (content, start tag as written) of the first `<meta>` named `key`."""
    return _meta_tags(page.source).get(key)


@functools.lru_cache(maxsize=8)
def _meta_tags(source: str) -> dict[str, tuple[str, str]]:
    """Return (content, start tag as written) of the first `<meta>` of each name with content.

    Read once per page (a few callers ask for a dozen names each), not once per name.
    """
    found: dict[str, tuple[str, str]] = {}
    for tag in _META_TAG.findall(strip_comments(source)):
        attrs = tag_attributes(tag)
        name = (attrs.get("property") or attrs.get("name") or ("", ""))[0].lower()
        if attrs.get("content", ("", ""))[0].strip():
            found.setdefault(name, (attrs["content"][0].strip(), tag[:QUOTE_LIMIT]))
    return found


def _field(page: ParsedPage, value: Any, quote: str, method: str, confidence: float) -> Field:
    return Field(
        value=value,
        evidence=[Evidence(url=page.url, quote=quote)],
        confidence=confidence,
        method=method,  # type: ignore[arg-type]
    )


def parse_year(value: Any) -> int | None:
    """Return the year of a date-like value ("2014", "2014-05-01", 2014)."""
    found = re.match(r"\s*(1[89]\d\d|20\d\d)\b", str(value))
    return int(found.group(1)) if found else None


def parse_employees(value: Any) -> tuple[int, bool] | None:
    """Return (count, is_range) for numberOfEmployees: a number, "51-200", or min/max values."""
    if isinstance(value, dict):
        if value.get("value") not in (None, ""):
            return parse_employees(value["value"])
        low, high = value.get("minValue"), value.get("maxValue")
        if low is not None and high is not None:
            return (int(low) + int(high)) // 2, True
        return parse_employees(low if low is not None else high) if (low or high) else None
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", str(value))]
    if len(numbers) >= 2 and numbers[0] < numbers[1]:
        return (numbers[0] + numbers[1]) // 2, True
    return (numbers[0], False) if numbers else None


def _address_candidates(page: ParsedPage, address: Any, method: str) -> list[Candidate]:
    found: list[Candidate] = []
    items = [i for i in _as_list(address) if isinstance(i, dict)]
    cities = {str(i.get("addressLocality") or "").strip().casefold() for i in items} - {""}
    if len(cities) > 1:
        return []  # a list of offices in several cities names no headquarters
    for item in _as_list(address):
        if not isinstance(item, dict):
            continue
        city, country = item.get("addressLocality"), item.get("addressCountry")
        if (
            isinstance(city, str)
            and city.strip()
            and (q := jsonld_quote(page, "addressLocality", city))
        ):
            found.append(("hq_city", _field(page, city.strip(), q, method, JSONLD_CONFIDENCE)))
        name = country.get("name") if isinstance(country, dict) else country
        code = country_code(str(name)) if name else None
        if code and (q := jsonld_quote(page, "addressCountry", country)):
            found.append(("hq_country", _field(page, code, q, method, JSONLD_CONFIDENCE)))
        elif not name and found and (region := item.get("addressRegion")):
            # no country, but a US state next to a US city: "addressRegion": "CA" in San Francisco
            state = str(region).strip()
            if us_state(state) and city_country(str(city)) == "US":
                if q := jsonld_quote(page, "addressRegion", region):
                    found.append(("hq_country", _field(page, "US", q, method, JSONLD_CONFIDENCE)))
        if found:
            break  # the first complete address is the main one
    return found


def parse_jsonld_organization(page: ParsedPage) -> list[Candidate]:
    """Return candidates from the page's main JSON-LD Organization (sameAs as "same_as")."""
    nodes = organization_nodes(page)
    if not nodes:
        return []
    node, found = nodes[0], []
    if isinstance(node.get("name"), str) and (q := jsonld_quote(page, "name", node["name"])):
        found.append(
            ("company_name", _field(page, node["name"].strip(), q, "json-ld", JSONLD_CONFIDENCE))
        )
    if (year := parse_year(node.get("foundingDate"))) and (
        q := jsonld_quote(page, "foundingDate", node["foundingDate"])
    ):
        found.append(("founded_year", _field(page, year, q, "json-ld", JSONLD_CONFIDENCE)))
    employees = node.get("numberOfEmployees")
    if (parsed := parse_employees(employees)) and (
        q := jsonld_quote(page, "numberOfEmployees", employees)
    ):
        confidence = JSONLD_CONFIDENCE - (0.1 if parsed[1] else 0.0)
        found.append(("employee_count", _field(page, parsed[0], q, "json-ld", confidence)))
    found += _address_candidates(page, node.get("address") or node.get("location"), "json-ld")
    same_as = [str(u) for u in _as_list(node.get("sameAs")) if isinstance(u, str)]
    if same_as and (q := jsonld_quote(page, "sameAs", node["sameAs"])):
        found.append(("same_as", _field(page, same_as, q, "json-ld", JSONLD_CONFIDENCE)))
    return found


_VALUE_ATTRIBUTES = ("content", "datetime", "href", "value")


def _value_attribute(element: Tag) -> str | None:
    return next((a for a in _VALUE_ATTRIBUTES if element.get(a)), None)


def _itemprop_value(element: Tag) -> str:
    attribute = _value_attribute(element)
    return str(element[attribute]).strip() if attribute else element.get_text(" ", strip=True)


def _microdata_quote(page: ParsedPage, element: Tag, value: str) -> str | None:
    """Quote the visible text when the value is text, else the start tag as written."""
    attribute = _value_attribute(element)
    if attribute is None:
        return value if quote_occurs(value, page.text) else None
    prop = re.escape(str(element["itemprop"]))
    start_tag = rf"<{element.name}\b[^>]*itemprop\s*=\s*[\"']?{prop}\b[^>]*>"
    for found in re.finditer(start_tag, page.source, re.I):
        if tag_attributes(found.group(0)).get(attribute, ("", ""))[0].strip() == value:
            return found.group(0)[:QUOTE_LIMIT]
    return None


def _belongs_to(element: Tag, scope: Tag) -> bool:
    """Whether an itemprop describes `scope` itself or its address (not a nested Person)."""
    owner = element.find_parent(attrs={"itemscope": True})
    if owner is scope:
        return True
    return (
        owner is not None
        and owner.get("itemprop") in ("address", "location")
        and owner.find_parent(attrs={"itemscope": True}) is scope
    )


def parse_microdata_organization(page: ParsedPage) -> list[Candidate]:
    """Return firmographic candidates from a schema.org microdata Organization (itemscope)."""
    if "itemscope" not in page.source.lower():
        return []
    soup = BeautifulSoup(strip_comments(page.source), "lxml")
    for scope in soup.find_all(itemscope=True, itemtype=True):
        if not is_organization({"@type": str(scope["itemtype"])}):
            continue
        found: list[Candidate] = []
        for element in scope.find_all(itemprop=True):
            if not _belongs_to(element, scope):
                continue
            prop, value = str(element["itemprop"]), _itemprop_value(element)
            field_name, parsed = _microdata_field(prop, value)
            if field_name and parsed is not None and (q := _microdata_quote(page, element, value)):
                found.append((field_name, _field(page, parsed, q, "meta", META_CONFIDENCE)))
        if found:
            return found
    return []


def _microdata_field(prop: str, value: str) -> tuple[str | None, Any]:
    if prop == "name" and value:
        return "company_name", value
    if prop == "foundingDate":
        return "founded_year", parse_year(value)
    if prop == "numberOfEmployees":
        parsed = parse_employees(value)
        return "employee_count", parsed[0] if parsed else None
    if prop == "addressLocality" and value:
        return "hq_city", value
    if prop == "addressCountry":
        return "hq_country", country_code(value)
    return None, None


_META_FIELDS = (
    ("og:site_name", "company_name"),
    ("application-name", "company_name"),
    ("og:locality", "hq_city"),
    ("business:contact_data:locality", "hq_city"),
    ("og:country-name", "hq_country"),
    ("business:contact_data:country_name", "hq_country"),
)


def parse_meta(page: ParsedPage) -> list[Candidate]:
    """Return candidates from OpenGraph and other meta tags (site name, locality, country)."""
    found: list[Candidate] = []
    for key, field_name in _META_FIELDS:
        if (hit := meta_tag_quote(page, key)) is None:
            continue
        content, tag = hit
        value: Any = country_code(content) if field_name == "hq_country" else content
        if value:
            found.append((field_name, _field(page, value, tag, "meta", META_CONFIDENCE)))
    return found


_DATE_KEYS = ("dateModified", "datePublished")
_DATE_META = ("article:modified_time", "article:published_time", "og:updated_time", "date")


def page_date(page: ParsedPage) -> str | None:
    """Return the page's publication or modification date (ISO string), if it states one."""
    dates = [str(n[k])[:10] for n in page.jsonld for k in _DATE_KEYS if isinstance(n.get(k), str)]
    dates += [page.meta[k][:10] for k in _DATE_META if page.meta.get(k)]
    dates = [d for d in dates if re.fullmatch(r"(1[89]|20)\d\d-\d\d-\d\d", d)]
    return max(dates) if dates else None
