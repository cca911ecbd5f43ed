"""Hybrid retrieval: dense (FAISS) and BM25, fused by reciprocal rank.

BM25 is llama-index's BM25Retriever (bm25s), built at ingest and loaded from
disk. Fusion is a dozen lines of our own instead of llama-index's
QueryFusionRetriever: that class resolves an LLM from the global Settings even
when it generates no extra queries, which fails on an offline machine with no
LLM configured, and it would re-run both retrievers through async plumbing we
do not need.
"""

from __future__ import annotations

import numpy as np

from assistant.index.bm25 import search_bm25
from assistant.index.embedding import Embedder
from assistant.index.store import IndexSnapshot
from assistant.models import Hit


def reciprocal_rank_fusion(rankings: list[list[int]], k: int) -> dict[int, float]:
    """Cormack et al. (2009): sum of 1 / (k + rank) over the lists an item appears in."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


class HybridRetriever:
    def __init__(self, snapshot: IndexSnapshot, embedder: Embedder, candidate_k: int, rrf_k: int) -> None:
        self.snapshot = snapshot
        self.embedder = embedder
        self.candidate_k = candidate_k
        self.rrf_k = rrf_k

    def retrieve(self, query: str, top_k: int, query_vector: np.ndarray | None = None) -> list[Hit]:
        n = len(self.snapshot.passages)
        if n == 0 or not query.strip():
            return []
        depth = min(max(self.candidate_k, top_k), n)
        if query_vector is None:
            query_vector = self.embedder.encode([query])[0]
        scores, ids = self.snapshot.dense.search(query_vector.reshape(1, -1), depth)
        dense_ids = [int(i) for i in ids[0] if i >= 0]
        cosine = {int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0}
        bm25_ids = self._bm25(query, depth)
        fused = reciprocal_rank_fusion([dense_ids, bm25_ids], self.rrf_k)
        dense_rank = {pid: r for r, pid in enumerate(dense_ids, 1)}
        bm25_rank = {pid: r for r, pid in enumerate(bm25_ids, 1)}
        best = sorted(fused, key=lambda pid: (-fused[pid], -cosine.get(pid, 0.0)))[:top_k]
        return [Hit(pid, fused[pid], cosine.get(pid, 0.0), dense_rank.get(pid), bm25_rank.get(pid)) for pid in best]

    def _bm25(self, query: str, depth: int) -> list[int]:
        bm25 = self.snapshot.bm25
        return [] if bm25 is None else search_bm25(bm25, query, depth)
