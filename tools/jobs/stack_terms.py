"""A curated dictionary of GTM and data tools, and where job descriptions say they are used.

A tool counts only in a sentence that states a requirement ("experience with Salesforce
required") or the company's own stack ("our stack: Snowflake, dbt"), never in one about
competitors, customers, partners or investors. Names match on word boundaries, so "Go" is
not found in "good"; tools that are also ordinary words ("Outreach", "Segment") must be
capitalized and, when sentence-initial or very ambiguous, sit next to another tool or a
word like "tools" or "platform".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from agent.models import Evidence, Posting, Technology

EVIDENCE_PER_TECHNOLOGY = 3


@dataclass(frozen=True)
class StackTerm:
    """One tool: its canonical name, category and the other names job posts use for it."""

    name: str
    category: str
    aliases: tuple[str, ...] = ()
    case_sensitive: bool = False
    """Also an ordinary word: match the capitalized form only, and not sentence-initially."""
    needs_context: bool = False
    """So ambiguous that another tool or a tool word must be in the same sentence."""
    aliases_only: bool = False
    """The bare name is too common ("Close", "Mode"): only the aliases match."""
    avoid: str = ""
    """A regex; a sentence matching it is about something else (Apollo GraphQL)."""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Return the word-bounded regex of the name and aliases, longest first."""
        names = sorted(self.aliases + (() if self.aliases_only else (self.name,)), key=len)
        alternatives = "|".join(re.escape(n) for n in reversed(names))
        flags = 0 if self.case_sensitive else re.IGNORECASE
        return re.compile(rf"(?<![\w@.])(?:{alternatives})(?![\w-]|\.\w)", flags)


CRM, SEQ, CI, MAP = "CRM", "Sales engagement", "Conversation intelligence", "Marketing automation"
CDP, DWH, CLOUD = "Customer data platform", "Data warehouse", "Cloud"
INTEL, ABM, BI = "Sales intelligence", "Account-based marketing", "Business intelligence"
ETL, PRODUCT, SUPPORT = "Data integration", "Product analytics", "Customer support"
SUCCESS, PHONE, ENABLE = "Customer success", "Telephony", "Sales enablement"
SCHEDULE, AUTOMATE = "Appointment scheduling", "Workflow automation"
T = StackTerm

