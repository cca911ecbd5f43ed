"""store = "milvus" on Milvus Lite (a local file): ingest, ask, re-ingest, delete, generations as collections.

tests/test_scale_milvus_server.py runs the same scenario against a real Milvus server.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant
from assistant.config import Config
from assistant.index.store import IndexStore

pytest.importorskip("pymilvus", reason="store = milvus needs the milvus extra: pip install -e '.[milvus]'")
pytest.importorskip("milvus_lite", reason="Milvus Lite needs the milvus extra: pip install -e '.[milvus]'")

from assistant.index import milvus_index  # noqa: E402

STORY_A = "Aldermen in Brookfield approved a new library on Monday.\nThe library will cost four million dollars.\n"
STORY_B = "The Brookfield ferry resumed service after a storm.\nFerry captain Lia Moss said demand was high.\n"


def milvus_assistant(make_assistant, uri: str, **settings) -> Assistant:
    assistant = make_assistant(store="milvus", milvus_uri=uri, **settings)
    # core.py builds IndexStore(config.index_dir, config.index) once the Assistant passes its settings
    assistant.store = IndexStore(assistant.config.index_dir, assistant.config.index)
    return assistant


def dense_meta(assistant: Assistant) -> dict:
    store = assistant.store
    return json.loads((store.root / store.current_generation() / "meta.json").read_text())["dense"]


def scenario(assistant: Assistant, uri: str, docs: Path) -> None:
    """Ingest two stories, ask, change one (only it is re-embedded), delete the other; a collection per
    generation, the previous one dropped once the new one is live."""
    client = milvus_index.client(uri)
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "a.txt").write_text(STORY_A, encoding="utf-8")
    (docs / "b.txt").write_text(STORY_B, encoding="utf-8")

    first = assistant.ingest([docs])
    assert first.articles == 2
    info = dense_meta(assistant)
    assert info["type"] == "milvus" and info["index"] == "FLAT"
    first_collection = info["collection"]
    assert client.has_collection(first_collection)
    assert "library" in assistant.ask("What did the aldermen approve?").answer
    snapshot = assistant._ready()[0]
    b_ids = snapshot.articles["b.txt"].passage_ids
    b_vectors = snapshot.dense.vectors(b_ids)

    (docs / "a.txt").write_text(STORY_A + "The mayor called it a landmark.\n", encoding="utf-8")
    changed = assistant.ingest([docs])
    assert changed.new_passages == 1  # b.txt's vectors came from the previous generation's collection
    second_collection = dense_meta(assistant)["collection"]
    assert second_collection != first_collection
    assert client.has_collection(second_collection) and not client.has_collection(first_collection)
    assert len(list(assistant.store.root.glob("gen-*"))) == 1
    snapshot = assistant._ready()[0]
    np.testing.assert_array_equal(snapshot.dense.vectors(snapshot.articles["b.txt"].passage_ids), b_vectors)
    assert "landmark" in assistant.ask("What did the mayor call the library?").answer

    (docs / "b.txt").unlink()
    removed = assistant.ingest([docs])
    assert removed.articles == 1 and len(removed.removed) == 1
    assert len(assistant._ready()[0].dense) == len(assistant._ready()[0].passages)
    answer = assistant.ask("Who is the ferry captain?")
    assert answer.passages and all(p.doc_id != "b.txt" for p in answer.passages)
    live = dense_meta(assistant)["collection"]
    assert [c for c in client.list_collections() if c.startswith("assistant_gen_")] == [live]


def test_milvus_lite_ingest_ask_reingest_delete(tmp_path, make_assistant):
    uri = str(tmp_path / "vectors.db")
    assistant = milvus_assistant(make_assistant, uri)
    scenario(assistant, uri, tmp_path / "docs")
    # another reader with the default settings opens the generation from what meta.json recorded
    reader = IndexStore(tmp_path / "index").load()
    assert reader.dense.collection == dense_meta(assistant)["collection"]
    assert len(reader.dense) == len(reader.passages)


def test_default_uri_is_a_lite_file_in_the_index_folder_and_ivf_above_the_threshold(tmp_path, make_assistant):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(STORY_A, encoding="utf-8")
    assistant = milvus_assistant(make_assistant, "", ann_threshold=1)
    assistant.ingest([docs])
    assert (tmp_path / "index" / "milvus.db").exists() and dense_meta(assistant)["uri"] == ""
    assert dense_meta(assistant)["index"] == "IVF_FLAT"
    assert not list((tmp_path / "index").glob("gen-*/dense.faiss"))
    assert "library" in assistant.ask("What did the aldermen approve?").answer


def test_store_and_uri_from_the_environment(tmp_path):
    config = Config.load(env={"ASSISTANT_STORE": "milvus", "ASSISTANT_MILVUS_URI": "http://127.0.0.1:19530"})
    assert config.index.store == "milvus" and config.index.milvus_uri == "http://127.0.0.1:19530"
    assert milvus_index.resolve_uri("", tmp_path) == str((tmp_path / "milvus.db").resolve())
    assert milvus_index.resolve_uri("v.db", tmp_path) == str((tmp_path / "v.db").resolve())
    assert milvus_index.resolve_uri("http://h:19530", tmp_path) == "http://h:19530"
