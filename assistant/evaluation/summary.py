"""Aggregate per-question results into the run's figures (the body of summary.json).

Rates are means over the questions a figure applies to, and each section says
how many that was: retrieval and answer figures over answerable questions,
citation figures over answered (not refused) ones, refusal figures over each
side of the answerable split.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.evaluation.metrics import SUPPORT_CHECK, mean, percentile
from assistant.evaluation.results import Result, TypeScore

DEFINITIONS = {
    "hit@k": "share of answerable questions with an accepted answer (normalised: case, punctuation, quotes, "
    "whitespace) inside one of the top k retrieved passages; not reported for k above the run's top_k",
    "mrr@5": "mean of 1/rank of the first retrieved passage containing an accepted answer (0 if not in the top 5)",
    "doc_hit@k / doc_mrr@5": "the same, where a hit is a passage from a document the question set names",
    "accuracy": "answer.accuracy: share of ANSWERABLE questions whose answer (not refused) contains an accepted "
    "answer; unanswerable questions do not count",
    "correct": "correct.rate: share of ALL questions handled right: an accepted answer for an answerable question, "
    "a refusal for an unanswerable one (what the per-type table shows); equals accuracy only when every question "
    "is answerable",
    "f1": "token-overlap F1 between the answer text and the best accepted answer (SQuAD definition)",
    "em": "share of answerable questions whose whole answer equals an accepted answer after normalisation",
    "answer_words": "answer length in words, markers excluded (median, p90): containment rewards long answers",
    "citation_precision": "share of citations whose quote is a verbatim substring of the cited passage "
    "and whose "
    "passage supports the sentence citing it (mean over answered questions)",
    "citation_recall": "share of answer sentences carrying at least one supporting, verbatim citation "
    "(mean over answered questions)",
    "refusal_recall": "share of unanswerable questions the assistant refused",
    "false_refusal_rate": "share of answerable questions the assistant refused",
    "latency": "per-stage wall time of the scored question (retrieve, generate, total), p50 and p95",
    "questions_per_second": "questions finished divided by the wall time of the run (history turns included)",
    "support_check": SUPPORT_CHECK,
}


def _values(results: list[Result], key: str, answerable: bool | None = None) -> list[float]:
    out = []
    for r in results:
        if answerable is not None and r.expected.answerable != answerable:
            continue
        value = r.metrics.get(key)
        if value is not None:
            out.append(float(value))
    return out


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def figures(results: list[Result], wall_seconds: float, top_k: int | None = None) -> dict:
    """Every headline figure, grouped by what it measures.

    hit@k for a k above `top_k` is left out: with one passage retrieved, "hit@5" is
    hit@1 under another name and reads as if five had been looked at.
    """
    ks = [k for k in (1, 3, 5) if top_k is None or k <= top_k]
    answerable = [r for r in results if r.expected.answerable]
    unanswerable = [r for r in results if not r.expected.answerable]
    with_docs = [r for r in answerable if r.expected.doc_ids]
    words = _values(results, "answer_words")
    out = {
        "retrieval": {
            "n": len(answerable),
            **{f"hit@{k}": _round(mean(_values(results, f"hit@{k}", True))) for k in ks},
            "mrr@5": _round(mean(_values(results, "rr@5", True))),
        },
        "retrieval_by_document": None,
        "answer": {
            "n": len(answerable),
            "accuracy": _round(mean(_values(results, "accurate", True))),
            "f1": _round(mean(_values(results, "f1", True))),
            "em": _round(mean(_values(results, "em", True))),
            "answer_words_median": _round(percentile(words, 50), 1),
            "answer_words_p90": _round(percentile(words, 90), 1),
        },
        "citations": {
            "n": len(_values(results, "citation_recall")),
            "precision": _round(mean(_values(results, "citation_precision"))),
            "recall": _round(mean(_values(results, "citation_recall"))),
        },
        "refusal": {
            "n_unanswerable": len(unanswerable),
            "n_answerable": len(answerable),
            "refusal_recall": _round(mean([float(r.metrics.refused) for r in unanswerable])),
            "false_refusal_rate": _round(mean([float(r.metrics.refused) for r in answerable])),
        },
        "latency_ms": {
            stage: {
                "p50": _round(percentile(_stage(results, stage), 50), 1),
                "p95": _round(percentile(_stage(results, stage), 95), 1),
            }
            for stage in ("retrieve", "generate", "total")
        },
        "throughput": {
            "questions": len(results),
            "wall_seconds": round(wall_seconds, 3),
            "questions_per_second": _round(len(results) / wall_seconds if wall_seconds > 0 else None, 3),
        },
        "correct": {
            "n": len(results),
            "rate": _round(mean([float(r.metrics.correct) for r in results])),
        },
    }
    if with_docs:
        out["retrieval_by_document"] = {
            "n": len(with_docs),
            **{f"doc_hit@{k}": _round(mean(_values(with_docs, f"doc_hit@{k}"))) for k in ks},
            "doc_mrr@5": _round(mean(_values(with_docs, "doc_rr@5"))),
        }
    return out


def _stage(results: list[Result], stage: str) -> list[float]:
    return [float(r.timings_ms[stage]) for r in results if stage in r.timings_ms]


def by_type(results: list[Result]) -> dict[str, TypeScore]:
    """Share correct per question type (refusing counts as correct for unanswerable questions)."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        groups[r.metrics.type].append(r.metrics.correct)
    return {
        t: TypeScore(n=len(v), correct=sum(v), rate=round(sum(v) / len(v), 4))
        for t, v in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    }


def flat(figs: dict) -> dict[str, float | None]:
    """'section.name' -> value for every numeric figure (what --compare lines up)."""
    out: dict[str, float | None] = {}
    for section, values in figs.items():
        if not isinstance(values, dict):
            continue
        for name, value in values.items():
            if isinstance(value, dict):
                for sub, v in value.items():
                    out[f"{section}.{name}.{sub}"] = v
            elif name != "n" and not name.startswith("n_"):
                out[f"{section}.{name}"] = value
    return out


def measured(key: str, top_k: int | None) -> bool:
    """Whether a flat figure name means something for a run with this top_k (hit@5 does not at top_k 1)."""
    name = key.rsplit(".", 1)[-1]
    if top_k is None or not (name.startswith("hit@") or name.startswith("doc_hit@")):
        return True
    return int(name.rsplit("@", 1)[1]) <= top_k


# What the two easily confused figures count, shown beside their names wherever figures are listed.
MEANING = {
    "answer.accuracy": "answerable questions only",
    "correct.rate": "all questions; refusing an unanswerable one counts as right",
}


def label(key: str) -> str:
    """A flat figure name with what it counts, when the name alone is ambiguous."""
    return f"{key} ({MEANING[key]})" if key in MEANING else key


# Figures where a rise is bad: compare colours their deltas the other way.
LOWER_IS_BETTER = ("false_refusal_rate", "latency_ms.", "answer_words", "wall_seconds")


def lower_is_better(key: str) -> bool:
    return any(part in key for part in LOWER_IS_BETTER)
