"""Dense retrieval at 100 k and 1 M passages: FAISS exact, FAISS IVF, Milvus Lite, Milvus server.

    python bench/scale.py [--sizes 100000,1000000] [--stores flat,ivf,milvus-lite,milvus-server]

Vectors are real: the BBC news corpus (../shared/corpora/bbc-news, 1,111
stories) is ingested once with the bundled model (cached in --cache), and its
passage vectors are replicated to the target size. Copy 0 is the real vector;
every other copy is the real vector mixed with another random BBC passage
plus Gaussian noise, re-normalised: related-but-different articles, near the manifold of real news
embeddings. The default spread ("related") gives copies a median cosine of
0.80 to their source, still closer than a real BBC passage's nearest other
passage (median 0.71); --spread tight makes near-duplicates (0.97), a stress
case. The mean cosine of a copy to its source is printed. Queries are
the 679 BBC questions of eval/bbc_heldout.jsonl and eval/bbc_train.jsonl,
encoded with the same model.

For each store: build time (vectors in memory -> searchable index), memory
(RSS growth of this process, or of the Milvus server process), search p50/p95
at the retriever's depth (candidate_k = 20) one question at a time, the
end-to-end figure (one question encode + search) p50/p95, and recall@5 against
exact search over the same vectors. The machine's load average is printed with
every row because the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.config import IndexSettings  # noqa: E402
from assistant.index.embedding import Embedder  # noqa: E402
from assistant.index.faiss_index import FaissIndex  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news"
QUESTIONS = [ROOT / "eval" / "bbc_heldout.jsonl", ROOT / "eval" / "bbc_train.jsonl"]
DEPTH = 20  # retrieval.candidate_k: what HybridRetriever asks the dense index for
K = 5


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process and its descendants (Milvus Lite runs its server as a child)."""
    pids, total = [pid or os.getpid()], 0.0
    while pids:
        p = pids.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
        pids += [int(c) for c in children]
    return total


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bbc_vectors(cache: Path, embedder: Embedder) -> np.ndarray:
    path = cache / "bbc_vectors.npy"
    if path.exists():
        return np.load(path)
    from assistant import Assistant, Config
    from assistant.index.store import IndexStore

    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        Assistant(Config.load(env={}, index_dir=Path(tmp) / "index"), embedder=embedder).ingest([CORPUS])
        vectors = IndexStore(Path(tmp) / "index").load().vectors()
        print(f"embedded {len(vectors)} BBC passages in {time.perf_counter() - start:.0f} s", flush=True)
    np.save(path, vectors)
    return vectors


SPREADS = {
    # weight of the mixed-in passage, noise sigma: median cosine of a copy to its source
    "related": ((0.3, 0.8), 0.03),  # 0.80; a real BBC passage's nearest other passage: median 0.71
    "tight": ((0.0, 0.35), 0.01),  # 0.97: near-duplicates, a stress case for approximate search
}


def replicate(base: np.ndarray, n: int, spread: str = "related", seed: int = 12) -> np.ndarray:
    """n vectors: the real ones, then copies mixed with another real passage plus noise, re-normalised."""
    (low, high), sigma = SPREADS[spread]
    rng = np.random.default_rng(seed)
    out = np.empty((n, base.shape[1]), dtype="float32")
    first = min(n, len(base))
    out[:first] = base[:first]
    for start in range(first, n, 100_000):
        end = min(n, start + 100_000)
        src = base[np.arange(start, end) % len(base)]
        mix = base[rng.integers(0, len(base), end - start)]
        weight = rng.uniform(low, high, (end - start, 1)).astype("float32")
        chunk = src + weight * mix + rng.normal(0.0, sigma, src.shape).astype("float32")
        out[start:end] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return out


def questions() -> list[str]:
    return [json.loads(line)["question"] for p in QUESTIONS for line in p.read_text().splitlines() if line.strip()]


class FaissStore:
    def __init__(self, approximate: bool, nprobe: int) -> None:
        self.approximate, self.nprobe = approximate, nprobe

    def build(self, vectors: np.ndarray, work: Path) -> None:
        self.index = FaissIndex.build(vectors, vectors.shape[1], self.approximate, self.nprobe)

    def search(self, q: np.ndarray, k: int) -> np.ndarray:
        return self.index.search(q, k)[1]

    def server_pid(self) -> int | None:
        return None

    def close(self) -> None:
        del self.index


class MilvusStore:
    def __init__(self, uri: str, approximate: bool, nprobe: int, pid: int | None = None) -> None:
        self.uri, self.approximate, self.nprobe, self.pid = uri, approximate, nprobe, pid

    def build(self, vectors: np.ndarray, work: Path) -> None:
        from assistant.index.milvus_index import MilvusIndex

        self.index = MilvusIndex.create(
            self.uri, f"bench-{len(vectors)}", vectors.shape[1], self.approximate, self.nprobe
        )
        self.index.add(vectors)
        self.index.seal()

    def search(self, q: np.ndarray, k: int) -> np.ndarray:
        return self.index.search(q, k)[1]

    def server_pid(self) -> int | None:
        return self.pid

    def close(self) -> None:
        self.index.drop()


