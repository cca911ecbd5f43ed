"""The default (torch) encoder's model as a numpy forward pass: questions encoded without importing torch.

Why it exists: start-up (issue 12 item 6, `python app.py` answering ≤ 3 s after it starts). With
`encoder = "torch"` the first answer came 6.0 s after the start (6.2 s of CPU; bench/api_latency.py,
warm, median of 5, idle machine), and `import sentence_transformers` was 4.2 s of it (torch,
transformers, sklearn), loading the weights more; with this encoder it comes after 1.5 s (1.6 s of CPU).
A server needs the model for one thing, the question's vector: a few dozen word pieces through six
BERT layers, which numpy does in milliseconds. So `Embedder` (encoder "torch") encodes short batches
(questions) here, from the same weights file, and loads sentence-transformers only when something
needs it (an ingest's batches, token counts for chunking, `encode_packed`). Loading
this encoder is numpy, `tokenizers` and a memory-mapped `model.safetensors`: about 0.1 s (0.02 s
after the imports), and a question then takes ~8 ms, as with torch (9 ms).

It is the sentence-transformers model's computation, not a cheaper model: BERT (absolute
positions, post-layer-norm, exact erf GELU), mean pooling over the attention mask, L2
normalisation; the same word pieces (the model's tokenizer.json, truncated to `max_seq_length`
as sentence-transformers truncates). tests/test_numpy_encoder.py holds it to the torch vectors
(max |diff| ≤ 1e-5; 3.2e-7 measured). A model whose folder says anything else (other modules or pooling, another
architecture, no model.safetensors or tokenizer.json) is refused with a ConfigError; `Embedder`
then serves it with torch alone, as before.
"""

from __future__ import annotations

import json
import mmap
import struct
from pathlib import Path

import numpy as np

from assistant.errors import ConfigError

WEIGHTS = "model.safetensors"
TOKENIZER = "tokenizer.json"
MODULES = ["Transformer", "Pooling", "Normalize"]
# A batch of at most this many texts goes through in one forward pass (sorted by length: little padding).
BATCH = 32
_MASKED = np.float32(-1e30)  # added to the attention scores of padding: exp() of it is 0

# erf(x) ≈ x·P(x²)/Q(x²) on [-4, 4] (±1 outside): the rational approximation of Eigen's and XLA's float
# erf, evaluated here in float64, where its absolute error is at most 6.5e-8 (max over 2 million points
# of [-6, 6] against math.erf; tests/test_numpy_encoder.py checks ≤ 1e-7). math.erf itself, one Python
# call per element, would add 9 ms to a question's 8 ms and seconds to a batch of long texts;
# scipy.special.erf would import scipy.special.
_ERF_P = np.array(
    [
        -2.72614225801306e-10,
        2.77068142495902e-08,
        -2.10102402082508e-06,
        -5.69250639462346e-05,
        -7.34990630326855e-04,
        -2.95459980854025e-03,
        -1.60960333262415e-02,
    ]
)
_ERF_Q = np.array(
    [
        -1.45660718464996e-05,
        -2.13374055278905e-04,
        -1.68282697438203e-03,
        -7.37332916720468e-03,
        -1.42647390514189e-02,
    ]
)


def erf(x: np.ndarray) -> np.ndarray:
    """erf, vectorised, to within 1e-7 (float64 result)."""
    x = np.clip(np.asarray(x, dtype=np.float64), -4.0, 4.0)
    x2 = x * x
    return x * np.polyval(_ERF_P, x2) / np.polyval(_ERF_Q, x2)


def gelu(x: np.ndarray) -> np.ndarray:
    """The exact GELU, x·Φ(x) = x/2·(1 + erf(x/√2)), as BERT's "gelu" (not the tanh form)."""
    return (x * (0.5 * (1.0 + erf(x * np.float32(0.7071067811865476))))).astype(np.float32)


def _json(path: Path) -> dict | list:
    return json.loads(path.read_text(encoding="utf-8"))


def pooling_problem(path: Path) -> str | None:
    """Why this sentence-transformers folder is not Transformer + mean Pooling + Normalize, or None.

    Both our encoders of the bundled model compute exactly that (this one, and onnx_encoder's graph)."""
    if not (path / "modules.json").is_file():
        return f"{path} has no modules.json (not a sentence-transformers folder)"
    modules = _json(path / "modules.json")
    types = [m["type"].rsplit(".", 1)[-1] for m in modules]
    if types != MODULES:
        return f"{path} has modules {types}, not {MODULES}"
    pooling_file = path / modules[1]["path"] / "config.json"
    pooling = _json(pooling_file) if pooling_file.is_file() else {}
    modes = [key for key, on in pooling.items() if key.startswith("pooling_mode") and on]
    if modes != ["pooling_mode_mean_tokens"]:
        return f"{path} pools by {modes}, not by the mean of the tokens"
    return None


