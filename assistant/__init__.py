"""News question answering with verified, numbered citations."""

from assistant.assistant import Assistant, NotIndexedError
from assistant.config import Config, ConfigError
from assistant.models import Answer, Article, Citation, Passage

__all__ = ["Answer", "Article", "Assistant", "Citation", "Config", "ConfigError", "NotIndexedError", "Passage"]
