"""Scoring contacts against one ICP and the store: shared by `icp leads` and `icp serve`."""

from __future__ import annotations

from typing import Any

from agent.icp import ICP
from agent.leads.account_fit import AccountDirectory, AccountFit
from agent.leads.committee import Coverage, committee_adjustment, stored_coverage
from agent.leads.contacts import Contact
from agent.leads.lead_score import score_lead
from agent.leads.persona_match import PersonaMatch, match_persona
from agent.leads.titles import ParsedTitle, parse_title
from store.db import Store


def contact_key(contact: Contact) -> str | None:
    """Return the key a contact is stored under: its e-mail, else name and title at a domain."""
    if contact.email and "@" in contact.email:
        return contact.email.strip().lower()
    if contact.name and contact.domain:
        return f"{contact.domain}|{contact.name.lower()}|{contact.title.lower()}"
    return None


class LeadScorer:
    """Scores contacts: persona, account fit, engagement, buying committee, route."""

    def __init__(self, store: Store, icp: ICP):
        self.store = store
        self.icp = icp
        self.accounts = AccountDirectory(store, icp)
        self._stored_coverage: dict[str, Coverage] = {}
        self._personas: dict[str, tuple[ParsedTitle, PersonaMatch]] = {}
        self._committees: dict[str, tuple[float, str]] = {}

    def resolve(self, contact: Contact) -> None:
        """Fill `contact.domain` from the company name when e-mail and website gave none."""
        if contact.domain is None and contact.company:
            domain = self.accounts.domain_for_name(contact.company)
            if domain is not None:
                contact.domain = domain
                contact.notes.append(
                    f'company {domain}: the stored account named "{contact.company}"'
                )
            else:
                contact.notes.append(
                    f'company "{contact.company}" matches no stored account by name'
                )

    def persona(self, contact: Contact) -> tuple[ParsedTitle, PersonaMatch]:
        """Return the parsed title and the persona match of a contact."""
        found = self._personas.get(contact.title)
        if found is None:
            title = parse_title(contact.title)
            found = (title, match_persona(title, self.icp.personas))
            if len(self._personas) < 100_000:  # titles repeat; the cache stays bounded
                self._personas[contact.title] = found
        return found

    def coverage(self, domain: str, extra: Coverage | None = None) -> Coverage:
        """Return the personas covered at an account: stored people and contacts, plus `extra`."""
        stored = self._stored_coverage.get(domain)
        if stored is None:
            stored = self._stored_coverage[domain] = stored_coverage(self.store, self.icp, domain)
        merged = Coverage({name: list(people) for name, people in stored.covered.items()})
        for name, people in (extra.covered if extra else {}).items():
            for who in people:
                merged.add(name, who)
        return merged

    def score(self, contact: Contact, file_coverage: Coverage | None = None) -> dict[str, Any]:
        """Return the leads.jsonl object of one contact (`resolve` it first)."""
        title, match = self.persona(contact)
        fit: AccountFit | None = None
        committee = None
        if contact.domain is not None:
            fit = self.accounts.fit(contact.domain)
            if fit.known and file_coverage is not None:
                # a file's coverage already holds every contact of the account: one per account
                committee = self._committees.get(contact.domain)
                if committee is None:
                    coverage = self.coverage(contact.domain, file_coverage)
                    committee = committee_adjustment(self.icp, coverage)
                    self._committees[contact.domain] = committee
            elif fit.known:
                extra = Coverage()
                if match.persona is not None:
                    extra.add(match.persona.name, contact.name or contact.email or "this contact")
                committee = committee_adjustment(self.icp, self.coverage(contact.domain, extra))
        return score_lead(self.icp, contact, title, match, fit, committee)
