"""Buying signals in a customer's sentence: triggers, outcomes, objections, decision, money.

Each `*_signals(sentence, section)` function is pure and returns `(text, kind)` pairs found in
one sentence of the customer's words; `tools.notes.pains.assess_note` attaches the sentence as
the quote. The lexicons are deliberately general (B2B buying language, not one sample's words).
Current tools and workarounds are found by `tools.notes.current_tools`.

Kinds:
- triggers: `new leader`, `funding`, `team growth`, `renewal`, `migration`, `missed target`,
  `expansion`, `acquisition`, `audit`, `mandate`, `reorganization`, `new role`;
- objections: `price`, `security`, `integration`, `incumbent`, `priority`, `adoption`,
  `terms` (contract length, exit clauses), `authority`, `concern`;
- decision process: `economic buyer`, `technical`, `legal/procurement`, `influencer` (roles named
  in a sentence about deciding, approving or buying) and `step` (pilot, security review, RFP ...);
- budget: `amount` (a sum of money next to budget words) and `statement` ("no budget");
- timeline: `date` (by Q3, next quarter, in 3 months) and `urgent` (ASAP, right away).
"""

from __future__ import annotations

import re

from pydantic import BaseModel
from pydantic import Field as PydanticField

from agent.models import Quote
from tools.notes.current_tools import pattern_table
from tools.notes.sentences import phrase_around


class Signal(BaseModel):
    """One finding besides pains: a short text, its kind, and the quotes that show it."""

    text: str
    kind: str | None = None
    quotes: list[Quote] = PydanticField(default_factory=list)


def add_signal(found: dict[tuple, Signal], text: str, kind: str | None, quote: Quote) -> None:
    """Add `quote` to the signal (text, kind) in `found`, creating it when new."""
    key = (kind, text.casefold())
    signal = found.setdefault(key, Signal(text=text, kind=kind))
    if quote.quote not in {q.quote for q in signal.quotes}:
        signal.quotes.append(quote)


# -- triggers -----------------------------------------------------------------------------
_ROLE = (
    r"(?:vp|vice president|head|chief \w+ officer|director|cro|cmo|ceo|cfo|coo|cto|cio|revops|"
    r"rev ops|sales leader|leader|manager|boss)"
)
TRIGGERS = pattern_table([
    ("new leader", r"(?:new|just hired (?:a|an|our)|brought in (?:a|an)|hired (?:a|an) (?:new )?)"
                   rf" ?{_ROLE}\w*"),
    ("funding",
        r"(?:just |recently )?(?:raised|closed|announced) (?:our |a |an |"
        r"the )?(?:\$[\d.,]+ ?[mkb]?\w* )?(?:series [a-e]|seed|round|funding)|"
        r"series [a-e] (?:round|funding)|(?:after|since) (?:our |the )?series [a-e]"),
    ("team growth",
        r"(?:doubling|tripling|scaling|growing|expanding|hiring)(?: \w+){0,3} (?:team|reps|"
        r"sdrs|bdrs|aes|headcount|sales org)"),
    ("renewal",
        r"up for renewal|(?:contract|renewal|licen[cs]e|subscription)(?: \w+){0,3} (?:is up|"
        r"expires?|expiring|ends|ending|renews)"),
    ("migration",
        r"migrat(?:e|ing|ion) (?:from|off|to)|(?:switching|moving) (?:off|from|to) \w+|"
        r"replac(?:e|ing) (?:our|the) (?:crm|tool|system|platform)"),
    ("missed target", r"miss(?:ed)? (?:our |the )?(?:number|quarter|target|quota|plan|forecast)"),
    ("expansion",
        r"(?:launch(?:ing)?|expand(?:ing)?|expansion|entering|moving) (?:into|to|in) (?:europe|"
        r"emea|apac|latam|the us|the uk|new markets?|enterprise|mid-?market|new regions?)"),
    ("acquisition",
        r"(?:were|was|got|been|just) acquired|acquired (?:by|a|an)|acquisition of|merger|"
        r"merged with|merging with"),
    ("audit",
        r"(?:new|upcoming) (?:regulation|audit)s?|audit (?:is )?coming|failed (?:an |the |"
        r"our )?audit"),
    ("mandate",
        r"(?:board|ceo|leadership|management|investors?) (?:asked|wants|is pushing|pushed|"
        r"mandated|told us)"),
    ("reorganization", r"reorg(?:anization|anisation)?|layoffs?"),
    ("new role",
        r"just (?:started|joined)|(?:started|joined) (?:a |the |my )?new (?:job|role|company|"
        r"position)"),
])  # fmt: skip


