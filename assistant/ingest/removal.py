"""Remove articles from the index: a new generation without them, written the way an ingest writes one.

A removal is an index write like any other: under the writer lock, the other
articles carried over with their vectors (nothing is re-embedded), then one
atomic switch of CURRENT, so a crash at any moment leaves the previous
generation whole and nothing else is lost.

An article's file in the data folder is deleted too, or the next ingest of that
folder would bring the article back. It is first renamed to a hidden name (the
ingest ignores hidden files) and deleted only after the switch; if the write
fails it is put back. If the process is killed in between, the next removal or
ingest settles the hidden file by what CURRENT says (`recover_interrupted`).
"""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.errors import BadRequestError, IndexUnusableError, NotFoundError, NotIndexedError
from assistant.index.store import IndexSnapshot, IndexStore, StoredArticle
from assistant.ingest.pipeline import carry_over


@dataclass
class RemovalReport:
    """What a removal did: the articles taken out, their files deleted or kept (and why), what is left."""

    removed: list[dict] = field(default_factory=list)  # doc_id, title, file
    files_deleted: list[str] = field(default_factory=list)
    files_kept: list[tuple[str, str]] = field(default_factory=list)  # file, reason
    articles: int = 0

    def message(self) -> str:
        """One sentence for a person: what left the index and whether it can come back."""
        titles = ", ".join(f"“{r['title']}” ({r['doc_id']})" for r in self.removed)
        text = f"Removed {titles} from the index; {self.articles} articles left."
        if self.files_deleted:
            deleted = ", ".join(self.files_deleted)
            text += f" Deleted {deleted} from the data folder, so the next ingest does not add it back."
        text += "".join(f" Kept {name}: {reason}." for name, reason in self.files_kept)
        return text

    def summary(self) -> str:
        lines = [f"removed {r['doc_id']}: {r['title']}" for r in self.removed]
        lines += [f"  deleted file {name} (the next ingest will not add it back)" for name in self.files_deleted]
        lines += [f"  kept file {name}: {reason}" for name, reason in self.files_kept]
        lines.append(f"index: {self.articles} articles")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "removed": self.removed,
            "files_deleted": self.files_deleted,
            "files_kept": [{"file": name, "reason": reason} for name, reason in self.files_kept],
            "articles": self.articles,
            "message": self.message(),
        }


def remove_articles(
    store: IndexStore, ref: str, data_dir: Path | None = None, delete_files: bool = True
) -> tuple[RemovalReport, IndexSnapshot]:
    """Take the articles `ref` names out of the index; delete their files when they lie in `data_dir`.

    With `delete_files=False` every file is kept, as the caller asked; the report
    says the next ingest of that folder adds the article again.
    """
    recover_interrupted(store, data_dir)
    with store.writer_lock():
        old = store.load()
        if old is None:
            raise NotIndexedError(f"no index in {store.root}: nothing to remove")
        doomed = match_articles(old.articles, ref)
        gone = {s.article.doc_id for s in doomed}
        keep = {doc_id: s for doc_id, s in old.articles.items() if doc_id not in gone}
        report = RemovalReport(removed=[_removed(s, data_dir) for s in doomed])
        files = _files_to_delete(doomed, keep, data_dir, delete_files, report)
        aside = [(path, _set_aside(path)) for path in files]
        try:
            snapshot = _write_without(store, old, keep)
        except BaseException:
            for path, hidden in aside:
                os.replace(hidden, path)
            raise
        for path, hidden in aside:
            hidden.unlink(missing_ok=True)
            report.files_deleted.append(_display(path, data_dir))
    report.articles = len(snapshot.articles)
    return report, snapshot


def recover_interrupted(store: IndexStore, data_dir: Path | None) -> list[str]:
    """Settle what a killed removal left in the data folder; the files settled, for a note.

    A file set aside (`.removing-…`) whose article is still in the live generation
    means the switch never happened: it is put back, so the previous state is whole.
    Otherwise the switch happened and the file is deleted, as the removal meant to.
    """
    if data_dir is None or not Path(data_dir).is_dir():
        return []
    leftovers = [p for p in Path(data_dir).rglob(".removing-*") if _ASIDE.match(p.name)]
    if not leftovers:
        return []
    with store.writer_lock():
        try:
            live = store.load()
        except IndexUnusableError:  # the ingest reports (or rebuilds) it; the files wait for a readable index
            return []
        indexed = {s.article.path for s in live.articles.values()} if live is not None else set()
        settled = []
        for hidden in leftovers:
            original = hidden.with_name(_ASIDE.match(hidden.name).group(1))
            if os.path.realpath(original) in indexed and not original.exists():
                os.replace(hidden, original)
                settled.append(f"{original}: put back (its removal was interrupted before the index changed)")
            else:
                hidden.unlink(missing_ok=True)
                settled.append(f"{original}: deleted (its removal was interrupted after the index changed)")
    return settled


