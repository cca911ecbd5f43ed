"""One error hierarchy for the whole package, and how each surface shows it.

Every expected failure is an `AssistantError` subclass whose message says what
went wrong, naming the file, setting or field, and how to fix it. The surfaces
(CLI, REST API, UI) map an error to a response through `SURFACE` below, so a
setting problem is exit code 2 / HTTP 400 everywhere. `InvariantError` is
different: it means our own code broke a promise (a quote not inside its
article); it is logged with a traceback and shown as an internal error
(HTTP 500, exit 70), never as the caller's fault.
"""

from __future__ import annotations

from dataclasses import dataclass


class AssistantError(Exception):
    """Base of every error the package raises on purpose."""


class ConfigError(AssistantError):
    """A setting is wrong; the message names the setting and where it came from."""


class EncoderUnavailableError(ConfigError):
    """encoder = "onnx-int8" is set but onnxruntime is not installed; names the install command."""


class BadRequestError(AssistantError):
    """The caller's input is unusable (an empty question, a wrong history item)."""


class NotIndexedError(AssistantError):
    """Asked a question before anything was ingested."""


class NotReadyError(AssistantError):
    """The service is still loading the model or building the first index."""


class IndexUnusableError(AssistantError):
    """The index on disk cannot be used as configured; the message says how to fix it."""


class IndexFormatError(IndexUnusableError):
    """The index was written by another version of the package; an ingest rebuilds it."""


class BusyError(AssistantError):
    """Every worker is busy and the queue is full: try again in a moment (HTTP 503 with Retry-After)."""


class SkipFile(AssistantError):
    """This file cannot become an article; the message is the one-line reason shown to the user."""


class UploadTooLargeError(AssistantError):
    """An uploaded file is over the size limit."""


class LLMUnavailable(AssistantError):
    """The language-model server could not be reached or gave no usable reply."""


class LocalServerError(AssistantError):
    """The local llama.cpp server would not start or stopped."""


class PromptError(AssistantError):
    """A template is missing or lacks a placeholder it must have; names the file."""


class ModelFileError(AssistantError):
    """A bundled model file (embedding model, answer scorer) is missing or corrupt."""


class QuestionSetError(AssistantError):
    """A question-set file is malformed; the message names the file and the line."""


class SquadFormatError(QuestionSetError):
    """A SQuAD file cannot be imported."""


class RunFolderError(AssistantError):
    """An evaluation run folder is missing or incomplete."""


class NotFoundError(AssistantError):
    """No indexed article has the id or file name the caller gave (HTTP 404, not a malformed request)."""


class IngestWorkerError(AssistantError):
    """An ingest worker process died; what was embedded before is checkpointed, the next ingest resumes."""


class InvariantError(AssistantError):
    """Our own code broke a guarantee (a bug, not bad input)."""


@dataclass(frozen=True)
class Surface:
    """How one kind of error is shown: HTTP status, CLI exit code, and a prefix for the message."""

    status: int
    exit_code: int
    label: str


# Most specific first; `surface_for` takes the first class the error is an instance of.
SURFACE: list[tuple[type[AssistantError], Surface]] = [
    (InvariantError, Surface(500, 70, "internal error")),
    (ConfigError, Surface(400, 2, "configuration error")),
    (BadRequestError, Surface(422, 2, "bad request")),
    (QuestionSetError, Surface(422, 2, "bad question set")),
    (RunFolderError, Surface(422, 2, "bad run folder")),
    (NotFoundError, Surface(404, 2, "not found")),
    (UploadTooLargeError, Surface(413, 2, "too large")),
    (NotIndexedError, Surface(503, 3, "no articles indexed")),
    (NotReadyError, Surface(503, 3, "not ready")),
    (BusyError, Surface(503, 3, "busy")),
    (IndexUnusableError, Surface(409, 3, "index unusable")),
    (LLMUnavailable, Surface(503, 4, "language model unavailable")),
    (PromptError, Surface(500, 2, "prompt error")),
    (ModelFileError, Surface(500, 2, "model file error")),
    (SkipFile, Surface(422, 2, "file skipped")),
    (AssistantError, Surface(500, 1, "error")),
]


def surface_for(error: BaseException) -> Surface:
    """The response for an error; anything that is not an AssistantError is an internal error."""
    for cls, surface in SURFACE:
        if isinstance(error, cls):
            return surface
    return Surface(500, 70, "internal error")


def user_message(error: BaseException) -> str:
    """The one-line message a surface shows for an error."""
    return f"{surface_for(error).label}: {error}"