def trigger_signals(sentence: str, section: str = "") -> list[tuple[str, str]]:
    """Return events that make the customer look for a solution now."""
    return [(match.group(0), kind) for kind, p in TRIGGERS if (match := p.search(sentence))]


# -- desired outcomes ---------------------------------------------------------------------
_OUTCOME = re.compile(
    r"\b(?:I|we)(?:'d|’d| would) (?:love|like|want)\b|\bwant(?:s|ed)? to be able to\b|"
    r"\bin a perfect world\b|\bideal(?:ly)?\b|\bif (?:only|I could|we could)\b|\bmagic wand\b|"
    r"\bwhat (?:I|we) (?:really )?(?:need|want) is\b|\bneed(?:s)? (?:a way|something) to\b|"
    r"\b(?:it )?would be (?:really |so )?(?:great|amazing|awesome|helpful|nice|cool|beneficial|"
    r"valuable|useful)\b|"
    r"\bwish (?:I|we|there (?:was|were)|it|they)\b|\b(?:the |our |my )?goal is\b|"
    r"\bsuccess (?:looks like|would be|means)\b|"
    r"\blooking for (?:a |an |some )?(?:\w+ )?(?:tool|way|solution|platform|app|software|"
    r"system|vendor)\b",
    re.I,
)


def outcome_signals(sentence: str, section: str = "") -> list[tuple[str, str | None]]:
    """Return what the customer wants to achieve, as the clause that says it."""
    match = _OUTCOME.search(sentence)
    return [(phrase_around(sentence, (match.start(), match.end()), 14), None)] if match else []


# -- objections ---------------------------------------------------------------------------
OBJECTIONS = pattern_table([
    ("price",
        r"too (?:expensive|pricey|costly)|(?:very|really|so) (?:pricey|costly|expensive) for "
        r"(?:us|a \w+|our \w+)|can'?t afford|(?:price|cost)[- ]sensitive|"
        r"sensitive to (?:\w+ ){0,4}(?:price|pricing|cost|costs|grows)|"
        r"(?:won'?t|wouldn'?t|would not|will not|not (?:going|willing) to) pay|"
        r"not worth (?:the )?(?:money|price|cost)|price (?:is|was) (?:too )?high|out of (?:our|"
        r"my) budget|no budget|budget (?:is|was) tight|(?:never|not) pay out of pocket|"
        r"cost concerns?"),
    ("security",
        r"(?:privacy|security|data) (?:concerns?|worr\w+|risks?|issues?)|(?:concerned|worried|"
        r"afraid|nervous) (?:about|that)(?: \w+){0,3} (?:privacy|security|data|sharing)|"
        r"security reviews?|infosec|(?:don'?t|do not|can'?t|cannot) trust|nobody trust(?:s|ed)?|"
        r"black box|hallucinat\w*|privacy"),
    ("integration",
        r"(?:has to|needs? to|must|won'?t|doesn'?t|does not) (?:integrate|work|sync|"
        r"connect) with|integration (?:concerns?|worr\w+|risks?|effort|work)|(?:has to|must|"
        r"needs? to|wants? (?:it|anything new)) (?:live|sit|work|be|run)? ?(?:in|inside|within) "
        r"(?:salesforce|hubspot|our crm|the crm|\w+/\w+)"),
    ("incumbent",
        r"already (?:have|use|using|pay for|paying for|bought|invested in)|locked (?:in|into)|"
        r"under contract|switching costs?|rip and replace|(?:wouldn'?t|would not|won'?t|"
        r"not) (?:fully )?switch|(?:we'll|we will|i'll|i will|rather|prefer to) stick with"),
    ("priority",
        r"not (?:a )?(?:top )?priority|no bandwidth|bad timing|other priorities|not right now|"
        r"maybe next year|not this (?:year|quarter)"),
    ("adoption",
        r"learning curve|(?:reps|team|people|users|they) (?:won'?t|wouldn'?t|will not|"
        r"would not) (?:use|adopt)|adoption|another tool|yet another|change management|"
        r"too (?:complicated|complex)|intimidat\w+|unintuitive|too much (?:effort|work|setup)|"
        r"stopped (?:logging in|using it)|(?:a )?separate (?:app|tool|login)|another login|"
        r"(?:have|has) to log into"),
    ("terms",
        r"annual term|exit clause|(?:multi|two|three|five)[- ]year (?:contract|term|commitment|"
        r"deal)|got burned|burned by|lock-?in"),
    ("authority",
        r"not my (?:call|decision)|need to (?:ask|check with|run it by)|above my pay grade"),
    ("concern",
        r"(?:my|our|the|biggest|main|only|one) (?:concern|worry|hesitation|objection|"
        r"fear)s? (?:is|was|would be)|concerns? (?:from|about)|worried (?:about|that)"),
])  # fmt: skip


