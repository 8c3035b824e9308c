"""Business model from whom a company sells to, how it sells, and two-sided matching."""

from __future__ import annotations

import pytest

from tools.evidence import quote_occurs
from tools.firmographics.business_model import extract_business_model

URL = "https://kestrel.example/about"


def model(text: str) -> str | None:
    found = extract_business_model(text, URL)
    for _, field in found:
        assert quote_occurs(field.evidence[0].quote, text)
    return found[0][1].value if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # whom it sells to
        ("Harrow provides invoice factoring to independent trucking fleets.", "b2b"),
        ("Route planning software for municipalities and water utilities.", "b2b"),
        ("Trellis gives finance teams one place to close the books.", "b2b"),
        ("Our customers are manufacturers and distributors across Europe.", "b2b"),
        ("More than 300 hospitals rely on Medigrid every day.", "b2b"),
        ("Serving shippers and carriers across the Midwest since 1998.", "b2b"),
        ("We make gaskets for pump makers — we don't sell to the public.", "b2b"),
        ("Des capteurs pour les industriels de l'agroalimentaire.", "b2b"),
        # consumers: booking a visit, second person family words, shipping to the door
        ("Book an appointment online in under a minute.", "b2c"),
        ("New patients welcome — most insurance accepted.", "b2c"),
        ("Find a walker your dog will actually love.", "b2c"),
        ("We ship directly to your door from our bakery.", "b2c"),
        ("Caring for families across Ohio since 1990.", "b2c"),
        # two sides that a company matches and takes a cut from
        ("Loftly connects homeowners with vetted, insured local cleaners.", "marketplace"),
        ("Tell us about the job and we'll match you with three local pros.", "marketplace"),
        ("Hosts set their own prices and keep 97% of every booking.", "marketplace"),
        ("The place where buyers and sellers of used forklifts meet.", "marketplace"),
        ("Wir vermitteln Familien an geprüfte Babysitter in ganz Bayern.", "marketplace"),
    ],
)  # fmt: skip
def test_business_model_phrasings(text, expected):
    assert model(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a company and its own customers are one side, not two
        "The Orbis Cloud connects retailers with their shoppers on every channel.",
        # careers-page benefits and school suppliers are not consumer businesses
        "Our benefits cover you and your family from day one.",
        "Curriculum for programs serving children from birth to age five.",
        "Our brand attracts new patients to your practice.",
        "We love what we do.",
    ],
)
def test_business_model_negatives(text):
    assert model(text) != "marketplace"
    assert model(text) != "b2c"


def test_a_negated_consumer_phrase_is_a_business_signal():
    text = "We make fabrics for furniture brands; we do not sell directly to consumers."
    assert model(text) == "b2b"
    assert extract_business_model(text, URL)[0][1].confidence == 0.7


def test_marketplace_beats_the_consumer_words_of_its_buyers():
    text = (
        "Tell us what your child needs and we'll match you with three vetted tutors. "
        "Find a tutor your kid will like."
    )
    assert model(text) == "marketplace"


def test_the_customers_consumers_are_not_the_companys():
    assert extract_business_model("Build delightful banking apps for consumers.", URL) == []


def test_business_model_is_read_where_the_company_presents_its_offer_only():
    from tools.firmographics.extract import extract_firmographics
    from tools.html import parse_html

    blog = parse_html(
        "<html><body><p>A look at the next frontier of AI and what it enables for creators and "
        "developers.</p></body></html>",
        "https://acme.com/blog",
    )
    careers = parse_html(
        "<html><body><p>Great benefits for you and your family.</p></body></html>",
        "https://acme.com/careers",
    )
    about = parse_html(
        '<html><head><meta name="description" content="Acme is the direct-to-consumer home '
        'insurance company."></head><body><p>About Acme</p></body></html>',
        "https://acme.com/about",
    )
    quiet = extract_firmographics([("press", blog), ("careers", careers)])
    assert quiet.firmographics.business_model.value is None
    told = extract_firmographics([("about", about)]).firmographics.business_model
    assert told.value == "b2c"
    assert told.evidence[0].quote == "Acme is the direct-to-consumer home insurance company."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Software de gestión para empresas de transporte.", "b2b"),
        ("Richiedi una demo gratuita del nostro gestionale.", "b2b"),
        ("Oplossingen voor bedrijven in de bouw.", "b2b"),
        ("Soluções para pequenas empresas.", "b2b"),
        ("Gratis verzending vanaf 50 euro.", "b2c"),
        ("Aggiungi al carrello", "b2c"),
        ("Envío gratis en pedidos superiores a 40 €.", "b2c"),
    ],
)
def test_business_model_in_more_languages(text, expected):
    assert [f.value for _, f in extract_business_model(text, URL)] == [expected]
