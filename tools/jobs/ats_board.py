"""Which public ATS job board a company uses, read from links, iframes and embeds on its pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

from agent.models import AtsVendor
from tools.html import ParsedPage
from tools.jobs.board_vendors import HOST_PATTERN, MORE_VENDORS, board_page_url, vendor_token
from tools.regex_literals import RequiredTexts, ascii_lowered

_GREENHOUSE_BOARDS = frozenset({
    "boards.greenhouse.io", "job-boards.greenhouse.io", "boards.eu.greenhouse.io",
    "job-boards.eu.greenhouse.io",
})  # fmt: skip
_NOT_A_TOKEN = frozenset({
    "embed", "api", "j", "jobs", "v0", "v1", "job-board", "posting-api", "sr-jobs", "oneclick-ui",
    "widget", "apply", "assets", "static", "login", "search",
})  # fmt: skip
_WORKABLE_NON_ACCOUNTS = frozenset({"www", "apply", "jobs", "resources", "help", "careers", "api"})
_TOKEN = re.compile(r"^[\w][\w.\-/ ]{0,99}$")  # "/": Workday's tenant/site
_ATS_URL = re.compile(
    r"https?://[a-z0-9.-]*(?:greenhouse\.io|lever\.co|ashbyhq\.com|workable\.com"
    rf"|smartrecruiters\.com|{HOST_PATTERN})(?:[/?][^\s\"'<>\\)]*)?",
    re.I,
)
_ATS_URL_TEXTS = RequiredTexts.of(_ATS_URL.pattern)
# The host of every board `board_from_url` reads holds one of these (lower-case) texts, so the
# other links of a page (nearly all) are never split and parsed.
_BOARD_HOST_TEXT = re.compile(
    r"greenhouse\.io|lever\.co|ashbyhq\.com|workable\.com|smartrecruiters\.com"
    r"|myworkdayjobs\.com|jobs\.personio\.|rippling\.com|join\.com|jazz\.co|icims\.com"
    r"|recruitee\.com|teamtailor\.com|bamboohr\.com|applytojob\.com|breezy\.hr"
)
_URL_SPLIT_DROPS = str.maketrans("", "", "\t\r\n")  # urlsplit removes these first
# Job boards icp-agent does not read (no public GET API); named in notes so people can look.
_UNSUPPORTED = {
    "taleo.net": "Taleo", "successfactors.com": "SuccessFactors",
    "successfactors.eu": "SuccessFactors", "jobvite.com": "Jobvite",
    "pinpointhq.com": "Pinpoint", "welcomekit.co": "Welcome to the Jungle",
}  # fmt: skip
# An embed is the strongest sign; a link is good; a URL somewhere in the source is weakest.
_WEIGHT_EMBED, _WEIGHT_LINK, _WEIGHT_SOURCE = 3, 2, 1


@dataclass(frozen=True)
class AtsBoard:
    """A vendor job board: vendor, board token and where the company's pages pointed to it."""

    vendor: AtsVendor
    token: str
    found_on: str = ""
    region: str = ""
    """"eu" for Lever's EU instance, whose API lives on its own host; Workday's instance
    ("wd5"); Personio's domain ("de" or "com")."""

    @property
    def has_lean_variant(self) -> bool:
        """Whether the API has a variant without descriptions to fall back to."""
        return self.vendor in ("greenhouse", "workable")

    def api_url(self, *, offset: int = 0, lean: bool = False) -> str:
        """Return the vendor's public JSON API URL of this board (`lean`: no descriptions)."""
        token = quote(self.token, safe="")
        if self.vendor == "greenhouse":
            query = "" if lean else "?content=true"
            return f"https://boards-api.greenhouse.io/v1/boards/{token}/jobs{query}"
        if self.vendor == "lever":
            host = "api.eu.lever.co" if self.region == "eu" else "api.lever.co"
            return f"https://{host}/v0/postings/{token}?mode=json"
        if self.vendor == "ashby":
            return f"https://api.ashbyhq.com/posting-api/job-board/{token}?includeCompensation=true"
        if self.vendor == "workable":
            query = "" if lean else "?details=true"
            return f"https://apply.workable.com/api/v1/widget/accounts/{token}{query}"
        return f"https://api.smartrecruiters.com/v1/companies/{token}/postings?limit=100&offset={offset}"

    def detail_url(self, posting_id: str) -> str:
        """Return the SmartRecruiters API URL of one posting (the list omits the job ad)."""
        token, posting = quote(self.token, safe=""), quote(posting_id, safe="")
        return f"https://api.smartrecruiters.com/v1/companies/{token}/postings/{posting}"

    @property
    def board_url(self) -> str:
        """Return the human-facing board page."""
        if self.vendor in MORE_VENDORS:
            return board_page_url(self.vendor, self.token, self.region)
        token = quote(self.token, safe="")
        return {
            "greenhouse": f"https://job-boards.greenhouse.io/{token}",
            "lever": f"https://jobs{'.eu' if self.region == 'eu' else ''}.lever.co/{token}",
            "ashby": f"https://jobs.ashbyhq.com/{token}",
            "workable": f"https://apply.workable.com/{token}/",
            "smartrecruiters": f"https://careers.smartrecruiters.com/{token}",
        }.get(self.vendor, "")

    def describe(self) -> str:
        """Return a short human label, e.g. "greenhouse board 'acme'"."""
        return f"{self.vendor} board '{self.token}'"


