"""Talk to any OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, hosted APIs).

One client path for both language-model backends: `openai` points it at a URL,
`local` at the llama.cpp server it starts on 127.0.0.1. Requests go through
llama-index's `OpenAILike` (package llama-index-llms-openai-like).

Retries: `OpenAILike` would retry twice over (its own tenacity layer around the
`openai` client's built-in retries, up to minutes on a dead server). We hand it
an `openai.OpenAI` client that owns the retries (exponential back-off with
jitter, honours Retry-After) and switch the tenacity layer off, so the worst
case is (1 + llm_max_retries) x llm_timeout_s plus a few seconds of back-off.
`llm_timeout_s` bounds each attempt's wait for the server to send something
(the first token, or the next one while streaming), not the whole answer, so a
slow local model that keeps streaming is not cut off.

Every failure to get an answer is raised as `LLMUnavailable` with a short
human reason; the generator turns it into the extractive fallback.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import openai
from llama_index.core.llms import ChatMessage
from llama_index.llms.openai_like import OpenAILike

from assistant.errors import LLMUnavailable

MAX_ANSWER_TOKENS = 256
CONNECT_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class ChatSettings:
    base_url: str
    model: str
    api_key: str = ""
    timeout_s: float = 60.0
    max_retries: int = 2
    max_tokens: int = MAX_ANSWER_TOKENS
    temperature: float = 0.0  # citations must be reproducible; sampling only adds errors here


class ChatClient:
    """A chat endpoint: stream or complete (role, content) messages into text."""

    def __init__(self, settings: ChatSettings) -> None:
        self.settings = settings
        timeout = httpx.Timeout(settings.timeout_s, connect=min(settings.timeout_s, CONNECT_TIMEOUT_S))
        client = openai.OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key or "not-needed",
            timeout=timeout,
            max_retries=settings.max_retries,
        )
        self.llm = OpenAILike(
            model=settings.model,
            api_base=settings.base_url,
            api_key=settings.api_key or "not-needed",
            is_chat_model=True,
            is_function_calling_model=False,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
            timeout=settings.timeout_s,
            max_retries=0,  # the openai client below retries; see the module docstring
            openai_client=client,
        )

    def stream(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        """Yield text deltas as the server produces them; raises LLMUnavailable."""
        try:
            for response in self.llm.stream_chat(_messages(messages)):
                if response.delta:
                    yield response.delta
        except (openai.OpenAIError, httpx.HTTPError) as exc:
            raise LLMUnavailable(describe(exc, self.settings)) from exc

    def complete(self, messages: list[tuple[str, str]]) -> str:
        try:
            return self.llm.chat(_messages(messages)).message.content or ""
        except (openai.OpenAIError, httpx.HTTPError) as exc:
            raise LLMUnavailable(describe(exc, self.settings)) from exc


def _messages(pairs: list[tuple[str, str]]) -> list[ChatMessage]:
    return [ChatMessage(role=role, content=content) for role, content in pairs]


def describe(exc: BaseException, settings: ChatSettings) -> str:
    """A one-line reason that names the server and what went wrong."""
    attempts = settings.max_retries + 1
    where = settings.base_url
    if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException)):
        return f"no response from {where} within {settings.timeout_s:g} s ({attempts} attempt(s))"
    if isinstance(exc, (openai.APIConnectionError, httpx.TransportError)):
        cause = exc.__cause__ or exc.__context__
        detail = str(cause or exc).strip() or type(cause or exc).__name__
        return f"cannot connect to {where}: {detail}"
    if isinstance(exc, openai.APIStatusError):
        body = (exc.response.text or "")[:200].replace("\n", " ")
        return f"{where} answered HTTP {exc.status_code}: {body}"
    return f"{where}: {type(exc).__name__}: {str(exc)[:200]}"
