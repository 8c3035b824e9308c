"""Industries: keywords to canonical labels, and canonical labels onto an ICP file's list.

A stated industry ("Industry: Advertising Services", LinkedIn style) is mapped first; prose
keywords ("core banking software for credit unions") are a weaker fallback.
"""

from __future__ import annotations

import re
from collections import Counter

# Canonical label -> keywords (lower-case regex fragments, matched on word boundaries).
# Order matters for ties: more specific industries come before broad ones like Software.
CANONICAL_INDUSTRIES: dict[str, tuple[str, ...]] = {
    "Cybersecurity": ("cyber ?security", "information security", "network security",
                      "threat detection", "endpoint security", "sicherheitssoftware"),
    "Financial Services": ("financial services", "fintech", "banking", "banks?", "payments?",
                           "lending", "wealth management", "asset management", "credit unions?",
                           "investment management", "accounting", "finanzdienstleist\\w*",
                           "services financiers", "capital markets"),
    "Insurance": ("insurance", "insurtech", "versicherung\\w*", "assurances?"),
    "Healthcare": ("health ?care", "hospitals?", "medical", "clinical", "patients?",
                   "healthtech", "digital health", "gesundheitswesen", "santé", "telehealth"),
    "Pharmaceuticals & Biotech": ("pharma\\w*", "biotech\\w*", "life sciences", "drug discovery"),
    "Marketing & Advertising": ("advertising", "marketing", "adtech", "martech", "werbung",
                                "publicité", "audience intelligence", "social media analytics"),
    "E-commerce & Retail": ("e-?commerce", "retail(?:ers)?", "online shops?", "onlineshop",
                            "einzelhandel", "commerce de détail", "consumer goods"),
    "Manufacturing": ("manufacturing", "industrial", "fertigung", "produktion", "industrie",
                      "machinery", "maschinenbau"),
    "Logistics & Transportation": ("logistics", "supply chain", "freight", "shipping",
                                   "transportation", "logistik", "fleet management"),
    "Education": ("education", "edtech", "e-?learning", "universit(?:y|ies)", "schools?",
                  "bildung", "éducation", "higher ed"),
    "Media & Entertainment": ("media", "entertainment", "publishing", "music", "film",
                              "broadcasting", "streaming", "gaming", "video games?"),
    "Telecommunications": ("telecom\\w*", "wireless", "mobile network", "telekommunikation"),
    "Real Estate": ("real estate", "proptech", "property management", "immobilien\\w*",
                    "immobilier"),
    "Construction": ("construction", "bauwesen", "contech", "building materials"),
    "Energy & Utilities": ("energy", "utilities", "renewables?", "solar", "oil and gas",
                           "energie", "énergie", "cleantech", "climate tech"),
    "Human Resources & Staffing": ("human resources", "hr tech", "staffing", "recruiting",
                                   "recruitment", "payroll", "talent acquisition", "personal\\w*"),
    "Legal": ("legal services", "legal ?tech", "law firms?", "rechtsberatung"),
    "Consulting & Professional Services": ("consulting", "professional services",
                                           "beratung", "conseil", "advisory"),
    "Government & Public Sector": ("government", "public sector", "öffentliche verwaltung",
                                   "secteur public", "govtech"),
    "Nonprofit": ("non-?profit", "ngo", "charity", "gemeinnützig\\w*", "association"),
    "Hospitality & Travel": ("hospitality", "travel", "hotels?", "restaurants?", "tourism",
                             "reisen", "tourisme"),
    "Automotive": ("automotive", "cars?", "vehicles?", "mobility", "automobil\\w*"),
    "Agriculture & Food": ("agriculture", "agtech", "farming", "food", "beverages?",
                           "landwirtschaft", "lebensmittel", "agroalimentaire"),
    "Hardware & Electronics": ("hardware", "semiconductors?", "electronics", "iot", "devices"),
    "IT Services": ("it services", "managed services", "it consulting", "outsourcing",
                    "systems integration", "it-dienstleist\\w*"),
    "Software": ("software", "saas", "cloud platform", "developer tools", "apis?",
                 "technology", "internet", "computer software", "information technology",
                 "tech", "artificial intelligence", "machine learning", "data platform"),
}  # fmt: skip

_COMPILED = {
    label: re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I)
    for label, words in CANONICAL_INDUSTRIES.items()
}


def canonical_industry(label: str) -> str | None:
    """Map a stated industry label ("Advertising Services") to a canonical label."""
    text = label.strip()
    for canonical in CANONICAL_INDUSTRIES:
        if text.casefold() == canonical.casefold():
            return canonical
    hits = [(canonical, len(pattern.findall(text))) for canonical, pattern in _COMPILED.items()]
    hits = [hit for hit in hits if hit[1]]
    return max(hits, key=lambda hit: hit[1])[0] if hits else None


def industry_mentions(text: str) -> list[tuple[str, int, int]]:
    """Return (canonical label, start, end) of every industry keyword in prose."""
    return [
        (canonical, match.start(), match.end())
        for canonical, pattern in _COMPILED.items()
        for match in pattern.finditer(text)
    ]


# Sentences in which a company says what it is or does ("Acme is the platform for ...").
_SELF_DESCRIPTION = re.compile(
    r"^\s*(?!(?:how|what|why|where|when|who|which|this|that|it|there|here)\b)[A-Z][\w&.'’-]*"
    r"(?: [A-Z][\w&.'’-]*){0,3}(?: \([^)]{1,30}\))? (?:is|are) (?:a|an|the)\b|"
    r"\bwe (?:build|make|provide|help|offer|develop|power)\b|"
    r"\b(?:platform|software|solutions?|provider|tools?) for\b|"
    r"\bwir (?:entwickeln|bieten|helfen|unterstützen)\b|\b(?:ist|sind) (?:ein|eine|der|die)\b|"
    r"\bnous (?:aidons|proposons|développons|accompagnons)\b|\b(?:est|sont) (?:un|une|le|la)\b",
    re.I,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def describe_industry(text: str, all_sentences: bool = False) -> tuple[str, int, int] | None:
    """Return the industry a company's self-description names most, with its first mention.

    Only sentences that describe the company count (all of them for a meta description):
    a blog post mentioning payments does not make a company a bank. A tie gives None.
    """
    mentions = [
        (label, sentence.start() + start, sentence.start() + end)
        for sentence in _SENTENCE.finditer(text)
        if all_sentences
        or (_SELF_DESCRIPTION.search(sentence.group(0)) and not sentence.group(0).endswith("?"))
        for label, start, end in industry_mentions(sentence.group(0))
    ]
    ranked = Counter(label for label, _, _ in mentions).most_common()
    # Software is the background noise of every company site; it wins only on its own.
    if len(ranked) > 1:
        ranked = [item for item in ranked if item[0] != "Software"]
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return next(m for m in mentions if m[0] == ranked[0][0])


def map_to_icp(canonical: str, icp_industries: list[str]) -> str | None:
    """Return the ICP file's label for a canonical industry (exact, alias or keyword overlap)."""
    for icp_label in icp_industries:
        if icp_label.casefold() == canonical.casefold():
            return icp_label
    for icp_label in icp_industries:
        if canonical_industry(icp_label) == canonical:
            return icp_label
    for icp_label in icp_industries:
        if icp_label.casefold() in ("other", "others", "sonstige", "autre", "autres"):
            return icp_label
    return None
