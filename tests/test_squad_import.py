"""SQuAD import on a tiny SQuAD 2.0-format fixture made here, then a real eval over the imported corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.errors import SquadFormatError
from assistant.evaluation.command import evaluate
from assistant.evaluation.runner import load_questions
from assistant.evaluation.squad import import_squad

LIGHTHOUSE = (
    "The Skerry lighthouse was built in 1858 by the engineer Alan Stevenson. Its beam can be seen 23 miles out to sea."
)
FERRY = (
    "A ferry to Port Ellen leaves twice a day from Kennacraig. "
    "The crossing takes two hours and the ferry carries 600 passengers."
)


def _qa(qid: str, question: str, context: str, answer: str | None) -> dict:
    if answer is None:
        return {
            "id": qid,
            "question": question,
            "answers": [],
            "is_impossible": True,
            "plausible_answers": [{"text": "1858", "answer_start": context.index("1858")}],
        }
    start = context.index(answer)
    return {
        "id": qid,
        "question": question,
        "is_impossible": False,
        "answers": [{"text": answer, "answer_start": start}, {"text": answer, "answer_start": start}],
    }


def squad_fixture() -> dict:
    return {
        "version": "v2.0",
        "data": [
            {
                "title": "Skerry_Lighthouse",
                "paragraphs": [
                    {
                        "context": LIGHTHOUSE,
                        "qas": [
                            _qa("q1", "Who built the Skerry lighthouse?", LIGHTHOUSE, "Alan Stevenson"),
                            _qa("q2", "How far out to sea can the beam be seen?", LIGHTHOUSE, "23 miles"),
                            _qa("q3", "When was the Skerry lighthouse demolished?", LIGHTHOUSE, None),
                        ],
                    }
                ],
            },
            {
                "title": "Islay ferry",
                "paragraphs": [
                    {
                        "context": FERRY,
                        "qas": [
                            _qa("q4", "Where does the ferry to Port Ellen leave from?", FERRY, "Kennacraig"),
                            _qa("q5", "How many passengers does the ferry carry?", FERRY, "600"),
                        ],
                    }
                ],
            },
        ],
    }


@pytest.fixture
def squad_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(squad_fixture()), encoding="utf-8")
    return path


def test_import_writes_articles_and_contract_questions(squad_file: Path, tmp_path: Path) -> None:
    summary = import_squad(squad_file, tmp_path / "corpus", tmp_path / "questions.jsonl")
    assert (summary.articles, summary.paragraphs, summary.questions, summary.unanswerable) == (2, 2, 5, 1)
    files = sorted(p.name for p in (tmp_path / "corpus").iterdir())
    assert files == ["0000_Skerry_Lighthouse.txt", "0001_Islay_ferry.txt"]
    text = (tmp_path / "corpus" / files[0]).read_text(encoding="utf-8")
    assert text.startswith("Title: Skerry Lighthouse\n") and LIGHTHOUSE in text
    questions = {q.id: q for q in load_questions(tmp_path / "questions.jsonl")}
    assert questions["q1"].answers == ["Alan Stevenson"]  # duplicate answer texts collapse
    assert questions["q1"].doc_ids == [files[0]] and questions["q4"].doc_ids == [files[1]]
    assert questions["q3"].answerable is False and questions["q3"].answers == []


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("data"), r"data: expected list"),
        (lambda d: d["data"][1]["paragraphs"][0].pop("context"), r"data\[1\]\.paragraphs\[0\]\.context"),
        (
            lambda d: d["data"][0]["paragraphs"][0]["qas"][0]["answers"][0].update(answer_start=3),
            r"qas\[0\]\.answers\[0\]: answer_start 3 does not point at 'Alan Stevenson'",
        ),
        (
            lambda d: d["data"][0]["paragraphs"][0]["qas"][1].update(answers=[]),
            r"qas\[1\]: answerable question",
        ),
    ],
)
def test_malformed_squad_is_reported_by_json_path_and_writes_nothing(tmp_path: Path, mutate, message) -> None:
    data = squad_fixture()
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SquadFormatError, match=message):
        import_squad(path, tmp_path / "corpus", tmp_path / "q.jsonl")
    assert not (tmp_path / "corpus").exists() and not (tmp_path / "q.jsonl").exists()


@pytest.mark.slow
def test_imported_set_evaluates_with_document_hits(squad_file: Path, tmp_path: Path, make_assistant, capsys) -> None:
    corpus, questions = tmp_path / "corpus", tmp_path / "questions.jsonl"
    assert (
        main(
            [
                "eval",
                "--import-squad",
                str(squad_file),
                "--corpus-out",
                str(corpus),
                "--questions-out",
                str(questions),
            ]
        )
        == 0
    )
    assert "5 questions (1 unanswerable)" in capsys.readouterr().out
    assistant = make_assistant()
    assistant.ingest([corpus])
    summary = evaluate(assistant, assistant.config, questions, tmp_path / "run", show_progress=False)
    by_doc = summary["figures"]["retrieval_by_document"]
    assert by_doc is not None and by_doc["n"] == 4
    assert 0.0 <= by_doc["doc_hit@1"] <= by_doc["doc_hit@5"] <= 1.0
    assert summary["figures"]["refusal"]["n_unanswerable"] == 1
    assert "unanswerable" in summary["by_type"]
