"""evaluation/results.py: typed run records that write the same JSON lines the run files always had."""

from __future__ import annotations

import json

import pytest

from assistant.errors import RunFolderError
from assistant.evaluation.compare import load_run
from assistant.evaluation.results import Result, Scores, Summary
from assistant.evaluation.runner import Question, score
from assistant.models import Citation

# One results.jsonl line as written before the records were typed: keys and order are the contract.
LINE = {
    "id": "q1",
    "question": "Who leads the council?",
    "standalone_question": "Who leads the council?",
    "follow_up_mode": "none",
    "answer": "Ada Brook leads the council. [1]",
    "refused": False,
    "generator": "extractive",
    "citations": [
        Citation(
            n=1,
            doc_id="d1",
            title="Council",
            source="Town Post",
            quote="Ada Brook leads the council.",
            passage="Ada Brook leads the council. It meets weekly.",
            start=0,
            end=28,
            score=1.0,
        ).model_dump()  # every field of the current Citation, defaults included
    ],
    "passages": [
        {
            "rank": 1,
            "doc_id": "d1",
            "title": "Council",
            "text": "Ada Brook leads the council. It meets weekly.",
            "score": 0.5,
        }
    ],
    "timings_ms": {"retrieve": 1.5, "generate": 2.0, "total": 4.25},
    "history": ["What is the council?"],
    "history_answers": [{"question": "What is the council?", "answer": "A body. [1]", "refused": False}],
    "expected": {"answers": ["Ada Brook"], "answerable": True, "doc_ids": []},
    "metrics": {
        "type": "who",
        "refused": False,
        "answer_words": 5,
        "citation_precision": 1.0,
        "citation_recall": 1.0,
        "hit_rank": 1,
        "hit@1": 1.0,
        "hit@3": 1.0,
        "hit@5": 1.0,
        "rr@5": 1.0,
        "accurate": True,
        "f1": 0.5714,
        "em": 0.0,
        "correct": True,
    },
}

SUMMARY = {
    "run": {
        "name": "dev",
        "questions_file": "q.jsonl",
        "questions": 1,
        "completed": 1,
        "interrupted": False,
        "started_at": "2025-01-01T00:00:00+00:00",
        "seconds": 0.5,
    },
    "config": {"top_k": 5, "generator": "extractive"},
    "versions": {"python": "3.11.2", "faiss-cpu": None},
    "support_check": "lexical",
    "figures": {"retrieval": {"n": 1, "hit@1": 1.0}, "retrieval_by_document": None},
    "by_type": {"who": {"n": 1, "correct": 1, "rate": 1.0}},
}


def dumped(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False)


def test_a_result_line_round_trips_byte_for_byte():
    assert dumped(Result.model_validate_json(dumped(LINE)).row()) == dumped(LINE)


def test_summary_round_trips_byte_for_byte():
    text = json.dumps(SUMMARY, indent=2, ensure_ascii=False)
    assert json.dumps(Summary.model_validate_json(text).row(), indent=2, ensure_ascii=False) == text


def test_metrics_that_do_not_apply_are_absent_not_null():
    unanswerable = Question("u1", "What is the population?", [], answerable=False)
    scores = score(unanswerable, {"answer": "", "refused": True, "citations": [], "passages": []})
    assert scores.row() == {
        "type": "unanswerable",
        "refused": True,
        "answer_words": None,
        "citation_precision": None,
        "citation_recall": None,
        "correct": True,
    }
    assert scores.get("hit@1") is None and scores.get("correct") is True and scores.get("no-such") is None


def test_metrics_are_read_by_their_json_names():
    scores = Scores.model_validate(LINE["metrics"])
    assert scores.get("hit@1") == 1.0 and scores.hit_at_1 == 1.0 and scores.get("rr@5") == 1.0
    assert scores.get("doc_hit@1") is None  # the set named no documents


def test_load_run_reads_typed_records(tmp_path):
    (tmp_path / "summary.json").write_text(json.dumps(SUMMARY), encoding="utf-8")
    (tmp_path / "results.jsonl").write_text(dumped(LINE) + "\n\n", encoding="utf-8")
    summary, results = load_run(tmp_path)
    assert summary.run.name == "dev" and summary.by_type["who"].rate == 1.0
    assert [r.id for r in results] == ["q1"] and results[0].metrics.correct
    assert results[0].citations[0].quote == "Ada Brook leads the council."


def test_a_damaged_run_names_the_file_and_line(tmp_path):
    (tmp_path / "summary.json").write_text(json.dumps(SUMMARY), encoding="utf-8")
    broken = {k: v for k, v in LINE.items() if k != "metrics"}
    (tmp_path / "results.jsonl").write_text(dumped(LINE) + "\n" + dumped(broken) + "\n", encoding="utf-8")
    with pytest.raises(RunFolderError, match=r"results.jsonl:2: .*metrics"):
        load_run(tmp_path)
    (tmp_path / "summary.json").write_text("{", encoding="utf-8")
    with pytest.raises(RunFolderError, match="summary.json"):
        load_run(tmp_path)
    (tmp_path / "summary.json").unlink()
    with pytest.raises(RunFolderError, match="summary.json is missing"):
        load_run(tmp_path)
