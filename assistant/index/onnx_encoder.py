"""The embedding model as int8 ONNX (encoder = "onnx-int8"): exported once from the local weights, cached.

No optimum: `optimum-onnx` pins an older transformers than gradio's huggingface-hub needs, so the
export is `torch.onnx.export` of the model's transformer with the model's own pooling (mean over
the attention mask) and normalisation inside the graph, then `onnxruntime.quantization.quantize_dynamic`
(int8 weights per output channel; activations quantized on the fly). The result is cached in a
folder keyed by the weights' path, size and time, written under a temporary name and renamed into
place, so a crash mid-export leaves no half model. Loading it needs onnxruntime and `tokenizers`,
not torch or transformers: ~0.5 s against ~4 s for the torch encoder, which is what lets a
server answer its first question within seconds of starting (issue 12 item 6).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
import uuid
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.errors import ConfigError, EncoderUnavailableError
from assistant.index.numpy_encoder import max_seq_length, pooling_problem

EXPORT_VERSION = 1  # bump when the export changes, so old caches are not reused
ONNX_FILE = "model.onnx"
MANIFEST = "export.json"
INSTALL = "pip install 'news-assistant[onnx]'"


def import_onnxruntime():
    try:
        import onnxruntime
    except ImportError as exc:
        raise EncoderUnavailableError(
            f'encoder = "onnx-int8" (ASSISTANT_ENCODER) needs onnxruntime, which is not installed: run `{INSTALL}`, '
            'or set encoder = "torch"'
        ) from exc
    return onnxruntime


def default_cache() -> Path:
    """Without a cache folder: one per user, shared by every index."""
    return Path.home() / ".cache" / "news-assistant" / "encoders"


def check_pooling(model_path: Path) -> None:
    """The graph does mean pooling + normalisation; refuse a model whose modules say otherwise."""
    problem = pooling_problem(model_path)
    if problem:
        raise ConfigError(
            f'encoder = "onnx-int8" supports models with mean pooling and normalisation; {problem}: '
            'set encoder = "torch"'
        )


def cache_folder(model_path: Path, cache_root: Path, label: str = "") -> Path:
    """Where this model's export lives: a new folder whenever the weights or the export change."""
    weights = sorted(model_path.glob("*.safetensors")) or sorted(model_path.glob("*.bin"))
    key = hashlib.sha256(f"{EXPORT_VERSION}|{model_path.resolve()}".encode())
    for path in weights:
        stat = path.stat()
        key.update(f"|{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(label or model_path.name).name)
    return cache_root / f"{name}-int8-{key.hexdigest()[:12]}"


def ensure_exported(model_path: Path, cache_root: Path, label: str = "") -> Path:
    """The cached int8 model file, exported and quantized first if it is not there yet."""
    folder = cache_folder(model_path, cache_root, label)
    if (folder / MANIFEST).is_file() and (folder / ONNX_FILE).is_file():
        return folder / ONNX_FILE
    cache_root.mkdir(parents=True, exist_ok=True)
    _remove_stale(cache_root)
    started = time.perf_counter()
    print(
        f"encoder: exporting {label or model_path.name} to int8 ONNX (once, ~10 s) into {folder} ...",
        file=sys.stderr,
        flush=True,
    )
    work = cache_root / f".tmp-{uuid.uuid4().hex[:12]}"
    work.mkdir()
    try:
        with warnings.catch_warnings():  # the exporter's tracer warnings are about code paths we do not take
            warnings.simplefilter("ignore")
            _export(model_path, work / "fp32.onnx")
            _quantize(work / "fp32.onnx", work / ONNX_FILE)
        (work / "fp32.onnx").unlink()
        manifest = {"model": str(model_path.resolve()), "export_version": EXPORT_VERSION, "quantization": "int8"}
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")  # written last: "complete"
        try:
            os.replace(work, folder)
        except OSError:  # another process finished the same export first: use theirs
            if not (folder / MANIFEST).is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"encoder: int8 ONNX model ready in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return folder / ONNX_FILE


def _remove_stale(cache_root: Path, age_s: float = 3600.0) -> None:
    """Temporary folders of an export that crashed (older than an hour, so never a running one)."""
    for child in cache_root.glob(".tmp-*"):
        try:
            if time.time() - child.stat().st_mtime > age_s:
                shutil.rmtree(child, ignore_errors=True)
        except FileNotFoundError:
            pass


def _export(model_path: Path, out: Path) -> None:
    try:
        import onnx  # noqa: F401 - torch.onnx and the quantizer both need it
    except ImportError as exc:
        raise EncoderUnavailableError(
            f'encoder = "onnx-int8" needs onnx for its one-time export: run `{INSTALL}`'
        ) from exc
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    check_pooling(model_path)
    tokenizer = AutoTokenizer.from_pretrained(str(model_path))
    transformer = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        """Transformer + mean pooling over real tokens + L2 normalisation: the sentence-transformers modules."""

        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    sample = tokenizer(["An example sentence.", "A second, longer example sentence for the export."], padding=True)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    args = tuple(torch.tensor(sample[name]) for name in names)
    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"embedding": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(
            Pooled(),
            args,
            str(out),
            input_names=names,
            output_names=["embedding"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,  # the TorchScript exporter: no onnxscript needed, dynamic batch and length
        )


def _quantize(source: Path, out: Path) -> None:
    """Shape inference and graph fusion first (onnxruntime's recommended pre-processing), then int8 weights."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepared = source.with_name("prepared.onnx")
    quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
    quantize_dynamic(str(prepared), str(out), per_channel=True, weight_type=QuantType.QInt8)
    prepared.unlink()


class OnnxEncoder:
    """Vectors and token counts like the torch Embedder, from the cached int8 model on onnxruntime."""

    def __init__(self, model_path: str, cache_root: Path, batch_size: int = 64, label: str = "") -> None:
        ort = import_onnxruntime()
        path = Path(model_path)
        if not path.is_dir():
            raise ConfigError(f'encoder = "onnx-int8" exports from local weights; {model_path} is not a folder')
        check_pooling(path)
        onnx_file = ensure_exported(path, Path(cache_root), label)
        self.max_length = max_seq_length(path)
        self._batch_tokenizer, self._count_tokenizer = _tokenizers(path, self.max_length)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        self.session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.batch_size = batch_size
        self.dim = int(self.encode(["dimension probe"]).shape[1])
        self.window = self.max_length - 2  # [CLS] and [SEP]

    def encode(self, texts: list[str]) -> np.ndarray:
        # Longest first in batches of similar length, as SentenceTransformer.encode does: little padding.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out: np.ndarray | None = None
        for start in range(0, len(texts), self.batch_size):
            chunk = order[start : start + self.batch_size]
            feed = self._batch_tokenizer([texts[i] for i in chunk])
            vectors = self.session.run(None, {name: feed[name] for name in self.inputs})[0]
            if out is None:
                out = np.zeros((len(texts), vectors.shape[1]), dtype="float32")
            out[chunk] = vectors
        return out

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self._count_tokenizer(texts)


BatchFn = Callable[[list[str]], dict[str, np.ndarray]]
CountFn = Callable[[list[str]], list[int]]


def _tokenizers(model_path: Path, max_length: int) -> tuple[BatchFn, CountFn]:
    """(padded int64 model inputs of a batch, word-piece counts without special tokens).

    From the model's tokenizer.json with the `tokenizers` library itself, which is what
    transformers' fast tokenizer runs: the same ids, without importing transformers, which
    imports torch (~2.5 s of a server's start-up, the one thing the int8 encoder can skip).
    A model folder without tokenizer.json goes through transformers' AutoTokenizer.
    """
    tokenizer_file = model_path / "tokenizer.json"
    if not tokenizer_file.is_file():
        from transformers import AutoTokenizer

        auto = AutoTokenizer.from_pretrained(str(model_path))

        def auto_batch(texts: list[str]) -> dict[str, np.ndarray]:
            batch = auto(texts, padding=True, truncation=True, max_length=max_length, return_tensors="np")
            return {name: np.asarray(values, dtype="int64") for name, values in batch.items()}

        def auto_count(texts: list[str]) -> list[int]:
            return [len(ids) for ids in auto(texts, add_special_tokens=False)["input_ids"]] if texts else []

        return auto_batch, auto_count

    from tokenizers import Tokenizer

    batcher = Tokenizer.from_file(str(tokenizer_file))
    batcher.enable_truncation(max_length)
    pad_token = _pad_token(model_path)
    batcher.enable_padding(pad_id=batcher.token_to_id(pad_token) or 0, pad_token=pad_token)
    counter = Tokenizer.from_file(str(tokenizer_file))
    counter.no_truncation()
    counter.no_padding()

    def batch(texts: list[str]) -> dict[str, np.ndarray]:
        encodings = batcher.encode_batch(texts)
        return {
            "input_ids": np.array([e.ids for e in encodings], dtype="int64"),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype="int64"),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype="int64"),
        }

    def count(texts: list[str]) -> list[int]:
        return [len(e.ids) for e in counter.encode_batch(texts, add_special_tokens=False)] if texts else []

    return batch, count


def _pad_token(model_path: Path) -> str:
    config = model_path / "tokenizer_config.json"
    if config.is_file():
        token = json.loads(config.read_text(encoding="utf-8")).get("pad_token")
        if isinstance(token, dict):  # the older AddedToken form
            token = token.get("content")
        if token:
            return str(token)
    return "[PAD]"
