"""What the web surfaces (REST API, chat UI, embed page) share beyond `Assistant`.

The server must answer HTTP before the model is loaded and while the first index
is built, so the Assistant lives behind a readiness state that both the API
(503) and the UI (a progress banner) read. Uploads, one-at-a-time ingestion and
the feedback file are here too, so the API and the UI enforce the same limits
and write the same records; nothing here re-implements a step of the pipeline.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from assistant.config import Config
from assistant.core import Assistant
from assistant.errors import NotIndexedError, NotReadyError, UploadTooLargeError
from assistant.models import Answer

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
    report: dict | None = None

    def errors(self) -> list[tuple[str, str]]:
        """Refused files plus files the ingest skipped, each with its reason."""
        skipped = [(item["path"], item["reason"]) for item in (self.report or {}).get("skipped", [])]
        return self.rejected + skipped

    def to_dict(self) -> dict:
        return {
            "saved": self.saved,
            "errors": [{"file": f, "reason": r} for f, r in self.errors()],
            "report": self.report,
        }


class ChatService:
    """Owns the one Assistant of a server process and the state around it."""

    def __init__(self, config: Config, assistant: Assistant | None = None) -> None:
        self.config = config
        self.readiness = Readiness()
        self._assistant = assistant
        self._ingest_lock = threading.Lock()
        self._feedback_lock = threading.Lock()
        if assistant is not None and assistant.has_index():
            self.readiness = Readiness(phase="ready", stage="ready")

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
                self._assistant = Assistant(self.config)
            if not self._assistant.has_index():
                self._set("building", f"indexing {self.config.data_dir}", 0, 0)
                log(f"no index in {self.config.index_dir}: building it from {self.config.data_dir}")
                self.config.data_dir.mkdir(parents=True, exist_ok=True)
                report = self._assistant.ingest(
                    [self.config.data_dir], show_progress=True, on_progress=self._on_progress
                )
                log(report.summary())
            self._set("ready", "ready", 0, 0)
            log("assistant ready")
        except Exception as exc:  # surfaced on the page and in /api/health, not swallowed
            self.readiness.phase, self.readiness.error = "failed", f"{type(exc).__name__}: {exc}"
            log(f"error: {self.readiness.error}")
            raise

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self._set("building", stage, done, total)

    def _set(self, phase: Phase, stage: str, done: int, total: int) -> None:
        r = self.readiness
        r.phase, r.stage, r.done, r.total = phase, stage, done, total

    @property
    def assistant(self) -> Assistant:
        if self.readiness.phase != "ready" or self._assistant is None:
            raise NotReadyError(self.readiness.message())
        return self._assistant

    # ---- questions ----------------------------------------------------------------------
    def ask(self, question: str, history: list[str] | None = None, top_k: int | None = None) -> Answer:
        return self.assistant.ask(question, history=history, top_k=top_k)

    def stream(
        self, question: str, history: list[str] | None = None, top_k: int | None = None
    ) -> Iterator[str | Answer]:
        return self.assistant.stream(question, history, top_k)

    def articles(self) -> list[dict]:
        try:
            return self.assistant.articles()
        except NotIndexedError:
            return []

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
        self, files: Iterable[tuple[str, BinaryIO]], on_progress: Callable[[str, int, int], None] | None = None
    ) -> UploadOutcome:
        """Save accepted files into data_dir, then add them through the incremental ingest.

        Files are written to a hidden temporary name first (the ingest ignores hidden
        files) and renamed only after the whole request passed the size check, so a
        rejected request leaves nothing behind.
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
                if reason:
                    outcome.rejected.append((filename, reason))
                    continue
                final = data_dir / safe_filename(filename)
                temp = data_dir / f".upload-{threading.get_ident()}-{final.name}"
                _copy_limited(stream, temp, self.max_upload_bytes, filename, self.config.serve.max_upload_mb)
                staged.append((temp, final))
        except BaseException:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
            raise
        for temp, final in staged:
            temp.replace(final)
            outcome.saved.append(final.name)
        if staged:
            with self._ingest_lock:  # two uploads at once would race for the next index generation
                report = assistant.ingest([final for _, final in staged], on_progress=on_progress)
            outcome.report = report.to_dict()
        return outcome

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


def safe_filename(name: str) -> str:
    """The base name only, with characters that could escape data_dir or hide the file removed."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return base[:200]


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
