"""Build the language-model generator and follow-up condenser from the config.

`core` imports this module only when `answer.generator` is not `extractive` (the
offline default, which needs nothing beyond the core install). `openai` (any
OpenAI-compatible endpoint by URL) and `local` (a GGUF file served by llama.cpp
on 127.0.0.1, reached through the same client) need the `llm` extra; they wrap
the extractive generator as their fallback and condense follow-ups with the
model, falling back to the rule-based `retrieval.condense`.

One `LLMConnection` per endpoint is shared by every Assistant in the process,
so the generator and the condenser agree on whether the server is up, and a
local model is loaded once.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answering.extractive import ExtractiveGenerator, Generator
from assistant.config import Config
from assistant.errors import ConfigError
from assistant.retrieval.condense import Condenser

if TYPE_CHECKING:
    from assistant.llm.generator import LLMConnection
    from assistant.llm.prompts import Prompts

_CONNECTIONS: dict[tuple, LLMConnection] = {}
_LOCK = threading.Lock()
LLM_EXTRA_HINT = "pip install 'news-assistant[llm]'"


def make_generator(config: Config, extractive: ExtractiveGenerator) -> Generator:
    """The LLM generator for `answer.generator` = openai | local, with `extractive` as its fallback."""
    from assistant.llm.generator import LLMGenerator

    return LLMGenerator(connection(config), _prompts(config), extractive)


def make_condenser(config: Config) -> Condenser:
    from assistant.llm.generator import LLMCondenser

    return LLMCondenser(connection(config), _prompts(config))


def _prompts(config: Config) -> Prompts:
    """The prompt templates, from the `prompts_dir` setting or the project's prompts/."""
    from assistant.llm.prompts import Prompts

    return Prompts.load(Path(config.llm.prompts_dir) if config.llm.prompts_dir else None)


def connection(config: Config) -> LLMConnection:
    """The shared connection for the configured language-model backend.

    Raises ConfigError (a configuration problem, not a passing outage) when the
    `llm` extra is missing or `local` has no usable GGUF file.
    """
    try:
        from assistant.llm.client import ChatSettings
        from assistant.llm.generator import LLMConnection
        from assistant.llm.local_server import check_gguf, local_server
    except ImportError as exc:
        raise ConfigError(
            f"generator '{config.answer.generator}' needs the llm extra ({LLM_EXTRA_HINT}): {exc}"
        ) from exc

    settings = ChatSettings(
        base_url=config.llm.base_url,
        model=config.llm.model,
        api_key=config.llm.api_key,
        timeout_s=config.llm.timeout_s,
        max_retries=config.llm.max_retries,
    )
    if config.answer.generator == "local":
        path = check_gguf(config.llm.gguf_path)
        key: tuple = ("local", path, settings.model, settings.timeout_s, settings.max_retries)
    elif config.answer.generator == "openai":
        key = ("openai", settings)
    else:
        raise ConfigError(f"generator '{config.answer.generator}' is not an LLM backend")
    with _LOCK:
        if key not in _CONNECTIONS:
            server = local_server(path) if config.answer.generator == "local" else None
            _CONNECTIONS[key] = LLMConnection(config.answer.generator, settings, server)
        return _CONNECTIONS[key]
