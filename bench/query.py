"""Question latency: retrieval and answer p50/p95, against a raw query encode in the same run.

    python bench/query.py [--articles 300] [--rounds 3] [--index DIR]

Indexes the seed articles plus a synthetic news corpus (bench/corpus.py) so
retrieval searches a realistic number of passages (or uses an existing index,
e.g. the 1,111 BBC stories, with --index), then asks the dev and answerability
question sets. "generate" is the answer stage (scoring every sentence of the
retrieved passages). The reference is one `SentenceTransformer.encode`
of the question alone: the least any dense-retrieval answer can cost.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import Assistant, Config  # noqa: E402
from bench.corpus import ROOT, write_corpus  # noqa: E402

QUESTION_SETS = [
    ROOT.parent / "shared" / "eval" / "dev_questions.jsonl",
    ROOT / "eval" / "answerability_questions.jsonl",
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--index", type=Path, help="an existing index folder instead of a synthetic corpus")
    args = parser.parse_args()
    questions = [
        json.loads(line)
        for path in QUESTION_SETS
        if path.exists()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        if args.index:
            assistant = Assistant(Config.load(env={}, index_dir=args.index))
            info = assistant.index_info()
            summary = f"{info['articles']} articles, {info['passages']} passages"
        else:
            corpus = write_corpus(Path(tmp) / "corpus", args.articles)
            for seed in (ROOT / "data").glob("*.txt"):
                shutil.copy(seed, corpus / seed.name)
            assistant = Assistant(Config.load(env={}, index_dir=Path(tmp) / "index"))
            report = assistant.ingest([corpus])
            summary = f"{report.articles} articles, {report.passages} passages"
        timings: dict[str, list[float]] = {"retrieve": [], "generate": [], "total": []}
        reference: list[float] = []
        for _ in range(args.rounds):
            for q in questions:
                start = time.perf_counter()
                assistant.embedder.encode([q["question"]])
                reference.append((time.perf_counter() - start) * 1000)
                answer = assistant.ask(q["question"], history=q.get("history", []))
                for key in timings:
                    timings[key].append(answer.timings_ms[key])
    print(f"index: {summary}; {len(questions)} questions x {args.rounds} rounds")
    ref50 = statistics.median(reference)
    print(f"{'stage':<10}{'p50 ms':>10}{'p95 ms':>10}{'p50 / encode':>14}")
    print(f"{'encode':<10}{ref50:>10.1f}{pct(reference, 0.95):>10.1f}{1.0:>14.2f}")
    for key, values in timings.items():
        p50 = statistics.median(values)
        print(f"{key:<10}{p50:>10.1f}{pct(values, 0.95):>10.1f}{p50 / ref50:>14.2f}")


if __name__ == "__main__":
    main()
