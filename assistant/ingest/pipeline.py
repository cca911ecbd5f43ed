"""Incremental ingest: files -> articles -> passages -> vectors -> a new index generation.

Per-file content hashes decide what to do: unchanged files keep their passages and
vectors (copied from the live index, never re-embedded), changed files are
replaced, files gone from a scanned folder are removed. A file that was indexed
before and is now unreadable keeps its previous version, so bad input never
costs what is already indexed.
"""

from __future__ import annotations

import errno
import itertools
import multiprocessing
import os
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.errors import IndexFormatError, IngestWorkerError
from assistant.index.embedding import Embedder
from assistant.index.store import IndexSnapshot, IndexStore, StoredArticle
from assistant.ingest.duplicates import DuplicateFinder, Signature, signature
from assistant.ingest.loaders import DEFAULT_MAX_ARTICLE_CHARS
from assistant.ingest.prepare import (
    PreparedArticle,
    PreparedFile,
    PrepareOptions,
    PrepareTask,
    prepare_batch,
    sentence_text,
    survey,
    warm_worker,
)
from assistant.ingest.staging import Staging
from assistant.models import Article, Passage, Sentence

ProgressFn = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # (article, the article it is stored as, estimated Jaccard): near-duplicates kept once
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    articles: int = 0
    passages: int = 0
    new_passages: int = 0  # embedded by this run
    resumed_passages: int = 0  # taken from the checkpoints of an interrupted ingest, not embedded again
    seconds: float = 0.0
    # Where the time went (s): "survey" (hash, clean, sign every file), "waiting" (the encoder idle, waiting
    # for prepared batches), "encoding", "checkpoints", "writing" (the generation). bench/ingest.py prints it.
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def summary(self) -> str:
        lines = [
            f"added {len(self.added)} · updated {len(self.updated)} · unchanged {len(self.unchanged)} · "
            f"removed {len(self.removed)} · skipped {len(self.skipped)} files; "
            f"index: {self.articles} articles, {self.passages} passages "
            f"({self.new_passages} embedded) in {self.seconds:.1f} s"
        ]
        if self.resumed_passages:
            lines.append(f"  resumed: {self.resumed_passages} passages from an interrupted ingest, not embedded again")
        lines += [f"  skipped {path}: {reason}" for path, reason in self.skipped]
        lines += [
            f"  near-duplicate {doc} of {kept} (similarity {similarity:.2f}), kept once"
            for doc, kept, similarity in self.duplicates
        ]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            **{k: getattr(self, k) for k in ("added", "updated", "unchanged", "removed")},
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "duplicates": [{"doc_id": d, "kept": k, "similarity": round(j, 3)} for d, k, j in self.duplicates],
            "notes": self.notes,
            "articles": self.articles,
            "passages": self.passages,
            "new_passages": self.new_passages,
            "resumed_passages": self.resumed_passages,
            "seconds": round(self.seconds, 3),
        }


def scan(
    paths: Iterable[Path], follow_symlinks_outside: bool = False
) -> tuple[list[tuple[Path, str]], list[Path], list[tuple[str, str]]]:
    """(files with their doc_id, folders scanned, paths skipped with a reason). Hidden files are ignored.

    Inside a scanned folder a symbolic link is not followed out of that folder unless
    `follow_symlinks_outside` is set: `data/x.txt -> /etc/passwd` must not put the
    password file in the index. Links inside the folder are skipped too (their targets
    are indexed under their own names); loops, dangling links, FIFOs and devices are
    reported, never read.
    """
    files: list[tuple[Path, str]] = []
    folders: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for path in paths:
        path = Path(path)
        if not os.path.lexists(path):
            skipped.append((str(path), "no such file or folder"))
        elif not path.exists():
            skipped.append((str(path), _link_problem(path)))
        elif path.is_dir():
            root = Path(os.path.realpath(path))
            folders.append(root)
            files += _walk(path, root, follow_symlinks_outside, skipped)
        elif path.is_file():
            files.append((path, path.name))
        else:
            skipped.append((str(path), "not a regular file (a FIFO, socket or device): not read"))
    return files, folders, skipped


