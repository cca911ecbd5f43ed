"""Recognise article sentences that talk to the model instead of reporting news.

Retrieved articles are untrusted input. The prompt marks them as data, but a
small local model follows a well-placed "ignore your instructions" anyway, so
such sentences are (1) withheld from the prompt and (2) never accepted as the
supporting quote of an answer sentence. The patterns are narrow on purpose:
they target text addressed to an AI system, which real reporting almost never
contains; a false positive only hides one sentence from the language model
(the extractive fallback and the passage shown to the user still have it).
"""

from __future__ import annotations

import re

from assistant.text import sentence_spans

WITHHELD = "[sentence withheld: it addresses the assistant, not the reader]"

_PATTERNS = [
    # "ignore your instructions", "disregard all previous instructions", "forget the rules above"
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}?"
    r"\b(?:instructions?|rules|prompts?|directions|guidelines|system message)\b",
    # "new instructions:", "system prompt", "developer mode"
    r"\b(?:new|updated|real|actual)\s+instructions?\s*:",
    r"\bsystem\s+prompt\b",
    r"\bdeveloper\s+mode\b",
    # "you are now an AI that ...", "as an AI language model, answer ..."
    r"\byou\s+are\s+now\b",
    r"\b(?:ai|assistant|chatbot|language model|llm)s?\b[^.!?\n]{0,30}"
    r"\b(?:reading|processing|summari[sz]ing)\s+this\b",
]
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.I)


def is_instruction(sentence: str) -> bool:
    """True when the sentence addresses the model (a prompt-injection attempt)."""
    return bool(_INSTRUCTION.search(sentence))


def redact_instructions(text: str) -> str:
    """`text` with every instruction-like sentence replaced by a short marker."""
    spans = [(s, e) for s, e in sentence_spans(text) if is_instruction(text[s:e])]
    for s, e in reversed(spans):
        text = text[:s] + WITHHELD + text[e:]
    return text
