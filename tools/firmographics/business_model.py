"""Business model from prose (en, de, fr): b2b, b2c, b2b2c or marketplace.

Signals, each scored per sentence: the words themselves ("B2B", "marketplace"); whom the
company sells to ("software for mid-market finance teams", "loans to manufacturers",
"serving shippers", "gives revenue teams", "we don't sell to consumers"); how it sells ("Book a
demo", "Contact sales", "$49/seat/mo" for businesses; "Add to cart", "Book your visit online",
"new patients welcome", "your kid" for consumers); and for a marketplace, two sides ("connects
families with tutors", "buyers and sellers"), matching ("we'll match you with three tutors")
and a take rate ("tutors set their own rates and keep 80% of every booking").
"""

from __future__ import annotations

import re

from agent.models import Field
from tools import regex_scan
from tools.firmographics.rule_evidence import rule_field, sentence_at

Candidate = tuple[str, Field]

_BUSINESS_AUDIENCE = (
    r"(?:businesses|enterprises|companies|teams|organi[sz]ations|firms|agencies|studios|"
    r"consultancies|startups|SMBs|SMEs|merchants|retailers|manufacturers|brands|clinics|"
    r"practices|contractors|trades|shippers|carriers|B2B|SDRs|reps|utilities|co-ops|"
    r"health ?care systems|health plans|payers|"
    r"cooperatives|municipalities|governments|public agencies|hospitals|health systems|insurers|"
    r"lenders|banks|credit unions|law firms|dealerships|distributors|wholesalers|suppliers|OEMs|"
    r"publishers|school districts|universities|restaurants|hotels|landlords|property managers|"
    r"employers|recruiters|developers|labs|laboratories|pharmacies|operators|fleets|"
    r"Unternehmen|Firmen|Betriebe|KMU|Mittelstand|Industriekunden|Geschäftskunden|Kommunen|"
    r"Stadtwerke|Behörden|Hersteller|Händler|entreprises|PME|ETI|professionnels|assureurs|"
    r"collectivités|banques|industriels|fabricants|distributeurs|commerçants|établissements|"
    r"empresas|pymes|negocios|compañías|comercios|aziende|imprese|PMI|bedrijven|ondernemingen|"
    r"organisaties|mkb|instituições|organizações|negócios)"
)
_ANY_WORDS = r"(?:[\w'’,-]+\s+)"
# Who supplies a marketplace's service, and the people and firms on either side of one.
_PROVIDER = (
    r"(?:tutors|teachers|coaches|mentors|sellers|vendors|hosts|drivers|freelancers|doctors|"
    r"therapists|caregivers|nannies|sitters|walkers|contractors|pros|professionals|tradespeople|"
    r"creators|experts|consultants|carriers|suppliers|cleaners|instructors|trainers|"
    r"electricians|plumbers|photographers|Handwerker|Babysitter|Lehrer|artisans|prestataires)"
)
_SIDE = (
    rf"(?:{_PROVIDER}|families|parents|students|learners|buyers|merchants|guests|travell?ers|"
    r"riders|passengers|clients|patients|homeowners|brands|influencers|shippers|landlords|"
    r"tenants|renters|owners|restaurants|diners|employers|candidates|job seekers|workers|"
    r"agencies|investors|farmers|growers|manufacturers|retailers|customers|companies|"
    r"businesses|Familien|Eltern|Käufer|Verkäufer|familles|acheteurs|vendeurs|particuliers)"
)
_MODEL_SIGNALS = [
    ("b2b2c", r"\bB2B2C\b|\bwhite[- ]label(?:ed)?\b[^.!?\n]{0,60}\b(?:your|their) "
              r"customers\b", 3.0),
    ("marketplace", r"\b(?:two-sided |online |B2B |global )?marketplace (?:for|that connects|"
                    r"connecting)\b|\b(?:is|are) (?:a|an|the) [^.!?\n]{0,40}marketplace\b"
                    r"|\bMarktplatz für\b|\bplace de marché\b", 3.0),
    ("marketplace", rf"\b(?:connects?|connecting|matches|matching|pairs|introduces|verbinde\w*|"
                    rf"vermittel\w*|met en relation)\s+{_ANY_WORDS}{{0,2}}{_SIDE}\s+(?:with|to|mit|"
                    # "connects businesses with their customers" is one side and its own clients
                    rf"an|avec)\s+(?!(?:their|its|your|our|ihren?|leurs?)\s){_ANY_WORDS}{{0,4}}"
                    rf"{_SIDE}\b"
                    rf"|\bmatch (?:you|your \w+) with\s+{_ANY_WORDS}{{0,3}}{_PROVIDER}\b"
                    r"|\bset (?:their|its) own (?:rates|prices|hours|schedules?|fees)\b"
                    r"|\bkeep \d{1,2} ?% of (?:every|each|the) (?:booking|sale|order|job|fare|"
                    r"session|rental)\b|\b(?:take|charge|takes|charges) (?:a|an|only a) \d{1,2}"
                    r" ?% (?:commission|fee|cut|service fee)\b"
                    r"|\b(?:buyers and sellers|sellers and buyers|hosts and guests|riders and "
                    r"drivers|drivers and riders|tenants and landlords|landlords and tenants)\b",
     2.0),
    ("b2b", r"\bB2B\b|\b(?:don't|do not|never|doesn't|does not) sell (?:directly )?to "
            r"(?:consumers|the public|individuals)\b|\b(?:wholesale|trade) only\b", 3.0),
    ("b2c", r"\bB2C\b", 3.0),
    ("b2b", rf"\b(?:for|built for|für|pour(?: les)?|para(?: las?| os| as)?|per(?: le| i)?|"
            rf"voor)\s+(?:(?:your|our|the|mid-market|small|"
            rf"medium|large|growing|[\w'’-]+)\s+){{0,3}}{_BUSINESS_AUDIENCE}\b"
            rf"|\btrusted by (?:(?:[\d,.]+\+?|the|leading|top|largest|world['’]s|[\w-]+)\s+){{0,3}}"
            rf"{_BUSINESS_AUDIENCE}\b"
            # "enterprise-grade security", "over 25% of the Fortune 100", "built for enterprise"
            r"|\benterprise-(?:grade|ready)\b|\bbuilt for (?:the )?enterprises?\b"
            r"|\bFortune (?:50|100|500|1000)\b"
            rf"|\b(?:helps?|serv(?:es|ing)|supports?|supporting|equips|powers|gives|lets|"
            rf"enables|empowers)\s+(?:(?:a|few|thousands?|hundreds?|of|[\d,.]+\+?|[\w'’-]+)\s+)"
            rf"{{0,4}}{_BUSINESS_AUDIENCE}\b"
            rf"|\b(?:provides?|providing|offers?|offering|sells?|selling|supplies|supplying|"
            rf"lends?|lending|delivers?|delivering)\b[^.!?\n]{{0,80}}?\bto\s+{_ANY_WORDS}{{0,4}}"
            rf"{_BUSINESS_AUDIENCE}\b"
            rf"|\bcustomers (?:are|include)\s+{_ANY_WORDS}{{0,3}}{_BUSINESS_AUDIENCE}\b"
            rf"|\b(?:[\d,.]+\+?|hundreds|thousands|dozens)\s+(?:of\s+)?{_ANY_WORDS}{{0,2}}"
            rf"{_BUSINESS_AUDIENCE}\b[^.!?\n]{{0,50}}\b(?:rely on|use|trust|choose|run on)\b"
            # call-to-action buttons are often glued to the next word ("Get a demoHow it works")
            r"|(?:book|request|schedule|get|see) (?:a|your) (?:free |personali[sz]ed |live |"
            r"custom )?demo|\bDemo (?:anfragen|vereinbaren)\b|\bdemander une démo\b|"
            r"\b(?:contact|talk to) (?:our )?sales\b|\btalk to an expert\b|"
            r"\b(?:solicita|solicitar|pide|richiedi|prenota|vraag|plan|agende|agendar|solicite)\s+"
            r"(?:una |een |uma )?(?:demo|demostración|dimostrazione|demonstração)\b|"
            r"\bper (?:employee|seat|user|rep|agent)\b|/(?:seat|user|rep|agent)/mo\b|"
            r"\benterprise customers\b|\b(?:supplier|Zulieferer|fournisseur) (?:to|for|der|de)\b",
     1.0),
    ("b2c", r"\b(?:for consumers|for individuals and families|download (?:the|our) app|"
            r"shop now|shop the|add to (?:cart|bag)|free (?:shipping|returns|delivery) on|"
            r"off your first order|in den Warenkorb|ajouter au panier|für Privatkunden|"
            r"livraison gratuite|kostenloser Versand|direct-to-consumer|para particulares|"
            r"per privati|voor particulieren|para consumidores|añadir al carrito|"
            r"aggiungi al carrello|in winkelwagen|adicionar ao carrinho|envío gratis|"
            r"spedizione gratuita|gratis verzending|frete grátis)\b"
            r"|\bbook (?:a|an|your) (?:\w+ )?(?:visit|appointment|session|consultation|class|"
            r"lesson|table|stay|treatment|cleaning|check-?up)\b"
            r"|\bnew patients (?:are )?(?:welcome|seen|accepted)\b"
            r"|\b(?:most )?insurance (?:plans )?accepted\b"
            r"|\b(?:sell|ship|deliver)s? (?:directly )?to (?:you|your door|consumers)\b"
            # not "benefits for you and your family" (careers pages) or "programs serving
            # children" (a school supplier)
            r"|\b(?:for|caring for|serving|helping)\s+(?:\w+\s+){0,2}(?:families|parents|"
            r"homeowners|consumers|pet owners)\b"
            r"|\byour (?:kid|kids|child|children|baby|toddler|pet|dog|cat)\b"
            # consumer apps: "free for personal use", "loved by 20 million people"
            r"|\b(?:free )?for personal use\b"
            r"|\b(?:loved|used|enjoyed|trusted) by (?:over |more than |nearly )?[\d.,]+\s?"
            r"(?:million|M|k|thousand)?\+? (?:people|individuals|families|parents|creators|"
            r"shoppers|travell?ers|students|listeners|players|gamers)\b", 1.0),
]  # fmt: skip
_MODEL_SPECIFICITY = ("b2c", "b2b", "marketplace", "b2b2c")
# "build apps for consumers": the customers' consumers, a business sells the tools to build them.
_THEIR_CUSTOMERS_WORDS = r"build|building|apps?|products?|experiences?|your|their|customer-facing"
_THEIR_CONSUMERS = re.compile(rf"\b(?:{_THEIR_CUSTOMERS_WORDS})\b[^.!?\n]{{0,30}}\Z", re.I)
# "we don't sell to consumers", "not for families": a negated consumer signal does not count.
_NEGATED = re.compile(r"\b(?:not|n't|never|no)\b[^.!?\n,;]{0,25}\Z", re.I)