def start_milvus_server(work: Path) -> tuple[object | None, str]:
    """The embedded Milvus standalone of the PyPI package `milvus`, on 127.0.0.1; (None, reason) if it cannot run."""
    try:
        from milvus import MilvusServer
    except ImportError:
        return None, "the PyPI package `milvus` is not installed (pip install milvus==2.3.5)"
    server = MilvusServer()
    server.set_base_dir(str(work / "milvus-server"))
    try:
        server.start()
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot run here"
        server.stop()
        return None, f"Milvus server did not start: {exc}"
    return server, f"http://127.0.0.1:{server.listen_port}"


def measure(
    name: str,
    store,
    vectors: np.ndarray,
    queries: list[str],
    qvec: np.ndarray,
    truth: np.ndarray,
    embedder: Embedder,
    work: Path,
) -> dict:
    pid = store.server_pid()
    before = rss_mb(pid)
    start = time.perf_counter()
    store.build(vectors, work)
    build_s = time.perf_counter() - start
    memory = rss_mb(pid) - before
    for q in qvec[:20]:  # warm up
        store.search(q[None], DEPTH)
    search_ms, e2e_ms, hits = [], [], 0
    for i, text in enumerate(queries):
        start = time.perf_counter()
        ids = store.search(qvec[i][None], DEPTH)
        search_ms.append((time.perf_counter() - start) * 1000)
        hits += len(set(ids[0][:K].tolist()) & set(truth[i].tolist()))
        start = time.perf_counter()
        store.search(embedder.encode([text]), DEPTH)
        e2e_ms.append((time.perf_counter() - start) * 1000)
    row = {
        "n": len(vectors),
        "store": name,
        "build_s": build_s,
        "memory_mb": memory,
        "search_p50": pct(search_ms, 0.5),
        "search_p95": pct(search_ms, 0.95),
        "e2e_p50": pct(e2e_ms, 0.5),
        "e2e_p95": pct(e2e_ms, 0.95),
        "recall5": hits / (K * len(queries)),
        "load": load(),
    }
    store.close()
    return row


def print_row(row: dict) -> None:
    print(
        f"| {row['n']:>9,} | {row['store']:<13} | {row['build_s']:8.1f} | {row['memory_mb']:8.0f} | "
        f"{row['search_p50']:7.2f} / {row['search_p95']:7.2f} | {row['e2e_p50']:7.2f} / {row['e2e_p95']:7.2f} | "
        f"{row['recall5']:.3f} | {row['load']} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--stores", default="flat,ivf,milvus-lite,milvus-server")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "assistant-scale")
    parser.add_argument("--nprobe", type=int, default=IndexSettings().ann_nprobe)
    parser.add_argument("--spread", choices=sorted(SPREADS), default="related")
    parser.add_argument("--queries", type=int, default=0, help="use only the first N questions (0 = all)")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    embedder = Embedder()
    base = bbc_vectors(args.cache, embedder)
    texts = questions()[: args.queries or None]
    qvec = embedder.encode(texts)
    stores = args.stores.split(",")
    print(
        f"{len(base)} real BBC passage vectors, {len(texts)} questions, {os.cpu_count()} cores, "
        f"nprobe {args.nprobe}, spread {args.spread}, load {load()}"
    )
    encode_ms = []
    for text in texts[:200]:
        start = time.perf_counter()
        embedder.encode([text])
        encode_ms.append((time.perf_counter() - start) * 1000)
    print(
        f"one question encode alone: p50 {pct(encode_ms, 0.5):.1f} / p95 {pct(encode_ms, 0.95):.1f} ms, load {load()}"
    )
    work = Path(tempfile.mkdtemp(prefix="scale-", dir=args.cache))
    server, server_uri = (None, "")
    if "milvus-server" in stores:
        start = time.perf_counter()
        server, server_uri = start_milvus_server(work)
        if server is None:
            print(f"milvus-server skipped: {server_uri}")
            stores.remove("milvus-server")
        else:
            print(f"Milvus server (PyPI milvus) up at {server_uri} in {time.perf_counter() - start:.0f} s")
    print(
        "| passages  | store         | build s  | mem MB   | search p50 / p95 ms | e2e p50 / p95 ms    | "
        "rec@5 | load 1/5/15 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    rows = []
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            vectors = replicate(base, n, args.spread)
            if n > len(base):
                copies = vectors[len(base) :][:50_000]
                origin = base[np.arange(len(base), len(base) + len(copies)) % len(base)]
                print(f"(n={n:,}: mean cosine of a copy to its source {float((copies * origin).sum(1).mean()):.3f})")
            truth = FaissIndex.build(vectors, vectors.shape[1], False).search(qvec, K)[1]
            for name in stores:
                if name in ("flat", "ivf"):
                    store = FaissStore(name == "ivf", args.nprobe)
                elif name == "milvus-lite":
                    store = MilvusStore(str(work / f"lite-{n}.db"), True, args.nprobe)
                else:
                    store = MilvusStore(server_uri, True, args.nprobe, server.server_proc.pid)
                row = measure(name, store, vectors, texts, qvec, truth, embedder, work)
                rows.append(row)
                print_row(row)
            del vectors
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    subprocess.run(["uptime"], check=False)


if __name__ == "__main__":
    main()
