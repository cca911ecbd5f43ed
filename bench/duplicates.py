"""What the near-duplicate check costs at ingest, and how many copies a corpus holds.

    python bench/duplicates.py [--corpus ../shared/corpora/bbc-news] [--repeat 2]

Runs the full ingest (read, clean, split, embed, FAISS, BM25, atomic write) over the
corpus twice in one process: with the check (MinHash LSH, ingest/duplicates.py) and
with it replaced by a pass that folds nothing. Runs alternate and the best of
--repeat is kept, because the machine is shared. Also prints the check alone (the
signatures and LSH over every article), and the copies found with their similarity.
The run without the check embeds the copies too, so its passage count is higher.
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
from assistant.ingest import pipeline  # noqa: E402
from assistant.ingest.duplicates import DuplicateFinder, signature  # noqa: E402
from assistant.ingest.loaders import load_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news"


def no_check(keep, fresh, report):
    """The ingest as it was before the check: every article indexed, no signature stored."""
    return fresh, {}, False


def ingest(folder: Path, embedder: Embedder, work: Path, check: bool) -> tuple[float, pipeline.IngestReport]:
    original = pipeline.fold_duplicates
    pipeline.fold_duplicates = original if check else no_check
    try:
        store = IndexStore(work / f"index-{time.monotonic_ns()}")
        start = time.perf_counter()
        report, _ = pipeline.run_ingest([folder], store, embedder, 200, 25.0, show_progress=False)
        return time.perf_counter() - start, report
    finally:
        pipeline.fold_duplicates = original


def check_alone(folder: Path) -> tuple[float, int]:
    """Seconds for signatures + LSH over every article (loaded beforehand), and the copies found."""
    articles = [a for f in sorted(folder.glob("*")) if f.is_file() for a in load_file(f, f.read_bytes(), f.name, 10**8)]
    start = time.perf_counter()
    finder, copies = DuplicateFinder(), 0
    for article in articles:
        sig = signature(article.text)
        if finder.match(sig):
            copies += 1
        else:
            finder.add(article.doc_id, sig)
    return time.perf_counter() - start, copies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    embedder = Embedder()
    embedder.encode(["warm up"])
    best = {True: float("inf"), False: float("inf")}
    reports = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for check in (False, True):
                seconds, reports[check] = ingest(args.corpus, embedder, Path(tmp), check)
                best[check] = min(best[check], seconds)
    alone, copies = check_alone(args.corpus)
    with_check, without = reports[True], reports[False]
    print(f"corpus: {args.corpus} ({without.articles} articles)")
    print(f"ingest without the check: {best[False]:.1f} s, {without.passages} passages")
    print(f"ingest with the check:    {best[True]:.1f} s, {with_check.passages} passages")
    print(f"ratio with/without: {best[True] / best[False]:.3f}")
    print(f"the check alone (signatures + LSH, {without.articles} articles): {alone:.2f} s")
    print(f"near-duplicates stored once: {len(with_check.duplicates)} (check alone, file order: {copies})")
    for doc, kept, similarity in with_check.duplicates:
        print(f"  {doc} -> {kept} ({similarity:.2f})")


if __name__ == "__main__":
    main()
