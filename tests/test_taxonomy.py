"""The canonical industries' NAICS sectors and LinkedIn industries, and ICP lists that use them."""

from __future__ import annotations

import pytest

from tools.firmographics.industries import CANONICAL_INDUSTRIES, map_to_icp
from tools.firmographics.taxonomy import (
    NAICS_SECTORS,
    canonical_for_standard,
    codes_for,
    taxonomy,
)


def test_every_canonical_label_has_a_naics_sector_and_a_linkedin_industry():
    assert set(taxonomy()) == set(CANONICAL_INDUSTRIES)
    for codes in taxonomy().values():
        assert codes.naics_sector in NAICS_SECTORS
        assert codes.linkedin


def test_a_linkedin_industry_belongs_to_one_label_only():
    names = [name.casefold() for codes in taxonomy().values() for name in codes.linkedin]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Software Development", "Software"),
        ("Hospitals and Health Care", "Healthcare"),
        ("Advertising Services", "Marketing & Advertising"),
        ("Staffing and Recruiting", "Human Resources & Staffing"),
        ("23", "Construction"),
        ("Educational Services", "Education"),
        ("52", None),  # Finance and Insurance holds two labels
        ("Underwater basket weaving", None),
    ],
)
def test_canonical_for_standard(name, expected):
    assert canonical_for_standard(name) == expected


def test_codes_for_a_label():
    codes = codes_for("Financial Services")
    assert codes is not None
    assert (codes.naics_sector, codes.naics_title, codes.linkedin[0]) == (
        "52", "Finance and Insurance", "Financial Services"
    )


@pytest.mark.parametrize(
    ("canonical", "icp", "expected"),
    [
        ("Software", ["Software Development", "Hospitals and Health Care"], "Software Development"),
        ("Healthcare", ["Software Development", "Hospitals and Health Care"],
         "Hospitals and Health Care"),
        ("Construction", ["23", "51"], "23"),
    ],
)  # fmt: skip
def test_icp_lists_may_use_linkedin_or_naics_names(canonical, icp, expected):
    assert map_to_icp(canonical, icp) == expected
