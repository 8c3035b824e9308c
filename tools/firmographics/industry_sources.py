"""The texts in which a company says what it is, and the industry they add up to.

Read from the home and About pages only, each with a trust weight and a verbatim quote:
schema.org `@type` (a `ClothingStore` is retail), the JSON-LD Organization's `description`,
`slogan` and `knowsAbout`, the meta and OpenGraph descriptions, the `<title>` without the
company's name, the company's legal name ("Quillcount Software Inc."), and visible sentences
in which the company describes itself ("Acme is a ...", "We're a ... agency", "Wir fertigen
...", "Nous sommes ..."). Blog posts, customer stories and footers' small print are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.models import Evidence, Field
from tools.firmographics.company_names import (
    LEGAL_SUFFIX,
    normalize_name,
    resemblance,
    strip_legal_suffix,
    title_parts,
)
from tools.firmographics.industries import IndustryScores, rank_industries, score_description
from tools.firmographics.rule_evidence import sentence_at
from tools.firmographics.structured_data import jsonld_quote, meta_tag_quote, organization_nodes
from tools.html import ParsedPage

Candidate = tuple[str, Field]
QUOTE_LIMIT = 300
_KINDS = ("home", "about")
_QUOTE_MARKS = "\"“”„«»‘’'"
_MAX_SENTENCES = 12

# schema.org Organization subtypes that name an industry.
_TYPE_INDUSTRY = {
    "medicalorganization": "Healthcare", "hospital": "Healthcare", "medicalclinic": "Healthcare",
    "physician": "Healthcare", "dentist": "Healthcare", "pharmacy": "Healthcare",
    "financialservice": "Financial Services", "bankorcreditunion": "Financial Services",
    "accountingservice": "Financial Services", "insuranceagency": "Insurance",
    "educationalorganization": "Education", "collegeoruniversity": "Education",
    "school": "Education", "legalservice": "Legal", "attorney": "Legal",
    "employmentagency": "Human Resources & Staffing", "travelagency": "Hospitality & Travel",
    "lodgingbusiness": "Hospitality & Travel", "hotel": "Hospitality & Travel",
    "foodestablishment": "Hospitality & Travel", "restaurant": "Hospitality & Travel",
    "autodealer": "Automotive", "automotivebusiness": "Automotive",
    "realestateagent": "Real Estate", "governmentorganization": "Government & Public Sector",
    "ngo": "Nonprofit", "newsmediaorganization": "Media & Entertainment",
    "homeandconstructionbusiness": "Construction", "generalcontractor": "Construction",
}  # fmt: skip
_SELF_DESCRIPTION = re.compile(
    r"^\s*(?!(?:how|what|why|where|when|who|which|this|that|it|there|here|our|your|the)\b)"
    r"[A-Z][\w&.'’-]*(?: [A-Z&][\w&.'’-]*){0,3}(?: \([^)]{1,30}\))? (?:is|are) "
    r"(?:a|an|the|one of)\b"
    r"|\bwe(?:'re|’re| are) (?:a|an|the)\b"
    # "we make money through advertising" is how it earns, not what it is
    r"|\bwe (?:build|make(?! money)|design|develop|manufacture|produce|provide|offer|power|run)\b"
    r"|\b(?:platform|software|solutions?|provider|tools?|agency|app) (?:for|built for)\b"
    r"|\bwir (?:sind|entwickeln|fertigen|bieten|produzieren|stellen)\b"
    r"|\b(?:ist|sind) (?:ein|eine|der|die)\b|\b(?:fertigt|entwickelt|produziert)\b"
    r"|\bnous (?:sommes|proposons|développons|fabriquons|concevons|éditons)\b"
    r"|\b(?:est|sont) (?:un|une|le|la|l['’])"
    # es, it, nl, pt: "Acme es una empresa ...", "Siamo un'azienda ...", "Wij zijn een ..."
    r"|\b(?:es|è|é|is) (?:un|una|uno|un['’]|een|uma|um)\b|\b(?:somos|siamo|wij zijn|we zijn)\b"
    r"|\b(?:desarrollamos|fabricamos|ofrecemos|diseñamos|produciamo|sviluppiamo|offriamo|"
    r"progettiamo|ontwikkelen|produceren|leveren|bieden|desenvolvemos|oferecemos|produzimos)\b",
    re.I,
)
# Seat-based subscription prices are how software is sold ("$149/rep/mo", "per user per month").
_SUBSCRIPTION = re.compile(
    r"\b(?:priced |billed )?per (?:seat|user|rep|agent|editor|member)\b"
    r"|/\s?(?:seat|user|rep|agent|member)\s?/\s?mo(?:nth)?\b"
)
_CART = re.compile(
    r"\b(?:free (?:shipping|delivery|returns) on|add to (?:cart|bag)|shop now|your cart|"
    r"shop (?:all|men|women|kids|new arrivals|bestsellers|best sellers|the collection)|"
    r"in den Warenkorb|ajouter au panier|livraison gratuite|kostenloser Versand)\b",
    re.I,
)
_FALLBACKS = (
    ("Software", _SUBSCRIPTION, ("pricing", "home")),
    ("E-commerce & Retail", _CART, ("home",)),
)
_LEGAL_NAME = re.compile(rf"\b[A-Z][\w&'’.-]*(?: [A-Z&][\w&'’.-]*){{0,4}},? {LEGAL_SUFFIX}(?![\w])")


@dataclass(frozen=True)
class Description:
    """One text in which the company describes itself (or a label it states outright)."""

    text: str
    quote: str
    url: str
    weight: float
    label: str | None = None

    def scores(self) -> IndustryScores:
        """Return the keyword scores of the text (a stated label scores itself)."""
        if self.label is None:
            return score_description(self.text)
        stated = IndustryScores()
        stated.category[self.label] = 1.0
        return stated


def _type_description(page: ParsedPage, node: dict) -> list[Description]:
    raw = node.get("@type")
    types = raw if isinstance(raw, list) else [raw]
    found = []
    for value in types:
        name = str(value).rsplit("/", 1)[-1].lower()
        label = _TYPE_INDUSTRY.get(name) or ("E-commerce & Retail" if name.endswith("store")
                                             else None)  # fmt: skip
        if label and (quote := jsonld_quote(page, "@type", raw)):
            found.append(Description(name, quote, page.url, 1.5, label))
    return found


def _structured_descriptions(page: ParsedPage) -> list[Description]:
    found: list[Description] = []
    for node in organization_nodes(page)[:1]:
        found += _type_description(page, node)
        for key in ("description", "slogan", "disambiguatingDescription", "knowsAbout"):
            value = node.get(key)
            text = ", ".join(map(str, value)) if isinstance(value, list) else value
            if isinstance(text, str) and text.strip() and (quote := jsonld_quote(page, key, value)):
                found.append(Description(text, quote, page.url, 1.0))
    for key, weight in (("description", 1.0), ("og:description", 0.8)):
        if hit := meta_tag_quote(page, key):
            found.append(Description(hit[0], hit[1], page.url, weight))
    return found


def _title_description(page: ParsedPage, domain_label: str) -> list[Description]:
    parts = title_parts(page.title)
    rest = [part for part in parts if not resemblance(part, domain_label)]
    if not rest or len(rest) == len(parts):
        return []  # without the company's name in it, a title may be anyone's
    found = [Description(" | ".join(rest), page.title, page.url, 1.0)]
    for part in parts:
        if (trade := _trade_in_name(part, domain_label)) is not None:
            found.append(Description(trade, page.title, page.url, 0.8))
    return found


def _trade_in_name(name: str, domain_label: str) -> str | None:
    """Return the words a company's name adds to its domain ("Palex Logística" on palex.es).

    A name often says the trade ("Acme Coffee Roasters", "Nordlicht Maschinenbau"); the words
    that spell the domain and a legal form are not part of it.
    """
    if not resemblance(name, domain_label):
        return None
    words = strip_legal_suffix(name).split()
    domain = normalize_name(domain_label)
    for cut in range(1, len(words)):
        if normalize_name("".join(words[:cut])) == domain:
            trade = " ".join(words[cut:])
            return trade if len(words) - cut <= 3 else None
    return None


def _prose_descriptions(page: ParsedPage, domain_label: str) -> list[Description]:
    found = []
    for line in page.text.splitlines():
        if line.lstrip()[:1] in _QUOTE_MARKS:
            continue  # a customer's testimonial ("Acme is a lifesaver for our clinic")
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            if _SELF_DESCRIPTION.search(sentence) and not sentence.rstrip().endswith("?"):
                start = page.text.find(sentence)
                quote = sentence_at(page.text, start, start + len(sentence)) if start >= 0 else ""
                if quote:
                    found.append(Description(sentence, quote, page.url, 0.6))
            if len(found) >= _MAX_SENTENCES:
                return found
    for match in _LEGAL_NAME.finditer(page.text):
        if resemblance(match.group(0).split()[0], domain_label):
            found.append(Description(match.group(0), match.group(0), page.url, 0.5))
            break
    return found


def page_descriptions(page: ParsedPage, domain_label: str) -> list[Description]:
    """Return the texts of one page in which the company says what it is."""
    return (
        _structured_descriptions(page)
        + _title_description(page, domain_label)
        + _prose_descriptions(page, domain_label)
    )


def infer_industries(
    pages: list[tuple[str, ParsedPage]], domain_label: str
) -> list[tuple[str, Field]]:
    """Return (canonical label, Field) for the industries the self-descriptions support, best first.

    Each Field quotes the strongest description naming that label in its category part.
    """
    descriptions: list[tuple[Description, IndustryScores]] = []
    seen: set[str] = set()
    for kind, page in pages:
        if kind not in _KINDS:
            continue
        for description in page_descriptions(page, domain_label):
            if description.text not in seen:
                seen.add(description.text)
                descriptions.append((description, description.scores()))
    total = IndustryScores()
    for description, scores in descriptions:
        total.add(scores, description.weight)
    labels = rank_industries(total)
    if not labels:
        return fallback_industries(pages)
    ranked = []
    for place, label in enumerate(labels):
        # the strongest descriptions naming it as what the company is come first
        naming = [
            d
            for d, s in sorted(
                descriptions, key=lambda item: (not item[1].category.get(label), -item[0].weight)
            )
            if s.category.get(label) or s.audience.get(label)
        ]
        if not naming:
            continue
        confidence = round(min(0.7, 0.4 + 0.1 * len(naming)) - 0.15 * place, 2)
        evidence = [Evidence(url=d.url, quote=d.quote[:QUOTE_LIMIT]) for d in naming[:2]]
        ranked.append((label, Field(value=label, evidence=evidence,
                                    confidence=max(confidence, 0.2), method="rule")))  # fmt: skip
    return ranked


def fallback_industries(pages: list[tuple[str, ParsedPage]]) -> list[tuple[str, Field]]:
    """When no page says what the company is: seat pricing sells software, a cart sells goods."""
    for kind, page in pages:
        for label, pattern, kinds in _FALLBACKS:
            if kind not in kinds:
                continue
            for line in page.text.splitlines():
                if pattern.search(line):
                    evidence = [Evidence(url=page.url, quote=line.strip()[:QUOTE_LIMIT])]
                    return [(label, Field(value=label, evidence=evidence, confidence=0.35,
                                          method="rule"))]  # fmt: skip
    return []
