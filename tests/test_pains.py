from pathlib import Path

import pytest

from agent.models import Pain, Quote
from tools.evidence import quote_occurs
from tools.notes.current_tools import tool_signals
from tools.notes.need_signals import (
    decision_signals,
    money_signals,
    objection_signals,
    outcome_signals,
    people_titles,
    timeline_signals,
    trigger_signals,
)
from tools.notes.pain_lexicon import CATEGORY_KEYS, TAXONOMY
from tools.notes.pains import (
    RuleNeedsExtractor,
    assess_note,
    pain_categories,
    severity_of,
)
from tools.notes.read import parse_text_note, read_note
from tools.notes.sentences import phrase_around, sentences

NOTES = Path(__file__).parent / "fixtures" / "notes"


@pytest.mark.parametrize(
    ("sentence", "categories"),
    [
        ("Half the contacts in Salesforce have the wrong title", {"data_quality"}),
        ("Our enrichment vendor creates dupes faster than we can merge them", {"data_quality"}),
        ("reps copy-paste leads into Salesforce by hand", {"manual_work"}),
        ("Demo requests sit in a shared inbox for two days", {"lead_routing"}),
        ("half of the inbound leads land with the wrong rep", {"lead_routing"}),
        ("the forecast is a guess because deals slipped again", {"forecasting"}),
        ("We switch between five tools to qualify one lead", {"tool_sprawl"}),
        ("The CFO can't see which campaigns drive revenue", {"reporting"}),
        ("HIPAA means patient data can't leave our environment", {"compliance"}),
        ("We can't book enough meetings with outbound anymore", {"pipeline_generation"}),
        ("Honestly the whole thing is so frustrating to me", {"other"}),
        ("Routing works fine for us right now", set()),
        ("Data quality is not really a problem here", set()),
        ("We use Salesforce for forecasting and reporting", set()),
        ("Too slow", set()),
    ],
)
def test_pain_categories(sentence, categories):
    assert {key for key, _, _ in pain_categories(sentence)} == categories


def test_pain_categories_under_a_pains_heading_need_no_cue():
    assert [key for key, _, _ in pain_categories("board deck reporting, every month", True)] == [
        "reporting"
    ]


@pytest.mark.parametrize(
    ("sentence", "severity"),
    [
        ("Lead routing is our biggest problem", "critical"),
        ("We lost three deals because nobody called back", "critical"),
        ("Honestly it's a nightmare", "critical"),
        ("It takes two people most of a week", "important"),
        ("A nicer dashboard would be nice to have", "nice-to-have"),
        ("It's a minor annoyance, not urgent", "nice-to-have"),
    ],
)
def test_severity_of(sentence, severity):
    assert severity_of(sentence) == severity


def test_taxonomy_is_documented():
    assert set(CATEGORY_KEYS) == {
        "pipeline_generation", "data_quality", "lead_routing", "forecasting", "tool_sprawl",
        "manual_work", "reporting", "compliance", "other",
    }  # fmt: skip
    for category in TAXONOMY.values():
        assert category.label and category.description


def test_assess_note_speaker_labelled_transcript():
    assessment = assess_note(read_note(NOTES / "globex.io_2024-03-05_call.txt"), "globex.io")
    file = "globex.io_2024-03-05_call.txt"
    assert assessment.account == "globex.io"
    assert assessment.roles == {"interviewer": 6, "customer": 7}
    assert assessment.pains == [
        Pain(pain="nobody called back within a day", category="lead_routing",
             severity="critical", quotes=[
                 Quote(file=file, quote="Last quarter we lost three deals because nobody "
                                        "called back within a day."),
                 Quote(file=file, quote="Honestly it's a nightmare."),
                 Quote(file=file, quote="We lose the deal."),
                 Quote(file=file, quote="Demo requests sit in a shared inbox for two days "
                                        "before anyone picks them up, and half of them land "
                                        "with the wrong rep."),
             ]),
        Pain(pain="We switch between five tools to qualify one lead", category="tool_sprawl",
             severity="important",
             quotes=[Quote(file=file, quote="We switch between five tools to qualify one lead.")]),
    ]  # fmt: skip
    assert [(s.text, s.kind) for s in assessment.current_tools] == [
        ("email", "workaround"), ("HubSpot", "tool"), ("Salesforce", "tool"),
        ("Chili Piper", "tool"), ("LeanData", "former"),
    ]  # fmt: skip
    assert [(s.text, s.kind) for s in assessment.objections] == [
        ("it was too expensive for a team our size", "price")
    ]
    assert [(s.text, s.kind) for s in assessment.decision_process] == [
        ("IT", "technical"),
        ("VP of Revenue", "influencer"),
    ]
    assert [(s.text, s.kind) for s in assessment.triggers] == [
        ("contract with Chili Piper is up", "renewal")
    ]
    assert [(s.text, s.kind) for s in assessment.timeline] == [("in June", "date")]


