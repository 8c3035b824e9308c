"""robots.txt rules (RFC 9309) parsed with Protego, the parser Scrapy maintains.

Fetching stays in `tools.web.fetcher`; this module only turns a robots.txt response into rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

from tools.web.result import FetchErrorKind


@dataclass(frozen=True)
class RobotsRules:
    """What one origin's robots.txt allows; `parser` None means everything is allowed."""

    parser: Protego | None = None
    deny_all: bool = False
    reason: str = ""
    unreachable: FetchErrorKind | None = None
    """The fetch error ("network", "timeout") when the host did not answer at all."""

    def allows(self, url: str, user_agent: str) -> bool:
        """Return whether `user_agent` may fetch `url`."""
        if self.deny_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def delay(self, user_agent: str) -> float:
        """Return the seconds to wait between requests (Crawl-delay or Request-rate), or 0."""
        if self.parser is None:
            return 0.0
        seconds = float(self.parser.crawl_delay(user_agent) or 0.0)
        rate = self.parser.request_rate(user_agent)
        if rate is not None and rate.requests:
            seconds = max(seconds, rate.seconds / rate.requests)
        return seconds


ALLOW_ALL = RobotsRules(reason="no robots.txt")


def parse_robots(text: str) -> RobotsRules:
    """Parse the text of a robots.txt file."""
    return RobotsRules(parser=Protego.parse(text), reason="robots.txt")


def rules_from_response(status: int | None, text: str) -> RobotsRules:
    """Return the rules a robots.txt response implies (`status` None: it could not be fetched).

    RFC 9309: 2xx is parsed; other 4xx mean "no rules"; 5xx or an unreachable file mean
    "disallow everything" until it can be read. A 429 asks us to slow down, so it disallows too.
    """
    if status is not None and 200 <= status < 300:
        return parse_robots(text)
    if status is not None and 400 <= status < 500 and status != 429:
        return ALLOW_ALL
    shown = f"HTTP {status}" if status is not None else "unreachable"
    return RobotsRules(deny_all=True, reason=f"robots.txt unavailable ({shown})")
