"""One file -> its articles ready to embed: the CPU work of an ingest that does not need the model.

Loading and cleaning, splitting into passages with the model's own tokenizer (loaded
alone, without the weights), sentence spans, spaCy entities and quoted speakers. It
is cut out of the pipeline so it can run in worker processes while the main process
encodes the previous batch with the model (pipeline.py): everything here is a
module-level function over picklable values, and each worker process loads its
tokenizer and spaCy once.

Two steps per file, because near-duplicates must be decided over all files before
anything is embedded (the longest version of a story is the one indexed):
`survey` reads, hashes and cleans a file and signs its articles (about a millisecond
a file, kept light: no text is returned), then `prepare_batch` reads the files to be
indexed again and does the expensive part.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from assistant.errors import SkipFile
from assistant.ingest.annotate import entities
from assistant.ingest.chunking import TokenCounter, split_article
from assistant.ingest.dates import with_dates
from assistant.ingest.duplicates import Signature, signature
from assistant.ingest.loaders import file_hash, load_file
from assistant.ingest.quotes import find_quotes, speaker_of_sentence
from assistant.models import Article, Passage, Sentence
from assistant.text import sentence_spans


@dataclass(frozen=True)
class PrepareOptions:
    """What a worker needs to prepare files exactly as the main process would."""

    model: str  # the embedding_model setting: the worker loads its tokenizer only
    max_tokens: int
    max_bytes: int
    max_article_chars: int


@dataclass
class Surveyed:
    """One file after the light first look: unchanged, skipped (with a reason), or its articles' signatures."""

    digest: str | None = None
    unchanged: bool = False
    reason: str | None = None
    notes: list[str] = field(default_factory=list)
    signatures: list[tuple[str, Signature]] = field(default_factory=list)  # (doc_id, signature) per article


@dataclass(frozen=True)
class PrepareTask:
    """A file to prepare: the articles of it to index and those to return as near-duplicate copies.

    `article` is set instead of a path for a copy whose kept story left: it is indexed
    from its stored text, its file is not read again.
    """

    label: str
    path: str
    doc_id: str
    digest: str
    index: frozenset[str]
    copies: frozenset[str] = frozenset()
    article: Article | None = None


@dataclass
class PreparedArticle:
    """An article with its passages (ids from 0 within the article) and annotated sentences."""

    article: Article
    digest: str
    passages: list[Passage] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)  # passage_id = index into `passages`


@dataclass
class PreparedFile:
    label: str
    reason: str | None = None  # set when the file could not be prepared: it is skipped
    articles: list[PreparedArticle] = field(default_factory=list)  # to index
    copies: list[PreparedArticle] = field(default_factory=list)  # near-duplicates: no passages


def survey(path: Path, doc_id: str, previous_hash: str | None, max_bytes: int, max_article_chars: int) -> Surveyed:
    """Read, hash and clean one file; sign its articles. Raises nothing: a problem is the skip reason."""
    out = Surveyed()
    try:
        size = path.stat().st_size
        if size > max_bytes:  # not read at all: a huge file must not fill the memory
            raise SkipFile(f"too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit, max_file_mb)")
        data = path.read_bytes()
    except SkipFile as exc:
        out.reason = str(exc)
        return out
    except OSError as exc:
        out.reason = f"cannot read: {exc.strerror or exc}"
        return out
    out.digest = file_hash(data)
    if previous_hash == out.digest:
        out.unchanged = True
        return out
    try:
        articles = load_file(path, data, doc_id, max_bytes, max_article_chars, out.notes)
        out.signatures = [(a.doc_id, signature(a.text)) for a in articles]
    except SkipFile as exc:
        out.reason = str(exc)
    except Exception as exc:  # noqa: BLE001 - any failure on one file skips that file only
        out.reason = failure(exc)
    return out


