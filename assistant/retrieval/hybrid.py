"""Hybrid retrieval: dense (FAISS) and BM25, fused by reciprocal rank.

BM25 is llama-index's BM25Retriever (bm25s), built at ingest and loaded from
disk. Fusion is a dozen lines of our own instead of llama-index's
QueryFusionRetriever: that class resolves an LLM from the global Settings even
when it generates no extra queries, which fails on an offline machine with no
LLM configured, and it would re-run both retrievers through async plumbing we
do not need.

With filters (a date range, an outlet, a section) both searches look only at the
admitted articles' passages: each over-fetches and drops the others, deeper until
it has enough, so a filter never returns passages from other articles and never
starves the fusion of candidates. A filter that admits few passages is scored
exactly over just those vectors instead, which is cheaper than searching deep.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from assistant.index.bm25 import search_bm25
from assistant.index.embedding import Embedder
from assistant.index.store import IndexSnapshot
from assistant.models import Filters, Hit
from assistant.retrieval.filters import allowed_passages

# Up to this many admitted passages the dense side scores them all exactly (one small matrix product).
EXACT_LIMIT = 4096
_GROWTH = 4  # how much deeper each further over-fetch searches
_CACHED_FILTERS = 64  # admitted passage sets kept per loaded index (filters repeat across a chat)


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
        self._allowed: OrderedDict[Filters, frozenset[int]] = OrderedDict()
        self._allowed_lock = threading.Lock()  # requests are served from several threads

    def retrieve(
        self, query: str, top_k: int, query_vector: np.ndarray | None = None, filters: Filters | None = None
    ) -> list[Hit]:
        n = len(self.snapshot.passages)
        if n == 0 or not query.strip():
            return []
        allowed = self.allowed(filters) if filters else None
        if allowed is not None and not allowed:
            return []  # no article matches the filters: nothing to search
        depth = min(max(self.candidate_k, top_k), n if allowed is None else len(allowed))
        if query_vector is None:
            query_vector = self.embedder.encode([query])[0]
        cosine = self._dense(query_vector, depth, allowed)
        dense_ids = list(cosine)
        bm25_ids = self._bm25(query, depth, allowed)
        fused = reciprocal_rank_fusion([dense_ids, bm25_ids], self.rrf_k)
        dense_rank = {pid: r for r, pid in enumerate(dense_ids, 1)}
        bm25_rank = {pid: r for r, pid in enumerate(bm25_ids, 1)}
        best = self._distinct(sorted(fused, key=lambda pid: (-fused[pid], -cosine.get(pid, 0.0))), top_k)
        return [Hit(pid, fused[pid], cosine.get(pid, 0.0), dense_rank.get(pid), bm25_rank.get(pid)) for pid in best]

    def _distinct(self, ranked: list[int], top_k: int) -> list[int]:
        """The first `top_k` passages, skipping one whose text repeats a better one's (a copy of a story)."""
        seen: set[str] = set()
        out: list[int] = []
        for pid in ranked:
            key = " ".join(self.snapshot.passages[pid].text.lower().split())
            if key not in seen:
                seen.add(key)
                out.append(pid)
                if len(out) == top_k:
                    break
        return out

    def allowed(self, filters: Filters) -> frozenset[int]:
        """The passages the filters admit, remembered for this index generation."""
        with self._allowed_lock:
            found = self._allowed.get(filters)
        if found is None:
            found = allowed_passages(self.snapshot, filters)
            with self._allowed_lock:
                self._allowed[filters] = found
                if len(self._allowed) > _CACHED_FILTERS:
                    self._allowed.popitem(last=False)
        return found

    def _dense(self, vector: np.ndarray, depth: int, allowed: frozenset[int] | None) -> dict[int, float]:
        """Passage id -> cosine of the `depth` nearest passages (admitted ones only), best first."""
        dense = self.snapshot.dense
        if allowed is not None and len(allowed) <= EXACT_LIMIT:
            ids = sorted(allowed)
            scores = dense.vectors(ids) @ vector.astype("float32")
            best = np.argsort(-scores, kind="stable")[:depth]
            return {ids[i]: float(scores[i]) for i in best}
        n = len(self.snapshot.passages)
        k = depth if allowed is None else min(n, depth * -(-n // len(allowed)))  # the admitted share, on average
        while True:
            scores, ids = dense.search(vector.reshape(1, -1), k)
            found = {int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0}
            if allowed is None:
                return found  # unfiltered: one search, as deep as asked
            found = {pid: s for pid, s in found.items() if pid in allowed}
            if len(found) >= depth or k >= n:
                return dict(list(found.items())[:depth])
            k = min(n, k * _GROWTH)

    def _bm25(self, query: str, depth: int, allowed: frozenset[int] | None = None) -> list[int]:
        bm25 = self.snapshot.bm25
        if bm25 is None:
            return []
        if allowed is None:
            return search_bm25(bm25, query, depth)
        n = len(self.snapshot.passages)
        k = min(n, depth * -(-n // len(allowed)))
        while True:
            ranked = search_bm25(bm25, query, k)
            kept = [pid for pid in ranked if pid in allowed]
            # Fewer than k back: every passage with a positive score was seen already.
            if len(kept) >= depth or len(ranked) < k or k >= n:
                return kept[:depth]
            k = min(n, k * _GROWTH)
