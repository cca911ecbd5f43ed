"""What the web surfaces (REST API, chat UI, embed page) share beyond `Assistant`.

The server must answer HTTP before the model is loaded and while the first index
is built, so the Assistant lives behind a readiness state that both the API
(503) and the UI (a progress banner) read. Uploads, one-at-a-time ingestion and
the feedback file are here too, so the API and the UI enforce the same limits
and write the same records; nothing here re-implements a step of the pipeline.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from assistant.config import Config
from assistant.errors import (
    AssistantError,
    BusyError,
    NotIndexedError,
    NotReadyError,
    SkipFile,
    UploadTooLargeError,
    user_message,
)
from assistant.models import Answer, Filters

if TYPE_CHECKING:  # imported when used: a server opens its port before the pipeline is imported
    from assistant.core import Assistant
    from assistant.ingest.removal import RemovalReport

Phase = Literal["loading", "building", "ready", "failed"]
_CHUNK = 1 << 16


@dataclass
class Readiness:
    """Where start-up is, for the page banner and /api/health."""

    phase: Phase = "loading"
    stage: str = "loading the embedding model"
    done: int = 0
    total: int = 0
    error: str = ""
    started: float = field(default_factory=time.time)

    def message(self) -> str:
        if self.phase == "ready":
            return "ready"
        if self.phase == "failed":
            return f"start-up failed: {self.error}"
        progress = f" ({self.done}/{self.total})" if self.total else ""
        return f"{self.stage}{progress}…"

    def to_dict(self) -> dict:
        return {
            "phase": self.phase,
            "message": self.message(),
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "seconds": round(time.time() - self.started, 1),
        }


@dataclass
class UploadOutcome:
    """Per-file result of an upload: what was saved, what was refused and why, and the ingest report."""

    saved: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # names refused because they exist (HTTP 409)
    report: dict | None = None

    def errors(self) -> list[tuple[str, str]]:
        """Refused files plus files the ingest skipped, each with its reason (file names only)."""
        skipped = [(Path(item["path"]).name, item["reason"]) for item in (self.report or {}).get("skipped", [])]
        return self.rejected + skipped

    def to_dict(self) -> dict:
        return {
            "saved": self.saved,
            "errors": [{"file": f, "reason": r} for f, r in self.errors()],
            "report": self.report,
        }


class WorkPool:
    """At most `workers` questions are worked on at once, `queue_limit` more wait; the rest are refused.

    Fifty clients at once on two cores used to get a 13 s median answer and double the
    server's memory: every request ran at once and fought for the cores. Now extra
    requests wait in a short queue, and beyond it get `BusyError` (503 + Retry-After)
    immediately, which a client can act on.
    """

    def __init__(self, workers: int, queue_limit: int) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.limit = self.workers + queue_limit
        self._slots = threading.BoundedSemaphore(self.workers)
        self._lock = threading.Lock()
        self.admitted = 0  # working plus waiting

    def admit(self) -> None:
        with self._lock:
            if self.admitted >= self.limit:
                raise self._busy()
            self.admitted += 1

    def leave(self) -> None:
        with self._lock:
            self.admitted -= 1

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Admission (or BusyError now), then a worker (waiting in the queue for one)."""
        self.admit()
        try:
            with self._slots:
                yield
        finally:
            self.leave()

    def check(self) -> None:
        """BusyError now if a new question would be refused (before a streamed response starts)."""
        with self._lock:
            if self.admitted >= self.limit:
                raise self._busy()

    def _busy(self) -> BusyError:
        return BusyError(
            f"{self.workers} questions are being answered and {self.limit - self.workers} are waiting; "
            "try again in a moment"
        )