def _walk(
    top: Path,
    root: Path,
    follow_outside: bool,
    skipped: list[tuple[str, str]],
) -> list[tuple[Path, str]]:
    """Files (sorted by relative name) without following links, except out of `root` when allowed."""
    files: list[tuple[Path, str]] = []
    stack: list[tuple[Path, str]] = [(top, "")]
    visited = {root}
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError as exc:
            skipped.append((_display(folder), f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child, rel = Path(entry.path), prefix + entry.name
            label = _display(child)
            if not _utf8(entry.name):
                skipped.append((label, "file name is not valid UTF-8: rename the file"))
            elif entry.is_symlink():
                target = _link_target(child)
                if target is None:
                    skipped.append((label, _link_problem(child)))
                elif target.is_relative_to(root):
                    skipped.append((label, f"symlink to {target} inside the scanned folder: indexed there, not twice"))
                elif not follow_outside:
                    skipped.append(
                        (
                            label,
                            f"symlink to {target}, outside the scanned folder {root}: not followed "
                            "(set follow_symlinks_outside = true to allow)",
                        )
                    )
                elif target.is_dir():
                    if target in visited or root.is_relative_to(target):
                        skipped.append((label, f"symlink loop: {target} is already being scanned"))
                    else:
                        visited.add(target)
                        stack.append((child, rel + "/"))
                elif target.is_file():
                    files.append((child, rel))
                else:
                    skipped.append((label, "symlink to something that is not a regular file: not read"))
            elif entry.is_dir(follow_symlinks=False):
                stack.append((child, rel + "/"))
            elif entry.is_file(follow_symlinks=False):
                files.append((child, rel))
            else:
                skipped.append((label, "not a regular file (a FIFO, socket or device): not read"))
    return sorted(files, key=lambda item: item[1])


def _link_target(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return None


def _link_problem(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return "symlink loop: the link never reaches a file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop: the link never reaches a file"
        return f"broken symlink: {os.readlink(path)} does not exist"
    return "cannot be read"


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes arrive as lone surrogates (surrogateescape)
        return False
    return True


def _display(path: Path) -> str:
    """The path as printable text, even when its name is not valid UTF-8."""
    return os.fsencode(path).decode("utf-8", "replace")


@dataclass
class Candidate:
    """A new or changed article, known after the light first pass by its signature (its text is not held)."""

    doc_id: str
    digest: str
    sig: Signature
    label: str  # the file, as reported
    path: str = ""  # the file to read it from again ("" for an article re-indexed from its stored text)
    file_doc_id: str = ""  # the doc_id the file's articles are derived from
    article: Article | None = None  # known already for a copy whose kept story left


def run_ingest(
    paths: Iterable[Path],
    store: IndexStore,
    embedder: Embedder,
    passage_tokens: int,
    max_file_mb: float,
    rebuild: bool = False,
    show_progress: bool = True,
    on_progress: ProgressFn | None = None,
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
    follow_symlinks_outside: bool = False,
    workers: int = 0,
    batch_files: int = 64,
) -> tuple[IngestReport, IndexSnapshot | None]:
    """Ingest files into a new generation, streaming in batches of `batch_files` with `workers` processes.

    A first light pass hashes, cleans and signs every file (near-duplicates are decided
    over all of them); then batches of files are prepared (split, entities, speakers) in
    worker processes while the main process embeds the batch before, and each embedded
    batch is checkpointed (staging.py) so a killed ingest resumes without re-embedding.
    """
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    report = IngestReport()
    with store.writer_lock():
        old = None if rebuild else _previous(store, embedder, report)
        old_articles = old.articles if old else {}
        by_path: dict[str, list[StoredArticle]] = defaultdict(list)
        for stored in old_articles.values():
            by_path[stored.article.path].append(stored)

        files, folders, unreadable = scan(paths, follow_symlinks_outside)
        report.skipped += unreadable
        keep: dict[str, StoredArticle] = {}  # doc_id -> stored article carried over as is
        fresh: list[Candidate] = []  # new or changed articles, signed but not held
        previous_of: dict[str, list[StoredArticle]] = {}
        seen_paths: set[str] = set()
        taken_ids = {doc_id for doc_id in old_articles}
        max_bytes = int(max_file_mb * 1e6)
        max_tokens = min(passage_tokens, embedder.window)
        for path, doc_id in tqdm(files, desc="reading", unit="file", disable=not show_progress):
            key = os.path.realpath(path)
            seen_paths.add(key)
            previous = by_path.get(key, [])
            label = _display(path)
            if previous:
                doc_id = previous[0].article.doc_id.split("#")[0]
            elif doc_id in taken_ids:
                doc_id = key  # the same relative name from another folder: the full path is unique
            looked = survey(path, doc_id, previous[0].file_hash if previous else None, max_bytes, max_article_chars)
            if looked.reason is not None:
                _keep_previous(report, keep, previous, label, looked.reason)
                continue
            if looked.unchanged:
                report.unchanged.append(label)
                keep.update({s.article.doc_id: s for s in previous})
                continue
            report.notes += [f"{label}: {note}" for note in looked.notes]
            (report.updated if previous else report.added).append(label)
            taken_ids.update(doc for doc, _ in looked.signatures)
            fresh += [Candidate(doc, looked.digest, sig, label, key, doc_id) for doc, sig in looked.signatures]
            previous_of[label] = previous  # put back if the file fails when it is prepared

        # Files that were indexed from a scanned folder (or named directly) and are gone now.
        named = {os.path.realpath(p) for p in paths}
        for key, stored_list in by_path.items():
            if key in seen_paths:
                continue
            inside_scanned = any(Path(key).is_relative_to(folder) for folder in folders)
            if (inside_scanned or key in named) and not Path(key).exists():
                report.removed.append(key)
            else:
                keep.update({s.article.doc_id: s for s in stored_list})

        indexed, signatures, regrouped = fold_duplicates(keep, fresh, report)
        report.timings["survey"] = time.perf_counter() - started
        if not (report.added or report.updated or report.removed or regrouped) and old is not None:
            Staging(store.root, {}).clear()  # nothing to do: what an interrupted run left is moot
            report.articles, report.passages = len(old.articles), len(old.passages)
            report.seconds = time.perf_counter() - started
            return report, old

        options = PrepareOptions(embedder.name, max_tokens, max_bytes, max_article_chars)
        manifest = {"model": embedder.name, "encoder": embedder.encoder, "dim": embedder.dim, "tokens": max_tokens}
        staging = Staging(store.root, manifest)
        staging.open()
        run = _Run(store, staging, embedder, options, report, show_progress, on_progress, workers, batch_files)
        snapshot = _build(old, keep, previous_of, fresh, indexed, signatures, run)
        staging.clear()
    report.articles, report.passages = len(snapshot.articles), len(snapshot.passages)
    report.seconds = time.perf_counter() - started
    return report, snapshot


def _previous(store: IndexStore, embedder: Embedder, report: IngestReport) -> IndexSnapshot | None:
    """The live generation, or None (a full rebuild) when it was written by an older version.

    Another model or encoder is an error (`--rebuild` re-embeds): kept vectors are never mixed with new ones.
    """
    try:
        return store.load(expect_model=embedder.name, expect_encoder=embedder.encoder)
    except IndexFormatError as exc:
        report.notes.append(f"rebuilding the whole index: {exc}")
        return None


def _keep_previous(
    report: IngestReport, keep: dict[str, StoredArticle], previous: list[StoredArticle], label: str, reason: str
) -> None:
    if previous:
        reason += " (kept the previously indexed version)"
        keep.update({s.article.doc_id: s for s in previous})
    report.skipped.append((label, reason))


@dataclass
class _Run:
    """How one ingest embeds and writes: the same for every batch."""

    store: IndexStore
    staging: Staging
    embedder: Embedder
    options: PrepareOptions
    report: IngestReport
    show_progress: bool
    on_progress: ProgressFn | None
    workers: int
    batch_files: int


def _build(
    old: IndexSnapshot | None,
    keep: dict[str, StoredArticle],
    previous_of: dict[str, list[StoredArticle]],
    fresh: list[Candidate],
    indexed: list[Candidate],
    signatures: dict[str, np.ndarray],
    run: _Run,
) -> IndexSnapshot:
    """Embed what is not checkpointed yet, batch by batch, then write the generation from the checkpoints."""
    staging, embedder, report = run.staging, run.embedder, run.report
    failed = _embed_batches(keep, previous_of, fresh, indexed, run)
    indexed = [c for c in indexed if c.label not in failed]
    for label in failed:  # such a file keeps its previous version, if it had one
        keep.update({s.article.doc_id: s for s in previous_of.get(label, [])})

    writing = time.perf_counter()
    kept = carry_over(old, keep)
    articles, passages, sentences = kept.articles, kept.passages, kept.sentences
    refs = [staging.ref(c.doc_id, c.digest) for c in indexed]
    vectors = np.zeros((len(passages) + sum(r.passages for r in refs), embedder.dim), dtype="float32")
    row = 0
    for block in kept.vectors:
        vectors[row : row + len(block)] = block
        row += len(block)
    for candidate, ref in zip(indexed, refs, strict=True):
        article, new_passages, new_sentences = staging.read(ref, first_passage=len(passages))
        vectors[len(passages) : len(passages) + len(new_passages)] = staging.vectors(ref)[0]
        articles.append(
            StoredArticle(
                article, candidate.digest, [p.passage_id for p in new_passages], signatures.get(article.doc_id)
            )
        )
        passages += new_passages
        sentences += new_sentences
    # Sentence vectors go from the checkpoints to the generation's file block by block, never all in memory.
    sentence_vectors = itertools.chain(kept.sentence_vectors, staging.sentence_blocks(refs))
    meta = {
        "model": embedder.name,
        "encoder": embedder.encoder,
        "dim": embedder.dim,
        "passage_tokens": run.options.max_tokens,
    }
    snapshot = run.store.write(meta, articles, passages, vectors, sentences, sentence_vectors)
    report.timings["writing"] = time.perf_counter() - writing
    return snapshot


def _embed_batches(
    keep: dict[str, StoredArticle],
    previous_of: dict[str, list[StoredArticle]],
    fresh: list[Candidate],
    indexed: list[Candidate],
    run: _Run,
) -> set[str]:
    """Prepare and embed every article not in the checkpoints; the labels of files that failed to prepare.

    Copies of indexed stories (in `keep` with a stub article until now) get their article from the same read.
    """
    staging, embedder, report, on_progress = run.staging, run.embedder, run.report, run.on_progress
    by_id = {c.doc_id: c for c in fresh}
    stubs = {doc_id for doc_id, s in keep.items() if doc_id in by_id and s.article.duplicate_of and not s.article.text}
    tasks: dict[str, tuple[Candidate, set[str], set[str]]] = {}  # file -> (its first candidate, index, copies)
    for candidate in indexed:
        if staging.has(candidate.doc_id, candidate.digest):
            report.resumed_passages += staging.ref(candidate.doc_id, candidate.digest).passages
            continue
        tasks.setdefault(candidate.path or candidate.doc_id, (candidate, set(), set()))[1].add(candidate.doc_id)
    for doc_id in stubs:
        candidate = by_id[doc_id]
        tasks.setdefault(candidate.path, (candidate, set(), set()))[2].add(doc_id)
    work = [
        PrepareTask(
            first.label,
            first.path,
            first.file_doc_id,
            first.digest,
            frozenset(index),
            frozenset(copies),
            first.article,
        )
        for first, index, copies in tasks.values()
    ]
    workers = run.workers if len(work) > run.batch_files else 0  # one batch: nothing to overlap, no process
    failed: set[str] = set()
    done = 0
    bar = tqdm(total=len(work), desc="embedding", unit="file", disable=not run.show_progress or not work)
    clock = time.perf_counter()
    for prepared_files, busy_workers in _prepared(_batches(work, run.batch_files), run.options, embedder, workers):
        report.timings["waiting"] += time.perf_counter() - clock
        ready: list[PreparedArticle] = []
        for prepared in prepared_files:
            if prepared.reason is not None:
                failed.add(prepared.label)
                _drop_from_report(report, prepared.label, prepared.reason, bool(previous_of.get(prepared.label)))
                continue
            ready += prepared.articles
            for copy in prepared.copies:
                stored = keep[copy.article.doc_id]
                stored.article = copy.article.model_copy(update={"duplicate_of": stored.article.duplicate_of})
                stubs.discard(copy.article.doc_id)
        texts = [p.text for a in ready for p in a.passages]
        sentence_texts = [sentence_text(a, s) for a in ready for s in a.sentences]
        # Passages and sentences in one call, batched by word pieces: batches pad little.
        clock = time.perf_counter()
        # busy_workers: while a worker prepares the next batch, the encoder leaves it its core.
        encoded = embedder.encode_packed(texts + sentence_texts, busy_cores=busy_workers)
        report.timings["encoding"] += time.perf_counter() - clock
        clock = time.perf_counter()
        staging.add(ready, encoded[: len(texts)], encoded[len(texts) :])
        report.timings["checkpoints"] += time.perf_counter() - clock
        report.new_passages += len(texts)
        done += len(prepared_files)
        bar.update(len(prepared_files))
        if on_progress:
            on_progress("embedding", done, len(work))
        clock = time.perf_counter()
    bar.close()
    for doc_id in stubs:  # a copy whose file could not be read again: left out, like its file
        del keep[doc_id]
    return failed


def _drop_from_report(report: IngestReport, label: str, reason: str, had_previous: bool) -> None:
    """A file that passed the first look but failed when prepared: reported as skipped, not added."""
    for names in (report.added, report.updated):
        if label in names:
            names.remove(label)
    report.skipped.append((label, reason + (" (kept the previously indexed version)" if had_previous else "")))


def _batches(work: list[PrepareTask], size: int) -> list[list[PrepareTask]]:
    """Batches of `size` files, the first ones smaller (size/8, size/4, size/2, then size).

    The encoder has nothing to do until the first batch is prepared; a small first batch
    starts it after a few files instead of `size`, and each following batch, at most
    twice the one before, is prepared while that one is embedded (preparing a file takes
    a fraction of embedding it).
    """
    out: list[list[PrepareTask]] = []
    start, n = 0, max(1, size // 8)
    while start < len(work):
        out.append(work[start : start + n])
        start, n = start + n, min(size, 2 * n)
    return out


def _no_workers() -> int:
    return 0


def _prepared(
    batches: list[list[PrepareTask]], options: PrepareOptions, embedder: Embedder, workers: int
) -> Iterator[tuple[list[PreparedFile], Callable[[], int]]]:
    """Prepared batches in order, each with how many workers are busy at any moment of its encoding.

    In worker processes, a few batches ahead of the encoder, or here (`workers` 0, or a
    single batch). Workers are spawned, not forked: the main process holds torch's threads
    (and, in the web app, other threads and locks) that a forked child would inherit in an
    undefined state. At most `workers + 1` batches wait, which bounds the memory whatever
    the corpus size. The busy count (batches handed out and not finished, at most one per
    worker) is what `Embedder.encode_packed` leaves to the workers.
    """
    if workers <= 0 or len(batches) < 2:
        for batch in batches:
            yield prepare_batch(batch, options, embedder.count_tokens), _no_workers
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=warm_worker, initargs=(options.model, os.getpid())
    ) as pool:
        waiting: deque[Future] = deque()

        def busy() -> int:
            return min(workers, sum(not f.done() for f in waiting))

        upcoming = iter(batches)
        for batch in itertools.islice(upcoming, workers + 1):
            waiting.append(pool.submit(prepare_batch, batch, options))
        while waiting:
            try:
                result = waiting.popleft().result()
            except BrokenProcessPool as exc:
                raise IngestWorkerError(
                    "an ingest worker process died (out of memory, or a script that starts an ingest without "
                    "`if __name__ == '__main__':`); set ingest_workers = 0 to prepare files in the main process. "
                    "What was embedded is checkpointed: the next ingest goes on from there"
                ) from exc
            following = next(upcoming, None)
            if following is not None:
                waiting.append(pool.submit(prepare_batch, following, options))
            yield result, busy


@dataclass
class CarriedOver:
    """Articles kept from the live generation, renumbered from 0, with their vectors as they were."""

    articles: list[StoredArticle] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)  # passage vectors, in blocks
    sentence_vectors: list[np.ndarray] = field(default_factory=list)  # float16 views of the old generation's file


def carry_over(old: IndexSnapshot | None, keep: dict[str, StoredArticle]) -> CarriedOver:
    """Copy the kept articles' passages, sentences and vectors out of `old`, never re-embedding them.

    Shared by the ingest and by removing an article, so both write a generation the same way.
    Sentence vectors stay views of the old generation's memory-mapped float16 file (what the new one
    stores too), so carrying a large index over does not copy them all into memory.
    """
    out = CarriedOver()
    old_vectors = old.vectors() if (old is not None and keep) else None
    for stored in keep.values():
        first = len(out.passages)
        for pid in stored.passage_ids:
            new_pid = len(out.passages)
            out.passages.append(old.passages[pid].model_copy(update={"passage_id": new_pid}))
            ids = old.passage_sentences[pid]
            out.sentences += [replace(old.sentences[i], passage_id=new_pid) for i in ids]
            if len(ids):
                out.sentence_vectors.append(old.sentence_vectors[ids.start : ids.stop])
        if stored.passage_ids:
            out.vectors.append(old_vectors[stored.passage_ids])
        passage_ids = list(range(first, len(out.passages)))
        out.articles.append(StoredArticle(stored.article, stored.file_hash, passage_ids, stored.signature))
    return out


def fold_duplicates(
    keep: dict[str, StoredArticle], fresh: list[Candidate], report: IngestReport
) -> tuple[list[Candidate], dict[str, np.ndarray], bool]:
    """Store each new near-duplicate once: (articles still to index, their signatures, whether copies regrouped).

    A new or changed article that copies an indexed one joins `keep` without passages,
    marked `duplicate_of` (with a stub article until its file is read again to embed the
    others). Among new articles the longest version is indexed first, so a trimmed copy
    is folded into the full story, not the other way round. A copy whose kept article
    left or changed is indexed again, or folded into another copy.
    """
    orphans = [s for s in keep.values() if s.article.duplicate_of and _kept(keep, s.article.duplicate_of) is None]
    for stored in orphans:
        del keep[stored.article.doc_id]
        report.notes.append(
            f"{stored.article.doc_id}: was stored as {stored.article.duplicate_of}, which is gone or changed; "
            "checked again as a story of its own"
        )
    fresh = fresh + [
        Candidate(
            s.article.doc_id,
            s.file_hash,
            signature(s.article.text),
            s.article.doc_id,
            article=s.article.model_copy(update={"duplicate_of": None}),
        )
        for s in orphans
    ]
    if not fresh:
        return fresh, {}, bool(orphans)
    finder = DuplicateFinder()
    for stored in keep.values():
        if not stored.article.duplicate_of:
            sig = Signature.from_row(stored.signature) or signature(stored.article.text)
            stored.signature = sig.row()
            finder.add(stored.article.doc_id, sig)
    indexed: list[Candidate] = []
    rows: dict[str, np.ndarray] = {}
    for candidate in sorted(fresh, key=lambda c: -c.sig.shingles):
        match = finder.match(candidate.sig)
        if match is None:
            finder.add(candidate.doc_id, candidate.sig)
            indexed.append(candidate)
            rows[candidate.doc_id] = candidate.sig.row()
            continue
        article = candidate.article or Article(doc_id=candidate.doc_id, path=candidate.path, text="")
        copy = article.model_copy(update={"duplicate_of": match.doc_id})
        keep[candidate.doc_id] = StoredArticle(copy, candidate.digest, [], candidate.sig.row())
        report.duplicates.append((candidate.doc_id, match.doc_id, match.jaccard))
    order = {c.doc_id: i for i, c in enumerate(fresh)}
    return sorted(indexed, key=lambda c: order[c.doc_id]), rows, bool(orphans)


def _kept(keep: dict[str, StoredArticle], doc_id: str) -> StoredArticle | None:
    """The indexed article a copy points at, if it is still kept as itself."""
    stored = keep.get(doc_id)
    return stored if stored is not None and not stored.article.duplicate_of else None
