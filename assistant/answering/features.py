"""The features the answer scorer reads for one candidate sentence of the retrieved passages.

Each says something a reader checks when deciding whether a sentence answers:
is it about the question (dense cosine, alone and with its neighbour; IDF-weighted
coverage of the question's terms, alone and with the title and the sentence
before, which often say who "he" is), does it hold what is asked (an entity of
the asked type that the question does not already name; a quotation for "what
did X say"; a reason for "why"), and how well the best candidate covers the
question at all (a rare question term that no candidate has, or that the whole
index lacks, is the strongest sign the articles do not answer it). Relative
features (a candidate's cosine minus the best one's) let one model rank
within a question and decide across questions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from assistant.answering.question import QuestionInfo
from assistant.text import content_terms, words

NAMES = (
    "cosine",
    "cosine_gap",
    "context_cosine",
    "coverage",
    "context_coverage",
    "coverage_gap",
    "missing_idf",
    "unseen_term",
    "typed",
    "type_match",
    "type_missing",
    "quote_match",
    "reason_match",
    "novelty",
    "source_rank",
    "lead",
    "pronoun_start",
    "length",
    "best_coverage",
    "best_cosine",
    "description_match",
    "question_in_title",
)

# A term found only in the title or the sentence before counts this much.
CONTEXT_WEIGHT = 0.8
LIGHT_WEIGHT = 0.35
_QUOTE = re.compile(r"[\"“”]|\b(said|says|told|added|warned|according to)\b", re.I)
_REASON = re.compile(
    r"\b(because|due to|since|as a result|so that|in order to|after|amid|owing to|thanks to|reason|blamed|"
    r"led to|caused|result of|following|to)\b",
    re.I,
)
_PRONOUN_START = re.compile(
    r"^[\"“]?(he|she|they|it|his|her|their|its|this|these|those|the (firm|company|group))\b", re.I
)
_ROLE = re.compile(
    r"\b(president|secretary|spokes(person|man|woman)|director|minister|leader|professor|chief|head|chair(man|woman)?|"
    r"ceo|founder|editor|correspondent|analyst|governor|ambassador|executive|manager|coach|captain|player|"
    r"actor|actress|singer|star|author|member|expert|researcher|fellow|economist|lawyer|official|teaches|"
    r"works|based)\b",
    re.I,
)


@dataclass
class Context:
    """What the features need beyond one sentence: the index's term statistics."""

    idf: dict[str, float]
    default_idf: float


def term_weights(info: QuestionInfo, ctx: Context) -> dict[str, float]:
    return {t: ctx.idf.get(t, ctx.default_idf) * (LIGHT_WEIGHT if t in info.light else 1.0) for t in info.terms}


def type_match(info: QuestionInfo, sentence: str, entities: tuple[tuple[int, int, str], ...]) -> tuple[int, int] | None:
    """The span (in the sentence) of an entity of the asked type that the question does not already name."""
    labels = info.labels
    if info.answer_type == "age":
        m = re.search(r"\b\d{1,3}[- ]years?[- ]old\b|\baged? \d{1,3}\b|, \d{1,3},", sentence)
        return m.span() if m else None
    if not labels:
        return None
    found = [
        (labels.index(label), start, end)
        for start, end, label in entities
        if label in labels and not set(words(sentence[start:end])) <= info.words
    ]
    return min(found)[1:] if found else None


def quote_span(sentence: str) -> tuple[int, int] | None:
    m = re.search(r"[\"“]([^\"“”]{8,})[\"”]", sentence)
    return m.span(1) if m else None


def candidate_features(
    info: QuestionInfo,
    weights: dict[str, float],
    sentence: str,
    context: str,
    title: str,
    entities: tuple[tuple[int, int, str], ...],
    cosine: float,
    context_cosine: float,
    source_rank: int,
    lead: bool,
    ctx: Context,
) -> list[float]:
    """Features of one sentence, without the question-level ones (filled in by `finish`)."""
    total = sum(weights.values()) or 1.0
    sentence_terms = set(content_terms(sentence))
    around = set(content_terms(f"{title}\n{context}"))
    covered = sum(w for t, w in weights.items() if t in sentence_terms)
    in_context = sum(w for t, w in weights.items() if t not in sentence_terms and t in around)
    missing = [w for t, w in weights.items() if t not in sentence_terms and t not in around]
    unseen = any(t not in ctx.idf and t not in sentence_terms and t not in info.light for t in info.terms)
    typed = bool(info.labels) or info.answer_type == "age"
    match = type_match(info, sentence, entities) is not None if typed else False
    novel_terms = sentence_terms - set(info.terms)
    n_words = len(sentence.split())
    title_terms = set(content_terms(title))
    return [
        cosine,
        0.0,
        context_cosine,
        covered / total,
        (covered + CONTEXT_WEIGHT * in_context) / total,
        0.0,
        max(missing, default=0.0) / ctx.default_idf,
        1.0 if unseen else 0.0,
        1.0 if typed else 0.0,
        1.0 if match else 0.0,
        1.0 if typed and not match else 0.0,
        1.0 if info.answer_type == "quote" and _QUOTE.search(sentence) else 0.0,
        1.0 if info.answer_type == "reason" and _REASON.search(sentence) else 0.0,
        min(len(novel_terms), 8) / 8.0,
        1.0 / source_rank,
        1.0 if lead else 0.0,
        1.0 if _PRONOUN_START.search(sentence) else 0.0,
        min(n_words, 60) / 30.0,
        0.0,
        0.0,
        1.0 if info.answer_type == "description" and _ROLE.search(sentence) else 0.0,
        sum(w for t, w in weights.items() if t in title_terms) / total,
    ]


def finish(rows: list[list[float]]) -> np.ndarray:
    """Add the question-level features: each candidate against the best of its question."""
    x = np.asarray(rows, dtype="float64").reshape(-1, len(NAMES))
    if len(x):
        best_cos, best_cov = x[:, 0].max(), x[:, 4].max()
        x[:, 1] = x[:, 0] - best_cos
        x[:, 5] = x[:, 4] - best_cov
        x[:, 18] = best_cov
        x[:, 19] = best_cos
    return x


def idf_table(document_terms: list[set[str]]) -> tuple[dict[str, float], float]:
    """Inverse document frequency of content terms over the passages (titles count as text)."""
    df: dict[str, int] = {}
    for terms in document_terms:
        for t in terms:
            df[t] = df.get(t, 0) + 1
    n = max(len(document_terms), 1)
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}, math.log((n + 1) / 0.5)