def test_assess_note_follow_up_severity_and_stated_priority():
    note = parse_text_note(
        "Customer: Inbound leads go to the wrong rep.\nInterviewer: How bad is it?\n"
        "Customer: I'd call it critical.\nInterviewer: And forecasting?\n"
        "Customer: Forecasting lives in spreadsheets. That's next year's problem.\n",
        "follow-up.md",
    )
    assert [(p.category, p.severity, len(p.quotes)) for p in assess_note(note).pains] == [
        ("lead_routing", "critical", 2),
        ("forecasting", "nice-to-have", 2),
        ("manual_work", "nice-to-have", 2),
    ]


def test_decision_roles_from_people_introduced_with_titles():
    text = "With Colin Reyes (CFO) and Ana Silva, VP Sales.\nColin signs anything over $50k."
    people = people_titles(text)
    assert people == {"Colin": "CFO", "Ana": "VP Sales"}
    assert decision_signals("Colin signs anything over $50k.", people=people) == [
        ("CFO", "economic buyer")
    ]
    assert decision_signals("Ana owns the decision.", people=people) == [("VP Sales", "influencer")]
    assert decision_signals("Ana likes hiking.", people=people) == []


def test_assess_note_ignores_the_interviewers_words():
    note = parse_text_note(
        "Interviewer: Is GDPR compliance a big problem? Do you struggle with dirty data, "
        "manual data entry or lead routing? We switch between too many tools here.\n"
        "Customer: No.\nInterviewer: Would you pay $50k a year by Q3?\nCustomer: Maybe.\n",
        "leading.md",
    )
    assessment = assess_note(note)
    assert assessment.pains == []
    assert assessment.budget == assessment.timeline == assessment.current_tools == []


def test_assess_note_free_notes_with_sections():
    assessment = assess_note(read_note(NOTES / "acme.com_2024-03-01_discovery.md"))
    assert [(p.category, p.severity) for p in assessment.pains] == [
        ("forecasting", "critical"), ("data_quality", "important"), ("manual_work", "important"),
        ("compliance", "important"), ("reporting", "important"),
    ]  # fmt: skip
    assert "lead_routing" not in {p.category for p in assessment.pains}  # "routing is fine"
    assert [(s.text, s.kind) for s in assessment.budget] == [
        ("$25k", "amount"),
        ("$40k a year", "amount"),
    ]
    assert [(s.text, s.kind) for s in assessment.decision_process] == [
        ("security review", "step"),
        ("CFO", "economic buyer"),
        ("RevOps", "influencer"),
    ]
    assert [s.text for s in assessment.triggers] == ["hired a new CRO", "missed the number"]


@pytest.mark.parametrize("name", sorted(p.name for p in NOTES.iterdir() if p.stat().st_size))
def test_every_quote_is_the_customers_verbatim(name):
    note = read_note(NOTES / name)
    assessment = RuleNeedsExtractor().assess(note)
    items = [*assessment.pains]
    for field in ("current_tools", "triggers", "desired_outcomes", "objections",
                  "decision_process", "budget", "timeline"):  # fmt: skip
        items.extend(getattr(assessment, field))
    for item in items:
        assert item.quotes
        for quote in item.quotes:
            assert quote.file == name
            assert quote_occurs(quote.quote, note.text)
            assert quote_occurs(quote.quote, *note.evidence_texts())


