"""Which e-mail domains belong to companies: free-mail and disposable ones never do.

Disposable (throwaway) domains come from the maintained `disposable-email-domains` package;
free webmail providers (gmail.com, outlook.com, yahoo.com ...) from the documented list in
`agent/leads/data/free_mail_domains.txt`. A subdomain of a listed domain is listed too.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache

from disposable_email_domains import blocklist as _DISPOSABLE


@lru_cache(maxsize=1)
def free_mail_domains() -> frozenset[str]:
    """Return the free webmail domains of the bundled list."""
    text = importlib.resources.files("agent.leads").joinpath("data/free_mail_domains.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _listed(domain: str, listed: frozenset[str] | set[str]) -> bool:
    parts = domain.split(".")
    return any(".".join(parts[i:]) in listed for i in range(len(parts) - 1))


def personal_mail_kind(domain: str) -> str | None:
    """Return "free-mail" or "disposable" for a personal e-mail domain, else None."""
    if _listed(domain, free_mail_domains()):
        return "free-mail"
    if _listed(domain, _DISPOSABLE):
        return "disposable"
    return None
