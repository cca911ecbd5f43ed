"""Ingest throughput against two references measured in the same process.

    python bench/ingest.py [--articles 300] [--repeat 2]

Prints passages/s of our full ingest (read, clean, split, embed, FAISS, BM25,
atomic write) next to:
  - raw `SentenceTransformer.encode` over exactly the same passage texts
    (ratio = the pipeline's overhead; 1.0 would be free), and
  - llama-index's stock `VectorStoreIndex.from_documents` over the same files
    (SimpleDirectoryReader, default SentenceSplitter, embed_batch_size 10, the
    same model behind a BaseEmbedding adapter like HuggingFaceEmbedding's).
Runs alternate and the best of --repeat is kept, because the machine is shared.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.index.embedding import Embedder  # noqa: E402
from assistant.index.store import IndexStore  # noqa: E402
from assistant.ingest.pipeline import run_ingest  # noqa: E402
from bench.corpus import write_corpus  # noqa: E402


def ours(folder: Path, embedder: Embedder, work: Path) -> tuple[float, list[str]]:
    store = IndexStore(work / f"index-{time.monotonic_ns()}")
    start = time.perf_counter()
    report, snapshot = run_ingest([folder], store, embedder, 200, 25.0, show_progress=False)
    elapsed = time.perf_counter() - start
    return elapsed, [p.text for p in snapshot.passages]


def raw_encode(texts: list[str], embedder: Embedder) -> float:
    start = time.perf_counter()
    embedder.model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True)
    return time.perf_counter() - start


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    embedder = Embedder()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = write_corpus(work / "corpus", args.articles)
        embedder.encode(["warm up"])
        best_ours, best_raw, best_stock = float("inf"), float("inf"), float("inf")
        texts: list[str] = []
        stock_nodes = 0
        for _ in range(args.repeat):
            elapsed, texts = ours(folder, embedder, work)
            best_ours = min(best_ours, elapsed)
            best_raw = min(best_raw, raw_encode(texts, embedder))
            elapsed, stock_nodes = stock_llama_index(folder, embedder)
            best_stock = min(best_stock, elapsed)
    n = len(texts)
    print(
        f"corpus: {args.articles} articles, {n} passages (ours, <= 200 word pieces), "
        f"{stock_nodes} nodes (stock, 1024-token chunks)"
    )
    print(
        f"ours, full ingest:        {best_ours:7.2f} s  {n / best_ours:8.1f} passages/s  "
        f"{args.articles / best_ours:7.1f} articles/s"
    )
    print(f"raw encode, same texts:   {best_raw:7.2f} s  {n / best_raw:8.1f} passages/s")
    print(
        f"stock llama-index:        {best_stock:7.2f} s  {stock_nodes / best_stock:8.1f} nodes/s     "
        f"{args.articles / best_stock:7.1f} articles/s"
    )
    print(f"ratio ours / raw encode (passages/s):  {best_raw / best_ours:.3f}")
    print(f"ratio ours / stock (articles/s):       {best_stock / best_ours:.3f}")


if __name__ == "__main__":
    main()
