"""News question answering with verified, numbered citations."""

from assistant.config import Config
from assistant.core import Assistant
from assistant.errors import ConfigError, NotIndexedError
from assistant.models import Answer, Article, Citation, Passage

__all__ = ["Answer", "Article", "Assistant", "Citation", "Config", "ConfigError", "NotIndexedError", "Passage"]
