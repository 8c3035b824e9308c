"""Job-title rules: which function a role belongs to and how senior it is.

Rules are ordered and the first that matches wins. They are applied to the title's leading
segment first ("Data Scientist" in "Data Scientist - Sales") so that a qualifier after a
separator never overrides the role itself, then to the whole title ("Director, Sales
Development"). Sales development is deliberately narrow: only reps whose job is prospecting
(SDR, BDR, ADR, "Business Development Representative") and the people who lead them.
"""

from __future__ import annotations

import re

from agent.models import JobFunction

SENIORITY_LEVELS: tuple[str, ...] = (
    "intern", "entry", "mid", "senior", "lead", "manager", "director", "vp", "executive",
)  # fmt: skip
LEADERSHIP_LEVELS = frozenset({"lead", "manager", "director", "vp", "executive"})

_SEGMENT_SPLIT = re.compile(r"\s+[-–—|]\s*|\s*[,(:;/]\s*|\s+[-–—]\s+")

_SDR_ROLE = r"(?:rep|reps|representative|representatives|associate|specialist|executive)"
_SALES_DEVELOPMENT = re.compile(
    rf"\b(?:sdrs?|bdrs?|adrs?|ldrs?)\b|\bsales development\b|\bbusiness development {_SDR_ROLE}\b"
    rf"|\b(?:account|market|lead|pipeline) development {_SDR_ROLE}\b"
    r"|\b(?:outbound|inbound) (?:sales )?(?:rep|reps|representative|sdr|bdr)\b"
    r"|\bdemand generation (?:rep|representative)\b|\bprospecting (?:rep|representative)\b",
    re.I,
)
# "Business Developer (SDR)": an acronym in brackets says what the role really is.
_SDR_IN_BRACKETS = re.compile(r"\((?:sdr|bdr|adr)s?\b[^)]*\)", re.I)
# "SDR" is also a software-defined radio: never a sales role next to engineering words.
_SDR_FALSE_FRIEND = re.compile(r"\b(?:engineer|engineering|firmware|radio|rf)\b", re.I)
_NOT_A_SELLER = re.compile(
    r"\b(?:sales|solutions?|pre-?sales|customer|field)\s+"
    r"(?:engineer|engineering|architect|consultant)s?\b"
    r"|\b(?:sales|revenue|gtm|business) (?:operations|ops|enablement|analyst|analytics)\b"
    r"|\bpartnerships?\b|\bpartner manager\b|\balliances?\b|\bchannel\b",
    re.I,
)
_ACCOUNT_EXECUTIVE = re.compile(
    r"\baccount exec(?:utive)?s?\b|\baes?\b|\bsales exec(?:utive)?s?\b"
    r"|\bkey account manager\b|\bnew business (?:manager|executive|sales)\b"
    r"|\bbusiness development (?:manager|executive|director|lead)\b|\bbusiness developers?\b"
    r"|\b(?:enterprise|commercial|mid-?market|strategic|inside|outside|field|regional|territory"
    r"|area|national|global) sales\b"
    r"|\bsales (?:rep|reps|representative|representatives|manager|director|lead|leader|head"
    r"|consultant|specialist|associate)\b"
    r"|\b(?:head|vp|vice president|director|svp|evp|chief) (?:of )?(?:global )?sales\b"
    r"|\bchief revenue officer\b|\bcro\b",
    re.I,
)
_CUSTOMER_SUCCESS = re.compile(
    r"\b(?:customer|client) (?:success|experience|support|service|care|onboarding)\b|\bcsms?\b"
    r"|\b(?:technical )?account manag(?:er|ers|ement)\b|\brenewals?\b|\bonboarding\b"
    r"|\bimplementation (?:specialist|manager|consultant|engineer|lead)\b"
    r"|\b(?:technical|product|tech) support\b|\bprofessional services\b"
    r"|(?<!\bit )\bsupport (?:engineer|engineering|specialist|agent|analyst|representative"
    r"|associate|manager|lead|team)\b|\bhelp ?desk\b",
    re.I,
)
_MARKETING = re.compile(
    r"\bmarketing\b|\bmarketer\b|\bdemand gen(?:eration)?\b|\bgrowth (?:manager|lead|marketer)\b"
    r"|\bcontent (?:writer|strategist|manager|marketing|designer|lead)\b|\bcopywriter\b"
    r"|\bseo\b|\bsem\b|\bppc\b|\bbrand\b|\bcommunications\b|\bpublic relations\b|\bpr manager\b"
    r"|\bsocial media\b|\bcommunity manager\b|\bevents? (?:manager|marketing|coordinator)\b"
    r"|\bdeveloper (?:relations|advocate|evangelist|advocacy)\b|\bdevrel\b|\bevangelist\b"
    r"|\bcmo\b|\bchief marketing officer\b|\blifecycle\b|\bcampaign manager\b",
    re.I,
)
_ENGINEERING = re.compile(
    r"\bengineer(?:s|ing)?\b|(?<!business )\bdevelopers?\b|\bd[ée]veloppeur|\bprogrammer\b"
    r"|\bdevops\b|\bsre\b"
    r"|\bsite reliability\b|\bqa\b|\bquality assurance\b|\btest automation\b|\bsdet\b"
    r"|\b(?:software|data|cloud|systems?|enterprise|technical) architect\b"
    r"|\bmachine learning\b|\bml\b|\bai (?:researcher|scientist)\b|\bdata scien(?:ce|tists?)\b"
    r"|\b(?:computer|applied|ml|ai|deep learning|computer vision|nlp)"
    r"(?:/[a-z ]+)? scientists?\b"
    r"|\bmember of (?:the )?technical staff\b|\bcto\b|\bchief technology officer\b"
    r"|\b(?:ios|android|front-?end|back-?end|full[- ]?stack|firmware|embedded)\b|\btech lead\b",
    re.I,
)
_FUNCTION_RULES: tuple[tuple[JobFunction | None, re.Pattern[str]], ...] = (
    ("sales_development", _SALES_DEVELOPMENT),
    (None, _NOT_A_SELLER),  # sales engineers, ops and partnerships are "other", not sellers
    ("account_executive", _ACCOUNT_EXECUTIVE),
    ("customer_success", _CUSTOMER_SUCCESS),
    ("marketing", _MARKETING),
    ("engineering", _ENGINEERING),
)
_DEPARTMENT_HINTS: tuple[tuple[JobFunction, re.Pattern[str]], ...] = (
    ("engineering", re.compile(r"\b(?:engineering|r&d|research and development)\b", re.I)),
    ("marketing", re.compile(r"\bmarketing\b", re.I)),
    ("customer_success", re.compile(r"\b(?:customer success|customer support|support)\b", re.I)),
)

