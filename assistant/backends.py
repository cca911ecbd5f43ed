"""Pick the answer generator and the follow-up condenser from the config.

`extractive` is the offline default and needs nothing beyond the core install.
`openai` (any OpenAI-compatible endpoint by URL) and `local` (a GGUF file served
by llama.cpp on 127.0.0.1, reached through the same client) need the `llm`
extra; they wrap the extractive generator as their fallback and condense
follow-ups with the model, falling back to the rule-based `chat.condense`.

One `LLMConnection` per endpoint is shared by every Assistant in the process,
so the generator and the condenser agree on whether the server is up, and a
local model is loaded once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.chat import condense
from assistant.config import Config
from assistant.generation import ExtractiveGenerator, Generator

if TYPE_CHECKING:
    from assistant.llm_generation import LLMConnection
    from assistant.prompts import Prompts

Condenser = Callable[[str, list[str]], str]

_CONNECTIONS: dict[tuple, LLMConnection] = {}
_LOCK = threading.Lock()
LLM_EXTRA_HINT = "pip install 'news-assistant[llm]'"


def make_generator(config: Config, extractive: ExtractiveGenerator) -> Generator:
    if config.generator == "extractive":
        return extractive
    from assistant.llm_generation import LLMGenerator

    return LLMGenerator(connection(config), _prompts(config), extractive)


def make_condenser(config: Config) -> Condenser:
    if config.generator == "extractive":
        return condense
    from assistant.llm_generation import LLMCondenser

    return LLMCondenser(connection(config), _prompts(config))


def _prompts(config: Config) -> Prompts:
    """The prompt templates, from the `prompts_dir` setting or the project's prompts/."""
    from assistant.prompts import PROMPTS_DIR, Prompts

    return Prompts.load(Path(config.prompts_dir) if config.prompts_dir else PROMPTS_DIR)


def connection(config: Config) -> LLMConnection:
    """The shared connection for the configured language-model backend.

    Raises ValueError (a configuration problem, not a passing outage) when the
    `llm` extra is missing or `local` has no usable GGUF file.
    """
    try:
        from assistant.llm import ChatSettings
        from assistant.llm_generation import LLMConnection
        from assistant.llm_server import check_gguf, local_server
    except ImportError as exc:
        raise ValueError(
            f"generator '{config.generator}' needs the llm extra ({LLM_EXTRA_HINT}): {exc}"
        ) from exc

    settings = ChatSettings(base_url=config.llm_base_url, model=config.llm_model, api_key=config.llm_api_key,
                            timeout_s=config.llm_timeout_s, max_retries=config.llm_max_retries)
    if config.generator == "local":
        path = check_gguf(config.gguf_path)
        key: tuple = ("local", path, settings.model, settings.timeout_s, settings.max_retries)
    elif config.generator == "openai":
        key = ("openai", settings)
    else:
        raise ValueError(f"generator '{config.generator}' is not an LLM backend")
    with _LOCK:
        if key not in _CONNECTIONS:
            server = local_server(path) if config.generator == "local" else None
            _CONNECTIONS[key] = LLMConnection(config.generator, settings, server)
        return _CONNECTIONS[key]
