"""Incremental ingest: files -> articles -> passages -> vectors -> a new index generation.

Per-file content hashes decide what to do: unchanged files keep their passages and
vectors (copied from the live index, never re-embedded), changed files are
replaced, files gone from a scanned folder are removed. A file that was indexed
before and is now unreadable keeps its previous version, so bad input never
costs what is already indexed.
"""

from __future__ import annotations

import errno
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.errors import IndexFormatError, SkipFile
from assistant.index.embedding import Embedder
from assistant.index.store import IndexSnapshot, IndexStore, StoredArticle
from assistant.ingest.annotate import entities
from assistant.ingest.chunking import split_article
from assistant.ingest.duplicates import DuplicateFinder, Signature, signature
from assistant.ingest.loaders import DEFAULT_MAX_ARTICLE_CHARS, file_hash, load_file
from assistant.ingest.quotes import find_quotes, speaker_of_sentence
from assistant.models import Article, Passage, Sentence
from assistant.text import sentence_spans

ProgressFn = Callable[[str, int, int], None]
_ENCODE_CHUNK = 512


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
) -> tuple[IngestReport, IndexSnapshot | None]:
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
        fresh: list[tuple[Article, str]] = []  # new or changed articles with their file hash
        seen_paths: set[str] = set()
        taken_ids = {doc_id for doc_id in old_articles}
        max_bytes = int(max_file_mb * 1e6)
        max_tokens = min(passage_tokens, embedder.window)
        for path, doc_id in tqdm(files, desc="reading", unit="file", disable=not show_progress):
            key = os.path.realpath(path)
            seen_paths.add(key)
            previous = by_path.get(key, [])
            label = _display(path)
            try:
                size = path.stat().st_size
                if size > max_bytes:  # not read at all: a huge file must not fill the memory
                    raise SkipFile(f"too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit, max_file_mb)")
                data = path.read_bytes()
            except SkipFile as exc:
                _keep_previous(report, keep, previous, label, str(exc))
                continue
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
            notes: list[str] = []
            try:
                articles = load_file(path, data, doc_id, max_bytes, max_article_chars, notes)
                for article in articles:  # a text the splitter cannot take must fail here, not in _build
                    split_article(article, embedder.count_tokens, max_tokens)
            except SkipFile as exc:
                _keep_previous(report, keep, previous, label, str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - any failure on one file skips that file only
                _keep_previous(report, keep, previous, label, _failure(exc))
                continue
            report.notes += [f"{label}: {note}" for note in notes]
            (report.updated if previous else report.added).append(label)
            taken_ids.update(a.doc_id for a in articles)
            fresh += [(a, digest) for a in articles]

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

        fresh, signatures, regrouped = fold_duplicates(keep, fresh, report)
        if not (report.added or report.updated or report.removed or regrouped) and old is not None:
            report.articles, report.passages = len(old.articles), len(old.passages)
            report.seconds = time.perf_counter() - started
            return report, old

        snapshot = _build(
            old, keep, fresh, signatures, store, embedder, passage_tokens, report, show_progress, on_progress
        )
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


def _failure(exc: BaseException) -> str:
    """One line for an unexpected error on one file: its kind and the start of its message."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to be read (RecursionError)"
    message = " ".join(str(exc).split())
    if len(message) > 160:
        message = message[:157] + "..."
    return f"could not be read: {type(exc).__name__}{': ' + message if message else ''}"


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
    signatures: dict[str, np.ndarray],
    store: IndexStore,
    embedder: Embedder,
    passage_tokens: int,
    report: IngestReport,
    show_progress: bool,
    on_progress: ProgressFn | None,
) -> IndexSnapshot:
    max_tokens = min(passage_tokens, embedder.window)
    kept = carry_over(old, keep)
    passages, sentences, articles = kept.passages, kept.sentences, kept.articles
    parts, sentence_parts = kept.vectors, kept.sentence_vectors

    new_passages: list[Passage] = []
    new_sentences: list[Sentence] = []
    for article, digest in fresh:
        first = len(passages) + len(new_passages)
        chunk = split_article(article, embedder.count_tokens, max_tokens, first_id=first)
        new_passages += chunk
        new_sentences += [
            Sentence(p.passage_id, p.start + s, p.start + e) for p in chunk for s, e in sentence_spans(p.text)
        ]
        articles.append(StoredArticle(article, digest, [p.passage_id for p in chunk], signatures.get(article.doc_id)))
    report.new_passages = len(new_passages)
    texts = [p.text for p in new_passages]
    sentence_texts = [_sentence_text(new_passages, first_new=len(passages), s=s) for s in new_sentences]
    # Passages and sentences are encoded in one length-sorted run: fewer padded batches.
    encoded = _embed(texts + sentence_texts, embedder, show_progress, on_progress)
    parts.append(encoded[: len(texts)])
    sentence_parts.append(encoded[len(texts) :])
    found = entities(sentence_texts) if sentence_texts else []
    new_sentences = [replace(s, entities=tuple(ents)) for s, ents in zip(new_sentences, found, strict=True)]
    new_sentences = _with_speakers(new_sentences, new_passages, {a.doc_id: a for a, _ in fresh})
    passages += new_passages
    sentences += new_sentences
    vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dim), dtype="float32")
    sentence_vectors = np.concatenate(sentence_parts) if sentence_parts else np.zeros((0, embedder.dim), "float32")
    meta = {"model": embedder.name, "encoder": embedder.encoder, "dim": embedder.dim, "passage_tokens": max_tokens}
    return store.write(meta, articles, passages, vectors, sentences, sentence_vectors)


@dataclass
class CarriedOver:
    """Articles kept from the live generation, renumbered from 0, with their vectors as they were."""

    articles: list[StoredArticle] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)  # passage vectors, in blocks
    sentence_vectors: list[np.ndarray] = field(default_factory=list)


def carry_over(old: IndexSnapshot | None, keep: dict[str, StoredArticle]) -> CarriedOver:
    """Copy the kept articles' passages, sentences and vectors out of `old`, never re-embedding them.

    Shared by the ingest and by removing an article, so both write a generation the same way.
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
                out.sentence_vectors.append(np.asarray(old.sentence_vectors[ids.start : ids.stop], dtype="float32"))
        if stored.passage_ids:
            out.vectors.append(old_vectors[stored.passage_ids])
        passage_ids = list(range(first, len(out.passages)))
        out.articles.append(StoredArticle(stored.article, stored.file_hash, passage_ids, stored.signature))
    return out


def fold_duplicates(
    keep: dict[str, StoredArticle], fresh: list[tuple[Article, str]], report: IngestReport
) -> tuple[list[tuple[Article, str]], dict[str, np.ndarray], bool]:
    """Store each new near-duplicate once: (articles still to index, their signatures, whether copies regrouped).

    A new or changed article that copies an indexed one joins `keep` without passages,
    marked `duplicate_of`. Among new articles the longest version is indexed first, so a
    trimmed copy is folded into the full story, not the other way round. A copy whose
    kept article left or changed is indexed again, or folded into another copy.
    """
    orphans = [s for s in keep.values() if s.article.duplicate_of and _kept(keep, s.article.duplicate_of) is None]
    for stored in orphans:
        del keep[stored.article.doc_id]
        report.notes.append(
            f"{stored.article.doc_id}: was stored as {stored.article.duplicate_of}, which is gone or changed; "
            "checked again as a story of its own"
        )
    fresh = fresh + [(s.article.model_copy(update={"duplicate_of": None}), s.file_hash) for s in orphans]
    if not fresh:
        return fresh, {}, bool(orphans)
    finder = DuplicateFinder()
    for stored in keep.values():
        if not stored.article.duplicate_of:
            sig = Signature.from_row(stored.signature) or signature(stored.article.text)
            stored.signature = sig.row()
            finder.add(stored.article.doc_id, sig)
    signed = [(article, digest, signature(article.text)) for article, digest in fresh]
    indexed: list[tuple[Article, str]] = []
    rows: dict[str, np.ndarray] = {}
    for article, digest, sig in sorted(signed, key=lambda item: -item[2].shingles):
        match = finder.match(sig)
        if match is None:
            finder.add(article.doc_id, sig)
            indexed.append((article, digest))
            rows[article.doc_id] = sig.row()
            continue
        copy = article.model_copy(update={"duplicate_of": match.doc_id})
        keep[article.doc_id] = StoredArticle(copy, digest, [], sig.row())
        report.duplicates.append((article.doc_id, match.doc_id, match.jaccard))
    order = {article.doc_id: i for i, (article, _) in enumerate(fresh)}
    return sorted(indexed, key=lambda item: order[item[0].doc_id]), rows, bool(orphans)


def _kept(keep: dict[str, StoredArticle], doc_id: str) -> StoredArticle | None:
    """The indexed article a copy points at, if it is still kept as itself."""
    stored = keep.get(doc_id)
    return stored if stored is not None and not stored.article.duplicate_of else None


def _with_speakers(sentences: list[Sentence], passages: list[Passage], articles: dict[str, Article]) -> list[Sentence]:
    """Each sentence with the speaker of the quotation it holds, article by article (ingest/quotes.py)."""
    first_id = passages[0].passage_id if passages else 0
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        by_article[passages[s.passage_id - first_id].doc_id].append(i)
    out = list(sentences)
    for doc_id, ids in by_article.items():
        spans = [(sentences[i].start, sentences[i].end) for i in ids]
        quotes = find_quotes(articles[doc_id].text, spans, [list(sentences[i].entities) for i in ids])
        for i, speaker in zip(ids, speaker_of_sentence(quotes, spans), strict=True):
            if speaker:
                out[i] = replace(out[i], speaker=speaker)
    return out


def _sentence_text(new_passages: list[Passage], first_new: int, s: Sentence) -> str:
    p = new_passages[s.passage_id - first_new]
    return p.text[s.start - p.start : s.end - p.start]


def _embed(texts: list[str], embedder: Embedder, show_progress: bool, on_progress: ProgressFn | None) -> np.ndarray:
    """Encode in chunks (for progress) of passages sorted by length over the whole set.

    SentenceTransformer.encode sorts by length only within one call, so chunking
    unsorted texts pads short passages up to long ones; sorting first keeps the
    chunked run as fast as one big call.
    """
    order = np.argsort([-len(t) for t in texts], kind="stable")
    vectors = np.zeros((len(texts), embedder.dim), dtype="float32")
    bar = tqdm(total=len(texts), desc="embedding", unit="text", disable=not show_progress or not texts)
    for i in range(0, len(texts), _ENCODE_CHUNK):
        chunk = order[i : i + _ENCODE_CHUNK]
        vectors[chunk] = embedder.encode([texts[j] for j in chunk])
        bar.update(len(chunk))
        if on_progress:
            on_progress("embedding", min(i + _ENCODE_CHUNK, len(texts)), len(texts))
    bar.close()
    return vectors
