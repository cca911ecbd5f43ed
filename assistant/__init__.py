"""News question answering with verified, numbered citations.

`Assistant` and the data classes are imported on first use (PEP 562), not with the package:
importing `assistant.config` runs this file, and the server wants its port open before the
pipeline's imports (scipy through datasketch, spaCy, the encoder) are paid for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.config import Config
from assistant.errors import ConfigError, NotIndexedError

if TYPE_CHECKING:
    from assistant.core import Assistant
    from assistant.models import Answer, Article, Citation, Passage

__all__ = ["Answer", "Article", "Assistant", "Citation", "Config", "ConfigError", "NotIndexedError", "Passage"]
_MODELS = ("Answer", "Article", "Citation", "Passage")
_LAZY = {"Assistant": "assistant.core", **dict.fromkeys(_MODELS, "assistant.models")}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # once: later lookups are plain attribute reads
        return value
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
