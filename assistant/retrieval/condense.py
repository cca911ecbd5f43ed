"""Make a follow-up question standalone from the earlier user turns of the chat.

Rule-based so it runs offline and instantly: a third-person pronoun in the
follow-up is replaced by the entity the previous turn asked about ("Who is the
city's new mayor?" -> "the city's new mayor"; "What did Kim Jong Un say?" ->
"Kim Jong Un"). When an LLM backend is configured it may do this instead (see
generation backends); this is the offline default and the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SUBJECT = {"he", "she", "they"}
_OBJECT = {"him", "them"}
_POSSESSIVE = {"his", "their", "its", "hers", "theirs"}
_THING = {"it"}
_PRONOUN = re.compile(r"\b(he|she|they|him|her|them|his|hers|their|theirs|it|its)\b", re.I)
# "Who is X?", "What was X?", "Tell me about X" -> X is the topic of the turn.
_TOPIC = re.compile(
    r"^\s*(?:who|what|which)\s+(?:is|was|are|were)\s+(?P<x>.+?)\s*[?.!]*\s*$|"
    r"^\s*(?:tell me (?:more )?about|what about|how about|and)\s+(?P<y>.+?)\s*[?.!]*\s*$",
    re.I,
)
_NAME = re.compile(
    r"\b[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|bin|al|of|the))*\s*[A-Z][\w'’-]*\b|"
    r"\b[A-Z][a-z]+[\w'’-]*\b"
)
_FOLLOWUP_START = re.compile(r"^\s*(?:and|what about|how about)\s+(?P<x>.+?)\s*\??\s*$", re.I)
# Words after "her" that show it is an object, not a possessive ("asked her about").
_AFTER_OBJECT = {"about", "to", "for", "with", "in", "on", "at", "from", "by", "that", "if", "when", "as", "?", ""}


# A follow-up resolver: (question, earlier user turns) -> standalone question.
Condenser = Callable[[str, list[str]], str]


def topic_of(turn: str) -> str | None:
    """The entity a user turn is about: the complement of "who is X", else its last name-like span."""
    match = _TOPIC.match(turn)
    if match:
        topic = (match.group("x") or match.group("y") or "").strip()
        if topic and not _PRONOUN.fullmatch(topic):
            return topic
    names = _names(turn)
    return turn[names[0][0] : names[0][1]] if names else None


def _names(turn: str) -> list[tuple[int, int]]:
    """Spans of name-like words; a capitalised first word ("What", "How") is not a name."""
    spans = []
    for m in _NAME.finditer(turn):
        start, end = m.start(), m.start() + len(m.group().rstrip())
        if start == len(turn) - len(turn.lstrip()):
            first_word_end = turn.find(" ", start)
            if first_word_end == -1 or first_word_end >= end:
                continue
            start = first_word_end + 1  # "What Biden said" -> "Biden"
            while start < end and not turn[start].isupper():
                start = turn.find(" ", start) + 1 or end
            if start >= end:
                continue
        spans.append((start, end))
    return spans


def condense(question: str, history: list[str]) -> str:
    """Standalone form of `question`; unchanged when it needs nothing from `history`."""
    if not history:
        return question
    topic = None
    for turn in reversed(history):
        topic = topic_of(turn)
        if topic:
            break
    if not topic:
        return question
    follow = _FOLLOWUP_START.match(question)
    if follow and len(question.split()) <= 6:
        # "And Lagos?" after "What did Tinubu say about Abuja?": the previous question
        # again, with its last name (usually the thing asked about) swapped.
        previous = history[-1].rstrip("?. ")
        names = _names(previous)
        return f"{previous[: names[-1][0]]}{follow.group('x')}{previous[names[-1][1] :]}?" if names else question
    if not _PRONOUN.search(question):
        return question
    possessive = topic if topic.endswith(("'s", "’s")) else f"{topic}'s"
    replaced = False

    def swap(match: re.Match) -> str:
        nonlocal replaced
        word = match.group().lower()
        following = question[match.end() :].split()
        nxt = following[0].strip("?,.!").lower() if following else ""
        if word in _SUBJECT or word in _OBJECT or word in _THING:
            out = topic
        elif word in _POSSESSIVE or (word == "her" and nxt not in _AFTER_OBJECT):
            out = possessive
        else:  # object "her"
            out = topic
        replaced = True
        return out

    # Replace the first pronoun only: later ones usually co-refer and reading it twice is clumsy.
    result = _PRONOUN.sub(swap, question, count=1)
    return result if replaced else question
