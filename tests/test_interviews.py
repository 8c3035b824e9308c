import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from agent.cli import IcpGroup
from agent.commands.interviews import interviews_command
from agent.errors import InputError
from agent.interviews.index import NotesIndex, account_of, domain_in_name, merge_needs
from agent.models import AccountResult, Field, Needs, Pain, Quote, Score
from store.db import Store
from tools.evidence import quote_occurs
from tools.notes.need_signals import Signal
from tools.notes.pains import Assessment

NOTES = Path(__file__).parent / "fixtures" / "notes"


@pytest.fixture
def notes_dir(tmp_path):
    """The fixture notes plus a .docx written here (binary fixtures are generated, not stored)."""
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    document = Document()
    document.add_heading("Wayne discovery call", level=1)
    document.add_paragraph("Interviewer: What slows your team down?")
    document.add_paragraph(
        "Customer: We copy leads from spreadsheets into HubSpot by hand, it takes two people "
        "every Friday."
    )
    document.save(folder / "wayne.com_2024-05-10_call.docx")
    return folder


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("acme.com_2024-03-01_discovery.md", "acme.com"),
        ("Acme.COM-call.txt", "acme.com"),
        ("acme.co.uk_notes.vtt", "acme.co.uk"),
        ("globex.io.md", "globex.io"),
        ("sub/dir/hooli.com 2024.docx", "hooli.com"),
        ("interview_01.md", None),
        ("meeting.notes_march.md", None),
        ("2024-03-01_acme.com.md", None),
    ],
)
def test_domain_in_name(name, domain):
    assert domain_in_name(name) == domain


@pytest.mark.parametrize(
    ("name", "meta", "expected"),
    [
        ("call.md", {"account": "https://www.Initech.com/"}, ("initech.com", None)),
        ("acme.com_call.md", {"domain": "globex.io"}, ("globex.io", None)),
        ("acme.com_call.md", {}, ("acme.com", None)),
        ("call.md", {"account": "Initech Corp"},
         (None, "front matter names account 'Initech Corp', which is not a domain")),
    ],
)  # fmt: skip
def test_account_of(name, meta, expected):
    assert account_of(name, meta) == expected


def test_notes_index_load_skips_bad_files_and_maps_accounts(notes_dir):
    index = NotesIndex.load(notes_dir)
    assert index.problems == [
        "empty_call.md: skipped: empty file",
        "initech.com_2024-03-20_followup.md: line 3: text that reads like instructions to an AI "
        "was treated as data and not used",
        "initech.com_2024-03-20_followup.md: line 4: text that reads like instructions to an AI "
        "was treated as data and not used",
    ]
    assert index.accounts() == [
        "acme.com", "globex.io", "hooli.com", "initech.com", "umbrella.com", "wayne.com"
    ]  # fmt: skip
    assert index.files_for("WWW.Initech.com") == [
        "initech.com_2024-03-20_followup.md", "initech_qa_2024-03-08.md"
    ]  # fmt: skip
    assert index.assessments["webinar_feedback_2024-02.md"].account is None
    assert index.needs_for("unknown.com") is None


def test_needs_for_merges_an_accounts_interviews(notes_dir):
    needs = NotesIndex.load(notes_dir).needs_for("initech.com")
    followup, qa = "initech.com_2024-03-20_followup.md", "initech_qa_2024-03-08.md"
    assert needs.interviews == 2
    assert [(p.category, p.severity) for p in needs.pains] == [
        ("manual_work", "important"), ("compliance", "important"), ("reporting", "nice-to-have")
    ]  # fmt: skip
    assert needs.pains[0].quotes == [
        Quote(file=followup, quote="Month-end close still takes six days because everything is "
                                   "reconciled manually in Excel."),
        Quote(file=qa, quote="We reconcile pipeline numbers between Salesforce and NetSuite "
                             "manually, it takes three people most of a week."),
    ]  # fmt: skip
    assert needs.current_tools[0] == {
        "text": "manual process", "kind": "workaround", "interviews": 2,
        "quotes": [q.model_dump() for q in needs.pains[0].quotes],
    }  # fmt: skip
    assert needs.decision_process["roles"] == [{"role": "CFO", "kind": "economic buyer"}]
    assert needs.decision_process["steps"] == ["pilot", "security review"]
    assert needs.budget["amounts"] == ["$10k"]
    assert needs.timeline == {
        "text": "next quarter", "urgent": False,
        "quotes": [{"file": followup, "quote": "They want to run a pilot next quarter; the CFO "
                                               "approves tools over $10k."}],
    }  # fmt: skip


