"""`Assistant`: the one object every surface (CLI, UI, REST API, eval) calls.

It wires the stages of the data flow in docs/architecture.md and holds the loaded index
generation. Another process (a second `assistant serve`, an `assistant ingest`) may switch
the index folder to a new generation at any time: before a question, `CURRENT` is read (at
most every `generation_check_s` seconds) and a new generation is loaded whole, then swapped
in as one object, so a question never sees half of one or parts of two. While a FAISS
generation loads, questions wait for it up to `reload_wait_s` and are then answered from the
previous generation (whole in memory) until the new one is in; a Milvus generation is always
waited for, since the writer drops the previous collection when it switches.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from assistant.answering.citations import render
from assistant.answering.extractive import REFUSAL, ExtractiveGenerator, Generator
from assistant.answering.features import Context, idf_table
from assistant.answering.scorer import Scorer
from assistant.config import Config
from assistant.errors import AssistantError, BadRequestError, IndexUnusableError, NotIndexedError
from assistant.index.embedding import Embedder
from assistant.index.factory import MILVUS
from assistant.index.store import IndexSnapshot, IndexStore, StoredArticle
from assistant.models import Answer, Article, Citation, Claim, Draft, Filters, Query, RetrievedPassage, Source
from assistant.retrieval.condense import HISTORY, Condenser, as_turns, condense, resolve
from assistant.retrieval.hybrid import HybridRetriever
from assistant.text import content_terms, normalize_answer

if TYPE_CHECKING:  # imported by ingest() and delete(): the ingest side (datasketch, scipy) is ~0.5 s of
    # a server's start-up that answering never uses
    from assistant.ingest.pipeline import IngestReport, ProgressFn
    from assistant.ingest.removal import RemovalReport

# How much a resolved follow-up's search leans towards the previous answer (what the chat is about now).
TOPIC_WEIGHT = 0.35
log = logging.getLogger(__name__)


class Loaded(NamedTuple):
    """One index generation with what was built over it; swapped in whole, read once per question."""

    snapshot: IndexSnapshot
    retriever: HybridRetriever
    generator: Generator


class Assistant:
    def __init__(self, config: Config, embedder: Embedder | None = None) -> None:
        self.config = config
        self._embedder = embedder
        self._embedder_lock = threading.Lock()
        self.store = IndexStore(config.index_dir, config.index)  # store, milvus_uri, ANN settings
        self._lock = threading.Lock()  # guards the loader thread and the time of the next CURRENT check
        self._load_lock = threading.Lock()  # one load or install at a time
        self._loaded: Loaded | None = None
        self._loader: threading.Thread | None = None
        self._failed: str | None = None  # a generation whose background load failed (not retried)
        self._next_check = 0.0
        self._condense = _condenser(config)
        self.scorer = Scorer.load()

    @classmethod
    def from_config(cls, config: Config | None = None, **overrides) -> Assistant:
        """Build from a Config (or from the default layers plus `overrides`)."""
        return cls(config or Config.load(**overrides))

    @property
    def embedder(self) -> Embedder:
        """The embedding model, loaded on first use: removing an article or listing them needs no model."""
        with self._embedder_lock:
            if self._embedder is None:
                settings = self.config.index
                self._embedder = Embedder(
                    settings.embedding_model,
                    settings.embed_batch_size,
                    settings.encoder,
                    settings.encoder_cache_dir or Path(self.config.index_dir) / "encoders",
                )
            return self._embedder

    def warm_up(self) -> None:
        """Load now what the first question would: the model, the live generation, the question tagger.

        A server calls it at start-up, in the background, so the first answer is as quick as the
        next. A problem with the index is left for the question to report, as without it.
        """
        from assistant.ingest.annotate import parts_of_speech

        self.embedder  # noqa: B018
        try:
            if self.has_index():
                self._ready()
            parts_of_speech("What is the question?")
        except AssistantError:
            pass

    # ---- ingest -------------------------------------------------------------------------
    def ingest(
        self,
        paths: list[str | Path] | None = None,
        rebuild: bool = False,
        show_progress: bool = False,
        on_progress: ProgressFn | None = None,
    ) -> IngestReport:
        from assistant.ingest.pipeline import run_ingest
        from assistant.ingest.removal import recover_interrupted

        paths = [Path(p) for p in (paths or [self.config.data_dir])]
        settled = recover_interrupted(self.store, self.config.data_dir)  # a killed delete, before the scan
        report, snapshot = run_ingest(
            paths,
            self.store,
            self.embedder,
            self.config.ingest.passage_tokens,
            self.config.ingest.max_file_mb,
            rebuild=rebuild,
            show_progress=show_progress,
            on_progress=on_progress,
            max_article_chars=self.config.ingest.max_article_chars,
            follow_symlinks_outside=self.config.ingest.follow_symlinks_outside,
            workers=self.config.ingest.ingest_workers,
            batch_files=self.config.ingest.ingest_batch_files,
        )
        report.notes += settled
        if snapshot is not None:
            with self._load_lock:
                self._install(snapshot)
        return report

    def delete(self, ref: str, delete_file: bool = True) -> RemovalReport:
        """Take an article (by id, or every article of a file by its name) out of the index.

        Its file in the data folder is deleted too unless `delete_file` is False, or the
        next ingest would add it back. Written as a new generation, like an ingest.
        """
        from assistant.ingest.removal import remove_articles

        report, snapshot = remove_articles(self.store, ref, self.config.data_dir, delete_files=delete_file)
        with self._load_lock:
            if self._embedder is not None:  # else the next question loads the new generation
                self._install(snapshot)
        return report

    # ---- questions ----------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: list[str] | None = None,
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> Answer:
        """The cited answer; `filters` (date range, outlet, section) limit which articles may answer."""
        answer = None
        for event in self.stream(question, history, top_k, filters):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def query(self, question: str, history: list | None = None, filters: Filters | None = None) -> Query:
        """The question made standalone (follow-ups resolved) and encoded once for every later step.

        `history`: the earlier turns, as {"question", "answer"} dicts (or plain earlier questions).
        `filters` travel with the query, so `retrieve` applies them.
        """
        question = (question or "").strip()
        if not question:
            raise BadRequestError("question is empty")
        self._ready()  # fail before the model encodes when nothing is indexed
        turns = as_turns(history)
        resolution = resolve(question, turns)
        standalone, mode = resolution.standalone, resolution.mode
        if self._condense is not condense and turns:
            # The language model's rewrite (it reads the earlier questions and answers); when it is
            # unavailable or unusable it falls back to the rules.
            rewritten = self._condense(question, turns)
            if rewritten != standalone:
                standalone, mode = rewritten, "llm"
        # The search vector: the standalone question's, pulled towards the chat's context (weighted down).
        # History-aware search: the follow-up's own words plus the earlier turns' key terms; a resolved
        # follow-up: the question plus a little of the previous answer, what the chat is about now.
        if mode == HISTORY:
            texts, weight = [question, resolution.context], 0.5
        elif mode == "rewrite" and resolution.topic:
            texts, weight = [standalone, resolution.topic], TOPIC_WEIGHT
        else:
            texts, weight = [standalone], 0.0
        vectors = self.embedder.encode(texts)
        vector = vectors[0]
        if len(vectors) > 1 and weight:
            vector = vectors[0] + weight * vectors[1]
            vector = (vector / (np.linalg.norm(vector) or 1.0)).astype(vectors[0].dtype)
        # Terms taken from the chat count less: the answer is about what the follow-up itself asks.
        given = frozenset(content_terms(standalone)) - frozenset(content_terms(question))
        return Query(question, standalone, vector, given, resolution.exclude, mode, filters or Filters())

    def retrieve(self, query: Query, top_k: int | None = None) -> list[Source]:
        """The numbered passages for a query: [n] in an answer refers to the n-th."""
        return self._retrieve(self._ready(), query, top_k)

    def _retrieve(self, loaded: Loaded, query: Query, top_k: int | None) -> list[Source]:
        snapshot, retriever, _ = loaded
        hits = retriever.retrieve(query.standalone, top_k or self.config.retrieval.top_k, query.vector, query.filters)
        sources = []
        for n, hit in enumerate(hits, 1):
            passage = snapshot.passages[hit.passage_id]
            sources.append(Source(n, passage, snapshot.articles[passage.doc_id].article, hit.score))
        return sources

    def answer(self, query: Query, sources: list[Source]) -> Draft:
        """The generator's claims for these sources, or a refusal (no rendering, no timing)."""
        return self._ready()[2].generate(query, sources)

    def stream(
        self,
        question: str,
        history: list[str] | None = None,
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> Iterator[str | Answer]:
        """Yield pieces of answer text as they are produced, then the final, verified Answer.

        The final Answer is authoritative: a surface that streamed text replaces it with
        the Answer's text, since citation checks may have changed it.
        """
        started = time.perf_counter()
        query = self.query(question, history, filters)
        t0 = time.perf_counter()
        loaded = self._ready()  # one generation for the whole answer, whatever another process switches meanwhile
        sources = self._retrieve(loaded, query, top_k)
        t1 = time.perf_counter()
        draft: Draft | None = None
        streamed = False
        snapshot, _, generator = loaded
        for event in generator.stream(query, sources):
            if isinstance(event, str):
                streamed = True
                yield event
            else:
                draft = event
        assert draft is not None, "a generator's stream ends with its Draft"
        claims = distinct_claims(draft.claims)
        if draft.refused or not claims:
            text, citations, refused = REFUSAL, [], True
        else:
            text, citations = render(claims)
            _note_copies(citations, sources)
            _note_speakers(citations, snapshot)
            refused = False
        t2 = time.perf_counter()
        if not streamed:
            yield from _pieces(text)
        yield Answer(
            question=query.text,
            standalone_question=query.standalone,
            follow_up_mode=query.mode,
            answer=text,
            refused=refused,
            generator=draft.generator,
            citations=citations,
            passages=[
                RetrievedPassage(
                    rank=s.n,
                    doc_id=s.article.doc_id,
                    title=s.article.title,
                    text=s.passage.text,
                    score=round(s.score, 6),
                )
                for s in sources
            ],
            timings_ms={"retrieve": _ms(t1 - t0), "generate": _ms(t2 - t1), "total": _ms(t2 - started)},
        )

    # ---- index state --------------------------------------------------------------------
    def has_index(self) -> bool:
        return self.store.exists()

    def articles(self) -> list[dict]:
        """The indexed articles with their metadata and passage counts (for the UI and API)."""
        snapshot = self._ready()[0]
        return [
            {
                "doc_id": s.article.doc_id,
                "title": s.article.title,
                "source": s.article.source,
                "outlet": _outlet(s.article),
                "file": Path(s.article.path).name,
                "url": s.article.url,
                "published": s.article.published,
                "author": s.article.author,
                "section": s.article.section,
                "passages": len(s.passage_ids),
                "duplicate_of": s.article.duplicate_of,
                "also_reported_by": s.article.also_reported_by,
                "speakers": _speakers(snapshot, s),
            }
            for s in snapshot.articles.values()
        ]

    def quotes(self, speaker: str | None = None, q: str | None = None, limit: int = 50) -> list[dict]:
        """The quoted sentences of the index (speakers found at ingest), for browsing who said what.

        `speaker` matches whole words in any case ("Psaki" is "Jen Psaki"). With `q`, only quotes
        sharing a content term with it, best cosine first (stored sentence vectors, one encode);
        without, in article order, then by position. `quote` is the verbatim sentence at `start:end`.
        Reads the stored sentences only: no answer model is involved.
        """
        if limit < 1:
            raise BadRequestError(f"limit: {limit} is below 1; ask for at least one quote")
        snapshot = self._ready()[0]
        wanted = " ".join((speaker or "").split())
        named = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)", re.I) if wanted else None
        found: list[tuple[Article, int]] = []  # (article, sentence id): article order, then position
        for stored in snapshot.articles.values():
            for i in sorted(_sentence_ids(snapshot, stored), key=lambda i: snapshot.sentences[i].start):
                who = snapshot.sentences[i].speaker
                if who and (named is None or named.search(who)):
                    found.append((stored.article, i))
        topic = " ".join((q or "").split())
        if topic:
            terms = set(content_terms(topic))
            found = [(a, i) for a, i in found if terms & set(content_terms(_sentence_text(snapshot, a, i)))]
            if found:
                vector = self.embedder.encode([topic])[0]
                cosines = np.asarray(snapshot.sentence_vectors[[i for _, i in found]], dtype=np.float32) @ vector
                found = [found[k] for k in np.argsort(-cosines, kind="stable")]
        out = []
        for article, i in found[:limit]:
            sentence = snapshot.sentences[i]
            out.append(
                {
                    "speaker": sentence.speaker,
                    "quote": _sentence_text(snapshot, article, i),
                    "doc_id": article.doc_id,
                    "title": article.title,
                    "source": article.source,
                    "published": article.published,
                    "start": sentence.start,
                    "end": sentence.end,
                }
            )
        return out

    @property
    def generator(self) -> Generator:
        """The answer generator for the loaded index (extractive, or an LLM one wrapping it)."""
        return self._ready()[2]

    def index_info(self) -> dict:
        snapshot = self._ready()[0]
        return {**snapshot.meta, "generation": snapshot.generation}

    def _ready(self) -> Loaded:
        """The live generation, loaded whole; CURRENT is read at most every `generation_check_s` seconds.

        Cheap when nothing changed (one read of a one-line file, or nothing within the interval).
        When another process switched CURRENT, the new generation is loaded off to the side and
        swapped in as one object: see the module docstring for who waits for it.
        """
        loaded = self._loaded
        now = time.monotonic()
        if loaded is not None and now < self._next_check:
            return loaded
        current = self.store.current_generation()
        if current is None:
            raise NotIndexedError(f"no index in {self.store.root}: run `assistant ingest PATH` first")
        self._next_check = now + self.config.index.generation_check_s
        if loaded is not None and loaded.snapshot.generation == current:
            return loaded
        if loaded is None or not _self_contained(loaded.snapshot):
            return self._load_current()  # nothing whole to answer from meanwhile: wait for it
        if current == self._failed:
            return loaded  # logged once; the next switch is tried again
        with self._lock:
            if self._loader is None or not self._loader.is_alive():
                self._loader = threading.Thread(target=self._load_in_background, name="assistant-reload", daemon=True)
                self._loader.start()
            loader = self._loader
        loader.join(self.config.index.reload_wait_s)
        return self._loaded or loaded

    def _load_current(self) -> Loaded:
        """Load the generation CURRENT names, unless it is loaded already (one loader at a time)."""
        with self._load_lock:
            for attempt in range(3):
                current = self.store.current_generation()
                if current is None:
                    raise NotIndexedError(f"no index in {self.store.root}: run `assistant ingest PATH` first")
                if self._loaded is not None and self._loaded.snapshot.generation == current:
                    return self._loaded
                try:
                    snapshot = self.store.load(expect_model=self.embedder.name, expect_encoder=self.embedder.encoder)
                except (FileNotFoundError, IndexUnusableError):
                    # A later ingest may have switched again and removed this generation while it was read.
                    if attempt == 2 or self.store.current_generation() == current:
                        raise
                    continue
                if snapshot is None:
                    raise NotIndexedError(f"no index in {self.store.root}: run `assistant ingest PATH` first")
                self._install(snapshot)
                return self._loaded
        raise AssertionError("unreachable")

    def _load_in_background(self) -> None:
        current = self.store.current_generation()
        try:
            self._load_current()
        except Exception as exc:  # keep answering from the loaded generation; say why once
            self._failed = current
            log.warning("could not load index generation %s (still answering from the previous one): %s", current, exc)

    def _install(self, snapshot: IndexSnapshot) -> None:
        idf, default_idf = _idf(snapshot)
        retriever = HybridRetriever(
            snapshot, self.embedder, self.config.retrieval.candidate_k, self.config.retrieval.rrf_k
        )
        extractive = ExtractiveGenerator(
            snapshot,
            Context(idf, default_idf),
            self.scorer,
            self.config.answer.max_answer_sentences,
            self.config.answer.refusal_threshold,
        )
        self._loaded = Loaded(snapshot, retriever, _generator(self.config, extractive))  # one assignment: atomic
        self._failed = None


