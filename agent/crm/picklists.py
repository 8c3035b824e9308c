"""The CRMs' own values for industry and country, so an export imports without rejected rows.

Industry: our canonical labels (`tools.firmographics.industries`) mapped to HubSpot's default
`industry` property options (LinkedIn's industry labels; a HubSpot import accepts an option's
label or internal value) and to Salesforce's standard Account `Industry` picklist (the 32 values
a new org ships with). Sources and the full documented lists: docs/crm-formats.md, which
tests/test_crm_formats.py checks these values against. A label we cannot map is left blank
for HubSpot (an unknown option fails that cell) and `Other` for Salesforce; our label is kept
in the `icp_industry` / `ICP_Industry__c` column either way.

Country: HubSpot's `Country/Region` and Salesforce's `BillingCountry` are text fields that
people fill with country names, so ISO codes are written as English names.
"""

from __future__ import annotations

import re

from tools.firmographics.geo import country_code
from tools.firmographics.industries import canonical_industry

SALESFORCE_INDUSTRIES = (
    "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications",
    "Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering",
    "Entertainment", "Environmental", "Finance", "Food & Beverage", "Government", "Healthcare",
    "Hospitality", "Insurance", "Machinery", "Manufacturing", "Media", "Not For Profit", "Other",
    "Recreation", "Retail", "Shipping", "Technology", "Telecommunications", "Transportation",
    "Utilities",
)  # fmt: skip

# canonical label -> (HubSpot industry option label, Salesforce Industry picklist value)
INDUSTRY_MAP: dict[str, tuple[str, str]] = {
    "Software": ("Computer Software", "Technology"),
    "IT Services": ("Information Technology and Services", "Technology"),
    "Cybersecurity": ("Computer & Network Security", "Technology"),
    "Hardware & Electronics": ("Computer Hardware", "Electronics"),
    "Financial Services": ("Financial Services", "Finance"),
    "Insurance": ("Insurance", "Insurance"),
    "Healthcare": ("Hospital & Health Care", "Healthcare"),
    "Pharmaceuticals & Biotech": ("Pharmaceuticals", "Biotechnology"),
    "Marketing & Advertising": ("Marketing and Advertising", "Media"),
    "E-commerce & Retail": ("Retail", "Retail"),
    "Manufacturing": ("Mechanical or Industrial Engineering", "Manufacturing"),
    "Logistics & Transportation": ("Logistics and Supply Chain", "Transportation"),
    "Education": ("Education Management", "Education"),
    "Media & Entertainment": ("Entertainment", "Entertainment"),
    "Telecommunications": ("Telecommunications", "Telecommunications"),
    "Real Estate": ("Real Estate", "Other"),
    "Construction": ("Construction", "Construction"),
    "Energy & Utilities": ("Utilities", "Utilities"),
    "Human Resources & Staffing": ("Staffing and Recruiting", "Consulting"),
    "Legal": ("Legal Services", "Other"),
    "Consulting & Professional Services": ("Management Consulting", "Consulting"),
    "Government & Public Sector": ("Government Administration", "Government"),
    "Nonprofit": ("Nonprofit Organization Management", "Not For Profit"),
    "Hospitality & Travel": ("Hospitality", "Hospitality"),
    "Automotive": ("Automotive", "Transportation"),
    "Agriculture & Food": ("Food & Beverages", "Food & Beverage"),
}
HUBSPOT_INDUSTRIES = frozenset(hubspot for hubspot, _ in INDUSTRY_MAP.values())


def _key(text: str) -> str:
    """Fold an industry label or a HubSpot internal value to one key.

    `Hospital & Health Care` and `HOSPITAL_HEALTH_CARE` compare equal, and so do
    `Nonprofit Organization Management` and `NON_PROFIT_ORGANIZATION_MANAGEMENT`.
    """
    words = re.sub(r"[^a-z]+", " ", text.casefold()).split()
    return "".join(word for word in words if word != "and")


# the CRMs' own values read back as our canonical labels (a round trip keeps the industry)
_FROM_CRM = {
    **{_key(hubspot): ours for ours, (hubspot, _) in INDUSTRY_MAP.items()},
    **{_key(salesforce): ours for salesforce, ours in (
        ("Technology", "Software"), ("Finance", "Financial Services"),
        ("Banking", "Financial Services"), ("Biotechnology", "Pharmaceuticals & Biotech"),
        ("Media", "Marketing & Advertising"), ("Not For Profit", "Nonprofit"),
        ("Food & Beverage", "Agriculture & Food"), ("Transportation", "Logistics & Transportation"),
        ("Utilities", "Energy & Utilities"), ("Government", "Government & Public Sector"),
        ("Consulting", "Consulting & Professional Services"),
        ("Electronics", "Hardware & Electronics"),
    )},
}  # fmt: skip


def our_industry(value: str) -> str | None:
    """Return our canonical label for an industry as we, HubSpot or Salesforce write it."""
    text = value.strip()
    if not text:
        return None
    return _FROM_CRM.get(_key(text)) or canonical_industry(text)


def crm_industry(value: str, crm: str) -> str:
    """Return the CRM's industry value for an industry label ("" for HubSpot when unmappable)."""
    text = value.strip()
    if not text:
        return ""
    if crm == "hubspot" and text in HUBSPOT_INDUSTRIES:
        return text
    if crm != "hubspot" and text in SALESFORCE_INDUSTRIES:
        return text
    ours = our_industry(text)
    if ours is None or ours not in INDUSTRY_MAP:
        return "" if crm == "hubspot" else "Other"
    hubspot, salesforce = INDUSTRY_MAP[ours]
    return hubspot if crm == "hubspot" else salesforce


_NAMES = {
    "US": "United States", "GB": "United Kingdom", "DE": "Germany", "FR": "France",
    "AT": "Austria", "CH": "Switzerland", "NL": "Netherlands", "BE": "Belgium",
    "LU": "Luxembourg", "IE": "Ireland", "ES": "Spain", "PT": "Portugal", "IT": "Italy",
    "SE": "Sweden", "NO": "Norway", "DK": "Denmark", "FI": "Finland", "PL": "Poland",
    "CZ": "Czech Republic", "EE": "Estonia", "LT": "Lithuania", "GR": "Greece", "RO": "Romania",
    "UA": "Ukraine", "IL": "Israel", "TR": "Turkey", "AE": "United Arab Emirates", "IN": "India",
    "CN": "China", "JP": "Japan", "KR": "South Korea", "SG": "Singapore", "HK": "Hong Kong",
    "AU": "Australia", "NZ": "New Zealand", "CA": "Canada", "MX": "Mexico", "BR": "Brazil",
    "AR": "Argentina", "CL": "Chile", "CO": "Colombia", "ZA": "South Africa", "NG": "Nigeria",
    "KE": "Kenya", "EG": "Egypt", "HU": "Hungary", "LV": "Latvia", "TW": "Taiwan",
    "SA": "Saudi Arabia", "VN": "Vietnam", "ID": "Indonesia", "PH": "Philippines",
    "MY": "Malaysia", "TH": "Thailand",
}  # fmt: skip


def country_name(value: str) -> str:
    """Return the English country name for an ISO code or a name ("DE" → "Germany")."""
    text = value.strip()
    code = country_code(text)
    return _NAMES.get(code or "", text)