STACK_TERMS: tuple[StackTerm, ...] = (
    T("Salesforce", CRM, ("Salesforce.com", "SFDC", "Salesforce CRM", "Salesforce Sales Cloud",
                          "Sales Cloud")),
    T("HubSpot", MAP, ("HubSpot CRM", "HubSpot Marketing Hub", "HubSpot Sales Hub")),
    T("Microsoft Dynamics 365", CRM, ("Dynamics 365", "Dynamics CRM", "MS Dynamics",
                                      "Microsoft Dynamics", "D365")),
    T("Pipedrive", CRM),
    T("Zoho", CRM, ("Zoho CRM",)),
    T("Close", CRM, ("Close CRM", "Close.com", "Close.io"), aliases_only=True),
    T("Copper", CRM, ("Copper CRM",), aliases_only=True),
    T("Attio", CRM),
    T("Freshsales", CRM, ("Freshworks CRM",)),
    T("SugarCRM", CRM, ("Sugar CRM",)),
    T("Outreach", SEQ, ("Outreach.io",), case_sensitive=True),
    T("Salesloft", SEQ, ("SalesLoft", "Sales Loft")),
    T("Apollo.io", INTEL, ("Apollo",), case_sensitive=True, needs_context=True,
      avoid=r"GraphQL|React|Apollo (?:Client|Server|Federation)"),
    T("Mixmax", SEQ), T("Reply.io", SEQ), T("lemlist", SEQ), T("Yesware", SEQ), T("Klenty", SEQ),
    T("Smartlead", SEQ, ("Smartlead.ai",)),
    T("Instantly", SEQ, ("Instantly.ai",), aliases_only=True),
    T("Groove", SEQ, ("Groove.co",), aliases_only=True),
    T("Gong", CI, ("Gong.io",), case_sensitive=True),
    T("Chorus.ai", CI, ("Chorus",), case_sensitive=True, needs_context=True),
    T("Clari", CI, ("Clari Copilot",)),
    T("People.ai", CI), T("Avoma", CI), T("Jiminny", CI), T("Fireflies.ai", CI),
    T("Zoominfo", INTEL, ("ZoomInfo", "DiscoverOrg")),
    T("LinkedIn Sales Navigator", INTEL, ("Sales Navigator", "LinkedIn Sales Nav")),
    T("Clearbit", INTEL), T("Lusha", INTEL), T("Cognism", INTEL), T("Seamless.AI", INTEL),
    T("UpLead", INTEL), T("Lead411", INTEL),
    T("Clay", INTEL, ("Clay.com",), case_sensitive=True, needs_context=True),
    T("6sense", ABM, ("6Sense", "6 sense")), T("Demandbase", ABM), T("RollWorks", ABM),
    T("Bombora", ABM), T("Madison Logic", ABM),
    T("Terminus", ABM, case_sensitive=True, needs_context=True),
    T("Marketo", MAP, ("Adobe Marketo", "Marketo Engage")),
    T("Salesforce Marketing Cloud Account Engagement", MAP, ("Pardot", "Salesforce Pardot",
                                                           "Marketing Cloud Account Engagement")),
    T("Salesforce Marketing Cloud", MAP, ("SFMC", "ExactTarget")),
    T("Eloqua", MAP, ("Oracle Eloqua",)),
    T("Braze", MAP), T("Customer.io", MAP), T("Klaviyo", MAP), T("ActiveCampaign", MAP),
    T("MailChimp", MAP, ("Mailchimp",)),
    T("Iterable", MAP, case_sensitive=True),
    T("Drift", MAP, case_sensitive=True, needs_context=True),
    T("Chili Piper", SCHEDULE, ("ChiliPiper",)), T("Calendly", SCHEDULE),
    T("Segment", CDP, ("Twilio Segment", "Segment.io", "Segment.com"), case_sensitive=True,
      needs_context=True),
    T("mParticle", CDP), T("Rudderstack", CDP, ("RudderStack",)), T("Tealium", CDP),
    T("Hightouch", ETL), T("Census", ETL, ("Census reverse ETL", "getcensus"),
                           case_sensitive=True, needs_context=True),
    T("Snowflake", DWH, case_sensitive=True),
    T("BigQuery", DWH, ("Google BigQuery",)),
    T("Amazon Redshift", DWH, ("Redshift", "AWS Redshift")),
    T("Databricks", DWH), T("ClickHouse", DWH),
    T("Azure Synapse", DWH, ("Azure Synapse Analytics",), aliases_only=True),
    T("Fivetran", ETL), T("Airbyte", ETL), T("Matillion", ETL), T("Informatica", ETL),
    T("Talend", ETL), T("Workato", AUTOMATE), T("Zapier", AUTOMATE), T("Tray.io", AUTOMATE),
    T("dbt", ETL, ("dbt Cloud", "dbt Core", "data build tool"), case_sensitive=True),
    T("Stitch", ETL, ("Stitch Data",), case_sensitive=True, needs_context=True),
    T("Apache Airflow", ETL, ("Airflow",), case_sensitive=True),
    T("Apache Kafka", ETL, ("Kafka",)),
    T("Tableau", BI), T("Looker", BI, ("Looker Studio",)), T("Metabase", BI),
    T("Microsoft Power BI", BI, ("Power BI", "PowerBI")),
    T("Mode", BI, ("Mode Analytics",), aliases_only=True),
    T("Sigma", BI, ("Sigma Computing",), aliases_only=True),
    T("Qlik", BI, ("Qlik Sense", "QlikView")), T("ThoughtSpot", BI), T("Domo", BI, (), True),
    T("Amplitude", PRODUCT, case_sensitive=True), T("Mixpanel", PRODUCT),
    T("Heap", PRODUCT, ("Heap Analytics",), case_sensitive=True, needs_context=True),
    T("Pendo", PRODUCT), T("FullStory", PRODUCT), T("Hotjar", PRODUCT), T("PostHog", PRODUCT),
    T("Google Analytics", PRODUCT, ("GA4",)),
    T("Zendesk", SUPPORT), T("Intercom", SUPPORT, (), True), T("Freshdesk", SUPPORT),
    T("Kustomer", SUPPORT), T("Help Scout", SUPPORT, ("HelpScout",)),
    T("Gainsight", SUCCESS), T("ChurnZero", SUCCESS), T("Totango", SUCCESS),
    T("Vitally", SUCCESS, (), True), T("Planhat", SUCCESS),
    T("Aircall", PHONE), T("Dialpad", PHONE), T("Orum", PHONE), T("Kixie", PHONE),
    T("RingCentral", PHONE), T("Talkdesk", PHONE),
    T("Highspot", ENABLE), T("Showpad", ENABLE),
    T("Seismic", ENABLE, case_sensitive=True, needs_context=True),
    T("Amazon Web Services", CLOUD, ("AWS",)),
    T("Google Cloud", CLOUD, ("GCP", "Google Cloud Platform"),
      avoid=r"\b(?:[Cc]linical|FDA|ICH|GxP|GMP|GLP|[Tt]rials?|[Rr]egulatory)\b"),
    T("Azure", CLOUD, ("Microsoft Azure",), case_sensitive=True),
)  # fmt: skip

