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
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from assistant.answering.question import QuestionInfo
from assistant.ingest.dates import POINT_IN_TIME
from assistant.text import content_terms, term_positions, words

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
    "previous_coverage",
    "previous_cosine",
    "echo",
    "names_near",
    "speaker_match",
    "quoted",
    "type_count",
    "relation_coverage",
    "anchor",
    "names_missing",
)

# What the answer model reads for a whole question: the ranker's confidence (top share, gap to the
# runner-up, how many candidates there were) and how well the chosen sentence covers the question.
_TOP = (
    "coverage",
    "context_coverage",
    "missing_idf",
    "unseen_term",
    "cosine",
    "type_match",
    "type_missing",
    "best_coverage",
    "best_cosine",
    "previous_coverage",
    "relation_coverage",
    "anchor",
    "length",  # a long sentence matches a short question with a lower cosine
    # A name the question gives (South Korea, Japan) that the sentence, the one before it and the
    # title all lack. Missing terms are otherwise weighed by IDF, and in a big archive the names
    # that matter most (countries, parties, leaders) are common: missing them then costs nearly
    # nothing, and "Who is the prime minister of Japan?" was answered with Tony Blair.
    "names_missing",
)
QUESTION_NAMES = ("top_share", "top_score", "score_gap", "log_candidates") + tuple(f"top_{n}" for n in _TOP)

_COL = {name: i for i, name in enumerate(NAMES)}
# A term found only in the title or the sentence before counts this much.
CONTEXT_WEIGHT = 0.8
LIGHT_WEIGHT = 0.35
_QUOTE = re.compile(r"[\"“”]|\b(said|says|told|added|warned|according to)\b", re.I)
_REASON = re.compile(
    r"\b(because|due to|since|as a result|so that|in order to|after|amid|owing to|thanks to|reason|blamed|"
    r"led to|caused|result of|following|reflect(s|ed|ing)?|driven by|fuell?ed by|hit by|on the back of|to)\b",
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
    spans = typed_spans(info, sentence, entities)
    return spans[0] if spans else None


def typed_spans(info: QuestionInfo, sentence: str, entities: tuple[tuple[int, int, str], ...]) -> list[tuple[int, int]]:
    """Every span of the asked type the question does not already name, the likeliest label first."""
    labels = info.labels
    if info.answer_type == "age":
        m = re.search(r"\b\d{1,3}[- ]years?[- ]old\b|\baged? \d{1,3}\b|\bage of \d{1,3}\b|, \d{1,3},", sentence)
        return [m.span()] if m else []
    if not labels:
        return []
    found = [
        (labels.index(label), start, end)
        for start, end, label in _with_years(sentence, entities, labels)
        if label in labels
        and not set(words(sentence[start:end])) <= info.words
        # "When ...?" asks for a point in time: "after six years" is how long, not when.
        and not (info.answer_type == "date" and label == "DATE" and not POINT_IN_TIME.search(sentence[start:end]))
    ]
    return [(start, end) for _, start, end in sorted(found)]


def _with_years(
    sentence: str, entities: tuple[tuple[int, int, str], ...], labels: tuple[str, ...]
) -> Iterator[tuple[int, int, str]]:
    """The entities, with a year spaCy took for a count read as a DATE when the question asks for one.

    The small English model tags years it rarely saw as CARDINAL ("completed in 537", "born
    around 1400"), so "In what year was it finished?" found no date in the sentence that gives
    it. A bare number of 3-4 digits after a preposition of time and before punctuation, an era
    or a function word is a year; "in 300 games" is not (a noun follows).
    """
    for start, end, label in entities:
        if (
            label == "CARDINAL"
            and "DATE" in labels
            and _BARE_YEAR.fullmatch(sentence[start:end])
            and _BEFORE_YEAR.search(sentence, 0, start)
            and _AFTER_YEAR.match(sentence, end)
        ):
            label = "DATE"
        yield start, end, label


_BARE_YEAR = re.compile(r"[1-9]\d{2,3}")
_BEFORE_YEAR = re.compile(r"\b(?:in|around|about|by|since|until|till|from|before|after|circa|c\.|year)\s+$", re.I)
_AFTER_YEAR = re.compile(
    r"\s*(?:$|[,.;:)!?]|(?:AD|BC|BCE|CE)\b|(?:and|or|to|when|as|by|at|after|before|until|on|with|the|in)\b)"
)


def relation_terms(info: QuestionInfo) -> list[str]:
    """The question's nouns beyond the names it mentions: what it asks about them ("lecture tour")."""
    return [t for t in info.terms if t in info.relation and t not in info.names and t not in info.light]


def anchor(sentence: str, spans: list[tuple[int, int]], relation: list[str]) -> float:
    """How close an entity of the asked type sits to a word of the asked relation, 1/(1 + words apart).

    "Home Choice has 40,000 subscribers" answers "How many subscribers ...?" with the number beside
    "subscribers"; a sentence that names the company and some other number, far from any asked
    word, is what an unanswerable question about the same company usually retrieves.
    """
    if not spans or not relation:
        return 0.0
    wanted = set(relation)
    marks = [start for start, term in term_positions(sentence) if term in wanted]
    if not marks:
        return 0.0
    starts = [m.start() for m in re.finditer(r"\S+", sentence)]

    def word_at(offset: int) -> int:
        return bisect_right(starts, offset)

    def gap(a: int, b: int, m: int) -> int:  # words between a mark and the span [a, b)
        return word_at(a) - word_at(m) if m < a else word_at(m) - word_at(b - 1) if m >= b else 0

    return 1.0 / (1.0 + min(gap(a, b, m) for a, b in spans for m in marks))


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
    previous_cosine: float,
    speaker: str | None,
    source_rank: int,
    lead: bool,
    ctx: Context,
) -> list[float]:
    """Features of one sentence, in NAMES order, without the question-level ones (filled in by `finish`).

    `context` is the sentence before it in the article ("" for an article's first sentence).
    """
    total = sum(weights.values()) or 1.0
    sentence_terms = set(content_terms(sentence))
    context_terms = set(content_terms(context))
    around = set(content_terms(title)) | context_terms
    covered = sum(w for t, w in weights.items() if t in sentence_terms)
    in_context = sum(w for t, w in weights.items() if t not in sentence_terms and t in around)
    missing = [w for t, w in weights.items() if t not in sentence_terms and t not in around]
    unseen = any(t not in ctx.idf and t not in sentence_terms and t not in info.light for t in info.terms)
    typed = bool(info.labels) or info.answer_type == "age"
    spans = typed_spans(info, sentence, entities) if typed else []
    speaker_terms = set(content_terms(speaker)) if speaker else set()
    # "Who said ...?" is answered by a quotation's speaker (found at ingest), named in the sentence
    # or not ("'Tell that to the doctors,' he said." answers with [Trevor Phillips]).
    speaker_answers = bool(info.asks_speaker and speaker_terms and not speaker_terms <= set(info.terms))
    match = bool(spans) or speaker_answers
    relation = relation_terms(info)
    relation_weights = {t: weights[t] for t in relation}
    relation_total = sum(relation_weights.values())
    relation_covered = sum(
        w * (1.0 if t in sentence_terms else CONTEXT_WEIGHT if t in around else 0.0)
        for t, w in relation_weights.items()
    )
    novel_terms = sentence_terms - set(info.terms)
    asked_names = info.names - info.light
    n_words = len(sentence.split())
    title_terms = set(content_terms(title))
    typed_entities = {sentence[a:b] for a, b, label in entities if label in info.labels}
    values = {
        "cosine": cosine,
        "context_cosine": context_cosine,
        "coverage": covered / total,
        "context_coverage": (covered + CONTEXT_WEIGHT * in_context) / total,
        "missing_idf": max(missing, default=0.0) / ctx.default_idf,
        "unseen_term": float(unseen),
        "typed": float(typed),
        "type_match": float(match),
        "type_missing": float(typed and not match),
        "quote_match": float(info.answer_type == "quote" and bool(_QUOTE.search(sentence))),
        "reason_match": float(info.answer_type == "reason" and bool(_REASON.search(sentence))),
        "novelty": min(len(novel_terms), 8) / 8.0,
        "source_rank": 1.0 / source_rank,
        "lead": float(lead),
        "pronoun_start": float(bool(_PRONOUN_START.search(sentence))),
        "length": min(n_words, 60) / 30.0,
        "description_match": float(info.answer_type == "description" and bool(_ROLE.search(sentence))),
        "question_in_title": sum(w for t, w in weights.items() if t in title_terms) / total,
        "previous_coverage": sum(w for t, w in weights.items() if t in context_terms) / total,
        "previous_cosine": previous_cosine,
        "echo": len(sentence_terms & set(info.terms)) / max(len(sentence_terms), 1),
        "names_near": len(info.names & (sentence_terms | context_terms)) / len(info.names) if info.names else 0.0,
        "speaker_match": float(bool(info.names & speaker_terms)),
        "quoted": float(speaker is not None),
        "relation_coverage": relation_covered / relation_total if relation_total else 1.0,
        "anchor": 1.0 if speaker_answers else anchor(sentence, spans, relation),
        "type_count": min(len({e for e in typed_entities if not set(words(e)) <= info.words}), 3) / 3.0,
        "names_missing": len(asked_names - sentence_terms - around) / len(asked_names) if asked_names else 0.0,
    }
    return [values.get(name, 0.0) for name in NAMES]


