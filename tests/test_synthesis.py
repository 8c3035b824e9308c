import re
from pathlib import Path

import pytest

from agent.interviews.index import NotesIndex
from agent.interviews.report import render_account, render_synthesis
from agent.interviews.synthesis import segments_from_records, size_band, synthesize
from tools.evidence import quote_occurs

HEALTHCARE_NOTE = """---
industry: Healthcare
---
Customer: HIPAA rules mean patient data can't leave our environment.
Customer: Half our contact records are duplicates, it's a mess.
"""
SOFTWARE_NOTE = """---
industry: Software
---
Customer: Reps copy-paste leads into HubSpot by hand every morning.
Customer: Half our contact records are duplicates, it's a mess.
"""


@pytest.fixture
def segmented_notes(tmp_path):
    """Two Healthcare and two Software interviews; duplicates come up in all four."""
    for name, text in (("h1.md", HEALTHCARE_NOTE), ("h2.md", HEALTHCARE_NOTE),
                       ("s1.md", SOFTWARE_NOTE), ("s2.md", SOFTWARE_NOTE)):  # fmt: skip
        (tmp_path / name).write_text(text)
    return NotesIndex.load(tmp_path)


def test_synthesize_counts_themes_and_shares(segmented_notes):
    synthesis = synthesize(segmented_notes)
    assert synthesis["interviews"] == 4
    assert [(t["key"], t["interviews"], t["share"], t["files"]) for t in synthesis["themes"]] == [
        ("data_quality", 4, 1.0, ["h1.md", "h2.md", "s1.md", "s2.md"]),
        ("compliance", 2, 0.5, ["h1.md", "h2.md"]),
        ("manual_work", 2, 0.5, ["s1.md", "s2.md"]),
    ]
    assert synthesis["themes"][1]["quotes"] == [
        {"file": "h1.md", "quote": "HIPAA rules mean patient data can't leave our environment."},
        {"file": "h2.md", "quote": "HIPAA rules mean patient data can't leave our environment."},
    ]
    assert [(t["label"], t["interviews"]) for t in synthesis["current_tools"]] == [
        ("copy and paste", 2), ("HubSpot", 2), ("manual process", 2)
    ]  # fmt: skip


def test_synthesize_splits_by_segment_and_finds_surprises(segmented_notes):
    synthesis = synthesize(segmented_notes)
    assert synthesis["segments"] == {
        "industry": {
            "Healthcare": {"interviews": 2, "themes": {"data_quality": 2, "compliance": 2}},
            "Software": {"interviews": 2, "themes": {
                "data_quality": 2, "manual_work": 2, "copy and paste": 2, "hubspot": 2,
                "manual process": 2}},
        }
    }  # fmt: skip
    assert [(s["label"], s["segment"], s["interviews"]) for s in synthesis["surprises"]] == [
        ("Compliance", "Healthcare", 2),
        ("Manual work", "Software", 2),
        ("copy and paste", "Software", 2),
        ("HubSpot", "Software", 2),
        ("manual process", "Software", 2),
    ]
    assert synthesis["surprises"][0] == {
        "theme": "compliance", "label": "Compliance", "kind": "pain", "dimension": "industry",
        "segment": "Healthcare", "interviews": 2, "segment_interviews": 2, "other_interviews": 2,
    }  # fmt: skip


def test_enriched_segments_win_over_front_matter(segmented_notes, tmp_path):
    (tmp_path / "acme.com_call.md").write_text(SOFTWARE_NOTE)
    index = NotesIndex.load(tmp_path)
    record = {
        "domain": "acme.com",
        "firmographics": {"industry": {"value": "Manufacturing", "evidence": []},
                          "employee_count": {"value": 1200, "evidence": []}},
    }  # fmt: skip
    segments = segments_from_records([record], tiers={"acme.com": "Strong Fit"})
    assert segments == {"acme.com": {"industry": "Manufacturing", "size": "1001-5000",
                                     "tier": "Strong Fit"}}  # fmt: skip
    synthesis = synthesize(index, segments)
    assert synthesis["segments"]["industry"]["Manufacturing"]["interviews"] == 1
    assert synthesis["segments"]["tier"] == {
        "Strong Fit": {"interviews": 1, "themes": {
            "data_quality": 1, "manual_work": 1, "copy and paste": 1, "hubspot": 1,
            "manual process": 1}}
    }  # fmt: skip


