"""Word tables for reading job titles: abbreviations, other languages, filler words.

All keys are lower-case and without accents (titles are folded the same way before lookup).
Phrases are replaced before single words, longest first, so "directeur general" becomes "ceo"
before "directeur" becomes "director".
"""

from __future__ import annotations

# Whole phrases (also other languages) rewritten to one English canonical phrase.
PHRASES: dict[str, str] = {
    # English spellings
    "vice president": "vp",
    "vice-president": "vp",
    "co founder": "cofounder",
    "co-founder": "cofounder",
    "chief of staff": "chiefofstaff",
    "r and d": "research development",
    "fp and a": "finance planning analysis",
    "go to market": "gtm",
    "go-to-market": "gtm",
    "pre sales": "presales",
    "pre-sales": "presales",
    "biz dev": "business development",
    "bizdev": "business development",
    # German
    "leiter vertrieb": "head of sales",
    "leiterin vertrieb": "head of sales",
    "leitung vertrieb": "head of sales",
    "vertriebsleiter": "head of sales",
    "vertriebsleiterin": "head of sales",
    "vertriebsdirektor": "sales director",
    "vertriebsmitarbeiter": "sales representative",
    "vertriebsmitarbeiterin": "sales representative",
    "geschaftsfuhrer": "managing director",
    "geschaftsfuhrerin": "managing director",
    "geschaftsfuhrung": "managing director",
    "vorstandsvorsitzender": "ceo",
    "vorstandsvorsitzende": "ceo",
    "marketingleiter": "head of marketing",
    "marketingleiterin": "head of marketing",
    "leiter marketing": "head of marketing",
    "personalleiter": "head of human resources",
    "leiter personal": "head of human resources",
    "einkaufsleiter": "head of procurement",
    "it leiter": "head of it",
    "softwareentwickler": "software developer",
    "softwareentwicklerin": "software developer",
    "teamleiter": "team lead",
    "teamleiterin": "team lead",
    "abteilungsleiter": "head",
    "abteilungsleiterin": "head",
    "bereichsleiter": "director",
    "bereichsleiterin": "director",
    # French
    "directeur general": "ceo",
    "directrice generale": "ceo",
    "president directeur general": "ceo",
    "directeur commercial": "sales director",
    "directrice commerciale": "sales director",
    "responsable commercial": "sales manager",
    "responsable commerciale": "sales manager",
    "ingenieur commercial": "account executive",
    "ingenieure commerciale": "account executive",
    "charge d affaires": "account executive",
    "chargee d affaires": "account executive",
    "attache commercial": "sales representative",
    "chef de projet": "project manager",
    "chef de produit": "product manager",
    "directeur marketing": "marketing director",
    "directrice marketing": "marketing director",
    "directeur technique": "cto",
    "directrice technique": "cto",
    "directeur financier": "cfo",
    "directrice financiere": "cfo",
    "directeur des systemes d information": "cio",
    "ressources humaines": "human resources",
    "developpement commercial": "business development",
    # Spanish and Italian
    "director comercial": "sales director",
    "directora comercial": "sales director",
    "gerente de ventas": "sales manager",
    "jefe de ventas": "head of sales",
    "director de ventas": "sales director",
    "direttore commerciale": "sales director",
    "responsabile commerciale": "sales manager",
}

# Single words (abbreviations and other languages) expanded to canonical English words.
WORDS: dict[str, str] = {
    "ceo": "chief executive officer",
    "cro": "chief revenue officer",
    "cto": "chief technology officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cmo": "chief marketing officer",
    "cio": "chief information officer",
    "ciso": "chief information security officer",
    "cso": "chief security officer",
    "cpo": "chief product officer",
    "cdo": "chief data officer",
    "chro": "chief human resources officer",
    "cco": "chief commercial officer",
    "svp": "senior vp",
    "evp": "executive vp",
    "avp": "associate vp",
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "mngr": "manager",
    "dir": "director",
    "gm": "general manager",
    "md": "managing director",
    "pdg": "ceo",
    "sdr": "sales development representative",
    "sdrs": "sales development representative",
    "bdr": "business development representative",
    "bdrs": "business development representative",
    "adr": "account development representative",
    "ae": "account executive",
    "csm": "customer success manager",
    "tam": "technical account manager",
    "revops": "revenue operations",
    "salesops": "sales operations",
    "ops": "operations",
    "mktg": "marketing",
    "hr": "human resources",
    "qa": "quality assurance",
    "ml": "machine learning",
    "bi": "business intelligence",
    "exec": "executive",
    "eng": "engineering",
    "acct": "account",
    "rep": "representative",
    "mgmt": "management",
    "intl": "international",
    "assoc": "associate",
    "asst": "assistant",
    "admin": "administrator",
    "dsi": "chief information officer",
    # German
    "leiter": "head",
    "leiterin": "head",
    "leitung": "head",
    "vertrieb": "sales",
    "vertriebs": "sales",
    "inhaber": "owner",
    "inhaberin": "owner",
    "grunder": "founder",
    "grunderin": "founder",
    "mitgrunder": "cofounder",
    "mitgrunderin": "cofounder",
    "entwickler": "developer",
    "entwicklerin": "developer",
    "ingenieur": "engineer",
    "ingenieurin": "engineer",
    "einkauf": "procurement",
    "finanzen": "finance",
    "buchhaltung": "accounting",
    "informatik": "it",
    "vorstand": "chief",
    "kundenservice": "customer service",
    # French
    "directeur": "director",
    "directrice": "director",
    "responsable": "manager",
    "chef": "head",
    "fondateur": "founder",
    "fondatrice": "founder",
    "cofondateur": "cofounder",
    "cofondatrice": "cofounder",
    "developpeur": "developer",
    "developpeuse": "developer",
    "ingenieure": "engineer",
    "ventes": "sales",
    "achats": "procurement",
    "informatique": "it",
    "juridique": "legal",
    "financier": "finance",
    "financiere": "finance",
    "adjoint": "deputy",
    "adjointe": "deputy",
    "presidente": "president",
    # Spanish and Italian
    "gerente": "manager",
    "jefe": "head",
    "ventas": "sales",
    "ingeniero": "engineer",
    "desarrollador": "developer",
    "direttore": "director",
    "vendite": "sales",
}

# "commercial(e)" means sales in French titles, but not in "Commercial Account Executive".
FRENCH_MARKERS = frozenset(
    {
        "directeur",
        "directrice",
        "responsable",
        "chef",
        "charge",
        "chargee",
        "attache",
        "attachee",
        "ingenieur",
        "ingenieure",
        "des",
        "du",
        "et",
    }
)
FRENCH_SALES = frozenset({"commercial", "commerciale", "commerciaux"})

STOP_WORDS = frozenset(
    "of the and for to at in on with a an de des du la le les et d der die das fur und y el en "
    "di del della".split()
)

# Scope words that do not change what a role is ("VP Global Sales" is a "VP Sales").
FILLER_WORDS = frozenset(
    "global worldwide international regional region emea apac amer americas na latam dach "
    "nordics benelux uk us usa europe european north south east west central america asia "
    "pacific group corporate national area country enterprise strategic inside field smb "
    "midmarket interim acting".split()
)

# Words that say how senior a role is; a persona pattern may put them first or last.
LEVEL_WORDS = frozenset(
    "vp director head manager chief officer lead leader president founder cofounder owner "
    "supervisor".split()
)
