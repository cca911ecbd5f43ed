"""The extractive generator: answer with the retrieved sentences that answer the question.

No language model: every answer sentence is a verbatim sentence of an article, so
each citation is exact by construction. The hard part is knowing when not to
answer, which `answerability` decides per candidate sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.answerability import Features, QuestionInfo, features, probability
from assistant.citations import Claim, Source
from assistant.embedding import Embedder
from assistant.text import sentence_spans

REFUSAL = "The indexed articles do not answer this question."
SHORTLIST = 12  # sentences embedded per question


@dataclass
class Candidate:
    source: Source
    start: int  # article offsets
    end: int
    text: str
    features: Features
    probability: float
    score: float


@dataclass
class Draft:
    """What a generator returns: the claims to render, or a refusal."""

    claims: list[Claim]
    refused: bool
    generator: str
    best: Candidate | None = None


class Generator(Protocol):
    """Turns numbered sources into claims. `stream` yields text pieces, then the final Draft."""

    name: str

    def generate(self, question: str, sources: list[Source], query_vector: np.ndarray) -> Draft: ...

    def stream(self, question: str, sources: list[Source], query_vector: np.ndarray) -> Iterator[str | Draft]: ...


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, embedder: Embedder, idf: dict[str, float], default_idf: float,
                 max_sentences: int, threshold: float) -> None:
        self.embedder = embedder
        self.idf = idf
        self.default_idf = default_idf
        self.max_sentences = max_sentences
        self.threshold = threshold

    def candidates(self, question: str, sources: list[Source], query_vector: np.ndarray) -> list[Candidate]:
        """Score the sentences of the retrieved passages, best first.

        Only the lexically most promising sentences are embedded: encoding every
        sentence of every retrieved passage cost ~200 ms a question on two cores,
        the shortlist a fraction of it, and the sentences it drops cover too few
        question terms to pass the answerability check anyway.
        """
        info = QuestionInfo.parse(question)
        spans: list[tuple[Source, int, int]] = []
        for source in sources:
            base = source.passage.start
            spans += [(source, base + s, base + e) for s, e in sentence_spans(source.passage.text)]
        if not spans:
            return []
        lexical = []
        for i, (src, s, e) in enumerate(spans):
            text = src.article.text[s:e]
            # The sentence before often names who "he" or "the ministry" is.
            prev_src, prev_s, prev_e = spans[i - 1] if i else (None, 0, 0)
            previous = src.article.text[prev_s:prev_e] if prev_src is src else ""
            context = f"{src.article.title}\n{previous}"
            f = features(info, text, context, 0.0, self.idf, self.default_idf)
            lexical.append((f.coverage + 0.25 * f.type_match - 0.02 * src.n, src, s, e, text, f))
        lexical.sort(key=lambda row: -row[0])
        shortlist = lexical[:SHORTLIST]
        cosines = self.embedder.encode([row[4] for row in shortlist]) @ query_vector
        out = []
        for (_, src, s, e, text, f), cos in zip(shortlist, cosines):
            f.cosine = float(cos)
            p = probability(f)
            # Rank by how well the sentence answers: answerability first, then closeness.
            out.append(Candidate(src, s, e, text, f, p, p + 0.5 * f.cosine))
        out.sort(key=lambda c: -c.score)
        return out

    def generate(self, question: str, sources: list[Source], query_vector: np.ndarray) -> Draft:
        ranked = self.candidates(question, sources, query_vector)
        if not ranked or ranked[0].probability < self.threshold:
            return Draft([], True, self.name, ranked[0] if ranked else None)
        best = ranked[0]
        chosen = [best]
        # A second article that also answers gets its own sentence; a close runner-up
        # from the same article may complete the answer. Never more than max_sentences.
        for cand in ranked[1:]:
            if len(chosen) >= self.max_sentences:
                break
            if cand.probability < self.threshold or any(_overlaps(cand, c) for c in chosen):
                continue
            other_article = all(cand.source.article.doc_id != c.source.article.doc_id for c in chosen)
            margin = 0.85 if other_article else 0.97
            if cand.score >= margin * best.score:
                chosen.append(cand)
        claims = [Claim(c.text, c.source, c.start, c.end, 1.0) for c in chosen]
        return Draft(claims, False, self.name, best)

    def stream(self, question: str, sources: list[Source], query_vector: np.ndarray) -> Iterator[str | Draft]:
        """The answer is produced whole; the surface streams the final text."""
        yield self.generate(question, sources, query_vector)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.source.article.doc_id == b.source.article.doc_id and a.start < b.end and b.start < a.end
