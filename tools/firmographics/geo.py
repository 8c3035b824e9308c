"""Place names: countries (English, German, French names and ISO codes) and well-known cities.

Small hand-made tables, enough to turn "Berlin, Germany", "10117 Berlin, Deutschland",
"Paris, France" or "San Francisco, CA" into a city and an ISO 3166-1 alpha-2 code.
"""

from __future__ import annotations

import unicodedata

_COUNTRIES: dict[str, tuple[str, ...]] = {
    "US": ("united states", "united states of america", "usa", "u.s.", "u.s.a.", "us", "america",
           "vereinigte staaten", "états-unis", "etats-unis"),
    "GB": ("united kingdom", "uk", "u.k.", "great britain", "england", "scotland", "wales",
           "northern ireland", "vereinigtes königreich", "großbritannien", "royaume-uni",
           "angleterre"),
    "DE": ("germany", "deutschland", "allemagne"),
    "FR": ("france", "frankreich"),
    "AT": ("austria", "österreich", "autriche"),
    "CH": ("switzerland", "schweiz", "suisse"),
    "NL": ("netherlands", "the netherlands", "holland", "niederlande", "pays-bas", "nederland"),
    "BE": ("belgium", "belgien", "belgique"),
    "LU": ("luxembourg", "luxemburg"),
    "IE": ("ireland", "irland", "irlande"),
    "ES": ("spain", "spanien", "espagne", "españa"),
    "PT": ("portugal",),
    "IT": ("italy", "italien", "italie", "italia"),
    "SE": ("sweden", "schweden", "suède"),
    "NO": ("norway", "norwegen", "norvège"),
    "DK": ("denmark", "dänemark", "danemark"),
    "FI": ("finland", "finnland", "finlande"),
    "PL": ("poland", "polen", "pologne"),
    "CZ": ("czech republic", "czechia", "tschechien"),
    "EE": ("estonia", "estland"),
    "LT": ("lithuania", "litauen"),
    "GR": ("greece", "griechenland", "grèce"),
    "RO": ("romania", "rumänien", "roumanie"),
    "UA": ("ukraine",),
    "IL": ("israel", "israël"),
    "TR": ("turkey", "türkiye", "türkei", "turquie"),
    "AE": ("united arab emirates", "uae", "vereinigte arabische emirate"),
    "IN": ("india", "indien", "inde"),
    "CN": ("china", "chine"),
    "JP": ("japan", "japon"),
    "KR": ("south korea", "korea", "südkorea", "corée du sud"),
    "SG": ("singapore", "singapur", "singapour"),
    "HK": ("hong kong",),
    "AU": ("australia", "australien", "australie"),
    "NZ": ("new zealand", "neuseeland", "nouvelle-zélande"),
    "CA": ("canada", "kanada"),
    "MX": ("mexico", "mexiko", "mexique", "méxico"),
    "BR": ("brazil", "brasil", "brasilien", "brésil"),
    "AR": ("argentina", "argentinien", "argentine"),
    "CL": ("chile", "chili"),
    "CO": ("colombia", "kolumbien", "colombie"),
    "ZA": ("south africa", "südafrika", "afrique du sud"),
    "NG": ("nigeria",),
    "KE": ("kenya", "kenia"),
    "EG": ("egypt", "ägypten", "égypte"),
    "HU": ("hungary", "ungarn", "hongrie"),
    "LV": ("latvia", "lettland", "lettonie"),
    "TW": ("taiwan",),
    "SA": ("saudi arabia", "saudi-arabien", "arabie saoudite"),
    "VN": ("vietnam", "viet nam"),
    "ID": ("indonesia", "indonesien", "indonésie"),
    "PH": ("philippines", "philippinen"),
    "MY": ("malaysia", "malaisie"),
    "TH": ("thailand", "thaïlande"),
}  # fmt: skip

