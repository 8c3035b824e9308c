"""Industries: keywords to canonical labels, self-descriptions to an industry, ICP list mapping.

A stated industry ("Industry: Advertising Services", LinkedIn style) maps through
`canonical_industry`. Otherwise `classify` reads what a company says it *is* — "Acme is a B2B
marketing agency", "Logiciel de gestion de flotte pour PME", "fertigt Präzisionsteile für die
Medizintechnik" — and weighs keywords by where they stand: before "for / für / pour" they name
the company's own category; after it, its customers (counted at a third). Precedence:

- a software company (software, SaaS, platform, app, cloud ... in its category) is labelled with
  a regulated or established vertical it serves (fintech, health tech, HR tech, security,
  legal, education, logistics ...) — "payroll software", "software for banks", "accounts
  payable automation for finance teams" (fintech) — and otherwise stays Software, even when it
  names customers' trades ("software for HVAC contractors"); serving two verticals equally
  ("for insurers and local authorities") makes it horizontal: Software;
- any other company takes its strongest category keyword: an agency doing marketing is
  Marketing & Advertising, a shop whose footer says "free shipping" is not Logistics, because
  bare "shipping" is not a keyword and footers are not self-descriptions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from tools.firmographics.industry_keywords import MORE_KEYWORDS
from tools.firmographics.taxonomy import canonical_for_standard, codes_for

# Canonical label -> keywords (lower-case regex fragments, matched on word boundaries, en/de/fr).
CANONICAL_INDUSTRIES: dict[str, tuple[str, ...]] = {
    "Cybersecurity": ("cyber ?security", "cybersécurité", "cybersicherheit", "it-sicherheit",
                      "information security", "infosec", "network security", "endpoint security",
                      "threat (?:detection|intelligence|hunting|response)", "identity threats?",
                      "security operations", "zero trust", "ransomware", "siem",
                      "sicherheitssoftware", "security (?:platform|software|company|vendor)s?"),
    "Financial Services": ("financial services", "fintechs?",
                           "financial (?:infrastructure|technology|institutions?)", "banking",
                           "banks?", "neobanks?",
                           "payments?", "lending", "loans?", "credit unions?", "wealth management",
                           "asset management", "investment management", "accounts payable",
                           "accounts receivable", "expense management", "spend management",
                           "treasury", "brokerage", "accounting", "bookkeeping", "finance teams?",
                           "cfos?", "finanzdienstleist\\w*", "zahlungsverkehr", "buchhaltung",
                           "services financiers", "banques?", "paiements?", "comptabilité",
                           "capital markets", "lenders?", "working capital", "factoring",
                           "mortgages?", "lines? of credit", "credit (?:lines?|facilit\\w+)",
                           "(?:equipment|asset|invoice|trade|business|revenue-based|sme) "
                           "financing", "kredit\\w*", "crédits?"),
    "Insurance": ("insurance", "insurtech", "insurers?", "versicherung\\w*", "assurances?",
                  "assureurs?"),
    "Healthcare": ("health ?care", "healthtech", "digital health", "hospitals?", "clinics?",
                   "clinical", "medical", "patients?", "physicians?", "ehrs?", "emrs?",
                   "telehealth", "telemedicine", "medtech", "gesundheitswesen", "medizin\\w*",
                   "klinik\\w*", "krankenh\\w*", "santé", "médical\\w*", "hôpita\\w*"),
    "Pharmaceuticals & Biotech": ("pharma\\w*", "biotech\\w*", "life sciences", "drug discovery"),
    "Marketing & Advertising": ("advertising", "marketing", "adtech", "martech",
                                "demand generation", "brand (?:studio|agency|strategy)",
                                "branding", "creative agency", "digital agency", "pr agency",
                                "public relations", "werbung", "werbeagentur", "marketing\\w*",
                                "publicité", "agence (?:de )?(?:marketing|communication)",
                                "audience intelligence", "social media (?:analytics|marketing)"),
    "E-commerce & Retail": ("e-?commerce", "retail(?:ers?)?", "online (?:shop|store)s?",
                            "onlineshop", "webshop", "einzelhandel", "commerce de détail",
                            "consumer goods", "d2c", "dtc", "direct-to-consumer", "apparel",
                            "clothing", "fashion", "footwear", "outdoor gear", "outfitters",
                            "cosmetics", "furniture", "jewell?ery", "homeware", "bekleidung",
                            "shoes", "sneakers", "handbags", "skincare",
                            "vêtements", "prêt-à-porter"),
    "Manufacturing": ("manufactur\\w*", "industrial", "machining", "cnc", "machined parts",
                      "(?:technical|industrial|performance|nonwoven) textiles?",
                      "textile (?:mills?|manufactur\\w*|producers?)", "weaving", "weavers?",
                      "spinning mills?", "foundr(?:y|ies)", "metalworking", "injection molding",
                      "textilhersteller\\w*", "weberei\\w*",
                      "precision (?:parts|engineering|components)", "factory", "factories",
                      "fertigt", "fertigen", "gefertigt", "fertigung\\w*", "lohnfertig\\w*",
                      "hersteller\\w*", "herstell\\w*", "zulieferer\\w*", "produktion",
                      "maschinenbau\\w*", "präzisions\\w*", "drehteile", "frästeile",
                      "fabricant", "fabrication", "usine", "usinage", "machinery",
                      # "we make" in de, fr, es, it, nl, pt: "Wir produzieren", "produciamo"
                      "produzieren", "fabriquons", "produisons", "fabricamos", "producimos",
                      "produciamo", "fabbrichiamo", "fabriceren", "produzimos"),
    "Logistics & Transportation": ("logistics", "supply chain", "freight", "forwarders?",
                                   "forwarding", "shipping (?:line|company|companies)",
                                   "trucking", "transportation", "3pl", "fulfil?ment",
                                   "last[- ]mile", "parcel delivery", "\\w*logistik\\w*",
                                   "spedition", "logistique", "transporteurs?", "fret",
                                   "(?<!data )warehous(?:e|es|ing)", "intralogistics",
                                   "(?:container )?terminals? operators?", "container ?terminals?",
                                   "ports? and terminals", "yard (?:planning|management)"),
    "Education": ("education", "edtech", "e-?learning", "universit(?:y|ies)", "schools?",
                  "bildung", "éducation", "higher ed", "online courses?", "tutors?", "tutoring",
                  "k[-–]12", "test prep", "homeschool\\w*", "language learning", "bootcamps?",
                  "nachhilfe", "soutien scolaire", "cours particuliers", "enseignement"),
    "Media & Entertainment": ("media", "entertainment", "publishing", "music", "film",
                              "broadcasting", "streaming", "gaming", "video games?"),
    "Telecommunications": ("telecom\\w*", "wireless", "mobile network", "telekommunikation"),
    "Real Estate": ("real estate", "proptech", "property management", "landlords?",
                    "immobilien\\w*", "immobilier"),
    "Construction": ("construction", "bauwesen", "bauunternehmen", "baugewerbe", "contech",
                     "building materials", "heavy equipment", "excavators?",
                     "general contractors?", "contractors", "homebuilders?", "bâtiment", "btp"),
    "Energy & Utilities": ("energy", "utilities", "renewables?", "solar", "oil and gas",
                           "energie\\w*", "énergie", "cleantech", "climate tech"),
    "Human Resources & Staffing": ("human resources", "hr", "hr ?tech", "hcm", "staffing",
                                   "recruiting", "recruitment", "payroll", "talent acquisition",
                                   "applicant tracking", "attendance", "personalwesen",
                                   "personaldienstleist\\w*", "lohnabrechnung", "zeiterfassung",
                                   "ressources humaines", "recrutement", "paie"),
    "Legal": ("legal services", "legal ?tech", "law firms?", "rechtsberatung", "avocats?"),
    "Consulting & Professional Services": ("consulting", "consultanc\\w*", "professional services",
                                           "beratung", "unternehmensberatung", "conseil",
                                           "advisory"),
    "Government & Public Sector": ("government", "public sector", "öffentliche verwaltung",
                                   "secteur public", "govtech", "municipalities",
                                   "local (?:authorities|governments?|councils)",
                                   "public agencies", "kommunen", "behörden", "collectivités"),
    "Nonprofit": ("non-?profit", "ngo", "charity", "gemeinnützig\\w*"),
    "Hospitality & Travel": ("hospitality", "travel", "hotels?", "restaurants?", "tourism",
                             "reisen", "tourisme"),
    "Automotive": ("automotive", "automobil\\w*", "car dealers?", "dealerships?", "auto parts",
                   "autohaus", "concessionnaires?"),
    "Agriculture & Food": ("agriculture", "agtech", "farming", "food", "beverages?",
                           "bakery", "bakeries", "brewery", "breweries", "winery", "wineries",
                           "coffee roasters?",
                           "landwirtschaft", "lebensmittel", "agroalimentaire"),
    "Hardware & Electronics": ("hardware", "semiconductors?", "electronics", "iot devices?",
                               "robots?", "robotics?", "humanoids?", "gpus?", "chips?"),
    "IT Services": ("it services", "managed services", "it consulting", "outsourcing",
                    "systems integrat\\w*", "it-dienstleist\\w*", "msp"),
    "Software": ("software", "saas", "developer tools", "computer software", "crm", "erp",
                 "ides?", "code editors?", "developer platforms?", "ai platforms?",
                 "information technology", "artificial intelligence", "machine learning",
                 "data platform", "logiciels?", "logicielles?", "software\\w+",
                 # compounds: "Planungssoftware", "planningssoftware", "gestionale"
                 "\\w{3,}software", "gestionali?"),
}  # fmt: skip
# The same categories in es, it, nl, pt (tools/firmographics/industry_keywords.py).
for _label, _words in MORE_KEYWORDS.items():
    CANONICAL_INDUSTRIES[_label] = CANONICAL_INDUSTRIES[_label] + _words

# Words that suggest software but also appear in other companies' self-descriptions ("shop in
# our app", "our logistics platform"): they count half.
_WEAK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Software": ("cloud", "platforms?", "apps?", "api", "apis", "automation", "technology",
                 "technologies", "internet", "tech", "plateformes?", "applications?",
                 "plattform\\w*"),
}  # fmt: skip
WEAK_WEIGHT = 0.5

# Verticals a software company is labelled with when it serves them ("payroll software" is HR,
# "software for banks" is Financial Services); trades and industries served by a software
# company ("software for HVAC contractors") leave it Software.
SOFTWARE_VERTICALS = frozenset({
    "Cybersecurity", "Financial Services", "Insurance", "Healthcare", "Pharmaceuticals & Biotech",
    "Human Resources & Staffing", "Education", "Legal", "Real Estate",
    "Logistics & Transportation", "Government & Public Sector",
})  # fmt: skip
AUDIENCE_WEIGHT = 1 / 3

# Whole words; a hyphen joins words ("HR-Software", "Lagerlogistik-Software" count) except for
# the weak words below ("tech-stack" is not a technology company).
_COMPILED = {
    label: re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.I)
    for label, words in CANONICAL_INDUSTRIES.items()
}
_WEAK = {
    label: re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.I)
    for label, words in _WEAK_KEYWORDS.items()
}
_CASE_SENSITIVE = {"Software": re.compile(r"\b(?:AI|IoT)\b")}
# Where a description turns from what the company is to whom it serves.
_AUDIENCE = re.compile(
    r"\b(?:for|serving|helps?|helping|to help|dedicated to|für|hilft|pour|aux|à destination "
    r"d\w+|destinée?s? aux?|conçue? pour|aidons|accompagn\w+|para|per|voor|ayuda\w*|aiut\w+|"
    r"helpt|ajud\w+)\b",
    re.I,
)


def canonical_industry(label: str) -> str | None:
    """Map a stated industry label ("Advertising Services") to a canonical label."""
    text = label.strip()
    for canonical in CANONICAL_INDUSTRIES:
        if text.casefold() == canonical.casefold():
            return canonical
    hits = [(canonical, len(pattern.findall(text))) for canonical, pattern in _COMPILED.items()]
    hits = [hit for hit in hits if hit[1]]
    return max(hits, key=lambda hit: hit[1])[0] if hits else None


def industry_mentions(text: str) -> list[tuple[str, int, float]]:
    """Return (canonical label, start, weight) of every industry keyword in prose."""
    found = [
        (canonical, match.start(), weight)
        for patterns, weight in ((_COMPILED, 1.0), (_CASE_SENSITIVE, WEAK_WEIGHT),
                                 (_WEAK, WEAK_WEIGHT))
        for canonical, pattern in patterns.items()
        for match in pattern.finditer(text)
    ]  # fmt: skip
    return sorted(found, key=lambda item: item[1])


@dataclass
class IndustryScores:
    """Weighted keyword hits per canonical label: in category parts and in audience parts."""

    category: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    audience: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, other: IndustryScores, weight: float = 1.0) -> None:
        """Add another text's scores, scaled by how much that text is trusted."""
        for label, score in other.category.items():
            self.category[label] += score * weight
        for label, score in other.audience.items():
            self.audience[label] += score * weight

    def strength(self, label: str) -> float:
        """Return the label's combined score (customers count at AUDIENCE_WEIGHT)."""
        return self.category.get(label, 0.0) + AUDIENCE_WEIGHT * self.audience.get(label, 0.0)