def unsupported(model_path: str | Path) -> str | None:
    """Why this model folder cannot be encoded here, or None when it can."""
    path = Path(model_path)
    if not path.is_dir():
        return f"{model_path} is not a local folder"
    problem = pooling_problem(path)
    if problem:
        return problem
    if _json(path / "modules.json")[0].get("path", "") != "":
        return f"{path} keeps its transformer in a subfolder; the numpy encoder reads it at the top"
    if not (path / "config.json").is_file():
        return f"{path} has no config.json"
    config = _json(path / "config.json")
    kind = (config.get("model_type"), config.get("hidden_act"), config.get("position_embedding_type", "absolute"))
    if kind != ("bert", "gelu", "absolute"):
        return f"{path} is {kind} (model type, activation, positions); the numpy encoder runs BERT with exact GELU"
    settings_file = path / "sentence_bert_config.json"
    if settings_file.is_file() and _json(settings_file).get("do_lower_case"):
        return f"{path} sets do_lower_case in sentence_bert_config.json, which the numpy encoder does not do"
    if not (path / WEIGHTS).is_file():
        return f"{path} has no {WEIGHTS} (pytorch_model.bin needs torch to read)"
    if not (path / TOKENIZER).is_file():
        return f"{path} has no {TOKENIZER}"
    return None


def check_model(model_path: str | Path) -> None:
    """Refuse a model this encoder would get wrong (like onnx_encoder.check_pooling)."""
    reason = unsupported(model_path)
    if reason:
        raise ConfigError(f'the numpy encoder of encoder = "torch" cannot run this model: {reason}')


def max_seq_length(model_path: Path) -> int:
    """The window sentence-transformers truncates to (its sentence_bert_config.json), counting [CLS] and [SEP]."""
    settings = model_path / "sentence_bert_config.json"
    length = _json(settings).get("max_seq_length") if settings.is_file() else None
    if not length:  # sentence-transformers then takes the tokenizer's limit
        length = _json(model_path / "config.json").get("max_position_embeddings", 512)
    return int(length)


