import re

from agent.llm.excerpts import Excerpt, chunk_text, select_excerpts, usable_pages
from agent.models import PageRecord


def page(url, text, kind="other", **extra):
    return PageRecord(url=url, text=text, kind=kind, **({"status": 200} | extra))


def test_chunk_text_cuts_along_lines_then_sentences():
    text = "Line one.\nLine two.\n" + "A long sentence here. " * 10
    assert chunk_text(text, size=60) == [
        "Line one.\nLine two.",
        "A long sentence here. A long sentence here.",
        "A long sentence here. A long sentence here.",
        "A long sentence here. A long sentence here.",
        "A long sentence here. A long sentence here.",
        "A long sentence here. A long sentence here.",
    ]


def test_chunk_text_hard_cuts_text_without_sentences():
    assert chunk_text("x" * 25, size=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_usable_pages_skips_errors_empty_pages_and_duplicates():
    pages = [
        page("https://a.example/", "Home", content_hash="h1"),
        page("https://www.a.example/", "Home", content_hash="h1"),
        page("https://a.example/404", "Not found", status=404),
        page("https://a.example/x", "", content_hash="h2"),
        page("https://a.example/y", "Text", error="timeout"),
        page("https://a.example/about", "About", content_hash="h3"),
    ]
    assert [p.url for p in usable_pages(pages)] == ["https://a.example/", "https://a.example/about"]


FOUNDED = re.compile("founded", re.I)
STAFF = re.compile("employees", re.I)


def test_select_excerpts_spreads_the_budget_over_the_cues():
    pages = [
        page("https://a.example/careers", "We have 40 employees.", "careers"),
        page("https://a.example/team", "Our 40 employees love us.", "team"),
        page("https://a.example/customers", "Founded in 2015, we serve banks.", "customers"),
    ]
    # room for two chunks: one per cue beats two about the same field
    assert select_excerpts(pages, [FOUNDED, STAFF], 60) == [
        Excerpt("https://a.example/team", ("Our 40 employees love us.",)),
        Excerpt("https://a.example/customers", ("Founded in 2015, we serve banks.",)),
    ]


def test_select_excerpts_puts_introductions_first_when_asked():
    pages = [
        page("https://a.example/p1", "We have 40 employees.", "other"),
        page("https://a.example/", "Acme\nAccounting software.", "home"),
        page("https://a.example/about", "Acme was founded in 2015.", "about"),
    ]
    assert select_excerpts(pages, [FOUNDED, STAFF], 1000, include_intro=True) == [
        Excerpt("https://a.example/about", ("Acme was founded in 2015.",)),
        Excerpt("https://a.example/", ("Acme\nAccounting software.",)),
        Excerpt("https://a.example/p1", ("We have 40 employees.",)),
    ]
    assert select_excerpts(pages, [FOUNDED, STAFF], 1000) == [
        Excerpt("https://a.example/about", ("Acme was founded in 2015.",)),
        Excerpt("https://a.example/p1", ("We have 40 employees.",)),
    ]


def test_select_excerpts_marks_gaps_between_chunks_of_a_page():
    text = "founded in 2015\n" + "x" * 600 + "\nfounded by Ada"
    [excerpt] = select_excerpts([page("https://a.example/about", text, "about")], [FOUNDED], 2000)
    assert excerpt.text == "founded in 2015\n[...]\nfounded by Ada"


def test_select_excerpts_without_matches_or_intro_is_empty():
    pages = [page("https://a.example/", "Welcome", "home")]
    assert select_excerpts(pages, [FOUNDED], 1000) == []


def test_select_excerpts_skips_boilerplate_repeated_across_pages():
    about = "About Acme: Acme is the payments platform for clinics, founded in 2015."
    pages = [
        page("https://a.example/jobs/1", f"SDR\n{about}\nEquity for every employee", "careers"),
        page("https://a.example/jobs/2", f"AE\n{about}\nTeam of 40 employees", "careers"),
    ]
    assert select_excerpts(pages, [FOUNDED, STAFF], 1000) == [
        Excerpt("https://a.example/jobs/1", (f"SDR\n{about}\nEquity for every employee",)),
        Excerpt("https://a.example/jobs/2", ("AE\nTeam of 40 employees",)),
    ]