def extract_business_model(text: str, url: str) -> list[Candidate]:
    """Score business-model signals; return the best model with its strongest sentence."""
    scores: dict[str, float] = {}
    best_quote: dict[str, tuple[float, str]] = {}
    for model, pattern, weight in _MODEL_SIGNALS:
        for match in regex_scan.finditer(pattern, text, re.I):
            before = text[max(0, match.start() - 40) : match.start()]
            audience = regex_scan.match(r"for|serving|helping|caring", match.group(0), re.I)
            if model == "b2c" and (
                _NEGATED.search(before) or (audience and _THEIR_CONSUMERS.search(before))
            ):
                continue
            sentence = sentence_at(text, match.start(), match.end())
            # a button or menu label alone on its line ("Book a demo", "For consumers") is a
            # weaker sign than a sentence: consumer apps have sales buttons, B2B APIs menus
            signal = weight / 2 if weight <= 1 and _alone_on_line(text, match) else weight
            scores[model] = scores.get(model, 0.0) + signal
            if weight > best_quote.get(model, (0.0, ""))[0]:
                best_quote[model] = (weight, sentence)
    if not scores:
        return []
    # On a tie the more specific model wins (b2b2c and marketplace are kinds of b2b/b2c); a tie
    # of b2b and b2c alone says nothing.
    model = max(scores, key=lambda m: (scores[m], _MODEL_SPECIFICITY.index(m)))
    if model == "b2b" and scores.get("b2c") == scores["b2b"]:
        return []
    weight = best_quote[model][0]
    confidence = 0.7 if weight >= 3 else 0.55 if weight >= 2 else 0.45
    return [("business_model", rule_field(model, url, best_quote[model][1], confidence))]


def _alone_on_line(text: str, match: re.Match[str]) -> bool:
    """Whether a match is all of its line but a few characters (a button, a menu item)."""
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    line = text[start : end if end >= 0 else len(text)]
    return len(line.strip(" \t:|·•-–—>→»")) <= len(match.group(0)) + 4
