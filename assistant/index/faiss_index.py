"""Dense search with FAISS: exact (`IndexFlatIP`) by default, HNSW from `ann_threshold` passages on.

Why HNSW rather than IVF: it needs no training pass, so it is built by plain
`add` (incrementally, as the index type allows) and keeps every vector
exactly (its storage is a flat array), which the next ingest carries into the
new generation unchanged. bench/scale.py measures recall@5 against exact
search on real news embeddings (>= 0.95 at the default `ann_ef_search`).
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

FILE = "dense.faiss"
FLAT = "faiss-flat"
HNSW = "faiss-hnsw"
HNSW_M = 32  # graph degree: 32 keeps recall@5 >= 0.95 at a small efSearch on 384-d sentence vectors
HNSW_EF_CONSTRUCTION = 80
DEFAULT_EF_SEARCH = 128


class FaissIndex:
    def __init__(self, index: faiss.Index, ef_search: int = DEFAULT_EF_SEARCH) -> None:
        self.index = index
        self.dim = index.d
        self.kind = HNSW if isinstance(index, faiss.IndexHNSW) else FLAT
        if self.kind == HNSW:
            self.index.hnsw.efSearch = ef_search

    @classmethod
    def empty(cls, dim: int) -> FaissIndex:
        return cls(faiss.IndexFlatIP(dim))

    @classmethod
    def empty_hnsw(cls, dim: int, ef_search: int = DEFAULT_EF_SEARCH) -> FaissIndex:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        return cls(index, ef_search)

    @classmethod
    def build(cls, vectors: np.ndarray, dim: int, approximate: bool, ef_search: int = DEFAULT_EF_SEARCH) -> FaissIndex:
        index = cls.empty_hnsw(dim, ef_search) if approximate else cls.empty(dim)
        index.add(vectors)
        return index

    @classmethod
    def load(cls, folder: Path, ef_search: int = DEFAULT_EF_SEARCH) -> FaissIndex:
        return cls(faiss.read_index(str(folder / FILE)), ef_search)

    def __len__(self) -> int:
        return self.index.ntotal

    def add(self, vectors: np.ndarray) -> None:
        if len(vectors):
            self.index.add(np.ascontiguousarray(vectors, dtype="float32"))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return self.index.search(np.ascontiguousarray(queries, dtype="float32"), k)

    def vectors(self, ids: list[int] | None = None) -> np.ndarray:
        if self.index.ntotal == 0:
            return np.zeros((0, self.dim), dtype="float32")
        if ids is None:
            return self.index.reconstruct_n(0, self.index.ntotal)
        return self.index.reconstruct_batch(np.asarray(ids, dtype="int64")).reshape(-1, self.dim)

    def describe(self) -> dict:
        """What meta.json records about this index, so loading needs no setting."""
        if self.kind == HNSW:
            return {"type": HNSW, "file": FILE, "m": HNSW_M, "ef_construction": HNSW_EF_CONSTRUCTION}
        return {"type": FLAT, "file": FILE}

    def save(self, folder: Path) -> None:
        faiss.write_index(self.index, str(folder / FILE))
