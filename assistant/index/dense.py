"""The dense-vector store interface: FAISS exact or IVF (faiss_index.py), Milvus (milvus_index.py).

assistant/index/factory.py picks one from the settings when writing and from meta.json when loading.

Row ids are the passage ids of the generation: row i holds passage i's vector.
Vectors are L2-normalised, so inner product is cosine similarity.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np


class DenseIndex(Protocol):
    dim: int

    def __len__(self) -> int: ...

    def add(self, vectors: np.ndarray) -> None:
        """Append rows; the first new row gets id len(self)."""

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids) of shape (len(queries), k), best first; id -1 pads when fewer than k rows exist."""

    def vectors(self, ids: list[int] | None = None) -> np.ndarray:
        """Stored vectors of the given rows (all rows when None), for carrying them into a new generation."""

    def describe(self) -> dict:
        """What meta.json records under "dense" (its "type" says how to open it again)."""

    def save(self, folder: Path) -> None:
        """Write what lives in the generation's folder (nothing for a store outside it, like Milvus)."""
