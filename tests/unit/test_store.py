"""index/store.py with tiny random vectors (no model): write, load, the CURRENT switch, model mismatch."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.errors import IndexUnusableError
from assistant.index.store import IndexStore, StoredArticle
from assistant.models import Article, Passage, Sentence

DIM = 8


def corpus(n_articles: int = 2, seed: int = 0):
    rng = np.random.default_rng(seed)
    articles, passages, sentences = [], [], []
    for a in range(n_articles):
        text = f"Story {a} first sentence. Story {a} second sentence."
        doc = Article(doc_id=f"doc{a}", path=f"/tmp/doc{a}.txt", title=f"Story {a}", source="Test", text=text)
        pid = len(passages)
        passages.append(Passage(passage_id=pid, doc_id=doc.doc_id, text=text, start=0, end=len(text)))
        cut = text.index(" Story", 1)
        sentences += [Sentence(pid, 0, cut), Sentence(pid, cut + 1, len(text), ((0, 5, "ORG"),))]
        articles.append(StoredArticle(doc, file_hash=f"hash{a}", passage_ids=[pid]))
    vectors = rng.normal(size=(len(passages), DIM)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sentence_vectors = rng.normal(size=(len(sentences), DIM)).astype("float32")
    return articles, passages, vectors, sentences, sentence_vectors


def meta(model: str = "tiny-model") -> dict:
    return {"model": model, "dim": DIM, "passage_tokens": 200}


def write(store: IndexStore, **kw):
    articles, passages, vectors, sentences, sentence_vectors = corpus(**kw)
    snapshot = store.write(meta(), articles, passages, vectors, sentences, sentence_vectors)
    return snapshot, vectors


def test_nothing_written_loads_as_none(tmp_path):
    store = IndexStore(tmp_path / "index")
    assert store.load() is None and not store.exists() and store.current_generation() is None


def test_write_then_load_round_trips(tmp_path):
    store = IndexStore(tmp_path / "index")
    written, vectors = write(store)
    loaded = store.load(expect_model="tiny-model")
    assert loaded.generation == written.generation == store.current_generation()
    assert loaded.meta["articles"] == 2 and loaded.meta["passages"] == 2 and loaded.meta["model"] == "tiny-model"
    assert [p.model_dump() for p in loaded.passages] == [p.model_dump() for p in written.passages]
    assert loaded.articles["doc1"].file_hash == "hash1" and loaded.articles["doc1"].passage_ids == [1]
    assert loaded.articles["doc0"].article == written.articles["doc0"].article
    np.testing.assert_allclose(loaded.vectors(), vectors, rtol=1e-6)
    assert loaded.sentences == written.sentences and loaded.passage_sentences == [range(0, 2), range(2, 4)]
    assert loaded.sentences[1].entities == ((0, 5, "ORG"),)
    # dense search finds each passage by its own vector
    scores, ids = loaded.dense.search(vectors, 1)
    assert ids[:, 0].tolist() == [0, 1] and np.allclose(scores[:, 0], 1.0, atol=1e-5)


def test_a_new_write_switches_current_and_drops_the_old_generation(tmp_path):
    root = tmp_path / "index"
    store = IndexStore(root)
    first, _ = write(store)
    second, _ = write(store, n_articles=3, seed=1)
    assert second.generation != first.generation
    assert (root / "CURRENT").read_text(encoding="utf-8").strip() == second.generation
    assert not (root / first.generation).exists() and (root / second.generation).is_dir()
    assert not (root / "CURRENT.tmp").exists()
    assert len(IndexStore(root).load().passages) == 3


def test_a_generation_never_switched_to_is_invisible(tmp_path):
    root = tmp_path / "index"
    store = IndexStore(root)
    first, _ = write(store)
    (root / "gen-halfwritten").mkdir()  # what a crash mid-write leaves behind
    assert store.load().generation == first.generation


def test_another_embedding_model_is_a_clear_error(tmp_path):
    store = IndexStore(tmp_path / "index")
    write(store)
    with pytest.raises(IndexUnusableError, match="tiny-model.*other-model") as info:
        store.load(expect_model="other-model")
    assert "--rebuild" in str(info.value)


def test_damaged_meta_is_an_index_error_not_a_traceback(tmp_path):
    store = IndexStore(tmp_path / "index")
    written, _ = write(store)
    (tmp_path / "index" / written.generation / "meta.json").write_text("{", encoding="utf-8")
    with pytest.raises(IndexUnusableError, match="damaged"):
        store.load()


def test_another_format_version_asks_for_an_ingest(tmp_path):
    store = IndexStore(tmp_path / "index")
    written, _ = write(store)
    path = tmp_path / "index" / written.generation / "meta.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "format": 0}), encoding="utf-8")
    with pytest.raises(IndexUnusableError, match="assistant ingest"):
        store.load()


def test_one_writer_at_a_time(tmp_path):
    store = IndexStore(tmp_path / "index")
    with store.writer_lock():
        with pytest.raises(IndexUnusableError, match="another ingest"):
            with IndexStore(tmp_path / "index").writer_lock():
                pass
    with store.writer_lock():  # released again
        pass


def test_bm25_read_back_without_llama_index_searches_as_the_retriever_written(tmp_path):
    """load_bm25 reads the persisted BM25Retriever with bm25s alone (fast start); the same hits, same order."""
    from llama_index.retrievers.bm25 import BM25Retriever

    from assistant.index.bm25 import search_bm25

    written, _ = write(IndexStore(tmp_path / "index"), n_articles=6)
    loaded = IndexStore(tmp_path / "index").load()
    folder = tmp_path / "index" / loaded.generation / "bm25"
    retriever = BM25Retriever.from_persist_dir(str(folder), show_progress=False)
    assert type(loaded.bm25).__name__ == "LoadedBM25"
    for query in ["story 3 second sentence", "Story 1", "stories sentences", "the of and", "nothing matches"]:
        hits = search_bm25(loaded.bm25, query, 4)
        assert hits == search_bm25(retriever, query, 4) == search_bm25(written.bm25, query, 4), query
    assert len(search_bm25(loaded.bm25, "second sentence", 4)) == 4  # the queries do find passages
