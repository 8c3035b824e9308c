"""The pain taxonomy and the lexicons that detect pains, severity and injected instructions.

Categories (`TAXONOMY`; `OTHER` = pain language that fits none of them):

- `pipeline_generation`: not enough qualified pipeline (prospecting, outbound, meetings);
- `data_quality`: wrong, stale, duplicate or missing records and fields;
- `lead_routing`: inbound leads reach the wrong rep, too late, or not at all;
- `forecasting`: cannot predict the number (forecast accuracy, slipped deals);
- `tool_sprawl`: too many disconnected tools (switching, silos, integrations);
- `manual_work`: copying, data entry and spreadsheet busywork;
- `reporting`: cannot see or report what happens (dashboards, attribution, board decks);
- `compliance`: privacy, security and regulatory rules (GDPR, HIPAA, SOC 2, reviews).

Each category has *pain* phrases, a problem by themselves ("dirty data", "by hand"), and
*topic* words that count only near a general pain cue (`PAIN_CUE`) or under a pains heading.
How `tools.notes.pains` uses them is documented there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w])", re.I)


@dataclass(frozen=True)
class Category:
    """One pain category: what it means and the words that show it."""

    key: str
    label: str
    description: str
    pain: re.Pattern[str]
    """Phrases that are a pain of this category by themselves."""
    topic: re.Pattern[str]
    """Words of the topic: a pain only next to a pain cue or under a pains heading."""


_DATA = (
    r"(?:data|records?|contacts?|emails?|e-mails?|phone numbers?|titles?|lists?|leads?|fields?"
    r"|accounts?|crm)"
)
_BAD = (
    r"(?:dirty|bad|messy|stale|outdated|out-of-date|inaccurate|incomplete|wrong|missing"
    r"|duplicated?|garbage|junk|corrupt(?:ed)?|unreliable|inconsistent)"
)
_COUNT = r"(?:multiple|different|separate|several|a dozen|\d+|two|three|four|five|six|ten)"
_APPS = r"(?:tools|platforms|apps|logins|vendors)"
_PLACES = r"(?:systems|dashboards|spreadsheets|workbooks|databases)"

TAXONOMY: dict[str, Category] = {
    c.key: c
    for c in (
        Category(
            "pipeline_generation", "Pipeline generation",
            "Not enough qualified pipeline: prospecting, outbound, lead generation, meetings.",
            _any(r"not enough (?:pipeline|leads|meetings|opportunities|demos)",
                 r"(?:low|bad|terrible|dropping|declining) (?:reply|response|open|connect) rates?",
                 r"pipeline (?:is|was) (?:thin|dry|light|down)", r"(?:empty|thin|dry) pipeline",
                 r"miss(?:ed|ing)? (?:our |the )?pipeline (?:target|goal)s?",
                 r"can'?t (?:book|get|generate) (?:enough )?(?:meetings|leads|pipeline|demos)",
                 r"(?:pipeline|bookings|outbound)\b[^.]{0,40}?\b(?:\d+ ?%|half) of "
                 r"(?:the )?(?:target|plan|goal|quota)",
                 r"short of (?:pipeline|meetings|target|plan|quota)"),
            _any(r"(?:build|building|generate|generating|more|new|enough|create|creating"
                 r"|outbound) pipeline",
                 r"pipeline (?:generation|coverage|creation|targets?|goals?)", r"pipe ?gen",
                 r"prospect(?:s|ing)?", r"outbound", r"lead ?gen(?:eration)?",
                 r"cold (?:calls?|calling|emails?|outreach)", r"meetings? booked",
                 r"book(?:ing)? meetings", r"top of (?:the )?funnel", r"demand gen(?:eration)?",
                 r"MQLs?", r"SQLs?", r"new logos?", r"sequences?", r"reply rates?",
                 r"response rates?"),
        ),
        Category(
            "data_quality", "Data quality",
            "Wrong, stale, duplicate or missing records and fields in the CRM and lists.",
            _any(rf"{_BAD} {_DATA}", r"duplicates", r"dupes", r"dedup(?:e|ing|lication)?",
                 r"data (?:decay|rot|hygiene)", r"bounc(?:e|es|ed|ing)", r"garbage in",
                 r"can'?t trust (?:the |our )?(?:data|numbers|crm)", r"out of date",
                 r"wrong (?:person|people|contact|company|industry)",
                 r"no (?:one|body) (?:updates|maintains|cleans)"),
            _any(r"data quality", r"data (?:is|was|are|were|entry|accuracy)",
                 r"(?:crm|customer|contact|account|lead|our|the) data", r"records?", r"enrichment",
                 r"contacts?", r"fields?", r"hygiene", r"accuracy", r"accurate",
                 r"version control", r"versions?", r"hierarch(?:y|ies)", r"imports?",
                 r"merg(?:e|ing)"),
        ),
        Category(
            "lead_routing", "Lead routing",
            "Inbound leads reach the wrong rep, too late, or not at all.",
            _any(r"fall(?:s|ing)? through the cracks", r"speed[- ]to[- ]lead",
                 r"(?:leads?|demo requests?|requests?|inquiries|inbound) "
                 r"(?:sit|sat|sits|wait|waited|go cold|went cold|goes cold)",
                 r"re-?assign(?:s|ed|ing)? (?:\w+ )?leads",
                 r"no ?(?:one|body) (?:called|calls|followed|follows) (?:back|up)",
                 r"wrong (?:rep|owner|territory|sdr|ae)s?", r"round[- ]robin",
                 r"lead assignment", r"assign(?:ed|ing)? (?:leads )?(?:to the wrong|manually)",
                 r"(?:go|goes|went|end up) (?:to|with) (?:nobody|no one|the wrong \w+)",
                 r"slow (?:follow[- ]ups?|responses?|response times?)",
                 r"before anyone (?:touches|calls|responds|picks|follows)"),
            _any(r"rout(?:e|ed|es|ing)", r"assign(?:ed|ing|ment|s)?", r"territor(?:y|ies)",
                 r"inbound", r"hand-?offs?", r"ownership", r"owners?", r"lead[- ]to[- ]account",
                 r"response times?", r"follow[- ]ups?", r"demo requests?"),
        ),
        Category(
            "forecasting", "Forecasting",
            "Cannot predict the number: forecast accuracy, deal slippage, pipeline visibility.",
            _any(r"forecast(?:s|ing)? (?:is|are|was|were) (?:a )?(?:guess|off|wrong|useless)",
                 r"miss(?:ed|ing)? (?:the|our) (?:forecast|number|quarter|commit)",
                 r"sandbag\w*", r"deals? (?:slip|slipped|slipping)", r"slipp(?:ed|ing|age)",
                 r"gut feel", r"no (?:real )?visibility into (?:the )?(?:pipeline|deals|forecast)"),
            _any(r"forecast(?:s|ing)?", r"commits?", r"predict(?:able|ability|ions?)?",
                 r"win rates?", r"pipeline reviews?", r"deal reviews?", r"roll-?ups?",
                 r"(?:call|hit|make|miss|missed) the number", r"quota attainment"),
        ),
        Category(
            "tool_sprawl", "Tool sprawl",
            "Too many disconnected tools: switching, logins, integrations, silos.",
            _any(r"too many (?:tools|apps|platforms|systems|tabs|logins|vendors|point solutions)",
                 r"(?:tool|tech|app|saas) (?:sprawl|bloat|fatigue)",
                 r"switch(?:ing)? between (?:\w+ )?"
                 r"(?:tools|tabs|apps|platforms|systems|windows|screens)",
                 r"(?:don'?t|doesn'?t|do not|does not|never) "
                 r"(?:talk to|sync with|integrate with|connect to) each other",
                 r"(?:disconnected|fragmented|siloed|scattered) "
                 r"(?:tools|systems|data|platforms|apps|spreadsheets|info\w*)",
                 rf"{_COUNT} (?:different )?{_APPS}",
                 rf"(?:multiple|different|separate|several|too many) {_PLACES}",
                 r"fragment(?:ed|ation)", r"silos?",
                 r"shelfware", r"all over the place"),
            _any(r"tools?", r"stack", r"integrat(?:e|ed|es|ion|ions)", r"platforms?",
                 r"(?:our|these|those|different|separate|multiple|legacy|internal|other) "
                 r"(?:systems|apps)", r"licen[cs]es?", r"logins?", r"tabs", r"scattered"),
        ),
        Category(
            "manual_work", "Manual work",
            "Hours of copying, data entry and spreadsheet busywork that should be automated.",
            _any(r"manual(?:ly)?", r"by hand", r"copy(?:ing)?[- ](?:and|&|n)[- ]past(?:e|ing)",
                 r"copy[- ]past(?:e|ing)", r"data entry", r"busy ?work", r"tedious",
                 r"repetitive", r"time[- ]consuming", r"took ages",
                 r"takes? (?:forever|ages|hours|days)",
                 r"(?:spend|spent|spending|waste|wasting|takes?|took|lose|losing|burn|burning) "
                 r"(?:\w+ ){0,3}hours",
                 r"spreadsheet hell", r"vlookups?", r"re-?typ(?:e|ing)", r"too much effort",
                 r"(?:a lot of|so much) (?:effort|clicking|typing|work)"),
            _any(r"spreadsheets?", r"excel", r"google sheets?", r"automat(?:e|ed|ion)",
                 r"effort", r"export(?:s|ing)?", r"csvs?", r"upload(?:s|ing)?", r"workaround"),
        ),
        Category(
            "reporting", "Reporting",
            "Cannot see or report what happens: dashboards, attribution, metrics, board decks.",
            _any(r"(?:no|zero|little|poor) (?:visibility|insight|reporting|attribution)",
                 r"can'?t (?:see|report|tell|measure|prove|attribute) (?:what|which|how|where"
                 r"|whether|if|the (?:pipeline|numbers|data|impact|roi|results|funnel))",
                 r"(?:building|build|pull|pulling|put together|putting together) (?:the )?"
                 r"(?:reports?|board decks?|dashboards?)",
                 r"reporting (?:is|was) (?:a )?(?:mess|nightmare|pain|manual|broken)",
                 r"(?:reports?|reporting|numbers|dashboards?|attribution) (?:is|are|was|were) "
                 r"(?:\w+ )?(?:off|wrong|inaccurate|unreliable|broken)",
                 r"attribution (?:is|was) (?:a )?(?:mess|nightmare|guess|broken|impossible)"),
            _any(r"reports?", r"reporting", r"dashboards?", r"attribution", r"metrics?",
                 r"kpis?", r"analytics", r"visibility", r"insights?", r"board decks?", r"qbrs?",
                 r"visuali[sz]ations?", r"summari[sz]e"),
        ),
        Category(
            "compliance", "Compliance",
            "Privacy, security and regulatory rules that limit what data and tools can be used.",
            _any(r"gdpr", r"ccpa", r"hipaa", r"soc ?2", r"iso ?27001", r"tcpa", r"can-spam",
                 r"do[- ]not[- ]call", r"pii", r"phi", r"data residency", r"consent",
                 r"regulat(?:ed|ory|ions?|ors?)", r"complian(?:ce|t)", r"audit(?:s|ors?)?",
                 r"legal (?:review|won'?t|says?)", r"security (?:review|team|questionnaire)s?",
                 r"infosec", r"(?:privacy|security) (?:concerns?|issues?|rules?|reasons?)"),
            _any(r"privacy", r"security", r"legal", r"sensitive", r"confidential", r"on-?prem"),
        ),
    )
}  # fmt: skip
OTHER = "other"
CATEGORY_KEYS: tuple[str, ...] = (*TAXONOMY, OTHER)

PAIN_CUE = _any(
    r"problems?", r"issues?", r"pain(?:ful| points?)?", r"struggl\w*", r"challeng\w*", r"hard",
    r"difficult\w*", r"frustrat\w*", r"annoy\w*", r"hate", r"broken", r"mess(?:y)?", r"waste\w*",
    r"slow", r"behind", r"miss(?:ed|es|ing)?", r"los(?:e|ing)", r"wrong", r"bad", r"terrible",
    r"awful", r"nightmare", r"headaches?", r"bottlenecks?", r"sucks?", r"worst", r"errors?",
    r"mistakes?", r"can'?t", r"cannot", r"couldn'?t", r"unable", r"no way", r"don'?t trust",
    r"lack(?:s|ing)?", r"not enough", r"too (?:many|much|long)", r"always have to", r"stuck",
    r"blind", r"overwhelm\w*", r"confus\w*", r"scar(?:y|ed)", r"intimidat\w*", r"hours",
    r"forever", r"ages", r"risk(?:y|s)?", r"crash\w*", r"fail\w*", r"friction", r"ignores?",
    r"limit(?:ed|ation|ations)", r"no (?:one|good|real|single|easy)", r"stress\w*",
    r"embarrass\w*", r"short of", r"complain\w*", r"fight(?:s|ing)?", r"nobody",
)  # fmt: skip
STRONG_PAIN = _any(
    r"frustrat\w*", r"struggl\w*", r"nightmare", r"headaches?", r"pain ?points?",
    r"(?:biggest|main|real|major) (?:problem|issue|challenge|pain)", r"hate", r"drives? me crazy",
    r"waste of time", r"bottlenecks?", r"annoying", r"painful", r"sucks?", r"overwhelm\w*",
    r"burn(?:t|ed) out", r"stressful", r"exhausting", r"too many options", r"embarrass\w*",
)  # fmt: skip
CRITICAL = _any(
    r"biggest", r"number one", r"#1", r"no\.? ?1", r"top (?:priority|problem|issue|pain)",
    r"critical", r"urgent(?:ly)?", r"killing (?:us|me|our)", r"nightmare", r"disaster",
    r"desperate(?:ly)?", r"deal[- ]?breaker", r"unsustainable", r"blocker", r"blocking us",
    r"(?:losing|lost|lose|costing us|cost us) (?:[\w%]+ ){0,3}"
    r"(?:deals?|money|revenue|customers?|clients?|leads|inbound|pipeline|\$[\d,.]+\w*)",
    r"on fire", r"keeps? me up at night", r"must (?:fix|solve|have)", r"huge", r"massive",
    r"major", r"hate", r"(?:completely|totally|fundamentally) broken",
    r"can'?t (?:live with|keep|continue|scale|grow|go on)",
    r"every single (?:day|week|time)", r"drowning", r"wanted to die",
    r"(?:so|really|extremely) (?:frustrat\w*|painful)",
)  # fmt: skip
NICE = _any(
    r"nice[- ]to[- ]have", r"would be nice", r"could be nice", r"not a (?:big|huge) deal",
    r"minor", r"small (?:thing|issue|annoyance|problem)", r"slight(?:ly)?", r"eventually",
    r"some ?day", r"low priority", r"not (?:urgent|a priority|a top priority|pressing)",
    r"wish ?list", r"if we had time", r"could be better", r"mild(?:ly)?", r"can wait",
    r"(?:a (?:little|bit)|kind of|sort of) (?:annoying|slow|clunky|manual|messy)",
    r"next (?:year|quarter)'?s (?:problem|priority|project)", r"later problem",
)  # fmt: skip
PRIORITY_CUE = _any(
    r"nice[- ]to[- ]have", r"would be nice", r"not a (?:big|huge) deal", r"low priority",
    r"not (?:urgent|a priority|a top priority|pressing)", r"can wait", r"wish ?list",
    r"next (?:year|quarter)'?s (?:problem|priority|project)", r"minor (?:issue|problem|thing)",
)  # fmt: skip
"""Saying how much a need matters makes a topic word a (nice-to-have) pain."""
NEGATED = _any(
    r"(?:no|not (?:really |actually )?an?|never (?:been )?an?|(?:isn|aren|wasn)'?t (?:really )?an?"
    r"|without any) (?:real |big |major )?(?:problems?|issues?|pain|challenges?|complaints?)",
    r"works? (?:fine|great|well)", r"(?:is|are) (?:fine|solid|great)", r"happy with",
    r"(?:have|has|got) (?:it|that) (?:solved|handled|covered)",
    r"never (?:had|have) (?:an? )?(?:problem|issue)",
)  # fmt: skip
