"""Pick the answer generator and the follow-up condenser from the config.

`extractive` is the offline default. The language-model backends (`openai`,
`local`) are added by the generation-backends work; each wraps the extractive
generator as its fallback.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.chat import condense
from assistant.config import Config
from assistant.generation import ExtractiveGenerator, Generator

Condenser = Callable[[str, list[str]], str]


def make_generator(config: Config, extractive: ExtractiveGenerator) -> Generator:
    if config.generator == "extractive":
        return extractive
    raise ValueError(f"generator '{config.generator}' is not available in this build")


def make_condenser(config: Config) -> Condenser:
    return condense
