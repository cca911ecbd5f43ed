"""Which `DenseIndex` a generation gets, and how a saved one is opened again.

Writing follows the settings: `store` (faiss | milvus) and `ann_threshold` (exact
search below that many passages, IVF from there on). Reading follows what the
generation's meta.json recorded under "dense", so an index opens with the type
it was built with whatever the settings say now; only `milvus_uri`, when set,
overrides the recorded address (replicas may reach one server by another name).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.config import IndexSettings
from assistant.errors import IndexUnusableError
from assistant.index.dense import DenseIndex
from assistant.index.faiss_index import FLAT, IVF, FaissIndex, n_lists

MILVUS = "milvus"  # = milvus_index.MILVUS; repeated so FAISS-only installs never import pymilvus


def approximate(count: int, settings: IndexSettings) -> bool:
    return count >= settings.ann_threshold


def build_dense(vectors: np.ndarray, dim: int, generation: str, root: Path, settings: IndexSettings) -> DenseIndex:
    """A complete, searchable dense index of `vectors` for a new generation."""
    if settings.store == MILVUS:
        from assistant.index.milvus_index import MilvusIndex, resolve_uri

        dense = MilvusIndex.create(
            resolve_uri(settings.milvus_uri, root),
            generation,
            dim,
            approximate(len(vectors), settings),
            settings.ann_nprobe,
        )
        dense.add(vectors)
        dense.seal()
        return dense
    if approximate(len(vectors), settings):
        grown = _grow_previous_ivf(vectors, root, settings)
        if grown is not None:
            return grown
    return FaissIndex.build(vectors, dim, approximate(len(vectors), settings), settings.ann_nprobe)


def _grow_previous_ivf(vectors: np.ndarray, root: Path, settings: IndexSettings) -> FaissIndex | None:
    """The live generation's IVF plus the new rows, when its vectors are exactly the first rows of `vectors`.

    An ingest that only adds articles (the daily case) then costs the new rows' assignment to lists
    instead of a new k-means and a full build (150 s at 1 M passages here). Any removed or changed
    article shifts the rows, and the index is built anew; so is one that has grown four-fold since its
    lists were trained (about 4·√n lists stay right for n up to there).
    """
    try:
        current = (root / "CURRENT").read_text(encoding="utf-8").strip()
        meta = json.loads((root / current / "meta.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    info = meta.get("dense") or {}
    if info.get("type") != IVF or not 0 < meta.get("passages", 0) <= len(vectors):
        return None
    if n_lists(len(vectors)) > 2 * info.get("lists", 0):
        return None
    previous = FaissIndex.load(root / current, settings.ann_nprobe)
    n = len(previous)
    for start in range(0, n, 100_000):  # compare in slices: no second copy of a million vectors
        end = min(n, start + 100_000)
        if not np.array_equal(previous.index.reconstruct_n(start, end - start), vectors[start:end]):
            return None
    previous.add(vectors[n:])
    return previous


def describe(dense: DenseIndex, settings: IndexSettings) -> dict:
    """The "dense" entry of meta.json."""
    info = dense.describe()
    if info["type"] == MILVUS:
        info["uri"] = settings.milvus_uri  # as configured: "" = milvus.db in the index folder
    return info


def after_switch(dense: DenseIndex) -> None:
    """Called once CURRENT names the new generation."""
    if getattr(dense, "make_live", None):
        dense.make_live()


def load_dense(meta: dict, folder: Path, root: Path, settings: IndexSettings) -> DenseIndex:
    info = meta.get("dense") or {"type": FLAT}  # indexes written before "dense" existed are flat FAISS
    kind = info.get("type")
    if kind in (FLAT, IVF):
        return FaissIndex.load(folder, settings.ann_nprobe)
    if kind == MILVUS:
        from assistant.index.milvus_index import MilvusIndex, resolve_uri

        uri = resolve_uri(_milvus_uri(info, settings), root)
        return MilvusIndex.open(uri, info, int(meta["passages"]), int(meta["dim"]), settings.ann_nprobe)
    raise IndexUnusableError(
        f"index at {root} has a dense index of unknown type {kind!r}; run `assistant ingest --rebuild`"
    )


def discard_dense(folder: Path, root: Path, settings: IndexSettings) -> None:
    """Free what a generation keeps outside its folder (its Milvus collection), before the folder goes."""
    try:
        info = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("dense") or {}
    except (FileNotFoundError, json.JSONDecodeError):
        # a generation that crashed before its meta.json: it may have a collection under the current settings
        info = {"type": MILVUS, "uri": settings.milvus_uri} if settings.store == MILVUS else {}
    if info.get("type") != MILVUS:
        return
    from assistant.index.milvus_index import collection_name, drop_collection, resolve_uri

    drop_collection(
        resolve_uri(_milvus_uri(info, settings), root), info.get("collection") or collection_name(folder.name)
    )


def _milvus_uri(info: dict, settings: IndexSettings) -> str:
    return settings.milvus_uri if settings.store == MILVUS and settings.milvus_uri else info.get("uri", "")