def load_weights(file: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a .safetensors file, read-only views of a memory mapping of it.

    The safetensors layout is an 8-byte little-endian header length, a JSON header (name -> dtype,
    shape, byte offsets in the data that follows) and the raw little-endian data. Mapping it costs
    ~3 ms against ~60 ms for `safetensors.numpy.load_file`, which copies every tensor; that is the
    fallback for a file whose header the mapping does not read (a dtype other than F32 or I64).
    """
    with open(file, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    (size,) = struct.unpack("<Q", mapped[:8])
    header = json.loads(mapped[8 : 8 + size])
    header.pop("__metadata__", None)
    dtypes = {"F32": np.dtype("<f4"), "I64": np.dtype("<i8")}
    if any(entry["dtype"] not in dtypes for entry in header.values()):
        from safetensors.numpy import load_file

        return {name: np.asarray(value, dtype=np.float32) for name, value in load_file(str(file)).items()}
    out = {}
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        dtype = dtypes[entry["dtype"]]
        array = np.frombuffer(mapped, dtype=dtype, count=(end - start) // dtype.itemsize, offset=8 + size + start)
        out[name] = array.reshape(entry["shape"])
    return out


class _Layer:
    """One BERT encoder layer's weights (torch's Linear layout: out × in, used as x @ W.T)."""

    def __init__(self, w: dict[str, np.ndarray], prefix: str) -> None:
        def get(name: str) -> np.ndarray:
            return w[f"{prefix}.{name}"]

        self.q = (get("attention.self.query.weight"), get("attention.self.query.bias"))
        self.k = (get("attention.self.key.weight"), get("attention.self.key.bias"))
        self.v = (get("attention.self.value.weight"), get("attention.self.value.bias"))
        self.out = (get("attention.output.dense.weight"), get("attention.output.dense.bias"))
        self.norm1 = (get("attention.output.LayerNorm.weight"), get("attention.output.LayerNorm.bias"))
        self.up = (get("intermediate.dense.weight"), get("intermediate.dense.bias"))
        self.down = (get("output.dense.weight"), get("output.dense.bias"))
        self.norm2 = (get("output.LayerNorm.weight"), get("output.LayerNorm.bias"))


def _linear(x: np.ndarray, weight_bias: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    weight, bias = weight_bias
    return x @ weight.T + bias


def _layer_norm(x: np.ndarray, weight_bias: tuple[np.ndarray, np.ndarray], eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + np.float32(eps)) * weight_bias[0] + weight_bias[1]


class NumpyEncoder:
    """Unit vectors of texts from a sentence-transformers BERT folder (Transformer, mean Pooling, Normalize)."""

    def __init__(self, model_path: str | Path, batch_size: int = BATCH) -> None:
        path = Path(model_path)
        check_model(path)
        from tokenizers import Tokenizer

        config = _json(path / "config.json")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.max_length = min(max_seq_length(path), int(config.get("max_position_embeddings", 512)))
        self.window = self.max_length - 2  # [CLS] and [SEP]
        self.batch_size = max(1, batch_size)
        weights = load_weights(path / WEIGHTS)
        prefix = next((p for p in ("", "bert.") if f"{p}embeddings.word_embeddings.weight" in weights), None)
        if prefix is None:
            raise ConfigError(f"{path / WEIGHTS} has no BERT embeddings (embeddings.word_embeddings.weight)")
        self.words = weights[f"{prefix}embeddings.word_embeddings.weight"]
        self.positions = weights[f"{prefix}embeddings.position_embeddings.weight"]
        self.types = weights[f"{prefix}embeddings.token_type_embeddings.weight"]
        self.norm = (weights[f"{prefix}embeddings.LayerNorm.weight"], weights[f"{prefix}embeddings.LayerNorm.bias"])
        self.layers = [_Layer(weights, f"{prefix}encoder.layer.{i}") for i in range(int(config["num_hidden_layers"]))]
        self.dim = int(self.words.shape[1])
        self.tokenizer = Tokenizer.from_file(str(path / TOKENIZER))
        self.tokenizer.no_padding()  # padded here, per batch
        self.tokenizer.enable_truncation(self.max_length)  # sentence-transformers' max_seq_length, specials included

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._forward([encodings[i] for i in rows])
        return out

    def _forward(self, encodings: list) -> np.ndarray:
        """Unit vectors of one batch: BERT, mean of the real tokens' last states, L2 normalised."""
        batch, width = len(encodings), max(len(e.ids) for e in encodings)
        ids = np.zeros((batch, width), dtype=np.int64)
        type_ids = np.zeros((batch, width), dtype=np.int64)
        mask = np.zeros((batch, width), dtype=np.float32)
        for r, e in enumerate(encodings):
            ids[r, : len(e.ids)] = e.ids
            type_ids[r, : len(e.ids)] = e.type_ids
            mask[r, : len(e.ids)] = 1.0
        x = self.words[ids] + self.types[type_ids] + self.positions[:width]
        x = _layer_norm(x.reshape(batch * width, self.dim), self.norm, self.eps)  # one matrix: one BLAS call a layer
        # Padding is a key no query attends to (it is left out of the pooling below as well).
        bias = ((1.0 - mask) * _MASKED)[:, None, None, :]
        head = self.dim // self.heads
        scale = np.float32(1.0 / np.sqrt(head))

        def split(t: np.ndarray) -> np.ndarray:  # (batch·tokens, dim) -> (batch, heads, tokens, head)
            return t.reshape(batch, width, self.heads, head).transpose(0, 2, 1, 3)

        for layer in self.layers:
            q, k, v = split(_linear(x, layer.q)), split(_linear(x, layer.k)), split(_linear(x, layer.v))
            scores = (q * scale) @ k.transpose(0, 1, 3, 2) + bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            context = (scores / scores.sum(axis=-1, keepdims=True)) @ v
            context = context.transpose(0, 2, 1, 3).reshape(batch * width, self.dim)
            x = _layer_norm(_linear(context, layer.out) + x, layer.norm1, self.eps)
            x = _layer_norm(_linear(gelu(_linear(x, layer.up)), layer.down) + x, layer.norm2, self.eps)
        summed = (x.reshape(batch, width, self.dim) * mask[:, :, None]).sum(axis=1)
        mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        norms = np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), np.float32(1e-12))
        return (mean / norms).astype(np.float32)
