"""Total funding vs rounds: a cumulative statement wins; a lone first round may be the total."""

from __future__ import annotations

import pytest

from agent.models import Evidence, Field
from tools.evidence import quote_occurs
from tools.firmographics.extract import extract_firmographics
from tools.firmographics.funding import extract_funding
from tools.firmographics.funding_amounts import total_from_rounds
from tools.html import parse_html

URL = "https://kestrel.example/about"


def amounts(candidates):
    """The total and the rounds' (stage, amount) a text states."""
    totals = [f.value for n, f in candidates if n == "total_funding_usd"]
    rounds = [(f.value["stage"], f.value["amount_usd"]) for n, f in candidates
              if n == "funding_round"]  # fmt: skip
    return totals, rounds


@pytest.mark.parametrize(
    ("text", "total", "rounds"),
    [
        ("Since our founding we have raised $48 million, most recently a $30M Series B.",
         48_000_000, [("series-b", 30_000_000)]),
        ("Kestrel has raised a total of $27M across its seed and Series A rounds.",
         27_000_000, []),
        ("The $12M seed extension brings the amount we have raised so far to $20M.",
         20_000_000, [("seed", 12_000_000)]),
        ("With this $15M Series A, our total funding reaches $19.5M.",
         19_500_000, [("series-a", 15_000_000)]),
        ("We have received a combined $22 million from Foxglove and Quarry Road.",
         22_000_000, []),
        ("Mit der Series-B-Runde über 30 Mio. Euro hat Kestrel insgesamt 45 Mio. Euro "
         "eingesammelt.", 48_600_000, [("series-b", 32_400_000)]),
        ("Kestrel a levé au total 40 millions d'euros, dont une série B de 25 millions d'euros.",
         43_200_000, [("series-b", 27_000_000)]),
    ],
)  # fmt: skip
def test_a_cumulative_statement_is_the_total_not_the_round_inside_it(text, total, rounds):
    found = extract_funding(text, URL, company_names=["Kestrel"])
    assert amounts(found) == ([total], rounds)
    for _, field in found:
        assert quote_occurs(field.evidence[0].quote, text)


@pytest.mark.parametrize(
    ("text", "total", "rounds"),
    [
        # what the company says it has raised, no round named: the total so far
        ("We've raised $14 million from angels and two funds.", [14_000_000], []),
        ("Kestrel has raised €9 million from Foxglove and Quarry Road.", [9_720_000], []),
        # a round is a round
        ("Kestrel raises $24M Series A to expand into Spain.", [], [("series-a", 24_000_000)]),
        ("We have raised a new $20M round led by Foxglove.", [], [(None, 20_000_000)]),
        ("Kestrel has raised $9M in fresh funding today.", [], [(None, 9_000_000)]),
        # someone else's money
        ("Globex has raised $9M from Foxglove.", [], [(None, 9_000_000)]),
        ("Globex's total funding is $1 billion.", [], []),
    ],
)  # fmt: skip
def test_raised_so_far_vs_a_round(text, total, rounds):
    assert amounts(extract_funding(text, URL, company_names=["Kestrel"])) == (total, rounds)


def round_field(stage, amount, first=False, url=URL):
    value = {"stage": stage, "amount_usd": amount, "first": first}
    return Field(value=value, evidence=[Evidence(url=url, quote="q")], confidence=0.55)


def earlier(stage=None):
    return Field(value=stage, evidence=[Evidence(url=URL, quote="q")], method="rule")


@pytest.mark.parametrize(
    ("rounds", "stages", "markers", "expected"),
    [
        # a lone first round is the total
        ([round_field("seed", 4_000_000)], ["seed"], [], 4_000_000),
        ([round_field("pre-seed", 900_000)], ["pre-seed"], [], 900_000),
        ([round_field(None, 3_000_000, first=True)], [], [], 3_000_000),
        # the same round on two pages is still one round
        ([round_field("seed", 4_000_000), round_field("seed", 4_000_000, url=URL + "/x")],
         ["seed"], [], 4_000_000),
        ([round_field("seed", 4_000_000)], ["seed"], [earlier("seed")], 4_000_000),
        ([round_field("seed", 4_000_000)], ["seed", "bootstrapped"], [], 4_000_000),
        # a later round, a round of unknown rank, or other money stated: no total
        ([round_field("series-a", 20_000_000)], ["series-a"], [], None),
        ([round_field(None, 3_000_000)], [], [], None),
        ([round_field("seed", 4_000_000)], ["seed", "series-a"], [], None),
        ([round_field("seed", 4_000_000)], ["seed"], [earlier()], None),
        ([round_field("seed", 4_000_000), round_field("seed", 6_000_000)], ["seed"], [], None),
        ([round_field("series-a", 15_000_000)], ["series-a"], [earlier("seed")], None),
    ],
)  # fmt: skip
def test_total_from_rounds(rounds, stages, markers, expected):
    total = total_from_rounds(rounds, stages, markers)
    assert (total.value if total else None) == expected
    if total:
        assert total.evidence == rounds[0].evidence and total.confidence < 0.6


def about(html: str, url: str = "https://kestrel.example/about"):
    return ("about", parse_html(f"<html><body>{html}</body></html>", url))


def funding(pages):
    result = extract_firmographics(pages)
    firmographics = result.firmographics
    rounds = [f.value["amount_usd"] for n, f in result.extras if n == "funding_round"]
    return firmographics.funding_stage.value, firmographics.total_funding_usd.value, rounds


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # a seed company: its one round is all it has raised
        ([about("<p>In 2024 we closed a $3.5M seed round led by Foxglove Ventures.</p>")],
         ("seed", 3_500_000, [3_500_000])),
        # a Series A alone: the round is known, the total is not
        ([about("<p>Kestrel raised a $18M Series A led by Emberline in 2025.</p>")],
         ("series-a", None, [18_000_000])),
        # a seed round that "existing investors" joined: money came before it
        ([about("<p>Our $2M seed round was led by Foxglove, with existing investors "
                "participating.</p>")], ("seed", None, [2_000_000])),
        # a total on the About page beats the round in the newer press release
        ([about("<p>We've raised $31 million to date.</p>"),
          ("press", parse_html("<h1>Kestrel raises $24M Series A</h1>",
                               "https://kestrel.example/news/series-a"))],
         ("series-a", 31_000_000, [24_000_000])),
    ],
)  # fmt: skip
def test_firmographics_total_funding_policy(pages, expected):
    assert funding(pages) == expected
