"""Which fields and questions the pages can answer: cue patterns that gate every LLM request.

A field is asked only when some fetched page has a cue for it ("founded", "employees",
"headquartered", the subject of a specialized question): a page that states nothing costs no
tokens and gives the model no room to invent. Names, industries and business models have no
cue: introductions state them in prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.icp import SpecializedQuestion
from agent.llm.grounding import ValueKind
from agent.llm.value_support import content_words, named_entities
from agent.models import PageRecord

FIELD_KINDS: dict[str, ValueKind] = {
    "company_name": "name", "industry": "industry", "employee_count": "headcount",
    "hq_city": "city", "hq_country": "country", "founded_year": "founded",
    "funding_stage": "funding_stage", "total_funding_usd": "money",
    "business_model": "business_model",
}  # fmt: skip
_PLACE = r"headquarter|\bhq\b|based in|located in|offices? in|address|\bsitz\b|siège"
_MONEY = r"raised|funding|series [a-h]\b|seed|investors?|backed by|venture|\bipo\b|nasdaq|nyse"
FIELD_CUES: dict[str, str | None] = {
    "company_name": None, "industry": None, "business_model": None,  # intros say these
    "employee_count": r"employees|people|team of|staff|headcount|colleagues|mitarbeiter",
    "hq_city": _PLACE, "hq_country": _PLACE,
    "founded_year": r"founded|since (?:19|20)\d\d|established|\best\. |started in|gegründet",
    "funding_stage": _MONEY + r"|acquired|acquisition|bootstrap|self-funded",
    "total_funding_usd": _MONEY,
    "technologies": r"we use|using|built (?:with|on)|our stack|tech stack|experience (?:with|in)"
    r"|proficien|familiar with|tools? (?:like|such as)",
}  # fmt: skip


def question_cue(question: SpecializedQuestion) -> re.Pattern[str] | None:
    """Return a pattern matching text that mentions the question's subject."""
    entities = named_entities(question.question)
    if entities:  # whole names: "Sales" is not "Salesforce"
        terms = [rf"{re.escape(entity)}s?(?!\w)" for entity in entities]
    else:
        terms = [re.escape(w[:5] if len(w) > 5 else w) for w in content_words(question.question)]
    return re.compile(rf"(?<!\w)(?:{'|'.join(terms)})", re.I) if terms else None


def has_cue(
    pages: Sequence[PageRecord], cue: str | re.Pattern[str] | None, required: bool = False
) -> bool:
    """Return whether some page matches the cue (no cue: any page, unless `required`)."""
    if cue is None:
        return not required and bool(pages)
    pattern = cue if isinstance(cue, re.Pattern) else re.compile(cue, re.I)
    return any(pattern.search(page.text) for page in pages)