def objection_signals(sentence: str, section: str = "") -> list[tuple[str, str]]:
    """Return the customer's reasons not to buy or adopt (price, security, incumbent ...)."""
    return [
        (phrase_around(sentence, match.span(), 12), kind)
        for kind, pattern in OBJECTIONS
        if (match := pattern.search(sentence))
    ]


# -- decision process ---------------------------------------------------------------------
_DECIDING = re.compile(
    r"\b(?:sign(?:s|ed)?[- ]off|approv\w+|decid\w+|decision|final say|budget holder|"
    r"(?:owns?|controls?|holds?) the (?:budget|purse)|buy(?:ing)? (?:decision|committee|process)|"
    r"procurement|legal review|security review|RFP|committee|stakeholders?|"
    r"(?:has|have|needs?) to (?:approve|sign|see|buy in)|goes through|loop(?:ed)? in|champion|"
    r"sponsor|signs? (?:anything|everything|off)|comfortable with|payback|business case|"
    r"next steps?|next(?=:)|owns? the decision|"
    r"veto|buy-in|sign the contract|purchas\w+|buy (?:it|this|something|a tool))\b",
    re.I,
)
DECISION_ROLES = pattern_table([
    ("economic buyer", r"ceo|cfo|cro|coo|founders?|co-?founders?|owner|the board|board|"
                       r"finance(?: team)?|vp (?:of )?finance|budget holder"),
    ("technical", r"cto|cio|ciso|(?-i:IT)(?: team| lead)?|infosec|engineering|data (?:team|eng\w*)|"
                  r"security(?: team)?(?= will| would| needs| wants| team)"),
    ("legal/procurement", r"procurement|purchasing|legal(?: team)?"),
    ("influencer", r"(?:vp|vice president|head|director)(?: of)? (?:sales|marketing|revenue|"
                   r"revops|operations|growth|customer success|sales development)|revops|rev ops|"
                   r"sales ops|marketing ops|my boss|my manager|leadership|management"),
])  # fmt: skip
DECISION_STEPS = pattern_table(
    [
        (
            "step",
            r"pilot|proof of concept|poc|(?:free )?trial|rfp|rfi|security review|legal review|"
            r"procurement|committee|business case|demo to",
        ),
    ]
)


_TITLED_PERSON = re.compile(
    r"\b(?P<first>[A-Z][a-z]+)(?: [A-Z][\w'’-]+)? ?(?:\((?P<paren>[^()]{2,40})\)"
    r"|, (?P<comma>(?:our |the )?(?:[A-Z]{2,5}|VP[\w ]{0,30}|Head of [\w ]{2,30}|"
    r"Director of [\w ]{2,30}|Chief [\w ]{2,30}))(?=[,.;]|$| is| and))"
)


def people_titles(text: str) -> dict[str, str]:
    """Return {first name: job title} for people a note introduces ("Colin Reyes (CFO)")."""
    titles: dict[str, str] = {}
    for match in _TITLED_PERSON.finditer(text):
        title = (match.group("paren") or match.group("comma") or "").strip()
        title = re.sub(r"^(?:our|the) ", "", title)
        if title and any(p.search(title) for _, p in DECISION_ROLES):
            titles.setdefault(match.group("first"), title)
    return titles