_REQUIREMENT_CUE = re.compile(
    r"\b(?:experience[ds]?|proficien\w*|familiar\w*|knowledge|expert\w*|skills?|skilled|years?"
    r"|required|requirements?|must|preferred|plus|bonus|nice[- ]to[- ]have|certifi\w*"
    r"|hands-on|comfort\w*|fluen\w*|background|work(?:ing|ed)? with|using|use|leverag\w*"
    r"|utiliz\w*|mastery|competen\w*|savvy|adept|ability to|track record)\b",
    re.I,
)
_STACK_CUE = re.compile(
    r"\b(?:we use|we're using|we are using|we run on|we rely on|our (?:[\w-]+ )?(?:stack|tools"
    r"|tooling|toolset|systems?|platforms?|instance|org)|tech(?:nology)? stack|built on"
    r"|you(?:'ll| will) (?:use|work (?:in|with)|live in|own|manage|administer))\b",
    re.I,
)
_NEGATIVE_CUE = re.compile(
    r"\b(?:competitors?|compet\w+|alternatives? to|vs\.?|versus|replac\w*|migrat\w*"
    r"|switch\w* (?:away )?from|customers|clients|partners (?:like|such as|include)"
    r"|(?:platinum|gold|silver|elite|premier|solutions|consulting|certified) partner"
    r"|partner (?:agency|program|ecosystem|network)|partnered|partnerships?|resellers?"
    r"|backed by|investors?|ventures|alumni|formerly|previously|acquired|acquisition"
    r"|integrat\w* with|integrations? with|trusted by|used by|came from|come from|hail from"
    r"|worked at|companies like|brands like|is (?:the|a) (?:leader|leading)"
    r"|moving (?:[\w-]+ ){0,3}to|switching to|evaluating|considering|plan(?:s|ning)? to)\b",
    re.I,
)
_TOOL_CUE = re.compile(
    r"\b(?:tools?|tooling|platforms?|software|stack|crm|cdp|sequenc\w*|cadences?|dialers?"
    r"|warehouse|etl|elt|analytics|bi|reporting|automation|instance|admin\w*|similar)\b",
    re.I,
)
_HEADING_START = r"^[\W\d]*(?:(?:basic|minimum|preferred|required|desired|key|bonus) )?"
_HEADING_REQUIREMENT = re.compile(
    _HEADING_START + r"(?:requirements?|qualifications?|what you(?:'ll)? (?:need|bring|have)"
    r"|you have|you bring|about you|who you are|must[- ]haves?|nice[- ]to[- ]haves?|bonus"
    r"|(?:our )?(?:tech(?:nology)? )?stack|tools (?:we use|you'll use)"
    r"|our tools|tooling|what we(?:'re| are)? look(?:ing)? for|the ideal candidate)\b",
    re.I,
)
_HEADING_OTHER = re.compile(
    _HEADING_START + r"(?:responsibilities|what you(?:'ll| will) do|about (?:us|the role|the team"
    r"|the company)|benefits|perks|the role|your role|who we are|our mission|why join"
    r"|compensation|location|the opportunity|the team|how to apply|our values|in this role)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_BULLET = re.compile(r"^[\s•·*\-–—▪●◦‣⁃>\d.)]*")


@dataclass
class StackMention:
    """A tool named in a requirement or stack sentence, with that sentence verbatim."""

    term: StackTerm
    sentence: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def _is_heading(line: str, any_term: re.Pattern[str]) -> bool:
    words = line.rstrip(":").split()
    if not 0 < len(words) <= 6 or line.endswith(".") or any_term.search(line):
        return False
    heading = _HEADING_REQUIREMENT.match(line) or _HEADING_OTHER.match(line)
    return line.endswith(":") or heading is not None