# "Manager" in these titles names the thing managed, not a team: they are individual roles.
_INDIVIDUAL_MANAGER = re.compile(
    r"\b(?:account|product|project|program|success|business development|community"
    r"|partners?(?:hips?)?"
    r"|territory|office|case|channel|category|brand|content|social media|campaign|events?"
    r"|relationship|portfolio|property|release|localization program) manager\b",
    re.I,
)
_SENIORITY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("executive", re.compile(
        r"\bchief\b|\bc[etfmorip]o\b|\bciso\b|(?<!vice )\bpresident\b|\bco-?founder\b", re.I)),
    ("vp", re.compile(r"\bvice president\b|\b[se]?vps?\b|\bavp\b", re.I)),
    ("director", re.compile(r"\bdirector\b|\bhead\b", re.I)),
    ("manager", re.compile(r"\bmanager\b|\bmgr\b|\bsupervisor\b", re.I)),
    ("lead", re.compile(
        r"\b(?:team|tech|technical) lead\b|\blead\b(?! (?:gen|generation|development|qualif))"
        r"|\blead$", re.I)),
    ("senior", re.compile(
        r"\bsenior\b|\bsr\b\.?|(?<!technical )\bstaff\b|\bprincipal\b|\bexpert\b"
        r"|(?-i:\b(?:III|IV|V)\b)|\blevel (?:[3-5]|iii|iv|v)\b|[a-z] [3-5](?=$|[\s,\-–(/])", re.I)),
    ("mid", re.compile(
        r"\bmid-?level\b|\bintermediate\b|\bII\b|\blevel (?:2|ii)\b|[a-z] 2(?=$|[\s,\-–(/])")),
    ("entry", re.compile(
        r"\bjunior\b|\bjr\b|\bentry[- ]level\b|\bgraduate\b|\bnew grad\b|\bcollege\b"
        r"|\bearly career\b|\bundergrad\b|^associate\b|(?-i:\bI\b)(?!/)|\blevel (?:1|i)\b"
        r"|[a-z] 1(?=$|[\s,\-–(/])", re.I)),
)
_SELLER_EXECUTIVE = re.compile(r"\b(?:account|sales) exec(?:utive)?s?\b", re.I)
_INTERN = re.compile(
    r"\bintern(?:s|ship)?\b|\bco-?op\b|\bapprentice(?:ship)?\b|\btrainee\b|\bworking student\b"
    r"|\bwerkstudent\w*|\bpraktikant\w*|\bpraktikum\b|\bstagiaire\b|\balternan(?:ce|t)\b",
    re.I,
)