def decision_signals(
    sentence: str, section: str = "", people: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """Return buying-committee roles and steps named in a sentence about deciding or buying.

    `people` ({first name: title}, see `people_titles`) turns "Colin signs anything over
    $50k" into the role "CFO"; names themselves are never returned.
    """
    deciding = re.search(r"decision|buying|approval|next steps", section, re.I)
    if not (_DECIDING.search(sentence) or deciding):
        return []
    found = []
    for name, title in (people or {}).items():
        if re.search(rf"\b{re.escape(name)}\b", sentence):
            kind = next((k for k, p in DECISION_ROLES if p.search(title)), "influencer")
            found.append((title, kind))
    for table in (DECISION_ROLES, DECISION_STEPS):
        for kind, pattern in table:
            found.extend((m.group(0), kind) for m in pattern.finditer(sentence))
    return found


# -- budget and timeline ------------------------------------------------------------------
_MONEY = re.compile(
    r"(?:[$€£]\s?\d+(?:,\d{3})*(?:\.\d+)?(?:\s?[-–]\s?\d+(?:,\d{3})*(?:\.\d+)?)?\s?(?:k|m|mm|"
    r"bn|thousand|million|billion)?\b"
    r"(?:\s?(?:/|per|a)\s?(?:seat|user|month|mo|year|yr|annum|head|rep)\b)?"
    r"|\b\d+(?:,\d{3})*(?:\.\d+)?\s?(?:k|thousand|million)?\s?(?:dollars|usd|eur|euros|gbp|"
    r"pounds|bucks)\b)",
    re.I,
)
_BUDGET_WORDS = re.compile(
    r"budget|spend|spent|pay|paid|cost|price|pricing|approv|threshold|sign(?:s|ed)? off|"
    r"per (?:seat|user|month|year)|a year|annual|allocat|set aside|invest|afford|subscription|"
    r"licen[cs]e|contract|/(?:mo|month|yr|year)|\bsigns?\b|anything (?:over|above)",
    re.I,
)
_BUDGET_STATEMENT = re.compile(
    r"\b(?:no|have|has|got|approved|allocated|set aside|there'?s|there is|find|found) (?:a |"
    r"the |some |any )?budget\b|\bbudget (?:for|is|was|of|approved|cycle|planning|owner|"
    r"line)\b|\bout of pocket\b|\bwilling to pay\b|\bline item\b|\bmoney is there\b",
    re.I,
)


def money_signals(sentence: str, section: str = "") -> list[tuple[str, str]]:
    """Return budget signals: sums of money next to budget words, or budget statements."""
    if _BUDGET_WORDS.search(sentence) or re.search(r"budget|pricing|money", section, re.I):
        amounts = [(m.group(0).strip(), "amount") for m in _MONEY.finditer(sentence)]
        if amounts:
            return amounts
    statement = _BUDGET_STATEMENT.search(sentence)
    return [(phrase_around(sentence, statement.span(), 10), "statement")] if statement else []


_MONTHS = (
    r"january|february|march|april|june|july|august|september|october|november|december|jan|"
    r"feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|(?-i:May)"
)
_WHEN = re.compile(
    r"\b(?:next|this|coming) (?:quarter|month|year|fiscal year|budget cycle|summer|spring|fall|"
    r"autumn|winter)\b|"
    rf"\b(?:by|before|until|in|end of|early|mid|late) (?:Q[1-4]|H[12]|{_MONTHS}|FY ?\d{{2,4}})\b|"
    r"\b(?:by|before|until) 20\d\d\b|"
    rf"\b(?:on|by|before|until|week of) (?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?\b|"
    r"\b(?:by|before|until|at) the end of (?:the |this |next )?(?:year|quarter|month|week)\b|"
    r"\b(?:in|within) (?:the next )?(?:\d+|two|three|four|six|a few|a couple of) (?:days|weeks|"
    r"months)\b|"
    r"\bQ[1-4](?: ?20\d\d)?\b",
    re.I,
)
_URGENT = re.compile(
    r"\bASAP\b|\bas soon as possible\b|\bright away\b|\bimmediately\b|\burgently\b", re.I
)
_ACTION = re.compile(
    r"\b(?:want|need|plan|planning|roll(?:ing)? out|implement\w*|launch\w*|decid\w+|decision|"
    r"renew\w*|go live|live by|live before|start|starts|buy|purchase|sign|budget|pilot|switch|"
    r"replac\w+|migrat\w+|in place|ready|deadline|must|timeline|looking to|hoping to|aim\w*|"
    r"goal|by then|fix|solve|have to|trial|kickoff|next(?=:))\b",
    re.I,
)


def timeline_signals(sentence: str, section: str = "") -> list[tuple[str, str]]:
    """Return when the customer wants to act (dates next to action words, or urgency)."""
    found: list[tuple[str, str]] = []
    if _ACTION.search(sentence) or re.search(r"timeline|timing|next steps", section, re.I):
        found.extend((m.group(0), "date") for m in _WHEN.finditer(sentence))
    found.extend((m.group(0), "urgent") for m in _URGENT.finditer(sentence))
    return found
