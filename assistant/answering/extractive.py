"""The extractive generator: answer with the retrieved sentences that answer the question.

No language model: every answer sentence is a verbatim sentence of an article, so
each citation is exact by construction. The hard part is knowing when not to
answer, which `answerability` decides per candidate sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.answering.answerability import Features, QuestionInfo, answer_probability, features
from assistant.index.embedding import Embedder
from assistant.models import Claim, Draft, Query, Source
from assistant.text import content_terms, sentence_spans

REFUSAL = "The indexed articles do not answer this question."
SHORTLIST = 12  # sentences embedded per question
MIN_GAIN = 0.2  # share of the question an extra sentence must add to join the answer
PAIR_POOL = 6
_MULTI_PART = re.compile(r"\b(and|as well as)\b", re.I)  # best candidates tried in pairs for multi-part questions


@dataclass
class Candidate:
    source: Source
    start: int  # article offsets
    end: int
    text: str
    features: Features
    probability: float
    score: float
    context: str = ""  # title and the sentence before: what "he" or "it" may refer to


class Generator(Protocol):
    """Turns numbered sources into claims. `stream` yields text pieces, then the final Draft."""

    name: str

    def generate(self, query: Query, sources: list[Source]) -> Draft: ...

    def stream(self, query: Query, sources: list[Source]) -> Iterator[str | Draft]: ...


class ExtractiveGenerator:
    name = "extractive"

    def __init__(
        self, embedder: Embedder, idf: dict[str, float], default_idf: float, max_sentences: int, threshold: float
    ) -> None:
        self.embedder = embedder
        self.idf = idf
        self.default_idf = default_idf
        self.max_sentences = max_sentences
        self.threshold = threshold

    def candidates(self, info: QuestionInfo, sources: list[Source], query_vector: np.ndarray) -> list[Candidate]:
        """Score the sentences of the retrieved passages, best first.

        Only the lexically most promising sentences are embedded: encoding every
        sentence of every retrieved passage cost ~200 ms a question on two cores,
        the shortlist a fraction of it, and the sentences it drops cover too few
        question terms to pass the answerability check anyway.
        """
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
            lexical.append((f.coverage + 0.25 * f.type_match - 0.02 * src.n, src, s, e, text, f, context))
        lexical.sort(key=lambda row: -row[0])
        shortlist = lexical[:SHORTLIST]
        cosines = self.embedder.encode([row[4] for row in shortlist]) @ query_vector
        out = []
        for (_, src, s, e, text, f, context), cos in zip(shortlist, cosines, strict=True):
            f.cosine = float(cos)
            p = answer_probability(info, f)
            # Rank by what the question asks covered first; closeness breaks near-ties.
            out.append(Candidate(src, s, e, text, f, p, 2 * f.coverage + f.cosine + p, context))
        out.sort(key=lambda c: -c.score)
        return out

    def generate(self, query: Query, sources: list[Source]) -> Draft:
        """Answer the standalone question; terms it took from earlier turns count less (QuestionInfo.parse)."""
        question = query.standalone
        info = QuestionInfo.parse(question, query.given)
        ranked = self.candidates(info, sources, query.vector)
        if not ranked:
            return Draft([], True, self.name)
        best = ranked[0]
        if best.probability < self.threshold:
            # Only a question with parts ("... and ...") may be answered by two half answers;
            # otherwise two sentences that each hold one term ("capital", "Japan") would pass.
            pair = self._complementary_pair(info, ranked[:PAIR_POOL]) if _MULTI_PART.search(question) else None
            if pair is None:
                return Draft([], True, self.name)
            return Draft([_claim(c) for c in pair], False, self.name)
        chosen = [best]
        weight = {t: self.idf.get(t, self.default_idf) for t in info.terms}
        total = sum(weight.values()) or 1.0
        covered = set(content_terms(f"{best.text}\n{best.context}")) & set(weight)
        # Another sentence joins when it also answers and either brings a real share of
        # the question's (IDF-weighted) terms that the answer lacks so far (the other half
        # of a two-part answer, often from another article) or is nearly as good: from
        # another article (a second source) or the same one. At most max_sentences; every
        # extra sentence costs the reader, so the bar is high.
        for cand in ranked[1:]:
            if len(chosen) >= self.max_sentences:
                break
            if cand.probability < self.threshold or any(_overlaps(cand, c) for c in chosen):
                continue
            adds = (set(content_terms(cand.text)) & set(weight)) - covered
            gain = sum(weight[t] for t in adds) / total
            other_article = all(cand.source.article.doc_id != c.source.article.doc_id for c in chosen)
            margin = 0.9 if other_article else 0.97
            if gain >= MIN_GAIN or cand.score >= margin * best.score:
                chosen.append(cand)
                covered |= adds
        return Draft([_claim(c) for c in chosen], False, self.name)

    def _complementary_pair(self, info: QuestionInfo, pool: list[Candidate]) -> tuple[Candidate, Candidate] | None:
        """Two sentences that answer together what neither answers alone.

        "How did the strike end and how long did it last?" may be answered by one
        article's sentence about the end and another's about the length; each covers
        half the question, so each alone fails the check. The pair is judged as one
        text, and each sentence must bring question terms the other lacks.
        """
        best: tuple[float, Candidate, Candidate] | None = None
        wanted = set(info.terms)
        found = {id(c): set(content_terms(c.text)) & wanted for c in pool}
        for i, a in enumerate(pool):
            for b in pool[i + 1 :]:
                if _overlaps(a, b) or not (found[id(a)] - found[id(b)]) or not (found[id(b)] - found[id(a)]):
                    continue
                context = f"{a.source.article.title}\n{b.source.article.title}"
                f = features(
                    info,
                    f"{a.text} {b.text}",
                    context,
                    max(a.features.cosine, b.features.cosine),
                    self.idf,
                    self.default_idf,
                )
                p = answer_probability(info, f)
                if p >= self.threshold and (best is None or p > best[0]):
                    best = (p, a, b)
        return None if best is None else (best[1], best[2])

    def stream(self, query: Query, sources: list[Source]) -> Iterator[str | Draft]:
        """The answer is produced whole; the surface streams the final text."""
        yield self.generate(query, sources)


def _claim(c: Candidate) -> Claim:
    """An extractive claim is its own quote: support 1.0 by construction."""
    return Claim(c.text, c.source, c.start, c.end, 1.0)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.source.article.doc_id == b.source.article.doc_id and a.start < b.end and b.start < a.end
