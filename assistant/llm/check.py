"""Check a language model's answer against the sources before anyone sees it.

A model's citations are claims, not facts. After generation, each answer
sentence keeps a citation only when the passage behind it supports the sentence
by the same offline check the evaluation uses (`citations.support`, threshold
`SUPPORT_THRESHOLD`), and the quote shown to the user is the sentence (or
adjacent pair) of that passage that supports it (`citations.best_support`).

Policy, sentence by sentence:
1. `[n]` markers that name no retrieved source are discarded.
2. Among the sources the sentence cites, the best-supporting one is kept.
3. When none of them supports it (a wrong number, a missing marker), the other
   retrieved passages are tried: a sentence that one of them supports is cited
   to that passage instead, because the claim is grounded and only the pointer
   was wrong. Renumbering happens in `citations.render` anyway.
4. A sentence no retrieved passage supports is dropped, never shown uncited:
   the Answer carries only verified claims. (Flagging instead would need the
   Answer/Claim contract to carry unverified sentences; it does not.)
5. A supporting quote that is itself an instruction to the model (prompt
   injection) never counts as support.
6. Refusals ("I don't know", "the articles do not say ...") are not claims;
   when no verified sentence remains the answer is a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answering.citations import SUPPORT_THRESHOLD, best_support, split_claims
from assistant.answering.injection import is_instruction
from assistant.models import Claim, Source
from assistant.text import content_terms

_SOURCE_WORD = re.compile(r"\[\s*(?:sources?|passages?|refs?|references?|doc(?:ument)?s?)\s*#?\s*(\d+)\s*\]", re.I)
_LIST_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)+)\s*\]")
_LABEL = re.compile(r"^\s*(?:answer|final answer|response)\s*:\s*", re.I)
_REFUSAL = re.compile(
    r"\b(?:i\s+(?:do\s*not|don'?t|cannot|can'?t)\s+know"
    r"|i\s+(?:am|'m)\s+(?:not\s+sure|unable)"
    r"|(?:the\s+)?(?:provided\s+)?(?:articles?|sources?|passages?|texts?|documents?|context)\s+"
    r"(?:do(?:es)?|did)\s*(?:not|n'?t)\s+(?:say|mention|state|specify|provide|contain|include|answer|tell|discuss)"
    r"|(?:is|are|was|were)\s+not\s+(?:mentioned|stated|specified|provided|given|found|discussed)\s+in\s+the"
    r"|there\s+(?:is|are)\s+no\s+(?:information|mention|details?)"
    r"|no\s+information\s+(?:about|on|regarding)"
    r"|not\s+enough\s+information"
    r"|(?:cannot|can'?t|unable\s+to)\s+(?:answer|determine|find|tell)"
    r")\b",
    re.I,
)


@dataclass
class CheckedAnswer:
    """The verified claims, whether the answer is a refusal, and what the check changed (for logs)."""

    claims: list[Claim]
    refused: bool
    notes: list[str] = field(default_factory=list)


def is_refusal(sentence: str) -> bool:
    return bool(_REFUSAL.search(sentence))


def normalize_markers(text: str) -> str:
    """Common citation spellings ("[Source 2]", "[1, 3]") -> the "[n]" form the splitter reads."""
    text = _SOURCE_WORD.sub(lambda m: f"[{m.group(1)}]", text)
    text = _LIST_MARKER.sub(lambda m: "".join(f"[{n}]" for n in re.split(r"\s*[,;]\s*", m.group(1))), text)
    return _LABEL.sub("", text.strip())


def check_answer(text: str, sources: list[Source]) -> CheckedAnswer:
    by_n = {s.n: s for s in sources}
    claims: list[Claim] = []
    notes: list[str] = []
    model_refused = False
    for sentence, numbers in split_claims(normalize_markers(text)):
        if is_refusal(sentence):
            model_refused = True
            notes.append(f"refusal: {sentence!r}")
            continue
        if not content_terms(sentence):
            continue  # "Sure." carries no claim to check
        unknown = [n for n in numbers if n not in by_n]
        if unknown:
            notes.append(f"no source {unknown} (have 1-{len(sources)}): {sentence!r}")
        cited = [by_n[n] for n in dict.fromkeys(numbers) if n in by_n]
        claim = supported_claim(sentence, cited)
        if claim is None:
            claim = supported_claim(sentence, [s for s in sources if s not in cited])
            if claim is not None and cited:
                notes.append(f"re-cited [{cited[0].n}] -> [{claim.source.n}]: {sentence!r}")
        if claim is None:
            notes.append(f"dropped, unsupported: {sentence!r}")
            continue
        claims.append(claim)
    if model_refused and not claims:
        notes.append("model refused")
    return CheckedAnswer(claims, refused=not claims, notes=notes)


def supported_claim(sentence: str, candidates: list[Source]) -> Claim | None:
    """The best-supported Claim for `sentence` among `candidates`, or None below the threshold."""
    best: Claim | None = None
    for source in candidates:
        start, end, score = best_support(sentence, source)
        if score < SUPPORT_THRESHOLD or is_instruction(source.article.text[start:end]):
            continue
        if best is None or score > best.support + 1e-9:
            best = Claim(sentence, source, start, end, score)
    return best
