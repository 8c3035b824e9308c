"""Agreement of the rule-based interview assessment with the interviewers' own write-ups.

Reads the real customer-discovery notes in ../shared/realdata/interviews-columbia-startup-studio,
pairs each raw note (`interview_NN.md`, `<uni>_interview_N.md`) with the team's snapshot form
written after the call (`snapshot_NN.md`), and compares:

- problem confirmed: the snapshot's "Problem confirmed?" (Y/N) against "we found a pain of
  severity important or critical";
- current solution: whether the snapshot's "Current solution" names at least one of the tools
  or workarounds we found (products by name, workarounds by a few synonyms);
- key quote: whether one of our pain quotes overlaps the snapshot's key quote.

These interviews are consumer and student research, not B2B sales calls, so most pains land in
`other`, `manual_work` or `tool_sprawl`; the figures measure generalization, not tuning. Every
quote the report shows is checked to occur in its note (the script fails otherwise).

Usage: PYTHONPATH=. python benchmarks/interviews_realdata.py [REALDATA_DIR]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tools.evidence import normalize_text, quote_occurs
from tools.notes.pains import assess_note
from tools.notes.read import read_note

DEFAULT_REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
FOLDER = "interviews-columbia-startup-studio"
_PAIR = re.compile(r"^(?P<prefix>.*?)(?P<kind>interview|snapshot)_(?P<number>\d+)\.md$")
SYNONYMS = {
    "spreadsheets": ("spreadsheet", "excel", "sheet", "workbook", "tracker"),
    "manual process": ("manual", "by hand"),
    "pen and paper": ("notebook", "paper", "pen", "planner", "journal"),
    "text messages": ("text", "message", "chat"),
    "to-do list": ("to-do", "todo", "to do", "list"),
    "memory": ("memory", "recall", "remember", "mental"),
    "Google search": ("google",),
    "AI tools": ("ai", "llm", "chatgpt", "gpt"),
    "word of mouth": ("friend", "word of mouth", "referral", "social circle"),
    "calendar": ("calendar",),
    "email": ("email",),
}


def snapshot_field(text: str, label: str) -> str:
    """Return a field of a snapshot form, whatever its layout (table, bold, list, line)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = re.search(rf"{label}\W*", line, re.I)
        if not match:
            continue
        rest = re.sub(r"^[\s*|:?_]+|[\s*|_]+$", "", line[match.end() :])
        if rest:
            return rest
        for following in lines[i + 1 : i + 4]:
            value = following.strip(" \t-*|")
            if value:
                return value
    return ""


def pairs(folder: Path) -> list[tuple[Path, Path]]:
    """Return (interview, snapshot) file pairs with the same team, prefix and number."""
    found: dict[tuple, dict[str, Path]] = {}
    for path in folder.rglob("*.md"):
        match = _PAIR.match(path.name)
        if match:
            key = (path.parent, match["prefix"], int(match["number"]))
            found.setdefault(key, {})[match["kind"]] = path
    return [(kinds["interview"], kinds["snapshot"]) for _, kinds in sorted(found.items())
            if len(kinds) == 2]  # fmt: skip


def solution_named(found: list[str], solution: str) -> bool:
    """Return whether the snapshot's current solution names one of the items we found."""
    words = normalize_text(solution)
    for item in found:
        terms = SYNONYMS.get(item, (item,))
        if any(re.search(rf"\b{re.escape(term.casefold())}", words) for term in terms):
            return True
    return False


def evaluate(realdata: Path) -> list[dict]:
    """Return one row per interview/snapshot pair."""
    rows = []
    folder = realdata / FOLDER
    for interview, snapshot in pairs(folder):
        note = read_note(interview, interview.relative_to(folder).as_posix())
        assessment = assess_note(note)
        for pain in assessment.pains:
            for quote in pain.quotes:
                assert quote_occurs(quote.quote, note.text), (interview, quote.quote)
        form = snapshot.read_text(encoding="utf-8-sig")
        confirmed = snapshot_field(form, r"problem confirmed\??")
        solution = snapshot_field(form, r"current solution")
        key_quote = snapshot_field(form, r"key quotes?").strip("“”\"' ")
        tools = [s.text for s in assessment.current_tools]
        strong = [p for p in assessment.pains if p.severity != "nice-to-have"]
        quotes = [normalize_text(q.quote) for p in assessment.pains for q in p.quotes]
        key = normalize_text(key_quote)
        rows.append({
            "pair": note.file,
            "confirmed": confirmed[:1].upper() if confirmed[:1].upper() in "YN" else "?",
            "pains": [f"{p.category}:{p.severity}" for p in assessment.pains],
            "found_pain": bool(strong),
            "solution": solution,
            "tools": tools,
            "solution_agrees": solution_named(tools, solution) if solution else None,
            "key_quote_hit": (any(key[:60] in q or q[:60] in key for q in quotes)
                              if len(key) > 20 and quote_occurs(key_quote, note.text) else None),
        })  # fmt: skip
    return rows


def main(argv: list[str]) -> int:
    realdata = Path(argv[1]) if len(argv) > 1 else DEFAULT_REALDATA
    if not (realdata / FOLDER).is_dir():
        print(f"no {FOLDER} under {realdata}", file=sys.stderr)
        return 1
    rows = evaluate(realdata)
    for row in rows:
        print(f"{row['pair']}\n  snapshot: problem confirmed={row['confirmed']}; "
              f"current solution: {row['solution'][:100]}\n  ours: pains={row['pains']}; "
              f"tools={row['tools']}")  # fmt: skip
    judged = [r for r in rows if r["confirmed"] in "YN"]
    agree = sum((r["confirmed"] == "Y") == r["found_pain"] for r in judged)
    confirmed = [r for r in judged if r["confirmed"] == "Y"]
    recall = sum(r["found_pain"] for r in confirmed)
    with_solution = [r for r in rows if r["solution_agrees"] is not None]
    named = sum(r["solution_agrees"] for r in with_solution)
    with_key = [r for r in rows if r["key_quote_hit"] is not None]
    hits = sum(r["key_quote_hit"] for r in with_key)
    print(f"\n{len(rows)} interview/snapshot pairs")
    print(f"problem confirmed vs pain found: agreement {agree}/{len(judged)} "
          f"({agree / max(1, len(judged)):.0%}); pains found in {recall}/{len(confirmed)} "
          "interviews the team marked confirmed")  # fmt: skip
    print(
        f"current solution names one of our tools/workarounds: {named}/{len(with_solution)} "
        f"({named / max(1, len(with_solution)):.0%})"
    )
    print(
        f"snapshot key quote among our pain quotes: {hits}/{len(with_key)} "
        "(pairs whose key quote is verbatim in the note)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