def _segments(path: str) -> list[str]:
    return [unquote(s) for s in path.split("/") if s]


def _after(segments: list[str], prefix: list[str]) -> str | None:
    n = len(prefix)
    lowered = [s.lower() for s in segments[:n]]
    return segments[n] if lowered == prefix and len(segments) > n else None


def _vendor_token(host: str, segments: list[str], query: dict[str, list[str]]) -> tuple:
    first = segments[0] if segments else None
    if host in _GREENHOUSE_BOARDS:
        if first == "embed":
            return "greenhouse", next(iter(query.get("for") or []), None), ""
        return "greenhouse", first, ""
    if host in ("boards-api.greenhouse.io", "api.greenhouse.io"):
        return "greenhouse", _after(segments, ["v1", "boards"]), ""
    if host in ("jobs.lever.co", "jobs.eu.lever.co"):
        return "lever", first, "eu" if ".eu." in host else ""
    if host in ("api.lever.co", "api.eu.lever.co"):
        return "lever", _after(segments, ["v0", "postings"]), "eu" if ".eu." in host else ""
    if host == "jobs.ashbyhq.com":
        return "ashby", first, ""
    if host == "api.ashbyhq.com":
        return "ashby", _after(segments, ["posting-api", "job-board"]), ""
    if host == "apply.workable.com":
        token = (
            _after(segments, ["api", "v1", "widget", "accounts"])
            or _after(segments, ["api", "v3", "accounts"])
            or _after(segments, ["api", "v1", "accounts"])
        )
        return "workable", token or first, ""
    if host.endswith(".workable.com") and host.count(".") == 2:
        account = host.split(".")[0]
        return "workable", None if account in _WORKABLE_NON_ACCOUNTS else account, ""
    if host in ("careers.smartrecruiters.com", "jobs.smartrecruiters.com"):
        return "smartrecruiters", first, ""
    if host == "api.smartrecruiters.com":
        return "smartrecruiters", _after(segments, ["v1", "companies"]), ""
    return vendor_token(host, segments)


def board_from_url(url: str, found_on: str = "") -> AtsBoard | None:
    """Return the ATS board a URL points to (board page, job page, embed or API), else None."""
    if not _BOARD_HOST_TEXT.search(url.lower().translate(_URL_SPLIT_DROPS)):
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    vendor, token, region = _vendor_token(host, _segments(parts.path), parse_qs(parts.query))
    if not vendor or not token or token.lower() in _NOT_A_TOKEN or not _TOKEN.match(token):
        return None
    return AtsBoard(vendor=vendor, token=token.strip(), found_on=found_on, region=region)


def _references(page: ParsedPage) -> list[tuple[str, int]]:
    refs = [(url, _WEIGHT_EMBED) for url in page.iframe_srcs + page.script_srcs]
    refs += [(link.url, _WEIGHT_LINK) for link in page.links]
    # Inline scripts and data attributes, sometimes JSON-escaped ("https:\/\/jobs.lever.co\/x").
    if not _may_name_a_board(page.source):
        return refs  # most pages name no board host: the regex would scan them for nothing
    source = page.source.replace("\\/", "/")
    refs += [(m.group(0).replace("&amp;", "&"), _WEIGHT_SOURCE) for m in _ATS_URL.finditer(source)]
    return refs


def _may_name_a_board(source: str) -> bool:
    """Whether the source, JSON slashes unescaped and lower-cased, holds a board URL's texts."""
    lowered = ascii_lowered(source) if _ATS_URL_TEXTS.ascii else None
    if lowered is None:
        return _ATS_URL_TEXTS.may_occur_in(source.replace("\\/", "/").lower())
    return _ATS_URL_TEXTS.may_occur_in_bytes(lowered.replace(b"\\/", b"/"))


def detect_ats(pages: list[ParsedPage]) -> AtsBoard | None:
    """Return the job board the pages point to most strongly (embeds > links > mentions)."""
    scores: dict[tuple[str, str, str], int] = {}
    boards: dict[tuple[str, str, str], AtsBoard] = {}
    for page in pages:
        for url, weight in _references(page):
            board = board_from_url(url, found_on=page.url)
            if board is None:
                continue
            key = (board.vendor, board.token.lower(), board.region)
            boards.setdefault(key, board)
            scores[key] = scores.get(key, 0) + weight
    if not scores:
        return None
    best = max(scores, key=lambda key: scores[key])  # first seen wins a tie
    return boards[best]


def unsupported_board(pages: list[ParsedPage]) -> tuple[str, str] | None:
    """Return (vendor, URL) of a job board on a platform icp-agent does not read, if linked."""
    for page in pages:
        for url in [link.url for link in page.links] + page.iframe_srcs + page.script_srcs:
            host = (urlsplit(url).hostname or "").lower()
            for suffix, vendor in _UNSUPPORTED.items():
                if host == suffix or host.endswith("." + suffix):
                    return vendor, url
    return None