def clean_title(title: str | None) -> str:
    """Collapse whitespace (incl. non-breaking spaces) in a job title."""
    return " ".join((title or "").split())


def _function_of(text: str) -> JobFunction | None:
    for function, pattern in _FUNCTION_RULES:
        if pattern.search(text):
            if function == "sales_development" and _SDR_FALSE_FRIEND.search(text):
                continue
            return function or "other"
    return None


def classify_function(title: str, department: str | None = None) -> JobFunction:
    """Return the function of a job title; the department only breaks ties for "other"."""
    title = clean_title(title)
    if _SDR_IN_BRACKETS.search(title) and not _SDR_FALSE_FRIEND.search(title):
        return "sales_development"
    lead_segment = _SEGMENT_SPLIT.split(title, maxsplit=1)[0]
    function = _function_of(lead_segment) or _function_of(title)
    if function is not None:
        return function
    for hinted, pattern in _DEPARTMENT_HINTS:
        if department and pattern.search(department):
            return hinted
    return "other"


def classify_seniority(title: str) -> str | None:
    """Return the seniority of a job title (intern ... executive), or None when unstated."""
    title = clean_title(title)
    if _INTERN.search(title) and not re.search(r"\b(?:manager|director|head)\b", title, re.I):
        return "intern"
    without_ic_manager = _INDIVIDUAL_MANAGER.sub(" ", title)
    without_ae = _SELLER_EXECUTIVE.sub(" ", without_ic_manager)
    for level, pattern in _SENIORITY_RULES:
        if pattern.search(without_ae):
            return level
    return None


def classify_title(title: str, department: str | None = None) -> tuple[JobFunction, str | None]:
    """Return (function, seniority) for a job title; seniority is None when unstated."""
    return classify_function(title, department), classify_seniority(title)


_ROLE_NOUN = re.compile(
    r"\b(?:engineer|developer|manager|representative|rep|executive|designer|analyst|scientist"
    r"|specialist|director|lead|head|officer|architect|consultant|coordinator|associate"
    r"|administrator|writer|recruiter|advocate|strategist|intern|accountant|counsel|marketer"
    r"|editor|researcher|technician|assistant|partner|sdr|bdr|ae|vp|president|producer"
    r"|operator|agent|owner|planner|controller|programmer|tester|nurse|driver)s?\b",
    re.I,
)
_NOT_A_TITLE = re.compile(
    r"\b(?:view|see|all|browse|apply|learn|read|more|open (?:roles|positions|jobs)|our team"
    r"|join us|careers?|benefits|life at|blog)\b",
    re.I,
)


def looks_like_job_title(text: str) -> bool:
    """Return whether a link text reads like a job title ("Senior Data Engineer")."""
    text = clean_title(text)
    words = text.split()
    if not 1 <= len(words) <= 12 or len(text) > 100:
        return False
    return bool(_ROLE_NOUN.search(text)) and not _NOT_A_TITLE.search(text)