US_STATES: dict[str, str] = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "FL": "florida", "GA": "georgia",
    "HI": "hawaii", "ID": "idaho", "IL": "illinois", "IN": "indiana", "IA": "iowa",
    "KS": "kansas", "KY": "kentucky", "LA": "louisiana", "ME": "maine", "MD": "maryland",
    "MA": "massachusetts", "MI": "michigan", "MN": "minnesota", "MS": "mississippi",
    "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada", "NH": "new hampshire",
    "NJ": "new jersey", "NM": "new mexico", "NY": "new york", "NC": "north carolina",
    "ND": "north dakota", "OH": "ohio", "OK": "oklahoma", "OR": "oregon", "PA": "pennsylvania",
    "RI": "rhode island", "SC": "south carolina", "SD": "south dakota", "TN": "tennessee",
    "TX": "texas", "UT": "utah", "VT": "vermont", "VA": "virginia", "WA": "washington",
    "WV": "west virginia", "WI": "wisconsin", "WY": "wyoming", "DC": "district of columbia",
}  # fmt: skip

# Cities that name their country on their own (used only when no country is written).
_CITIES: dict[str, tuple[str, ...]] = {
    "US": ("new york", "new york city", "brooklyn", "san francisco", "los angeles", "boston",
           "chicago", "seattle", "austin", "denver", "atlanta", "miami", "san jose", "palo alto",
           "mountain view", "menlo park", "redwood city", "san mateo", "sunnyvale", "santa clara",
           "cupertino", "oakland", "berkeley", "santa monica", "irvine", "san diego",
           "washington, d.c.", "philadelphia", "pittsburgh", "salt lake city", "lehi", "provo",
           "dallas", "houston", "san antonio", "phoenix", "scottsdale", "las vegas",
           "portland", "minneapolis", "nashville", "raleigh", "boulder", "bellevue", "detroit",
           "columbus", "cincinnati", "cleveland", "indianapolis", "charlotte", "orlando",
           "tampa", "baltimore", "kansas city", "st. louis", "omaha", "milwaukee", "boise",
           "sacramento", "jersey city", "tulsa", "bend", "madison", "honolulu"),
    "GB": ("london", "manchester", "edinburgh", "glasgow", "bristol", "cambridge", "oxford",
           "leeds", "birmingham", "belfast", "brighton", "liverpool", "newcastle", "nottingham",
           "sheffield", "cardiff", "bath", "leicester", "aberdeen"),
    "DE": ("berlin", "munich", "münchen", "hamburg", "frankfurt", "frankfurt am main",
           "cologne", "köln", "stuttgart", "düsseldorf", "leipzig", "dresden", "karlsruhe",
           "nuremberg", "nürnberg", "bonn", "hannover", "bremen", "mannheim", "heidelberg",
           "aachen", "potsdam", "freiburg", "münster", "augsburg", "regensburg", "essen",
           "dortmund", "wiesbaden", "mainz", "kiel", "ulm", "jena"),
    "FR": ("paris", "lyon", "marseille", "toulouse", "bordeaux", "lille", "nantes",
           "montpellier", "grenoble", "strasbourg", "rennes", "rouen", "nice", "sophia antipolis"),
    "NL": ("amsterdam", "rotterdam", "utrecht", "eindhoven", "the hague", "den haag", "delft",
           "groningen", "leiden", "haarlem", "breda", "arnhem", "nijmegen", "tilburg",
           "maastricht", "amersfoort", "zwolle", "den bosch", "'s-hertogenbosch", "enschede"),
    "AT": ("vienna", "wien", "graz", "linz", "salzburg", "innsbruck"),
    "CH": ("zurich", "zürich", "geneva", "genève", "basel", "bern", "lausanne", "zug",
           "lugano"),
    "ES": ("madrid", "barcelona", "valencia", "seville", "sevilla", "málaga", "bilbao"),
    "IT": ("milan", "milano", "rome", "roma", "turin", "torino", "bologna", "florence"),
    "IE": ("dublin", "cork", "galway"), "SE": ("stockholm", "gothenburg", "göteborg", "malmö",
           "uppsala"),
    "DK": ("copenhagen", "københavn", "aarhus"), "NO": ("oslo", "bergen", "trondheim"),
    "FI": ("helsinki", "espoo", "tampere"), "PL": ("warsaw", "warszawa", "kraków", "krakow",
           "wrocław", "wroclaw", "gdańsk", "gdansk", "poznań"),
    "PT": ("lisbon", "lisboa", "porto"), "BE": ("brussels", "bruxelles", "antwerp", "ghent",
           "gent", "leuven", "liège"),
    "EE": ("tallinn", "tartu"), "LT": ("vilnius", "kaunas"), "LV": ("riga",),
    "CZ": ("prague", "praha", "brno"), "HU": ("budapest",), "RO": ("bucharest", "cluj-napoca"),
    "UA": ("kyiv", "kiev", "lviv"), "GR": ("athens",), "TR": ("istanbul", "ankara"),
    "IL": ("tel aviv", "jerusalem", "haifa", "herzliya"),
    "CA": ("toronto", "vancouver", "montreal", "montréal", "ottawa", "waterloo", "calgary",
           "edmonton", "winnipeg", "quebec city", "québec", "kitchener", "mississauga"),
    "AU": ("sydney", "melbourne", "brisbane", "perth", "adelaide", "canberra"),
    "NZ": ("auckland", "wellington", "christchurch"), "SG": ("singapore",),
    "IN": ("bangalore", "bengaluru", "mumbai", "new delhi", "delhi", "hyderabad", "pune",
           "chennai", "gurugram", "gurgaon", "noida", "kolkata", "ahmedabad", "jaipur", "kochi"),
    "JP": ("tokyo", "osaka", "kyoto"), "KR": ("seoul",), "TW": ("taipei",),
    "CN": ("beijing", "shanghai", "shenzhen", "hangzhou", "guangzhou"), "HK": ("hong kong",),
    "AE": ("dubai", "abu dhabi"), "SA": ("riyadh",), "EG": ("cairo",),
    "BR": ("são paulo", "sao paulo", "rio de janeiro", "belo horizonte", "florianópolis"),
    "MX": ("mexico city", "ciudad de méxico", "guadalajara", "monterrey"),
    "AR": ("buenos aires",), "CO": ("bogotá", "bogota", "medellín", "medellin"),
    "CL": ("santiago de chile",), "ZA": ("cape town", "johannesburg"), "NG": ("lagos",),
    "KE": ("nairobi",), "VN": ("ho chi minh city", "hanoi"), "ID": ("jakarta",),
    "PH": ("manila",), "MY": ("kuala lumpur",), "TH": ("bangkok",),
}  # fmt: skip


