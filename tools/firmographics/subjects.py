"""Whose sentence is it: the company itself ("we", "our company", one of its names) or another.

A value is only the company's when the sentence states it about the company. The rules use these
helpers to read a sentence's subject: "we" and its translations, or one of the names the company
goes by (domain label, markup name, title).
"""

from __future__ import annotations

import re

from tools import regex_scan

SUBJECT_US = r"(?:we|we've|we have|our company|the company|wir|nous|l'entreprise|la société)"
"""The company speaking of itself: "we", "our company", "wir", "nous" ..."""


def names_in(text: str, names: list[str]) -> bool:
    """Return whether one of the company's `names` (lower-case) occurs as words in `text`."""
    lowered = text.lower()
    return any(regex_scan.search(rf"\b{re.escape(n)}\b", lowered) for n in names)


# A person's career told in a biography or a job post: the numbers in it belong to the
# companies that person worked at ("previously scaled Globex from 200 to 3,300 employees").
_BIOGRAPHY = re.compile(
    r"\b(?:previously|prior to (?:joining|that|this)|before (?:joining|that)|formerly|"
    r"spent (?:\w+ )?(?:years|decades?) (?:at|with)|served as|joins? (?:us |the team )?from|"
    r"(?:comes|came) (?:to \w+ )?from|(?:his|her|their) (?:career|tenure|time)|"
    r"(?:she|he) (?:led|scaled|grew|built|helped|was|has|joined|spent|founded|co-?founded)|"
    r"scaling the company|grew the company|helped scale|zuvor|davor|auparavant|"
    r"anteriormente|in precedenza|daarvoor|anteriormente)\b",
    re.I,
)


def is_biography(sentence: str) -> bool:
    """Return whether a sentence tells a person's career rather than the company's facts."""
    return bool(_BIOGRAPHY.search(sentence))


_OPENS_WITH_US = re.compile(
    rf"(?:{SUBJECT_US}|our|unser\w*|notre|nos|nuestr\w*|nostr\w*|ons|onze|nosso\w*)\b", re.I
)


def opens_with_company(sentence: str, names: list[str]) -> bool:
    """Return whether a sentence's subject is the company: "we", "our", or one of its names."""
    head = " ".join(re.sub(r"^[\W\d]+", "", sentence).split()[:4])
    if _OPENS_WITH_US.match(head):
        return True
    return any(head.lower().startswith(n) for n in names if n)