def test_injection_changes_nothing():
    injected = read_note(NOTES / "initech.com_2024-03-20_followup.md")
    clean_text = "\n".join(
        line
        for line in injected.text.splitlines()
        if "INSTRUCTIONS" not in line and "prompt" not in line
    )
    clean = assess_note(parse_text_note(clean_text, injected.file))
    assessment = assess_note(injected)
    assert assessment.model_dump(exclude={"warnings", "roles"}) == clean.model_dump(
        exclude={"warnings", "roles"}
    )
    assert len(assessment.warnings) == 2
    assert "Perfect Fit" not in assessment.model_dump_json(exclude={"warnings"})
    assert [(p.category, p.severity) for p in assessment.pains] == [("manual_work", "important")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two? Three! Four", ["One.", "Two?", "Three!", "Four"]),
        ("Tools, e.g. Excel. Then Dr. Who called.", ["Tools, e.g. Excel.", "Then Dr. Who called."]),
        ("first line\nsecond line.", ["first line", "second line."]),
        ("Um... I feel like it.", ["Um...", "I feel like it."]),
        ("“It’s slow.” She said.", ["“It’s slow.”", "She said."]),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_phrase_around_keeps_the_clause():
    sentence = "Honestly, reps copy-paste leads by hand, but that is fine"
    start = sentence.index("by hand")
    assert phrase_around(sentence, (start, start + 7)) == "reps copy-paste leads by hand"


@pytest.mark.parametrize(
    ("finder", "sentence", "expected"),
    [
        (tool_signals, "We run on Salesforce and Outreach, plus a spreadsheet.",
         [("Salesforce", "tool"), ("Outreach", "tool"), ("spreadsheets", "workaround")]),
        (tool_signals, "We need more outreach to prospects.", []),
        (tool_signals, "We stopped using Gong last year.", [("Gong", "former")]),
        (tool_signals, "We evaluated LeanData in 2025.", [("LeanData", "evaluated")]),
        (trigger_signals, "We just raised our Series B and are doubling the sales team.",
         [("just raised our Series B", "funding"), ("doubling the sales team", "team growth")]),
        (trigger_signals, "Since we were acquired by Oracle, everything changed.",
         [("were acquired", "acquisition")]),
        (objection_signals, "We are locked into Outreach until 2026.",
         [("We are locked into Outreach until 2026", "incumbent")]),
        (objection_signals, "I'd pay that price happily.", []),
        (decision_signals, "The CFO signs off and procurement runs an RFP.",
         [("CFO", "economic buyer"), ("procurement", "legal/procurement"), ("procurement", "step"),
          ("RFP", "step")]),
        (decision_signals, "Our CFO loves hiking.", []),
        (money_signals, "We pay $1,200 per month for it.", [("$1,200 per month", "amount")]),
        (money_signals, "There is no budget until next year.",
         [("There is no budget until next year", "statement")]),
        (money_signals, "We have 40,000 contacts.", []),
        (timeline_signals, "We want it live by end of Q3.", [("end of Q3", "date")]),
        (timeline_signals, "This may help us.", []),
        (timeline_signals, "We need this ASAP.", [("ASAP", "urgent")]),
        (timeline_signals, "We started using it in 2019.", []),
        (outcome_signals, "In a perfect world every lead is routed in five minutes.",
         [("In a perfect world every lead is routed in five minutes", None)]),
    ],
)  # fmt: skip
def test_signal_finders(finder, sentence, expected):
    assert finder(sentence) == expected


def test_assess_note_general_pain_after_a_general_pain_does_not_crash():
    # bullet 2's pain language goes to bullet 1's category; bullet 3 then refers back to a
    # general pain that had no category of its own (was a KeyError: 'other')
    note = parse_text_note(
        "## Technical Workflow & Tools\n"
        "- Program generates manual review files showing patterns across game levels\n"
        "## Data Analysis Challenges\n"
        "- Initially tried K-means clustering on movement data but discovered it was meaningless"
        " - just showed where restricted movement areas were in the game\n"
        "- Met with multiple professors (four total) to determine appropriate statistical"
        " methods\n",
        "bullets.md",
    )
    assessment = assess_note(note)
    assert "manual_work" in [pain.category for pain in assessment.pains]
