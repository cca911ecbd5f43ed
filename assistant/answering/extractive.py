"""The extractive generator: answer with the article sentence that answers the question.

No language model: every answer sentence is a verbatim sentence of an article, so
each citation is exact by construction. Every sentence of the retrieved passages
is a candidate; its vector and named entities were stored at ingest, so a
question costs one encode and a matrix product, not an encode per sentence.
One learned scorer (`scorer.py`) ranks the candidates and decides whether the
best one answers at all.

Two things make a chosen sentence usable on its own: when it says "he" or "she"
(a quote's "he said") and the name is in the sentence before, the name is shown
as a marked insertion ("[Jen Psaki] ") before the verbatim quote; and the phrase
that answers (the entity of the asked type, the quotation) is marked by offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.answering import metadata
from assistant.answering.features import (
    NAMES,
    Context,
    candidate_features,
    finish,
    question_features,
    quote_span,
    term_weights,
    type_match,
)
from assistant.answering.injection import is_instruction
from assistant.answering.question import QuestionInfo
from assistant.answering.scorer import Scorer
from assistant.answering.summary import SUMMARY_SENTENCES, central_sentences
from assistant.ingest.dates import PRECISE_DAYS, span_days
from assistant.models import Claim, Draft, Query, Sentence, Source
from assistant.retrieval.condense import is_excluded
from assistant.text import content_terms

REFUSAL = "The indexed articles do not answer this question."
REASON_REACH = 2  # sentences away in the same story a stated cause may be, for "Why ...?"
QUOTE_WORDS = 50  # a quotation's next sentence joins while the two stay this short (median target: 30)
SUMMARY_COVERAGE = 0.5  # share of the topic's weight a summary sentence (with its context) must cover
_AGE_COLUMN = NAMES.index("type_match")  # for "age" questions type_match is the age pattern
_ROLE_COLUMN = NAMES.index("description_match")
_COVERAGE_COLUMN = NAMES.index("coverage")
_CONTEXT_COVERAGE_COLUMN = NAMES.index("context_coverage")
# What a sentence must hold as fully as the best one to answer a "most recent" question instead.
_COMPLETE_COLUMNS = tuple(NAMES.index(n) for n in ("coverage", "type_match", "relation_coverage"))
# Words that give a cause (not "to" or "after", which most sentences have).
_CAUSE = re.compile(
    r"\b(because|due to|owing to|as a result|so that|in order to|thanks to|reasons?|blamed|led to|caused|"
    r"result of|driven by|fuell?ed by|amid|since|in the wake of|on the grounds)\b",
    re.I,
)
_SECOND_PART = re.compile(r"\b(?:and|,)\s+((?:when|where|why|how|what|who|which)\b.+)$", re.I)
_SUBJECT_PRONOUN = re.compile(r"^[\"“]?(he|she)\b|\b(he|she) (said|says|added|told|warned|explained|argued)\b", re.I)


@dataclass
class Candidate:
    source: Source
    sentence_id: int
    start: int  # article offsets
    end: int
    text: str
    features: np.ndarray
    score: float = 0.0  # the ranker's score
    share: float = 0.0  # softmax of the scores over the question's candidates


class SentenceTable(Protocol):
    """The stored sentences of an index generation (an IndexSnapshot)."""

    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    passage_sentences: list[range]
    text_dates: dict[str, list[tuple[str, str]]]  # per article, the days its text names


class Generator(Protocol):
    """Turns numbered sources into claims. `stream` yields text pieces, then the final Draft."""

    name: str

    def generate(self, query: Query, sources: list[Source]) -> Draft: ...

    def stream(self, query: Query, sources: list[Source]) -> Iterator[str | Draft]: ...


class ExtractiveGenerator:
    name = "extractive"

    def __init__(
        self, table: SentenceTable, context: Context, scorer: Scorer, max_sentences: int, threshold: float | None
    ) -> None:
        self.table = table
        self.context = context
        self.scorer = scorer
        self.max_sentences = max_sentences
        self.threshold = scorer.threshold if threshold is None else threshold  # on P(answerable)

    def candidates(
        self, info: QuestionInfo, sources: list[Source], query_vector: np.ndarray, exclude: frozenset[str] = frozenset()
    ) -> list[Candidate]:
        """Every sentence of the retrieved passages with its features, score and share, best first.

        `exclude`: sentences earlier answers of the chat already quoted (Query.exclude), left out.
        A sentence that addresses the assistant ("ignore previous instructions ...") is never a
        candidate, whatever it would score.
        """
        table = self.table
        weights = term_weights(info, self.context)
        ids: list[int] = []
        owners: list[Source] = []
        seen: set[int] = set()
        for source in sources:
            for i in table.passage_sentences[source.passage.passage_id]:
                if i not in seen:
                    seen.add(i)
                    s = table.sentences[i]
                    text = source.article.text[s.start : s.end]
                    if is_instruction(text) or (exclude and is_excluded(text, exclude)):
                        continue
                    ids.append(i)
                    owners.append(source)
        if not ids:
            return []
        before = [i - 1 if i > 0 and _same_article(table, i - 1, i) else i for i in ids]
        vectors = np.asarray(table.sentence_vectors[ids], dtype="float32")
        previous = np.asarray(table.sentence_vectors[before], dtype="float32")
        cosines = vectors @ query_vector
        joined = vectors + previous
        joined /= np.linalg.norm(joined, axis=1, keepdims=True) + 1e-9
        context_cosines = joined @ query_vector
        previous_cosines = previous @ query_vector
        rows, out = [], []
        for k, (i, source) in enumerate(zip(ids, owners, strict=True)):
            s = table.sentences[i]
            text = source.article.text[s.start : s.end]
            prev = table.sentences[before[k]]
            context = source.article.text[prev.start : prev.end] if before[k] != i else ""
            lead = i == 0 or not _same_article(table, i - 1, i)
            rows.append(
                candidate_features(
                    info, weights, text, context, source.article.title, s.entities, float(cosines[k]),
                    float(context_cosines[k]), float(previous_cosines[k]) if context else 0.0, s.speaker,
                    source.n, lead, self.context,
                )
            )  # fmt: skip
            out.append(Candidate(source, i, s.start, s.end, text, np.zeros(0)))
        x = finish(rows)
        scores, shares = self.scorer.shares(x)
        for cand, features, z, share in zip(out, x, scores, shares, strict=True):
            cand.features, cand.score, cand.share = features, float(z), float(share)
        out.sort(key=lambda c: -c.score)
        return out

    def decide(
        self, info: QuestionInfo, sources: list[Source], query_vector: np.ndarray, exclude: frozenset[str] = frozenset()
    ) -> tuple[list[Candidate], float]:
        """The ranked candidates and P(the articles answer the question)."""
        ranked = self.candidates(info, sources, query_vector, exclude)
        if not ranked:
            return [], 0.0
        x = np.array([c.features for c in ranked])
        scores = np.array([c.score for c in ranked])
        shares = np.array([c.share for c in ranked])
        return ranked, self.scorer.answerable(question_features(x, scores, shares))

    def generate(self, query: Query, sources: list[Source]) -> Draft:
        """Answer the standalone question; terms it took from earlier turns count less (QuestionInfo.parse)."""
        about_article = metadata.asked(query.standalone)
        if about_article:
            return self._metadata(about_article, sources, query)
        info = QuestionInfo.parse(query.standalone, query.given)
        ranked, p_answer = self.decide(info, sources, query.vector, query.exclude)
        if query.exclude and p_answer < self.threshold:
            ranked, p_answer = self._what_else(info, sources, query)
        if info.answer_type == "summary":
            return self._summary(ranked, query.vector)
        ranked, p_answer = self._typed_first(info, ranked, p_answer)
        if not ranked or p_answer < self.threshold:
            return Draft([], True, self.name)
        ranked = self._latest_first(info, self._speaker_first(info, ranked))
        chosen = [ranked[0]]
        if info.answer_type == "quote":
            chosen += self._quote_goes_on(ranked[0], ranked)
        if info.answer_type == "reason":
            chosen += self._reason_follows(ranked[0], ranked)
        second = _SECOND_PART.search(query.standalone)
        if second:
            # "How much did X pay and when was it completed?": the second question is decided on its own,
            # since a sentence that answers only it covers too little of the whole to rank first.
            part = QuestionInfo.parse(query.standalone[second.start(1) :], query.given)
            other, p_part = self.decide(part, sources, query.vector, query.exclude)
            other = [c for c in other if not _overlaps(c, ranked[0])]
            if other and p_part >= self.threshold:
                chosen.append(other[0])
        # Of X's own quotations, the runner-up joins on its share among them: beside other people's
        # sentences on the topic, X's second quotation about it has little share of the whole.
        own = self._own_quotes(info, ranked)
        total = sum(c.share for c in own)
        for cand in own[1:]:
            if len(chosen) >= self.max_sentences or cand.share < self.scorer.second_share * total:
                break
            if not any(_overlaps(cand, c) for c in chosen):
                chosen.append(cand)
        # When the ranker hesitates, the runner-up joins: two sentences that may answer are right far
        # more often than a bet on one. A sentence with little share adds length, not answers.
        for cand in ranked[1:]:
            if len(chosen) >= self.max_sentences or cand.share < self.scorer.second_share:
                break
            if not any(_overlaps(cand, c) for c in chosen):
                chosen.append(cand)
        return Draft([self._claim(info, c) for c in chosen], False, self.name)

    def _metadata(self, asked: metadata.MetadataQuestion, sources: list[Source], query: Query) -> Draft:
        """The headline, outlet, author, section or date of the story the question describes.

        The story is the article of the best sentence for the description ("the story about X"),
        of the outlet the question names if it names one; it must be about it (half its weight
        covered, as for summaries). Its headline is quoted when the retrieved passage holds it,
        otherwise that sentence.
        """
        about = asked.about
        if asked.outlet:
            # "the New Telegraph story about X": only that outlet's stories, when it is one of the
            # retrieved articles' outlets; otherwise the capitalised words are the topic ("the Enron story").
            own = [s for s in sources if metadata.from_outlet(s.article, asked.outlet)]
            sources, about = (own, about) if own else (sources, f"{asked.outlet} {about}")
        info = QuestionInfo.parse(about, query.given)
        topical = [
            c
            for c in self.candidates(info, sources, query.vector)
            if c.features[_CONTEXT_COVERAGE_COLUMN] >= SUMMARY_COVERAGE
        ]
        found = metadata.value(asked.kind, topical[0].source.article) if topical else None
        if found is None:
            return Draft([], True, self.name)
        best = topical[0]
        article, passage = best.source.article, best.source.passage
        start, end, prefix = best.start, best.end, f"[{metadata.LABELS[asked.kind]}: {found}] "
        at = article.text.find(article.title) if article.title else -1
        if at >= 0 and passage.start <= at and at + len(article.title) <= passage.end:
            start, end = at, at + len(article.title)
            prefix = "" if asked.kind == "headline" else prefix  # the quote is the answer
        return Draft([Claim(article.text[start:end], best.source, start, end, 1.0, prefix=prefix)], False, self.name)

    def _what_else(self, info: QuestionInfo, sources: list[Source], query: Query) -> tuple[list[Candidate], float]:
        """ "What else did he say?" when what is left looks too weak alone: the runners-up not shown yet.

        Without the sentences already quoted, the rest often looks too weak to answer, though it is
        what the user asks for. So whether the articles answer is decided on the question with those
        sentences still in (they show the articles cover it), and the answer is a sentence not quoted
        yet that would have joined the first answer as a runner-up. When none is left, it is refused:
        the articles hold nothing more on it.
        """
        everything, p_answer = self.decide(info, sources, query.vector)
        fresh = [
            c for c in everything if c.share >= self.scorer.second_share and not is_excluded(c.text, query.exclude)
        ]
        return fresh, p_answer

    def _typed_first(
        self, info: QuestionInfo, ranked: list[Candidate], p_answer: float
    ) -> tuple[list[Candidate], float]:
        """Two answer kinds whose evidence is unambiguous in the sentence itself.

        "How old is X?" is answered only by a sentence with an age in it ("45 years old",
        "aged 45", ", 45,"): anything else is refused, however on-topic. "Who is X?" /
        "What is X's role?" is answered by a sentence that names X in full with a role or
        title ("press secretary Jen Psaki"), which counts as answering.
        """
        if info.answer_type == "age":
            return [c for c in ranked if c.features[_AGE_COLUMN] > 0], p_answer
        if info.answer_type == "description":
            named = [c for c in ranked if c.features[_ROLE_COLUMN] > 0 and c.features[_COVERAGE_COLUMN] >= 1.0]
            if named:
                return named + [c for c in ranked if c not in named], max(p_answer, self.threshold)
        return ranked, p_answer

    def _speaker_first(self, info: QuestionInfo, ranked: list[Candidate]) -> list[Candidate]:
        """For "What did X say (about Y)?": X's own quoted words come first.

        Whether to answer is still decided by the best candidate overall (the
        articles cover the topic); which sentence answers is X's quotation when the
        articles hold one, since a sentence introducing X, or someone else's
        quote about Y, is not what X said.
        """
        own = self._own_quotes(info, ranked)
        return own + [c for c in ranked if c not in own] if own else ranked

    def _own_quotes(self, info: QuestionInfo, ranked: list[Candidate]) -> list[Candidate]:
        """For "What did X say ...?": the candidates quoting X, in rank order."""
        if info.answer_type != "quote" or not info.names:
            return []
        return [c for c in ranked if (s := self.table.sentences[c.sentence_id].speaker)
                and info.names & set(content_terms(s))]  # fmt: skip

    def _latest_first(self, info: QuestionInfo, ranked: list[Candidate]) -> list[Candidate]:
        """For "the most recent / latest X": of the stories that answer as fully as the best, the latest.

        Two stories a month apart report the same monthly figure, and the one that ranks
        best is as likely the older (the ranker also reads the retrieval rank). A story
        answers as fully when its best sentence covers the question's terms and holds the
        asked type at least as well as the best sentence overall; the older ones then drop
        out, so the answer does not give last month's figure beside this month's.
        """
        if not info.asks_latest or not ranked:
            return ranked
        best: dict[str, Candidate] = {}
        for c in ranked:
            best.setdefault(c.source.article.doc_id, c)
        top = ranked[0]
        answering = [c for c in best.values() if all(c.features[k] >= top.features[k] for k in _COMPLETE_COLUMNS)]
        if len(answering) < 2:
            return ranked
        latest = max(answering, key=self._day_of)  # max keeps the best ranked of equal days
        older = {c.source.article.doc_id for c in answering if c is not latest}
        return [latest] + [c for c in ranked if c is not latest and c.source.article.doc_id not in older]

    def _day_of(self, c: Candidate) -> str:
        """The latest precise day the sentence names, else its story's publication day, else the latest
        precise day the story names (ingest/dates.PRECISE_DAYS); "" when none is known."""
        article = c.source.article
        own = [(first, last) for _, _, first, last in self.table.sentences[c.sentence_id].dates]
        named = self.table.text_dates.get(article.doc_id, ())
        return _latest_precise(own) or article.published or _latest_precise(named)

    def _quote_goes_on(self, first: Candidate, ranked: list[Candidate]) -> list[Candidate]:
        """The next sentence when the same speaker goes on talking in it, and the two stay short.

        A quotation often runs over two sentences, the attribution in the first ("Ensler told the
        BBC") and the point in the second; for "What did X say ...?" they are one answer.
        """
        table = self.table
        speaker = table.sentences[first.sentence_id].speaker
        after = first.sentence_id + 1
        if not speaker or after >= len(table.sentences) or not _same_article(table, first.sentence_id, after):
            return []
        nxt = next((c for c in ranked if c.sentence_id == after), None)
        if nxt is None or table.sentences[after].speaker != speaker:
            return []
        return [nxt] if len(first.text.split()) + len(nxt.text.split()) <= QUOTE_WORDS else []

    def _reason_follows(self, first: Candidate, ranked: list[Candidate]) -> list[Candidate]:
        """For "Why ...?" when the chosen sentence gives no cause: the one beside it that does, or the next.

        A story states the event, then why ("Cat Deeley has resigned as host of CD:UK after six
        years." / "She wants to concentrate on new television projects."), often a sentence or two
        later ("... but because that code is voluntary there's nothing we or Ofcom can do"). So a
        sentence up to REASON_REACH away in the same story that says "because", "due to", "in the
        wake of" ... joins; failing that, when the chosen sentence covers every term of the
        question it is the event restated, and the sentence after it usually holds the reason.
        """
        if _CAUSE.search(first.text):
            return []
        at = first.sentence_id
        near = {
            c.sentence_id: c
            for c in ranked
            if 0 < abs(c.sentence_id - at) <= REASON_REACH and _one_story(self.table, c.sentence_id, at)
        }
        for i in sorted(near, key=lambda i: (abs(i - at), -i)):  # the nearest first, of two the later
            if _CAUSE.search(near[i].text):
                return [near[i]]
        if first.features[_COVERAGE_COLUMN] < 1.0 or at + 1 not in near:
            return []
        return [near[at + 1]]

    def _summary(self, ranked: list[Candidate], query_vector: np.ndarray) -> Draft:
        """3-5 central sentences of the retrieved articles, or a refusal when none is about the topic."""
        topical = [c for c in ranked if c.features[_CONTEXT_COVERAGE_COLUMN] >= SUMMARY_COVERAGE]
        if not topical:
            return Draft([], True, self.name)
        vectors = np.asarray(self.table.sentence_vectors[[c.sentence_id for c in topical]], dtype="float32")
        picked = central_sentences(vectors, query_vector, [len(c.text.split()) for c in topical], SUMMARY_SENTENCES)
        chosen = sorted((topical[i] for i in picked), key=lambda c: (c.source.n, c.start))
        return Draft([Claim(c.text, c.source, c.start, c.end, 1.0, prefix=self.referent(c)) for c in chosen],
                     False, self.name)  # fmt: skip

    def stream(self, query: Query, sources: list[Source]) -> Iterator[str | Draft]:
        """The answer is produced whole; the surface streams the final text."""
        yield self.generate(query, sources)

    def _claim(self, info: QuestionInfo, c: Candidate) -> Claim:
        """An extractive claim is its own quote (support 1.0), with its referent and answer phrase."""
        sentence = self.table.sentences[c.sentence_id]
        span = type_match(info, c.text, sentence.entities) if info.labels or info.answer_type == "age" else None
        if span is None and info.answer_type == "quote":
            span = quote_span(c.text)
        phrase = (c.start + span[0], c.start + span[1]) if span else None
        return Claim(c.text, c.source, c.start, c.end, 1.0, prefix=self.referent(c), phrase=phrase)

    def referent(self, c: Candidate) -> str:
        """ "[Name] " when the sentence quotes or says "he"/"she" of someone it does not name itself.

        The quoted speaker found at ingest comes first ("We are disappointed," he said. -> the
        speaker); otherwise the last person named in the three sentences before a "he"/"she".
        """
        table = self.table
        own = table.sentences[c.sentence_id]
        if own.speaker and not set(content_terms(own.speaker)) & set(content_terms(c.text)):
            return f"[{own.speaker}] "
        if not _SUBJECT_PRONOUN.search(c.text) or any(label == "PERSON" for _, _, label in own.entities):
            return ""
        i = c.sentence_id
        for _ in range(3):  # the name is almost always in one of the three sentences before
            if i == 0 or not _same_article(table, i - 1, i):
                break
            i -= 1
            s = table.sentences[i]
            people = [
                c.source.article.text[s.start + a : s.start + b] for a, b, label in s.entities if label == "PERSON"
            ]
            if people:
                return f"[{people[-1]}] "
        return ""


def _latest_precise(days: Iterable[tuple[str, str]]) -> str:
    return max((last for first, last in days if span_days(first, last) <= PRECISE_DAYS), default="")


def _same_article(table: SentenceTable, a: int, b: int) -> bool:
    """Sentences a and b are in one article: passages of an article are stored together, in order."""
    pa, pb = table.sentences[a].passage_id, table.sentences[b].passage_id
    return pa == pb or (pb == pa + 1 and table.sentences[a].end <= table.sentences[b].start)


def _one_story(table: SentenceTable, a: int, b: int) -> bool:
    """Sentences a and b, any distance apart, are in one article (every step between them is)."""
    return all(_same_article(table, j, j + 1) for j in range(min(a, b), max(a, b)))


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.source.article.doc_id == b.source.article.doc_id and a.start < b.end and b.start < a.end
