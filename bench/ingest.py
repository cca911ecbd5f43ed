"""Ingest throughput and memory against raw `encode` of the same texts, measured in the same process.

    python bench/ingest.py [--articles 300]                     # synthetic articles from data/ (quick)
    python bench/ingest.py --corpus ../shared/corpora/bbc-news  # a folder as it is (the 1,111 BBC stories)
    python bench/ingest.py --synthetic 20000                    # stories recombined from the BBC ones, in /tmp
        [--workers 1] [--batch-files 64] [--repeat 1] [--stock] [--limit N]

Prints, for our full ingest (read, clean, split, tag entities and speakers, embed
passages and sentences, checkpoint, FAISS, BM25, atomic write):
  - passages/s, and the ratio against raw `SentenceTransformer.encode` (through
    `Embedder.encode`, one call, length-sorted) of exactly the texts the ingest embeds:
    every passage and every sentence. Ratio >= 1.0 means everything but the encoding is
    hidden behind it (worker processes prepare the next batch while the model encodes).
    The ratio against encoding the passages alone is printed too: the sentences (for the
    answer scorer) are about as much encoding again, so that one sits near 0.5;
  - peak RSS of the ingest: the main process (VmHWM, read before the raw encode runs)
    and the largest worker process, and the main process's RSS before the ingest
    (model and libraries loaded), so what the ingest itself adds is the difference;
  - with --stock, llama-index's stock `VectorStoreIndex.from_documents` over the same
    files (SimpleDirectoryReader, default SentenceSplitter, embed_batch_size 10).
The machine's load average is printed with the figures: on a shared machine the ratio
(both sides measured in the same conditions) is the figure to read, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from assistant.index.embedding import Embedder  # noqa: E402
from assistant.index.store import IndexStore  # noqa: E402
from assistant.ingest.pipeline import IngestReport, run_ingest  # noqa: E402
from bench.corpus import write_corpus, write_recombined  # noqa: E402

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc-news"


def ours(
    folder: Path, embedder: Embedder, work: Path, workers: int, batch_files: int
) -> tuple[float, IngestReport, list[str], list[str]]:
    """One full ingest into a fresh index: (seconds, report, passage texts, sentence texts)."""
    store = IndexStore(work / f"index-{time.monotonic_ns()}")
    start = time.perf_counter()
    report, snapshot = run_ingest(
        [folder], store, embedder, 200, 25.0, show_progress=False, workers=workers, batch_files=batch_files
    )
    elapsed = time.perf_counter() - start
    texts = [p.text for p in snapshot.passages]
    by_passage = {p.passage_id: p for p in snapshot.passages}
    sentence_texts = []
    for s in snapshot.sentences:
        p = by_passage[s.passage_id]
        sentence_texts.append(p.text[s.start - p.start : s.end - p.start])
    return elapsed, report, texts, sentence_texts


def raw_encode(texts: list[str], embedder: Embedder, packed: bool = False) -> float:
    start = time.perf_counter()
    (embedder.encode_packed if packed else embedder.encode)(texts)
    return time.perf_counter() - start


class StandInEncoder:
    """The real embedder's tokenizer and shape, with random unit vectors for `encode` (memory runs only).

    For measuring what the ingest holds in memory at a scale this machine cannot embed in a
    session: everything else (reading, cleaning, splitting, entities, speakers, checkpoints,
    FAISS, BM25, the write) is real. Never used for a throughput figure.
    """

    def __init__(self, embedder: Embedder) -> None:
        self._real = embedder
        self.name, self.encoder, self.dim, self.window = embedder.name, embedder.encoder, embedder.dim, embedder.window
        self.count_tokens = embedder.count_tokens
        self._rng = np.random.default_rng(0)

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._rng.standard_normal((len(texts), self.dim)).astype("float32")
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def encode_packed(
        self, texts: list[str], max_tokens: int = 0, busy_cores: Callable[[], int] | None = None
    ) -> np.ndarray:
        return self.encode(texts)


def stock_llama_index(folder: Path, embedder: Embedder) -> tuple[float, int]:
    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex
    from llama_index.core.embeddings import BaseEmbedding

    model = embedder.model

    class STEmbedding(BaseEmbedding):
        """What llama-index's HuggingFaceEmbedding does: encode each batch with the model."""

        def _get_text_embeddings(self, texts):
            return model.encode(texts, batch_size=self.embed_batch_size, normalize_embeddings=True).tolist()

        def _get_text_embedding(self, text):
            return self._get_text_embeddings([text])[0]

        def _get_query_embedding(self, query):
            return self._get_text_embedding(query)

        async def _aget_query_embedding(self, query):
            return self._get_query_embedding(query)

    start = time.perf_counter()
    documents = SimpleDirectoryReader(str(folder)).load_data()
    index = VectorStoreIndex.from_documents(documents, embed_model=STEmbedding())  # embed_batch_size=10 default
    elapsed = time.perf_counter() - start
    return elapsed, len(index.docstore.docs)


