"""Start the chat UI and REST API over data/ (the index is built on first run)."""

from assistant.config import Config
from assistant.web.app import serve

if __name__ == "__main__":
    serve(Config.load())
