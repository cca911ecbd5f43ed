"""Embedder.encode_packed, the ingest's encoder: the vectors of `encode`, with less work (real bundled model)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from assistant.ingest.pipeline import _batches
from assistant.ingest.prepare import PrepareTask

PASSAGE = (
    "The council of Leeds voted on Tuesday to build a tram line, its mayor Anna Clarke said. "
    '"We have waited years for this," she told reporters.'
)
TEXTS = [
    PASSAGE,
    "The council of Leeds voted on Tuesday to build a tram line, its mayor Anna Clarke said.",
    '"We have waited years for this," she told reporters.',
    "Shares fell.",
    "word " * 600,  # longer than the window: cut as the model's own tokenizer cuts it
    "",
    "Café Zürich’s CEO — “naïve” 東京",
] + [f"Work on route {i} starts in the spring, the transport office said." for i in range(80)]


@pytest.fixture
def forwarded(embedder, monkeypatch):
    """The token-id rows each model batch received, and the torch threads it ran on."""
    calls: list[tuple[list[list[int]], int]] = []
    real = embedder._forward

    def spy(ids, width):
        calls.append((ids, torch.get_num_threads()))
        return real(ids, width)

    monkeypatch.setattr(embedder, "_forward", spy)
    return calls


def test_encode_packed_gives_the_vectors_of_encode(embedder):
    packed = embedder.encode_packed(TEXTS, max_tokens=512)  # a small budget: many batches of different widths
    assert packed.shape == (len(TEXTS), embedder.dim) and packed.dtype == np.float32
    assert np.allclose(packed, embedder.encode(TEXTS), atol=1e-5)
    assert embedder.encode_packed([]).shape == (0, embedder.dim)


def test_a_text_given_twice_is_encoded_once_with_the_vector_it_has_alone(embedder, forwarded):
    # A one-sentence passage and its sentence, a standard line under two stories.
    texts = ["Shares fell.", PASSAGE, "Shares fell.", "Ferry captain Lia Moss said demand was high.", PASSAGE]
    vectors = embedder.encode_packed(texts)
    assert sum(len(ids) for ids, _ in forwarded) == 3
    assert np.array_equal(vectors[0], vectors[2]) and np.array_equal(vectors[1], vectors[4])
    alone = embedder.encode(["Shares fell.", PASSAGE, "Ferry captain Lia Moss said demand was high."])
    assert np.allclose(vectors[[0, 1, 3]], alone, atol=1e-5)


def test_the_model_gets_token_ids_and_never_tokenizes_again(embedder, forwarded, monkeypatch):
    def tokenized_again(*args, **kwargs):
        raise AssertionError("encode_packed must feed the model the ids it tokenized once")

    monkeypatch.setattr(embedder.model, "preprocess", tokenized_again)
    embedder.encode_packed(TEXTS, max_tokens=512)
    want = embedder.model.tokenizer(list(dict.fromkeys(TEXTS)), truncation=True, max_length=embedder.window + 2)
    assert sorted(map(tuple, (ids for batch, _ in forwarded for ids in batch))) == sorted(map(tuple, want["input_ids"]))
    assert max(len(ids) for batch, _ in forwarded for ids in batch) == embedder.window + 2


def test_while_a_worker_is_busy_the_encoder_leaves_it_a_core(embedder, forwarded):
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        busy = iter([1, 1, 0])  # the worker finishes during the third batch: back to both cores

        vectors = embedder.encode_packed(TEXTS, max_tokens=512, busy_cores=lambda: next(busy, 0))
        assert [threads for _, threads in forwarded][:4] == [1, 1, 2, 2]
        assert torch.get_num_threads() == 2, "the thread count is restored after the call"
        assert np.allclose(vectors, embedder.encode(TEXTS), atol=1e-5)
    finally:
        torch.set_num_threads(before)


def test_the_first_batches_are_small_so_the_encoder_starts_early():
    work = [PrepareTask(f"f{i}", f"f{i}", f"f{i}", "", frozenset()) for i in range(300)]
    batches = _batches(work, 64)
    assert [len(b) for b in batches] == [8, 16, 32, 64, 64, 64, 52]
    assert [t for b in batches for t in b] == work
    assert [len(b) for b in _batches(work[:5], 2)] == [1, 2, 2]