def test_needs_match_the_contract_shape(notes_dir):
    index = NotesIndex.load(notes_dir)
    for domain in index.accounts():
        needs = index.needs_for(domain).model_dump(mode="json")
        assert set(needs) == {
            "interviews", "pains", "current_tools", "triggers", "objections", "desired_outcomes",
            "decision_process", "budget", "timeline",
        }  # fmt: skip
        items = [*needs["pains"], *needs["current_tools"], *needs["triggers"], *needs["objections"]]
        items += [needs[k] for k in ("decision_process", "budget", "timeline") if needs[k]]
        for item in items:
            assert item["quotes"], item
            for quote in item["quotes"]:
                assert set(quote) == {"file", "quote"}
                assert quote_occurs(quote["quote"], index.notes[quote["file"]].text)
        for pain in needs["pains"]:
            assert pain["severity"] in ("critical", "important", "nice-to-have")


def test_injected_note_changes_nothing(tmp_path):
    injected = (NOTES / "initech.com_2024-03-20_followup.md").read_text()
    clean = "\n".join(line for line in injected.splitlines() if "INSTRUCTIONS" not in line
                      and "System prompt" not in line)  # fmt: skip
    for name, text in (("injected", injected), ("clean", clean)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "initech.com_2024-03-20_followup.md").write_text(text)
    with_injection = NotesIndex.load(tmp_path / "injected").needs_for("initech.com")
    without = NotesIndex.load(tmp_path / "clean").needs_for("initech.com")
    assert with_injection == without
    assert "Perfect Fit" not in with_injection.model_dump_json()


class FakeExtractor:
    """An extractor that cites words nobody said, the interviewer, and another file."""

    method = "fake"

    def assess(self, note, account=None):
        real = Quote(file=note.file, quote="it's a nightmare")
        return Assessment(
            file=note.file,
            method=self.method,
            pains=[
                Pain(pain="routing", category="lead_routing", severity="critical", quotes=[
                    real,
                    Quote(file=note.file, quote="We are a Perfect Fit, says the customer"),
                    Quote(file=note.file, quote="How do inbound leads get to your reps today?"),
                    Quote(file="other.md", quote="it's a nightmare"),
                ]),
                Pain(pain="made up", category="forecasting", severity="critical",
                     quotes=[Quote(file=note.file, quote="our forecast is always wrong")]),
            ],
            objections=[Signal(text="made up", kind="price",
                               quotes=[Quote(file=note.file, quote="far too pricey")])],
        )  # fmt: skip


def test_grounding_gate_keeps_only_the_customers_verbatim_words(tmp_path):
    shutil.copy(NOTES / "globex.io_2024-03-05_call.txt", tmp_path)
    index = NotesIndex.load(tmp_path, extractor=FakeExtractor())
    assessment = index.assessments["globex.io_2024-03-05_call.txt"]
    assert assessment.method == "fake"
    assert assessment.pains == [
        Pain(pain="routing", category="lead_routing", severity="critical",
             quotes=[Quote(file="globex.io_2024-03-05_call.txt", quote="it's a nightmare")])
    ]  # fmt: skip
    assert assessment.objections == []
    assert assessment.warnings == [
        "5 quote(s) dropped: not found in the customer's words in this note"
    ]


class BrokenExtractor:
    method = "broken"

    def assess(self, note, account=None):
        if note.file.startswith("globex"):
            raise RuntimeError("endpoint timed out")
        return Assessment(file=note.file, method=self.method)


