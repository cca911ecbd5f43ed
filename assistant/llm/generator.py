"""Answers and follow-up rewrites by a language model, with the extractive path as safety net.

`LLMGenerator` implements the `Generator` protocol: it streams the model's raw
text (markers and all) so a surface can show progress, then checks the whole
answer (`answer_check`) and yields a Draft of verified claims only; the
Assistant renders that Draft and its final Answer replaces the streamed text.

When the model cannot be reached (server down, time-out, HTTP error, a local
server that would not start), the question is answered by the extractive
generator instead and the Answer says so in `generator`, e.g.
"extractive (fallback: openai unreachable: cannot connect to ...)". After a
failure the endpoint is not tried again for `COOLDOWN_S`, so a dead server
costs one time-out, not one per question (or two when condensing a follow-up).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

from assistant.answering.extractive import ExtractiveGenerator
from assistant.errors import LLMUnavailable, LocalServerError
from assistant.llm.check import check_answer
from assistant.llm.client import ChatClient, ChatSettings
from assistant.llm.local_server import LocalServer
from assistant.llm.prompts import Prompts
from assistant.models import Draft, Query, Source
from assistant.retrieval.condense import Turn, condense
from assistant.text import content_terms

log = logging.getLogger(__name__)

COOLDOWN_S = 30.0


class LLMConnection:
    """A backend's chat endpoint (fixed URL, or a local server started on first use) and its health."""

    def __init__(
        self, name: str, settings: ChatSettings, server: LocalServer | None = None, cooldown_s: float = COOLDOWN_S
    ) -> None:
        self.name = name
        self.settings = settings
        self.server = server
        self.cooldown_s = cooldown_s
        self._client: ChatClient | None = None
        self._failure: tuple[float, str] | None = None
        self._lock = threading.Lock()

    def client(self) -> ChatClient:
        """A client for a live endpoint, or LLMUnavailable with the reason."""
        with self._lock:
            if self._failure and time.monotonic() - self._failure[0] < self.cooldown_s:
                raise LLMUnavailable(self._failure[1])
            settings = self.settings
            if self.server is not None:
                try:
                    settings = replace(settings, base_url=self.server.start())
                except LocalServerError as exc:
                    self._failure = (time.monotonic(), str(exc))
                    raise LLMUnavailable(str(exc)) from exc
            if self._client is None or self._client.settings != settings:
                self._client = ChatClient(settings)
            return self._client

    def failed(self, reason: str) -> None:
        with self._lock:
            self._failure = (time.monotonic(), reason)

    def succeeded(self) -> None:
        with self._lock:
            self._failure = None


class LLMGenerator:
    """Generator backed by a chat model; verified claims only, extractive when the model is unreachable."""

    def __init__(self, connection: LLMConnection, prompts: Prompts, fallback: ExtractiveGenerator) -> None:
        self.connection = connection
        self.prompts = prompts
        self.fallback = fallback
        self.name = connection.name

    def generate(self, query: Query, sources: list[Source]) -> Draft:
        draft = None
        for event in self.stream(query, sources):
            if isinstance(event, Draft):
                draft = event
        assert draft is not None
        return draft

    def stream(self, query: Query, sources: list[Source]) -> Iterator[str | Draft]:
        if not sources:
            yield Draft([], True, self.name)  # nothing to cite: no model call can produce a verified claim
            return
        parts: list[str] = []
        try:
            client = self.connection.client()
            for delta in client.stream(self.prompts.answer_messages(query.standalone, sources)):
                parts.append(delta)
                yield delta
        except LLMUnavailable as exc:
            self.connection.failed(str(exc))
            log.warning("%s unreachable, answering extractively: %s", self.name, exc)
            draft = self.fallback.generate(query, sources)
            draft.generator = f"extractive (fallback: {self.name} unreachable: {exc})"
            yield draft
            return
        self.connection.succeeded()
        checked = check_answer("".join(parts), sources)
        for note in checked.notes:
            log.info("%s answer check: %s", self.name, note)
        yield Draft(checked.claims, checked.refused, self.name)


class LLMCondenser:
    """Rewrite a follow-up as a standalone question with the model; the rule-based rewrite otherwise.

    The model's output is used only when it looks like a question on one line of
    sensible length that keeps every content term of the follow-up: a
    small model that answers instead of rewriting, invents a new question or
    returns nothing must not derail retrieval.
    """

    def __init__(self, connection: LLMConnection, prompts: Prompts) -> None:
        self.connection = connection
        self.prompts = prompts

    def __call__(self, question: str, history: list[Turn]) -> str:
        if not history:
            return question
        try:
            text = self.connection.client().complete(self.prompts.condense_messages(question, history))
        except LLMUnavailable as exc:
            self.connection.failed(str(exc))
            return condense(question, history)
        self.connection.succeeded()
        rewritten = _first_line(text)
        asks = question.rstrip().endswith("?")
        too_long = len(rewritten) > 3 * len(question) + 120
        if not rewritten or too_long or (asks and not rewritten.endswith("?")) or drifted(question, rewritten):
            return condense(question, history)
        return rewritten


def drifted(question: str, rewritten: str) -> bool:
    """True when the rewrite dropped a content term of the follow-up.

    A standalone rewrite only adds what the chat supplies (who "he" is); losing
    a term ("serving up" -> "policies") asks a different question.
    """
    return not set(content_terms(question)) <= set(content_terms(rewritten))


def _first_line(text: str) -> str:
    for line in text.strip().splitlines():
        line = line.strip().strip('"“”').strip()
        if line.lower().startswith(("rewritten question:", "standalone question:", "question:")):
            line = line.split(":", 1)[1].strip().strip('"“”').strip()
        if line:
            return line
    return ""
