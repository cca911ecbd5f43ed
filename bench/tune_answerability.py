"""Fit the answerability classifier's weights on labelled question sets and report its errors.

    python bench/tune_answerability.py QUESTIONS.jsonl[:CORPUS_DIR] [...] [--data data/] [--holdout dev.jsonl]

Each question set is asked over its own corpus (default --data), so sets from
different domains can be pooled.

Each question's candidate sentences are scored with the logistic model of
assistant/answerability.py; a question is refused when no candidate reaches
0.5. A coordinate search over the weights maximises refusal recall plus
(1 - false-refusal rate); the script prints the weights to paste into
assistant/answerability.py and the figures of the current and the searched
weights on the training sets, in 5-fold cross-validation and on an optional
held-out set.
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
from assistant.answering.answerability import BIAS, MISMATCH_FACTOR, WEIGHTS, QuestionInfo  # noqa: E402
from assistant.text import normalize_answer  # noqa: E402


def load(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def examples(assistant: Assistant, questions: list[dict]) -> list[tuple[dict, np.ndarray, np.ndarray, np.ndarray]]:
    """(question, feature matrix of its candidates, labels, type-gate multipliers) per question."""
    generator = assistant.generator
    extractive = getattr(generator, "fallback", generator)
    rows = []
    for q in questions:
        query = assistant.query(q["question"], q.get("history", []))
        sources = assistant.retrieve(query)
        info = QuestionInfo.parse(query.standalone, query.given)
        cands = extractive.candidates(info, sources, query.vector)
        answers = [normalize_answer(a) for a in q.get("answers", [])]
        x = np.array([c.features.vector() for c in cands]) if cands else np.zeros((0, len(WEIGHTS)))
        # the type gate of answer_probability, as a multiplier per candidate
        typed = info.answer_type != "any"
        gate = np.array([MISMATCH_FACTOR if typed and not c.features.type_match else 1.0 for c in cands])
        y = np.array(
            [
                1.0 if q["answerable"] and any(a and a in normalize_answer(c.text) for a in answers) else 0.0
                for c in cands
            ]
        )
        rows.append((q, x, y, gate))
    return rows


def balanced(rows, w: np.ndarray, b: float) -> float:
    r = rates(rows, w, b)
    return r["refusal_recall"] + (1 - r["false_refusal_rate"])


def fit(rows, start: tuple[np.ndarray, float], rounds: int = 6) -> tuple[np.ndarray, float]:
    """Coordinate search on the question-level goal: refusal recall + (1 - false-refusal rate).

    A sentence-level logistic fit optimises the wrong thing (most sentences of an
    answerable question are not answers); the decision that matters is per question.
    """
    params = np.append(np.array(start[0], dtype=float), start[1])
    best = balanced(rows, params[:-1], params[-1])
    for _ in range(rounds):
        improved = False
        for i in range(len(params)):
            for step in (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0):
                trial = params.copy()
                trial[i] += step
                score = balanced(rows, trial[:-1], trial[-1])
                if score > best + 1e-9:
                    best, params, improved = score, trial, True
        if not improved:
            break
    return params[:-1], float(params[-1])


def rates(rows, w: np.ndarray, b: float, threshold: float = 0.5) -> dict:
    refused_unans = answered_ans = false_refusals = n_unans = n_ans = 0
    for q, x, _, gate in rows:
        best = float((gate / (1 + np.exp(-(x @ w + b)))).max()) if len(x) else 0.0
        refused = best < threshold
        if q["answerable"]:
            n_ans += 1
            false_refusals += refused
        else:
            n_unans += 1
            refused_unans += refused
    answered_ans = n_ans - false_refusals
    return {
        "refusal_recall": refused_unans / max(n_unans, 1),
        "false_refusal_rate": false_refusals / max(n_ans, 1),
        "answerable": n_ans,
        "unanswerable": n_unans,
        "answered": answered_ans,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="+", help="QUESTIONS.jsonl or QUESTIONS.jsonl:CORPUS_DIR")
    parser.add_argument("--data", default="data")
    parser.add_argument("--holdout", help="question set over --data, only reported")
    args = parser.parse_args()
    rows, held = [], []
    embedder = None
    for spec in args.questions + ([f"{args.holdout}:{args.data}:holdout"] if args.holdout else []):
        questions_path, _, rest = spec.partition(":")
        corpus, _, flag = rest.partition(":")
        corpus = corpus or args.data
        with tempfile.TemporaryDirectory() as tmp:
            assistant = Assistant(Config.load(env={}, index_dir=Path(tmp) / "index"), embedder=embedder)
            embedder = assistant.embedder
            assistant.ingest([corpus])
            (held if flag == "holdout" else rows).extend(examples(assistant, load(questions_path)))
    current = np.array(WEIGHTS, dtype=float), BIAS
    w, b = fit(rows, current)
    # 5-fold cross-validation: how the search does on questions it did not see
    folds = [rows[i::5] for i in range(5)]
    cv = {"unans": 0.0, "refused": 0.0, "ans": 0.0, "false": 0.0}
    for k in range(5):
        train = [r for j, f in enumerate(folds) if j != k for r in f]
        wk, bk = fit(train, current)
        r = rates(folds[k], wk, bk)
        cv["unans"] += r["unanswerable"]
        cv["refused"] += r["refusal_recall"] * r["unanswerable"]
        cv["ans"] += r["answerable"]
        cv["false"] += r["false_refusal_rate"] * r["answerable"]
    n_ans = sum(q["answerable"] for q, *_ in rows)
    print(f"questions: {len(rows)} ({n_ans} answerable, {len(rows) - n_ans} unanswerable)")
    print("current weights, training set:", rates(rows, *current))
    print("fitted weights, training set: ", rates(rows, w, b))
    print(
        f"fitted, 5-fold cross-validation: refusal_recall={cv['refused'] / max(cv['unans'], 1):.3f} "
        f"false_refusal_rate={cv['false'] / max(cv['ans'], 1):.3f}"
    )
    # Baseline: refuse when the best sentence's cosine is under a threshold set so that
    # every held-out (else training) answerable question is still answered.
    cosines = [(q, float(x[:, 3].max()) if len(x) else 0.0) for q, x, *_ in rows]
    reference = held or rows
    threshold = min(float(x[:, 3].max()) for q, x, *_ in reference if q["answerable"] and len(x))
    unans = [c for q, c in cosines if not q["answerable"]]
    ans = [c for q, c in cosines if q["answerable"]]
    recall = sum(c < threshold for c in unans) / len(unans)
    false_rate = sum(c < threshold for c in ans) / len(ans)
    print(
        f"cosine-threshold baseline ({threshold:.3f}): refusal_recall={recall:.3f} false_refusal_rate={false_rate:.3f}"
    )
    if held:
        print("current weights, holdout:     ", rates(held, *current))
        print("fitted weights, holdout:      ", rates(held, w, b))
    print(f"WEIGHTS = {[round(float(v), 2) for v in w]}\nBIAS = {round(float(b), 2)}")


if __name__ == "__main__":
    main()
