r"""Fact sheets: "Label\\nvalue" and "Label: value" lines ("Founded\\n2011", "Sitz: Berlin").

About pages, press kits and LinkedIn-style company pages list facts under labels (en, de, fr):
founded year, company size, headquarters, industry, company type and funding. Each candidate's
evidence quote is the whole label-and-value line.
"""

from __future__ import annotations

import re

from agent.models import Field
from tools.firmographics.addresses import split_place
from tools.firmographics.founded_year import YEAR, plausible_year
from tools.firmographics.funding import parse_funding_label
from tools.firmographics.funding_amounts import PLAIN_AMOUNT, PLAIN_ROUND
from tools.firmographics.headcount import QUANTITY, RANGE, headcount_value
from tools.firmographics.rule_evidence import rule_field

Candidate = tuple[str, Field]
LABEL_CONFIDENCE = 0.75

_LABELS = {
    "founded_year": r"Founded|Year founded|Founding year|Established|Est\.|Gegründet|"
                    r"Gründungsjahr|Gründung|Fondée|Fondé|Création|Année de création",
    "employee_count": r"Company size|Employees|Number of employees|Team size|Headcount|"
                      r"Mitarbeiter|Mitarbeiterzahl|Unternehmensgröße|Effectif|Employés|Salariés",
    "hq": r"Headquarters|HQ|Head office|Hauptsitz|Firmensitz|Sitz|Siège|Siège social",
    "industry": r"Industry|Industries|Sector|Branche|Secteur|Secteur d'activité",
    "company_type": r"Type|Company type|Unternehmensform|Rechtsform",
    "funding": r"Total funding|Total raised|Funding to date|Raised to date|Funding raised|"
               r"Funding stage|Funding|Stage|Last round|Latest round|Gesamtfinanzierung|"
               r"Finanzierungsphase|Finanzierung|Levée de fonds|Financement total|Financement",
}  # fmt: skip
# "Seed ($6M, led by X)", "Series C", "$31M", "Bootstrapped"; not "Seed your pipeline"
_FUNDING_VALUE = re.compile(
    rf"(?:{PLAIN_ROUND}|{PLAIN_AMOUNT})(?:\s*$|\s*[(,·–—-]|\s+(?:round|funding|financing|Runde|"
    rf"{PLAIN_ROUND}))|(?:bootstrapped|self-funded|eigenfinanziert|autofinancée?)\b",
    re.I,
)
_PUBLIC_TYPE = r"\b(?:public company|publicly (?:held|traded)|börsennotiert|cotée en bourse)\b"


def extract_labelled_facts(text: str, url: str) -> list[Candidate]:
    r"""Read fact sheets: "Founded\\n2011", "Company size: 51-200 employees", "Sitz: Berlin"."""
    found: list[Candidate] = []
    for key, labels in _LABELS.items():
        for match in re.finditer(
            rf"^(?P<label>{labels})\s*(?::\s*|\n)(?P<value>[^\n]{{1,80}})$", text, re.M
        ):
            quote, value = match.group(0), match.group("value").strip()
            if key == "funding":
                if _FUNDING_VALUE.match(value):
                    found += parse_funding_label(match.group("label"), value, url, quote)
                continue
            found.extend(_labelled_candidates(key, value, url, quote))
    return found


def _labelled_candidates(key: str, value: str, url: str, quote: str) -> list[Candidate]:
    if key == "founded_year":
        year = re.search(YEAR, value)
        if year and plausible_year(int(year.group("year"))):
            return [
                ("founded_year", rule_field(int(year.group("year")), url, quote, LABEL_CONFIDENCE))
            ]
        return []
    if key == "employee_count":
        match = re.search(rf"{RANGE}|{QUANTITY}", value)
        parsed = headcount_value(match) if match else None
        return (
            [("employee_count", rule_field(parsed[0], url, quote, LABEL_CONFIDENCE - parsed[1]))]
            if parsed
            else []
        )
    if key == "hq":
        city, country = split_place(value)
        out = [("hq_city", rule_field(city, url, quote, LABEL_CONFIDENCE))] if city else []
        return out + (
            [("hq_country", rule_field(country, url, quote, LABEL_CONFIDENCE))] if country else []
        )
    if key == "industry":
        return [("industry_label", rule_field(value, url, quote, LABEL_CONFIDENCE))]
    if re.search(_PUBLIC_TYPE, value, re.I):
        return [("funding_stage", rule_field("public", url, quote, LABEL_CONFIDENCE))]
    return []