def _self_contained(snapshot: IndexSnapshot) -> bool:
    """Whether a loaded generation keeps working after its writer removed it (FAISS: read into memory,
    sentence vectors memory-mapped) or not (Milvus: its collection is dropped at the switch)."""
    return (snapshot.meta.get("dense") or {}).get("type") != MILVUS


def _condenser(config: Config) -> Condenser:
    """The rule-based follow-up resolver, or the language model's (imported only when configured)."""
    if config.answer.generator == "extractive":
        return condense
    from assistant.llm.backends import make_condenser

    return make_condenser(config)


def _generator(config: Config, extractive: ExtractiveGenerator) -> Generator:
    if config.answer.generator == "extractive":
        return extractive
    from assistant.llm.backends import make_generator

    return make_generator(config, extractive)


def _idf(snapshot: IndexSnapshot) -> tuple[dict[str, float], float]:
    """Passage-level inverse document frequency of content terms (titles count as text)."""
    titles = {doc_id: set(content_terms(s.article.title)) for doc_id, s in snapshot.articles.items()}
    return idf_table([set(content_terms(p.text)) | titles[p.doc_id] for p in snapshot.passages])


def _outlet(article: Article) -> str | None:
    """The outlet when the article names one; None when `source` is only the file-name fallback."""
    return None if article.source == Path(article.path).name else article.source