def failure(exc: BaseException) -> str:
    """One line for an unexpected error on one file: its kind and the start of its message."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to be read (RecursionError)"
    message = " ".join(str(exc).split())
    if len(message) > 160:
        message = message[:157] + "..."
    return f"could not be read: {type(exc).__name__}{': ' + message if message else ''}"


def prepare_batch(
    tasks: list[PrepareTask], options: PrepareOptions, count_tokens: TokenCounter | None = None
) -> list[PreparedFile]:
    """Prepare a batch of files; the entity tagger runs once over all their sentences (spaCy's pipe batches)."""
    count_tokens = count_tokens or _worker_token_counter(options.model)
    out: list[PreparedFile] = []
    for task in tasks:
        out.append(_split_file(task, options, count_tokens))
    pending = [a for f in out for a in f.articles]
    texts = [_sentence_text(a, s) for a in pending for s in a.sentences]
    found = iter(entities(texts) if texts else [])
    for prepared in pending:
        prepared.sentences = [replace(s, entities=tuple(next(found))) for s in prepared.sentences]
        prepared.sentences = _with_speakers(prepared)
        prepared.sentences = with_dates(prepared.article.text, prepared.article.published, prepared.sentences)
    return out


def _split_file(task: PrepareTask, options: PrepareOptions, count_tokens: TokenCounter) -> PreparedFile:
    result = PreparedFile(task.label)
    try:
        if task.article is not None:
            articles = [task.article]
        else:
            data = Path(task.path).read_bytes()
            if file_hash(data) != task.digest:
                result.reason = "changed while it was being ingested: run the ingest again"
                return result
            articles = load_file(Path(task.path), data, task.doc_id, options.max_bytes, options.max_article_chars)
        for article in articles:
            if article.doc_id in task.index:
                passages = split_article(article, count_tokens, options.max_tokens)
                sentences = [
                    Sentence(p.passage_id, p.start + s, p.start + e)
                    for p in passages
                    for s, e in sentence_spans(p.text)
                ]
                result.articles.append(PreparedArticle(article, task.digest, passages, sentences))
            elif article.doc_id in task.copies:
                result.copies.append(PreparedArticle(article, task.digest))
    except SkipFile as exc:
        result.reason, result.articles, result.copies = str(exc), [], []
    except OSError as exc:
        result.reason, result.articles, result.copies = f"cannot read: {exc.strerror or exc}", [], []
    except Exception as exc:  # noqa: BLE001 - one file's failure skips that file only
        result.reason, result.articles, result.copies = failure(exc), [], []
    return result


def sentence_text(prepared: PreparedArticle, sentence: Sentence) -> str:
    """The sentence's text, cut from its passage (offsets are in the article)."""
    return _sentence_text(prepared, sentence)


def _sentence_text(prepared: PreparedArticle, s: Sentence) -> str:
    return prepared.article.text[s.start : s.end]


def _with_speakers(prepared: PreparedArticle) -> list[Sentence]:
    """Each sentence with the speaker of the quotation it holds (ingest/quotes.py), over the whole article."""
    sentences = prepared.sentences
    if not sentences:
        return sentences
    spans = [(s.start, s.end) for s in sentences]
    quotes = find_quotes(prepared.article.text, spans, [list(s.entities) for s in sentences])
    return [
        replace(s, speaker=speaker) if speaker else s
        for s, speaker in zip(sentences, speaker_of_sentence(quotes, spans), strict=True)
    ]


@lru_cache(maxsize=2)
def _worker_token_counter(model: str) -> TokenCounter:
    """The embedding model's word-piece counter, loaded without the weights (one per worker process)."""
    from assistant.index.embedding import token_counter

    return token_counter(model)


# How much lower a worker's CPU priority is than the ingest's. The encoder already leaves a busy worker a
# core (Embedder.encode_packed's busy_cores); this decides who yields when other jobs take the cores too.
# Measured with another torch job on the machine (320 BBC stories, runs alternated, load 3.6-3.8): 112
# and 104 s at nice 19 against 150 and 160 s at the same priority, though the encoder waited 24 s for
# the worker instead of 5: a torch thread pre-empted stalls the others, a worker pre-empted only waits.
WORKER_NICE = 19


def warm_worker(model: str, parent: int) -> None:
    """Pool initializer: lower its priority, leave with the parent, load the tokenizer and the entity tagger.

    A worker whose ingest is killed (kill -9, out of memory) would otherwise wait forever
    for work, holding a core and its memory: it checks every second that its parent lives.
    """
    os.nice(WORKER_NICE)  # the encoder is never starved by the files it waits for (WORKER_NICE)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="exit-with-parent").start()
    _worker_token_counter(model)
    entities(["Warm-up in London."])


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