def score_description(text: str) -> IndustryScores:
    """Score one self-description: each label counts once per sentence and part."""
    scores = IndustryScores()
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        sentence_scores = IndustryScores()
        turn = _AUDIENCE.search(sentence)
        split = turn.start() if turn else len(sentence)
        for label, start, weight in industry_mentions(sentence):
            part = sentence_scores.category if start < split else sentence_scores.audience
            part[label] = max(part[label], weight)
        scores.add(sentence_scores)
    return scores


def rank_industries(scores: IndustryScores) -> list[str]:
    """Return the labels a company's self-descriptions support, the best first ([] if unclear).

    Only labels named in a category part can win; a tie at the top gives [].
    """
    contenders = [label for label, score in scores.category.items() if score > 0]
    if not contenders:
        return []
    if "Software" in contenders:
        # customers count here: "software for banks" is a fintech
        verticals = [label for label in SOFTWARE_VERTICALS if scores.strength(label) > 0]
        if verticals:
            contenders = verticals
    # "Construction management software": on a tie, the software company is Software
    ranked = sorted(
        contenders, key=lambda label: (-scores.strength(label), label != "Software", label)
    )
    if len(ranked) > 1 and scores.strength(ranked[0]) == scores.strength(ranked[1]):
        if ranked[0] in SOFTWARE_VERTICALS and "Software" in scores.category:
            # "software for insurers and local authorities": no one vertical is its own
            return ["Software"]
        return ranked if ranked[0] == "Software" else []
    return ranked


def map_to_icp(canonical: str, icp_industries: list[str]) -> str | None:
    """Return the ICP file's label for a canonical industry.

    Exact name, then a LinkedIn/NAICS name for it, then keyword overlap, then a broader label
    the taxonomy names (Insurance is Financial Services), then an "Other" entry.
    """
    for icp_label in icp_industries:
        if icp_label.casefold() == canonical.casefold():
            return icp_label
    for icp_label in icp_industries:
        if canonical_for_standard(icp_label) == canonical:
            return icp_label  # "Software Development" (LinkedIn), "Construction" (NAICS 23)
    for icp_label in icp_industries:
        if canonical_industry(icp_label) == canonical:
            return icp_label
    codes = codes_for(canonical)
    for broader in codes.broader if codes else ():
        # an insurer on a list without "Insurance" is in its "Financial Services"
        if found := map_to_icp(broader, [i for i in icp_industries if not _is_other(i)]):
            return found
    for icp_label in icp_industries:
        if _is_other(icp_label):
            return icp_label
    return None


def _is_other(icp_label: str) -> bool:
    return icp_label.casefold() in ("other", "others", "sonstige", "autre", "autres")
