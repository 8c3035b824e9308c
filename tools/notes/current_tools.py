"""Current tools and workarounds a customer names: products, spreadsheets, manual processes.

Products are matched by name (`TOOLS`, the product's usual spelling; names that are also common
words — "Outreach", "Notion", "Slack" — only with their capitalization); workarounds by the
words for them (`WORKAROUNDS`: spreadsheets, manual process, pen and paper, email, in-house
scripts ...). A product after "used to", "dropped", "switched from" ... is `former`; after
"evaluated", "tried", "looked at" ... `evaluated`. Under a
"Current solution"/"Stack" heading a short line that names nothing known is a workaround too.
"""

from __future__ import annotations

import re

from tools.notes.sentences import phrase_around


def pattern_table(rows: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    """Compile (label, regex) rows as whole-word, case-insensitive patterns."""
    return [(label, re.compile(rf"(?<![\w-])(?:{p})(?![\w])", re.I)) for label, p in rows]


# (canonical name, pattern); (?-i:...) keeps the capitalization of names that are also words.
TOOLS = pattern_table([
    ("Salesforce", r"salesforce|sfdc"), ("HubSpot", r"hubspot"), ("Pipedrive", r"pipedrive"),
    ("Zoho CRM", r"zoho(?: crm)?"), ("Microsoft Dynamics", r"(?:ms |microsoft )?dynamics(?: 365)?"),
    ("Outreach", r"(?-i:Outreach)|outreach\.io"), ("Salesloft", r"salesloft"),
    ("Apollo", r"(?-i:Apollo)|apollo\.io"), ("ZoomInfo", r"zoominfo|zoom info"),
    ("Clearbit", r"clearbit"), ("Lusha", r"lusha"), ("Cognism", r"cognism"),
    ("LinkedIn Sales Navigator", r"sales nav(?:igator)?"), ("LinkedIn", r"linkedin(?! sales nav)"),
    ("Gong", r"(?-i:Gong)|gong\.io"), ("Chorus", r"(?-i:Chorus)"), ("Clari", r"(?-i:Clari)"),
    ("6sense", r"6sense"), ("Demandbase", r"demandbase"), ("Marketo", r"marketo"),
    ("Pardot", r"pardot"), ("Mailchimp", r"mailchimp"), ("Intercom", r"intercom"),
    ("Drift", r"(?-i:Drift)"), ("Zendesk", r"zendesk"), ("LeanData", r"leandata|lean data"),
    ("Chili Piper", r"chili ?piper"), ("Calendly", r"calendly"), ("Zapier", r"zapier"),
    ("Workato", r"workato"), ("Segment", r"(?-i:Segment)"), ("Snowflake", r"snowflake"),
    ("BigQuery", r"big ?query"), ("Redshift", r"redshift"), ("Databricks", r"databricks"),
    ("dbt", r"(?-i:dbt)"), ("Fivetran", r"fivetran"), ("Looker", r"looker"),
    ("Tableau", r"tableau"), ("Power BI", r"power ?bi"), ("Metabase", r"metabase"),
    ("Excel", r"(?:microsoft |ms )?excel"), ("Google Sheets", r"google sheets?|gsheets?"),
    ("Airtable", r"airtable"), ("Notion", r"(?-i:Notion)"), ("Confluence", r"confluence"),
    ("Jira", r"jira"), ("Asana", r"asana"), ("Trello", r"trello"), ("monday.com", r"monday\.com"),
    ("ClickUp", r"clickup"), ("Slack", r"(?-i:Slack)"),
    ("Microsoft Teams", r"(?:ms |microsoft )teams"),
    ("Zoom", r"(?-i:Zoom)(?! ?info)"), ("Google Calendar", r"google calendar|gcal"),
    ("Outlook", r"outlook"), ("Gmail", r"gmail"), ("Todoist", r"todoist"),
    ("ChatGPT", r"chat ?gpt"), ("Claude", r"(?-i:Claude)"), ("Copilot", r"copilot"),
    ("Google Drive", r"google drive"), ("Dropbox", r"dropbox"), ("SharePoint", r"sharepoint"),
    ("GitHub", r"github"), ("Google Colab", r"(?:google )?colab"), ("Jupyter", r"jupyter"),
    ("Python", r"(?-i:Python)|python"), ("SQL", r"(?-i:SQL)"), ("R", r"(?-i:R ?studio)"),
    ("SPSS", r"spss"), ("Stata", r"(?-i:Stata)"), ("NVivo", r"nvivo"), ("Qualtrics", r"qualtrics"),
    ("SurveyMonkey", r"survey ?monkey"), ("Typeform", r"typeform"), ("Mentimeter", r"mentimeter"),
    ("Microsoft Word", r"(?:microsoft |ms )word"),
    ("Microsoft Office", r"(?:microsoft |ms )office|office 365"),
    ("PowerPoint", r"powerpoint"), ("QuickBooks", r"quickbooks"), ("NetSuite", r"netsuite"),
    ("Xero", r"(?-i:Xero)"), ("Stripe", r"(?-i:Stripe)"), ("Shopify", r"shopify"),
    ("Workday", r"workday"), ("DocuSign", r"docusign"), ("PandaDoc", r"pandadoc"),
    ("Instagram", r"instagram|(?-i:IG)"), ("TikTok", r"tiktok"), ("Eventbrite", r"eventbrite"),
    ("Google Maps", r"google maps"), ("Yelp", r"yelp"), ("WhatsApp", r"whatsapp"),
    ("Discord", r"discord"), ("Reddit", r"reddit"),
])  # fmt: skip
WORKAROUNDS = pattern_table([
    ("spreadsheets", r"spreadsheets?|workbooks?|master trackers?"),
    ("manual process", r"manual(?:ly)?|by hand"),
    ("copy and paste", r"copy(?:ing)?[- ](?:and|&|n)[- ]past(?:e|ing)|copy[- ]past(?:e|ing)"),
    ("pen and paper", r"pen and paper|on paper|paper notebooks?|notebooks?|sticky notes|"
                      r"post-its?|whiteboards?"),
    ("email",
        r"(?:via|over|by|through|use|using|send|sending|check|checking|in) e-?mails?|"
        r"e-?mail (?:threads?|chains?)|emailing|(?:shared |my |our )inbox(?:es)?"),
    ("text messages",
        r"texting|text messages?|texts? (?:my |our )?(?:friends|team|people|each other)|"
        r"group chats?|imessage"),
    ("calendar", r"calendars?"), ("to-do list", r"to-?do lists?|todo lists?|checklists?"),
    ("in-house tool",
        r"in-house|homegrown|home-grown|internal tool|custom (?:script|tool|build)|"
        r"built our own|(?:python|sql) scripts?"),
    ("outsourced", r"agency|agencies|contractors?|freelancers?|outsourc\w+|virtual assistants?"),
    ("interns", r"(?:use|using|have|hire|hired|rely on|ask) (?:an? |our |some |the )?interns?"),
    ("AI tools", r"(?-i:AI|LLMs?|GPT)|(?<=through )ai|(?<=use )ai"),
    ("memory", r"from memory|in my head|in our heads|mental(?:ly)? (?:recall|notes?)|memori[sz]e"),
    ("Google search", r"googl(?:e|ing)(?! (?:sheets?|maps|calendar|drive|docs|colab))"),
    ("word of mouth",
        r"word of mouth|ask(?:ing)? (?:my |our )?(?:friends|colleagues|peers|around)"),
])  # fmt: skip
_TRIED = re.compile(
    r"\b(?:evaluated|evaluating|looked at|trialed|trialled|tried|demoed|piloted|considered)\b", re.I
)
_PAST = re.compile(
    r"\b(?:used to|previously|formerly|dropped|stopped using|switched (?:away )?from|"
    r"moved (?:off|away from)|got rid of|churned|cancel+ed|gave up)\b",
    re.I,
)
_TOOLS_SECTION = re.compile(
    r"current (?:solutions?|tools?|stack|process|setup|workflow)|(?:tech|tool|sales|martech|"
    r"data) stack|workarounds?|(?:tools|stack) (?:used|today)|how (?:they|we) do it today",
    re.I,
)


def _combined(table: list[tuple[str, re.Pattern[str]]]) -> re.Pattern[str]:
    """Return one alternation of a table's patterns (group `g<i>` = row i), for speed."""
    return re.compile("|".join(f"(?P<g{i}>{p.pattern})" for i, (_, p) in enumerate(table)), re.I)


_ANY_TOOL, _ANY_WORKAROUND = _combined(TOOLS), _combined(WORKAROUNDS)


def tool_signals(sentence: str, section: str = "") -> list[tuple[str, str]]:
    """Return the products and workarounds the customer says they use (or used)."""
    found: dict[str, str] = {}
    for match in _ANY_TOOL.finditer(sentence):
        name = TOOLS[int(str(match.lastgroup)[1:])][0]
        before = sentence[: match.start()]
        kind = (
            "former" if _PAST.search(before) else "evaluated" if _TRIED.search(before) else "tool"
        )
        found.setdefault(name, kind)
    for match in _ANY_WORKAROUND.finditer(sentence):
        found.setdefault(WORKAROUNDS[int(str(match.lastgroup)[1:])][0], "workaround")
    found_list = list(found.items())
    if not found_list and _TOOLS_SECTION.search(section) and len(sentence.split()) <= 12:
        found_list.append((phrase_around(sentence, (0, 0), 8), "workaround"))
    return found_list
