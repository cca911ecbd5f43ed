"""What produced a run: the settings, the index it read and the package versions.

Figures without this cannot be compared later: a different model, passage size
or corpus changes them, so every summary.json carries its own provenance.
"""

from __future__ import annotations

import hashlib
import platform
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.index.store import IndexStore

if TYPE_CHECKING:
    from assistant.config import Config
    from assistant.core import Assistant

PACKAGES = (
    "news-assistant",
    "sentence-transformers",
    "torch",
    "transformers",
    "faiss-cpu",
    "llama-index-core",
    "llama-index-retrievers-bm25",
    "rank-bm25",
    "bm25s",
    "PyStemmer",
    "numpy",
    "pydantic",
    "tqdm",
)


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Installed versions (None when a package is absent) plus the Python version."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def index_fingerprint(index_dir: Path) -> str | None:
    """Hash of the indexed articles' content hashes and the index meta.

    Unlike the generation id, which changes on every ingest, this stays the same when
    the same files are indexed the same way, so two runs can be checked for "same corpus".
    """
    store = IndexStore(index_dir)
    generation = store.current_generation()
    if generation is None:
        return None
    folder = Path(index_dir) / generation
    digest = hashlib.sha256()
    for name in ("meta.json", "articles.jsonl"):
        path = folder / name
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_config(assistant: Assistant, config: Config) -> dict:
    """The settings that shape the figures, with the model and passage size the index was built with."""
    info = assistant.index_info()
    return {
        "embedding_model": info.get("model"),
        "encoder": info.get("encoder", "torch"),
        "embedding_dim": info.get("dim"),
        "passage_tokens": info.get("passage_tokens"),
        "articles": info.get("articles"),
        "passages": info.get("passages"),
        "top_k": config.retrieval.top_k,
        "candidate_k": config.retrieval.candidate_k,
        "rrf_k": config.retrieval.rrf_k,
        "generator": config.answer.generator,
        "max_answer_sentences": config.answer.max_answer_sentences,
        "refusal_threshold": config.answer.refusal_threshold,
        "index_dir": str(Path(config.index_dir).resolve()),
        "index_generation": info.get("generation"),
        "index_fingerprint": index_fingerprint(Path(config.index_dir)),
    }
