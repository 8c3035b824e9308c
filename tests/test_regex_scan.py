"""Regex scans that skip texts a pattern cannot match find exactly what `re` finds."""

import re

import pytest

from tools import regex_scan
from tools.firmographics.company_names import logo_name
from tools.html import parse_html
from tools.start_tags import TagIndex, tags_named

FILLER = "Our platform helps teams ship faster. " * 20  # long enough to be pre-checked

CASES = [
    # (pattern, flags, text)
    (r"\bteam of (?P<n>\d+)\b", re.I, FILLER + "We are a Team of 45 people."),
    (r"\bteam of (?P<n>\d+)\b", re.I, FILLER),  # no "team of": nothing, without a search
    (r"\bfounded in (?P<year>\d{4})|\bsince (?P<since>\d{4})", re.I, FILLER + "Since 2009."),
    # "ſ" (long s) matches "s" case-insensitively, but "ſtaff".lower() holds no "staff"
    (r"\bstaff\b", re.I, FILLER + "Our 40 ſtaff members."),
    # "İ" lower-cases to two characters, "K" (Kelvin sign) to "k"
    (r"\binc\b", re.I, FILLER + "Acme İnc."),
    (r"\bkit\b", re.I, FILLER + "The \u212aIT."),
    (r"(?-i:Acme)s\b", re.I, FILLER + "8,000 Acmes and 12 ACMES"),
]


@pytest.mark.parametrize(("pattern", "flags", "text"), CASES)
def test_finditer_finds_what_re_finds(pattern, flags, text):
    expected = [(m.span(), m.groupdict()) for m in re.finditer(pattern, text, flags)]
    compiled = re.compile(pattern, flags)
    for _ in range(regex_scan._ANALYSE_AFTER + 2):  # searched plainly first, then pre-checked
        found = [(m.span(), m.groupdict()) for m in regex_scan.finditer(pattern, text, flags)]
        found_compiled = [(m.span(), m.groupdict()) for m in regex_scan.finditer(compiled, text)]
        assert found == expected
        assert found_compiled == expected


def test_finditer_finds_a_long_s_the_lowered_text_lacks():
    for _ in range(regex_scan._ANALYSE_AFTER + 2):
        found = regex_scan.finditer(r"\bstaff\b", CASES[3][2], re.I)
        assert [m.group(0) for m in found] == ["ſtaff"]


def test_finditer_skips_a_text_without_the_required_texts_once_the_pattern_is_common():
    regex = re.compile(r"\bheadcount of \d+")
    searched = [regex_scan.may_match(regex, FILLER)]
    assert searched == [False]
    for _ in range(regex_scan._ANALYSE_AFTER + 2):
        assert list(regex_scan.finditer(regex, FILLER)) == []
    assert regex_scan._searches(regex.pattern, regex.flags)[0] == regex_scan._ANALYSE_AFTER + 2


def test_may_match_is_false_only_without_the_required_texts():
    assert not regex_scan.may_match(r"\bteam of \d+", FILLER)
    assert regex_scan.may_match(r"\bteam of \d+", FILLER + "TEAM OF 3")
    assert regex_scan.may_match(r"\bteam of \d+", "short text")  # short texts are searched


def test_search_match_fullmatch_equal_re():
    assert regex_scan.search(r"b+", "abbbc").span() == re.search(r"b+", "abbbc").span()
    assert regex_scan.match(r"A", "abc", re.I).span() == (0, 1)
    assert regex_scan.fullmatch(r"\d+", "12a") is None


PAGE = """<html><head><script>var x = '<img class="logo" alt="Not A Tag">';</script></head>
<body><a class="navbar-brand" href="/"><img src="/a.svg" alt="Acme"></a>
<IMG src="/hero.png"><div id="x"><img alt="Globex" src="/logo.png"></div></body></html>"""


def test_tags_named_gives_the_tags_and_ranks_of_the_tag_index():
    index = TagIndex(PAGE)
    expected = [
        (tag, index.tags[tag.position - 1] if tag.position else None)
        for tag in index.by_name["img"]
    ]
    assert tags_named(PAGE, "img") == expected
    assert [tag.attrs.get("alt") for tag, _ in tags_named(PAGE, "img")] == ["Acme", None, "Globex"]


def test_logo_name_reads_the_logo_by_the_link_around_it():
    page = parse_html(PAGE.replace("navbar-brand", "site-logo"), "https://acme.com/")
    assert [f.value for _, f in logo_name(page, "acme")] == ["Acme"]
