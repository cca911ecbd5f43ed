"""Incremental ingest: files -> articles -> passages -> vectors -> a new index generation.

Per-file content hashes decide what to do: unchanged files keep their passages and
vectors (copied from the live index, never re-embedded), changed files are
replaced, files gone from a scanned folder are removed. A file that was indexed
before and is now unreadable keeps its previous version, so bad input never
costs what is already indexed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.errors import SkipFile
from assistant.index.embedding import Embedder
from assistant.index.store import IndexSnapshot, IndexStore, StoredArticle
from assistant.ingest.chunking import split_article
from assistant.ingest.loaders import file_hash, load_file
from assistant.models import Article, Passage

ProgressFn = Callable[[str, int, int], None]
_ENCODE_CHUNK = 512


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    passages: int = 0
    new_passages: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [
            f"added {len(self.added)} · updated {len(self.updated)} · unchanged {len(self.unchanged)} · "
            f"removed {len(self.removed)} · skipped {len(self.skipped)} files; "
            f"index: {self.articles} articles, {self.passages} passages "
            f"({self.new_passages} embedded) in {self.seconds:.1f} s"
        ]
        lines += [f"  skipped {path}: {reason}" for path, reason in self.skipped]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            **{k: getattr(self, k) for k in ("added", "updated", "unchanged", "removed")},
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "articles": self.articles,
            "passages": self.passages,
            "new_passages": self.new_passages,
            "seconds": round(self.seconds, 3),
        }


def scan(paths: Iterable[Path]) -> tuple[list[tuple[Path, str]], list[Path], list[tuple[str, str]]]:
    """(files with their doc_id, folders scanned, missing paths). Hidden files are ignored."""
    files: list[tuple[Path, str]] = []
    folders: list[Path] = []
    missing: list[tuple[str, str]] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            folders.append(path.resolve())
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    files.append((child, rel.as_posix()))
        elif path.is_file():
            files.append((path, path.name))
        else:
            missing.append((str(path), "no such file or folder"))
    return files, folders, missing


def run_ingest(
    paths: Iterable[Path],
    store: IndexStore,
    embedder: Embedder,
    passage_tokens: int,
    max_file_mb: float,
    rebuild: bool = False,
    show_progress: bool = True,
    on_progress: ProgressFn | None = None,
) -> tuple[IngestReport, IndexSnapshot | None]:
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    report = IngestReport()
    with store.writer_lock():
        old = None if rebuild else store.load(expect_model=embedder.name)
        old_articles = old.articles if old else {}
        by_path: dict[str, list[StoredArticle]] = defaultdict(list)
        for stored in old_articles.values():
            by_path[stored.article.path].append(stored)

        files, folders, missing = scan(paths)
        report.skipped += missing
        keep: dict[str, StoredArticle] = {}  # doc_id -> stored article carried over as is
        fresh: list[tuple[Article, str]] = []  # new or changed articles with their file hash
        seen_paths: set[str] = set()
        taken_ids = {doc_id for doc_id in old_articles}
        max_bytes = int(max_file_mb * 1e6)
        for path, doc_id in tqdm(files, desc="reading", unit="file", disable=not show_progress):
            key = str(path.resolve())
            seen_paths.add(key)
            previous = by_path.get(key, [])
            label = str(path)
            try:
                data = path.read_bytes()
            except OSError as exc:
                _keep_previous(report, keep, previous, label, f"cannot read: {exc.strerror or exc}")
                continue
            digest = file_hash(data)
            if previous and previous[0].file_hash == digest:
                report.unchanged.append(label)
                keep.update({s.article.doc_id: s for s in previous})
                continue
            if not previous and doc_id in taken_ids:
                doc_id = key  # the same relative name from another folder: the full path is unique
            if previous:
                doc_id = previous[0].article.doc_id.split("#")[0]
            try:
                articles = load_file(path, data, doc_id, max_bytes)
            except SkipFile as exc:
                _keep_previous(report, keep, previous, label, str(exc))
                continue
            (report.updated if previous else report.added).append(label)
            taken_ids.update(a.doc_id for a in articles)
            fresh += [(a, digest) for a in articles]

        # Files that were indexed from a scanned folder (or named directly) and are gone now.
        named = {str(Path(p).resolve()) for p in paths}
        for key, stored_list in by_path.items():
            if key in seen_paths:
                continue
            inside_scanned = any(Path(key).is_relative_to(folder) for folder in folders)
            if (inside_scanned or key in named) and not Path(key).exists():
                report.removed.append(key)
            else:
                keep.update({s.article.doc_id: s for s in stored_list})

        if not (report.added or report.updated or report.removed) and old is not None:
            report.articles, report.passages = len(old.articles), len(old.passages)
            report.seconds = time.perf_counter() - started
            return report, old

        snapshot = _build(old, keep, fresh, store, embedder, passage_tokens, report, show_progress, on_progress)
    report.articles, report.passages = len(snapshot.articles), len(snapshot.passages)
    report.seconds = time.perf_counter() - started
    return report, snapshot


def _keep_previous(
    report: IngestReport, keep: dict[str, StoredArticle], previous: list[StoredArticle], label: str, reason: str
) -> None:
    if previous:
        reason += " (kept the previously indexed version)"
        keep.update({s.article.doc_id: s for s in previous})
    report.skipped.append((label, reason))


def _build(
    old: IndexSnapshot | None,
    keep: dict[str, StoredArticle],
    fresh: list[tuple[Article, str]],
    store: IndexStore,
    embedder: Embedder,
    passage_tokens: int,
    report: IngestReport,
    show_progress: bool,
    on_progress: ProgressFn | None,
) -> IndexSnapshot:
    max_tokens = min(passage_tokens, embedder.window)
    passages: list[Passage] = []
    parts: list[np.ndarray] = []
    articles: list[StoredArticle] = []
    old_vectors = old.vectors() if (old is not None and keep) else None
    for stored in keep.values():
        first = len(passages)
        for pid in stored.passage_ids:
            p = old.passages[pid]
            passages.append(p.model_copy(update={"passage_id": len(passages)}))
        if stored.passage_ids:
            parts.append(old_vectors[stored.passage_ids])
        articles.append(StoredArticle(stored.article, stored.file_hash, list(range(first, len(passages)))))

    new_passages: list[Passage] = []
    for article, digest in fresh:
        first = len(passages) + len(new_passages)
        chunk = split_article(article, embedder.count_tokens, max_tokens, first_id=first)
        new_passages += chunk
        articles.append(StoredArticle(article, digest, [p.passage_id for p in chunk]))
    report.new_passages = len(new_passages)
    parts.append(_embed([p.text for p in new_passages], embedder, show_progress, on_progress))
    passages += new_passages
    vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dim), dtype="float32")
    meta = {"model": embedder.name, "dim": embedder.dim, "passage_tokens": max_tokens}
    return store.write(meta, articles, passages, vectors)


def _embed(texts: list[str], embedder: Embedder, show_progress: bool, on_progress: ProgressFn | None) -> np.ndarray:
    """Encode in chunks (for progress) of passages sorted by length over the whole set.

    SentenceTransformer.encode sorts by length only within one call, so chunking
    unsorted texts pads short passages up to long ones; sorting first keeps the
    chunked run as fast as one big call.
    """
    order = np.argsort([-len(t) for t in texts], kind="stable")
    vectors = np.zeros((len(texts), embedder.dim), dtype="float32")
    bar = tqdm(total=len(texts), desc="embedding", unit="passage", disable=not show_progress or not texts)
    for i in range(0, len(texts), _ENCODE_CHUNK):
        chunk = order[i : i + _ENCODE_CHUNK]
        vectors[chunk] = embedder.encode([texts[j] for j in chunk])
        bar.update(len(chunk))
        if on_progress:
            on_progress("embedding", min(i + _ENCODE_CHUNK, len(texts)), len(texts))
    bar.close()
    return vectors
