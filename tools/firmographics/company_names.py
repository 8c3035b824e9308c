"""Company names from the page itself when markup has none: title, copyright line, logo.

`og:site_name` and JSON-LD `name` are read in `tools.firmographics.structured_data`. These are the
low-confidence fallbacks, each quoted verbatim: the part of the `<title>` that spells the
domain ("Marigold & Finch | Brand studio" on marigoldandfinch.co.uk), the name in a copyright
line ("© 2026 Quillcount Software Inc."), the logo's alt text — and, across a site, the title
part every page repeats ("About us | Marigold & Finch", "Careers | Marigold & Finch").
A name must resemble the domain, except the repeated title part, which is weaker still.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from agent.models import Evidence, Field
from tools import regex_scan
from tools.html import ParsedPage
from tools.start_tags import tags_named

Candidate = tuple[str, Field]
QUOTE_LIMIT = 300
LEGAL_SUFFIX = (
    r"(?:Inc\.?|Incorporated|Ltd\.?|Limited|LLC|LLP|GmbH(?: & Co\. KG)?|AG|KG|SE|SAS|SARL|"
    r"S\.A\.S\.?|S\.A\.|SA|B\.V\.?|BV|N\.V\.?|Oy|AB|ApS|A/S|S\.r\.l\.|S\.p\.A\.|"
    r"Pty\.? Ltd\.?|Pvt\.? Ltd\.?|Private Limited|PLC|plc|Corp\.?|Corporation|PBC|P\.B\.C\.|"
    r"S\.L\.U?\.?|SL|S\.R\.L\.|SRL|Srl|SpA|S\.A\.U\.|Lda\.?|Ltda\.?|NV|"
    r"Pte\.? Ltd\.?|PTE\.? LTD\.?)"
)
_TITLE_SEPARATOR = re.compile(r"\s[|–—:·•-]\s|\s[|–—·•]|[|–—·•]\s")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|Copyright)\s*(?:\d{4}(?:\s?[-–]\s?\d{4})?,?\s*)?"
    r"(?P<name>[A-Z0-9][\w&'’ .,-]{0,60}?)"
    r"\s*(?=$|\n|[·|•]|\.?\s*(?:All rights reserved|Alle Rechte|Tous droits)|\s—|"
    r"\s-\s|,\s*(?:all rights|registered))",
    re.M | re.I,
)
_GENERIC_TITLE = re.compile(
    r"^(?:home|homepage|startseite|accueil|welcome|about(?: us)?|über uns|à propos|contact|"
    r"careers|jobs|blog|news|pricing)$",
    re.I,
)


def normalize_name(text: str) -> str:
    """Return a comparable form: lower case, no accents, "&" as "and", letters and digits only."""
    text = text.replace("&", "and").replace("ß", "ss")
    text = re.sub(r"[äöü]", lambda m: m.group(0) + "e", text.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text)


def strip_legal_suffix(name: str) -> str:
    """Return the name without a trailing legal form ("Acme Software Inc." -> "Acme Software")."""
    return re.sub(rf",?\s+{LEGAL_SUFFIX}\s*$", "", name.strip()).strip(" ,")


def resemblance(name: str, domain_label: str) -> float:
    """Return 1.0 when a name spells the domain, 0.8 when one begins the other, else 0.0."""
    bare = strip_legal_suffix(name)
    domain = normalize_name(domain_label)
    # "Harbor & Finch" spells harborfinch.com as well as harborandfinch.com
    spellings = {normalize_name(bare), normalize_name(bare.replace("&", " "))} - {""}
    if not spellings or not domain:
        return 0.0
    if domain in spellings:
        return 1.0
    for spelled in spellings:
        shorter = min(spelled, domain, key=len)
        # "Fernhollow Outfitters" on fernhollow.com, "Lead Bank" on lead.bank; not a whole
        # slogan that starts with the name
        first_word = normalize_name(bare.split()[0]) if bare.split() else ""
        if (len(shorter) >= 5 and len(name.split()) <= 4) or (
            len(bare.split()) == 2 and first_word == domain and len(domain) >= 3
        ):
            if spelled.startswith(domain) or domain.startswith(spelled):
                return 0.8
    return 0.0


def title_parts(title: str) -> list[str]:
    """Split a page title on its separators ("About us | Acme" -> ["About us", "Acme"])."""
    return [part.strip() for part in _TITLE_SEPARATOR.split(title) if part.strip()]


def _field(value: str, url: str, quote: str, confidence: float) -> Field:
    return Field(value=value, evidence=[Evidence(url=url, quote=quote[:QUOTE_LIMIT])],
                 confidence=confidence, method="meta")  # fmt: skip


def title_name(page: ParsedPage, domain_label: str) -> list[Candidate]:
    """Return the part of the <title> that spells the domain's name."""
    best = max(
        ((resemblance(part, domain_label), part) for part in title_parts(page.title)),
        default=(0.0, ""),
    )
    if best[0] == 0.0:
        return []
    return [("company_name", _field(best[1], page.url, page.title, 0.5 if best[0] == 1 else 0.45))]


def copyright_name(page: ParsedPage, domain_label: str) -> list[Candidate]:
    """Return the name in the page's copyright line, when it resembles the domain."""
    for match in regex_scan.finditer(_COPYRIGHT, page.text):
        name = match.group("name").strip(" .,")
        if resemblance(name, domain_label) and not regex_scan.fullmatch(r"[\d\s,-]+", name):
            return [("company_name", _field(name, page.url, match.group(0).strip(), 0.45))]
    return []


_LOGO = re.compile("[lL][oO][gG][oO]")  # "logo" in any case, without lower-casing the page


def logo_name(page: ParsedPage, domain_label: str) -> list[Candidate]:
    """Return the alt text of the site's logo image, when it resembles the domain."""
    if not _LOGO.search(page.source):
        return []
    for tag, before in tags_named(page.source, "img"):
        attrs = tag.attrs
        # the image itself, or the link or box right around it, says it is the logo
        parent = before.attrs if before else {}
        where = " ".join(
            [attrs.get(k, "") for k in ("class", "id", "src", "alt")]
            + [parent.get(k, "") for k in ("class", "id")]
        ).lower()
        alt = re.sub(r"\s*[-–|]?\s*(?:logo|logotype)\s*$", "", attrs.get("alt", ""), flags=re.I)
        # "Acme: the data platform" -> "Acme"; file-name-like alts ("acme_logo_black") are not
        # names
        name = re.split(r"\s[|–—:·-]\s|:\s", alt)[0].strip()
        plausible = name and "_" not in name and "logo" not in name.lower() and len(name) <= 60
        if "logo" in where and plausible and resemblance(name, domain_label):
            return [("company_name", _field(name, page.url, tag.raw, 0.4))]
    return []


def repeated_title_name(pages: list[ParsedPage]) -> list[Candidate]:
    """Return the title part most pages of a site share ("… | Acme"), as a weak candidate."""
    titled = [page for page in pages if page.title]
    if len(titled) < 2:
        return []
    counts = Counter(
        part for page in titled for part in set(title_parts(page.title)) if len(part) <= 60
    )
    for part, count in counts.most_common(3):
        if count >= max(2, round(len(titled) * 2 / 3)) and not _GENERIC_TITLE.match(part):
            page = next(p for p in titled if part in title_parts(p.title))
            return [("company_name", _field(part, page.url, page.title, 0.35))]
    return []
