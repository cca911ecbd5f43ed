"""The persisted index: FAISS vectors, BM25, passages and articles, written atomically.

Layout of the index folder:
    CURRENT            name of the live generation (replaced atomically)
    gen-<id>/          one complete, immutable index
        meta.json      model name, dimension, passage size, counts
        articles.jsonl one line per article: Article + the file's content hash
        minhash.npy    row i: MinHash signature of article i, for finding near-duplicates (ingest/duplicates.py)
        passages.jsonl row i of the FAISS index is passage i
        dense.faiss    FAISS IndexFlatIP, or IVF from ann_threshold passages, over L2-normalised vectors
                       (= cosine); meta.json "dense" says which, or names the Milvus collection instead
        bm25/          llama-index BM25Retriever.persist()

An ingest writes a whole new generation and only then points CURRENT at it, so
a crash or Ctrl-C at any moment leaves the previous index loadable and complete.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from assistant.config import IndexSettings
from assistant.errors import IndexFormatError, IndexUnusableError
from assistant.index.bm25 import build_bm25, load_bm25
from assistant.index.dense import DenseIndex
from assistant.index.factory import after_switch, build_dense, describe, discard_dense, load_dense
from assistant.ingest.dates import with_dates
from assistant.models import Article, Passage, Sentence

FORMAT_VERSION = 4  # 2: sentences with vectors and entities; 3: and speakers; 4: and dates read as days
# Format 3 lacks only the sentences' dates: they are read from its stored entities when it loads,
# and the next ingest stores them, so an index from before them needs no re-embedding.
_READABLE = (3, FORMAT_VERSION)
SENTENCE_VECTORS = "sentence_vectors.npy"
SIGNATURES = "minhash.npy"
log = logging.getLogger(__name__)


@dataclass
class StoredArticle:
    article: Article
    file_hash: str
    passage_ids: list[int] = field(default_factory=list)  # empty for a near-duplicate stored as another
    signature: np.ndarray | None = None  # its MinHash row (uint32), None until computed


def link_duplicates(articles: dict[str, StoredArticle]) -> None:
    """Set each kept article's `also_reported_by` from the near-duplicates stored as it.

    Derived from `duplicate_of` on every write and load, so it stays right whichever
    writer (an ingest, a removal) dropped a copy or its kept article.
    """
    reports: dict[str, list[str]] = {}
    for stored in articles.values():
        kept = stored.article.duplicate_of
        if kept in articles:
            reports.setdefault(kept, []).append(f"{stored.article.source}: {stored.article.title}")
    for doc_id, stored in articles.items():
        if stored.article.also_reported_by != reports.get(doc_id, []):
            stored.article = stored.article.model_copy(update={"also_reported_by": reports.get(doc_id, [])})


@dataclass
class IndexSnapshot:
    """One loaded generation; immutable once built, so readers never see a half-update."""

    generation: str
    meta: dict
    articles: dict[str, StoredArticle]
    passages: list[Passage]
    dense: DenseIndex
    bm25: object | None  # BM25Retriever when just written, LoadedBM25 when read; None when there are no passages
    sentences: list[Sentence] = field(default_factory=list)
    sentence_vectors: np.ndarray | None = None  # row i is sentences[i]; float16, memory-mapped
    passage_sentences: list[range] = field(default_factory=list)  # passage id -> its sentence ids

    def __post_init__(self) -> None:
        if not self.passage_sentences and self.sentences:
            self.passage_sentences = sentence_ranges(self.sentences, len(self.passages))

    def vectors(self) -> np.ndarray:
        return self.dense.vectors()

    @cached_property
    def text_dates(self) -> dict[str, list[tuple[str, str]]]:
        """Per article, the days its text names (ingest/dates.py), for filters and "most recent" questions."""
        found: dict[str, list[tuple[str, str]]] = {}
        for sentence in self.sentences:
            if sentence.dates:
                doc_id = self.passages[sentence.passage_id].doc_id
                found.setdefault(doc_id, []).extend((first, last) for _, _, first, last in sentence.dates)
        return found


def sentence_ranges(sentences: list[Sentence], n_passages: int) -> list[range]:
    """Sentence ids of each passage (sentences are stored in passage order)."""
    first = [0] * (n_passages + 1)
    counts = [0] * n_passages
    for s in sentences:
        counts[s.passage_id] += 1
    for i, c in enumerate(counts):
        first[i + 1] = first[i] + c
    return [range(first[i], first[i + 1]) for i in range(n_passages)]


class IndexStore:
    def __init__(self, root: Path, settings: IndexSettings | None = None) -> None:
        self.root = Path(root)
        self.settings = settings or IndexSettings()  # store, milvus_uri, ann_threshold, ann_nprobe

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    def current_generation(self) -> str | None:
        try:
            return self.current_file.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def exists(self) -> bool:
        return self.current_generation() is not None

    def load(self, expect_model: str | None = None, expect_encoder: str | None = None) -> IndexSnapshot | None:
        generation = self.current_generation()
        if generation is None:
            return None
        folder = self.root / generation
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError) as exc:
            raise IndexUnusableError(
                f"index at {self.root} is damaged ({exc}); delete it and run `assistant ingest`"
            ) from exc
        if meta.get("format") not in _READABLE:
            raise IndexFormatError(
                f"index at {self.root} has format {meta.get('format')}, this version reads {FORMAT_VERSION}; "
                "run `assistant ingest` to rebuild it"
            )
        if expect_model is not None and meta["model"] != expect_model:
            raise IndexUnusableError(
                f"index at {self.root} was built with embedding model '{meta['model']}' but the configuration "
                f"uses '{expect_model}'. Set embedding_model = \"{meta['model']}\" (ASSISTANT_EMBEDDING_MODEL), "
                f"or rebuild with the new model: `assistant ingest --rebuild`."
            )
        built_by = meta.get("encoder", "torch")  # indexes from before the setting were all built on torch
        if expect_encoder is not None and built_by != expect_encoder:
            # Refused, not mixed: the two encoders' vectors differ a little (cosine ~0.99), and one index
            # must hold one encoder's vectors, with questions encoded by the same one.
            raise IndexUnusableError(
                f"index at {self.root} was built with encoder '{built_by}' but the configuration uses "
                f"'{expect_encoder}'. Set encoder = \"{built_by}\" (ASSISTANT_ENCODER), or re-embed everything "
                f"with the new encoder: `assistant ingest --rebuild`."
            )
        articles: dict[str, StoredArticle] = {}
        with open(folder / "articles.jsonl", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                articles[row["article"]["doc_id"]] = StoredArticle(
                    Article(**row["article"]), row["file_hash"], row["passage_ids"]
                )
        _read_signatures(folder, list(articles.values()))
        link_duplicates(articles)
        with open(folder / "passages.jsonl", encoding="utf-8") as fh:
            passages = [Passage(**json.loads(line)) for line in fh]
        sentences, sentence_vectors = _read_sentences(folder)
        if meta["format"] < 4:
            sentences = _read_dates(articles, passages, sentences)
        dense = load_dense(meta, folder, self.root, self.settings)
        bm25 = load_bm25(folder / "bm25") if passages else None
        return IndexSnapshot(generation, meta, articles, passages, dense, bm25, sentences, sentence_vectors)

    def write(
        self,
        meta: dict,
        articles: list[StoredArticle],
        passages: list[Passage],
        vectors: np.ndarray,
        sentences: list[Sentence],
        sentence_vectors: np.ndarray | Iterable[np.ndarray],
    ) -> IndexSnapshot:
        """Write a complete new generation, then switch CURRENT to it.

        `sentence_vectors` may be one array or blocks of rows in order (an ingest streams them
        from its checkpoints), written to the file as they come: the largest part of a big
        index never has to be in memory at once.
        """
        assert len(passages) == len(vectors), "one vector per passage"
        self.root.mkdir(parents=True, exist_ok=True)
        generation = f"gen-{uuid.uuid4().hex[:12]}"
        folder = self.root / generation
        folder.mkdir()
        meta = {
            **meta,
            "format": FORMAT_VERSION,
            "articles": len(articles),
            "passages": len(passages),
            "sentences": len(sentences),
        }
        link_duplicates({a.article.doc_id: a for a in articles})
        _write_signatures(folder, articles)
        _write_json_lines(
            folder / "articles.jsonl",
            (
                {"article": a.article.model_dump(), "file_hash": a.file_hash, "passage_ids": a.passage_ids}
                for a in articles
            ),
        )
        _write_json_lines(folder / "passages.jsonl", (p.model_dump() for p in passages))
        _write_json_lines(folder / "sentences.jsonl", (s.row() for s in sentences))
        _save_rows(folder / SENTENCE_VECTORS, sentence_vectors, len(sentences), int(meta["dim"]))
        dense = build_dense(vectors, int(meta["dim"]), generation, self.root, self.settings)
        dense.save(folder)
        meta["dense"] = describe(dense, self.settings)
        bm25 = build_bm25(passages, {a.article.doc_id: a.article for a in articles})
        if bm25 is not None:
            bm25.persist(str(folder / "bm25"), show_progress=False)
        (folder / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        _fsync_tree(folder)
        tmp = self.root / "CURRENT.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(generation)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.current_file)
        fsync_dir(self.root)
        after_switch(dense)
        self._remove_old_generations(keep=generation)
        by_id = {a.article.doc_id: a for a in articles}
        vectors16 = np.load(folder / SENTENCE_VECTORS, mmap_mode="r")
        return IndexSnapshot(generation, meta, by_id, passages, dense, bm25, sentences, vectors16)

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One ingest at a time per index folder (another process gets a clear error)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IndexUnusableError(f"another ingest is writing to {self.root}; wait for it to finish") from None
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _remove_old_generations(self, keep: str) -> None:
        for child in self.root.glob("gen-*"):
            if child.name != keep:
                try:
                    discard_dense(child, self.root, self.settings)
                except Exception as exc:  # the new generation is live already; a leftover collection is no error
                    log.warning("could not drop the Milvus collection of %s: %s", child.name, exc)
                shutil.rmtree(child, ignore_errors=True)


def _save_rows(path: Path, blocks: np.ndarray | Iterable[np.ndarray], rows: int, dim: int) -> None:
    """A float16 .npy of `rows` x `dim` written block by block (np.load reads it like any other)."""
    if isinstance(blocks, np.ndarray):
        blocks = [blocks]
    header = {"descr": np.lib.format.dtype_to_descr(np.dtype("float16")), "fortran_order": False, "shape": (rows, dim)}
    written = 0
    with open(path, "wb") as fh:
        np.lib.format.write_array_header_1_0(fh, header)
        for block in blocks:
            block = np.ascontiguousarray(block, dtype="float16").reshape(-1, dim)
            fh.write(block.tobytes())
            written += len(block)
    assert written == rows, f"one vector per sentence ({written} for {rows})"


def _read_sentences(folder: Path) -> tuple[list[Sentence], np.ndarray]:
    with open(folder / "sentences.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    sentences = [Sentence.from_row(row) for row in rows]
    # float16 halves the memory of the largest part of the index; cosines keep three digits.
    return sentences, np.load(folder / SENTENCE_VECTORS, mmap_mode="r")


def _read_dates(
    articles: dict[str, StoredArticle], passages: list[Passage], sentences: list[Sentence]
) -> list[Sentence]:
    """A format-3 index's sentences with their dates read (sentences are stored article by article)."""
    out: list[Sentence] = []
    i = 0
    while i < len(sentences):
        doc_id = passages[sentences[i].passage_id].doc_id
        j = i
        while j < len(sentences) and passages[sentences[j].passage_id].doc_id == doc_id:
            j += 1
        article = articles[doc_id].article
        out.extend(with_dates(article.text, article.published, sentences[i:j]))
        i = j
    return out


def _write_signatures(folder: Path, articles: list[StoredArticle]) -> None:
    """One row per article in articles.jsonl order; zeros where none was computed."""
    width = next((len(a.signature) for a in articles if a.signature is not None), 0)
    if not width:
        return
    rows = np.zeros((len(articles), width), dtype="uint32")
    for i, stored in enumerate(articles):
        if stored.signature is not None and len(stored.signature) == width:
            rows[i] = stored.signature
    np.save(folder / SIGNATURES, rows)


def _read_signatures(folder: Path, articles: list[StoredArticle]) -> None:
    """Signatures back onto their articles; an index written before them has none (computed when needed)."""
    try:
        rows = np.load(folder / SIGNATURES)
    except FileNotFoundError:
        return
    if len(rows) != len(articles):
        return  # not written with these articles: recomputed when needed
    for stored, row in zip(articles, rows, strict=True):
        stored.signature = row if row.any() else None


def _write_json_lines(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
    for path in [*folder.rglob("*"), folder]:
        if path.is_dir():
            fsync_dir(path)


def fsync_dir(folder: Path) -> None:
    """Make a folder's entries (a rename, a new file) durable, as a file's fsync makes its bytes."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
