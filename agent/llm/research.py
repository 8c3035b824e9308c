"""The LLM research step: a full reader beside the rules, and only grounded values kept.

`LLMResearcher.research(state)` is what the graph node `research_with_llm` awaits. It asks at
most two questions per account — every firmographic field (plus technologies in use), whether
the rules found it or not, and the ICP's `[[specialized]]` questions without a deterministic
answer — showing the model only the most relevant chunks of this account's fetched pages,
under a per-account token budget. The deterministic reconciler (`agent.llm.reconcile`) then
keeps the rules' value or the LLM's per field, or flags a conflict with both quotes. A field
is asked only when some page has a cue for it ("founded", "employees", the question's
subject), so pages that state nothing cost nothing. Every proposed value goes through the
grounding gate (`agent.llm.grounding`); what fails is dropped and reported.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from pydantic import BaseModel

from agent.errors import LLMError
from agent.icp import ICP, SpecializedQuestion, specialized_questions
from agent.llm.client import StructuredLLM
from agent.llm.costs import CostLedger, Usage
from agent.llm.excerpts import CHARS_PER_TOKEN, Excerpt, select_excerpts, usable_pages
from agent.llm.grounding import Claim, Drop, PageIndex, Verdict, ground
from agent.llm.reconcile import reconcile_field
from agent.llm.research_cues import FIELD_CUES, FIELD_KINDS, has_cue, question_cue
from agent.llm.research_replies import Citation, FirmographicsReply, SpecializedReply
from agent.llm.structured_output import strict_json_schema
from agent.models import (
    FIRMOGRAPHIC_FIELDS,
    Field,
    Firmographics,
    PageRecord,
    Reconciliation,
    Technology,
)
from prompts import load_prompt

if TYPE_CHECKING:  # the state module imports this one's neighbours
    from agent.state import State
from store.llm_cache import LLMCache
from tools.technographics.business_tools import classify_named

log = logging.getLogger("icp.research")
DEFAULT_TOKEN_BUDGET = 3000
MIN_PAGE_TOKENS = 150
COMPLETION_TOKENS_PER_ITEM = 45


@dataclass
class _Call:
    """One planned request: its prompt, reply schema, how to pick page text and apply it."""

    prompt_name: str
    variables: dict[str, str]
    schema: type[BaseModel]
    cues: list[re.Pattern[str]]
    intro: bool
    items: int
    apply: Callable[[Any], ResearchUpdate]

    @property
    def completion_tokens(self) -> int:
        return COMPLETION_TOKENS_PER_ITEM * self.items + 20

    def fixed_tokens(self) -> int:
        """Return the tokens the call costs before any page text: prompt, schema, reply."""
        prompt = load_prompt(self.prompt_name).render(**self.variables, pages="")
        return _tokens(prompt) + _tokens(strict_json_schema(self.schema)) + self.completion_tokens


class ResearchUpdate(TypedDict, total=False):
    """The partial state update of the LLM step (keys of `agent.state.State`)."""

    firmographics: Firmographics
    technographics: list[Technology]
    specialized: dict[str, Field]
    notes: list[str]
    llm_drops: list[dict[str, Any]]
    usage: Usage
    reconciliation: list[Reconciliation]


class LLMResearcher:
    """Grounded LLM research for one account at a time (shared by a whole batch).

    Implements `agent.context.Researcher`: the ICPs come with each call, from the context.
    """

    def __init__(
        self,
        client: StructuredLLM,
        *,
        cache: LLMCache | None = None,
        token_budget: int = DEFAULT_TOKEN_BUDGET,
        ledger: CostLedger | None = None,
    ):
        self.client = client
        self.cache = cache
        self.token_budget = token_budget
        self.ledger = ledger if ledger is not None else CostLedger()
        """Usage of every call of the run (per account and total)."""

    async def research(self, state: State, icps: Sequence[ICP]) -> ResearchUpdate:
        """Return the partial state update of the LLM step for one account.

        `industries` allowed are the first ICP's (as the scorer maps them); the questions are
        every ICP's `[[specialized]]` ones, the first ICP winning a shared key.
        """
        pages = usable_pages(state.pages)
        index = PageIndex(state.pages)
        drops: list[Drop] = []
        industries = icps[0].industries if icps else []
        questions = specialized_questions(icps)
        calls = [c for c in (self._firmographics_call(state, pages, index, drops, industries),
                             self._specialized_call(state, pages, index, drops, questions))
                 if c]  # fmt: skip
        fixed = [call.fixed_tokens() for call in calls]
        usage = Usage()
        notes: list[str] = []
        update: ResearchUpdate = {}
        for number, call in enumerate(calls):
            free = self.token_budget - usage.budget_tokens - sum(fixed[number:])
            weight = (call.items + 2) / sum(c.items + 2 for c in calls[number:])
            reply, spent, note = await self._ask(state.domain, pages, call, int(free * weight))
            usage, notes = usage + spent, notes + note
            if reply is not None:
                update.update(call.apply(reply))
        notes += [drop.note() for drop in drops]
        update["notes"] = notes
        update["llm_drops"] = [d.as_dict() for d in drops]
        update["usage"] = usage
        return update

    def _firmographics_call(
        self,
        state: State,
        pages: list[PageRecord],
        index: PageIndex,
        drops: list[Drop],
        industries: list[str],
    ) -> _Call | None:
        # a full reader: every field some page has a cue for, known to the rules or not
        fields = [f for f in FIRMOGRAPHIC_FIELDS if has_cue(pages, FIELD_CUES[f])]
        if not fields:
            return None
        if has_cue(pages, FIELD_CUES["technologies"]):
            fields.append("technologies")  # rides along; never worth a call of its own
        variables = {
            "domain": state.domain,
            "fields": ", ".join(fields),
            "industries": ", ".join(industries),
        }
        cues = [re.compile(c, re.I) for f in fields if (c := FIELD_CUES[f])]
        intro = any(FIELD_CUES[f] is None for f in fields)
        return _Call(
            "research_firmographics", variables, FirmographicsReply, cues, intro, len(fields),
            lambda reply: self._apply_firmographics(state, reply, fields, index, drops, industries),
        )  # fmt: skip

    def _specialized_call(
        self,
        state: State,
        pages: list[PageRecord],
        index: PageIndex,
        drops: list[Drop],
        candidates: list[SpecializedQuestion],
    ) -> _Call | None:
        questions = [
            q for q in candidates
            if not state.specialized.get(q.key, Field()).known
            and has_cue(pages, question_cue(q), required=True)
        ]  # fmt: skip
        if not questions:
            return None
        lines = "\n".join(f"- {q.key} | {q.type} | {q.question}" for q in questions)
        cues = [cue for q in questions if (cue := question_cue(q))]
        return _Call(
            "answer_specialized", {"domain": state.domain, "questions": lines}, SpecializedReply,
            cues, False, len(questions),
            lambda reply: self._apply_specialized(state, reply, questions, index, drops),
        )  # fmt: skip

    async def _ask(
        self, domain: str, pages: list[PageRecord], call: _Call, page_tokens: int
    ) -> tuple[Any, Usage, list[str]]:
        if page_tokens < MIN_PAGE_TOKENS:
            return None, Usage(), [f"LLM step skipped {call.prompt_name}: token budget exhausted"]
        chars = page_tokens * CHARS_PER_TOKEN
        excerpts = select_excerpts(pages, call.cues, chars, include_intro=call.intro)
        if not excerpts:
            return None, Usage(), []
        variables = {**call.variables, "pages": render_pages(excerpts)}
        try:
            reply, usage = await self.client.structured(
                call.prompt_name, variables, call.schema, cache=self.cache,
                max_output_tokens=call.completion_tokens * 2,
            )  # fmt: skip
        except LLMError as exc:
            log.warning("LLM step failed for %s: %s", domain, exc)
            spent = exc.usage or Usage()
            self.ledger.record(domain, call.prompt_name, self.client.model, spent)
            return None, spent, [f"LLM step {call.prompt_name} failed: {exc}"]
        self.ledger.record(domain, call.prompt_name, self.client.model, usage)
        return reply, usage, []

    def _apply_firmographics(
        self,
        state: State,
        reply: FirmographicsReply,
        asked: list[str],
        index: PageIndex,
        drops: list[Drop],
        industry_labels: list[str],
    ) -> ResearchUpdate:
        filled: dict[str, Field] = {}
        industries = tuple(industry_labels)
        for fact in reply.facts:
            target = f"firmographics.{fact.field}"
            if fact.field not in FIELD_KINDS or fact.field not in asked:
                if fact.value is not None:
                    drops.append(Drop(target, fact.value, "field was not asked for"))
                continue
            if fact.field in filled:
                continue
            allowed = industries if fact.field == "industry" else ()
            claim = Claim(target, FIELD_KINDS[fact.field], fact.value,
                          _citations(fact.evidence), fact.confidence, allowed=allowed)  # fmt: skip
            if (field := _field(ground(claim, index), drops)) is not None:
                filled[fact.field] = field
        update: ResearchUpdate = {}
        kept: dict[str, Field] = {}
        entries = []
        for name in FIRMOGRAPHIC_FIELDS:
            field, entry = reconcile_field(f"firmographics.{name}",
                                           getattr(state.firmographics, name), filled.get(name))
            kept[name] = field
            entries.append(entry)
            if entry.outcome == "conflict" and entry.llm and entry.rules:
                cited = entry.llm.evidence[0]
                reason = f"conflicts with the rules' value {entry.rules.value!r}, which is kept"
                drops.append(Drop(f"firmographics.{name}", entry.llm.value, reason,
                                  cited.url, cited.quote))  # fmt: skip
        update["firmographics"] = state.firmographics.model_copy(update=kept)
        update["reconciliation"] = entries
        known = {t.name.casefold() for t in state.technographics}
        technologies = []
        for tech in reply.technologies:
            name = tech.name.strip()
            if not name or name.casefold() in known:
                continue
            if "technologies" not in asked:
                drops.append(
                    Drop(f"technographics.{name}", name, "technologies were not asked for")
                )
                continue
            verdict = ground(
                Claim(f"technographics.{name}", "technology", name, _citations(tech.evidence)),
                index,
            )
            drops.extend(verdict.drops)
            if verdict.kept:
                known.add(name.casefold())
                category, categories, business = classify_named(
                    name, tech.category.strip()[:60] or "Other"
                )
                technologies.append(
                    Technology(
                        name=name, category=category, evidence=verdict.evidence, method="llm",
                        categories=categories, business=business,
                    )
                )
        if technologies:
            update["technographics"] = [*state.technographics, *technologies]
        return update

    def _apply_specialized(
        self,
        state: State,
        reply: SpecializedReply,
        asked: list[SpecializedQuestion],
        index: PageIndex,
        drops: list[Drop],
    ) -> ResearchUpdate:
        by_key = {q.key: q for q in asked}
        filled: dict[str, Field] = {}
        for answer in reply.answers:
            target = f"specialized.{answer.key}"
            question = by_key.get(answer.key)
            if question is None:
                if answer.value is not None:
                    drops.append(Drop(target, answer.value, "question was not asked"))
                continue
            if answer.key in filled:
                continue
            claim = Claim(target, question.type, answer.value, _citations(answer.evidence),
                          answer.confidence, question=question.question)  # fmt: skip
            if (field := _field(ground(claim, index), drops)) is not None:
                filled[answer.key] = field
        return {"specialized": {**state.specialized, **filled}} if filled else {}


def render_pages(excerpts: list[Excerpt]) -> str:
    """Wrap each page's excerpt in `<untrusted_page>` delimiters (see prompts/untrusted_page)."""
    template = load_prompt("untrusted_page")
    blocks = []
    for excerpt in excerpts:
        # page text must not be able to close the delimiter and speak outside it
        text = re.sub(r"<(\s*/?\s*untrusted_page)", r"&lt;\1", excerpt.text, flags=re.I)
        url = excerpt.url.replace('"', "%22")
        blocks.append(template.render(url=url, text=text)[0]["content"])
    return "\n\n".join(blocks)


def _field(verdict: Verdict, drops: list[Drop]) -> Field | None:
    drops.extend(verdict.drops)
    if not verdict.kept:
        return None
    return Field(
        value=verdict.value, evidence=verdict.evidence, confidence=verdict.confidence, method="llm"
    )


def _citations(evidence: list[Citation]) -> tuple[tuple[str, str], ...]:
    return tuple((c.url, c.quote) for c in evidence[:5])


def _tokens(value: Any) -> int:
    return len(json.dumps(value)) // CHARS_PER_TOKEN