class ChatService:
    """Owns the one Assistant of a server process and the state around it."""

    def __init__(self, config: Config, assistant: Assistant | None = None) -> None:
        self.config = config
        self.readiness = Readiness()
        self._assistant = assistant
        self._ingest_lock = threading.Lock()
        self._feedback_lock = threading.Lock()
        self.pool = WorkPool(config.serve.workers, config.serve.queue_limit)
        self._settled = threading.Event()  # set once the model is loaded (or start-up failed): see wait_settled
        if assistant is not None and assistant.has_index():
            self.readiness = Readiness(phase="ready", stage="ready")
            self._settled.set()

    # ---- start-up -----------------------------------------------------------------------
    def start(self, background: bool = True, log: Callable[[str], None] = print) -> threading.Thread | None:
        """Load the model and build the index from data_dir if there is none yet.

        In the background so the page can show progress instead of the browser waiting
        on a closed port.
        """
        if self.readiness.phase == "ready":
            return None
        if not background:
            self._start(log)
            return None
        thread = threading.Thread(target=self._start, args=(log,), name="assistant-start", daemon=True)
        thread.start()
        return thread

    def _start(self, log: Callable[[str], None]) -> None:
        try:
            if self._assistant is None:
                from assistant.core import Assistant  # here, in the start-up thread: ~1 s of imports

                self._assistant = Assistant(self.config)
                self._assistant.embedder  # noqa: B018 - load the model now, while the page says so
            if not self._assistant.has_index():
                self._set("building", f"indexing {self.config.data_dir}", 0, 0)
                log(f"no index in {self.config.index_dir}: building it from {self.config.data_dir}")
                self.config.data_dir.mkdir(parents=True, exist_ok=True)
                report = self._assistant.ingest(
                    [self.config.data_dir], show_progress=True, on_progress=self._on_progress
                )
                log(report.summary())
            self._set("loading", "loading the index", 0, 0)
            _thinc_without_torch()
            self._assistant.warm_up()  # the first question then answers as fast as the next
            self._set("ready", "ready", 0, 0)
            log(f"assistant ready ({time.time() - self.readiness.started:.1f} s after start-up began)")
        except AssistantError as exc:  # an expected failure (a bad setting, an unusable index): one line
            self.readiness.phase, self.readiness.error = "failed", user_message(exc)
            log(f"error: {self.readiness.error}")
        except Exception as exc:  # a bug: surfaced on the page and in /api/health, with its traceback
            self.readiness.phase, self.readiness.error = "failed", f"{type(exc).__name__}: {exc}"
            log(f"error: {self.readiness.error}")
            raise
        finally:
            self._settled.set()

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self._set("building", stage, done, total)

    def _set(self, phase: Phase, stage: str, done: int, total: int) -> None:
        r = self.readiness
        r.phase, r.stage, r.done, r.total = phase, stage, done, total
        if phase != "loading":  # building or ready: the model is loaded
            self._settled.set()

    def wait_settled(self, timeout: float) -> bool:
        """Wait until the model is loaded (ready, or building the first index) or start-up failed.

        The server imports gradio after this: both are CPU-bound Python on a machine that may
        have two cores, and the first answer waits for the model, not for the page.
        """
        return self._settled.wait(timeout)

    @property
    def assistant(self) -> Assistant:
        if self.readiness.phase != "ready" or self._assistant is None:
            raise NotReadyError(self.readiness.message())
        return self._assistant

    # ---- questions ----------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: list[str] | None = None,
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> Answer:
        assistant = self._with_articles()
        with self.pool.slot():
            return assistant.ask(question, history=history, top_k=top_k, **_filtered(filters))

    def stream(
        self,
        question: str,
        history: list[str] | None = None,
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> Iterator[str | Answer]:
        """The answer's pieces, then the Answer; BusyError is raised here, before anything streams."""
        assistant = self._with_articles()
        self.pool.check()
        return self._stream(assistant, question, history, top_k, **_filtered(filters))

    def _stream(
        self,
        assistant: Assistant,
        question: str,
        history: list[str] | None,
        top_k: int | None,
        filters: Filters | None = None,
    ) -> Iterator[str | Answer]:
        with self.pool.slot():
            yield from assistant.stream(question, history, top_k, **_filtered(filters))

    def _with_articles(self) -> Assistant:
        """The assistant, or NotIndexedError when the index holds no article (an empty index is not an answer)."""
        assistant = self.assistant
        if assistant.index_info().get("articles") == 0:
            raise NotIndexedError(
                f"the index in {self.config.index_dir} is empty: add articles (Articles tab, POST /api/ingest "
                f"or `assistant ingest PATH`)"
            )
        return assistant

    def articles(self) -> list[dict]:
        try:
            return self.assistant.articles()
        except NotIndexedError:
            return []

    def quotes(self, speaker: str | None = None, q: str | None = None, limit: int = 50) -> list[dict]:
        """The quoted sentences of the index; a topic costs one encode, so it waits for a worker like a question."""
        assistant = self.assistant
        try:
            with self.pool.slot():
                return assistant.quotes(speaker=speaker, q=q, limit=limit)
        except NotIndexedError:
            return []

    # ---- removing -----------------------------------------------------------------------
    def delete(self, ref: str) -> RemovalReport:
        """Take an article out of the index and its file out of data_dir (or an upload would come back).

        Under the same lock as uploads: both write the next index generation.
        """
        assistant = self.assistant
        with self._ingest_lock:
            return assistant.delete(ref)

    # ---- uploads ------------------------------------------------------------------------
    def check_upload(self, filename: str, size: int | None = None) -> str | None:
        """The reason a file may not be uploaded, or None. Size is checked again while saving."""
        name = safe_filename(filename)
        if not name:
            return "no usable file name"
        suffix = Path(name).suffix.lower()
        allowed = [e.lower() for e in self.config.serve.upload_extensions]
        if suffix not in allowed:
            return f"type {suffix or '(none)'} not accepted; allowed: {', '.join(allowed)}"
        if size is not None and size > self.max_upload_bytes:
            return f"{size / 1e6:.1f} MB is over the {self.config.serve.max_upload_mb:g} MB limit"
        return None

    @property
    def max_upload_bytes(self) -> int:
        return int(self.config.serve.max_upload_mb * 1024 * 1024)

    def save_and_ingest(
        self,
        files: Iterable[tuple[str, BinaryIO]],
        on_progress: Callable[[str, int, int], None] | None = None,
        replace: bool = False,
    ) -> UploadOutcome:
        """Save accepted files into data_dir, then add them through the incremental ingest.

        Files are written to a hidden temporary name first (the ingest ignores hidden
        files), read once as the ingest would read them, and renamed only after the whole
        request passed the size check. A file that exists already is refused unless
        `replace`; a file that cannot become an article (empty, malformed, binary) is
        refused. Nothing refused stays in data_dir: a file the ingest still skips is
        removed again (and the file it replaced put back).
        """
        assistant = self._assistant if self.readiness.phase == "ready" else None
        if assistant is None:
            raise NotReadyError(self.readiness.message())
        outcome = UploadOutcome()
        staged: list[tuple[Path, Path]] = []
        data_dir = self.config.data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            for filename, stream in files:
                reason = self.check_upload(filename)
                name = safe_filename(filename)
                final = data_dir / name
                if not reason and any(f == final for _, f in staged):
                    reason = "the same file name twice in one upload"
                if not reason and os.path.lexists(final) and not replace:
                    outcome.conflicts.append(name)
                    reason = f"{name} already exists in the index's data folder: ask to replace it (replace=true)"
                if reason:
                    outcome.rejected.append((filename, reason))
                    continue
                temp = data_dir / f".upload-{threading.get_ident()}-{final.name}"
                _copy_limited(stream, temp, self.max_upload_bytes, filename, self.config.serve.max_upload_mb)
                problem = self._unreadable(temp)
                if problem:
                    temp.unlink(missing_ok=True)
                    outcome.rejected.append((filename, problem))
                    continue
                staged.append((temp, final))
        except BaseException:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
            raise
        if not staged:
            return outcome
        with self._ingest_lock:  # two uploads at once would race for the next index generation
            backups: dict[Path, Path] = {}
            for temp, final in staged:
                if final.exists():
                    backups[final] = final.with_name(f".replaced-{threading.get_ident()}-{final.name}")
                    os.replace(final, backups[final])
                os.replace(temp, final)
            try:
                report = assistant.ingest([final for _, final in staged], on_progress=on_progress)
            except BaseException:
                for _, final in staged:
                    _restore(final, backups.get(final))
                raise
            skipped = {path for path, _ in report.skipped}
            for _, final in staged:
                if str(final) in skipped:
                    _restore(final, backups.get(final))
                else:
                    outcome.saved.append(final.name)
                    if final in backups:
                        backups[final].unlink(missing_ok=True)
        outcome.report = report.to_dict()
        return outcome

    def _unreadable(self, path: Path) -> str | None:
        """Why the ingest would skip this file (read as the ingest reads it), or None."""
        from assistant.ingest.loaders import load_file

        settings = self.config.ingest
        try:
            load_file(path, path.read_bytes(), path.name, int(settings.max_file_mb * 1e6), settings.max_article_chars)
        except SkipFile as exc:
            return str(exc)
        except Exception as exc:  # the ingest would skip it too
            return f"could not be read: {type(exc).__name__}"
        return None

    # ---- feedback -----------------------------------------------------------------------
    def record_feedback(
        self, rating: Literal["up", "down"], answer: dict, history: list[str], comment: str = ""
    ) -> dict:
        """Append one JSON line: enough to replay the question and judge the answer later."""
        record = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "rating": rating,
            "question": answer.get("question", ""),
            "history": history,
            "standalone_question": answer.get("standalone_question", ""),
            "answer": answer.get("answer", ""),
            "refused": answer.get("refused", False),
            "citations": answer.get("citations", []),
            "comment": comment,
        }
        path = Path(self.config.serve.feedback_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._feedback_lock, path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return record


def _thinc_without_torch() -> None:
    """Import spaCy's thinc with torch hidden, when nothing imported torch yet (the int8 encoder).

    thinc imports torch only to offer torch layers, which the spaCy models used here (CNN
    pipelines on numpy) never use; that import was ~1.5 s of the start-up thread, half
    of what the question tagger costs. torch stays importable afterwards: only thinc's
    optional torch support is off in this process. Within the start-up thread, before
    the UI thread starts importing, so no other import sees the hidden module.
    """
    if "torch" in sys.modules or "thinc.compat" in sys.modules:
        return
    sys.modules["torch"] = None  # `import torch` raises ImportError: thinc's has_torch = False
    try:
        import thinc.compat  # noqa: F401
    except ImportError:  # spaCy is not installed: the warm-up reports it as before
        pass
    finally:
        del sys.modules["torch"]


def safe_filename(name: str, limit: int = 200) -> str:
    """The base name only, with characters that could escape data_dir or hide the file removed.

    A long name is cut before its extension, so "<300 characters>.txt" stays a .txt file.
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    if len(base) <= limit:
        return base
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem or len(suffix) > 16:
        return base[:limit].strip(" .")
    return stem[: limit - len(suffix) - 1].rstrip(" .") + "." + suffix


def _restore(final: Path, backup: Path | None) -> None:
    """Take a refused upload out of data_dir and put back the file it replaced."""
    final.unlink(missing_ok=True)
    if backup is not None:
        os.replace(backup, final)


def _copy_limited(stream: BinaryIO, target: Path, limit: int, filename: str, limit_mb: float) -> None:
    written = 0
    with target.open("wb") as out:
        while chunk := stream.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                out.close()
                target.unlink(missing_ok=True)
                raise UploadTooLargeError(f"{filename}: over the {limit_mb:g} MB upload limit")
            out.write(chunk)


def _filtered(filters: Filters | None) -> dict[str, Filters]:
    """`filters=` only when some are set: callers written for the older signature (wrappers, doubles) keep working."""
    return {"filters": filters} if filters else {}
