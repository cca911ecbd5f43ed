"""Checkpoints of an ingest in progress: embedded batches kept on disk until the generation is written.

An ingest of a large folder runs for hours; a crash, a reboot or `kill -9` must not
cost what was already embedded. After each batch the pipeline writes the batch's
articles, passages, annotated sentences and vectors here, and the next ingest takes
an article from here instead of embedding it again when its doc_id and file hash
match. The folder is a cache keyed by content, not a log of one run: a changed file
misses it, a stale entry is never used, and any run may reuse what another left.

Layout (inside the index folder, next to the generations; removed once a generation is written):
    staging/
        manifest.json         model, encoder, dim and passage size the vectors belong to
        batch-<n>-<id>/       one checkpoint, complete or absent (written as .tmp, then renamed)
            articles.jsonl    per article: the Article, its file hash, passage spans, sentence rows
            vectors.npz       "passages" (float32) and "sentences" (float16) rows, in articles.jsonl order

The sentence vectors are staged as float16 because that is how the generation stores
them (store.py): the resumed index is the one a clean run writes.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.index.store import fsync_dir
from assistant.ingest.prepare import PreparedArticle
from assistant.models import Article, Passage, Sentence

STAGING = "staging"
_MANIFEST = "manifest.json"


@dataclass(frozen=True)
class StagedRef:
    """Where one staged article lives: its batch folder and line."""

    batch: Path
    line: int
    passages: int
    sentences: int


class Staging:
    """The checkpoint folder of one index. Only the writer (under the index's writer lock) uses it."""

    def __init__(self, index_root: Path, manifest: dict) -> None:
        self.folder = Path(index_root) / STAGING
        self.manifest = manifest
        self._refs: dict[tuple[str, str], StagedRef] = {}
        self._count = 0
        self._cache: tuple[Path, list[dict], dict[str, np.ndarray]] | None = None

    def open(self) -> int:
        """Index what earlier runs left (vectors of another model or passage size are discarded); the article count."""
        self.folder.mkdir(parents=True, exist_ok=True)
        manifest_path = self.folder / _MANIFEST
        try:
            found = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            found = None
        if found != self.manifest:
            self.clear()
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(manifest_path, json.dumps(self.manifest, sort_keys=True).encode("utf-8"))
        for batch in sorted(self.folder.iterdir()):
            if batch.suffix == ".tmp":  # a checkpoint cut short by the crash
                shutil.rmtree(batch, ignore_errors=True)
                continue
            if not batch.is_dir() or not (batch / "vectors.npz").exists():
                continue
            self._count += 1
            with open(batch / "articles.jsonl", encoding="utf-8") as fh:
                for line, row in enumerate(fh):
                    entry = json.loads(row)
                    key = (entry["article"]["doc_id"], entry["digest"])
                    self._refs[key] = StagedRef(batch, line, len(entry["passages"]), len(entry["sentences"]))
        return len(self._refs)

    def has(self, doc_id: str, digest: str) -> bool:
        return (doc_id, digest) in self._refs

    def ref(self, doc_id: str, digest: str) -> StagedRef:
        return self._refs[(doc_id, digest)]

    def add(self, articles: list[PreparedArticle], passage_vectors: np.ndarray, sentence_vectors: np.ndarray) -> None:
        """Checkpoint one embedded batch: durable and complete before it counts (kill -9 safe)."""
        name = f"batch-{self._count:06d}-{uuid.uuid4().hex[:8]}"
        self._count += 1
        tmp = self.folder / f"{name}.tmp"
        tmp.mkdir()
        with open(tmp / "articles.jsonl", "w", encoding="utf-8") as fh:
            for prepared in articles:
                row = {
                    "article": prepared.article.model_dump(),
                    "digest": prepared.digest,
                    "passages": [[p.start, p.end] for p in prepared.passages],
                    "sentences": [s.row() for s in prepared.sentences],
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        with open(tmp / "vectors.npz", "wb") as fh:
            np.savez(
                fh,
                passages=np.asarray(passage_vectors, dtype="float32"),
                sentences=np.asarray(sentence_vectors, dtype="float16"),
            )
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.folder / name)
        fsync_dir(self.folder)
        line = 0
        for prepared in articles:
            key = (prepared.article.doc_id, prepared.digest)
            self._refs[key] = StagedRef(self.folder / name, line, len(prepared.passages), len(prepared.sentences))
            line += 1

    def read(self, ref: StagedRef, first_passage: int) -> tuple[Article, list[Passage], list[Sentence]]:
        """A staged article with its passages and sentences, passage ids from `first_passage`."""
        rows, _ = self._batch(ref.batch)
        row = rows[ref.line]
        article = Article(**row["article"])
        passages = [
            Passage(passage_id=first_passage + i, doc_id=article.doc_id, text=article.text[s:e], start=s, end=e)
            for i, (s, e) in enumerate(row["passages"])
        ]
        sentences = [Sentence.from_row(r, first_passage) for r in row["sentences"]]
        return article, passages, sentences

    def vectors(self, ref: StagedRef) -> tuple[np.ndarray, np.ndarray]:
        """(passage vectors, sentence vectors) of a staged article."""
        rows, arrays = self._batch(ref.batch)
        p0 = sum(len(r["passages"]) for r in rows[: ref.line])
        s0 = sum(len(r["sentences"]) for r in rows[: ref.line])
        return arrays["passages"][p0 : p0 + ref.passages], arrays["sentences"][s0 : s0 + ref.sentences]

    def sentence_blocks(self, refs: list[StagedRef]) -> Iterator[np.ndarray]:
        """The staged articles' sentence vectors in order, a batch file at a time (never all in memory)."""
        for ref in refs:
            yield self.vectors(ref)[1]

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._refs.clear()
        self._cache = None
        self._count = 0

    def _batch(self, batch: Path) -> tuple[list[dict], dict[str, np.ndarray]]:
        """One batch's rows and arrays, the last one read kept (articles are mostly read in batch order)."""
        if self._cache is None or self._cache[0] != batch:
            with open(batch / "articles.jsonl", encoding="utf-8") as fh:
                rows = [json.loads(line) for line in fh]
            with np.load(batch / "vectors.npz") as data:
                arrays = {"passages": data["passages"], "sentences": data["sentences"]}
            self._cache = (batch, rows, arrays)
        return self._cache[1], self._cache[2]


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