def _any_term(terms: tuple[StackTerm, ...]) -> re.Pattern[str]:
    names = {n for t in terms for n in (t.name, *t.aliases)}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w@.])(?:{alternatives})(?![\w-])", re.IGNORECASE)


_ANY_TERM = _any_term(STACK_TERMS)


def _sentences(text: str, terms: tuple[StackTerm, ...]) -> list[tuple[str, bool]]:
    """Split text into (sentence, inside a requirements/stack section) pairs."""
    result: list[tuple[str, bool]] = []
    in_requirements = False
    any_term = _ANY_TERM if terms is STACK_TERMS else _any_term(terms)
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        if _is_heading(line, any_term):
            in_requirements = bool(_HEADING_REQUIREMENT.match(line))
            continue
        result.extend((s.strip(), in_requirements) for s in _SENTENCE_END.split(line) if s.strip())
    return result


def _term_matches(sentence: str, terms: tuple[StackTerm, ...]) -> list[tuple[StackTerm, int, int]]:
    found = [(t, m.start(), m.end()) for t in terms for m in t.pattern.finditer(sentence)]
    found.sort(key=lambda f: (f[1] - f[2], f[1]))  # longest first, so "HubSpot CRM" wins
    kept: list[tuple[StackTerm, int, int]] = []
    for term, start, end in found:
        if all(end <= s or start >= e for _, s, e in kept):
            kept.append((term, start, end))
    return sorted(kept, key=lambda f: f[1])


def _states_use(sentence: str, in_requirements: bool) -> bool:
    return in_requirements or bool(_REQUIREMENT_CUE.search(sentence) or _STACK_CUE.search(sentence))


def _negative_spans(sentence: str) -> list[tuple[int, int]]:
    """Return the clauses (split at ";") about competitors, customers, plans and the like."""
    spans, start = [], 0
    for clause in sentence.split(";"):
        if _NEGATIVE_CUE.search(clause):
            spans.append((start, start + len(clause)))
        start += len(clause) + 1
    return spans


def find_stack_mentions(
    text: str, terms: tuple[StackTerm, ...] = STACK_TERMS
) -> list[StackMention]:
    """Return the tools named as requirements or as the company's stack in `text`."""
    mentions: dict[str, StackMention] = {}
    any_term = _ANY_TERM if terms is STACK_TERMS else _any_term(terms)
    for sentence, in_requirements in _sentences(text, terms):
        if not any_term.search(sentence) or not _states_use(sentence, in_requirements):
            continue
        matches = _term_matches(sentence, terms)
        bullet = _BULLET.match(sentence)  # always matches: every part of the pattern is optional
        first = len(bullet.group(0)) if bullet else 0
        negative = _negative_spans(sentence)
        for term, start, end in matches:
            if any(lo <= start < hi for lo, hi in negative):
                continue
            has_context = len(matches) > 1 or bool(_TOOL_CUE.search(sentence))
            if term.avoid and re.search(term.avoid, sentence):
                continue
            if term.needs_context and not has_context:
                continue
            if term.case_sensitive and start == first and not has_context:
                continue
            mention = mentions.setdefault(term.name, StackMention(term, sentence))
            if mention.sentence == sentence:
                mention.spans.append((start, end))
    return list(mentions.values())


def technologies_in_postings(postings: list[Posting], page_url_for: Callable[[Posting], str],
                             ) -> list[Technology]:  # fmt: skip
    """Return tools the postings require or name as the stack, each sentence as evidence."""
    found: dict[str, Technology] = {}
    for posting in postings:
        if not posting.text:
            continue
        url = page_url_for(posting)
        for mention in find_stack_mentions(posting.text):
            term = mention.term
            tech = found.setdefault(term.name, Technology(
                name=term.name, category=term.category, method="job-post",
                categories=[term.category], business=True))  # fmt: skip
            evidence = Evidence(url=url, quote=_quote(mention))
            if len(tech.evidence) < EVIDENCE_PER_TECHNOLOGY and evidence not in tech.evidence:
                tech.evidence.append(evidence)
    return list(found.values())


def _quote(mention: StackMention, limit: int = 300) -> str:
    sentence = mention.sentence
    if len(sentence) <= limit:
        return sentence
    start, end = mention.spans[0]
    left = max(0, min(start - limit // 3, len(sentence) - limit))
    return sentence[left : left + limit].strip()