def finish(rows: list[list[float]]) -> np.ndarray:
    """Add the question-level features: each candidate against the best of its question."""
    x = np.asarray(rows, dtype="float64").reshape(-1, len(NAMES))
    if len(x):
        cos, cov = x[:, _COL["cosine"]], x[:, _COL["context_coverage"]]
        x[:, _COL["cosine_gap"]] = cos - cos.max()
        x[:, _COL["coverage_gap"]] = cov - cov.max()
        x[:, _COL["best_coverage"]] = cov.max()
        x[:, _COL["best_cosine"]] = cos.max()
    return x


def question_features(x: np.ndarray, scores: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """QUESTION_NAMES for one question, from its candidates' features and the ranker's scores."""
    order = np.argsort(-scores)
    top = x[order[0]]
    gap = scores[order[0]] - scores[order[1]] if len(order) > 1 else 5.0  # a lone candidate: a clear winner
    head = [shares[order[0]], scores[order[0]], gap, math.log(len(scores))]
    return np.asarray(head + [top[_COL[n]] for n in _TOP], dtype="float64")


def idf_table(document_terms: list[set[str]]) -> tuple[dict[str, float], float]:
    """Inverse document frequency of content terms over the passages (titles count as text)."""
    df: dict[str, int] = {}
    for terms in document_terms:
        for t in terms:
            df[t] = df.get(t, 0) + 1
    n = max(len(document_terms), 1)
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}, math.log((n + 1) / 0.5)
