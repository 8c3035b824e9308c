r"""Fact sheets: "Label\\nvalue" and "Label: value" lines ("Founded\\n2011", "Sitz: Berlin").

About pages, press kits and LinkedIn-style company pages list facts under labels (en, de, fr):
founded year, company size, headquarters, industry, company type and funding. Each candidate's
evidence quote is the whole label-and-value line.
"""

from __future__ import annotations

import re

from agent.models import Field
from tools import regex_scan
from tools.firmographics.addresses import split_place
from tools.firmographics.founded_year import YEAR, plausible_year
from tools.firmographics.funding import parse_funding_label
from tools.firmographics.funding_amounts import AMOUNT, PLAIN_AMOUNT, PLAIN_ROUND, parse_amount_usd
from tools.firmographics.headcount import QUALIFIER, QUANTITY, RANGE, headcount_value
from tools.firmographics.rule_evidence import rule_field

Candidate = tuple[str, Field]
LABEL_CONFIDENCE = 0.75

_LABELS = {
    "founded_year": r"Founded|Year founded|Founding year|Established|Est\.|Gegründet|"
                    r"Gründungsjahr|Gründung|Fondée|Fondé|Création|Année de création|Fundada|"
                    r"Fundado|Fundación|Año de fundación|Fondata|Fondazione|Anno di fondazione|"
                    r"Opgericht|Oprichting|Fundação|Ano de fundação",
    "employee_count": r"Company size|Employees|Number of employees|Team size|Headcount|"
                      r"Mitarbeiter|Mitarbeiterzahl|Unternehmensgröße|Effectif|Employés|Salariés|"
                      r"Empleados|Tamaño de la empresa|Dipendenti|Numero di dipendenti|"
                      r"Medewerkers|Aantal medewerkers|Werknemers|Funcionários|Colaboradores|"
                      r"Tamanho da empresa",
    "hq": r"Headquarters|HQ|Head office|Hauptsitz|Firmensitz|Sitz|Siège|Siège social|Sede|"
          r"Sede central|Sede social|Sede legale|Sede principal|Hoofdkantoor|Hoofdvestiging",
    # singular only: "Industries" heads a menu of the customers' industries
    "industry": r"Industry|Sector|Branche|Secteur|Secteur d'activité|Settore|Industria|Setor",
    "company_type": r"Type|Company type|Unternehmensform|Rechtsform",
    "funding": r"Total funding|Total raised|Funding to date|Raised to date|Funding raised|"
               r"Funding stage|Funding|Stage|Last round|Latest round|Gesamtfinanzierung|"
               r"Finanzierungsphase|Finanzierung|Levée de fonds|Financement total|Financement|"
               r"Financiación|Finanziamento|Financiering|Financiamento",
}  # fmt: skip
# Stat counters put the figure first: "86\nTeam members", "340+ employees", "$295.7M\nin total
# funding". The label must be the whole rest of the line; not "people", which counts users.
_STAFF_LABEL = (
    r"(?:full[- ]time )?(?:employees|team members|teammates|staff|Mitarbeiter\w*|"
    r"Mitarbeitende|collaborateurs|employés|salariés|empleados|colaboradores|dipendenti|"
    r"collaboratori|medewerkers|werknemers|funcionários)"
)
_COUNTER_HEADCOUNT = re.compile(
    rf"^\s*(?:{RANGE}|{QUANTITY})\s*\n?\s*(?P<label>{_STAFF_LABEL})(?:\s*(?:in|across|in über|"
    rf"dans|en|in oltre|em)\s+[^\n]{{1,30}})?\s*$",
    re.M | re.I,
)
_COUNTER_FUNDING = re.compile(
    rf"^\s*(?P<amount>{PLAIN_AMOUNT})\+?\s*\n?\s*(?:in\s+)?(?:total funding|funding raised|"
    rf"capital raised|total raised|raised to date|raised|in funding|funding)\s*$",
    re.M | re.I,
)
# "Seed ($6M, led by X)", "Series C", "$31M", "Bootstrapped"; not "Seed your pipeline"
_FUNDING_VALUE = re.compile(
    rf"(?:{PLAIN_ROUND}|{PLAIN_AMOUNT})(?:\s*$|\s*[(,·–—-]|\s+(?:round|funding|financing|Runde|"
    rf"{PLAIN_ROUND}))|(?:bootstrapped|self-funded|eigenfinanziert|autofinancée?)\b",
    re.I,
)
_PUBLIC_TYPE = r"\b(?:public company|publicly (?:held|traded)|börsennotiert|cotée en bourse)\b"


def extract_labelled_facts(text: str, url: str) -> list[Candidate]:
    r"""Read fact sheets: "Founded\\n2011", "Company size: 51-200 employees", "Sitz: Berlin".

    An "Industry" line counts only on a fact sheet (with at least one other labelled fact):
    alone it is usually a navigation menu of the industries the company sells to.
    """
    found: list[Candidate] = []
    keys: set[str] = set()
    for key, labels in _LABELS.items():
        for match in regex_scan.finditer(
            rf"^(?P<label>{labels})\s*(?::\s*|\n)(?P<value>[^\n]{{1,80}})$", text, re.M
        ):
            quote, value = match.group(0), match.group("value").strip()
            if key == "funding":
                if _FUNDING_VALUE.match(value):
                    found += parse_funding_label(match.group("label"), value, url, quote)
                    keys.add(key)
                continue
            candidates = _labelled_candidates(key, value, url, quote)
            keys |= {key} if candidates else set()
            found += candidates
    if keys <= {"industry"}:
        found = [c for c in found if c[0] != "industry_label"]
    quoted = [field.evidence[0].quote for _, field in found]
    counters = _counters(text, url)
    return found + [c for c in counters if not any(c[1].evidence[0].quote in q for q in quoted)]


def _counters(text: str, url: str) -> list[Candidate]:
    """Read stat counters: a figure, then its label ("86 / Team members", "$295.7M / raised")."""
    found: list[Candidate] = []
    for match in regex_scan.finditer(_COUNTER_HEADCOUNT, text):
        parsed = headcount_value(match)
        if parsed and parsed[0] >= 2:
            quote = match.group(0).strip()
            found.append(("employee_count", rule_field(parsed[0], url, quote, 0.6 - parsed[1])))
    for match in regex_scan.finditer(_COUNTER_FUNDING, text):
        amount = regex_scan.match(AMOUNT, match.group("amount"), re.I)
        if amount and (value := parse_amount_usd(amount)):
            quote = match.group(0).strip()
            found.append(("total_funding_usd", rule_field(value, url, quote, 0.65)))
    return found


def _labelled_candidates(key: str, value: str, url: str, quote: str) -> list[Candidate]:
    if key == "founded_year":
        year = regex_scan.search(YEAR, value)
        if year and plausible_year(int(year.group("year"))):
            return [
                ("founded_year", rule_field(int(year.group("year")), url, quote, LABEL_CONFIDENCE))
            ]
        return []
    if key == "employee_count":
        # the value opens with the count: "51-200 employees", not "Monthly savings $0"
        match = regex_scan.match(rf"(?:{QUALIFIER})(?:{RANGE}|{QUANTITY})", value, re.I)
        parsed = headcount_value(match) if match else None
        if parsed and parsed[0] < 2:
            return []
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
    if regex_scan.search(_PUBLIC_TYPE, value, re.I):
        return [("funding_stage", rule_field("public", url, quote, LABEL_CONFIDENCE))]
    return []
