"""Citations that can be trusted: verbatim quotes, real sources, checked support.

The same offline support check serves the extractive generator, the check
after LLM generation and the evaluation's citation precision/recall, so "this
passage supports that sentence" means one thing everywhere.

Support check (lexical entailment proxy, runs offline): a passage sentence
supports a claim when it contains at least SUPPORT_THRESHOLD of the claim's
content terms (stemmed, stopwords removed), numbers included. A verbatim quote
scores 1.0; a faithful paraphrase usually keeps the names, numbers and key nouns.
"""

from __future__ import annotations

import re

from assistant.errors import InvariantError
from assistant.models import Citation, Claim, Source
from assistant.text import content_terms, sentence_spans

SUPPORT_THRESHOLD = 0.6
_MARKER = re.compile(r"\s*\[(\d+)\]")
_CLAIM_END = re.compile(r"(?<=\])\s+(?=[^\[\s])")


def support(claim: str, evidence: str) -> float:
    """Share of the claim's content terms that the evidence contains.

    A claim with no content terms ("Sure.") says nothing a passage could support: 0.0.
    """
    terms = set(content_terms(claim))
    if not terms:
        return 0.0
    return len(terms & set(content_terms(evidence))) / len(terms)


def best_support(claim: str, source: Source) -> tuple[int, int, float]:
    """The sentence, or pair of adjacent sentences, of the passage that best supports the claim.

    Returns article offsets and the support score. Pairs let a claim that merges two
    consecutive sentences be quoted in full.
    """
    passage = source.passage
    spans = [(passage.start + s, passage.start + e) for s, e in sentence_spans(passage.text)]
    if not spans:
        return passage.start, passage.end, 0.0
    text = source.article.text
    best = (spans[0][0], spans[0][1], -1.0)
    for i, (s, e) in enumerate(spans):
        options = [(s, e)] + ([(s, spans[i + 1][1])] if i + 1 < len(spans) else [])
        for a, b in options:
            score = support(claim, text[a:b])
            # Prefer the single sentence on ties: the shortest quote that supports the claim.
            if score > best[2] + 1e-9:
                best = (a, b, score)
    return best


def split_claims(answer: str) -> list[tuple[str, list[int]]]:
    """Answer text -> (sentence without markers, cited source numbers) per sentence.

    Markers end a claim: "... said. [2] Next" and "... a heading [2] Next" are two
    claims even when the cited text has no full stop. A marker right after a
    sentence's full stop belongs to that sentence.
    """
    claims = []
    answer = re.sub(r"((?:\s*\[\d+\])+)\s*([.!?])", r"\2\1", answer)  # "agreed [2]." -> "agreed.[2]"
    for segment in _CLAIM_END.split(answer):
        numbers = [int(n) for n in _MARKER.findall(segment)]
        text = _MARKER.sub("", segment).strip()
        spans = sentence_spans(text)
        for i, (s, e) in enumerate(spans):
            # the segment's markers belong to its last sentence; earlier ones are uncited
            claims.append((text[s:e], numbers if i == len(spans) - 1 else []))
    return claims


def make_citation(n: int, claim: Claim) -> Citation:
    """Build a citation, refusing any quote that is not verbatim inside its passage and article."""
    article, passage = claim.source.article, claim.source.passage
    quote = article.text[claim.start : claim.end]
    if not (passage.start <= claim.start < claim.end <= passage.end) or quote not in passage.text:
        raise InvariantError(f"quote [{claim.start}:{claim.end}] is not inside passage {passage.passage_id}")
    return Citation(
        n=n,
        doc_id=article.doc_id,
        title=article.title,
        source=article.source,
        url=article.url,
        published=article.published,
        quote=quote,
        passage=passage.text,
        start=claim.start,
        end=claim.end,
        score=round(claim.support, 4),
        insertion=claim.prefix.strip()[1:-1] if claim.prefix else None,
        answer_start=claim.phrase[0] if claim.phrase else None,
        answer_end=claim.phrase[1] if claim.phrase else None,
    )


def render(claims: list[Claim]) -> tuple[str, list[Citation]]:
    """Answer text with one [n] per sentence, and the matching verified citations."""
    citations: list[Citation] = []
    parts = []
    for claim in claims:
        n = len(citations) + 1
        citations.append(make_citation(n, claim))
        parts.append(f"{claim.prefix}{claim.text} [{n}]")
    return " ".join(parts), citations