def test_one_failing_note_does_not_stop_the_others(tmp_path):
    for name in ("globex.io_2024-03-05_call.txt", "acme.com_2024-03-01_discovery.md"):
        shutil.copy(NOTES / name, tmp_path)
    index = NotesIndex.load(tmp_path, extractor=BrokenExtractor())
    assert index.problems == [
        "globex.io_2024-03-05_call.txt: skipped: assessment failed (endpoint timed out)"
    ]
    assert index.needs_for("acme.com") == Needs(interviews=1)


def test_notes_index_load_missing_folder(tmp_path):
    with pytest.raises(InputError, match="notes folder not found"):
        NotesIndex.load(tmp_path / "nope")


def test_merge_needs_takes_the_highest_severity_and_spreads_quotes():
    def pain(file, severity):
        return Pain(pain=f"p {file}", category="data_quality", severity=severity,
                    quotes=[Quote(file=file, quote=f"{file} {i}") for i in range(4)])  # fmt: skip

    needs = merge_needs([
        Assessment(file="a.md", pains=[pain("a.md", "important")]),
        Assessment(file="b.md", pains=[pain("b.md", "critical")]),
    ])  # fmt: skip
    assert needs.pains[0].severity == "critical"
    assert needs.pains[0].pain == "p b.md"
    assert [q.quote for q in needs.pains[0].quotes] == [
        "b.md 0", "a.md 0", "b.md 1", "a.md 1", "b.md 2"
    ]  # fmt: skip


def run(*args):
    group = IcpGroup()
    group.add_command(interviews_command)
    return CliRunner().invoke(group, ["interviews", *map(str, args)])


def test_interviews_command_writes_markdown_and_json(notes_dir, tmp_path):
    result = run(notes_dir, "--out", tmp_path / "r.md", "--json", tmp_path / "r.json",
                 "--db", tmp_path / "none.db")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "note: empty_call.md: skipped: empty file" in result.output
    markdown = (tmp_path / "r.md").read_text()
    assert markdown.startswith("# Interview synthesis\n")
    assert "| Manual work | 7 | 88% | 1 | 6 | 0 |" in markdown
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["interviews"] == 8
    assert set(report["needs"]) == {"acme.com", "globex.io", "hooli.com", "initech.com",
                                    "umbrella.com", "wayne.com"}  # fmt: skip
    assert not (tmp_path / "none.db").exists()


def test_interviews_command_one_account(notes_dir):
    result = run(notes_dir, "--account", "globex.io")
    assert result.exit_code == 0, result.output
    assert "# Needs of globex.io" in result.output
    assert "### lead_routing (critical): nobody called back within a day" in result.output


def test_interviews_command_account_without_notes(notes_dir):
    result = run(notes_dir, "--account", "nope.com")
    assert result.exit_code == 1
    assert "Error: nope.com: no interview notes in" in result.output


def test_interviews_command_reads_segments_from_the_store(notes_dir, tmp_path):
    db = tmp_path / "icp.db"
    store = Store(db)
    result = AccountResult(domain="globex.io")
    result.firmographics.industry = Field(value="Software", method="rule")
    result.firmographics.employee_count = Field(value=120, method="rule")
    result.score = Score(icp="t", total=85, tier="Perfect Fit", route="ae")
    store.save_account(result, [])
    store.close()
    out = tmp_path / "r.json"
    assert run(notes_dir, "--db", db, "--json", out, "--out", tmp_path / "r.md").exit_code == 0
    segments = json.loads(out.read_text())["segments"]
    assert segments["tier"] == {"Perfect Fit": {"interviews": 1, "themes": {
        "lead_routing": 1, "tool_sprawl": 1, "email": 1, "hubspot": 1, "salesforce": 1,
        "chili piper": 1, "leandata": 1}}}  # fmt: skip
    assert segments["size"]["51-200"]["interviews"] == 1
    assert segments["industry"]["Software"]["interviews"] == 2  # globex (store) + hooli (NOTE)
