"""Train the answer scorer (assistant/answering/scorer.json) on labelled question sets.

    python bench/train_scorer.py QUESTIONS.jsonl:INDEX_OR_CORPUS [...] [--write] [--holdout Q.jsonl:INDEX ...]

Each question is asked through the public seams (`Assistant.query`, `retrieve`)
over its own index (an index folder, or a corpus folder indexed once into
runs/train-cache/). Every candidate sentence of the retrieved passages becomes
one row: its features, and label 1 when it contains an accepted answer of an
answerable question. A logistic model is fitted on the rows; the refusal
threshold is the one that maximises question-level accuracy (answered right,
or refused when unanswerable). Figures printed: 5-fold cross-validation grouped
by question (threshold chosen inside each fold), the naive best-cosine baseline,
and, with --holdout, sets never used for fitting. --write saves the model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Config  # noqa: E402
from assistant.answering.features import NAMES  # noqa: E402
from assistant.answering.question import QuestionInfo  # noqa: E402
from assistant.answering.scorer import Scorer  # noqa: E402
from assistant.index.embedding import Embedder  # noqa: E402
from assistant.text import normalize_answer  # noqa: E402

CACHE = ROOT / "runs" / "train-cache"


def load(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def index_for(target: str, embedder: Embedder) -> Assistant:
    """An Assistant over an index folder, or over a corpus folder indexed once into the cache."""
    folder = Path(target)
    if (folder / "CURRENT").exists():
        return Assistant(Config.load(env={}, index_dir=folder), embedder=embedder)
    cached = CACHE / hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:10]
    assistant = Assistant(Config.load(env={}, index_dir=cached), embedder=embedder)
    if not (cached / "CURRENT").exists():
        assistant.ingest([folder], show_progress=True)
    return assistant


def rows_for(assistant: Assistant, questions: list[dict], tag: str) -> list[dict]:
    """One entry per question: candidate features, labels, and what the question expects."""
    extractive = getattr(assistant.generator, "fallback", assistant.generator)
    out = []
    for q in questions:
        history = [h["question"] if isinstance(h, dict) else h for h in q.get("history", [])]
        query = assistant.query(q["question"], history)
        sources = assistant.retrieve(query)
        info = QuestionInfo.parse(query.standalone, query.given)
        cands = extractive.candidates(info, sources, query.vector)
        answers = [a for a in (normalize_answer(x) for x in q.get("answers", [])) if a]
        # What the reader sees: the sentence with its added referent ("[Jen Psaki] She said ...").
        shown = [normalize_answer(extractive.referent(c) + c.text) for c in cands]
        y = [int(q["answerable"] and any(a in text for a in answers)) for text in shown]
        x = np.array([c.features for c in cands]) if cands else np.zeros((0, len(NAMES)))
        out.append({"id": f"{tag}:{q['id']}", "answerable": bool(q["answerable"]), "x": x, "y": np.array(y),
                    "kind": q.get("kind", "")})  # fmt: skip
    return out


def fit(rows: list[dict]) -> Scorer:
    x = np.concatenate([r["x"] for r in rows])
    y = np.concatenate([r["y"] for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0  # a feature constant in training gets weight 0, not a huge scale
    # C and the unweighted classes were chosen by the cross-validation below (C 0.1 to 1, balanced or not).
    model = LogisticRegression(C=0.1, max_iter=3000)
    model.fit((x - mean) / scale, y)
    scorer = Scorer(NAMES, mean, scale, model.coef_[0], float(model.intercept_[0]), 0.5)
    best = choose_threshold(rows, scorer)
    return Scorer(NAMES, mean, scale, model.coef_[0], float(model.intercept_[0]), best)


def decisions(rows: list[dict], scorer: Scorer) -> list[tuple[float, bool]]:
    """(best probability, best candidate is right) per question."""
    out = []
    for r in rows:
        if not len(r["x"]):
            out.append((0.0, False))
            continue
        p = scorer.probabilities(r["x"])
        i = int(np.argmax(p))
        out.append((float(p[i]), bool(r["y"][i])))
    return out


def choose_threshold(rows: list[dict], scorer: Scorer) -> float:
    made = decisions(rows, scorer)
    grid = np.linspace(0.05, 0.95, 91)
    scores = [sum(_right(r, d, t) for r, d in zip(rows, made, strict=True)) for t in grid]
    return float(grid[int(np.argmax(scores))])


def _right(row: dict, decision: tuple[float, bool], threshold: float) -> bool:
    p, correct = decision
    return correct and p >= threshold if row["answerable"] else p < threshold


def figures(rows: list[dict], made: list[tuple[float, bool]], threshold: float) -> dict:
    ans = [(r, d) for r, d in zip(rows, made, strict=True) if r["answerable"]]
    un = [(r, d) for r, d in zip(rows, made, strict=True) if not r["answerable"]]
    return {
        "questions": len(rows),
        "accuracy": _rate(sum(d[1] and d[0] >= threshold for _, d in ans), len(ans)),
        "false_refusal": _rate(sum(d[0] < threshold for _, d in ans), len(ans)),
        "refusal_recall": _rate(sum(d[0] < threshold for _, d in un), len(un)),
        "answer_in_candidates": _rate(sum(r["y"].any() for r, _ in ans), len(ans)),
        "overall": _rate(sum(_right(r, d, threshold) for r, d in zip(rows, made, strict=True)), len(rows)),
    }


def _rate(k: int, n: int) -> float | None:
    return round(k / n, 3) if n else None


def cross_validate(rows: list[dict], folds: int = 5) -> dict:
    made: list[tuple[float, bool] | None] = [None] * len(rows)
    thresholds = [0.0] * len(rows)
    for train, test in GroupKFold(n_splits=folds).split(rows, groups=[r["id"] for r in rows]):
        scorer = fit([rows[i] for i in train])
        for i, d in zip(test, decisions([rows[i] for i in test], scorer), strict=True):
            made[i], thresholds[i] = d, scorer.threshold
    ans = [(r, d, t) for r, d, t in zip(rows, made, thresholds, strict=True)]
    right = sum(_right(r, d, t) for r, d, t in ans)
    a = [(d, t) for r, d, t in ans if r["answerable"]]
    u = [(d, t) for r, d, t in ans if not r["answerable"]]
    return {
        "overall": _rate(right, len(rows)),
        "accuracy": _rate(sum(d[1] and d[0] >= t for d, t in a), len(a)),
        "false_refusal": _rate(sum(d[0] < t for d, t in a), len(a)),
        "refusal_recall": _rate(sum(d[0] < t for d, t in u), len(u)),
    }


def baseline(rows: list[dict]) -> dict:
    """The naive best-sentence answer: highest cosine, never refuse."""
    ans = [r for r in rows if r["answerable"]]
    right = sum(bool(len(r["x"])) and bool(r["y"][int(np.argmax(r["x"][:, 0]))]) for r in ans)
    return {"accuracy": _rate(right, len(ans))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", help="QUESTIONS.jsonl:INDEX_OR_CORPUS")
    parser.add_argument("--holdout", nargs="*", default=[], help="QUESTIONS.jsonl:INDEX_OR_CORPUS, never fitted on")
    parser.add_argument("--write", action="store_true", help="save the model into assistant/answering/scorer.json")
    args = parser.parse_args()
    embedder = Embedder()
    cache: dict[str, Assistant] = {}

    def collect(specs: list[str]) -> list[dict]:
        rows = []
        for spec in specs:
            questions, target = spec.split(":", 1)
            if target not in cache:
                cache[target] = index_for(target, embedder)
            rows += rows_for(cache[target], load(questions), Path(questions).stem)
            print(f"{spec}: {len(rows)} questions so far", file=sys.stderr)
        return rows

    rows = collect(args.sets)
    print(json.dumps({"train_rows": int(sum(len(r["x"]) for r in rows)), "questions": len(rows)}))
    print("baseline (best cosine, never refuse):", baseline(rows))
    print("5-fold cross-validation:", cross_validate(rows))
    scorer = fit(rows)
    print(
        "fitted on all, threshold", round(scorer.threshold, 3), figures(rows, decisions(rows, scorer), scorer.threshold)
    )
    for name, w in sorted(zip(NAMES, scorer.coef, strict=True), key=lambda p: -abs(p[1])):
        print(f"  {name:<20} {w:+.3f}")
    for spec in args.holdout:
        held = collect([spec])
        print(f"held out {spec}:", figures(held, decisions(held, scorer), scorer.threshold), "baseline", baseline(held))
    if args.write:
        path = ROOT / "assistant" / "answering" / "scorer.json"
        path.write_text(scorer.to_json() + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