def distinct_claims(claims: list[Claim]) -> list[Claim]:
    """The claims without repeats of the same sentence: two copies of a story never fill two citation slots.

    Near-duplicates are stored once at ingest; this covers copies too different to be
    folded (an updated version of a story) that still share sentences.
    """
    seen: set[str] = set()
    out = []
    for claim in claims:
        key = normalize_answer(claim.source.article.text[claim.start : claim.end])
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out


def _note_copies(citations: list[Citation], sources: list[Source]) -> None:
    """Each citation says which other outlets ran the same story (its near-duplicates, stored once)."""
    reported = {s.article.doc_id: s.article.also_reported_by for s in sources}
    for citation in citations:
        citation.also_reported_by = list(reported.get(citation.doc_id, []))


def _sentence_ids(snapshot: IndexSnapshot, stored: StoredArticle) -> Iterator[int]:
    """The ids of an article's stored sentences (a near-duplicate stored as another has none)."""
    for pid in stored.passage_ids:
        yield from snapshot.passage_sentences[pid]


def _sentence_text(snapshot: IndexSnapshot, article: Article, sentence_id: int) -> str:
    sentence = snapshot.sentences[sentence_id]
    return article.text[sentence.start : sentence.end]


def _speakers(snapshot: IndexSnapshot, stored: StoredArticle) -> list[str]:
    """The distinct speakers quoted in an article, in the order they are first quoted."""
    names = (snapshot.sentences[i].speaker for i in _sentence_ids(snapshot, stored))
    return list(dict.fromkeys(name for name in names if name))


def _note_speakers(citations: list[Citation], snapshot: IndexSnapshot) -> None:
    """Each citation names who is quoted in its sentence(s), from the speakers stored at ingest.

    Found by the quote's article offsets: a stored sentence of the cited article that overlaps
    the quote. A quote of two sentences with two speakers names both.
    """
    for citation in citations:
        stored = snapshot.articles.get(citation.doc_id)
        if stored is None or stored.article.text[citation.start : citation.end] != citation.quote:
            continue  # the article changed since it was retrieved: its stored sentences are another text's
        names = []
        for i in _sentence_ids(snapshot, stored):
            s = snapshot.sentences[i]
            if s.speaker and s.start < citation.end and citation.start < s.end:
                names.append(s.speaker)
        citation.speaker = ", ".join(dict.fromkeys(names)) or None


def _pieces(text: str) -> Iterator[str]:
    """Word-sized pieces so surfaces can stream even answers that were produced whole."""
    words = text.split(" ")
    for i, word in enumerate(words):
        yield word + (" " if i < len(words) - 1 else "")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
