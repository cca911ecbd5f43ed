"""The int8 ONNX encoder against the torch default: retrieval hit@5 and encode speed, in one process.

    python bench/encoder.py [--sets seed,encyclopedic,bbc] [--limit N] [--keep DIR]

For each question set and each encoder (`torch`, `onnx-int8`) an index is built over the
set's corpus through `Assistant.ingest` (the same pipeline as `assistant ingest`), then every
question is made standalone and retrieved (`Assistant.query` + `Assistant.retrieve`, what
`ask` does before answering) and scored as `assistant eval` scores retrieval
(`assistant.evaluation.metrics`):
  - hit@5: an accepted answer occurs in one of the top-5 retrieved passages;
  - doc@5: a passage of the gold article is among the top 5 (sets that name it: `article`
    or `doc_ids`).
Questions with earlier turns are asked as the eval runner asks them (`runner.ask_one`: the
earlier turns answered first), so follow-ups are condensed from the same history.

Encode speed: the passages of the set's torch index, encoded by both encoders in this process
(after a warm-up batch), best of --repeats; the ratio is torch seconds / int8 seconds. The mean
cosine between the two encoders' vectors of the same passages is printed beside it.

Sets (corpus, questions); sets over the same corpus share one pair of indexes:
  seed           data/ + ../shared/eval/dev_questions.jsonl (8 questions)
  answerability  data/ + eval/answerability_questions.jsonl (44, the answerable ones scored)
  encyclopedic   eval/encyclopedic/articles + eval/encyclopedic/heldout.jsonl (380)
  bbc            data/ + ../shared/corpora/bbc-news (1,111 stories) + eval/bbc_heldout.jsonl (219)
  bbc-train      the same corpus + eval/bbc_train.jsonl (460)
The BBC corpus takes ~10-20 min per index on 2 cores (spaCy annotation dominates), so it is not
in the default; its encode timing is the one that counts (the seed corpus is a few dozen passages).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import Assistant, Config  # noqa: E402
from assistant.evaluation import metrics  # noqa: E402
from assistant.evaluation.runner import Question, ask_one, load_questions  # noqa: E402
from assistant.index.embedding import ONNX_INT8, TORCH  # noqa: E402
from assistant.index.onnx_encoder import default_cache  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA, ENCYCLOPEDIC, BBC = (
    (ROOT / "data",),
    (ROOT / "eval" / "encyclopedic" / "articles",),
    (ROOT / "data", SHARED / "corpora" / "bbc-news"),
)
SETS: dict[str, tuple[tuple[Path, ...], Path]] = {
    "seed": (DATA, SHARED / "eval" / "dev_questions.jsonl"),
    "answerability": (DATA, ROOT / "eval" / "answerability_questions.jsonl"),
    "encyclopedic": (ENCYCLOPEDIC, ROOT / "eval" / "encyclopedic" / "heldout.jsonl"),
    "bbc": (BBC, ROOT / "eval" / "bbc_heldout.jsonl"),
    "bbc-train": (BBC, ROOT / "eval" / "bbc_train.jsonl"),
}
CORPUS_NAMES = {DATA: "data", ENCYCLOPEDIC: "encyclopedic", BBC: "bbc"}
ENCODERS = (TORCH, ONNX_INT8)
K = 5


def gold_articles(path: Path) -> dict[str, set[str]]:
    """Question id -> file names of its gold article (`article`) or ids (`doc_ids`), where the set names them."""
    import json

    gold: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            names = ([row["article"]] if row.get("article") else []) + list(row.get("doc_ids") or [])
            if names:
                gold[str(row["id"])] = {str(n) for n in names}
    return gold


def retrieved(assistant: Assistant, question: Question) -> list[tuple[str, str, str]]:
    """(passage text, doc_id, file name) of the retrieved passages, best first."""
    if question.history:  # follow-ups: earlier turns answered first, exactly as the eval runner does
        answer = ask_one(assistant, question)
        files = {a["doc_id"]: Path(a["file"]).name for a in assistant.articles()}
        return [(p.text, p.doc_id, files.get(p.doc_id, "")) for p in answer.passages]
    query = assistant.query(question.question, filters=question.filters or None)
    return [(s.passage.text, s.article.doc_id, Path(s.article.path).name) for s in assistant.retrieve(query)]


def hit_rates(assistant: Assistant, questions: list[Question], gold: dict[str, set[str]]) -> dict[str, float | int]:
    answer_hits, doc_hits, with_doc = [], [], 0
    for question in questions:
        if not question.answerable:
            continue
        passages = retrieved(assistant, question)
        rank = metrics.first_hit_rank([text for text, _, _ in passages], question.answers)
        answer_hits.append(metrics.hit_at(rank, K))
        wanted = gold.get(question.id)
        if wanted:
            with_doc += 1
            ids = [doc_id if doc_id in wanted else name for _, doc_id, name in passages]
            doc_hits.append(metrics.hit_at(metrics.first_doc_rank(ids, sorted(wanted)), K))
    return {
        "n": len(answer_hits),
        "hit@5": float(np.mean(answer_hits)) if answer_hits else float("nan"),
        "n_doc": with_doc,
        "doc@5": float(np.mean(doc_hits)) if doc_hits else float("nan"),
    }


def time_encode(embedder, texts: list[str], repeats: int) -> tuple[float, np.ndarray]:
    embedder.encode(texts[:16])  # warm-up: first-call allocations are not throughput
    best, vectors = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        vectors = embedder.encode(texts)
        best = min(best, time.perf_counter() - start)
    return best, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="seed,encyclopedic", help=f"comma-separated, of {', '.join(SETS)}")
    parser.add_argument("--limit", type=int, help="first N questions of each set (a quick look)")
    parser.add_argument("--repeats", type=int, default=2, help="encode timings per encoder (best is kept)")
    parser.add_argument("--encoder-cache", type=Path, default=default_cache(), help="where the int8 export is kept")
    parser.add_argument("--keep", type=Path, help="build the indexes here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {unknown}; choose from {', '.join(SETS)}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-encoder-"))
    by_corpus: dict[tuple[Path, ...], list[str]] = {}
    for name in names:  # one pair of indexes per corpus, however many question sets ask over it
        by_corpus.setdefault(SETS[name][0], []).append(name)
    figures: dict[str, dict[str, dict]] = {name: {} for name in names}
    speed: dict[str, tuple[float, float, int]] = {}  # corpus -> (speed-up, cosine, passages)
    try:
        for corpus, set_names in by_corpus.items():
            label = CORPUS_NAMES[corpus]
            questions = {n: load_questions(SETS[n][1], args.limit) for n in set_names}
            gold = {n: gold_articles(SETS[n][1]) for n in set_names}
            encode_s, vectors = {}, {}
            texts: list[str] = []
            for encoder in ENCODERS:
                folder = work / f"{label}-{encoder}"
                (folder / "data").mkdir(parents=True, exist_ok=True)
                config = Config.load(
                    env={},
                    index_dir=folder / "index",
                    data_dir=folder / "data",  # an empty folder: nothing of the checkout is touched
                    encoder=encoder,
                    encoder_cache_dir=str(args.encoder_cache),
                )
                assistant = Assistant(config)
                t0 = time.perf_counter()
                report = assistant.ingest(list(corpus))
                built = time.perf_counter() - t0
                if not texts:  # the same passages for both encoders: the torch index's
                    texts = [p.text for p in assistant._ready()[0].passages]
                print(
                    f"{label} / {encoder}: {report.articles} articles, {report.passages} passages, index built in "
                    f"{built:.0f} s (load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
                for name in set_names:
                    figures[name][encoder] = hit_rates(assistant, questions[name], gold[name])
                    print(f"  {name} / {encoder}: hit@5 {figures[name][encoder]['hit@5']:.3f}", flush=True)
                encode_s[encoder], vectors[encoder] = time_encode(assistant.embedder, texts, args.repeats)
                print(
                    f"  encode {len(texts)} passages {encode_s[encoder]:.2f} s (load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
                del assistant
            cosine = float(np.mean(np.sum(vectors[TORCH] * vectors[ONNX_INT8], axis=1)))
            speed[label] = (encode_s[TORCH] / encode_s[ONNX_INT8], cosine, len(texts))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    rows = [(name, figures[name], *speed[CORPUS_NAMES[SETS[name][0]]]) for name in names]
    print()
    header = (
        f"{'set':<14}{'n':>5}{'hit@5 torch':>13}{'hit@5 int8':>12}{'diff pts':>10}"
        f"{'n doc':>7}{'doc@5 torch':>13}{'doc@5 int8':>12}{'diff pts':>10}"
        f"{'passages':>10}{'encode speed-up':>17}{'cosine':>8}"
    )
    print(header)
    for name, pair, speedup, cosine, passages in rows:
        t, q = pair[TORCH], pair[ONNX_INT8]
        doc = (
            f"{t['n_doc']:>7}{t['doc@5']:>13.3f}{q['doc@5']:>12.3f}{100 * (q['doc@5'] - t['doc@5']):>+10.1f}"
            if t["n_doc"]
            else f"{0:>7}{'-':>13}{'-':>12}{'-':>10}"
        )
        print(
            f"{name:<14}{t['n']:>5}{t['hit@5']:>13.3f}{q['hit@5']:>12.3f}{100 * (q['hit@5'] - t['hit@5']):>+10.1f}"
            f"{doc}{passages:>10}{speedup:>16.2f}x{cosine:>8.3f}"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
