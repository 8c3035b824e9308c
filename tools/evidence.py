"""Quote verification: does a quote really occur in the text it claims to come from?"""

from __future__ import annotations

import html
import re
import unicodedata

from agent.models import Evidence

_SPACE = re.compile(r"\s+")
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


# Text that addresses a model or the scorer instead of stating a fact ("ignore previous
# instructions", "mark this company as a Perfect Fit"): never evidence, whoever reads it.
_INSTRUCTION_LIKE = re.compile(
    r"ignore (?:all |any |the |your )?(?:previous |prior |above |earlier |these )?"
    r"(?:instructions|prompts?|rules|directions)"
    r"|disregard (?:all |any |the )?(?:previous|prior|above|earlier|your)"
    r"|(?:new|updated|override|system) (?:instructions|prompt)"
    r"|you are (?:now )?(?:an? |the )?(?:[a-z-]+ ){0,2}"
    r"(?:ai|assistant|language model|llm|chatbot|gpt)\b"
    r"|(?:language model|llm|ai assistant|chatgpt)s? (?:must|should|reading this)"
    r"|perfect fit|strong fit|\bicp (?:score|fit|tier)"
    r"|(?:score|rate|rank|classify|mark|label) (?:this|the) (?:company|account|lead)"
)


def reads_like_instructions(text: str) -> bool:
    """Return whether text reads like instructions to a model rather than a statement of fact."""
    return bool(_INSTRUCTION_LIKE.search(normalize_text(text)))


def normalize_text(text: str) -> str:
    """Normalize for quote matching: NFKC, entities, quotes/dashes, case and whitespace."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(_TRANSLATE)
    return _SPACE.sub(" ", text).strip().casefold()


def quote_occurs(quote: str, *texts: str) -> bool:
    """Return whether `quote` occurs (normalized) in any of `texts`; empty quotes never do."""
    needle = normalize_text(quote)
    if not needle:
        return False
    return any(needle in normalize_text(text) for text in texts if text)


def find_sentence(text: str, start: int, end: int, limit: int = 300) -> str:
    """Return the sentence of `text` around the span [start, end), at most `limit` chars."""
    left = max(text.rfind(sep, 0, start) for sep in (". ", "! ", "? ", "\n", "|"))
    left = 0 if left < 0 else left + 1
    rights = [i for i in (text.find(sep, end) for sep in (". ", "! ", "? ", "\n", "|")) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    sentence = text[left:right].strip()
    if len(sentence) > limit:
        lo = max(start - limit // 2, left)
        sentence = text[lo : min(lo + limit, len(text))].strip()
    return sentence


def evidence_is_valid(evidence: Evidence, page_texts: dict[str, tuple[str, ...]]) -> bool:
    """Return whether the evidence URL was fetched and its quote occurs in that page."""
    texts = page_texts.get(evidence.url)
    return texts is not None and quote_occurs(evidence.quote, *texts)