def match_articles(articles: dict[str, StoredArticle], ref: str) -> list[StoredArticle]:
    """The articles `ref` names: an article id, a file's id (every record of that file), a file name or a path.

    A file name that two folders share is ambiguous: the error lists the ids to choose from.
    """
    ref = (ref or "").strip()
    if not ref:
        raise BadRequestError("give the id or file name of the article to remove")
    if ref in articles:
        return [articles[ref]]
    same_file = [s for s in articles.values() if file_id(s.article.doc_id) == ref]
    if same_file:
        return same_file
    real = os.path.realpath(ref)
    named = [s for s in articles.values() if s.article.path == real or Path(s.article.path).name == ref]
    paths = {s.article.path for s in named}
    if len(paths) > 1:
        ids = ", ".join(sorted(s.article.doc_id for s in named))
        raise BadRequestError(f"{ref!r} is the name of {len(paths)} indexed files; give one of the ids: {ids}")
    if not named:
        raise NotFoundError(
            f"no indexed article has the id or file name {ref!r}; the ids are listed by GET /api/articles "
            "and in the Articles tab (a file's id is its name within the folder that was ingested)"
        )
    return named


def file_id(doc_id: str) -> str:
    """The id of the file an article came from: `feed.jsonl#3` is record 3 of `feed.jsonl`."""
    base, sep, record = doc_id.rpartition("#")
    return base if sep and record.isdigit() else doc_id


def _removed(stored: StoredArticle, data_dir: Path | None) -> dict:
    article = stored.article
    return {"doc_id": article.doc_id, "title": article.title, "file": _display(Path(article.path), data_dir)}


def _files_to_delete(
    doomed: list[StoredArticle],
    keep: dict[str, StoredArticle],
    data_dir: Path | None,
    delete_files: bool,
    report: RemovalReport,
) -> list[Path]:
    """The files of the removed articles that may go; the others are noted in the report with the reason."""
    root = Path(os.path.realpath(data_dir)) if data_dir is not None else None
    still_used: dict[str, int] = {}
    for stored in keep.values():
        still_used[stored.article.path] = still_used.get(stored.article.path, 0) + 1
    files: list[Path] = []
    for path_text in dict.fromkeys(s.article.path for s in doomed):
        path = Path(path_text)
        label = _display(path, data_dir)
        if not path.is_file():
            continue
        if still_used.get(path_text):
            n = still_used[path_text]
            report.files_kept.append(
                (
                    label,
                    f"it holds {n} other indexed article{'s' if n > 1 else ''}; the removed one stays out "
                    "unless the file changes or the index is rebuilt",
                )
            )
        elif not delete_files:
            report.files_kept.append((label, "kept as asked; the next ingest of its folder adds it again"))
        elif root is None or not path.is_relative_to(root):
            report.files_kept.append(
                (
                    label,
                    f"outside the data folder {data_dir}, so not deleted; the next ingest of its folder adds it back",
                )
            )
        else:
            files.append(path)
    return files


_ASIDE = re.compile(r"^\.removing-[0-9a-f]{8}-(.+)$")


def _set_aside(path: Path) -> Path:
    """Rename to a hidden name in the same folder (atomic, and invisible to the ingest)."""
    hidden = path.with_name(f".removing-{uuid.uuid4().hex[:8]}-{path.name}")
    os.replace(path, hidden)
    return hidden


def _write_without(store: IndexStore, old: IndexSnapshot, keep: dict[str, StoredArticle]) -> IndexSnapshot:
    kept = carry_over(old, keep)
    dim = int(old.meta["dim"])
    vectors = np.concatenate(kept.vectors) if kept.vectors else np.zeros((0, dim), dtype="float32")
    sentence_vectors = (
        np.concatenate(kept.sentence_vectors) if kept.sentence_vectors else np.zeros((0, dim), dtype="float32")
    )
    meta = {key: old.meta[key] for key in ("model", "dim", "passage_tokens")}
    meta["encoder"] = old.meta.get("encoder", "torch")
    return store.write(meta, kept.articles, kept.passages, vectors, kept.sentences, sentence_vectors)


def _display(path: Path, data_dir: Path | None) -> str:
    """A file as the user knows it: relative to the data folder when it is in it, else the full path."""
    if data_dir is not None:
        root = Path(os.path.realpath(data_dir))
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return str(path)
