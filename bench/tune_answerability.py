"""Fit the answerability classifier's weights on labelled question sets and report its errors.

    python bench/tune_answerability.py QUESTIONS.jsonl [...] --data data/ [--holdout dev.jsonl]

Each question's retrieved candidate sentences become examples: sentences that
contain an accepted answer are positives, the top candidates of unanswerable
questions are negatives. A logistic regression (numpy, L2) is fitted; the
script prints the weights to paste into assistant/answerability.py, and the
question-level refusal recall and false-refusal rate of the current and the
fitted weights (leave-one-question-out, and on an optional held-out set).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant import Assistant, Config  # noqa: E402
from assistant.answerability import BIAS, WEIGHTS  # noqa: E402
from assistant.citations import Source  # noqa: E402
from assistant.text import normalize_answer  # noqa: E402


def load(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def examples(assistant: Assistant, questions: list[dict]) -> list[tuple[dict, np.ndarray, np.ndarray]]:
    """(question, feature matrix of its candidates, labels) per question."""
    snapshot, retriever, generator = assistant._ready()
    extractive = getattr(generator, "extractive", generator)
    rows = []
    for q in questions:
        standalone = assistant._condense(q["question"], q.get("history", []))
        vector = assistant.embedder.encode([standalone])[0]
        hits = retriever.retrieve(standalone, assistant.config.top_k, vector)
        sources = [Source(i, snapshot.passages[h.passage_id],
                          snapshot.articles[snapshot.passages[h.passage_id].doc_id].article, h.score)
                   for i, h in enumerate(hits, 1)]
        cands = extractive.candidates(standalone, sources, vector)
        answers = [normalize_answer(a) for a in q.get("answers", [])]
        x = np.array([c.features.vector() for c in cands]) if cands else np.zeros((0, len(WEIGHTS)))
        y = np.array([1.0 if q["answerable"] and any(a and a in normalize_answer(c.text) for a in answers) else 0.0
                      for c in cands])
        rows.append((q, x, y))
    return rows


def fit(rows, l2: float = 0.05, steps: int = 4000, lr: float = 0.5) -> tuple[np.ndarray, float]:
    xs, ys = [], []
    for q, x, y in rows:
        if q["answerable"]:
            keep = y == 1  # unlabelled non-answer sentences of answerable questions are ambiguous
        else:
            keep = np.arange(len(y)) < 3
        xs.append(x[keep])
        ys.append(y[keep])
    x, y = np.concatenate(xs), np.concatenate(ys)
    w, b = np.zeros(x.shape[1]), 0.0
    pos_weight = (len(y) - y.sum()) / max(y.sum(), 1)
    sample = np.where(y == 1, pos_weight, 1.0)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        grad = sample * (p - y)
        w -= lr * (x.T @ grad / len(y) + l2 * w)
        b -= lr * grad.mean()
    return w, b


def rates(rows, w: np.ndarray, b: float, threshold: float = 0.5) -> dict:
    refused_unans = answered_ans = false_refusals = n_unans = n_ans = 0
    for q, x, _ in rows:
        best = float((1 / (1 + np.exp(-(x @ w + b)))).max()) if len(x) else 0.0
        refused = best < threshold
        if q["answerable"]:
            n_ans += 1
            false_refusals += refused
        else:
            n_unans += 1
            refused_unans += refused
    answered_ans = n_ans - false_refusals
    return {"refusal_recall": refused_unans / max(n_unans, 1), "false_refusal_rate": false_refusals / max(n_ans, 1),
            "answerable": n_ans, "unanswerable": n_unans, "answered": answered_ans}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="+")
    parser.add_argument("--data", default="data")
    parser.add_argument("--holdout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Config.load(env={}, index_dir=Path(tmp) / "index"))
        assistant.ingest([args.data])
        rows = examples(assistant, [q for path in args.questions for q in load(path)])
        held = examples(assistant, load(args.holdout)) if args.holdout else []
    current = np.array(WEIGHTS), BIAS
    w, b = fit(rows)
    loo = {"refused_unans": 0, "false": 0}
    for i in range(len(rows)):
        wi, bi = fit(rows[:i] + rows[i + 1:], steps=1500)
        r = rates([rows[i]], wi, bi)
        if rows[i][0]["answerable"]:
            loo["false"] += r["false_refusal_rate"]
        else:
            loo["refused_unans"] += r["refusal_recall"]
    n_ans = sum(q["answerable"] for q, _, _ in rows)
    print(f"questions: {len(rows)} ({n_ans} answerable, {len(rows) - n_ans} unanswerable)")
    print("current weights, training set:", rates(rows, *current))
    print("fitted weights, training set: ", rates(rows, w, b))
    print(f"fitted, leave-one-question-out: refusal_recall={loo['refused_unans'] / max(len(rows) - n_ans, 1):.3f} "
          f"false_refusal_rate={loo['false'] / max(n_ans, 1):.3f}")
    if held:
        print("current weights, holdout:     ", rates(held, *current))
        print("fitted weights, holdout:      ", rates(held, w, b))
    print(f"WEIGHTS = {[round(float(v), 2) for v in w]}\nBIAS = {round(float(b), 2)}")


if __name__ == "__main__":
    main()