REGIONS = frozenset(
    "silicon valley|bay area|europe|north america|south america|latin america|asia|africa|"
    "emea|apac|dach|benelux|nordics|the nordics|middle east|scandinavia|the uk|the us|"
    "the eu|eu|asia pacific|oceania|the americas|americas|europa|europe de l'ouest".split("|")
)
"""Regions that are neither a city nor a country ("Silicon Valley", "Europe", "EMEA")."""


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().strip(".,;").casefold()


COUNTRY_BY_NAME: dict[str, str] = {
    _key(name): code for code, names in _COUNTRIES.items() for name in names
}
COUNTRY_BY_CITY: dict[str, str] = {
    _key(city): code for code, cities in _CITIES.items() for city in cities
}
_ALPHA3 = {
    "USA": "US", "GBR": "GB", "DEU": "DE", "FRA": "FR", "CHE": "CH", "AUT": "AT",
    "NLD": "NL", "ESP": "ES", "ITA": "IT", "CAN": "CA", "AUS": "AU", "IRL": "IE",
}  # fmt: skip


def country_code(name: str | None) -> str | None:
    """Return the ISO alpha-2 code of a country name or code ("Deutschland", "GB", "USA")."""
    if not name:
        return None
    text = name.strip()
    if code := COUNTRY_BY_NAME.get(_key(text)):
        return code
    if len(text) == 3 and text.upper() in _ALPHA3:
        return _ALPHA3[text.upper()]
    # Any upper-case two-letter code is taken as ISO alpha-2 (schema.org addressCountry).
    if len(text) == 2 and text.isalpha() and text.isupper():
        return text
    return None


def us_state(name: str) -> bool:
    """Return whether `name` is a US state name or postal abbreviation."""
    text = name.strip()
    return text in US_STATES or _key(text) in US_STATES.values()


def city_country(city: str) -> str | None:
    """Return the country of a well-known city, or None."""
    return COUNTRY_BY_CITY.get(_key(city))