@pytest.mark.parametrize(
    ("employees", "band"),
    [(1, "1-10"), (50, "11-50"), ("120", "51-200"), ("1,000", "501-1000"), (9000, "5001+"),
     ("51-200", "51-200"), (None, None), ("", None)],
)  # fmt: skip
def test_size_band(employees, band):
    assert size_band(employees) == band


QUOTE_LINE = re.compile(r"^> “(?P<quote>.*)” — `(?P<file>[^`]+)`$", re.M)


def test_render_synthesis_is_pasteable_markdown(segmented_notes):
    markdown = render_synthesis(synthesize(segmented_notes))
    assert "| Data quality | 4 | 100% | 0 | 4 | 0 |" in markdown
    assert "### Compliance — 2 of 4 interviews (50%)" in markdown
    assert "| Compliance | 2 (100%) | – |" in markdown
    assert (
        "- Pain **Compliance** came up only in industry **Healthcare** (2 of 2 interviews "
        "there), in none of the 2 other interviews with a known industry." in markdown
    )
    quotes = QUOTE_LINE.findall(markdown)
    assert quotes
    for quote, file in quotes:
        assert quote_occurs(quote, segmented_notes.notes[file].text)


def test_render_account_lists_quoted_needs(segmented_notes, tmp_path):
    (tmp_path / "acme.com_call.md").write_text(SOFTWARE_NOTE)
    index = NotesIndex.load(tmp_path)
    markdown = render_account("acme.com", index.needs_for("acme.com"), ["acme.com_call.md"])
    assert markdown.splitlines()[:3] == [
        "# Needs of acme.com",
        "",
        "1 interview(s): `acme.com_call.md`",
    ]
    assert "### manual_work (important): Reps copy-paste leads into HubSpot by hand" in markdown
    assert (
        "- **HubSpot** (tool): “Reps copy-paste leads into HubSpot by hand every morning.” "
        "(`acme.com_call.md`)" in markdown
    )


def all_quotes(node):
    if isinstance(node, dict):
        if set(node) == {"file", "quote"}:
            yield node
        for value in node.values():
            yield from all_quotes(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_quotes(value)


def test_realdata_every_quote_shown_occurs_in_its_note(realdata):
    folder = realdata / "interviews-columbia-startup-studio"
    if not folder.is_dir():
        pytest.skip("interview notes not in the real-data folder")
    index = NotesIndex.load(folder)
    synthesis = synthesize(index)
    quotes = list(all_quotes(synthesis))
    quotes += [
        q.model_dump() for a in index.assessments.values() for p in a.pains for q in p.quotes
    ]
    assert len(quotes) > 100
    for quote in quotes:
        raw = (folder / quote["file"]).read_text(encoding="utf-8-sig")
        assert quote_occurs(quote["quote"], raw), quote
    markdown = render_synthesis(synthesis)
    for quote, file in QUOTE_LINE.findall(markdown):
        assert quote_occurs(quote, (folder / file).read_text(encoding="utf-8-sig")), quote


def test_realdata_benchmark_pairs_notes_with_write_ups(realdata):
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "interviews_realdata.py"
    spec = importlib.util.spec_from_file_location("interviews_realdata", path)
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    if not (realdata / benchmark.FOLDER).is_dir():
        pytest.skip("interview notes not in the real-data folder")
    rows = benchmark.evaluate(realdata)  # asserts every pain quote occurs in its note
    assert len(rows) >= 20
    judged = [r for r in rows if r["solution_agrees"] is not None]
    assert sum(r["solution_agrees"] for r in judged) / len(judged) > 0.5


def test_front_matter_segments_cover_the_accounts_other_notes():
    index = NotesIndex.load(Path(__file__).parent / "fixtures" / "notes")
    industry = synthesize(index)["segments"]["industry"]
    assert {value: column["interviews"] for value, column in industry.items()} == {
        "Financial Services": 2,  # initech_qa's front matter covers the initech.com follow-up
        "Healthcare": 1,
        "Software": 1,
    }
