"""Dense vectors in Milvus (a Milvus Lite file or a Milvus server), one collection per index generation.

We use `pymilvus` directly rather than llama-index's `MilvusVectorStore`: the
`DenseIndex` contract is "row i is passage i of this generation", and the store
needs int64 primary keys equal to those passage ids, bulk inserts of vectors we
already computed, reads of vectors by id (to carry unchanged articles into the
next generation without re-embedding), and collections it creates and drops
itself. MilvusVectorStore keys rows by node UUID strings, stores a second copy
of every passage's text and metadata, and wants TextNodes, which would add an
id mapping and a copy of the corpus and give nothing back.

Generations: every ingest writes a new collection `assistant_gen_<id>` (fully
inserted, flushed, indexed and loaded before anything points at it), records
its name in that generation's meta.json, and then the index folder's CURRENT
file is switched atomically, exactly as for FAISS: passages, BM25 and vectors of
one generation are always read together. The alias `<collection prefix>live`
follows the switch for operators; readers never depend on it. Old generations'
collections are dropped with their folders.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from assistant.errors import IndexUnusableError
from assistant.index.faiss_index import n_lists

MILVUS = "milvus"
COLLECTION_PREFIX = "assistant_"
LIVE_ALIAS = COLLECTION_PREFIX + "live"
LITE_DEFAULT = "milvus.db"  # the Milvus Lite file in the index folder when milvus_uri is empty
_INSERT_BATCH = 5_000
_READ_BATCH = 10_000  # Milvus caps one query at 16,384 rows

_clients: dict[str, object] = {}
_clients_lock = threading.Lock()


def collection_name(generation: str) -> str:
    return COLLECTION_PREFIX + generation.replace("-", "_")


def resolve_uri(uri: str, root: Path) -> str:
    """A server URL as is; a Lite file as an absolute path (relative ones are relative to the index folder)."""
    if not uri:
        return str((Path(root) / LITE_DEFAULT).resolve())
    if "://" in uri:
        return uri
    path = Path(uri)
    return str((path if path.is_absolute() else Path(root) / path).resolve())


def client(uri: str):
    """One client per URI and process (Milvus Lite starts one local server per file)."""
    with _clients_lock:
        if uri not in _clients:
            try:
                from pymilvus import MilvusClient
            except ImportError as exc:
                raise IndexUnusableError(
                    'store = "milvus" needs pymilvus (and milvus-lite for a local file): '
                    "pip install 'news-assistant[milvus]'"
                ) from exc
            if "://" not in uri:
                Path(uri).parent.mkdir(parents=True, exist_ok=True)
            try:
                _clients[uri] = MilvusClient(uri)
            except Exception as exc:  # pymilvus raises MilvusException or grpc errors; say where
                lite = " (a Milvus Lite file opens in one process at a time: serve and ingest as separate "
                lite += "processes need a Milvus server)"
                hint = "" if "://" in uri else lite
                raise IndexUnusableError(f"cannot open Milvus at {uri}: {exc}{hint}") from exc
        return _clients[uri]


class MilvusIndex:
    def __init__(self, uri: str, collection: str, dim: int, count: int, index_type: str, nprobe: int) -> None:
        self.uri = uri
        self.collection = collection
        self.dim = dim
        self.index_type = index_type
        self.nprobe = nprobe
        self._count = count
        self._client = client(uri)

    @classmethod
    def create(cls, uri: str, generation: str, dim: int, approximate: bool, nprobe: int) -> MilvusIndex:
        from pymilvus import DataType

        c = client(uri)
        name = collection_name(generation)
        if c.has_collection(name):  # left by a crashed ingest that picked the same id: start clean
            c.drop_collection(name)
        schema = c.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        # Bounded: a generation's collection never changes after it is sealed, so searches need not
        # wait for the server's time tick (Strong adds up to its 200 ms interval to every query).
        c.create_collection(name, schema=schema, consistency_level="Bounded")
        return cls(uri, name, dim, 0, "IVF_FLAT" if approximate else "FLAT", nprobe)

    @classmethod
    def open(cls, uri: str, info: dict, count: int, dim: int, nprobe: int) -> MilvusIndex:
        c = client(uri)
        name = info["collection"]
        if not c.has_collection(name):
            raise IndexUnusableError(
                f"Milvus at {uri} has no collection {name} for this index generation; run `assistant ingest --rebuild`"
            )
        c.load_collection(name)
        return cls(uri, name, dim, count, info.get("index", "FLAT"), nprobe)

    def __len__(self) -> int:
        return self._count

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype="float32")
        for start in range(0, len(vectors), _INSERT_BATCH):
            chunk = vectors[start : start + _INSERT_BATCH]
            rows = [{"id": self._count + i, "vector": v} for i, v in enumerate(chunk)]
            self._client.insert(self.collection, rows)
            self._count += len(chunk)

    def seal(self) -> None:
        """Flush, index and load: after this the collection is complete and searchable."""
        self._client.flush(self.collection)
        params = self._client.prepare_index_params()
        extra = {"nlist": n_lists(self._count)} if self.index_type == "IVF_FLAT" else {}
        params.add_index("vector", index_type=self.index_type, metric_type="IP", params=extra)
        self._client.create_index(self.collection, params)
        self._client.load_collection(self.collection)

    def make_live(self) -> None:
        """Point the operators' alias at this collection (readers go by the CURRENT file)."""
        try:
            self._client.alter_alias(self.collection, LIVE_ALIAS)
        except Exception:  # first generation on this server: no alias yet
            self._client.create_alias(self.collection, LIVE_ALIAS)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.ascontiguousarray(queries, dtype="float32")
        scores = np.full((len(queries), k), -np.inf, dtype="float32")
        ids = np.full((len(queries), k), -1, dtype="int64")
        if self._count == 0 or not len(queries):
            return scores, ids
        params = {"metric_type": "IP", "params": {"nprobe": self.nprobe} if self.index_type == "IVF_FLAT" else {}}
        results = self._client.search(
            self.collection, data=list(queries), limit=k, search_params=params, output_fields=["id"]
        )
        for row, hits in enumerate(results):
            for col, hit in enumerate(hits[:k]):
                ids[row, col] = hit["id"]
                scores[row, col] = hit["distance"]
        return scores, ids

    def vectors(self, ids: list[int] | None = None) -> np.ndarray:
        out = np.zeros((self._count if ids is None else len(ids), self.dim), dtype="float32")
        if ids is None:
            for start in range(0, self._count, _READ_BATCH):
                end = min(start + _READ_BATCH, self._count)
                rows = self._client.query(
                    self.collection,
                    filter=f"id >= {start} and id < {end}",
                    output_fields=["id", "vector"],
                    limit=end - start,
                )
                for r in rows:
                    out[r["id"]] = r["vector"]
            return out
        position = {int(pid): i for i, pid in enumerate(ids)}
        wanted = list(position)
        for start in range(0, len(wanted), _READ_BATCH):
            for r in self._client.get(
                self.collection, ids=wanted[start : start + _READ_BATCH], output_fields=["id", "vector"]
            ):
                out[position[r["id"]]] = r["vector"]
        return out

    def describe(self) -> dict:
        info = {"type": MILVUS, "collection": self.collection, "index": self.index_type}
        if self.index_type == "IVF_FLAT":
            info["lists"] = n_lists(self._count)
        return info

    def save(self, folder: Path) -> None:
        """Nothing to write: the vectors live in Milvus, and meta.json names the collection."""

    def drop(self) -> None:
        drop_collection(self.uri, self.collection)


def drop_collection(uri: str, name: str) -> None:
    c = client(uri)
    if c.has_collection(name):
        c.drop_collection(name)