def rss_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def corpus(args: argparse.Namespace, work: Path) -> tuple[Path, str]:
    if args.corpus:
        folder = Path(args.corpus)
        if args.limit:  # the first N files, copied into a folder of their own
            sub = work / "corpus"
            sub.mkdir()
            for path in sorted(folder.iterdir())[: args.limit]:
                shutil.copy(path, sub / path.name)
            return sub, f"{args.limit} files of {folder}"
        return folder, str(folder)
    if args.synthetic:
        folder = write_recombined(Path(args.source), work / "synthetic", args.synthetic)
        return folder, f"{args.synthetic} synthetic articles recombined from {args.source}"
    return write_corpus(work / "corpus", args.articles), f"{args.articles} synthetic articles from data/"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300, help="synthetic articles from data/ (the default corpus)")
    parser.add_argument("--corpus", help="ingest this folder instead")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files of --corpus")
    parser.add_argument("--synthetic", type=int, default=0, help="N stories recombined from --source")
    parser.add_argument("--source", default=str(BBC))
    parser.add_argument("--workers", type=int, default=1, help="ingest_workers")
    parser.add_argument("--batch-files", type=int, default=64, help="ingest_batch_files")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--stock", action="store_true", help="also time stock llama-index on the same files")
    parser.add_argument("--work", default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument(
        "--references",
        default="raw",
        help="comma-separated, measured after the ingest in this process: raw (Embedder.encode = "
        "SentenceTransformer.encode of the same texts), packed (encode_packed, the ingest's own batching, "
        "alone), passages (raw encode of the passages alone)",
    )
    parser.add_argument(
        "--stand-in-encoder", action="store_true", help="memory only: random vectors instead of the model"
    )
    args = parser.parse_args()
    references = set() if args.stand_in_encoder else set(args.references.split(","))
    load_before = os.getloadavg()
    embedder = Embedder()
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        folder, described = corpus(args, work)
        embedder.encode(["warm up"])
        rss_before = rss_mb("VmRSS")
        encoder = StandInEncoder(embedder) if args.stand_in_encoder else embedder
        best_ours = best_raw = best_packed = best_passages = best_stock = float("inf")
        report, peak_main, stock_nodes = None, 0.0, 0
        texts: list[str] = []
        sentence_texts: list[str] = []
        for _ in range(args.repeat):
            elapsed, report, texts, sentence_texts = ours(folder, encoder, work, args.workers, args.batch_files)
            peak_main = max(peak_main, rss_mb("VmHWM"))  # before the raw encode holds all vectors at once
            best_ours = min(best_ours, elapsed)
            if "raw" in references:
                best_raw = min(best_raw, raw_encode(texts + sentence_texts, embedder))
            if "packed" in references:
                best_packed = min(best_packed, raw_encode(texts + sentence_texts, embedder, packed=True))
            if "passages" in references:
                best_passages = min(best_passages, raw_encode(texts, embedder))
            if args.stock:
                elapsed, stock_nodes = stock_llama_index(folder, embedder)
                best_stock = min(best_stock, elapsed)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_worker = children.ru_maxrss / 1024
    load_after = os.getloadavg()
    n, m = len(texts), len(sentence_texts)
    print(f"corpus: {described}: {report.articles} articles, {n} passages, {m} sentences embedded")
    print(f"settings: ingest_workers={args.workers}, ingest_batch_files={args.batch_files}, best of {args.repeat}")
    if args.stand_in_encoder:
        print("encoder: STAND-IN (random vectors): memory figures only, no throughput")
    print(f"ours, full ingest:                    {best_ours:8.1f} s  {n / best_ours:8.1f} passages/s")
    if "raw" in references:
        print(f"raw encode, same passages+sentences:  {best_raw:8.1f} s  {n / best_raw:8.1f} passages/s")
        print(f"ratio ours / raw encode of the same texts (passages + sentences): {best_raw / best_ours:.3f}")
    if "packed" in references:
        print(f"encode_packed alone, same texts:      {best_packed:8.1f} s  {n / best_packed:8.1f} passages/s")
        print(f"ratio ours / encode_packed alone (what the pipeline costs beyond it): {best_packed / best_ours:.3f}")
        if "raw" in references:
            print(f"ratio encode_packed / raw encode, same texts: {best_raw / best_packed:.3f}")
    if "passages" in references:
        print(f"raw encode, the passages alone:       {best_passages:8.1f} s  {n / best_passages:8.1f} passages/s")
        print(f"ratio ours / raw encode of the passages alone: {best_passages / best_ours:.3f}")
    print(
        f"peak RSS: main process {peak_main:.0f} MB (before the ingest {rss_before:.0f} MB: model, libraries), "
        f"largest worker {peak_worker:.0f} MB"
    )
    # What the workers cost the encoder's cores: their CPU time beside the encoding.
    print(f"worker processes' CPU time: {children.ru_utime + children.ru_stime:.1f} s (user + system)")
    print("where the ingest's time went (s): " + ", ".join(f"{k} {v:.1f}" for k, v in report.timings.items()))
    if args.stock:
        print(
            f"stock llama-index: {best_stock:8.1f} s, {stock_nodes} nodes (1024-token chunks); "
            f"ratio ours / stock (articles/s): {best_stock / best_ours:.3f}"
        )
    print(f"load average (1 min) at start {load_before[0]:.1f}, at end {load_after[0]:.1f}, on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
