"""Shared fixtures: the real bundled model and a real index of the seed articles.

Loading the model and embedding the seed articles takes seconds, so both are
built once per test session; tests that change an index make their own.
Every test that uses the model through these fixtures is marked `slow`
(`pytest -m "not slow"` is the quick loop); a test that loads it some other
way (a subprocess, `Assistant.from_config`) carries the mark itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant import Assistant, Config
from assistant.index.embedding import Embedder

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data"
DEV_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"


MODEL_FIXTURES = {"embedder"}  # the fixtures below that need it depend on this one


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def seed_config(tmp_path_factory) -> Config:
    """Config whose index holds the two seed articles (a copy, so tests cannot touch data/)."""
    base = tmp_path_factory.mktemp("seed")
    shutil.copytree(SEED_DIR, base / "data", ignore=shutil.ignore_patterns(".*"))
    return Config.load(env={}, data_dir=base / "data", index_dir=base / "index", feedback_path=base / "feedback.jsonl")


@pytest.fixture(scope="session")
def seed_assistant(seed_config: Config, embedder: Embedder) -> Assistant:
    assistant = Assistant(seed_config, embedder=embedder)
    assistant.ingest([seed_config.data_dir])
    return assistant


@pytest.fixture
def make_assistant(tmp_path, embedder):
    """An Assistant over a fresh, empty index in tmp_path (for ingest tests)."""

    def make(**overrides) -> Assistant:
        config = Config.load(env={}, index_dir=tmp_path / "index", **overrides)
        return Assistant(config, embedder=embedder)

    return make


@pytest.fixture
def indexed(make_assistant, tmp_path):
    """An Assistant over a fresh index (tmp_path/index) of a few articles the test writes (name -> text)."""

    def make(files: dict[str, str]) -> Assistant:
        folder = tmp_path / "docs"
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        assistant = make_assistant(data_dir=folder)
        assistant.ingest([folder])
        return assistant

    return make
